"""H12 muscle recovery (solver/model/rules/recovery.py, verify.check_muscle_recovery)."""

import pytest

from tests.helpers import build, fix, status, tiny

ALL_WEEK = {d: ["06:00-21:00"] for d in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")}


def _lifts(sessions: dict[str, int], pinned: list[tuple[int, str]], weeks: int = 1) -> str:
    b = build(tiny(sessions, None, weeks=weeks, availability=ALL_WEEK))
    for day, t in pinned:
        fix(b, day, t)
    return status(b)


def test_muscle_recovery_feasible_other_group_next_day():
    """Lower body Monday, upper body Tuesday: different muscles, feasible."""
    assert _lifts({"lift_lower": 1, "lift_upper": 1}, [(0, "lift_lower"), (1, "lift_upper")]) == (
        "OPTIMAL"
    )


@pytest.mark.parametrize(
    ("first", "second"),
    [("lift_full", "lift_lower"), ("lift_full", "lift_upper"), ("lift_lower", "lift_full")],
)
def test_muscle_recovery_same_group_next_day_infeasible(first, second):
    """A lift that trains a group the day after another that trains it: infeasible."""
    sessions = {first: 1, second: 1} if first != second else {first: 2}
    assert _lifts(sessions, [(0, first), (1, second)]) == "INFEASIBLE"


def test_muscle_recovery_across_week_boundary_infeasible():
    """Full body on Sunday of week 1 and on Monday of week 2: consecutive days, infeasible."""
    assert _lifts({"lift_full": 1}, [(6, "lift_full"), (7, "lift_full")], weeks=2) == ("INFEASIBLE")


def test_muscle_recovery_boundary_one_day_between():
    """Full body Monday and Wednesday (48 h apart): feasible."""
    assert _lifts({"lift_full": 2}, [(0, "lift_full"), (2, "lift_full")]) == "OPTIMAL"
