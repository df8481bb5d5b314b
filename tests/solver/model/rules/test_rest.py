"""H4 rest (solver/model/rules/rest.py, verify.check_rest)."""

from tests.helpers import build, fix, status, tiny

SIX = {"lift_full": 2, "lift_upper": 1, "run_easy": 3}


def test_rest_feasible():
    """Six one-a-day sessions leave the one required rest day: feasible."""
    assert status(build(tiny(SIX, (90, 180), max_sessions_per_day=1))) == "OPTIMAL"


def test_rest_violation_infeasible():
    """Six one-a-day sessions cannot leave two rest days: infeasible."""
    p = tiny(SIX, (90, 180), max_sessions_per_day=1, min_rest_days=2)
    assert status(build(p)) == "INFEASIBLE"


def test_rest_boundary_exactly_min_rest_days():
    """min_rest_days = 2 with five one-a-day sessions is exactly feasible."""
    p = tiny({"lift_full": 2, "run_easy": 3}, (90, 180), max_sessions_per_day=1, min_rest_days=2)
    assert status(build(p)) == "OPTIMAL"


def test_rest_consecutive_days_across_week_boundary_infeasible():
    """Training Sat, Sun, Mon, Tue is four in a row across weeks: infeasible at max 3."""
    p = tiny({"run_easy": 2}, (60, 120), weeks=2, max_consecutive_days=3)
    b = build(p)
    for day in (5, 6, 7, 8):
        fix(b, day, "run_easy")
    assert status(b) == "INFEASIBLE"


def test_rest_consecutive_boundary_three_in_a_row():
    """Training Sat, Sun, Mon is exactly three in a row: feasible at max 3."""
    b = build(tiny({"run_easy": 2}, (60, 120), weeks=2, max_consecutive_days=3))
    for day in (5, 6, 7):
        fix(b, day, "run_easy")
    assert status(b) == "OPTIMAL"
