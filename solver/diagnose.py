"""Why a profile is infeasible: a capacity pre-check in plain words, then an assumption-
literal core from CP-SAT (one literal per rule and week), shrunk to a minimal core."""

from __future__ import annotations

import math
import time

from ortools.sat.python import cp_model

from models.catalog import RULE_NAMES, WEEKDAY_NAMES
from models.periodization import Conflict, Requirements, two_fit
from solver.model.build import build_model

RULE_TEXT = {
    "H1": "sessions must lie inside the availability windows and off unavailable dates",
    "H2": "at most one lift and one run a day (max_sessions_per_day={max_sessions_per_day}), "
    "never overlapping",
    "H3": "a run and a lift on one day need {min_gap_hours:g} h between them",
    "H4": "at least {min_rest_days} rest day(s) a week and at most {max_consecutive_days} "
    "training days in a row",
    "H5": "each week must hold exactly its target sessions and run minutes",
    "H6": "run minutes rise at most 10% a week, and a deload week holds at most 80% of the run "
    "minutes and 70% of the lifting minutes of the week before",
    "H7": "no lift_lower within 24 h after a high-intensity run",
    "H8": "the {goal} goal fixes which session comes first on a shared day",
    "H9": "the race date, the taper and the race-week restrictions",
    "H10": "each week needs one run long enough to carry the no-spike reference forward",
    "H11": "hard run minutes stay within max_hard_share={max_hard_share:g}",
    "H12": "two lifts that train the same muscle group are never on consecutive days",
}


def _weeks_text(weeks: list[int]) -> str:
    ws = sorted(set(weeks))
    if len(ws) == 1:
        return f"week {ws[0]}"
    if ws == list(range(ws[0], ws[-1] + 1)):
        return f"weeks {ws[0]}-{ws[-1]}"
    return "weeks " + ", ".join(map(str, ws[:8])) + (" ..." if len(ws) > 8 else "")


def describe_sessions(sessions: dict[str, int]) -> str:
    """'2 lifts (lift_lower, lift_upper) and 4 runs (run_easy x4)'."""

    def part(kind: str, items: dict[str, int]) -> str:
        total = sum(items.values())
        names = ", ".join(t if n == 1 else f"{t} x{n}" for t, n in items.items())
        return f"{total} {kind}{'s' if total != 1 else ''} ({names})"

    lifts = {t: n for t, n in sessions.items() if t.startswith("lift") and n}
    runs = {t: n for t, n in sessions.items() if not t.startswith("lift") and t != "race" and n}
    parts = [part("lift", lifts)] if lifts else []
    if runs:
        parts.append(part("run", runs))
    if sessions.get("race"):
        parts.append("the race")
    return " and ".join(parts) or "no session"


def capacity_conflicts(req: Requirements) -> list[Conflict]:
    """Counting argument per week: enough usable days for the sessions asked for?"""
    p = req.profile
    blocked = set(p.unavailable_dates)
    found: dict[str, tuple[list[int], list[Conflict]]] = {}
    for w, target in enumerate(req.weeks):
        lift_days, run_days, any_days, double_days = [], [], [], []
        for i in range(7):
            d = 7 * w + i
            if p.day_date(d) in blocked:
                continue
            wins = p.windows(p.weekday_of(d))
            longest = max((x.end_min - x.start_min for x in wins), default=0)
            shortest_run = min(
                (b[0] for t, b in target.duration_bounds.items() if target.sessions.get(t)),
                default=30,
            )
            if longest >= target.lift_duration_min:
                lift_days.append(p.weekday_of(d))
            if longest >= shortest_run:
                run_days.append(p.weekday_of(d))
            if wins:
                any_days.append(p.weekday_of(d))
                spans = [(x.start_min, x.end_min) for x in wins]
                lift, gap = target.lift_duration_min, p.min_gap_min
                if p.max_sessions_per_day > 1 and (
                    two_fit(spans, lift, shortest_run, gap)
                    or two_fit(spans, shortest_run, lift, gap)
                ):
                    double_days.append(p.weekday_of(d))
        n_lift = target.lift_count
        n_run = target.run_count
        total = n_lift + n_run
        need_days = max(n_lift, n_run, math.ceil(total / p.max_sessions_per_day))
        names = [WEEKDAY_NAMES[x] for x in any_days]
        where = (
            f"only {', '.join(names)} {'is' if len(names) == 1 else 'are'}"
            if names
            else "no day is"
        )
        problems: list[Conflict] = []
        if need_days > len(any_days):
            problems.append(
                Conflict(
                    "H1",
                    f"{total} sessions a week ({_n(n_lift, 'lift')}, {_n(n_run, 'run')}) "
                    f"need at least {_n(need_days, 'training day')}, but {where} available",
                )
            )
        elif total > len(any_days) + len(double_days):
            two = ", ".join(WEEKDAY_NAMES[x] for x in double_days)
            two = f"only {two}" if two else "no day"
            problems.append(
                Conflict(
                    "H3",
                    f"{_n(total, 'session')} a week need {total} session slots, "
                    f"but the windows hold at most {len(any_days) + len(double_days)}"
                    f": {two} can host a lift and a run {p.min_gap_hours:g} h "
                    f"apart, on {len(any_days)} available days",
                )
            )
        elif n_lift > len(lift_days):
            problems.append(
                Conflict(
                    "H1",
                    f"{_n(n_lift, 'lift')} a week {_verb(n_lift, 'need')} "
                    f"{_n(n_lift, 'day')} with a window of {target.lift_duration_min} min, "
                    f"but only {len(lift_days)} {_verb(len(lift_days), 'have')} one",
                )
            )
        elif n_run > len(run_days):
            problems.append(
                Conflict(
                    "H1",
                    f"{_n(n_run, 'run')} a week {_verb(n_run, 'need')} {_n(n_run, 'day')} "
                    f"with room for a run, but only {len(run_days)} "
                    f"{_verb(len(run_days), 'have')} it",
                )
            )
        if need_days > 7 - p.min_rest_days:
            problems.append(
                Conflict(
                    "H4",
                    f"{total} sessions a week need at least {need_days} "
                    f"training days, but min_rest_days={p.min_rest_days} "
                    f"leaves {7 - p.min_rest_days}",
                )
            )
        if problems:
            problems.append(
                Conflict(
                    "H5", f"the targets ask for {describe_sessions(target.sessions)} in a week"
                )
            )
        for c in problems:
            key = c.rule + c.message
            found.setdefault(key, ([], problems))[0].append(w + 1)
    out: list[Conflict] = []
    for key, (weeks, problems) in found.items():
        for c in problems:
            if c.rule + c.message == key:
                out.append(Conflict(c.rule, f"{_weeks_text(weeks)}: {c.message}"))
                break
    return out


