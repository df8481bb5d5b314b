"""H1 availability (solver/rules/availability.py, verify.check_availability)."""

from tests.helpers import build, fix, status, tiny


def test_availability_feasible():
    """A lift and a run fit the wide windows: the model is feasible."""
    assert status(build(tiny({"lift_full": 1, "run_easy": 1}, (30, 60)))) == "OPTIMAL"


def test_availability_outside_window_infeasible():
    """A lift pinned at 05:00, before the 06:00 window opens, is infeasible."""
    b = build(tiny({"lift_full": 1, "run_easy": 1}, (30, 60)))
    fix(b, 0, "lift_full", "05:00")
    assert status(b) == "INFEASIBLE"


def test_availability_unavailable_date_infeasible():
    """A session on a date listed in unavailable_dates is infeasible."""
    b = build(tiny({"lift_full": 1}, None, unavailable_dates=["2027-01-04"]))
    fix(b, 0, "lift_full")
    assert status(b) == "INFEASIBLE"


def test_availability_boundary_session_ends_at_window_end():
    """A 60-min lift at 08:00 ends exactly at the 09:00 window end (ok); at 08:15 it does not."""
    b = build(tiny({"lift_full": 1}, None))
    fix(b, 0, "lift_full", "08:00")
    assert status(b) == "OPTIMAL"
    b = build(tiny({"lift_full": 1}, None))
    fix(b, 0, "lift_full", "08:15")
    assert status(b) == "INFEASIBLE"


def test_availability_day_without_windows_infeasible():
    """Wednesday has no window: a lift there is infeasible."""
    avail = {"mon": ["06:00-09:00"], "tue": ["06:00-09:00"]}
    b = build(tiny({"lift_full": 1}, None, availability=avail))
    fix(b, 2, "lift_full")
    assert status(b) == "INFEASIBLE"
