"""Shared fixtures: a small, permissive athlete and a fast solve helper."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from models.profile import AthleteProfile, parse_profile
from models.settings import SolverSettings

WIDE = {d: ["06:00-09:00", "16:00-21:00"] for d in ("mon", "tue", "wed", "thu", "fri")}
WIDE |= {"sat": ["07:00-13:00"], "sun": ["07:00-13:00"]}

BASE: dict[str, Any] = {
    "id": "t",
    "goal": "general",
    "start_date": "2027-01-04",  # a Monday
    "weeks": 4,
    "availability": WIDE,
}

FAST = SolverSettings(time_limit_s=20, slot_minutes=30, workers=1, seed=0)


def make_profile(**overrides: Any) -> AthleteProfile:
    data = copy.deepcopy(BASE)
    data.update(overrides)
    return parse_profile(data)


@pytest.fixture
def profile_factory():
    return make_profile
