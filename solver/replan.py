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
import io
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from models.catalog import SESSION_TYPES, parse_hhmm
from models.history import ahead_in_week, history_targets, met_targets
from models.periodization import build_requirements, grid_floor, plan_weeks
from models.plan import Plan, PlanSession, make_session
from models.profile import parse_profile
from models.settings import SolverSettings

MAX_LOG_ROWS = 5000  # 52 weeks of two sessions a day and their corrections fit easily
MAX_LOG_BYTES = 5_000_000
MAX_SESSION_MIN = 600  # longer than any session the catalogue has, race included
SHORT_WEIGHT = 10  # per run minute the current week falls short of its target
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
    history: list[PlanSession] = field(default_factory=list)  # what happened before --from
    ahead: list[PlanSession] = field(default_factory=list)  # the old plan's rest of that week


def plan_settings(plan: Plan, time_limit_s: float | None = None) -> SolverSettings:
    """The settings the plan was solved with (its recorded ones that are settings at all),
    with a new time limit; a recorded value that is not valid is bad input naming it."""
    from pydantic import ValidationError

    from models.plan import validation_problems

    known = {k: v for k, v in plan.settings.items() if k in SolverSettings.model_fields}
    if time_limit_s:
        known["time_limit_s"] = time_limit_s
    try:
        return SolverSettings.model_validate(known)
    except ValidationError as err:
        raise ReplanInputError([f"plan settings.{p}" for p in validation_problems(err)]) from None


def _minutes(raw: str) -> int:
    """A session's real minutes: a whole number from 1 to MAX_SESSION_MIN."""
    try:
        value = float(raw)
    except ValueError:
        raise ValueError(f"minutes {raw!r} is not a number") from None
    if not value.is_integer() or not 1 <= value <= MAX_SESSION_MIN:
        raise ValueError(
            f"minutes {raw!r} is not a whole number from 1 to {MAX_SESSION_MIN} "
            "(a session that did not happen is 'missed')"
        )
    return int(value)


def read_log(path: str | Path) -> list[LogEntry]:
    """date,type,status[,minutes][,start][,planned_date]; every bad cell is named."""
    import pandas as pd

    from models.files import read_text_capped

    try:
        text = read_text_capped(path, MAX_LOG_BYTES, "log")
        df = pd.read_csv(
            io.StringIO(text),
            dtype=str,
            keep_default_na=False,
            skipinitialspace=True,
            index_col=False,
        )
    except (OSError, ValueError, pd.errors.ParserError) as exc:
        raise ReplanInputError([f"{path}: cannot read the log: {exc}"]) from None
    if len(df) > MAX_LOG_ROWS:
        raise ReplanInputError(
            [f"{path}: {len(df)} rows; a log of one plan has at most {MAX_LOG_ROWS}"]
        )
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
                minutes = _minutes(raw)
            except ValueError as exc:
                problems.append(f"{where}: {exc}")
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
                if parse_hhmm(start) >= 24 * 60:
                    raise ValueError(f"time {start!r} is not a start time of day")
                if minutes is not None and parse_hhmm(start) + minutes > 24 * 60:
                    raise ValueError(f"{start!r} + {minutes} minutes runs past midnight")
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
    if not plan.weeks:
        raise ReplanInputError(["the plan has no weeks: nothing to re-plan"])
    hist = [s.model_copy() for s in plan.sessions if dt.date.fromisoformat(s.date) < from_date]
    start_date = dt.date.fromisoformat(plan.weeks[0].start_date)
    notes: list[str] = []
    problems: list[str] = []

    def find(day: dt.date, t: str) -> PlanSession | None:
        return next((s for s in hist if s.date == day.isoformat() and s.type == t), None)

    def make(day: dt.date, t: str, start: str, minutes: int) -> PlanSession:
        week = (day - start_date).days // 7 + 1
        start_min = grid_floor(parse_hhmm(start), slot)
        if start_min + minutes > 24 * 60:
            raise ValueError(f"{t} at {start} for {minutes} minutes runs past midnight")
        return make_session(day, week, t, start_min, minutes)

    for e in log:
        where = f"log row {e.row}"
        if e.date >= from_date:
            problems.append(f"{where}: {e.date} is not before --from {from_date}")
            continue
        if e.date < start_date or (e.planned_date is not None and e.planned_date < start_date):
            problems.append(f"{where}: {e.date} is before the plan's first day {start_date}")
            continue
        try:
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
                    if e.minutes is not None:
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
                minutes = e.minutes if e.minutes is not None else s.duration_min
                hist.append(make(e.date, e.type, e.start or s.start, minutes))
                notes.append(f"{e.planned_date} {e.type}: moved to {e.date}")
        except ValueError as exc:
            problems.append(f"{where}: {exc}")
    if problems:
        raise ReplanInputError(problems)
    hist.sort(key=lambda s: (s.date, s.start))
    return hist, notes


