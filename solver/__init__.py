"""build -> solve -> decode, plus the independent verifier.

Imports are lazy so that `hybridplan --help` and `solver.verify` never load ortools.
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
