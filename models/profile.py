"""The athlete profile (SPEC §2): validated at the boundary so the solver can trust it.

Validation also *resolves* defaults, so a validated profile is complete and dumping it gives
the "profile as resolved" block of plan.json. Loading that block again is idempotent.
"""

from __future__ import annotations

import datetime as dt
import difflib
import json
import math
import sys
import types
import typing
from pathlib import Path
from typing import Annotated, Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import yaml
from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PrivateAttr,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)

from models.catalog import (
    OBJECTIVE_TERMS,
    RACE_DURATION_MIN,
    SESSION_TYPES,
    TAPER_WEEKS,
    WEEKDAYS,
    Distance,
    Experience,
    Focus,
    Goal,
    TimeOfDay,
    parse_hhmm,
)
from models.files import read_text_capped
from models.paces import (
    DISTANCE_KM,
    format_pace,
    parse_race_time,
    riegel_min,
    vdot,
)
from models.strict import StrictInputError, load_json, load_yaml

MAX_PROFILE_BYTES = 1_000_000  # a profile is a few kB; a bigger file is not a profile
MAX_WEIGHT = 1e6  # objective weights above this only overflow the solver's integer scale

Weekday = Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]

# Baseline frequencies and volumes by goal/experience (SPEC §2 "by goal/experience").
DEFAULT_LIFTS: dict[str, tuple[int, int, int]] = {
    "strength": (2, 3, 4),
    "hypertrophy": (3, 3, 4),
    "race": (1, 2, 2),
    "endurance": (1, 2, 2),
    "general": (2, 2, 3),
    "health": (2, 2, 3),
}
DEFAULT_RUNS: dict[str, tuple[int, int, int]] = {
    "strength": (2, 2, 3),
    "hypertrophy": (2, 2, 2),
    "race": (3, 4, 5),
    "endurance": (3, 4, 5),
    "general": (3, 3, 4),
    "health": (3, 3, 4),
}
DEFAULT_RUN_MINUTES: dict[str, int] = {"beginner": 90, "intermediate": 150, "advanced": 240}
# a recent race is plausible between world-record pace and a brisk walk
MIN_RACE_PACE_S_PER_KM, MAX_RACE_PACE_S_PER_KM = 150.0, 600.0
EXPERIENCE_INDEX: dict[str, int] = {"beginner": 0, "intermediate": 1, "advanced": 2}


def _no_bool(v: Any) -> Any:
    """`weeks: true` is not 1 week: booleans are not numbers here."""
    if isinstance(v, bool):
        raise ValueError("expected a number, not true/false")
    return v


Int = Annotated[int, BeforeValidator(_no_bool)]
Float = Annotated[float, BeforeValidator(_no_bool)]


def _printable(v: str) -> str:
    """Ids and names reach file names, CSV cells and calendars: no control characters."""
    bad = next((ch for ch in v if ord(ch) < 32 or 127 <= ord(ch) < 160), None)
    if bad is not None:
        raise ValueError(f"contains the control character {bad!r}")
    return v


class ProfileError(ValueError):
    """Bad input: carries (field, message) pairs so callers can name the field."""

    def __init__(self, problems: list[tuple[str, str]]) -> None:
        self.problems = problems
        super().__init__("; ".join(f"{f}: {m}" for f, m in problems))


def _fmt_loc(loc: tuple[Any, ...]) -> str:
    return ".".join(str(p) for p in loc) or "profile"


