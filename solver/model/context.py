"""What every rule function receives: the model, the requirements, the variables.

In diagnostic mode each (rule, week) gets an assumption literal that enforces its
constraints, so an infeasible model can name the rules and weeks in its core.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ortools.sat.python import cp_model

from models.periodization import Requirements
from solver.model.variables import Variables


@dataclass
class BuildContext:
    model: cp_model.CpModel
    req: Requirements
    vars: Variables
    diagnostic: bool = False
    formulation: str = "day"
    window_domains: bool = True
    # run minutes of weeks outside the modelled window (decomposition history), by week
    known_week_minutes: dict[int, int] = field(default_factory=dict)
    # re-planning: days before this index are history (pinned); per-day rules skip them
    history_before_day: int = 0
    _off: cp_model.IntVar | None = None
    assumptions: dict[tuple[str, int], cp_model.IntVar] = field(default_factory=dict)

    def add_day(
        self, rule: str, dv: Any, ct: cp_model.Constraint, *extra: cp_model.LiteralT
    ) -> None:
        """A per-day constraint of day record `dv` (skipped on history days when re-planning)."""
        self.add(rule, dv.week, ct, *extra, day=dv.index)

    def enforce(self, rule: str, week: int) -> list[cp_model.IntVar]:
        """Enforcement literals for a constraint of `rule` in 0-based `week` (none normally)."""
        if not self.diagnostic:
            return []
        key = (rule, week)
        if key not in self.assumptions:
            self.assumptions[key] = self.model.new_bool_var(f"assume[{rule},w{week + 1}]")
        return [self.assumptions[key]]

    def add(
        self,
        rule: str,
        week: int,
        ct: cp_model.Constraint,
        *extra: cp_model.LiteralT,
        day: int | None = None,
    ) -> None:
        """Attach the rule's assumption literal (and any extra conditions) to a constraint.

        A per-day constraint on a history day (re-planning) is switched off: what happened
        is a fact, not a choice."""
        if day is not None and day < self.history_before_day:
            if self._off is None:
                self._off = self.model.new_constant(0)
            extra = (*extra, self._off)
        lits = [*extra, *self.enforce(rule, week)]
        if lits:
            ct.only_enforce_if(lits)
