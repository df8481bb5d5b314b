"""H9 race: the race is on its date at its start; taper weeks fall (<= 80% of the peak week and
<= the week before; the race week <= 50% of the peak); no `lift_lower` in the 7 days and no
high-intensity run in the 2 days before the race."""

from __future__ import annotations

from models.catalog import HARD_RUNS
from models.periodization import RACE_WEEK, TAPER
from solver.context import BuildContext

RULE = "H9"


def add_race(ctx: BuildContext) -> None:
    req = ctx.req
    if req.race_day is None:
        return
    m = ctx.model
    days = ctx.vars.days
    race_dv = days[req.race_day]
    race_week = race_dv.week
    ctx.add(RULE, race_week, m.add(race_dv.run["race"] == 1))
    # Whole calendar days are blocked, a conservative reading of "7 days"/"2 days" before.
    for d in range(max(0, req.race_day - 7), req.race_day + 1):
        lower = days[d].lift.get("lift_lower")
        if lower is not None:
            ctx.add(RULE, race_week, m.add(lower == 0))
    for d in range(max(0, req.race_day - 2), req.race_day):
        for t, v in days[d].run.items():
            if t in HARD_RUNS:
                ctx.add(RULE, race_week, m.add(v == 0))
    if req.peak_week is None:
        return
    minutes = [sum(dv.run_minutes for dv in ctx.vars.week_days(w)) for w in range(len(req.weeks))]
    peak = minutes[req.peak_week - 1]
    for w, target in enumerate(req.weeks):
        if target.role == TAPER:
            ctx.add(RULE, w, m.add(10 * minutes[w] <= 8 * peak))
        elif target.role == RACE_WEEK:
            ctx.add(RULE, w, m.add(10 * minutes[w] <= 5 * peak))
        else:
            continue
        if w > 0:
            ctx.add(RULE, w, m.add(minutes[w] <= minutes[w - 1]))
