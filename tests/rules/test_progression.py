"""H6 progression (targets: models/periodization.py; model: solver/rules/progression.py;
verifier: verify.check_progression)."""

import pytest

from models.periodization import DELOAD, build_requirements
from tests.conftest import make_profile
from tests.helpers import build, fix, status, tiny

GOALS = ["strength", "hypertrophy", "endurance", "general", "health"]


def _ref(weeks, i, v0):
    if i == 0:
        return v0
    j = i - 1
    while j >= 0 and weeks[j].role == DELOAD:
        j -= 1
    return v0 if j < 0 else weeks[j].midpoint


@pytest.mark.parametrize("goal", GOALS)
@pytest.mark.parametrize("v0", [90, 150, 300])
def test_progression_ramp_at_most_ten_percent(goal, v0):
    """Every generated week's target midpoint is <= 110% of its H6 reference week."""
    req = build_requirements(make_profile(goal=goal, weeks=16, run_minutes_per_week=v0), 15)
    for i, wk in enumerate(req.weeks):
        assert wk.midpoint <= 1.1 * _ref(req.weeks, i, v0) + 1e-9, wk


@pytest.mark.parametrize("goal", GOALS)
def test_progression_deload_at_most_seventy_percent(goal):
    """A deload target's max is <= 70% of the week before's min, lifting minutes too."""
    req = build_requirements(make_profile(goal=goal, weeks=12, run_minutes_per_week=200), 15)
    for prev, wk in zip(req.weeks, req.weeks[1:], strict=False):
        if wk.deload:
            assert wk.run_max <= 0.7 * prev.run_min
            lift_now = wk.lift_count * wk.lift_duration_min
            assert lift_now <= 0.7 * prev.lift_count * prev.lift_duration_min


def test_progression_boundary_week_one_against_profile_volume():
    """Week 1's midpoint stays within 110% of run_minutes_per_week, even for a low volume."""
    req = build_requirements(make_profile(goal="endurance", run_minutes_per_week=60), 15)
    assert req.weeks[0].midpoint <= 66


def test_progression_deload_actual_minutes_infeasible():
    """Fixing a deload week above 70% of the week before is infeasible in the model."""
    p = tiny({"run_easy": 2}, (60, 120), weeks=2)
    p.mesocycles[0].deload = True  # week 2 becomes a generated deload
    b = build(p)
    fix(b, 0, "run_easy", duration_min=30)
    fix(b, 2, "run_easy", duration_min=30)
    fix(b, 7, "run_easy", duration_min=45)  # 45 > 0.7 * 60
    assert status(b) == "INFEASIBLE"
