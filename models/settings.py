"""Solver settings (SPEC §4b); every plan records the settings it was solved with."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

# Chosen by benchmarks/bench_solver.py (see benchmarks/README.md).
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
# CP-SAT deterministic time per wall second, by subsolver: medians of det_time / solve seconds
# over the runs longer than 0.3 s in benchmarks/results/2026-11-25_bench_presolve (`max_lp`
# 0.27-0.44, `core` 0.77-1.34). They turn the phase schedule, planned in seconds, into
# deterministic-time limits, so where a phase stops does not depend on the machine's load.
DT_PER_SECOND: dict[str, float] = {"max_lp": 0.35, "core": 1.0}
DT_PER_SECOND_OTHER = 0.5


class SolverSettings(BaseModel):
    """How one solve runs; `params` passes any CP-SAT parameter through by name."""

    model_config = ConfigDict(extra="forbid")

    time_limit_s: float = Field(default=30.0, gt=0, le=3600)
    workers: int = Field(default=DEFAULT_WORKERS, ge=1, le=64)
    seed: int = Field(default=0, ge=0)
    slot_minutes: Literal[5, 10, 15, 30] = 15
    formulation: Literal["day", "interval"] = "day"
    # restrict each start-time variable to the start slots its availability windows allow
    # (a redundant statement of H1 that tightens every time big-M the LP sees)
    window_domains: bool = True
    # "auto": block decomposition for horizons longer than DECOMPOSE_ABOVE_WEEKS
    decomposition: Literal["auto", "none", "blocks"] = "none"
    portfolio: list[str] = Field(default_factory=lambda: list(DEFAULT_PORTFOLIO))
    phase_share: float = Field(default=PHASE_SHARE, gt=0, lt=1)
    # the first phase gets at least this long (capped at a third of the limit)
    min_first_phase_s: float = Field(default=3.0, ge=0)
    # "deterministic": every phase but the last stops at a deterministic-time limit planned
    # from the settings alone (SPEC §4b); "wall": at a share of the wall time left
    phase_limits: Literal["deterministic", "wall"] = "deterministic"
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

    def build_options(self) -> dict[str, Any]:
        """The keyword arguments of `solver.model.build.build_model` that these settings choose."""
        return {"formulation": self.formulation, "window_domains": self.window_domains}

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

    def phase_budgets(self) -> list[tuple[float, float] | None]:
        """(planned seconds, deterministic-time limit) of each phase; None for the last one,
        which gets all the wall time left, and for every phase with `phase_limits: wall`.

        A function of the settings alone, so the same settings and seed give the same plan
        whatever the machine's load (SPEC §4b), unless a wall-clock limit binds. Planned as
        the wall schedule: the first phase gets `phase_share` of the limit (at least
        `min_first_phase_s`, at most a third), each later one `phase_share` of what is left;
        converted with DT_PER_SECOND."""
        phases = self.phases()
        if self.phase_limits == "wall":
            return [None] * len(phases)
        left = self.time_limit_s
        out: list[tuple[float, float] | None] = []
        for i, subsolvers in enumerate(phases[:-1]):
            budget = left * self.phase_share
            if i == 0:
                budget = min(left / 3, max(budget, self.min_first_phase_s))
            left -= budget
            name = subsolvers[0] if subsolvers and len(subsolvers) == 1 else ""
            rate = DT_PER_SECOND.get(name, DT_PER_SECOND_OTHER)
            out.append((budget, round(budget * rate, 6)))
        return [*out, None]

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
