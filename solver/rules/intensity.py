"""H11 polarized intensity: each week's high-intensity run minutes (tempo, intervals) are at
most `max_hard_share` of its run minutes (most endurance gains come from easy volume)."""

from __future__ import annotations

from models.catalog import HARD_RUNS
from solver.context import BuildContext

RULE = "H11"


def add_polarized_intensity(ctx: BuildContext) -> None:
    m = ctx.model
    share_permille = round(ctx.req.profile.max_hard_share * 1000)
    for w in ctx.vars.week_indices:
        days = ctx.vars.week_days(w)
        hard = [
            ctx.req.slot_minutes * v
            for dv in days
            for t, v in dv.dur_slots.items()
            if t in HARD_RUNS
        ]
        if not hard:
            continue
        total = sum(dv.run_minutes for dv in days)
        ctx.add(RULE, w, m.add(1000 * sum(hard) <= share_permille * total))
