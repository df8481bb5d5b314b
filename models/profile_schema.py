"""The athlete profile's JSON Schema (draft 2020-12): pydantic's schema of AthleteProfile,
plus what a reader and an editor need: `$schema`, `$id`, a description of every field, and
the patterns that validation enforces in code (weekday names, `HH:MM-HH:MM` windows, the
`weights` and session-type keys). Kept apart from models/profile.py so the field docs read
as one table."""

from __future__ import annotations

from typing import Any

from models.catalog import OBJECTIVE_TERMS, SESSION_TYPES, WEEKDAYS

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"
PROFILE_SCHEMA_ID = "urn:hybridplan:schema:profile:2"

_TIME = r"(?:[01]?[0-9]|2[0-3]):[0-5][0-9]"
_END = rf"(?:{_TIME}|24:00)"
TIME_PATTERN = rf"^ *{_TIME} *$"
RACE_TIME_PATTERN = r"^ *[0-9]+:[0-5]?[0-9](?::[0-5]?[0-9])? *$"  # H:MM:SS or MM:SS
WINDOW_PATTERN = rf"^ *{_TIME} *- *{_END} *$"

DESCRIPTIONS: dict[str, dict[str, str]] = {
    "AthleteProfile": {
        "id": "Stable identifier; also names the athlete's files (made safe for file names).",
        "name": "Display name; defaults to the id.",
        "goal": "Priority goal: it sets the periodization, the H8 order and the weights.",
        "start_date": "First day of the plan (any weekday; weeks run from it); default: "
        "next Monday.",
        "weeks": "Horizon in weeks (1-52); default: up to the race week with a race, else 12. "
        "A race earlier than the horizon shortens the plan (with a warning).",
        "race": "The race (required for goal 'race'); it must fall in the last plan week.",
        "recent_race": "A recent race result: gives pace zones and the race-time estimate.",
        "max_hr": "Maximum heart rate in bpm (100-230): gives heart-rate zones.",
        "one_rep_max": "One-repetition maximums in kg, any subset: gives lift loads in kg.",
        "timezone": "IANA time zone of the times given (e.g. Europe/Paris), used by the "
        "calendar export.",
        "experience": "Scales volumes, frequencies and the ramp.",
        "availability": "Free time per weekday (mon..sun): a list of 'HH:MM-HH:MM' windows; a "
        "missing or empty day has no training.",
        "unavailable_dates": "Dates with no training (travel, illness).",
        "lifts_per_week": "Baseline lifts a week (blocks scale it); default by goal and "
        "experience.",
        "runs_per_week": "Baseline runs a week; default by goal and experience.",
        "run_minutes_per_week": "Current weekly running volume in minutes (start of the ramp); "
        "default by experience.",
        "peak_run_minutes_per_week": "Weekly run minutes to build toward; default by goal, "
        "race distance and experience, never below the current volume.",
        "longest_recent_run_min": "Longest single run of the last 30 days, minutes (H10 spike "
        "rule); default from the weekly volume.",
        "max_hard_share": "Share of weekly run minutes that may be hard work (H11), 0-1.",
        "min_gap_hours": "Minimum gap between a run and a lift on one day (H3), 3-12 hours; "
        "below 4 warns.",
        "max_sessions_per_day": "1 or 2 sessions a day.",
        "min_rest_days": "Full rest days in every plan week (H4).",
        "max_consecutive_days": "Longest run of training days, across week boundaries (H4).",
        "preferences": "Preferred time of day per modality and the long-run day.",
        "weights": "Overrides of the objective weights, by term name (non-negative numbers).",
        "mesocycles": "Explicit blocks instead of the generated ones; their weeks add up to "
        "the horizon.",
    },
    "Race": {
        "date": "Race date (YYYY-MM-DD); it falls in the last plan week.",
        "distance": "Race distance.",
        "start": "Start time, HH:MM (default 08:00).",
    },
    "RecentRace": {
        "distance": "Distance of the recent race.",
        "time": "Finishing time, H:MM:SS or MM:SS.",
    },
    "OneRepMax": {
        "squat": "Back squat 1RM, kg.",
        "deadlift": "Deadlift 1RM, kg.",
        "bench_press": "Bench press 1RM, kg.",
        "overhead_press": "Overhead press 1RM, kg.",
    },
    "Preferences": {
        "lift": "Preferred time of day for lifts (morning < 11:00 <= midday < 15:00 <= evening).",
        "run": "Preferred time of day for runs.",
        "long_run_day": "Weekday for the long run.",
    },
    "Mesocycle": {
        "name": "Block name shown in the plan.",
        "weeks": "Length of the block in weeks.",
        "focus": "What the block trains: strength, endurance, balanced or taper.",
        "deload": "Whether the block's last week is a deload week.",
        "targets": "Explicit weekly targets of the block's loading weeks.",
    },
    "BlockTargets": {
        "sessions": "Sessions a week by type (0-7 each).",
        "run_minutes": "Weekly run-minute range.",
    },
    "RunMinutes": {
        "min": "Lowest weekly run minutes.",
        "max": "Highest weekly run minutes (at least min).",
    },
}


# pydantic leaves Field(ge=..) of an Annotated type with a validator under its own names
_BOUNDS = {"ge": "minimum", "le": "maximum", "gt": "exclusiveMinimum", "lt": "exclusiveMaximum"}


def _standard_bounds(node: Any) -> Any:
    """Rename pydantic's ge/le/gt/lt to JSON Schema's keywords, everywhere in the schema
    (a validator does not know `ge`, so the bound would silently not be checked)."""
    if isinstance(node, dict):
        if node.get("type") in ("integer", "number"):
            node = {_BOUNDS.get(k, k): v for k, v in node.items()}
        return {k: _standard_bounds(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_standard_bounds(v) for v in node]
    return node


def profile_schema(base: dict[str, Any]) -> dict[str, Any]:
    """`base` (AthleteProfile.model_json_schema()) with $schema, $id, descriptions and
    patterns."""
    schema = {"$schema": SCHEMA_DIALECT, "$id": PROFILE_SCHEMA_ID, **_standard_bounds(base)}
    models = {"AthleteProfile": schema, **schema.get("$defs", {})}
    for model, docs in DESCRIPTIONS.items():
        props = models.get(model, {}).get("properties", {})
        for field, text in docs.items():
            if field in props:
                props[field]["description"] = text
    props = schema["properties"]
    window = {"type": "string", "pattern": WINDOW_PATTERN}
    props["availability"].update(
        propertyNames={"enum": list(WEEKDAYS)},
        additionalProperties={"type": "array", "items": window},
    )
    props["weights"].update(
        propertyNames={"enum": list(OBJECTIVE_TERMS)},
        additionalProperties={"type": "number", "minimum": 0},
    )
    defs = schema.get("$defs", {})
    if "Race" in defs:
        defs["Race"]["properties"]["start"]["pattern"] = TIME_PATTERN
    if "RecentRace" in defs:
        defs["RecentRace"]["properties"]["time"]["pattern"] = RACE_TIME_PATTERN
    if "BlockTargets" in defs:
        defs["BlockTargets"]["properties"]["sessions"].update(
            propertyNames={"enum": [t for t in SESSION_TYPES if t != "race"]},
            additionalProperties={"type": "integer", "minimum": 0, "maximum": 7},
        )
    return schema
