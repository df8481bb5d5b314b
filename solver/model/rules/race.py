"""H9 race: the race is on its date at its start; no `lift_lower` in the 7 days and no quality
session in the 2 days before the race (the model also keeps every lift out of those 2 days).

The taper's volume (taper weeks <= 85 % of the peak week and <= the week before, the race
week <= 60 %) is a rule on the weeks' run-minute targets, like H6's ramp: the periodization
builds it into the targets, H5 keeps the actual minutes inside them, and the verifier checks
the midpoints (`check_race`)."""

from __future__ import annotations

from models.catalog import HARD_RUNS
from solver.model.context import BuildContext

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
    for d in range(max(0, req.race_day - 2), req.race_day + 1):
        dv = ctx.vars.day(d)
        for t, v in dv.run.items() if dv else ():
            if t in HARD_RUNS:
                ctx.add(RULE, race_week, m.add(v == 0))
        # Stricter than the rule, as a coach plans it: no lift at all in the last 2 days
        # (the race-week lift is a light upper-body session early in the week).
        for v in dv.lift.values() if dv else ():
            ctx.add(RULE, race_week, m.add(v == 0))
