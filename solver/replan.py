"""Re-planning after real life: `hybridplan replan PLAN.json LOG.csv --from DATE`.

The log says what happened before DATE: a planned session `done` (optionally with its actual
minutes), `missed`, or `moved` (it happened on `date` instead of `planned_date`), and a `done`
session that was never planned is an extra one. History is pinned as it happened and the rest
is re-optimized with every rule, counting the history:

- Per-week rules run over history and future together in the current week and later (H4 rest
  and streaks, H6 deload against the real week before, H7 after a real hard run, H11), and H10
  caps come from the runs really done in the 30 days before.
- Weeks wholly in the past are facts: their rules are not re-imposed and their targets become
  what happened. In the current week a session that no longer fits is dropped (a heavy penalty
  per dropped session says "only if the rules leave no room") and reported with the reason.
- A penalty per changed future session keeps the new plan close to the old one, and the old
  plan is the solution hint.
"""

from __future__ import annotations

import datetime as dt
import math
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from models.catalog import SESSION_TYPES, parse_hhmm
from models.periodization import Requirements, build_requirements, grid_floor, plan_weeks
from models.plan import Plan, PlanSession, make_session
from models.profile import parse_profile
from models.settings import SolverSettings

DROP_WEIGHT = 1000  # per session of the current week that cannot be re-placed (objective units)
CHANGE_WEIGHT = 1  # per future session added or removed against the old plan
STATUSES = ("done", "missed", "moved")


class ReplanInputError(ValueError):
    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("; ".join(problems))


@dataclass
class LogEntry:
    row: int
    date: dt.date
    type: str
    status: str
    minutes: int | None = None
    start: str | None = None
    planned_date: dt.date | None = None


@dataclass
class ReplanResult:
    plan: Plan
    changes: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def read_log(path: str | Path) -> list[LogEntry]:
    """date,type,status[,minutes][,start][,planned_date]; every bad cell is named."""
    import pandas as pd

    try:
        df = pd.read_csv(path, dtype=str, keep_default_na=False, skipinitialspace=True)
    except (OSError, ValueError) as exc:
        raise ReplanInputError([f"{path}: cannot read the log: {exc}"]) from None
    problems: list[str] = []
    for col in ("date", "type", "status"):
        if col not in df.columns:
            problems.append(f"{path}: missing column {col!r}")
    if problems:
        raise ReplanInputError(problems)
    out: list[LogEntry] = []
    for i, rec in enumerate(df.to_dict(orient="records"), start=1):
        where = f"log row {i}"
        try:
            day = dt.date.fromisoformat(str(rec["date"]).strip())
        except ValueError:
            problems.append(f"{where}: date {rec['date']!r} is not YYYY-MM-DD")
            continue
        t, st = str(rec["type"]).strip(), str(rec["status"]).strip().lower()
        if t not in SESSION_TYPES:
            problems.append(f"{where}: type {t!r} is not a session type")
        if st not in STATUSES:
            problems.append(f"{where}: status {st!r} is not one of {', '.join(STATUSES)}")
        minutes = None
        raw = str(rec.get("minutes", "") or "").strip()
        if raw:
            try:
                minutes = int(float(raw))
            except ValueError:
                problems.append(f"{where}: minutes {raw!r} is not a number")
        planned = None
        raw = str(rec.get("planned_date", "") or "").strip()
        if raw:
            try:
                planned = dt.date.fromisoformat(raw)
            except ValueError:
                problems.append(f"{where}: planned_date {raw!r} is not YYYY-MM-DD")
        start = str(rec.get("start", "") or "").strip() or None
        if start is not None:
            try:
                parse_hhmm(start)
            except ValueError as exc:
                problems.append(f"{where}: start: {exc}")
        out.append(LogEntry(i, day, t, st, minutes, start, planned))
    if problems:
        raise ReplanInputError(problems)
    return out


