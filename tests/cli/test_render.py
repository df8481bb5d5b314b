"""cli/render.py: the week table shows every session with start and duration, and its
compact layout fits an 80-column terminal."""

import pytest
from rich.console import Console

from cli.render import WIDE_MIN, week_table
from solver import solve
from tests.conftest import FAST, make_profile


@pytest.fixture(scope="module")
def plan():
    return solve(make_profile(), FAST)


def render(plan, width):
    con = Console(width=width, record=True, force_terminal=False)
    con.print(week_table(plan, width=width))
    return con.export_text()


def test_compact_table_fits_80_columns_with_lift_durations(plan):
    """Below WIDE_MIN columns every line fits 80 characters and lifts show their minutes."""
    text = render(plan, 80)
    assert max(len(line) for line in text.splitlines()) <= 80
    lift = next(s for s in plan.sessions if s.modality == "lift")
    code = {"lift_lower": "Lo", "lift_upper": "Up", "lift_full": "Fu"}[lift.type]
    assert f"{code}{lift.duration_min}" in text


def test_wide_table_shows_lift_durations(plan):
    """The wide layout shows each lift as 'HH:MM Type NN''."""
    text = render(plan, WIDE_MIN + 80)
    lift = next(s for s in plan.sessions if s.modality == "lift")
    assert f"{lift.start} " in text and f"{lift.duration_min}'" in text
    assert "block" in text
