"""models/prescription.py: SPEC §5b prescriptions on constructed sessions and weeks."""

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from models.catalog import hard_min_of
from models.export import write_plan
from models.plan import Plan, PlanWeek, make_session
from models.prescription import (
    HARD_ZONES,
    PROGRESSION_RULE,
    WeekContext,
    attach_prescriptions,
    details_text,
    hard_minutes,
    lift_doses,
    prescribe,
    prescription_lines,
    week_contexts,
)
from tests.conftest import make_profile

MONDAY = dt.date(2027, 1, 4)


def ctx(phase: str = "build", **kw) -> WeekContext:
    base = dict(
        week=5,
        total_weeks=12,
        mesocycle=phase,
        focus="endurance",
        deload=False,
        block=1,
        n_blocks=3,
        phase=phase,
        race_week=False,
        taper=False,
    )
    return WeekContext(**{**base, **kw})


def runner(distance: str = "5k", **kw):
    weeks = 8
    race = {"date": (MONDAY + dt.timedelta(days=7 * weeks - 1)).isoformat(), "distance": distance}
    return make_profile(goal="race", weeks=weeks, race=race, **kw)


def session(kind: str, minutes: int, week: int = 5, day: int = 0):
    return make_session(MONDAY + dt.timedelta(days=7 * (week - 1) + day), week, kind, 360, minutes)


@pytest.mark.parametrize("minutes", range(30, 61))
@pytest.mark.parametrize("phase", ["base", "build", "peak", "taper"])
def test_tempo_segments_add_up(minutes, phase):
    """A tempo's segments sum to its duration and its threshold minutes to its hard_min;
    the work is continuous up to 20', else cruise reps of 5-10' with 1' jogs."""
    s = session("run_tempo", minutes)
    p = prescribe(s, ctx(phase), runner(recent_race={"distance": "5k", "time": "22:00"}))
    segs = p["segments"]
    assert sum(x["minutes"] for x in segs) == minutes
    assert hard_minutes(p) == s.hard_min == hard_min_of("run_tempo", minutes)
    reps = [x["minutes"] for x in segs if x["zone"] == "T"]
    if s.hard_min <= 20:
        assert reps == [s.hard_min]
    else:
        assert all(5 <= r <= 10 for r in reps) and len(reps) > 1
        jogs = [x for x in segs if x["label"] == "jog"]
        assert len(jogs) == len(reps) - 1 and all(j["minutes"] == 1 for j in jogs)


@pytest.mark.parametrize("minutes", range(45, 74))
@pytest.mark.parametrize("phase", ["base", "build", "peak", "taper", "race"])
@pytest.mark.parametrize("distance", ["5k", "marathon"])
def test_interval_segments_add_up(minutes, phase, distance):
    """Intervals: segments sum to the duration, I/R minutes to hard_min, reps of 2-5' at I
    (or 1' at R for a 5k's last weeks) each followed by an equal easy jog."""
    s = session("run_intervals", minutes)
    p = prescribe(s, ctx(phase), runner(distance))
    segs = p["segments"]
    assert sum(x["minutes"] for x in segs) == minutes
    assert hard_minutes(p) == s.hard_min
    for i, seg in enumerate(segs):
        if seg["zone"] in HARD_ZONES:
            assert (2 <= seg["minutes"] <= 5) if seg["zone"] == "I" else seg["minutes"] == 1
            nxt = segs[i + 1]
            assert nxt["zone"] == "E" and nxt["minutes"] == seg["minutes"]
    assert segs[0]["minutes"] == 15 and segs[-1]["minutes"] >= 10
    if distance == "marathon":
        assert all(x["zone"] != "R" for x in segs)


def test_strides_only_in_first_easy_run_of_5k_base_weeks():
    """5k/10k base weeks: the first easy run ends with strides (not hard); later runs, build
    weeks and marathon plans have none."""
    five = runner("5k")
    first = prescribe(session("run_easy", 40), ctx("base", block=0), five, nth=0)
    assert first["segments"][-1]["label"] == "strides" and "strides" in first["summary"]
    assert hard_minutes(first) == 0 and sum(x["minutes"] for x in first["segments"]) == 40
    assert "strides" not in prescribe(session("run_easy", 40), ctx("base"), five, nth=1)["summary"]
    assert "strides" not in prescribe(session("run_easy", 40), ctx("build"), five)["summary"]
    assert (
        "strides"
        not in prescribe(session("run_easy", 40), ctx("base"), runner("marathon"))["summary"]
    )


