"""solver/bench/baseline.py: the greedy template planner is judged by the same verifier."""

from models.catalog import OBJECTIVE_TERMS
from models.profile import load_profile
from solver.bench.baseline import greedy_plan
from solver.verify import verify_plan


def test_greedy_places_every_session_and_is_scored():
    """On a roomy example the greedy places every target session and gets an objective."""
    p = load_profile("data/squat_focus_12w.yaml")
    plan = greedy_plan(p, 15)
    assert plan.status == "FEASIBLE"
    assert plan.objective is not None and set(plan.objective_terms) == set(OBJECTIVE_TERMS)
    wanted = sum(sum(w.targets.sessions.values()) for w in plan.weeks)
    assert len(plan.sessions) == wanted


def test_greedy_breaks_rules_the_model_keeps():
    """The greedy packs a morning lift and an evening run without the 6 h rule in mind:
    the verifier reports H3 on the squat example, which CP-SAT plans never break."""
    p = load_profile("data/squat_focus_12w.yaml")
    rules = {v.rule for v in verify_plan(p, greedy_plan(p, 15)).violations}
    assert "H3" in rules
