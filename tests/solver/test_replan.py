"""solver/replan.py and `hybridplan replan`: real life in, a verified plan counting history out."""

import datetime as dt

import pytest
from click.testing import CliRunner

from cli.main import main
from models.export import write_plan
from models.profile import load_profile, parse_profile
from models.settings import SolverSettings
from solver import solve, verify_plan
from solver.replan import LogEntry, ReplanInputError, read_log, replan
from solver.verify import History

D = dt.date.fromisoformat


@pytest.fixture(scope="module")
def half():
    """The half-marathon example with its long runs on Saturday (the race is on a Sunday), so
    a missed long run has a day left in its week."""
    p = load_profile("data/half_marathon_12w.json")
    p.preferences.long_run_day = "sat"
    return solve(p, SolverSettings(time_limit_s=30, slot_minutes=15))


def on(plan, day: str):
    return [s for s in plan.sessions if s.date == day]


def verified(result) -> None:
    profile = parse_profile(result.plan.profile)
    history = History(D(result.plan.settings["replanned_from"]), result.history, result.ahead)
    check = verify_plan(profile, result.plan, history=history)
    assert result.plan.has_schedule and check.ok, check.violations


def test_replan_missed_long_run_is_replaced_this_week(half):
    """A long run missed on Saturday is re-placed on Sunday of the same week when the rules
    allow it, and the new plan passes the verifier counting its history."""
    sat = next(
        s for s in half.sessions if s.type == "run_long" and s.weekday == "sat" and s.week > 1
    )
    sun = (D(sat.date) + dt.timedelta(days=1)).isoformat()
    log = [LogEntry(1, D(sat.date), "run_long", "missed")]
    result = replan(half, log, D(sun))
    verified(result)
    assert not any(s.type == "run_long" for s in on(result.plan, sat.date))
    week = [s for s in result.plan.sessions if s.week == sat.week and s.type == "run_long"]
    assert len(week) == 1 and week[0].date == sun
    assert any(c.startswith(f"added {sun} run_long") for c in result.changes)


def test_replan_sick_week_three_missed_days(half):
    """Three missed days in a row: history keeps the gap, the rest is re-planned and verified."""
    first = D(half.weeks[5].start_date)  # week 6
    log, row = [], 1
    for i in range(3):
        for s in on(half, (first + dt.timedelta(days=i)).isoformat()):
            log.append(LogEntry(row, D(s.date), s.type, "missed"))
            row += 1
    assert log, "the sick days must have had sessions"
    result = replan(half, log, first + dt.timedelta(days=3))
    verified(result)
    for i in range(3):
        assert on(result.plan, (first + dt.timedelta(days=i)).isoformat()) == []


def test_replan_extra_unplanned_run_counts_in_history(half):
    """An extra easy run on a free day is kept as history and counted by the rules."""
    start = D(half.weeks[2].start_date)
    free = next(
        start + dt.timedelta(days=i)
        for i in range(7)
        if not on(half, (start + dt.timedelta(days=i)).isoformat())
    )
    log = [LogEntry(1, free, "run_easy", "done", minutes=40, start="07:00")]
    result = replan(half, log, free + dt.timedelta(days=1))
    verified(result)
    extra = on(result.plan, free.isoformat())
    assert [s.type for s in extra] == ["run_easy"] and extra[0].duration_min == 40  # as logged


def test_replan_from_date_in_the_past_is_rejected(half):
    """--from before the plan starts (or a log entry on/after --from) is bad input."""
    with pytest.raises(ReplanInputError, match="must be after the plan's first day"):
        replan(half, [], D("2020-01-01"))
    late = [LogEntry(1, D(half.weeks[3].start_date), "run_easy", "done", minutes=30)]
    with pytest.raises(ReplanInputError, match="is not before --from"):
        replan(half, late, D(half.weeks[2].start_date))


def test_replan_log_errors_name_row_and_field(tmp_path):
    """A malformed log names the row and the field."""
    bad = tmp_path / "log.csv"
    bad.write_text("date,type,status\n2027-13-01,run_easy,done\n2027-02-01,swim,done\n")
    with pytest.raises(ReplanInputError) as exc:
        read_log(bad)
    text = str(exc.value)
    assert "log row 1: date" in text and "log row 2: type 'swim'" in text


def test_replan_cli(half, tmp_path):
    """The CLI prints the log, the changes and the status, writes the plan and exits 0. The
    log is written from the plan itself (its long run of week 3 missed), so the test does not
    depend on which of several equally good plans the solver returned."""
    write_plan(half, tmp_path)
    missed = next(s for s in half.sessions if s.type == "run_long" and s.week == 3)
    after = (D(missed.date) + dt.timedelta(days=1)).isoformat()
    log = tmp_path / "log.csv"
    log.write_text(
        f"date,type,status,minutes,start,planned_date\n{missed.date},run_long,missed,,,\n"
    )
    res = CliRunner().invoke(
        main,
        [
            "replan",
            str(tmp_path / "plan.json"),
            str(log),
            "--from",
            after,
            "-o",
            str(tmp_path / "new"),
        ],
    )
    assert res.exit_code == 0, res.output
    assert f"log: {missed.date} run_long: missed" in res.output
    assert (tmp_path / "new" / "plan.json").exists()


