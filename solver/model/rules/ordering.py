"""H8 ordering by priority: on a day with a run and a lift, strength/hypertrophy goals lift
first and race/endurance goals run a key run first. Other goals prefer lift-first (soft)."""

from __future__ import annotations

from models.catalog import KEY_RUNS
from solver.model.context import BuildContext

RULE = "H8"
LIFT_FIRST_GOALS = frozenset({"strength", "hypertrophy"})
RUN_FIRST_GOALS = frozenset({"race", "endurance"})


def add_ordering(ctx: BuildContext) -> None:
    m = ctx.model
    goal = ctx.req.profile.goal
    for dv in ctx.vars.days:
        if not (dv.lift and dv.run):
            continue
        if goal in LIFT_FIRST_GOALS:
            ctx.add_day(RULE, dv, m.add_implication(dv.both, dv.lift_first))
        elif goal in RUN_FIRST_GOALS:
            for t, v in dv.run.items():
                if t in KEY_RUNS:
                    ctx.add_day(RULE, dv, m.add_implication(v, ~dv.lift_first), dv.has_lift)
