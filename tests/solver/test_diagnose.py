"""solver/diagnose.py: infeasible profiles give conflicts that name SPEC rules in plain words."""

from models.export import write_plan
from models.periodization import build_requirements
from models.profile import load_profile
from models.settings import SolverSettings
from solver import solve, verify_plan
from solver.diagnose import capacity_conflicts, core_conflicts
from tests.conftest import make_profile
from tests.helpers import build, tiny

SETTINGS = SolverSettings(time_limit_s=20, slot_minutes=15)


def test_diagnose_tuesday_only_capacity_message():
    """Seven-ish sessions with only Tuesday free: H1 says how many days are needed."""
    p = load_profile("data/invalid/tuesday_only.yaml")
    plan = solve(p, SETTINGS)
    assert plan.status == "INFEASIBLE" and not plan.sessions
    first = plan.conflicts[0]
    assert first.rule == "H1"
    assert "need at least 4 training days, but only Tuesday is available" in first.message
    assert verify_plan(p, plan).ok  # an INFEASIBLE plan with conflicts is well-formed


def test_diagnose_capacity_names_spacing():
    """Lift and run forced onto one 4-hour window: the counting check names H3 (spacing)."""
    avail = {"mon": ["06:00-10:00"]}
    p = tiny({"lift_full": 1, "run_easy": 1}, (30, 30), availability=avail)
    conflicts = capacity_conflicts(build_requirements(p, 15))
    assert conflicts[0].rule == "H3" and "6 h apart" in conflicts[0].message


def test_diagnose_core_names_ordering():
    """Strength goal, one day whose morning only fits the run: lift-first (H8) cannot hold.
    Counting cannot see it, so the CP-SAT core must name H8."""
    avail = {"mon": ["06:00-06:30", "17:00-18:00"]}
    p = tiny({"lift_full": 1, "run_easy": 1}, (30, 30), availability=avail, goal="strength")
    req = build_requirements(p, 15)
    assert capacity_conflicts(req) == []
    conflicts = core_conflicts(req)
    rules = {c.rule for c in conflicts}
    assert "H8" in rules, conflicts
    assert all(c.message for c in conflicts)


def test_diagnose_core_is_subset_of_assumptions():
    """The CP-SAT core only contains assumption literals (checked inside core_conflicts) and
    the diagnostic model is feasible once the assumptions are dropped."""
    avail = {"mon": ["06:00-10:00"]}
    b = build(tiny({"lift_full": 1, "run_easy": 1}, (30, 30), availability=avail), objective=False)
    assert b.ctx.assumptions, "diagnostic build must create assumption literals"
    from tests.helpers import status

    assert status(b) in ("OPTIMAL", "FEASIBLE")  # no assumptions added: rules are relaxable


def test_diagnose_no_run_fits_names_h10():
    """A longest recent run of 1 minute caps every run at 1 minute (H10) in the first weeks:
    no run of 20 minutes fits, and the conflict names H10, not H6."""
    p = make_profile(goal="endurance", longest_recent_run_min=1)
    plan = solve(p, SETTINGS)
    assert plan.status == "INFEASIBLE"
    assert {c.rule for c in plan.conflicts} == {"H10"}
    assert "longest_recent_run_min=1" in plan.conflicts[0].message


def test_diagnose_infeasible_plan_json_written(tmp_path):
    """An infeasible plan is still written as plan.json with its conflicts and no sessions."""
    p = load_profile("data/invalid/tuesday_only.yaml")
    plan = solve(p, SETTINGS)
    write_plan(plan, tmp_path)
    text = (tmp_path / "plan.json").read_text()
    assert '"status": "INFEASIBLE"' in text and '"rule": "H1"' in text
    assert '"sessions": []' in text