def apply_log(
    plan: Plan, log: list[LogEntry], from_date: dt.date, slot: int
) -> tuple[list[PlanSession], list[str]]:
    """The sessions that really happened before `from_date` (starts on the plan's grid,
    durations in whole minutes as logged)."""
    hist = [s.model_copy() for s in plan.sessions if dt.date.fromisoformat(s.date) < from_date]
    start_date = dt.date.fromisoformat(plan.weeks[0].start_date)
    notes: list[str] = []
    problems: list[str] = []

    def find(day: dt.date, t: str) -> PlanSession | None:
        return next((s for s in hist if s.date == day.isoformat() and s.type == t), None)

    def make(day: dt.date, t: str, start: str, minutes: int) -> PlanSession:
        week = (day - start_date).days // 7 + 1
        return make_session(day, week, t, grid_floor(parse_hhmm(start), slot), minutes)

    for e in log:
        where = f"log row {e.row}"
        if e.date >= from_date:
            problems.append(f"{where}: {e.date} is not before --from {from_date}")
            continue
        if e.status == "missed":
            s = find(e.date, e.type)
            if s is None:
                problems.append(f"{where}: no {e.type} was planned on {e.date}")
                continue
            hist.remove(s)
            notes.append(f"{e.date} {e.type}: missed")
        elif e.status == "done":
            s = find(e.date, e.type)
            if s is not None:
                if e.minutes:
                    new = make(e.date, e.type, e.start or s.start, e.minutes)
                    hist[hist.index(s)] = new
                    notes.append(f"{e.date} {e.type}: done, {new.duration_min} min")
            elif e.minutes is None:
                problems.append(f"{where}: an unplanned {e.type} needs its minutes")
            else:
                hist.append(make(e.date, e.type, e.start or "07:00", e.minutes))
                notes.append(f"{e.date} {e.type}: extra, unplanned, {e.minutes} min")
        else:  # moved
            if e.planned_date is None:
                problems.append(f"{where}: a moved session needs planned_date")
                continue
            s = find(e.planned_date, e.type)
            if s is None:
                problems.append(f"{where}: no {e.type} was planned on {e.planned_date}")
                continue
            hist.remove(s)
            minutes = e.minutes if e.minutes else s.duration_min
            hist.append(make(e.date, e.type, e.start or s.start, minutes))
            notes.append(f"{e.planned_date} {e.type}: moved to {e.date}")
    if problems:
        raise ReplanInputError(problems)
    hist.sort(key=lambda s: (s.date, s.start))
    return hist, notes


def _history_caps(
    req: Requirements, history: list[PlanSession], from_date: dt.date
) -> tuple[dict[int, int], set[int]]:
    """H10 against the runs really done: a single-run cap for each week whose 30-day window
    reaches back into history. A target that planned on a run that did not happen (a missed
    long run) is lowered to the cap, and its week counts as revised (1-based numbers)."""
    p = req.profile
    first = p.first_day
    w_c = (from_date - first).days // 7
    runs = [s for s in history if s.modality == "run" and s.type != "race"]
    caps: dict[int, int] = {}
    revised: set[int] = set()
    for w in range(w_c, len(req.weeks)):
        start_w = first + dt.timedelta(days=7 * w)
        if start_w - dt.timedelta(days=30) > from_date:
            break
        refs = [
            s.duration_min
            for s in runs
            if start_w - dt.timedelta(days=24) <= dt.date.fromisoformat(s.date) < start_w
        ]
        refs += [req.weeks[v].longest_run_floor_min for v in range(max(w_c + 1, w - 3), w)]
        if 7 * w + 6 < 30:
            refs.append(p.longest_recent_run_min or 0)
        cap = math.floor(1.1 * max(refs, default=0))
        caps[w] = cap
        target = req.weeks[w]
        shortfall = 0
        for t, (lo, _hi) in list(target.duration_bounds.items()):
            if lo > cap and t not in target.work_bounds:
                shortfall += (lo - cap) * target.sessions.get(t, 0)
                target.duration_bounds[t] = (cap, cap)
        if target.longest_run_floor_min > cap:
            target.longest_run_floor_min = cap
            revised.add(w + 1)
        if shortfall:
            target.run_min = max(0, target.run_min - shortfall)
            target.run_max = max(target.run_min, target.run_max - shortfall)
            revised.add(w + 1)
    return caps, revised


