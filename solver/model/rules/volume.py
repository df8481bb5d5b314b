"""H5 weekly volume per mesocycle: each week holds exactly its target number of sessions of
each type, and its run minutes (race excluded) lie within the week's target range."""

from __future__ import annotations

from solver.model.context import BuildContext

RULE = "H5"


def add_weekly_volume(ctx: BuildContext) -> None:
    m = ctx.model
    for w in ctx.vars.week_indices:
        target = ctx.vars.weeks[w]
        days = ctx.vars.week_days(w)
        for t, n in target.sessions.items():
            lits = [dv.lift.get(t) if t.startswith("lift") else dv.run.get(t) for dv in days]
            present = [v for v in lits if v is not None]
            ctx.add(RULE, w, m.add(sum(present) == n))
        minutes = sum(dv.run_minutes for dv in days)
        ctx.add(RULE, w, m.add(minutes >= target.run_min))
        ctx.add(RULE, w, m.add(minutes <= target.run_max))