def test_replan_cli_writes_nothing_the_verifier_rejects(half, tmp_path, monkeypatch):
    """As for solve: a re-plan the verifier rejects is reported rule by rule, exits 1 and is
    never written (the verifier is forced to object here)."""
    import solver.verify
    from solver.verify import VerifyResult, Violation

    write_plan(half, tmp_path)
    log = tmp_path / "log.csv"
    log.write_text("date,type,status\n")
    rejected = VerifyResult(violations=[Violation("H4", "planted")])
    monkeypatch.setattr(solver.verify, "verify_plan", lambda *a, **k: rejected)
    after = (D(half.sessions[0].date) + dt.timedelta(days=1)).isoformat()
    args = ["replan", str(tmp_path / "plan.json"), str(log), "--from", after]
    res = CliRunner().invoke(main, [*args, "-o", str(tmp_path / "new")])
    assert res.exit_code == 1, res.output
    assert "verifier: H4: planted" in res.output and "nothing written" in res.output
    assert not (tmp_path / "new").exists()


def _key(plan):
    return sorted((s.date, s.start, s.type, s.duration_min) for s in plan.sessions)


def test_replan_empty_log_changes_nothing(half):
    """Nothing happened: the re-plan keeps every session, time and length, and the current
    week's targets (it used to cut the week's run minutes and move sessions)."""
    day = D(half.weeks[5].start_date) + dt.timedelta(days=3)
    result = replan(half, [], day, SolverSettings(time_limit_s=30, slot_minutes=15))
    assert result.changes == []
    assert _key(result.plan) == _key(half)
    assert result.plan.weeks[5].targets == half.weeks[5].targets
    verified(result)


def test_replan_h6_counts_the_real_week_before(half):
    """After a week whose longest run was cut short, no later week's target midpoint rises more
    than 10 % over the week before it as it really went (the last non-deload week), unless
    its runs cannot be shorter, which the notes say."""
    k = next(i for i in range(1, 8) if not half.weeks[i].deload and not half.weeks[i + 1].deload)
    week = half.weeks[k]
    runs = [s for s in half.sessions if s.week == week.week and s.modality == "run"]
    longest = max(runs, key=lambda s: s.duration_min)
    log = [LogEntry(1, D(longest.date), longest.type, "done", minutes=longest.duration_min - 15)]
    day = D(week.start_date) + dt.timedelta(days=7)
    result = replan(half, log, day, SolverSettings(time_limit_s=30, slot_minutes=15))
    assert any("lowered" in n for n in result.notes)
    weeks = result.plan.weeks

    def mid(w):
        return (w.targets.run_minutes.min + w.targets.run_minutes.max) / 2

    for i in range(k + 1, len(weeks)):
        j = i - 1
        while weeks[j].deload:
            j -= 1
        kept = any(n.startswith(f"week {i + 1}: H6") and "kept at" in n for n in result.notes)
        if not weeks[i].deload and not kept:  # kept: its runs cannot be shorter (a note)
            assert mid(weeks[i]) <= 1.1 * mid(weeks[j]) + 1e-6, (i, mid(weeks[i]), mid(weeks[j]))
    verified(result)


def test_replan_calendar_cancels_removed_and_revises_changed(half):
    """Sessions a re-plan removes are exported CANCELLED with their old UIDs, and every
    event that changed carries a higher SEQUENCE than before."""
    from icalendar import Calendar

    from models.export.calendar import plan_ics, session_uid

    first = D(half.weeks[5].start_date)
    missed = on(half, first.isoformat()) + on(half, (first + dt.timedelta(days=1)).isoformat())
    assert missed, "the missed days must have had sessions"
    log = [LogEntry(i + 1, D(s.date), s.type, "missed") for i, s in enumerate(missed)]
    result = replan(half, log, first + dt.timedelta(days=2))
    events = {str(e["uid"]): e for e in Calendar.from_ical(plan_ics(result.plan)).walk("VEVENT")}
    for s in missed:
        ev = events[session_uid(half.athlete_id, s)]
        assert str(ev["status"]) == "CANCELLED" and int(ev["sequence"]) == 1
    old = {session_uid(half.athlete_id, s): s for s in half.sessions}
    for s in result.plan.sessions:
        before = old.get(session_uid(half.athlete_id, s))
        if before is not None and (before.start, before.type, before.duration_min) != (
            s.start,
            s.type,
            s.duration_min,
        ):
            assert s.sequence == before.sequence + 1
