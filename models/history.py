"""Weekly targets after real history (re-planning, SPEC H6 "counts the real history").

Pure functions on `Requirements`, shared by the re-planner (which solves against them) and the
verifier (which checks a re-planned plan's targets against them, from history given on the
command line). No ortools here.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from models.periodization import Requirements, build_requirements, grid_floor
from models.plan import PlanSession
from models.profile import AthleteProfile

DELOAD_SHARE = 0.7  # a deload week's run minutes over the week before's (solver/rules/progression)


def history_targets(
    profile: AthleteProfile,
    slot: int,
    history: list[PlanSession],
    from_date: dt.date,
    current_week_minutes: int | None = None,
    ramp: bool = True,
) -> tuple[Requirements, list[str]]:
    """The profile's requirements with the weeks before `from_date`'s week set to what
    happened, the current week at `current_week_minutes` when it fell short, and (with
    `ramp`) later targets lowered to H6 against those weeks; plus notes on what was lowered."""
    req = build_requirements(profile, slot)
    w_c = (from_date - profile.first_day).days // 7
    revise_to_history(req, history, w_c, profile.first_day)
    if current_week_minutes is not None:
        req.weeks[w_c].run_min = req.weeks[w_c].run_max = current_week_minutes
    notes = ramp_from_history(req, w_c, float(profile.run_minutes_per_week or 0)) if ramp else []
    return req, notes


def ramp_from_history(req: Any, w_c: int, v0: float) -> list[str]:
    """H6 against real history: from the current week on, a week's run-minute target
    midpoint rises at most 10 % over the week before (the last non-deload one; the weeks
    before the current one now hold what really happened), and taper weeks never rise; a
    target above that is lowered, and the change is returned as notes."""
    notes: list[str] = []
    weeks = req.weeks
    slot = req.slot_minutes

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
            cap = grid_floor(DELOAD_SHARE * weeks[w - 1].run_min, slot)
            if wk.run_min <= cap:
                continue
            lo, hi = cap, max(cap, min(wk.run_max, grid_floor(limit, slot)))
        elif mid(wk) <= limit + 1e-6:
            continue
        else:
            hi = grid_floor(limit, slot)
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
            if s.modality == "lift":
                target.lift_duration_min = s.duration_min if w < w_c else target.lift_duration_min
        if w < w_c:  # a week that is over: its targets are what happened
            target.sessions = counts
            minutes = sum(s.duration_min for s in mine if s.modality == "run" and s.type != "race")
            target.run_min = target.run_max = minutes
        else:
            for t, n in counts.items():
                target.sessions[t] = max(target.sessions.get(t, 0), n)
