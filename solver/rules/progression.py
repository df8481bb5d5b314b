"""H6 progression: run-minute targets ramp at most 10% (built into the targets); a deload week
holds at most 70% of the run minutes of the week before it, here on the actual minutes."""

from __future__ import annotations

from solver.context import BuildContext

RULE = "H6"


def add_progression(ctx: BuildContext) -> None:
    m = ctx.model
    weeks = ctx.vars.weeks
    for w in ctx.vars.week_indices:
        if w - 1 not in ctx.vars.week_indices:
            continue
        if not weeks[w].deload:
            continue
        this = sum(dv.run_minutes for dv in ctx.vars.week_days(w))
        before = sum(dv.run_minutes for dv in ctx.vars.week_days(w - 1))
        ctx.add(RULE, w, m.add(10 * this <= 7 * before))
