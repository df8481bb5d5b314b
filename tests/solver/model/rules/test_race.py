"""H9 race (solver/model/rules/race.py, verify.check_race)."""

from models.periodization import build_requirements
from solver.model.build import build_model
from tests.conftest import make_profile
from tests.helpers import fix, status

RACE = {
    "goal": "race",
    "weeks": None,
    "max_hard_share": 0.5,
    "race": {"date": "2027-01-16", "distance": "5k"},
}


def _built(extra_tempo: bool = False):
    p = make_profile(**RACE)  # start Mon 2027-01-04, race Sat of week 2 (day 12)
    req = build_requirements(p, 15)
    if extra_tempo:  # white-box: allow a tempo in the race week to probe the 2-day rule
        wk = req.weeks[-1]
        wk.sessions["run_tempo"] = 1
        wk.duration_bounds["run_tempo"] = (45, 45)
        wk.work_bounds["run_tempo"] = (25, 25)
        wk.run_min, wk.run_max = 45, 300
        req.peak_week = None
    return req, build_model(req)


def test_race_feasible_and_fixed():
    """The race week plan is feasible and the race sits on its date at its start time."""
    req, b = _built()
    assert req.race_day == 12
    assert status(b) == "OPTIMAL"


def test_race_lower_lift_within_seven_days_infeasible():
    """lift_lower on Sat day 5, seven days before the race, is infeasible."""
    _, b = _built()
    fix(b, 5, "lift_lower")
    assert status(b) == "INFEASIBLE"


def test_race_boundary_lower_lift_eight_days_before():
    """lift_lower on Fri day 4, eight days before the race, is feasible."""
    _, b = _built()
    fix(b, 4, "lift_lower")
    assert status(b) == "OPTIMAL"


def test_race_hard_run_two_days_before_infeasible():
    """A tempo run on Thursday (2 days before a Saturday race) is infeasible."""
    _, b = _built(extra_tempo=True)
    fix(b, 10, "run_tempo")
    assert status(b) == "INFEASIBLE"


def test_race_boundary_hard_run_three_days_before():
    """A tempo run on Wednesday (3 days before) is feasible."""
    _, b = _built(extra_tempo=True)
    fix(b, 9, "run_tempo")
    assert status(b) == "OPTIMAL"


def test_race_plan_ends_in_race_week():
    """weeks defaults to the race week and a race after the last week is rejected."""
    import pytest

    from models.profile import ProfileError

    assert make_profile(**RACE).weeks == 2
    with pytest.raises(ProfileError, match="last plan week"):
        make_profile(goal="race", weeks=1, race={"date": "2027-01-16", "distance": "5k"})


def test_race_taper_targets_fall_within_h9():
    """Marathon taper targets: <= 85% of the peak midpoint and falling; race week <= 60%."""
    req = build_requirements(
        make_profile(
            goal="race",
            weeks=None,
            run_minutes_per_week=300,
            race={"date": "2027-04-25", "distance": "marathon"},
        ),
        15,
    )
    peak = max(w.midpoint for w in req.weeks if w.role in ("load", "deload"))
    taper = [w for w in req.weeks if w.role in ("taper", "race")]
    assert len(taper) == 3
    before = peak
    for w in taper:
        assert w.midpoint <= (0.6 if w.role == "race" else 0.85) * peak
        assert w.midpoint <= before
        before = w.midpoint


def test_race_inside_the_taper_takes_current_volume_as_peak():
    """A 2-week marathon plan has no pre-taper week: run_minutes_per_week is the peak (SPEC
    H9), so the race week holds at most 60% of it and the plan verifies."""
    from models.settings import SolverSettings
    from solver import solve, verify_plan

    p = make_profile(
        goal="race",
        weeks=None,
        run_minutes_per_week=200,
        race={"date": "2027-01-16", "distance": "marathon"},
    )
    req = build_requirements(p, 15)
    assert [w.role for w in req.weeks] == ["taper", "race"]
    assert req.weeks[0].midpoint <= 0.85 * 200 and req.weeks[1].midpoint <= 0.6 * 200
    plan = solve(p, SolverSettings(time_limit_s=20, slot_minutes=30))
    assert plan.status == "OPTIMAL"
    assert verify_plan(p, plan).ok
