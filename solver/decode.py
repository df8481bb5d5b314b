"""Stage 3 of 3: solver values -> dated sessions (plan.json `sessions`)."""

from __future__ import annotations

from ortools.sat.python import cp_model

from models.catalog import hhmm, intensity_of, modality_of
from models.plan import PlanSession
from solver.build import BuiltModel


def decode_sessions(built: BuiltModel, solver: cp_model.CpSolver) -> list[PlanSession]:
    ctx = built.ctx
    p = ctx.req.profile
    out: list[PlanSession] = []
    for dv in ctx.vars.days:
        deload = ctx.req.weeks[dv.week].deload
        date = p.day_date(dv.index).isoformat()
        for t, lit in dv.lift.items():
            if solver.boolean_value(lit):
                start = int(solver.value(dv.lift_start_min))
                out.append(
                    _session(date, dv.week, dv.weekday, t, start, dv.lift_duration_min, deload)
                )
        for t, lit in dv.run.items():
            if solver.boolean_value(lit):
                start = int(solver.value(dv.run_start_min))
                end = int(solver.value(dv.run_end_min))
                out.append(_session(date, dv.week, dv.weekday, t, start, end - start, deload))
    out.sort(key=lambda s: (s.date, s.start))
    return out


def _session(
    date: str, week0: int, weekday: str, t: str, start: int, dur: int, deload: bool
) -> PlanSession:
    return PlanSession(
        date=date,
        week=week0 + 1,
        weekday=weekday,
        start=hhmm(start),
        end=hhmm(start + dur),
        type=t,
        modality=modality_of(t),
        duration_min=dur,
        intensity=intensity_of(t, deload),
    )