def problems_from_validation_error(err: ValidationError) -> list[tuple[str, str]]:
    """Turn pydantic's errors into (field, 'reason (got value)') pairs people can act on."""
    out: list[tuple[str, str]] = []
    for e in err.errors():
        loc = tuple(p for p in e["loc"] if p not in ("function-after[", ""))
        msg = str(e["msg"]).removeprefix("Value error, ")
        if e["type"] == "extra_forbidden":
            msg = unknown_field_message(loc)
        if e["type"] == "missing":  # the input here is the enclosing mapping: do not dump it
            out.append((_fmt_loc(loc), "missing: this field is required"))
            continue
        value = e.get("input")
        head, sep, rest = msg.partition(": ")
        if not loc and sep and head.split(".")[0] in AthleteProfile.model_fields:
            # a cross-field check: name the field it is about, not the whole profile
            loc, msg = (head,), rest
            value = _dig(value, head)
        shown = repr(value)
        if len(shown) > 60:
            shown = shown[:57] + "..."
        out.append((_fmt_loc(loc), f"{msg} (got {shown})"))
    return out


def unknown_field_message(loc: tuple[Any, ...]) -> str:
    """'unknown field', with the nearest known field of that mapping when one is close
    (`gaol` -> did you mean 'goal'?)."""
    model = _model_at(loc[:-1])
    if model is None or not loc or not isinstance(loc[-1], str):
        return "unknown field"
    near = difflib.get_close_matches(loc[-1], list(model.model_fields), n=1, cutoff=0.6)
    return f"unknown field; did you mean {near[0]!r}?" if near else "unknown field"


def _model_at(path: tuple[Any, ...]) -> type[BaseModel] | None:
    """The pydantic model that validates the mapping at `path` (list indexes skipped)."""
    model: type[BaseModel] = AthleteProfile
    for part in path:
        if isinstance(part, int):
            continue
        field = model.model_fields.get(str(part))
        inner = _inner_model(field.annotation) if field is not None else None
        if inner is None:
            return None
        model = inner
    return model


