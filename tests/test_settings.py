"""models/settings.py: which CP-SAT parameters each phase gets. `first_phase_params`
(shipped: one presolve round) applies to the first phase only; `params` applies to every
phase and wins, so `--param` means what it says."""

import pytest
from pydantic import ValidationError

from models.settings import FIRST_PHASE_CP_SAT, SolverSettings


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
