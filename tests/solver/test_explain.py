"""solver/explain.py and `hybridplan explain`: score analysis, tight rules, suggestions."""

from click.testing import CliRunner

from cli.main import main
from models.settings import SolverSettings
from solver import solve
from solver.explain import explain
from tests.helpers import tiny

SETTINGS = SolverSettings(time_limit_s=10, slot_minutes=15)


def test_explain_terms_add_up_to_the_objective():
    """Per-term weight x value sums to the plan objective; each value counts its items."""
    p = tiny({"lift_full": 2, "run_easy": 3}, (90, 150), max_sessions_per_day=1)
    plan = solve(p, SETTINGS)
    ex = explain(plan, p)
    assert sum(t.contribution for t in ex.terms) == plan.objective
    for t in ex.terms:
        assert t.value == len(t.items) == plan.objective_terms[t.name].value


def test_explain_lists_tight_rules():
    """Five one-a-day sessions with two rest days required: 'exactly the minimum' is tight."""
    p = tiny({"lift_full": 2, "run_easy": 3}, (90, 150), max_sessions_per_day=1, min_rest_days=2)
    ex = explain(solve(p, SETTINGS), p)
    assert any(line.startswith("H4: week 1 has exactly the minimum 2") for line in ex.tight)


def test_explain_infeasible_suggests_verified_changes():
    """Four sessions on three one-window days: adding a window is suggested and re-solved."""
    avail = {d: ["06:00-08:00"] for d in ("mon", "tue", "wed")}
    p = tiny({"lift_full": 2, "run_easy": 2}, (60, 120), availability=avail)
    plan = solve(p, SETTINGS)
    assert plan.status == "INFEASIBLE"
    ex = explain(plan, p, SETTINGS)
    assert ex.conflicts
    assert ex.suggestions and all(s.status in ("OPTIMAL", "FEASIBLE") for s in ex.suggestions)
    assert any("add an evening window" in s.change for s in ex.suggestions)


def test_explain_cli(tmp_path):
    """The CLI prints each term with weight and value."""
    runner = CliRunner()
    runner.invoke(
        main, ["solve", "data/beginner.yaml", "-o", str(tmp_path), "--slot-minutes", "30"]
    )
    res = runner.invoke(main, ["explain", str(tmp_path / "plan.json")])
    assert res.exit_code == 0 and "spread: weight" in res.output


def test_explain_h12_conflict_named_and_fixed():
    """Two full-body lifts with only Monday and Tuesday free: the conflict names H12, and a
    verified change spreads the lifts (a window on another day)."""
    avail = {"mon": ["06:00-21:00"], "tue": ["06:00-21:00"]}
    p = tiny({"lift_full": 2}, None, availability=avail)
    plan = solve(p, SETTINGS)
    assert plan.status == "INFEASIBLE"
    assert "H12" in {c.rule for c in plan.conflicts}
    ex = explain(plan, p, SETTINGS)
    assert ex.suggestions and "add an evening window" in ex.suggestions[0].change


def test_explain_lists_new_terms_with_sessions():
    """long_run_day and double_day are reported with the sessions responsible."""
    avail = {"mon": ["06:00-21:00"], "wed": ["06:00-21:00"]}
    p = tiny(
        {"lift_full": 1, "run_long": 1, "run_easy": 1},
        (90, 150),
        availability=avail,
        preferences={"long_run_day": "sun"},
    )
    plan = solve(p, SETTINGS)
    ex = explain(plan, p)
    terms = {t.name: t for t in ex.terms}
    assert terms["long_run_day"].value == 1 and "run_long" in terms["long_run_day"].items[0]
    assert terms["double_day"].value == 1 and " + " in terms["double_day"].items[0]
