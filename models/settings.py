"""Solver settings (SPEC §4b); every plan records the settings it was solved with."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

# Chosen by benchmarks/bench_formulations.py (see benchmarks/README.md).
DEFAULT_WORKERS = 1
DEFAULT_SUBSOLVERS: tuple[str, ...] = ("core",)


class SolverSettings(BaseModel):
    """How one solve runs; `params` passes any CP-SAT parameter through by name."""

    model_config = ConfigDict(extra="forbid")

    time_limit_s: float = Field(default=30.0, gt=0, le=3600)
    workers: int = Field(default=DEFAULT_WORKERS, ge=1, le=64)
    seed: int = Field(default=0, ge=0)
    slot_minutes: Literal[5, 10, 15, 30] = 15
    formulation: Literal["day", "interval"] = "day"
    params: dict[str, Any] = Field(default_factory=dict)

    @field_validator("params")
    @classmethod
    def _params(cls, v: dict[str, Any]) -> dict[str, Any]:
        for k in ("num_workers", "num_search_workers", "random_seed", "max_time_in_seconds"):
            if k in v:
                raise ValueError(f"set {k} through the dedicated setting, not params")
        return v

    def effective_params(self) -> dict[str, Any]:
        """The CP-SAT parameters this solve uses, defaults included, for the record."""
        out: dict[str, Any] = {}
        if self.workers == 1 and "subsolvers" not in self.params:
            out["subsolvers"] = list(DEFAULT_SUBSOLVERS)
        out.update(self.params)
        out["num_workers"] = self.workers
        out["random_seed"] = self.seed
        out["max_time_in_seconds"] = self.time_limit_s
        return out
