"""H11 polarized intensity: each week's hard minutes (the work W of its quality sessions,
`hard_min`) are at most `max_hard_share` of its run minutes. Warm-up, cool-down and jog
recoveries are easy running, as time-in-zone counts them (Seiler; Muñoz et al. 2014)."""

from __future__ import annotations

from solver.model.context import BuildContext

RULE = "H11"


def add_polarized_intensity(ctx: BuildContext) -> None:
    m = ctx.model
    share_permille = round(ctx.req.profile.max_hard_share * 1000)
    for w in ctx.vars.week_indices:
        days = ctx.vars.week_days(w)
        hard = [dv.hard_minutes for dv in days if dv.work_min]
        if not hard:
            continue
        total = sum(dv.run_minutes for dv in days)
        ctx.add(RULE, w, m.add(1000 * sum(hard) <= share_permille * total))
