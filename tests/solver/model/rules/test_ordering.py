"""H8 ordering by priority (solver/model/rules/ordering.py, verify.check_ordering)."""

from tests.helpers import build, fix, status, tiny

ALL_DAY = {"mon": ["06:00-21:00"], "tue": ["06:00-21:00"]}


def _order(goal: str, run_type: str, lift_at: str, run_at: str, run_min: int) -> str:
    lo = 60 if run_type == "run_long" else 30
    b = build(tiny({"lift_full": 1, run_type: 1}, (lo, 120), availability=ALL_DAY, goal=goal))
    fix(b, 0, "lift_full", lift_at)
    fix(b, 0, run_type, run_at, run_min)
    return status(b)


def test_ordering_strength_lift_first_feasible():
    """Strength goal: lift 06:00 then run 16:00 is feasible."""
    assert _order("strength", "run_easy", "06:00", "16:00", 30) == "OPTIMAL"


def test_ordering_strength_run_first_infeasible():
    """Strength goal: run 06:00 then lift 16:00 is infeasible."""
    assert _order("strength", "run_easy", "16:00", "06:00", 30) == "INFEASIBLE"


def test_ordering_endurance_key_run_first():
    """Endurance goal: long run first is feasible, lift before the long run is infeasible."""
    assert _order("endurance", "run_long", "16:00", "06:00", 60) == "OPTIMAL"
    assert _order("endurance", "run_long", "06:00", "16:00", 60) == "INFEASIBLE"


def test_ordering_boundary_easy_run_is_not_key():
    """Endurance goal with an easy (non-key) run: either order is allowed."""
    assert _order("endurance", "run_easy", "06:00", "16:00", 30) == "OPTIMAL"
    assert _order("endurance", "run_easy", "16:00", "06:00", 30) == "OPTIMAL"


def test_ordering_general_is_soft():
    """General goal: run first is allowed (only penalised by order_preference)."""
    assert _order("general", "run_easy", "16:00", "06:00", 30) == "OPTIMAL"
