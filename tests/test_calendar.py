"""models/calendar.py: plan.ics parses back and agrees with plan.json; UIDs are stable."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar

from models.calendar import plan_ics
from models.profile import load_profile
from models.settings import SolverSettings
from solver import solve


@pytest.fixture(scope="module")
def marathon_plan():
    p = load_profile("data/marathon_16w.yaml")
    return solve(p, SolverSettings(time_limit_s=30, slot_minutes=15))


def test_ics_matches_plan_json(marathon_plan, tmp_path):
    """One event per session with the right local start, end, zone and a readable title."""
    marathon_plan.write(tmp_path)
    cal = Calendar.from_ical((tmp_path / "plan.ics").read_bytes())
    events = list(cal.walk("VEVENT"))
    assert len(events) == len(marathon_plan.sessions)
    tz = ZoneInfo("Europe/London")
    by_start = {e.decoded("dtstart"): e for e in events}
    for s in marathon_plan.sessions:
        h, m = map(int, s.start.split(":"))
        start = dt.datetime.combine(dt.date.fromisoformat(s.date), dt.time(h, m), tzinfo=tz)
        ev = by_start[start]
        assert ev.decoded("dtend") - ev.decoded("dtstart") == dt.timedelta(minutes=s.duration_min)
        assert str(ev["dtstart"].params["TZID"]) == "Europe/London"
        assert str(ev["summary"]).endswith(f"{s.duration_min} min")
        assert s.intensity in str(ev["description"])


def test_ics_uids_stable_and_unique(marathon_plan):
    """UIDs are unique within a plan and identical when the same plan is exported again."""
    a = [str(e["uid"]) for e in Calendar.from_ical(plan_ics(marathon_plan)).walk("VEVENT")]
    b = [str(e["uid"]) for e in Calendar.from_ical(plan_ics(marathon_plan)).walk("VEVENT")]
    assert a == b and len(set(a)) == len(a)


def test_ics_uid_survives_a_moved_session(marathon_plan):
    """Moving a session to another time keeps its UID, so calendars update the event."""
    moved = marathon_plan.model_copy(deep=True)
    moved.sessions[0].start = "05:00"
    uids = lambda p: {str(e["uid"]) for e in Calendar.from_ical(plan_ics(p)).walk("VEVENT")}  # noqa: E731
    assert uids(moved) == uids(marathon_plan)


def test_timetable_csv_matches_plan_json(marathon_plan, tmp_path):
    """timetable.csv has exactly plan.json's sessions, field for field."""
    import pandas as pd

    marathon_plan.write(tmp_path)
    df = pd.read_csv(tmp_path / "timetable.csv", dtype=str)
    from models.plan import TIMETABLE_COLUMNS

    rows = [
        {k: str(v) for k, v in s.model_dump().items() if k in TIMETABLE_COLUMNS}
        for s in marathon_plan.sessions
    ]
    assert df.to_dict(orient="records") == rows
