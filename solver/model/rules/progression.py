"""H6 progression: run-minute targets ramp at most 10 % (built into the targets); a deload
week holds at most 80 % of the run minutes and 70 % of the lifting minutes of the week before
it, here on the actual minutes. A `health` deload keeps its 150-minute floor instead of the
80 % cap (SPEC §3b: the WHO minimum holds in every week)."""

from __future__ import annotations

from models.periodization import HEALTH_FLOOR_MIN
from solver.model.context import BuildContext

RULE = "H6"


def add_progression(ctx: BuildContext) -> None:
    m = ctx.model
    weeks = ctx.vars.weeks
    health = ctx.req.profile.goal == "health"
    for w in ctx.vars.week_indices:
        if w - 1 not in ctx.vars.week_indices or not weeks[w].deload:
            continue
        this = sum(dv.run_minutes for dv in ctx.vars.week_days(w))
        before = sum(dv.run_minutes for dv in ctx.vars.week_days(w - 1))
        if health:
            floor_kept = m.new_bool_var(f"health_deload_floor[w{w + 1}]")
            ctx.add(RULE, w, m.add(this <= HEALTH_FLOOR_MIN), floor_kept)
            ctx.add(RULE, w, m.add(10 * this <= 8 * before), ~floor_kept)
        else:
            ctx.add(RULE, w, m.add(10 * this <= 8 * before))
        lift_now = sum(dv.has_lift * dv.lift_duration_min for dv in ctx.vars.week_days(w))
        lift_before = sum(dv.has_lift * dv.lift_duration_min for dv in ctx.vars.week_days(w - 1))
        ctx.add(RULE, w, m.add(10 * lift_now <= 7 * lift_before))