@pytest.mark.parametrize("minutes", [60, 95, 150, 180])
def test_long_run_marathon_pace_finish(minutes):
    """Half/marathon build and peak long runs end with 15-25 % at M pace, not counted as
    hard; base, deload and taper long runs and 5k long runs are all easy."""
    m = runner("marathon")
    shares = []
    for phase, block in (("build", 1), ("build", 2), ("peak", 3)):
        c = ctx(phase, block=block, n_blocks=5, n_pre_blocks=4)
        p = prescribe(session("run_long", minutes), c, m)
        fin = [x for x in p["segments"] if x["zone"] == "M"]
        assert len(fin) == 1 and p["segments"][-1]["zone"] == "M"
        assert 0.15 * minutes - 1 <= fin[0]["minutes"] <= 0.25 * minutes + 1
        shares.append(fin[0]["minutes"])
        assert hard_minutes(p) == 0 and sum(x["minutes"] for x in p["segments"]) == minutes
    assert shares == sorted(shares) and shares[-1] == round(0.25 * minutes)
    for c in (ctx("base", block=0), ctx("build", deload=True), ctx("taper", taper=True)):
        assert {x["zone"] for x in prescribe(session("run_long", minutes), c, m)["segments"]} == {
            "E"
        }
    assert {x["zone"] for x in prescribe(session("run_long", 70), ctx(), runner())["segments"]} == {
        "E"
    }


def test_zone_targets_follow_what_the_profile_gives():
    """Every segment has RPE and %HRmax; bpm only with max_hr; pace and km only with a race."""
    bare = prescribe(session("run_tempo", 45), ctx(), runner())
    assert all("rpe" in x and "hr_pct" in x for x in bare["segments"])
    assert not any("hr_bpm" in x or "pace_min_per_km" in x or "km" in x for x in bare["segments"])
    full = prescribe(
        session("run_tempo", 45),
        ctx(),
        runner(max_hr=190, recent_race={"distance": "10k", "time": "41:21"}),  # VDOT 50
    )
    t = next(x for x in full["segments"] if x["zone"] == "T")
    assert t["hr_bpm"] == [round(190 * 0.88), round(190 * 0.92)]
    assert t["pace_min_per_km"][0] <= "4:15" <= t["pace_min_per_km"][1]
    assert full["distance_km"] == pytest.approx(sum(x["km"] for x in full["segments"]), abs=0.2)
    assert "km" in full["summary"] and "4:1" in full["summary"]


def test_race_prescription_uses_riegel_estimate():
    """The race session states the Riegel finish time and pace from recent_race."""
    p = prescribe(
        session("race", 100, week=8, day=6),
        ctx("race", race_week=True),
        runner("half", recent_race={"distance": "10k", "time": "45:00"}),
    )
    assert "1:39:" in p["summary"] and p["segments"][0]["km"] == pytest.approx(21.1, abs=0.01)


def _weeks(n: int, names: list[str], focus: str, deload_every: int = 4) -> list[PlanWeek]:
    out = []
    for i in range(n):
        out.append(
            PlanWeek.model_validate(
                {
                    "week": i + 1,
                    "start_date": (MONDAY + dt.timedelta(days=7 * i)).isoformat(),
                    "mesocycle": names[i],
                    "focus": focus,
                    "deload": (i + 1) % deload_every == 0,
                    "targets": {"sessions": {}, "run_minutes": {"min": 0, "max": 0}},
                }
            )
        )
    return out


STRENGTH_WEEKS = _weeks(
    12, ["strength 1"] * 4 + ["strength 2"] * 4 + ["strength 3"] * 4, "strength"
)
ORM = {"squat": 142, "deadlift": 171, "bench_press": 101, "overhead_press": 61}