def replan(
    plan: Plan, log: list[LogEntry], from_date: dt.date, settings: SolverSettings | None = None
) -> ReplanResult:
    from models.calendar import carry_calendar_state
    from solver.build import build_model
    from solver.decode import decode_sessions
    from solver.decompose import pin_sessions
    from solver.objective import WEIGHT_SCALE, build_objective
    from solver.pipeline import STATUS, _finish, settings_record, solve_phases

    t0 = time.perf_counter()
    profile = parse_profile(plan.profile)
    if settings is None:
        known = {k: v for k, v in plan.settings.items() if k in SolverSettings.model_fields}
        settings = SolverSettings.model_validate(known)
    slot = settings.slot_minutes
    first, n_weeks = profile.first_day, profile.horizon_weeks
    last = first + dt.timedelta(days=7 * n_weeks - 1)
    if not first < from_date <= last:
        raise ReplanInputError(
            [
                f"--from {from_date} must be after the plan's first day {first} "
                f"and no later than its last day {last}"
            ]
        )
    history, notes = apply_log(plan, log, from_date, slot)
    req = build_requirements(profile, slot)
    from_day = (from_date - first).days
    w_c = from_day // 7
    orig = {t: n for t, n in req.weeks[w_c].sessions.items()}
    orig_max = req.weeks[w_c].run_max

    def week_of(s: PlanSession) -> int:
        return (dt.date.fromisoformat(s.date) - first).days // 7

    for w in range(w_c + 1):
        target = req.weeks[w]
        mine = [s for s in history if week_of(s) == w]
        counts: dict[str, int] = {}
        for s in mine:
            counts[s.type] = counts.get(s.type, 0) + 1
            if s.type != "race" and s.modality == "run":
                lo, hi = target.duration_bounds.get(s.type, (s.duration_min, s.duration_min))
                target.duration_bounds[s.type] = (min(lo, s.duration_min), max(hi, s.duration_min))
                if s.type in target.work_bounds:
                    a, b = target.work_bounds[s.type]
                    target.work_bounds[s.type] = (min(a, s.hard_min), max(b, s.hard_min))
            if s.modality == "lift":
                target.lift_duration_min = s.duration_min if w < w_c else target.lift_duration_min
        if w < w_c:  # a week that is over: its targets are what happened
            target.sessions = counts
            minutes = sum(s.duration_min for s in mine if s.modality == "run" and s.type != "race")
            target.run_min = target.run_max = minutes
        else:
            for t, n in counts.items():
                target.sessions[t] = max(target.sessions.get(t, 0), n)
    caps, revised = _history_caps(req, history, from_date)
    built = build_model(
        req, diagnostic=True, history_before_day=from_day, **settings.build_options()
    )
    m, ctx = built.model, built.ctx
    for (rule, w), lit in ctx.assumptions.items():
        m.add(lit == int(w > w_c or (w == w_c and rule not in ("H5", "H10"))))
    pin_sessions(built, history, from_day)
    # the current week: what is left of its targets, as far as the rules allow
    cur = [dv for dv in ctx.vars.week_days(w_c) if dv.index >= from_day]
    done = {t: sum(1 for s in history if week_of(s) == w_c and s.type == t) for t in orig}
    drop_terms = []
    for t, n in orig.items():
        lits = [
            v
            for dv in cur
            for v in ([dv.lift.get(t)] if t.startswith("lift") else [dv.run.get(t)])
            if v is not None
        ]
        need = max(0, n - done.get(t, 0))
        m.add(sum(lits) <= need)
        drop_terms.append(need - sum(lits))
    hist_minutes = sum(
        s.duration_min
        for s in history
        if week_of(s) == w_c and s.modality == "run" and s.type != "race"
    )
    m.add(sum(dv.run_minutes for dv in ctx.vars.week_days(w_c)) <= max(orig_max, hist_minutes))
    for w, cap in caps.items():
        for dv in ctx.vars.week_days(w):
            if dv.index >= from_day:
                for v in dv.dur_min.values():
                    m.add(v <= cap)
    # objective: the plan's own terms, plus staying close to the old plan
    old = {(s.date, s.type) for s in plan.sessions if dt.date.fromisoformat(s.date) >= from_date}
    change_terms = []
    for dv in ctx.vars.days:
        if dv.index < from_day:
            continue
        day = profile.day_date(dv.index).isoformat()
        for t, v in {**dv.lift, **dv.run}.items():
            was = (day, t) in old
            change_terms.append(1 - v if was else v)
            m.add_hint(v, int(was))
    m.minimize(
        build_objective(ctx, built.weights)
        + WEIGHT_SCALE * DROP_WEIGHT * sum(drop_terms)
        + WEIGHT_SCALE * CHANGE_WEIGHT * sum(change_terms)
    )
    phased = solve_phases(m, settings, time.monotonic() + settings.time_limit_s)
    status = STATUS.get(phased.code, "UNKNOWN")
    record = settings_record(settings)
    record.update(
        replanned_from=from_date.isoformat(),
        revised_weeks=sorted(set(range(1, w_c + 2)) | revised),
    )
    weeks = plan_weeks(req)
    base: dict[str, Any] = {
        "athlete_id": plan.athlete_id,
        "settings": record,
        "profile": profile.to_json_dict(),
        "weeks": weeks,
        "warnings": list(req.warnings),
    }
    if phased.solver is None or status not in ("OPTIMAL", "FEASIBLE"):
        from models.plan import PlanConflict

        why = (
            "the rules cannot all hold together with what happened"
            if status == "INFEASIBLE"
            else f"no plan within {settings.time_limit_s:g} s"
        )
        return ReplanResult(
            Plan(
                status="INFEASIBLE" if status == "INFEASIBLE" else status,
                conflicts=[PlanConflict(rule="H5", message=why)],
                **base,
            ),
            notes=notes,
        )
    future = [
        s
        for s in decode_sessions(built, phased.solver)
        if dt.date.fromisoformat(s.date) >= from_date
    ]
    sessions = sorted(history + future, key=lambda s: (s.date, s.start))
    # revised targets of the weeks touched by history: what they now hold
    for wk in weeks[: w_c + 1]:
        held = [s for s in sessions if s.week == wk.week]
        kinds = {s.type for s in held}
        wk.targets.sessions = {t: sum(1 for s in held if s.type == t) for t in kinds}
        minutes = sum(s.duration_min for s in held if s.modality == "run" and s.type != "race")
        wk.targets.run_minutes.min = wk.targets.run_minutes.max = minutes
    new = Plan(status=status, sessions=sessions, **base)
    new = _finish(new, profile, 0.0, t0, proven=False)
    carry_calendar_state(plan, new)  # SEQUENCE for changed events, cancelled ones kept
    # the solver optimized the plan's terms plus change/drop penalties: no bound for the
    # plan's own objective is proven, so none is reported
    new.status = "OPTIMAL" if status == "OPTIMAL" else "FEASIBLE"
    new.best_bound = new.gap = None
    return ReplanResult(new, changes=_diff(plan, new, from_date, orig), notes=notes)


