"""plan.ics (RFC 5545) from a plan, built with the `icalendar` library.

Times in plan.json are local wall-clock times. With a profile `timezone` the events carry that
TZID and the calendar a VTIMEZONE for it; without one they are floating local times (the same
wall-clock time wherever the athlete is). A session whose local start does not exist (the hour
skipped when clocks go forward) starts at the real instant that wall time maps to, and one in
the repeated hour takes its first occurrence; either way it keeps its duration.

UIDs depend on (athlete, date, modality) only, since a day holds at most one lift and one
run: a re-plan that moves a session's time or type updates the event. `carry_calendar_state`
gives a re-plan the SEQUENCE numbers calendars need to accept the update, and keeps the
sessions it removed as CANCELLED events with their old UIDs.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event

from models.plan import Plan, PlanSession
from models.prescription import prescription_lines, rationale, session_title

PRODID = "-//hybridplan//concurrent training planner//EN"


def session_uid(athlete_id: str, s: PlanSession) -> str:
    key = f"{athlete_id}|{s.date}|{s.modality}"
    return hashlib.sha256(key.encode()).hexdigest()[:24] + "@hybridplan"


def event_times(s: PlanSession, tz: ZoneInfo | None) -> tuple[dt.datetime, dt.datetime]:
    """Start and end of a session: floating without a zone; with one, the real instants
    (a non-existent local start moves forward by the gap, a repeated one takes its first
    occurrence) and an end exactly `duration_min` of elapsed time later."""
    h, m = (int(x) for x in s.start.split(":"))
    wall = dt.datetime.combine(dt.date.fromisoformat(s.date), dt.time()) + dt.timedelta(
        hours=h, minutes=m
    )
    length = dt.timedelta(minutes=s.duration_min)
    if tz is None:
        return wall, wall + length
    start = wall.replace(tzinfo=tz, fold=0).astimezone(dt.UTC)
    return start.astimezone(tz), (start + length).astimezone(tz)


def _wall_time_is_exact(t: dt.datetime) -> bool:
    """Does the local wall time of `t` name `t` (false for the second pass of a repeated hour)?"""
    if t.tzinfo is None:
        return True
    return t.replace(fold=0).astimezone(dt.UTC) == t.astimezone(dt.UTC)


def description(plan: Plan, s: PlanSession) -> str:
    """What to do, then where the session sits and why: plain words for the athlete."""
    weeks = {w.week: w for w in plan.weeks}
    wk = weeks.get(s.week)
    lines = prescription_lines(s.prescription) or [session_title(s)]
    where = f"Week {s.week} of {len(plan.weeks)}"
    if wk is not None:
        where += f", {wk.mesocycle} block" + (" (lighter recovery week)" if wk.deload else "")
    return "\n".join([*lines, "", f"{where}. {rationale(plan, s)}"])


def _fingerprint(plan: Plan, s: PlanSession) -> tuple[str, ...]:
    return (s.date, s.start, str(s.duration_min), s.type, description(plan, s))


def carry_calendar_state(old: Plan, new: Plan) -> None:
    """After a re-plan: raise SEQUENCE of every event whose time or content changed, and keep
    each session the re-plan removed (or an earlier one cancelled) as a cancelled event."""
    uid = new.athlete_id
    before = {session_uid(uid, s): s for s in old.sessions}
    cancelled = {session_uid(uid, s): s for s in old.cancelled}
    now = set()
    for s in new.sessions:
        key = session_uid(uid, s)
        now.add(key)
        if key in before:
            o = before[key]
            s.sequence = o.sequence + int(_fingerprint(old, o) != _fingerprint(new, s))
        elif key in cancelled:  # back after a cancellation: a newer revision than that
            s.sequence = cancelled[key].sequence + 1
    gone = [
        o.model_copy(update={"sequence": o.sequence + 1}) for k, o in before.items() if k not in now
    ]
    kept = [c for k, c in cancelled.items() if k not in now and k not in before]
    new.cancelled = sorted([*kept, *gone], key=lambda s: (s.date, s.start))


def plan_calendar(plan: Plan, now: dt.datetime | None = None) -> Calendar:
    """The plan as a VCALENDAR; `now` is the DTSTAMP (the time of writing)."""
    tzname = plan.profile.get("timezone")
    tz = ZoneInfo(str(tzname)) if tzname else None
    stamp = (now or dt.datetime.now(dt.UTC)).astimezone(dt.UTC).replace(microsecond=0)
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", f"Training: {plan.profile.get('name', plan.athlete_id)}")
    if tzname:
        cal.add("x-wr-timezone", str(tzname))
    for s, status in [
        *((s, "CONFIRMED") for s in plan.sessions),
        *((c, "CANCELLED") for c in plan.cancelled),
    ]:
        start, end = event_times(s, tz)
        ev = Event()
        ev.add("uid", session_uid(plan.athlete_id, s))
        ev.add("dtstamp", stamp)
        ev.add("dtstart", start)
        if _wall_time_is_exact(end):
            ev.add("dtend", end)
        else:  # an end in the repeated hour: as a local time it would read as the first one
            ev.add("duration", end.astimezone(dt.UTC) - start.astimezone(dt.UTC))
        ev.add("sequence", s.sequence)
        ev.add("status", status)
        title = session_title(s)
        if status == "CANCELLED":
            ev.add("summary", f"Cancelled: {title}")
            ev.add("description", "Removed from the plan by a re-plan.")
        else:
            ev.add("summary", title)
            ev.add("description", description(plan, s))
        ev.add("categories", [s.modality, s.intensity])
        ev.add("transp", "OPAQUE")
        cal.add_component(ev)
    if tz is not None:  # transitions of the plan's years only: small, and read by every parser
        dates = [dt.date.fromisoformat(s.date) for s in [*plan.sessions, *plan.cancelled]]
        if dates:
            year = dt.timedelta(days=366)
            cal.add_missing_timezones(first_date=min(dates) - year, last_date=max(dates) + year)
    return cal


def plan_ics(plan: Plan, now: dt.datetime | None = None) -> bytes:
    return plan_calendar(plan, now).to_ical()
