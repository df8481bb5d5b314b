"""H4 rest: at least `min_rest_days` session-free days in every plan week, and no more than
`max_consecutive_days` training days in a row, across week boundaries."""

from __future__ import annotations

from solver.model.context import BuildContext

RULE = "H4"


def add_rest(ctx: BuildContext) -> None:
    m = ctx.model
    p = ctx.req.profile
    days = ctx.vars.days
    for w in ctx.vars.week_indices:
        train = [dv.train for dv in ctx.vars.week_days(w)]
        ctx.add(RULE, w, m.add(sum(train) <= 7 - p.min_rest_days))
    k = p.max_consecutive_days
    for end in range(k, len(days)):
        window = days[end - k : end + 1]
        ctx.add(RULE, days[end].week, m.add(sum(dv.train for dv in window) <= k))