def _inner_model(annotation: Any) -> type[BaseModel] | None:
    """The model inside `X | None`, `list[X]` and the like, if any."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    if typing.get_origin(annotation) in (typing.Union, types.UnionType, list):
        for arg in typing.get_args(annotation):
            found = _inner_model(arg)
            if found is not None:
                return found
    return None


def _dig(data: Any, dotted: str) -> Any:
    for part in dotted.split("."):
        if not isinstance(data, dict):
            return data
        data = data.get(part)
    return data


class Window(BaseModel):
    """One availability window, minutes after midnight."""

    model_config = ConfigDict(frozen=True)
    start_min: int
    end_min: int

    @property
    def text(self) -> str:
        return f"{self.start_min // 60:02d}:{self.start_min % 60:02d}-" + (
            f"{self.end_min // 60:02d}:{self.end_min % 60:02d}"
        )


def parse_window(text: str) -> Window:
    """'HH:MM-HH:MM' to a Window; rejects reversed, empty and out-of-day windows."""
    if not isinstance(text, str) or text.count("-") != 1:
        raise ValueError(f"window {text!r} is not 'HH:MM-HH:MM'")
    a, b = text.split("-")
    start, end = parse_hhmm(a), parse_hhmm(b)
    if start >= 24 * 60:
        raise ValueError(f"window {text!r} starts at the end of the day")
    if end <= start:
        raise ValueError(f"window {text!r} ends before it starts")
    return Window(start_min=start, end_min=end)


class Race(BaseModel):
    model_config = ConfigDict(extra="forbid")
    date: dt.date
    distance: Distance
    start: str = "08:00"

    @field_validator("start")
    @classmethod
    def _start(cls, v: str) -> str:
        minutes = parse_hhmm(v)
        if minutes >= 24 * 60:
            raise ValueError(f"race start {v!r} is not a time of day")
        return f"{minutes // 60:02d}:{minutes % 60:02d}"

    @property
    def start_min(self) -> int:
        return parse_hhmm(self.start)


class RecentRace(BaseModel):
    """A recent race result: gives pace zones (VDOT) and the race-duration estimate (Riegel)."""

    model_config = ConfigDict(extra="forbid")
    distance: Distance
    time: str

    @field_validator("time", mode="before")
    @classmethod
    def _time(cls, v: Any, info: ValidationInfo) -> str:
        seconds = parse_race_time(str(v))
        distance = info.data.get("distance")
        if distance is not None:
            pace = seconds / DISTANCE_KM[distance]
            if not MIN_RACE_PACE_S_PER_KM <= pace <= MAX_RACE_PACE_S_PER_KM:
                raise ValueError(
                    f"a {distance} in {v} is {format_pace(pace)} min/km; a race pace lies "
                    f"between {format_pace(MIN_RACE_PACE_S_PER_KM)} and "
                    f"{format_pace(MAX_RACE_PACE_S_PER_KM)} min/km"
                )
        h, rest = divmod(seconds, 3600)
        return f"{h}:{rest // 60:02d}:{rest % 60:02d}"

    @property
    def seconds(self) -> int:
        return parse_race_time(self.time)

    @property
    def vdot(self) -> float:
        return vdot(DISTANCE_KM[self.distance], self.seconds)


class OneRepMax(BaseModel):
    """One-repetition maximums in kg, any subset: gives lift loads in kg."""

    model_config = ConfigDict(extra="forbid")
    squat: Float | None = Field(default=None, gt=0, le=600)
    deadlift: Float | None = Field(default=None, gt=0, le=600)
    bench_press: Float | None = Field(default=None, gt=0, le=600)
    overhead_press: Float | None = Field(default=None, gt=0, le=600)


class Preferences(BaseModel):
    model_config = ConfigDict(extra="forbid")
    lift: TimeOfDay | None = None
    run: TimeOfDay | None = None
    long_run_day: Weekday | None = None


class RunMinutes(BaseModel):
    model_config = ConfigDict(extra="forbid")
    min: Int = Field(ge=0, le=3000)
    max: Int = Field(ge=0, le=3000)

    @model_validator(mode="after")
    def _ordered(self) -> RunMinutes:
        if self.max < self.min:
            raise ValueError(f"max {self.max} is below min {self.min}")
        return self


class BlockTargets(BaseModel):
    """Explicit weekly targets for the loading weeks of a block."""

    model_config = ConfigDict(extra="forbid")
    sessions: dict[str, Int] = Field(default_factory=dict)
    run_minutes: RunMinutes | None = None

    @field_validator("sessions")
    @classmethod
    def _types(cls, v: dict[str, int]) -> dict[str, int]:
        for k, n in v.items():
            if k not in SESSION_TYPES or k == "race":
                raise ValueError(f"unknown session type {k!r}")
            if not 0 <= n <= 7:
                raise ValueError(f"{k}: {n} sessions a week is outside 0-7")
        for modality in ("lift", "run"):
            n = sum(k for t, k in v.items() if t.startswith(modality))
            if n > 7:
                raise ValueError(
                    f"{n} {modality}s a week, but H2 allows at most one {modality} a day (7)"
                )
        return v


class Mesocycle(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str = Field(min_length=1, max_length=60)
    weeks: Int = Field(ge=1, le=52)
    focus: Focus
    deload: bool = True
    targets: BlockTargets | None = None


class AthleteProfile(BaseModel):
    """An athlete's requirements; validation fills every default of SPEC §2."""

    model_config = ConfigDict(extra="forbid")

    id: str = Field(min_length=1, max_length=200)
    name: str | None = Field(default=None, max_length=200)
    goal: Goal = "general"
    start_date: dt.date | None = None
    weeks: Int | None = Field(default=None, ge=1, le=52)
    race: Race | None = None
    recent_race: RecentRace | None = None
    max_hr: Int | None = Field(default=None, ge=100, le=230)
    one_rep_max: OneRepMax | None = None
    timezone: str | None = Field(default=None, max_length=100)
    experience: Experience = "intermediate"
    availability: dict[str, list[str]]
    unavailable_dates: list[dt.date] = Field(default_factory=list, max_length=1000)
    lifts_per_week: Int | None = Field(default=None, ge=0, le=7)
    runs_per_week: Int | None = Field(default=None, ge=0, le=7)
    run_minutes_per_week: Int | None = Field(default=None, ge=0, le=1500)
    peak_run_minutes_per_week: Int | None = Field(default=None, ge=0, le=1500)
    longest_recent_run_min: Int | None = Field(default=None, ge=0, le=300)
    max_hard_share: Float = Field(default=0.20, ge=0.0, le=1.0)
    min_gap_hours: Float = Field(default=6.0, ge=3.0, le=12.0)
    max_sessions_per_day: Int = Field(default=2, ge=1, le=2)
    min_rest_days: Int = Field(default=1, ge=0, le=7)
    max_consecutive_days: Int = Field(default=5, ge=1, le=14)
    preferences: Preferences = Field(default_factory=Preferences)
    weights: dict[str, Float] = Field(default_factory=dict)
    mesocycles: list[Mesocycle] | None = Field(default=None, max_length=52)
    # weeks as given, when a race earlier than they allow shortened the plan (a warning)
    _weeks_given: int | None = PrivateAttr(default=None)

    @field_validator("id")
    @classmethod
    def _id(cls, v: str) -> str:
        if not v.strip():
            raise ValueError("id is empty")
        return _printable(v)

    @field_validator("name")
    @classmethod
    def _name(cls, v: str | None) -> str | None:
        return None if v is None else _printable(v)

    @field_validator("timezone")
    @classmethod
    def _tz(cls, v: str | None) -> str | None:
        if v is None:
            return None
        try:
            ZoneInfo(v)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError(f"unknown IANA time zone {v!r}") from exc
        return v

    @field_validator("availability")
    @classmethod
    def _availability(cls, v: dict[str, list[str]]) -> dict[str, list[str]]:
        out: dict[str, list[str]] = {}
        unknown = sorted(set(v) - set(WEEKDAYS))
        if unknown:
            raise ValueError(f"unknown weekday {unknown[0]!r}; use {', '.join(WEEKDAYS)}")
        for day in WEEKDAYS:
            raw = v.get(day, [])
            if len(raw) > 48:
                raise ValueError(f"{day}: {len(raw)} windows; at most 48 a day")
            try:
                windows = sorted((parse_window(w) for w in raw), key=lambda w: w.start_min)
            except ValueError as exc:
                raise ValueError(f"{day}: {exc}") from None
            for a, b in zip(windows, windows[1:], strict=False):
                if b.start_min < a.end_min:
                    raise ValueError(f"{day}: windows {a.text} and {b.text} overlap")
            out[day] = [w.text for w in windows]
        return out

    @field_validator("max_hard_share")
    @classmethod
    def _share(cls, v: float) -> float:
        return round(v, 3)

    @field_validator("weights")
    @classmethod
    def _weights(cls, v: dict[str, float]) -> dict[str, float]:
        for k, w in v.items():
            if k not in OBJECTIVE_TERMS:
                raise ValueError(
                    f"unknown objective term {k!r}; known: {', '.join(OBJECTIVE_TERMS)}"
                )
            if not math.isfinite(w) or not 0 <= w <= MAX_WEIGHT:
                raise ValueError(
                    f"weight of {k} must be a number from 0 to {MAX_WEIGHT:g}, got {w}"
                )
        return v

    @model_validator(mode="after")
    def _resolve(self) -> AthleteProfile:
        """Fill defaults and check cross-field facts (race in the horizon, mesocycle sum)."""
        if self.name is None:
            self.name = self.id
        if self.goal == "race" and self.race is None:
            raise ValueError("race: goal 'race' needs a race: {date, distance}")
        if self.start_date is None:
            today = dt.date.today()
            self.start_date = today + dt.timedelta(days=7 - today.weekday())
        if self.mesocycles and self.weeks is None:
            self.weeks = sum(m.weeks for m in self.mesocycles)
        if self.race is not None:
            offset = (self.race.date - self.start_date).days
            if offset < 0:
                raise ValueError(
                    f"race.date: {self.race.date} is before start_date {self.start_date}"
                )
            race_week = offset // 7 + 1
            if self.weeks is None:
                self.weeks = race_week
            elif race_week < self.weeks and not self.mesocycles:
                self._weeks_given, self.weeks = self.weeks, race_week
            if race_week != self.weeks:
                raise ValueError(
                    f"race.date: {self.race.date} falls in plan week {race_week}, but it must "
                    f"fall in the last plan week ({self.weeks})"
                )
            est = self.race_estimate_min
            if self.race.start_min + est > 24 * 60:
                raise ValueError(
                    f"race.start: a {self.race.distance} starting at {self.race.start} takes about "
                    f"{est} min for {'a' if self.experience == 'beginner' else 'an'} "
                    f"{self.experience} runner and would end after midnight"
                )
            if race_week > 52:
                raise ValueError(f"race.date: {self.race.date} is {race_week} weeks away (max 52)")
            if self.weeks < TAPER_WEEKS[self.race.distance]:
                pass  # a short horizon just gets a shorter taper; periodization handles it
        if self.weeks is None:
            self.weeks = 12
        if self.mesocycles and sum(m.weeks for m in self.mesocycles) != self.weeks:
            total = sum(m.weeks for m in self.mesocycles)
            raise ValueError(f"mesocycles: they cover {total} weeks but the plan has {self.weeks}")
        ei = EXPERIENCE_INDEX[self.experience]
        if self.lifts_per_week is None:
            self.lifts_per_week = DEFAULT_LIFTS[self.goal][ei]
        if self.runs_per_week is None:
            self.runs_per_week = DEFAULT_RUNS[self.goal][ei]
        if self.run_minutes_per_week is None:
            self.run_minutes_per_week = DEFAULT_RUN_MINUTES[self.experience]
            if self.goal == "health":  # WHO minimum from week 1 needs >= 137 (H6 ramp)
                self.run_minutes_per_week = max(150, self.run_minutes_per_week)
        if self.longest_recent_run_min is None:
            v0, runs = self.run_minutes_per_week, self.runs_per_week
            per_run = round(v0 / runs) if runs else 0
            self.longest_recent_run_min = min(300, max(30, round(0.3 * v0), per_run))
        if self.preferences.long_run_day is None:
            self.preferences.long_run_day = default_long_run_day(self)
        self.unavailable_dates = sorted(set(self.unavailable_dates))
        return self

    # --- convenient resolved views (validation guarantees these are set) ---------------
    @property
    def horizon_weeks(self) -> int:
        assert self.weeks is not None
        return self.weeks

    @property
    def first_day(self) -> dt.date:
        assert self.start_date is not None
        return self.start_date

    @property
    def race_estimate_min(self) -> int:
        """Race duration: Riegel (exponent 1.06) from `recent_race`, else by experience."""
        assert self.race is not None
        if self.recent_race is not None:
            rr = self.recent_race
            return riegel_min(rr.distance, rr.seconds, self.race.distance)
        return RACE_DURATION_MIN[self.race.distance][self.experience]

    @property
    def min_gap_min(self) -> int:
        return round(self.min_gap_hours * 60)

    def windows(self, weekday: str) -> list[Window]:
        """The availability windows of a weekday ('mon'..'sun'), sorted."""
        return [parse_window(w) for w in self.availability.get(weekday, [])]

    def day_date(self, day_index: int) -> dt.date:
        return self.first_day + dt.timedelta(days=day_index)

    def weekday_of(self, day_index: int) -> str:
        return WEEKDAYS[self.day_date(day_index).weekday()]

    def to_json_dict(self) -> dict[str, Any]:
        return self.model_dump(mode="json")


