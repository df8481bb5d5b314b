"""H2 no overlap (solver/model/rules/overlap.py, verify.check_no_overlap)."""

from tests.helpers import build, fix, status, tiny


def test_no_overlap_feasible_lift_and_run_same_day():
    """One lift and one run may share a day when max_sessions_per_day is 2."""
    b = build(tiny({"lift_full": 1, "run_easy": 1}, (30, 60)))
    fix(b, 0, "lift_full", "06:00")
    fix(b, 0, "run_easy", "16:00")
    assert status(b) == "OPTIMAL"


def test_no_overlap_two_lifts_same_day_infeasible():
    """Two lifts on one day are infeasible."""
    b = build(tiny({"lift_full": 1, "lift_upper": 1}, None))
    fix(b, 0, "lift_full")
    fix(b, 0, "lift_upper")
    assert status(b) == "INFEASIBLE"


def test_no_overlap_boundary_max_sessions_per_day_one():
    """With max_sessions_per_day = 1 the same lift+run day becomes infeasible."""
    b = build(tiny({"lift_full": 1, "run_easy": 1}, (30, 60), max_sessions_per_day=1))
    fix(b, 0, "lift_full")
    fix(b, 0, "run_easy")
    assert status(b) == "INFEASIBLE"


def test_no_overlap_two_runs_same_day_infeasible():
    """Two runs of different types on one day are infeasible."""
    b = build(tiny({"run_easy": 1, "run_long": 1}, (90, 240)))
    fix(b, 5, "run_easy")
    fix(b, 5, "run_long")
    assert status(b) == "INFEASIBLE"
