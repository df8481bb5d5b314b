"""Stage 3 of 3: solver values -> dated sessions (plan.json `sessions`)."""

from __future__ import annotations

from ortools.sat.python import cp_model

from models.plan import PlanSession, make_session
from solver.model.build import BuiltModel


def decode_sessions(built: BuiltModel, solver: cp_model.CpSolver) -> list[PlanSession]:
    ctx = built.ctx
    p = ctx.req.profile
    out: list[PlanSession] = []
    for dv in ctx.vars.days:
        deload = ctx.req.weeks[dv.week].deload
        day = p.day_date(dv.index)
        for t, lit in dv.lift.items():
            if solver.boolean_value(lit):
                start = int(solver.value(dv.lift_start_min))
                out.append(make_session(day, dv.week + 1, t, start, dv.lift_duration_min, deload))
        for t, lit in dv.run.items():
            if solver.boolean_value(lit):
                start = int(solver.value(dv.run_start_min))
                end = int(solver.value(dv.run_end_min))
                out.append(make_session(day, dv.week + 1, t, start, end - start, deload))
    out.sort(key=lambda s: (s.date, s.start))
    return out
