"""Weekly targets after real history (re-planning, SPEC H6 "counts the real history").

Pure functions on `Requirements`, shared by the re-planner (which solves against them) and the
verifier (which checks a re-planned plan's targets against them, from history given on the
command line). No ortools here.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from typing import Any

from models.periodization import HEALTH_FLOOR_MIN, Requirements, build_requirements
from models.plan import PlanSession
from models.profile import AthleteProfile

DELOAD_SHARE = 0.8  # a deload week's run minutes over the week before's (SPEC H6)


def history_targets(
    profile: AthleteProfile,
    slot: int,
    history: list[PlanSession],
    from_date: dt.date,
    current_week_minutes: int | None = None,
    ramp: bool = True,
    ahead: Sequence[PlanSession] = (),
) -> tuple[Requirements, list[str], dict[int, int], set[int]]:
    """The profile's requirements with the weeks before `from_date`'s week set to what
    happened, H10 caps from the runs really done (`history_caps`), the current week at
    `current_week_minutes` when it fell short, and (with `ramp`) later targets lowered to H6
    against those weeks. Also: notes on what was lowered, the caps (0-based week -> minutes)
    and the weeks the caps revised (1-based)."""
    req = build_requirements(profile, slot)
    w_c = (from_date - profile.first_day).days // 7
    revise_to_history(req, history, w_c, profile.first_day)
    caps, revised = history_caps(req, history, from_date, ahead)
    if current_week_minutes is not None:
        req.weeks[w_c].run_min = req.weeks[w_c].run_max = current_week_minutes
    notes = ramp_from_history(req, w_c, float(profile.run_minutes_per_week or 0)) if ramp else []
    return req, notes, caps, revised


def ramp_from_history(req: Any, w_c: int, v0: float) -> list[str]:
    """H6 against real history: from the current week on, a week's run-minute target
    midpoint rises at most 10 % over the week before (the last non-deload one; the weeks
    before the current one now hold what really happened), and taper weeks never rise; a
    target above that is lowered, and the change is returned as notes."""
    notes: list[str] = []
    weeks = req.weeks
    health = req.profile.goal == "health"

    def mid(wk: Any) -> float:
        return (wk.run_min + wk.run_max) / 2

    for w in range(w_c, len(weeks)):
        wk = weeks[w]
        j = w - 1
        while j >= 0 and weeks[j].deload:
            j -= 1
        limit = 1.1 * (mid(weeks[j]) if j >= 0 else v0)
        if wk.focus == "taper" and w > 0:
            limit = min(limit, mid(weeks[w - 1]))
        if wk.deload and w > 0:  # H6 deload: its minutes <= DELOAD_SHARE of the week before
            cap = math.floor(DELOAD_SHARE * weeks[w - 1].run_min)
            if health:  # a health deload keeps its floor instead (SPEC H6)
                cap = max(cap, HEALTH_FLOOR_MIN)
            if wk.run_min <= cap:
                continue
            lo, hi = cap, max(cap, min(wk.run_max, math.floor(limit)))
        elif mid(wk) <= limit + 1e-6:
            continue
        else:
            hi = math.floor(limit)
            lo = min(wk.run_min, hi)
        floor = sum(wk.duration_bounds.get(t, (0, 0))[0] * n for t, n in wk.sessions.items())
        if hi < floor:  # its sessions cannot be that short: lower as far as they allow
            notes.append(
                f"week {wk.week}: H6 against the real week before asks at most {hi} run "
                f"minutes, but its runs need {floor}; kept at {floor}"
            )
            lo, hi = min(wk.run_min, floor), max(floor, min(wk.run_max, floor))
        notes.append(
            f"week {wk.week}: run-minute target {wk.run_min}-{wk.run_max} lowered to {lo}-{hi} "
            "(H6: at most 10 % over the week before, as it really went)"
        )
        wk.run_min, wk.run_max = lo, hi
    return notes


def revise_to_history(req: Any, history: list[PlanSession], w_c: int, first: dt.date) -> None:
    """Weeks before the current one hold what happened; the current one at least that."""

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
        if w < w_c:  # a week that is over: its targets are what happened, unless it met them
            minutes = sum(s.duration_min for s in mine if s.modality == "run" and s.type != "race")
            if not met_targets(target.sessions, target.run_min, target.run_max, counts, minutes):
                target.sessions = counts
                target.run_min = target.run_max = minutes
        else:
            for t, n in counts.items():
                target.sessions[t] = max(target.sessions.get(t, 0), n)


def history_caps(
    req: Requirements,
    history: list[PlanSession],
    from_date: dt.date,
    ahead: Sequence[PlanSession] = (),
) -> tuple[dict[int, int], set[int]]:
    """H10 against the runs really done: a single-run cap for each week from the current one
    on, from the runs in its 30-day window (history) and the floors of the weeks before it,
    so a floor lowered here lowers the caps after it too. A target that planned on a run that
    did not happen (a missed long run) is lowered to the cap, and its week counts as revised
    (1-based numbers). The
    runs still `ahead` in the current week (as the original plan has them) count like the
    later weeks' planned floors: with nothing logged, nothing is lowered."""
    p = req.profile
    first = p.first_day
    w_c = (from_date - first).days // 7
    runs = [s for s in [*history, *ahead] if s.modality == "run" and s.type != "race"]
    caps: dict[int, int] = {}
    revised: set[int] = set()
    for w in range(w_c, len(req.weeks)):
        start_w = first + dt.timedelta(days=7 * w)
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


def met_targets(
    sessions: dict[str, int], run_min: int, run_max: int, counts: dict[str, int], minutes: int
) -> bool:
    """A week that held its target sessions and run minutes keeps its targets: a week that
    went as planned changes nothing later (H6 compares the targets' midpoints)."""
    want = {t: n for t, n in sessions.items() if n}
    return counts == want and run_min <= minutes <= run_max


def ahead_in_week(
    plan_sessions: Sequence[PlanSession],
    first: dt.date,
    from_date: dt.date,
    history: Sequence[PlanSession],
) -> list[PlanSession]:
    """The original plan's sessions from `from_date` to the end of its week, when history is
    exactly the original before `from_date` (nothing happened that the plan did not say, so
    its runs still ahead stand as planned); otherwise none (H10 then caps from what really
    happened alone)."""
    cut = from_date.isoformat()

    def key(s: PlanSession) -> tuple[str, str, str, int]:
        return (s.date, s.start, s.type, s.duration_min)

    before = sorted(key(s) for s in plan_sessions if s.date < cut)
    if before != sorted(key(s) for s in history):
        return []
    end = first + dt.timedelta(days=7 * ((from_date - first).days // 7 + 1))
    return [s for s in plan_sessions if cut <= s.date < end.isoformat()]
