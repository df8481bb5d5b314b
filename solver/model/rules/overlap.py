"""H2 no overlap: at most one lift and one run a day, at most `max_sessions_per_day`, and a
day's two sessions never overlap."""

from __future__ import annotations

from solver.model.context import BuildContext

RULE = "H2"


def add_no_overlap(ctx: BuildContext) -> None:
    m = ctx.model
    cap = ctx.req.profile.max_sessions_per_day
    for dv in ctx.vars.days:
        if len(dv.lift) > 1:
            ctx.add_day(RULE, dv, m.add(sum(dv.lift.values()) <= 1))
        if len(dv.run) > 1:
            ctx.add_day(RULE, dv, m.add(sum(dv.run.values()) <= 1))
        if not (dv.lift and dv.run):
            continue
        if cap < 2:
            ctx.add_day(RULE, dv, m.add(dv.has_lift + dv.has_run <= cap))
        ctx.add_day(RULE, dv, m.add(dv.lift_end_min <= dv.run_start_min), dv.both, dv.lift_first)
        ctx.add_day(RULE, dv, m.add(dv.run_end_min <= dv.lift_start_min), dv.both, ~dv.lift_first)
