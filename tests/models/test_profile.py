"""models/profile.py: validation names the field and the bad value; defaults resolve."""

import datetime as dt
import json
from pathlib import Path

import pytest

from models.profile import (
    ProfileError,
    input_warnings,
    load_profile,
    parse_profile,
    profile_json_schema,
)
from tests.conftest import BASE


def problems(**overrides):
    data = {**BASE, **overrides}
    with pytest.raises(ProfileError) as exc:
        parse_profile(data)
    return exc.value.problems


# (overrides of BASE, field named in the error, snippet of the message); the schema test
# checks that the JSON Schema rejects these too, where a schema can see it
BAD_PROFILES = [
    ({"availability": {"mon": ["25:00-26:00"]}}, "availability", "25:00"),
    ({"availability": {"mon": ["10:00-09:00"]}}, "availability", "ends before it starts"),
    ({"availability": {"mon": ["06:00-09:00", "08:00-10:00"]}}, "availability", "overlap"),
    ({"availability": {"funday": ["06:00-09:00"]}}, "availability", "funday"),
    ({"weeks": 0}, "weeks", "0"),
    ({"run_minutes_per_week": -10}, "run_minutes_per_week", "-10"),
    ({"min_gap_hours": 2}, "min_gap_hours", "2"),
    ({"goal": "yoga"}, "goal", "yoga"),
    ({"colour": "red"}, "colour", "unknown field"),
    ({"timezone": "Mars/Olympus"}, "timezone", "Mars/Olympus"),
    ({"weights": {"fun": 1}}, "weights", "fun"),
    ({"max_sessions_per_day": 3}, "max_sessions_per_day", "3"),
    ({"race": {"distance": "5k"}}, "race.date", "missing"),
    ({"gaol": "race"}, "gaol", "did you mean 'goal'"),
    ({"preferences": {"long_run_dya": "sat"}}, "preferences.long_run_dya", "'long_run_day'"),
    ({"timezone": 5}, "timezone", "string"),
    ({"weights": {"spread": -1}}, "weights", "from 0 to"),
    ({"race": {"date": "2027-01-31", "distance": "5k", "start": "25:00"}}, "race.start", "25:00"),
    ({"recent_race": {"distance": "5k", "time": "9:00"}}, "recent_race.time", "9:00"),
    ({"recent_race": {"distance": "5k", "time": "fast"}}, "recent_race.time", "fast"),
    ({"recent_race": {"distance": "3k", "time": "12:00"}}, "recent_race.distance", "3k"),
    ({"max_hr": 250}, "max_hr", "250"),
    ({"max_hr": 99}, "max_hr", "99"),
    ({"one_rep_max": {"squat": -5}}, "one_rep_max.squat", "-5"),
    ({"one_rep_max": {"snatch": 80}}, "one_rep_max.snatch", "unknown field"),
]


@pytest.mark.parametrize(("overrides", "field", "snippet"), BAD_PROFILES)
def test_profile_errors_name_field_and_value(overrides, field, snippet):
    """Each malformed field is reported with its name and the offending value or reason."""
    found = problems(**overrides)
    assert any(f.startswith(field) and snippet in f + m for f, m in found), found


def test_profile_race_goal_needs_race():
    """goal: race without a race is an error naming the race."""
    found = problems(goal="race")
    assert any("race" in m for _, m in found)


def test_profile_race_after_horizon():
    """A race date after the last plan week is an error."""
    found = problems(weeks=2, race={"date": "2027-01-20", "distance": "10k"})
    assert any("last plan week" in m for _, m in found)


def test_profile_early_race_shortens_plan_with_warning():
    """A race earlier than `weeks` allows ends the plan in the race week, and says so."""
    p = parse_profile({**BASE, "weeks": 12, "race": {"date": "2027-01-20", "distance": "10k"}})
    assert p.weeks == 3
    assert any("shortened from 12 to 3 weeks" in w for w in input_warnings(p))
    again = parse_profile(p.to_json_dict())
    assert again.weeks == 3 and input_warnings(again) == []


def test_profile_missing_field_does_not_dump_profile():
    """A missing required field says so without repeating the whole profile."""
    data = {k: v for k, v in BASE.items() if k != "availability"}
    with pytest.raises(ProfileError) as exc:
        parse_profile(data)
    assert exc.value.problems == [("availability", "missing: this field is required")]


