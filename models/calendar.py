"""plan.ics (RFC 5545) from a plan, built with the `icalendar` library.

Times in plan.json are local to the athlete's `timezone`; events carry that TZID. UIDs depend
on (athlete, date, modality) only, since a day holds at most one lift and one run: a re-plan
that moves a session's time or type updates the calendar event instead of duplicating it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event

from models.catalog import KEY_RUNS
from models.plan import Plan, PlanSession

TITLES = {
    "lift_lower": "Lower-body lift",
    "lift_upper": "Upper-body lift",
    "lift_full": "Full-body lift",
    "run_easy": "Easy run",
    "run_long": "Long run",
    "run_tempo": "Tempo run",
    "run_intervals": "Intervals",
    "race": "RACE",
}


def session_uid(athlete_id: str, s: PlanSession) -> str:
    key = f"{athlete_id}|{s.date}|{s.modality}"
    return hashlib.sha256(key.encode()).hexdigest()[:24] + "@hybridplan"


def rationale(plan: Plan, s: PlanSession) -> str:
    """Why the session sits where it does, in one or two sentences (people, not rules)."""
    goal = str(plan.profile.get("goal", "general"))
    mates = [o for o in plan.sessions if o.date == s.date and o is not s]
    parts: list[str] = []
    if mates:
        other = mates[0]
        first = s.start < other.start
        gap = abs(_minutes(other.start) - _minutes(s.end if first else other.end)) / 60
        if first:
            parts.append(
                f"First of two sessions today; the {other.type.replace('_', ' ')} "
                f"follows {gap:.1f} h after it ends (H3 spacing)."
            )
        else:
            parts.append(
                f"Second session today, {gap:.1f} h after the "
                f"{other.type.replace('_', ' ')} (H3 spacing)."
            )
        if goal in ("strength", "hypertrophy") and s.modality == "lift":
            parts.append("Lift first: strength is the priority goal (H8).")
        if goal in ("race", "endurance") and s.type in KEY_RUNS:
            parts.append("Key run first: running is the priority goal (H8).")
    else:
        parts.append("The only session of the day, so it is not affected by interference.")
    if s.type == "lift_lower":
        parts.append("No high-intensity run in the 24 h before it (H7).")
    if s.type == "race":
        parts.append("Race day: the taper keeps the last weeks light (H9).")
    return " ".join(parts)


def _minutes(hhmm: str) -> int:
    h, m = hhmm.split(":")
    return int(h) * 60 + int(m)


def plan_calendar(plan: Plan) -> Calendar:
    tzname = str(plan.profile.get("timezone", "UTC"))
    tz = ZoneInfo(tzname)
    weeks = {w.week: w for w in plan.weeks}
    cal = Calendar()
    cal.add("prodid", "-//hybridplan//concurrent training planner//EN")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", f"hybridplan: {plan.profile.get('name', plan.athlete_id)}")
    cal.add("x-wr-timezone", tzname)
    stamp = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)  # fixed: the same plan gives the same file
    for s in plan.sessions:
        day = dt.date.fromisoformat(s.date)
        start = dt.datetime.combine(day, dt.time(), tzinfo=tz) + dt.timedelta(
            minutes=_minutes(s.start)
        )
        ev = Event()
        ev.add("uid", session_uid(plan.athlete_id, s))
        ev.add("dtstamp", stamp)
        ev.add("dtstart", start)
        ev.add("dtend", start + dt.timedelta(minutes=s.duration_min))
        ev.add("summary", f"{TITLES.get(s.type, s.type)} {s.duration_min} min")
        wk = weeks.get(s.week)
        block = f"{wk.mesocycle} ({wk.focus}{', deload' if wk.deload else ''})" if wk else ""
        ev.add(
            "description",
            f"Intensity: {s.intensity}. Week {s.week}, block {block}.\n{rationale(plan, s)}",
        )
        ev.add("categories", [s.modality, s.intensity])
        cal.add_component(ev)
    return cal


def plan_ics(plan: Plan) -> bytes:
    return plan_calendar(plan).to_ical()