def _diff(old: Plan, new: Plan, from_date: dt.date, orig: dict[str, int]) -> list[str]:
    """What changed from `from_date` on, and why sessions of the current week were dropped."""

    def key(p: Plan) -> dict[tuple[str, str], PlanSession]:
        return {
            (s.date, s.type): s for s in p.sessions if dt.date.fromisoformat(s.date) >= from_date
        }

    a, b = key(old), key(new)
    out: list[str] = []
    for k in sorted(set(a) | set(b)):
        if k in a and k not in b:
            out.append(f"removed {k[0]} {k[1]} {a[k].start}")
        elif k in b and k not in a:
            out.append(f"added {k[0]} {k[1]} {b[k].start} ({b[k].duration_min} min)")
        elif a[k].start != b[k].start or a[k].duration_min != b[k].duration_min:
            out.append(
                f"changed {k[0]} {k[1]}: {a[k].start} {a[k].duration_min}' -> "
                f"{b[k].start} {b[k].duration_min}'"
            )
    cur_week = (from_date - dt.date.fromisoformat(old.weeks[0].start_date)).days // 7 + 1
    have = {t: sum(1 for s in new.sessions if s.week == cur_week and s.type == t) for t in orig}
    for t, n in orig.items():
        if have.get(t, 0) < n:
            out.append(
                f"dropped {n - have.get(t, 0)} x {t} in week {cur_week}: no day left this "
                "week where the rules (rest, spacing, interference, volume) allow it"
            )
    return out
