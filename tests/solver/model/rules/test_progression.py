"""H6 progression (targets: models/periodization.py; model: solver/model/rules/progression.py;
verifier: verify.check_progression)."""

import pytest

from models.periodization import DELOAD, build_requirements
from solver.model.build import build_model
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
def test_progression_deload_at_most_eighty_percent(goal):
    """A deload target's max is <= 80% of the week before's min (a health deload keeps its
    150-minute floor instead), and its lifting minutes <= 70%."""
    req = build_requirements(make_profile(goal=goal, weeks=12, run_minutes_per_week=200), 15)
    assert any(wk.deload for wk in req.weeks)
    for prev, wk in zip(req.weeks, req.weeks[1:], strict=False):
        if wk.deload:
            cap = 0.8 * prev.run_min
            assert wk.run_max <= (max(cap, 150) if goal == "health" else cap)
            assert wk.run_min >= (150 if goal == "health" else 0.7 * prev.run_min - 1)
            lift_now = wk.lift_count * wk.lift_duration_min
            assert lift_now <= 0.7 * prev.lift_count * prev.lift_duration_min
            assert wk.lift_count == prev.lift_count  # deloads keep the frequency


def test_progression_boundary_week_one_against_profile_volume():
    """Week 1's midpoint stays within 110% of run_minutes_per_week, even for a low volume."""
    req = build_requirements(make_profile(goal="endurance", run_minutes_per_week=60), 15)
    assert req.weeks[0].midpoint <= 66


def _deload_pair(**overrides):
    """Two weeks of two easy runs, the second a deload whose H5 target is widened, so only
    H6 limits its minutes."""
    p = tiny({"run_easy": 2}, (60, 120), weeks=2, **overrides)
    p.mesocycles[0].deload = True  # week 2 becomes a generated deload
    req = build_requirements(p, 15)
    req.weeks[1].run_min, req.weeks[1].run_max = 40, 120
    req.weeks[1].duration_bounds["run_easy"] = (20, 60)
    b = build_model(req)
    fix(b, 0, "run_easy", duration_min=30)
    fix(b, 2, "run_easy", duration_min=30)
    return b


def test_progression_deload_actual_minutes_infeasible():
    """Fixing a deload week above 80% of the week before (49 of 60) is infeasible."""
    b = _deload_pair()
    fix(b, 7, "run_easy", duration_min=25)
    fix(b, 9, "run_easy", duration_min=24)
    assert status(b) == "INFEASIBLE"


def test_progression_deload_boundary_eighty_percent_feasible():
    """Exactly 80% of the week before (48 of 60 run minutes) is allowed."""
    b = _deload_pair()
    fix(b, 7, "run_easy", duration_min=24)
    fix(b, 9, "run_easy", duration_min=24)
    assert status(b) == "OPTIMAL"


def test_progression_health_deload_keeps_its_floor():
    """A health deload may hold 150 minutes even above 80% of the week before (SPEC §3b)."""
    p = tiny({"run_easy": 3}, (150, 200), weeks=2, goal="health")
    p.mesocycles[0].deload = True
    b = build(p)
    for day in (0, 2, 4):
        fix(b, day, "run_easy", duration_min=60)  # 180 minutes, 80% = 144
    for day in (7, 9, 11):
        fix(b, day, "run_easy", duration_min=50)  # 150 > 144: the health floor
    assert status(b) == "OPTIMAL"
