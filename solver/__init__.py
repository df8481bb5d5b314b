"""Solving: build -> solve -> decode is the spine, the verifier checks it, the rest applies it.

- `model/`: the CP-SAT model (variables, rules H1-H12, objective, build, decode, parameters);
- `pipeline` (profile -> Plan, the public `solve`), `decompose` (long horizons block by
  block) and `diagnose` (why a profile is infeasible): running the model;
- `verify`: the independent verifier; imports the contract only, never ortools or `model/`;
- applications of the spine: `batch/` (a CSV of athletes), `bench/` (solver settings
  measured), `replan` (a plan after real life) and `explain` (why a plan looks as it does).

Imports point up that list: an application may import the spine (and `models.export`:
`replan` carries calendar state, `explain` re-plans), the spine never imports an application,
and nothing here imports `cli`. Imports are lazy so that `hybridplan --help`
and `solver.verify` never load ortools.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from solver.pipeline import solve
    from solver.verify import verify_plan

__all__ = ["solve", "verify_plan"]


def __getattr__(name: str) -> Any:
    if name == "solve":
        from solver.pipeline import solve

        return solve
    if name == "verify_plan":
        from solver.verify import verify_plan

        return verify_plan
    raise AttributeError(name)
