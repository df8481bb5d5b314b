"""data/: every example profile solves to a verified plan with the objective recomputed."""

import glob

import pytest

from models.profile import load_profile
from models.settings import SolverSettings
from solver import solve, verify_plan

EXAMPLES = sorted(glob.glob("data/*.yaml") + glob.glob("data/*.json"))


def test_examples_cover_every_goal():
    """The examples include at least nine profiles and every goal."""
    goals = {load_profile(f).goal for f in EXAMPLES}
    assert len(EXAMPLES) >= 9
    assert goals == {"strength", "hypertrophy", "endurance", "race", "health", "general"}


@pytest.mark.parametrize("path", EXAMPLES)
def test_example_solves_and_verifies(path):
    """The example is planned (OPTIMAL or FEASIBLE) and the verifier finds no violation."""
    p = load_profile(path)
    plan = solve(p, SolverSettings(time_limit_s=30, slot_minutes=15))
    assert plan.status in ("OPTIMAL", "FEASIBLE"), plan.conflicts
    res = verify_plan(p, plan)
    assert res.ok, res.violations
    assert res.objective == plan.objective
    assert len(plan.weeks) == p.weeks