def test_profile_defaults_resolved():
    """Defaults follow SPEC §2: name=id, 12 weeks, volumes by goal/experience, next Monday."""
    data = {k: v for k, v in BASE.items() if k not in ("weeks", "start_date")}
    p = parse_profile(data)
    assert p.name == p.id and p.weeks == 12 and p.min_gap_hours == 6
    # longest recent run: max(30, 30 % of the week, the week over its 3 runs) = 50
    assert p.run_minutes_per_week == 150 and p.longest_recent_run_min == 50
    assert p.preferences.long_run_day == "sat"  # the longer weekend window (a tie: Saturday)
    assert p.start_date is not None and p.start_date.weekday() == 0
    assert p.start_date > dt.date.today()
    race = parse_profile(
        {**data, "goal": "race", "race": {"date": "2027-03-27", "distance": "half"}}
    )
    assert race.race is not None and race.race.start == "08:00"


def test_profile_resolved_dump_is_idempotent():
    """Loading the resolved profile from plan.json gives the same profile."""
    p = parse_profile(BASE)
    again = parse_profile(json.loads(json.dumps(p.to_json_dict())))
    assert again == p


def test_profile_load_yaml_and_json(tmp_path):
    """Profiles load from YAML and JSON; a syntax error names the file, line and column."""
    assert load_profile("data/half_marathon_12w.json").race is not None
    assert load_profile("data/beginner.yaml").experience == "beginner"
    bad = tmp_path / "bad.yaml"
    bad.write_text("id: x\navailability:\n  mon: [06:00-08:00\n")
    with pytest.raises(ProfileError, match=r"bad\.yaml:4:1: not valid YAML"):
        load_profile(bad)
    bad_json = tmp_path / "bad.json"
    bad_json.write_text('{"id": "x",\n "goal": }')
    with pytest.raises(ProfileError, match=r"bad\.json:2:10: not valid JSON"):
        load_profile(bad_json)


def test_profile_empty_file_says_empty(tmp_path):
    """An empty file is reported as empty, not as a type error."""
    empty = tmp_path / "empty.yaml"
    empty.write_text("")
    with pytest.raises(ProfileError, match="is empty"):
        load_profile(empty)


def test_profile_load_from_stdin(monkeypatch):
    """`-` reads the profile from standard input."""
    import io

    monkeypatch.setattr("sys.stdin", io.StringIO(Path("data/beginner.yaml").read_text()))
    assert load_profile("-").experience == "beginner"


def test_profile_gap_below_four_is_accepted_without_a_python_warning():
    """min_gap_hours between 3 and 4 validates without a raw UserWarning (the plan's
    `input` warning says it in the tool's words)."""
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert parse_profile({**BASE, "min_gap_hours": 3.5}).min_gap_hours == 3.5


def test_profile_schema_lists_fields():
    """The JSON Schema lists every profile field."""
    props = profile_json_schema()["properties"]
    for field in ("id", "goal", "availability", "race", "mesocycles", "weights"):
        assert field in props


def test_profile_recent_race_normalised_and_riegel_estimate():
    """recent_race.time becomes H:MM:SS; the race estimate follows Riegel (exponent 1.06)."""
    p = parse_profile(
        {
            **BASE,
            "goal": "race",
            "weeks": 4,
            "race": {"date": "2027-01-31", "distance": "half"},
            "recent_race": {"distance": "10k", "time": "45:00"},
        }
    )
    assert p.recent_race is not None and p.recent_race.time == "0:45:00"
    assert p.race_estimate_min == 100  # 45:00 x (21.0975 / 10)^1.06 = 99.4 min, rounded up
    race = {"date": "2027-01-31", "distance": "half"}
    no_result = parse_profile({**BASE, "weeks": 4, "race": race})
    assert no_result.race_estimate_min == 120  # intermediate default
    from models.periodization import build_requirements

    assert build_requirements(p, 15).race_duration_min == 100  # the race session's length


def test_profile_timezone_defaults_to_floating():
    """With no timezone the profile keeps none (floating local times, SPEC §2)."""
    assert parse_profile(BASE).timezone is None
