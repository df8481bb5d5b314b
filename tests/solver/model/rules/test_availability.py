"""H1 availability (solver/model/rules/availability.py, verify.check_availability)."""

import pytest

from models.catalog import parse_hhmm
from models.periodization import build_requirements
from models.profile import load_profile
from models.settings import SolverSettings
from solver import solve
from solver.model.build import BuiltModel, build_model
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


def _window_model(window_domains: bool) -> BuiltModel:
    prof = tiny({"lift_full": 1, "run_easy": 1}, (30, 60))
    return build_model(build_requirements(prof, 15), window_domains=window_domains)


def test_window_domains_confine_start_slots_to_fitting_windows():
    """With window_domains (the default), a start slot lies where a window fits the session
    (06:00-08:00 or 16:00-20:00 for Monday's 60-min lift), even when the session is absent;
    without it the start is free over the whole day."""
    for window_domains, expected in ((True, "INFEASIBLE"), (False, "OPTIMAL")):
        b = _window_model(window_domains)
        dv = b.ctx.vars.days[0]
        b.model.add(dv.has_lift == 0)
        b.model.add(dv.lift_start_min == parse_hhmm("12:00"))
        assert status(b) == expected, window_domains
    b = _window_model(True)
    b.model.add(b.ctx.vars.days[0].lift_start_min == parse_hhmm("20:00"))  # last fitting start
    assert status(b) == "OPTIMAL"


@pytest.mark.parametrize(
    "path", ["data/half_marathon_12w.json", "data/squat_focus_12w.yaml", "data/race_5k.yaml"]
)
def test_window_domains_change_no_optimum(path):
    """The domains are redundant with H1: the proven optimum is the same with and without."""
    prof = load_profile(path)
    objs = [
        solve(prof, SolverSettings(slot_minutes=30, window_domains=wd)).objective
        for wd in (True, False)
    ]
    assert objs[0] is not None and objs[0] == objs[1]
