"""H3 spacing (solver/model/rules/spacing.py, verify.check_spacing)."""

from tests.helpers import build, fix, status, tiny

ALL_DAY = {"mon": ["06:00-21:00"], "tue": ["06:00-21:00"]}


def _pair(run_start: str, **kw):
    b = build(tiny({"lift_full": 1, "run_easy": 1}, (30, 30), availability=ALL_DAY, **kw))
    fix(b, 0, "lift_full", "06:00")
    fix(b, 0, "run_easy", run_start, 30)
    return status(b)


def test_spacing_feasible_far_apart():
    """Lift 06:00-07:00 and run at 17:00 are 10 h apart: feasible."""
    assert _pair("17:00") == "OPTIMAL"


def test_spacing_violation_infeasible():
    """Run at 12:45 is 5 h 45 after the lift ends, under the 6 h default: infeasible."""
    assert _pair("12:45") == "INFEASIBLE"


def test_spacing_boundary_exact_gap():
    """Run at 13:00 is exactly 6 h after the lift ends: feasible."""
    assert _pair("13:00") == "OPTIMAL"


def test_spacing_profile_gap_is_used():
    """min_gap_hours = 4 makes a run at 11:00 (4 h after) feasible."""
    assert _pair("11:00", min_gap_hours=4) == "OPTIMAL"


def test_spacing_run_first_needs_gap_too():
    """A run 06:00-06:30 then a lift at 10:00 (3.5 h) is infeasible."""
    b = build(tiny({"lift_full": 1, "run_easy": 1}, (30, 30), availability=ALL_DAY))
    fix(b, 0, "run_easy", "06:00", 30)
    fix(b, 0, "lift_full", "10:00")
    assert status(b) == "INFEASIBLE"
