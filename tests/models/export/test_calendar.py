"""models/export/calendar.py: plan.ics parses back (icalendar and vobject) and agrees with
plan.json; floating times, VTIMEZONEs, DST gaps and overlaps, DTSTAMP, SEQUENCE and
cancellations."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import vobject
from icalendar import Calendar

from models.export import write_plan
from models.export.calendar import carry_calendar_state, event_times, plan_ics, session_uid
from models.plan import Plan, make_session
from models.prescription import prescription_lines, session_title
from models.profile import load_profile
from models.settings import SolverSettings
from solver import solve

NOW = dt.datetime(2027, 2, 1, 9, 30, tzinfo=dt.UTC)


@pytest.fixture(scope="module")
def marathon_plan():
    p = load_profile("data/marathon_16w.yaml")
    return solve(p, SolverSettings(time_limit_s=30, slot_minutes=15))


def tiny_plan(timezone: str | None, sessions) -> Plan:
    profile = {"name": "T", "timezone": timezone, "goal": "general"}
    return Plan(athlete_id="t", status="OPTIMAL", profile=profile, sessions=sessions)


def wall(s) -> dt.datetime:
    h, m = map(int, s.start.split(":"))
    return dt.datetime.combine(dt.date.fromisoformat(s.date), dt.time(h, m))


def test_ics_matches_plan_json_in_two_parsers(marathon_plan, tmp_path):
    """icalendar and vobject both read one event per session with its UID, local start,
    duration, title and full prescription; every TZID has its VTIMEZONE."""
    write_plan(marathon_plan, tmp_path)
    raw = (tmp_path / "plan.ics").read_bytes()
    cal = Calendar.from_ical(raw)
    events = {str(e["uid"]): e for e in cal.walk("VEVENT")}
    assert len(events) == len(marathon_plan.sessions)
    tzids = {str(e["dtstart"].params["TZID"]) for e in events.values()}
    assert tzids == {"Europe/London"}
    assert {str(tz["tzid"]) for tz in cal.walk("VTIMEZONE")} == tzids
    parsed = vobject.readOne(raw.decode("utf-8"))
    other = {ev.uid.value: ev for ev in parsed.vevent_list}
    tz = ZoneInfo("Europe/London")
    for s in marathon_plan.sessions:
        uid = session_uid(marathon_plan.athlete_id, s)
        ev, ev2 = events[uid], other[uid]
        start = wall(s).replace(tzinfo=tz)
        assert ev.decoded("dtstart") == start and ev2.dtstart.value == start
        assert ev.decoded("dtend") - ev.decoded("dtstart") == dt.timedelta(minutes=s.duration_min)
        assert ev2.dtend.value - ev2.dtstart.value == dt.timedelta(minutes=s.duration_min)
        assert str(ev["summary"]) == ev2.summary.value == session_title(s)
        for line in prescription_lines(s.prescription):
            assert line in str(ev["description"]) and line in ev2.description.value
        assert "H3" not in ev2.description.value and "H7" not in ev2.description.value


def test_ics_floating_times_without_timezone():
    """No profile timezone: DTSTART is a floating local time (no TZID, no Z, no VTIMEZONE)."""
    s = make_session(dt.date(2027, 1, 4), 1, "run_easy", 6 * 60 + 30, 40)
    raw = plan_ics(tiny_plan(None, [s]), NOW).decode()
    assert "DTSTART:20270104T063000\r\n" in raw and "VTIMEZONE" not in raw
    ev = vobject.readOne(raw).vevent
    assert ev.dtstart.value == dt.datetime(2027, 1, 4, 6, 30) and ev.dtstart.value.tzinfo is None


def test_ics_dst_gap_and_overlap_keep_duration():
    """A start in the hour skipped in spring is placed at its real instant (an hour later on
    the wall clock); one in the repeated autumn hour takes the first; both keep their length."""
    tz = ZoneInfo("Europe/London")
    gap = make_session(dt.date(2027, 3, 28), 12, "run_easy", 90, 45)  # 01:30 does not exist
    rep = make_session(dt.date(2027, 10, 31), 43, "run_easy", 90, 45)  # 01:30 happens twice
    start, end = event_times(gap, tz)
    assert (start.hour, start.minute) == (2, 30) and end - start == dt.timedelta(minutes=45)
    assert start.astimezone(dt.UTC) == dt.datetime(2027, 3, 28, 1, 30, tzinfo=dt.UTC)
    start, end = event_times(rep, tz)
    assert start.fold == 0 and start.utcoffset() == dt.timedelta(hours=1)
    assert end.astimezone(dt.UTC) - start.astimezone(dt.UTC) == dt.timedelta(minutes=45)
    cal = Calendar.from_ical(plan_ics(tiny_plan("Europe/London", [gap, rep]), NOW))
    for ev in cal.walk("VEVENT"):
        start = ev.decoded("dtstart").astimezone(dt.UTC)
        if "DTEND" in ev:
            assert ev.decoded("dtend").astimezone(dt.UTC) - start == dt.timedelta(minutes=45)
        else:  # the end falls in the repeated hour: an exact DURATION instead
            assert ev.decoded("duration") == dt.timedelta(minutes=45)
    assert sum("DTEND" in ev for ev in cal.walk("VEVENT")) == 1


def test_ics_dtstamp_is_time_of_writing():
    """DTSTAMP is the writing time given, and the current UTC time by default."""
    s = make_session(dt.date(2027, 1, 4), 1, "run_easy", 390, 40)
    ev = Calendar.from_ical(plan_ics(tiny_plan(None, [s]), NOW)).walk("VEVENT")[0]
    assert ev.decoded("dtstamp") == NOW
    before = dt.datetime.now(dt.UTC).replace(microsecond=0)
    ev = Calendar.from_ical(plan_ics(tiny_plan(None, [s]))).walk("VEVENT")[0]
    assert ev.decoded("dtstamp") >= before


def test_replan_raises_sequence_and_cancels_removed_sessions():
    """A moved session keeps its UID with SEQUENCE + 1, an unchanged one keeps its SEQUENCE,
    and a removed one is exported CANCELLED with its old UID, also after a second re-plan."""
    day = dt.date(2027, 1, 4)
    a = make_session(day, 1, "run_easy", 390, 40)
    b = make_session(day + dt.timedelta(days=1), 1, "run_easy", 390, 40)
    c = make_session(day + dt.timedelta(days=2), 1, "lift_full", 1080, 60)
    old = tiny_plan("Europe/London", [a, b, c])
    new = tiny_plan("Europe/London", [a.model_copy(), b.model_copy(update={"start": "07:00"})])
    carry_calendar_state(old, new)
    assert [s.sequence for s in new.sessions] == [0, 1]
    assert [(s.date, s.sequence) for s in new.cancelled] == [(c.date, 1)]
    events = {str(e["uid"]): e for e in Calendar.from_ical(plan_ics(new, NOW)).walk("VEVENT")}
    gone = events[session_uid("t", c)]
    assert str(gone["status"]) == "CANCELLED" and int(gone["sequence"]) == 1
    assert int(events[session_uid("t", b)]["sequence"]) == 1
    newer = tiny_plan(
        "Europe/London", [s.model_copy(update={"start": "08:00"}) for s in new.sessions]
    )
    carry_calendar_state(new, newer)
    assert [s.sequence for s in newer.sessions] == [1, 2]
    assert [s.date for s in newer.cancelled] == [c.date]


def test_ics_uids_stable_and_unique(marathon_plan):
    """UIDs are unique within a plan and identical when the same plan is exported again."""
    a = [str(e["uid"]) for e in Calendar.from_ical(plan_ics(marathon_plan)).walk("VEVENT")]
    b = [str(e["uid"]) for e in Calendar.from_ical(plan_ics(marathon_plan)).walk("VEVENT")]
    assert a == b and len(set(a)) == len(a)
