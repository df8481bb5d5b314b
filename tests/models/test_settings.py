"""models/settings.py: which CP-SAT parameters each phase gets. `first_phase_params`
(shipped: one presolve round) applies to the first phase only; `params` applies to every
phase and wins, so `--param` means what it says."""

import pytest
from pydantic import ValidationError

from models.settings import (
    DT_PER_SECOND,
    DT_PER_SECOND_OTHER,
    FIRST_PHASE_CP_SAT,
    SolverSettings,
)


def test_first_phase_params_reach_the_first_phase_only():
    """Shipped settings: phase 0 (max_lp) has FIRST_PHASE_CP_SAT, phases 1-2 do not."""
    s = SolverSettings()
    got = [s.effective_params(ph, i) for i, ph in enumerate(s.phases())]
    assert all(got[0][k] == v for k, v in FIRST_PHASE_CP_SAT.items())
    assert all(k not in later for later in got[1:] for k in FIRST_PHASE_CP_SAT)
    assert [g["subsolvers"] for g in got] == [["max_lp"], ["core"], ["max_lp"]]


def test_params_win_over_first_phase_params_in_every_phase():
    """A value in `params` is used by every phase, the first one included; a key only in
    `first_phase_params` stays in the first phase."""
    s = SolverSettings(
        params={"max_presolve_iterations": 5},
        first_phase_params={"max_presolve_iterations": 1, "linearization_level": 2},
    )
    first, later = (s.effective_params(ph, i) for i, ph in enumerate(s.phases()[:2]))
    assert first["max_presolve_iterations"] == later["max_presolve_iterations"] == 5
    assert first["linearization_level"] == 2 and "linearization_level" not in later


def test_reserved_parameters_are_refused_in_both_dicts():
    """Seed, workers and time limit have their own settings, in `first_phase_params` too."""
    with pytest.raises(ValidationError, match="random_seed"):
        SolverSettings(first_phase_params={"random_seed": 3})


def test_phase_budgets_follow_the_settings_alone():
    """The shipped 3-phase schedule at the CLI's 30 s: 4.5 s of max_lp, then 15 % of the
    25.5 s left for core, converted to deterministic time; the last phase has no budget."""
    s = SolverSettings(time_limit_s=30)
    assert s.phase_budgets() == [
        (4.5, round(4.5 * DT_PER_SECOND["max_lp"], 6)),
        (0.15 * 25.5, round(0.15 * 25.5 * DT_PER_SECOND["core"], 6)),
        None,
    ]
    # at 10 s the first phase still gets min_first_phase_s (3 s), capped at a third
    assert SolverSettings(time_limit_s=10).phase_budgets()[0] == (
        3.0,
        round(3.0 * DT_PER_SECOND["max_lp"], 6),
    )
    assert SolverSettings(time_limit_s=6).phase_budgets()[0][0] == 2.0  # type: ignore[index]


def test_single_phase_and_unknown_subsolvers():
    """One phase gets no deterministic limit; a subsolver without a measured rate uses
    DT_PER_SECOND_OTHER."""
    assert SolverSettings(portfolio=["core"]).phase_budgets() == [None]
    two = SolverSettings(portfolio=["pseudo_costs", "max_lp"], time_limit_s=30)
    assert two.phase_budgets()[0] == (4.5, round(4.5 * DT_PER_SECOND_OTHER, 6))


def test_wall_phase_limits_have_no_deterministic_budgets():
    """`phase_limits: wall` (the session-2 schedule) plans no deterministic-time limits."""
    assert SolverSettings(phase_limits="wall").phase_budgets() == [None, None, None]