def input_warnings(profile: AthleteProfile) -> list[str]:
    """What validation changed in the profile (SPEC §3c code `input`), in words a person acts
    on: a race earlier than `weeks` allows shortens the plan. (The periodization warns about
    unwise values such as min_gap_hours below 4.)"""
    out = []
    if profile._weeks_given is not None and profile.race is not None:
        out.append(
            f"weeks: the race on {profile.race.date} falls in plan week {profile.weeks}, so the "
            f"plan was shortened from {profile._weeks_given} to {profile.weeks} weeks (a race "
            "plan ends in the race week)"
        )
    return out


def default_long_run_day(p: AthleteProfile) -> Weekday:
    """SPEC §3b: the race's weekday; else Saturday or Sunday, whichever has the longer
    availability; with neither available, the day with the longest window."""
    if p.race is not None:
        return WEEKDAYS[p.race.date.weekday()]  # type: ignore[return-value]

    def total(day: str) -> int:
        return sum(w.end_min - w.start_min for w in p.windows(day))

    def longest(day: str) -> int:
        return max((w.end_min - w.start_min for w in p.windows(day)), default=0)

    if total("sat") or total("sun"):
        return "sun" if total("sun") > total("sat") else "sat"
    best = max(WEEKDAYS, key=lambda d: (longest(d), -WEEKDAYS.index(d)))
    return best  # type: ignore[return-value]