def replan(
    plan: Plan,
    log: list[LogEntry],
    from_date: dt.date,
    settings: SolverSettings | None = None,
    h6_history: bool = True,
    current_week_minutes: int | None = None,
) -> ReplanResult:
    """Re-plan from `from_date`. With `h6_history`, later targets ramp from the weeks as they
    really went (H6): the weeks before the current one as logged, and the current one as
    re-planned when it falls short of its target (a second solve, with the current week held
    to those minutes). When that leaves no plan (fewer sessions would be needed, which the
    targets cannot express yet), the re-plan falls back to the original targets and says so."""
    from models.export.calendar import carry_calendar_state
    from solver.decompose import pin_sessions
    from solver.model.build import build_model
    from solver.model.decode import decode_sessions
    from solver.model.objective import WEIGHT_SCALE, build_objective
    from solver.pipeline import STATUS, _finish, settings_record, solve_phases

    t0 = time.perf_counter()
    profile = parse_profile(plan.profile)
    if settings is None:
        settings = plan_settings(plan)
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
    from_day = (from_date - first).days
    w_c = from_day // 7
    orig = dict(build_requirements(profile, slot).weeks[w_c].sessions)

    def week_of(s: PlanSession) -> int:
        return (dt.date.fromisoformat(s.date) - first).days // 7

    ahead = ahead_in_week(plan.sessions, first, from_date, history)
    req, lowered, caps, revised = history_targets(
        profile, slot, history, from_date, current_week_minutes, ramp=h6_history, ahead=ahead
    )
    notes += lowered
    orig_min, orig_max = req.weeks[w_c].run_min, req.weeks[w_c].run_max
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
    week_minutes = sum(dv.run_minutes for dv in ctx.vars.week_days(w_c))
    m.add(week_minutes <= max(orig_max, hist_minutes))
    # ... and at least its target minutes unless sessions had to go: every minute short costs
    short = m.new_int_var(0, max(orig_min, 0), "short_minutes_current_week")
    m.add(week_minutes + short >= orig_min)
    for w, cap in caps.items():  # H10 against the runs really done
        for dv in ctx.vars.week_days(w):
            if dv.index >= from_day:
                for v in dv.dur_min.values():
                    m.add(v <= cap)
    # objective: the plan's own terms, plus staying close to the old plan
    old = {(s.date, s.type): s for s in plan.sessions if dt.date.fromisoformat(s.date) >= from_date}
    change_terms = []
    for dv in ctx.vars.days:
        if dv.index < from_day:
            continue
        day = profile.day_date(dv.index).isoformat()
        for t, v in {**dv.lift, **dv.run}.items():
            was = old.get((day, t))
            change_terms.append(1 - v if was is not None else v)
            m.add_hint(v, int(was is not None))
            if was is not None and t != "race":
                change_terms.append(_moved(m, dv, t, v, was))
    m.minimize(
        build_objective(ctx, built.weights)
        + WEIGHT_SCALE * DROP_WEIGHT * sum(drop_terms)
        + WEIGHT_SCALE * CHANGE_WEIGHT * sum(change_terms)
        + WEIGHT_SCALE * SHORT_WEIGHT * short
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
    if status == "INFEASIBLE" and h6_history and lowered:
        fallback = replan(plan, log, from_date, settings, h6_history=False)
        fallback.notes.append(
            "H6 against the real weeks could not be kept (it would need fewer sessions): "
            "planned against the original targets; " + "; ".join(lowered)
        )
        return fallback
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
            history=history,
            ahead=ahead,
        )
    future = [
        s
        for s in decode_sessions(built, phased.solver)
        if dt.date.fromisoformat(s.date) >= from_date
    ]
    sessions = sorted(history + future, key=lambda s: (s.date, s.start))
    # revised targets of the weeks touched by history: what they now hold (a week that still
    # meets its targets keeps them)
    for wk in weeks[: w_c + 1]:
        held = [s for s in sessions if s.week == wk.week]
        kinds = {s.type for s in held}
        counts = {t: sum(1 for s in held if s.type == t) for t in kinds}
        minutes = sum(s.duration_min for s in held if s.modality == "run" and s.type != "race")
        rm = wk.targets.run_minutes
        if met_targets(wk.targets.sessions, rm.min, rm.max, counts, minutes):
            continue
        wk.targets.sessions = counts
        rm.min = rm.max = minutes
        if wk.week == w_c + 1 and h6_history and current_week_minutes is None:
            if minutes < orig_min:  # later weeks ramp from what this week now holds
                again = replan(plan, log, from_date, settings, current_week_minutes=minutes)
                if again.plan.has_schedule:
                    return again
    new = Plan(status=status, sessions=sessions, **base)
    new = _finish(new, profile, 0.0, t0, proven=False)
    carry_calendar_state(plan, new)  # SEQUENCE for changed events, cancelled ones kept
    # the solver optimized the plan's terms plus change/drop penalties: no bound for the
    # plan's own objective is proven, so none is reported
    new.status = "OPTIMAL" if status == "OPTIMAL" else "FEASIBLE"
    new.best_bound = new.gap = None
    return ReplanResult(
        new, changes=_diff(plan, new, from_date, orig), notes=notes, history=history, ahead=ahead
    )


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


def history_of(plan: Plan, log: list[LogEntry], from_date: dt.date, slot: int) -> list[PlanSession]:
    """What happened before `from_date`: the original plan with the log applied (the verifier
    takes a re-planned plan's exemptions from this, not from the plan it checks)."""
    return apply_log(plan, log, from_date, slot)[0]


def _moved(m: Any, dv: Any, t: str, present: Any, was: PlanSession) -> Any:
    """A literal that is 1 when the old session `was` stays on its day but at another start
    or length (a change the penalty counts, so an empty log moves nothing)."""
    moved = m.new_bool_var(f"moved[{was.date}.{t}]")
    start = dv.lift_start_min if t.startswith("lift") else dv.run_start_min
    keep = [present, moved.Not()]
    m.add(start == parse_hhmm(was.start)).only_enforce_if(keep)
    if t in dv.dur_min:
        m.add(dv.dur_min[t] == was.duration_min).only_enforce_if(keep)
    return moved
