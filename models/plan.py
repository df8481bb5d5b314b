"""plan.json (SPEC §5): the stable, machine-readable result of one solve."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from models.catalog import WEEKDAYS, hard_min_of, hhmm, intensity_of, modality_of, parse_hhmm
from models.files import read_text_capped
from models.strict import StrictInputError, load_json

Status = Literal["OPTIMAL", "FEASIBLE", "INFEASIBLE", "UNKNOWN", "INVALID"]
MAX_PLAN_BYTES = 20_000_000  # a 52-week plan with prescriptions is about 1 MB
MAX_SESSIONS = 52 * 7 * 2 + 1  # H2: two sessions a day over the longest horizon, plus the race


class RunMinutesTarget(BaseModel):
    min: int
    max: int


class WeekTargets(BaseModel):
    sessions: dict[str, int]
    run_minutes: RunMinutesTarget


class PlanWeek(BaseModel):
    week: int
    start_date: str
    mesocycle: str
    focus: Literal["strength", "endurance", "balanced", "taper"]
    deload: bool
    targets: WeekTargets


class PlanSession(BaseModel):
    date: str
    week: int = Field(ge=1, le=52)
    weekday: str
    start: str
    end: str
    type: str = Field(max_length=40)
    modality: Literal["lift", "run"]
    duration_min: int = Field(ge=1, le=24 * 60)
    intensity: Literal["easy", "moderate", "hard"]
    hard_min: int = Field(default=0, le=24 * 60)
    prescription: dict[str, Any] | None = None
    # calendar revision (RFC 5545 SEQUENCE): rises each time a re-plan changes the session
    sequence: int = 0

    @field_validator("date")
    @classmethod
    def _date(cls, v: str) -> str:
        try:
            dt.date.fromisoformat(v)
        except ValueError:
            raise ValueError(f"{v!r} is not a calendar date YYYY-MM-DD") from None
        return v

    @field_validator("start")
    @classmethod
    def _start(cls, v: str) -> str:
        if parse_hhmm(v) >= 24 * 60:
            raise ValueError(f"start {v!r} is not a time of day")
        return v

    @field_validator("end")
    @classmethod
    def _end(cls, v: str) -> str:
        parse_hhmm(v)  # 24:00 is a valid end
        return v


def make_session(
    day: dt.date,
    week: int,
    session_type: str,
    start_min: int,
    duration_min: int,
    deload: bool = False,
) -> PlanSession:
    """A timetable row; everything but the date, week, type and times is derived."""
    return PlanSession(
        date=day.isoformat(),
        week=week,
        weekday=WEEKDAYS[day.weekday()],
        start=hhmm(start_min),
        end=hhmm(start_min + duration_min),
        type=session_type,
        modality=modality_of(session_type),
        duration_min=duration_min,
        intensity=intensity_of(session_type, deload),
        hard_min=hard_min_of(session_type, duration_min),
    )


class TermValue(BaseModel):
    weight: float
    value: float


class PlanWarning(BaseModel):
    """A readiness warning (SPEC §3c): the plan is emitted and says what it could not do."""

    code: str
    message: str


class PlanConflict(BaseModel):
    rule: str
    message: str


class Plan(BaseModel):
    """One athlete's plan; INFEASIBLE plans carry conflicts and no sessions."""

    model_config = ConfigDict(extra="forbid")

    schema_version: int = 2
    athlete_id: str
    status: Status
    objective: float | None = None
    best_bound: float | None = None
    gap: float | None = None
    solve_seconds: float = 0.0
    settings: dict[str, Any] = Field(default_factory=dict)
    profile: dict[str, Any] = Field(default_factory=dict)
    weeks: list[PlanWeek] = Field(default_factory=list, max_length=52)
    sessions: list[PlanSession] = Field(default_factory=list, max_length=MAX_SESSIONS)
    objective_terms: dict[str, TermValue] = Field(default_factory=dict)
    warnings: list[PlanWarning] = Field(default_factory=list)
    conflicts: list[PlanConflict] = Field(default_factory=list)
    # sessions a re-plan removed: exported as cancelled calendar events with their old UIDs
    cancelled: list[PlanSession] = Field(default_factory=list)

    @property
    def has_schedule(self) -> bool:
        return self.status in ("OPTIMAL", "FEASIBLE")

    def to_json(self, indent: int | None = 2) -> str:
        return json.dumps(self.model_dump(mode="json"), indent=indent)

    @classmethod
    def load(cls, path: str | Path) -> Plan:
        """Read a plan.json; PlanFileError names the field and value of what is wrong."""
        try:
            data = load_json(read_text_capped(path, MAX_PLAN_BYTES, "plan.json"))
        except OSError as exc:
            raise PlanFileError([f"cannot read it: {exc.strerror or exc}"]) from None
        except (ValueError, StrictInputError) as exc:  # JSONDecodeError is a ValueError
            raise PlanFileError([f"not valid JSON: {exc}"]) from None
        try:
            return cls.model_validate(data)
        except ValidationError as err:
            raise PlanFileError(validation_problems(err)) from None


class PlanFileError(ValueError):
    """A plan.json that cannot be read or does not match the schema (bad input, exit 2)."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("; ".join(problems))


def validation_problems(err: ValidationError, limit: int = 10) -> list[str]:
    """'field.path: reason (got value)' for the first `limit` errors, and how many more."""
    out = []
    for e in err.errors()[:limit]:
        where = ".".join(str(p) for p in e["loc"]) or "plan"
        shown = repr(e.get("input"))
        if len(shown) > 60:
            shown = shown[:57] + "..."
        msg = str(e["msg"]).removeprefix("Value error, ")
        out.append(f"{where}: {msg} (got {shown})")
    if err.error_count() > limit:
        out.append(f"... and {err.error_count() - limit} more")
    return out