def parse_profile(data: Any) -> AthleteProfile:
    """Validate a mapping; raise ProfileError naming each bad field and value."""
    if not isinstance(data, dict):
        raise ProfileError(
            [("profile", f"expected a mapping of fields, got {type(data).__name__}")]
        )
    try:
        return AthleteProfile.model_validate(data)
    except ValidationError as err:
        raise ProfileError(problems_from_validation_error(err)) from None


def load_profile(path: str | Path) -> AthleteProfile:
    """Read a YAML or JSON profile file (`-`: standard input, YAML or JSON); the format
    follows the extension (YAML otherwise, which also reads JSON)."""
    p = Path(path)
    name = "<stdin>" if str(path) == "-" else str(p)
    try:
        text = (
            _read_stdin(MAX_PROFILE_BYTES)
            if str(path) == "-"
            else read_text_capped(p, MAX_PROFILE_BYTES, "profile")
        )
    except OSError as exc:
        raise ProfileError([("file", f"cannot read {p}: {exc.strerror}")]) from None
    except ValueError as exc:  # too large, or not UTF-8
        raise ProfileError([("file", str(exc))]) from None
    kind = "JSON" if p.suffix.lower() == ".json" else "YAML"
    try:
        data = load_json(text) if kind == "JSON" else load_yaml(text)
    except StrictInputError as exc:
        raise ProfileError([("file", f"{name} is not valid {kind}: {exc}")]) from None
    except (json.JSONDecodeError, yaml.YAMLError) as exc:
        raise ProfileError([("file", syntax_error_message(name, exc))]) from None
    if data is None:
        raise ProfileError(
            [("file", f"{name} is empty: a profile needs at least id and availability")]
        )
    return parse_profile(data)


def _read_stdin(max_bytes: int) -> str:
    """Standard input, refused past `max_bytes` characters like a file past its cap."""
    text = sys.stdin.read(max_bytes + 1)
    if len(text) > max_bytes:
        raise ValueError(
            f"standard input is larger than {max_bytes:,} bytes, the most a profile may be"
        )
    return text


def syntax_error_message(name: str, exc: json.JSONDecodeError | yaml.YAMLError) -> str:
    """'file:line:column: what is wrong' for a JSON or YAML syntax error."""
    if isinstance(exc, json.JSONDecodeError):
        return f"{name}:{exc.lineno}:{exc.colno}: not valid JSON: {exc.msg}"
    mark = getattr(exc, "problem_mark", None)
    problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
    if mark is None:
        return f"{name}: not valid YAML: {problem}"
    return f"{name}:{mark.line + 1}:{mark.column + 1}: not valid YAML: {problem}"


def profile_json_schema() -> dict[str, Any]:
    """The profile's JSON Schema with a description of every field (models/profile_schema)."""
    from models.profile_schema import profile_schema

    return profile_schema(AthleteProfile.model_json_schema())