def test_strength_doses_change_and_end_with_a_test_week():
    """A 12-week strength plan: accumulation (6-8 reps, 70-77 %) then intensification (3-5
    reps, 80-87 %), no two loading weeks alike, a test week of 90-95 % at the end."""
    prof = make_profile(goal="strength", weeks=12, one_rep_max=ORM)
    doses = lift_doses(STRENGTH_WEEKS, prof)
    loading = [doses[w.week] for w in STRENGTH_WEEKS if not w.deload]
    assert len({(d.sets, d.reps, d.pct) for d in loading}) == len(loading)
    assert all(d.kind == "strength_accumulation" and 70 <= d.pct <= 77 for d in loading[:3])
    assert all(d.kind == "strength_intensification" and 80 <= d.pct <= 87 for d in loading[3:])
    assert doses[12].kind == "test"
    plan = Plan(athlete_id="t", status="OPTIMAL", weeks=STRENGTH_WEEKS, profile={})
    plan.sessions = [session("lift_lower", 60, week=w) for w in range(1, 13)]
    attach_prescriptions(plan, prof)
    top = plan.sessions[-1].prescription
    assert top is not None and "90-95" in top["exercises"][0]["intensity"]


def test_deload_halves_sets_and_keeps_loads():
    """A deload lift has the exercises and loads of the week before with about half the sets."""
    prof = make_profile(goal="strength", weeks=12, one_rep_max=ORM)
    plan = Plan(athlete_id="t", status="OPTIMAL", weeks=STRENGTH_WEEKS, profile={})
    plan.sessions = [session("lift_upper", 60, week=3), session("lift_upper", 40, week=4)]
    attach_prescriptions(plan, prof)
    before, deload = (s.prescription["exercises"] for s in plan.sessions)
    assert [e["name"] for e in before] == [e["name"] for e in deload]
    for a, b in zip(before, deload, strict=True):
        assert b["load_kg"] == a["load_kg"] and b["sets"] == -(-a["sets"] // 2)


def test_loads_rounded_to_2_5_kg_and_follow_the_1rm():
    """Loads are multiples of 2.5 kg within 1.25 kg of %1RM; lifts without a 1RM get none."""
    prof = make_profile(goal="strength", weeks=12, one_rep_max={"squat": 143})
    c = week_contexts(STRENGTH_WEEKS, False)[2]
    p = prescribe(
        session("lift_lower", 60, week=2), c, prof, dose=lift_doses(STRENGTH_WEEKS, prof)[2]
    )
    squat = p["exercises"][0]
    pct = float(squat["intensity"].split(" %")[0])
    assert squat["load_kg"] % 2.5 == 0 and abs(squat["load_kg"] - 143 * pct / 100) <= 1.25
    assert p["exercises"][1]["load_kg"] is None  # no deadlift 1RM given


def test_exercises_by_session_type():
    """Lower: squat, hinge, single leg, calf/core; upper: pushes and pulls; full: a squat or
    hinge, a push, a pull and a carry."""
    prof = make_profile(goal="general")
    c = ctx("build", focus="strength")
    names = {
        t: " ".join(e["name"] for e in prescribe(session(t, 60), c, prof)["exercises"]).lower()
        for t in ("lift_lower", "lift_upper", "lift_full")
    }
    assert all(w in names["lift_lower"] for w in ("squat", "deadlift", "split", "calf"))
    assert all(w in names["lift_upper"] for w in ("press", "row", "pull"))
    assert "carry" in names["lift_full"] and "row" in names["lift_full"]


def test_health_and_beginners_get_rir_dose_and_progression_rule():
    """Health goals and beginners lift 2-3 x 8-12 at RIR 3-4 with the add-load rule."""
    for prof in (make_profile(goal="health"), make_profile(goal="strength", experience="beginner")):
        p = prescribe(session("lift_full", 60), ctx("build", focus="balanced"), prof)
        main = p["exercises"][0]
        assert 2 <= main["sets"] <= 3 and "RIR 3-4" in main["intensity"]
        assert p["progression"] == PROGRESSION_RULE
        assert "Deadlift" not in {e["name"] for e in p["exercises"]}  # patterns first


def test_hypertrophy_dose_progresses_within_spec():
    """Hypertrophy: 3-4 x 8-12 at 65-75 %, RIR 1-3, rising over the plan."""
    prof = make_profile(goal="hypertrophy", weeks=12)
    doses = lift_doses(_weeks(12, ["h1"] * 4 + ["h2"] * 4 + ["h3"] * 4, "strength"), prof)
    loading = [doses[w] for w in range(1, 13) if w % 4]
    assert all(3 <= d.sets <= 4 and 8 <= int(d.reps) <= 12 and 65 <= d.pct <= 75 for d in loading)
    assert loading[0].pct < loading[-1].pct and int(loading[0].reps) > int(loading[-1].reps)


def test_week_contexts_phases():
    """Blocks become base -> build -> peak, then taper and the race week."""
    weeks = _weeks(10, ["base"] * 4 + ["build"] * 3 + ["peak"] + ["taper"] * 2, "endurance", 99)
    weeks[8].focus = weeks[9].focus = "taper"
    c = week_contexts(weeks, has_race=True)
    assert [c[w].phase for w in (1, 5, 8, 9, 10)] == ["base", "build", "peak", "taper", "race"]


def test_lines_and_details_are_one_text():
    """details_text is prescription_lines joined: the summary, then each zone's target once."""
    p = prescribe(session("run_intervals", 53), ctx(), runner())
    lines = prescription_lines(p)
    zones = {x["zone"] for x in p["segments"]}
    assert lines[0] == p["summary"] and len(lines) == 1 + len(zones)
    assert any(line.startswith("Interval") for line in lines[1:])
    assert details_text(p) == " | ".join(lines)
    assert prescription_lines(None) == [] and details_text(None) == ""


def test_every_output_shows_the_same_prescription(tmp_path):
    """plan.json, timetable.csv, plan.ics, report.html and `hybridplan show --day` carry the
    same prescription lines for the same session; every prescription has the published shape."""
    import pandas as pd
    from click.testing import CliRunner
    from icalendar import Calendar
    from markupsafe import escape
    from pydantic import TypeAdapter

    from cli.main import main
    from models.export.calendar import session_uid
    from models.prescription import Prescription
    from solver import solve
    from tests.conftest import FAST

    prof = make_profile(
        goal="race",
        weeks=4,
        race={"date": "2027-01-31", "distance": "10k"},
        recent_race={"distance": "5k", "time": "23:30"},
        max_hr=188,
        one_rep_max={"squat": 100, "bench_press": 70},
        timezone="Europe/Berlin",
    )
    plan = solve(prof, FAST)
    assert plan.has_schedule
    write_plan(plan, tmp_path, html=True)
    saved = Plan.load(tmp_path / "plan.json")
    csv = pd.read_csv(tmp_path / "timetable.csv", dtype=str, keep_default_na=False)
    events = {
        str(e["uid"]): str(e["description"])
        for e in Calendar.from_ical((tmp_path / "plan.ics").read_bytes()).walk("VEVENT")
    }
    page = (tmp_path / "report.html").read_text(encoding="utf-8")
    shape = TypeAdapter(Prescription)  # the shape `hybridplan schema --plan` publishes
    for s in plan.sessions:
        shape.validate_python(s.prescription)
    picks = {s.type: s for s in plan.sessions}  # one session of every type
    for s in picks.values():
        lines = prescription_lines(s.prescription)
        assert lines, s
        twin = next(x for x in saved.sessions if (x.date, x.start) == (s.date, s.start))
        assert twin.prescription == s.prescription
        row = csv[(csv.date == s.date) & (csv.start == s.start)].iloc[0]
        assert row["details"] == details_text(s.prescription)
        shown = CliRunner().invoke(main, ["show", str(tmp_path / "plan.json"), "--day", s.date])
        for line in lines:
            assert line in events[session_uid(plan.athlete_id, s)]
            assert str(escape(line)) in page
            assert line in shown.output


@settings(max_examples=300, deadline=None)
@given(
    kind=st.sampled_from(["run_easy", "run_long", "run_tempo", "run_intervals", "race"]),
    minutes=st.integers(10, 240),
    phase=st.sampled_from(["base", "build", "peak", "taper", "race"]),
    distance=st.sampled_from(["5k", "10k", "half", "marathon"]),
    nth=st.integers(0, 2),
)
def test_any_run_adds_up(kind, minutes, phase, distance, nth):
    """Any run of any length (history can hold odd ones): positive whole-minute segments that
    sum to the duration, hard minutes equal to hard_min where the frame holds the work."""
    s = session(kind, minutes)
    p = prescribe(s, ctx(phase), runner(distance), nth=nth)
    segs = p["segments"]
    assert sum(x["minutes"] for x in segs) == minutes
    assert all(isinstance(x["minutes"], int) and x["minutes"] > 0 for x in segs)
    if kind in ("run_tempo", "run_intervals") and s.hard_min >= 5:
        assert hard_minutes(p) == s.hard_min
    elif kind != "race":  # easy and long runs, and quality runs too short to hold work
        assert hard_minutes(p) == 0


def test_long_run_after_a_quality_day_stays_easy():
    """A marathon build long run the day after a tempo has no marathon-pace finish; the same
    run after an easy day has one."""
    weeks = _weeks(8, ["base"] * 4 + ["build"] * 4, "endurance", 99)
    prof = runner("marathon")
    plan = Plan(athlete_id="t", status="OPTIMAL", weeks=weeks, profile={})
    plan.sessions = [
        session("run_tempo", 45, week=6, day=5),
        session("run_long", 120, week=6, day=6),
        session("run_easy", 45, week=7, day=5),
        session("run_long", 120, week=7, day=6),
    ]
    attach_prescriptions(plan, prof)
    zones = [{x["zone"] for x in s.prescription["segments"]} for s in plan.sessions]
    assert zones[1] == {"E"} and "M" in zones[3]


def test_strides_go_to_the_first_easy_run_long_enough():
    """In a 5k base week a 20' easy run is skipped: the next easy run of 25' or more gets the
    strides, and only that one."""
    weeks = _weeks(8, ["base"] * 4 + ["peak"] * 4, "endurance", 99)
    plan = Plan(athlete_id="t", status="OPTIMAL", weeks=weeks, profile={})
    plan.sessions = [
        session("run_easy", 20, week=2, day=0),
        session("run_easy", 30, week=2, day=2),
        session("run_easy", 40, week=2, day=4),
    ]
    attach_prescriptions(plan, runner("5k"))
    has = ["strides" in s.prescription["summary"] for s in plan.sessions]
    assert has == [False, True, False]


def test_deadlift_days_carry_less_volume():
    """A deadlift-led session has a set fewer than the squat-led one of the same week, and
    hypertrophy deadlifts stay at 8 reps or fewer."""
    prof = make_profile(goal="strength", weeks=12, one_rep_max=ORM)
    c = week_contexts(STRENGTH_WEEKS, False)[2]
    dose = lift_doses(STRENGTH_WEEKS, prof)[2]
    squat = prescribe(session("lift_lower", 60, week=2), c, prof, nth=0, dose=dose)
    pull = prescribe(session("lift_lower", 60, week=2), c, prof, nth=1, dose=dose)
    assert pull["exercises"][0]["name"] == "Deadlift"
    assert pull["exercises"][0]["sets"] == squat["exercises"][0]["sets"] - 1
    hyp = make_profile(goal="hypertrophy", weeks=12)
    h = prescribe(session("lift_lower", 60), ctx("build", focus="strength"), hyp, nth=1)
    assert int(h["exercises"][0]["reps"]) <= 8


def test_rationale_gives_the_real_gap_in_plain_words():
    """Two sessions on a day: each names the gap between the first's end and the second's
    start, and no rule id appears."""
    from models.prescription import rationale

    run = make_session(MONDAY, 1, "run_tempo", 6 * 60, 41)  # 06:00-06:41
    lift = make_session(MONDAY, 1, "lift_upper", 17 * 60 + 30, 60)  # 17:30-18:30
    plan = Plan(athlete_id="t", status="OPTIMAL", profile={"goal": "race"}, sessions=[run, lift])
    first, second = rationale(plan, run), rationale(plan, lift)
    assert "10.8 h after it ends" in first and "10.8 h after the tempo run" in second
    assert "H3" not in first + second and "H8" not in first + second
