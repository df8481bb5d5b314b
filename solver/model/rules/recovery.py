"""H12 muscle recovery: two lifts that train the same muscle group are never on consecutive
calendar days (ACSM 2009: 48 h before the same muscles are loaded again). Lower body =
`lift_lower`, `lift_full`; upper body = `lift_upper`, `lift_full`; across week boundaries."""

from __future__ import annotations

from models.catalog import MUSCLE_GROUPS
from solver.model.context import BuildContext

RULE = "H12"


def add_muscle_recovery(ctx: BuildContext) -> None:
    m = ctx.model
    days = ctx.vars.days
    for today, tomorrow in zip(days, days[1:], strict=False):
        for types in MUSCLE_GROUPS.values():
            lits = [dv.lift[t] for dv in (today, tomorrow) for t in types if t in dv.lift]
            if (
                len(lits) >= 2
                and any(t in today.lift for t in types)
                and any(t in tomorrow.lift for t in types)
            ):
                ctx.add_day(RULE, tomorrow, m.add(sum(lits) <= 1))