def core_conflicts(req: Requirements, time_limit_s: float = 10.0) -> list[Conflict]:
    """Solve without objective under one assumption per (rule, week); name the minimal core."""
    deadline = time.monotonic() + time_limit_s
    built = build_model(req, diagnostic=True)
    lits = built.ctx.assumptions
    by_index = {lit.index: key for key, lit in lits.items()}
    core = _infeasible_core(built.model, list(lits.values()), deadline)
    if core is None:
        return []
    assert set(core) <= set(by_index), "core must be a subset of the assumption literals"
    # deletion-based shrinking: drop a literal if the rest is still infeasible
    keep = list(core)
    for idx in list(keep):
        if time.monotonic() > deadline or len(keep) <= 1:
            break
        trial = [i for i in keep if i != idx]
        sub = _infeasible_core(built.model, [lits[by_index[i]] for i in trial], deadline)
        if sub is not None:
            keep = [i for i in trial if i in set(sub)] or trial
    grouped: dict[str, list[int]] = {}
    for i in keep:
        rule, week = by_index[i]
        grouped.setdefault(rule, []).append(week + 1)
    rules = sorted(grouped, key=lambda r: int(r[1:]))
    fmt = req.profile.model_dump()
    out = []
    for r in rules:
        others = ", ".join(f"{o} ({RULE_NAMES[o]})" for o in rules if o != r) or "the targets"
        text = RULE_TEXT[r].format(**fmt)
        out.append(
            Conflict(
                r, f"{_weeks_text(grouped[r])}: {text}; this cannot hold together with {others}"
            )
        )
    return out


def _infeasible_core(
    model: cp_model.CpModel, assumptions: list[cp_model.IntVar], deadline: float
) -> list[int] | None:
    """Indices of a sufficient core, or None when feasible/unknown within the time left."""
    model.clear_assumptions()
    model.add_assumptions(assumptions)
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    solver.parameters.max_time_in_seconds = max(0.5, deadline - time.monotonic())
    status = solver.solve(model)
    if status != cp_model.INFEASIBLE:
        return None
    return list(solver.sufficient_assumptions_for_infeasibility())


def diagnose(req: Requirements, time_limit_s: float = 10.0) -> list[Conflict]:
    """Human-readable conflicts naming SPEC rules; never empty for an infeasible model."""
    if req.conflicts:
        return list(req.conflicts)
    found = capacity_conflicts(req)
    if found:
        return found
    found = core_conflicts(req, time_limit_s)
    if found:
        return found
    return [
        Conflict(
            "H5",
            "the weekly targets cannot be placed under the hard rules (the "
            "diagnostic solve ran out of time before isolating the rules)",
        )
    ]


def _n(count: int, noun: str) -> str:
    """'1 lift', '2 lifts'."""
    return f"{count} {noun}{'' if count == 1 else 's'}"


def _verb(count: int, verb: str) -> str:
    """'needs' / 'need', 'has' / 'have' for a subject of `count` things."""
    if count != 1:
        return verb
    return "has" if verb == "have" else f"{verb}s"
