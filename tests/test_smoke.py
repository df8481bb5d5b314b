"""End-to-end smoke test: one small athlete solves to a verified optimal plan."""

from solver import solve, verify_plan
from tests.conftest import FAST, make_profile


def test_small_general_athlete_is_optimal_and_verified():
    """A 4-week general profile solves to OPTIMAL and the independent verifier agrees."""
    p = make_profile()
    plan = solve(p, FAST)
    assert plan.status == "OPTIMAL"
    result = verify_plan(p, plan, slot_minutes=FAST.slot_minutes)
    assert result.ok, result.violations
    assert plan.objective == result.objective
    assert plan.sessions
