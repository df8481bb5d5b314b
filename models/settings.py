"""Solver settings (SPEC §4b); every plan records the settings it was solved with."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

# Chosen by benchmarks/bench_formulations.py (see benchmarks/README.md).
DEFAULT_WORKERS = 1
# One worker runs these CP-SAT subsolvers one after another, each warm-started from the best
# plan so far: `max_lp` (full LP relaxation) proves most plans fastest; where its search
# stalls, a short `core` (max-SAT) phase often finishes; the rest of the time goes back to
# `max_lp`. Each phase but the last gets PHASE_SHARE of the time left. Chosen by
# benchmarks/bench_solver.py (benchmarks/README.md, "Choice of the shipped default").
DEFAULT_PORTFOLIO: tuple[str, ...] = ("max_lp", "core", "max_lp")
PHASE_SHARE = 0.15
# CP-SAT parameters of the first phase (the `first_phase_params` default): one presolve
# round instead of CP-SAT's 3. Presolve is most of the time to the first solution on these
# models and most plans are proven within the first phase; the later phases, which only the
# hard instances reach, keep the full presolve. Chosen by `hybridplan bench` and
# benchmarks/bench_solver.py (benchmarks/README.md, "Presolve effort").
FIRST_PHASE_CP_SAT: dict[str, Any] = {"max_presolve_iterations": 1}
DECOMPOSE_ABOVE_WEEKS = 16


class SolverSettings(BaseModel):
    """How one solve runs; `params` passes any CP-SAT parameter through by name."""

    model_config = ConfigDict(extra="forbid")

    time_limit_s: float = Field(default=30.0, gt=0, le=3600)
    workers: int = Field(default=DEFAULT_WORKERS, ge=1, le=64)
    seed: int = Field(default=0, ge=0)
    slot_minutes: Literal[5, 10, 15, 30] = 15
    formulation: Literal["day", "interval"] = "day"
    # "auto": block decomposition for horizons longer than DECOMPOSE_ABOVE_WEEKS
    decomposition: Literal["auto", "none", "blocks"] = "none"
    portfolio: list[str] = Field(default_factory=lambda: list(DEFAULT_PORTFOLIO))
    phase_share: float = Field(default=PHASE_SHARE, gt=0, lt=1)
    # the first phase gets at least this long (capped at a third of the limit)
    min_first_phase_s: float = Field(default=3.0, ge=0)
    # warm-start each phase from the best plan so far (solution hints); off = cold phases
    hints: bool = True
    params: dict[str, Any] = Field(default_factory=dict)
    # CP-SAT parameters of the first phase only; `params` (every phase) wins over them
    first_phase_params: dict[str, Any] = Field(default_factory=lambda: dict(FIRST_PHASE_CP_SAT))

    @field_validator("params", "first_phase_params")
    @classmethod
    def _params(cls, v: dict[str, Any]) -> dict[str, Any]:
        for k in ("num_workers", "num_search_workers", "random_seed", "max_time_in_seconds"):
            if k in v:
                raise ValueError(f"set {k} through the dedicated setting, not params")
        return v

    def decompose(self, n_weeks: int) -> bool:
        if self.decomposition == "auto":
            return n_weeks > DECOMPOSE_ABOVE_WEEKS
        return self.decomposition == "blocks"

    def phases(self) -> list[list[str] | None]:
        """Subsolver lists to run in sequence; None = CP-SAT's own choice (multi-worker)."""
        if "subsolvers" in self.params:
            return [list(self.params["subsolvers"])]
        if self.workers > 1 or not self.portfolio:
            return [None]
        return [[name] for name in self.portfolio]

    def effective_params(
        self, subsolvers: list[str] | None = None, phase: int = 0
    ) -> dict[str, Any]:
        """The CP-SAT parameters of one phase, defaults included, for the record."""
        out: dict[str, Any] = {}
        if subsolvers is not None:
            out["subsolvers"] = list(subsolvers)
        if phase == 0:
            out.update(self.first_phase_params)
        out.update({k: v for k, v in self.params.items() if k != "subsolvers"})
        out["num_workers"] = self.workers
        out["random_seed"] = self.seed
        out["max_time_in_seconds"] = self.time_limit_s
        return out
