"""The hard rules H1-H12, one module each, listed in SPEC order.

Each rule carries the id it reports in conflicts and the rule name the verifier's check carries
(`solver.verify.check_<name>`); each module `<module>.py` here has its tests in
`tests/solver/model/rules/test_<module>.py`. A rule module imports the build context
(`solver.model.context`) and the contract, never another rule or anything above the model.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from solver.model.context import BuildContext
from solver.model.rules.availability import add_availability
from solver.model.rules.intensity import add_polarized_intensity
from solver.model.rules.interference import add_interference
from solver.model.rules.ordering import add_ordering
from solver.model.rules.overlap import add_no_overlap
from solver.model.rules.progression import add_progression
from solver.model.rules.race import add_race
from solver.model.rules.recovery import add_muscle_recovery
from solver.model.rules.rest import add_rest
from solver.model.rules.spacing import add_spacing
from solver.model.rules.spikes import add_no_spikes
from solver.model.rules.volume import add_weekly_volume


@dataclass(frozen=True)
class Rule:
    id: str
    name: str
    add: Callable[[BuildContext], None]


RULES: tuple[Rule, ...] = (
    Rule("H1", "availability", add_availability),
    Rule("H2", "no_overlap", add_no_overlap),
    Rule("H3", "spacing", add_spacing),
    Rule("H4", "rest", add_rest),
    Rule("H5", "weekly_volume", add_weekly_volume),
    Rule("H6", "progression", add_progression),
    Rule("H7", "interference", add_interference),
    Rule("H8", "ordering", add_ordering),
    Rule("H9", "race", add_race),
    Rule("H10", "no_spikes", add_no_spikes),
    Rule("H11", "polarized_intensity", add_polarized_intensity),
    Rule("H12", "muscle_recovery", add_muscle_recovery),
)


def add_constraints(ctx: BuildContext) -> None:
    for rule in RULES:
        rule.add(ctx)
