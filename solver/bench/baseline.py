"""A greedy baseline planner: what a typical app or a coach's template does.

It takes the same weekly session counts as the CP-SAT model, and puts each session, lifts
first and then runs from the longest, into the first day and the first window where it fits
(at most one lift and one run a day, never overlapping). It does no optimization and checks
no rule beyond that. Its plans go through the same verifier and objective, so the benchmarks
can show what the model buys (benchmarks/bench_baseline.py).
"""

from __future__ import annotations

import time
from typing import Any

from models.catalog import duration_of_work, modality_of
from models.periodization import build_requirements, grid_ceil, plan_weeks
from models.plan import Plan, PlanConflict, PlanSession, TermValue, make_session
from models.profile import AthleteProfile
from models.weights import weights_for
from solver.verify import objective_terms, weighted_objective


def greedy_plan(profile: AthleteProfile, slot_minutes: int = 15) -> Plan:
    t0 = time.perf_counter()
    req = build_requirements(profile, slot_minutes)
    base: dict[str, Any] = {
        "athlete_id": profile.id,
        "settings": {"planner": "greedy-baseline", "slot_minutes": slot_minutes},
        "profile": profile.to_json_dict(),
    }
    base["weeks"] = plan_weeks(req)
    blocked = set(profile.unavailable_dates)
    sessions: list[PlanSession] = []
    missing: list[str] = []
    for w, target in enumerate(req.weeks):
        runs = [t for t, n in target.sessions.items() if not t.startswith("lift") for _ in range(n)]
        lifts = [t for t, n in target.sessions.items() if t.startswith("lift") for _ in range(n)]
        n_train = len([t for t in runs if t != "race"])
        mid = (target.run_min + target.run_max) / 2
        per_run = mid / n_train if n_train else 0
        busy: dict[int, list[tuple[int, int, str]]] = {}
        if req.race_day is not None and "race" in runs:
            runs.remove("race")
            d = req.race_day
            busy[d] = [(req.race_start_min, req.race_start_min + req.race_duration_min, "run")]
            sessions.append(
                make_session(
                    profile.day_date(d),
                    w + 1,
                    "race",
                    req.race_start_min,
                    req.race_duration_min,
                    target.deload,
                )
            )
        order = lifts + sorted(runs, key=lambda t: -target.duration_bounds.get(t, (0, 0))[1])
        for t in order:
            if t.startswith("lift"):
                dur = target.lift_duration_min
            elif t in target.work_bounds:  # a quality session: its duration follows W
                dur = duration_of_work(t, target.work_bounds[t][0])
            else:
                lo, hi = target.duration_bounds[t]
                dur = max(lo, min(hi, round(per_run)))
            placed = False
            for i in range(7):
                d = 7 * w + i
                if profile.day_date(d) in blocked:
                    continue
                day = busy.setdefault(d, [])
                kinds = [k for _, _, k in day]
                if modality_of(t) in kinds or len(day) >= profile.max_sessions_per_day:
                    continue
                for win in profile.windows(profile.weekday_of(d)):
                    start = grid_ceil(win.start_min, slot_minutes)
                    for a, b, _ in sorted(day):
                        if start < b and a < start + dur:
                            start = grid_ceil(b, slot_minutes)
                    if start + dur <= win.end_min:
                        day.append((start, start + dur, modality_of(t)))
                        sessions.append(
                            make_session(profile.day_date(d), w + 1, t, start, dur, target.deload)
                        )
                        placed = True
                        break
                if placed:
                    break
            if not placed:
                missing.append(f"week {w + 1}: no free window for {t}")
    sessions.sort(key=lambda s: (s.date, s.start))
    if missing:
        return Plan(
            status="INFEASIBLE",
            solve_seconds=round(time.perf_counter() - t0, 4),
            conflicts=[PlanConflict(rule="H1", message=m) for m in missing[:5]],
            **base,
        )
    plan = Plan(status="FEASIBLE", sessions=sessions, **base)
    terms = objective_terms(profile, plan)
    weights = weights_for(profile)
    plan.objective = weighted_objective(profile, terms)
    plan.objective_terms = {k: TermValue(weight=weights[k], value=v) for k, v in terms.items()}
    plan.solve_seconds = round(time.perf_counter() - t0, 4)
    return plan
