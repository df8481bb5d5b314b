"""H9 race: the race is on its date at its start; taper weeks fall (<= 80% of the peak week and
<= the week before; the race week <= 50% of the peak); no `lift_lower` in the 7 days and no
high-intensity run in the 2 days before the race."""

from __future__ import annotations

from models.catalog import HARD_RUNS
from models.periodization import RACE_WEEK, TAPER
from solver.context import BuildContext
from solver.variables import Expr

RULE = "H9"


def add_race(ctx: BuildContext) -> None:
    req = ctx.req
    if req.race_day is None:
        return
    m = ctx.model
    race_week = req.race_day // 7
    race_dv = ctx.vars.day(req.race_day)
    if race_dv is not None:
        ctx.add(RULE, race_week, m.add(race_dv.run["race"] == 1))
    # Whole calendar days are blocked, a conservative reading of "7 days"/"2 days" before.
    for d in range(max(0, req.race_day - 7), req.race_day + 1):
        dv = ctx.vars.day(d)
        lower = dv.lift.get("lift_lower") if dv else None
        if lower is not None:
            ctx.add(RULE, race_week, m.add(lower == 0))
    for d in range(max(0, req.race_day - 2), req.race_day):
        dv = ctx.vars.day(d)
        for t, v in dv.run.items() if dv else ():
            if t in HARD_RUNS:
                ctx.add(RULE, race_week, m.add(v == 0))
    if req.peak_week is None:
        return
    peak = _week_minutes(ctx, req.peak_week - 1)
    if peak is None:
        return
    for w in ctx.vars.week_indices:
        role = req.weeks[w].role
        if role not in (TAPER, RACE_WEEK):
            continue
        this = _week_minutes(ctx, w)
        assert this is not None  # w is inside the window
        ctx.add(RULE, w, m.add(10 * this <= (8 if role == TAPER else 5) * peak))
        before = _week_minutes(ctx, w - 1)
        if before is not None:
            ctx.add(RULE, w, m.add(this <= before))


def _week_minutes(ctx: BuildContext, w: int) -> Expr | None:
    """Run minutes of week w: an expression in the window, a constant from history, or None."""
    if w in ctx.vars.week_indices:
        return sum(dv.run_minutes for dv in ctx.vars.week_days(w))
    return ctx.known_week_minutes.get(w)
