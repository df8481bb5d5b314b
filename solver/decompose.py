"""Block decomposition for long horizons: solve mesocycle by mesocycle, then prove.

1. Sequential pass: each block is solved with the weeks before it fixed (history, so the
   cross-week rules H4/H6/H7/H9 see the real past) and one look-ahead week (so a block does
   not paint the next one into a corner); only the block's own weeks are kept.
2. Bound pass: each block solved alone, with every cross-block rule and term dropped, is a
   relaxation, so the sum of their bounds is a valid lower bound for the whole plan. When
   the stitched plan meets it, the plan is proven optimal.

Any failure of the sequential pass (a block infeasible or out of time) returns None and the
caller falls back to the monolithic model.
"""

from __future__ import annotations

import datetime as dt
import math
import time
from dataclasses import dataclass

from ortools.sat.python import cp_model

from models.catalog import parse_hhmm
from models.periodization import Requirements
from models.plan import PlanSession
from models.settings import SolverSettings
from solver.model.build import BuiltModel, build_model
from solver.model.decode import decode_sessions
from solver.model.objective import WEIGHT_SCALE
from solver.model.params import make_solver

LOOKAHEAD_WEEKS = 1


@dataclass
class DecomposedResult:
    sessions: list[PlanSession]
    lower_bound: float
    chunks: int
    plan_at: float = 0.0  # time.monotonic() when the stitched plan was complete (benchmarks)


def blocks_of(req: Requirements) -> list[tuple[int, int]]:
    """Consecutive weeks of one mesocycle, as [start, end) week ranges."""
    out: list[tuple[int, int]] = []
    start = 0
    for w in range(1, len(req.weeks) + 1):
        if w == len(req.weeks) or req.weeks[w].mesocycle != req.weeks[start].mesocycle:
            out.append((start, w))
            start = w
    return out


def pin_sessions(
    built: BuiltModel, sessions: list[PlanSession], before_day: int, hint: bool = False
) -> None:
    """Fix (or, with `hint`, only suggest) every modelled day before `before_day` to the
    sessions already chosen."""
    req = built.ctx.req
    m = built.model
    by_day: dict[int, dict[str, PlanSession]] = {}
    for s in sessions:
        d = (dt.date.fromisoformat(s.date) - req.profile.first_day).days
        by_day.setdefault(d, {})[s.type] = s
    for dv in built.ctx.vars.days:
        if dv.index >= before_day:
            break
        chosen = by_day.get(dv.index, {})
        for t, lit in {**dv.lift, **dv.run}.items():
            got = chosen.get(t)
            if hint:
                m.add_hint(lit, 1 if got else 0)
            else:
                m.add(lit == (1 if got else 0))
            if got is None:
                continue
            start = parse_hhmm(got.start)
            if t.startswith("lift"):
                if hint:
                    if not isinstance(dv.lift_start_slot, int):
                        m.add_hint(dv.lift_start_slot, start // dv.slot)
                else:
                    m.add(dv.lift_start_min == start)
            elif t != "race":
                if hint:
                    if not isinstance(dv.run_start_slot, int):
                        m.add_hint(dv.run_start_slot, start // dv.slot)
                    m.add_hint(dv.dur_min[t], got.duration_min)
                else:
                    m.add(dv.run_start_min == start)
                    m.add(dv.dur_min[t] == got.duration_min)


def _solver(settings: SolverSettings, seconds: float) -> cp_model.CpSolver:
    sub = settings.model_copy(update={"time_limit_s": max(0.2, seconds)})
    solver, _ = make_solver(sub)
    return solver


def solve_decomposed(
    req: Requirements, settings: SolverSettings, deadline: float
) -> DecomposedResult | None:
    blocks = blocks_of(req)
    n_weeks = len(req.weeks)
    history = max(1, math.ceil(req.profile.max_consecutive_days / 7))
    kept: list[PlanSession] = []
    minutes: dict[int, int] = {}
    for k, (a, b) in enumerate(blocks):
        lo, hi = max(0, a - history), min(n_weeks, b + LOOKAHEAD_WEEKS)
        built = build_model(
            req, weeks=(lo, hi), known_week_minutes=minutes, **settings.build_options()
        )
        pin_sessions(built, kept, 7 * a)
        left = deadline - time.monotonic()
        share = (b - a) / max(1, n_weeks - a)
        solver = _solver(settings, 0.6 * left * share)
        code = solver.solve(built.model)
        if code not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            return None
        for s in decode_sessions(built, solver):
            if a <= s.week - 1 < b:
                kept.append(s)
                if s.modality == "run" and s.type != "race":
                    minutes[s.week - 1] = minutes.get(s.week - 1, 0) + s.duration_min
        del k
    for w in range(n_weeks):
        minutes.setdefault(w, 0)
    plan_at = time.monotonic()
    bound = 0.0
    for a, b in blocks:
        left = deadline - time.monotonic()
        if left <= 0.05:
            break
        built = build_model(req, weeks=(a, b), **settings.build_options())
        solver = _solver(settings, left / max(1, len(blocks)))
        code = solver.solve(built.model)
        if code == cp_model.OPTIMAL:
            bound += solver.objective_value / WEIGHT_SCALE
        elif code == cp_model.FEASIBLE:
            bound += solver.best_objective_bound / WEIGHT_SCALE
        # otherwise the block adds 0, still a valid bound: every term is non-negative
    kept.sort(key=lambda s: (s.date, s.start))
    return DecomposedResult(kept, bound, len(blocks), plan_at)
