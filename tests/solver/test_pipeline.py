"""solver/pipeline.py: phases stop at deterministic-time limits planned from the settings, so
the plan does not depend on how fast the wall clock runs (SPEC §4b), and the wall-clock
schedule is still there for comparison."""

from __future__ import annotations

import itertools
import time

import pytest

from models.profile import load_profile
from models.settings import SolverSettings
from solver import pipeline, solve
from tests.conftest import FAST, make_profile

# a first phase too short to prove half_marathon_12w, so the plan goes through a phase change
CUT = {"portfolio": ["max_lp", "core"], "min_first_phase_s": 0.0, "phase_share": 0.001}


def _solve(settings: SolverSettings):  # type: ignore[no-untyped-def]
    return solve(load_profile("data/half_marathon_12w.json"), settings)


def test_non_final_phases_carry_a_deterministic_limit():
    """The recorded CP-SAT text of the first phase has max_deterministic_time; the last
    phase has none (it gets the wall time left)."""
    plan = _solve(SolverSettings(time_limit_s=30, **CUT))
    texts = plan.settings["cp_sat_text"]
    assert len(texts) == 2, "the first phase was expected to stop before proving"
    assert "max_deterministic_time" in texts[0]
    assert "max_deterministic_time" not in texts[1]
    assert plan.status == "OPTIMAL"
    # the plan's settings record says the same, phase by phase
    recorded = [ph.get("max_deterministic_time") for ph in plan.settings["cp_sat_phases"]]
    assert recorded == [SolverSettings(time_limit_s=30, **CUT).phase_budgets()[0][1], None]


def test_a_slower_clock_changes_neither_the_phases_nor_the_plan(monkeypatch):
    """Same settings and seed, but the wall clock seen by the pipeline runs ahead by 0.5 s
    at every reading (a loaded machine): the first phase stops at the same deterministic
    limit and the plan is the same."""
    settings = SolverSettings(time_limit_s=30, seed=5, **CUT)
    a = _solve(settings)
    real = time.monotonic
    ticks = itertools.count()
    monkeypatch.setattr(pipeline.time, "monotonic", lambda: real() + 0.5 * next(ticks))
    b = _solve(settings)
    monkeypatch.undo()
    assert a.settings["cp_sat_text"][0] == b.settings["cp_sat_text"][0]
    assert a.sessions == b.sessions and a.objective == b.objective


@pytest.mark.parametrize("limits", ["wall", "deterministic"])
def test_both_phase_limit_modes_give_verified_optimal_plans(limits):
    """`phase_limits: wall` (the previous schedule) still runs and proves the same optimum."""
    plan = _solve(SolverSettings(time_limit_s=30, phase_limits=limits, **CUT))
    assert plan.status == "OPTIMAL"
    assert plan.objective == _solve(SolverSettings(time_limit_s=30)).objective


def test_solve_records_input_warnings():
    """A valid but unwise profile (min_gap_hours 3.5) is planned, with an `input` warning."""
    plan = solve(make_profile(min_gap_hours=3.5), FAST)
    assert plan.has_schedule
    assert [w.code for w in plan.warnings if w.message.startswith("min_gap_hours")] == ["input"]
