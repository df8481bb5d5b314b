"""plan.json (SPEC §5): the stable, machine-readable result of one solve."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from models.catalog import WEEKDAYS, hard_min_of, hhmm, intensity_of, modality_of

if TYPE_CHECKING:
    import pandas as pd

Status = Literal["OPTIMAL", "FEASIBLE", "INFEASIBLE", "UNKNOWN", "INVALID"]

TIMETABLE_COLUMNS = (
    "date",
    "week",
    "weekday",
    "start",
    "end",
    "type",
    "modality",
    "duration_min",
    "intensity",
    "hard_min",
    "details",
)


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
    week: int
    weekday: str
    start: str
    end: str
    type: str
    modality: Literal["lift", "run"]
    duration_min: int
    intensity: Literal["easy", "moderate", "hard"]
    hard_min: int = 0
    prescription: dict[str, Any] | None = None
    # calendar revision (RFC 5545 SEQUENCE): rises each time a re-plan changes the session
    sequence: int = 0


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
    weeks: list[PlanWeek] = Field(default_factory=list)
    sessions: list[PlanSession] = Field(default_factory=list)
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

    def timetable(self) -> pd.DataFrame:
        """One row per session, in date/time order (pandas imported lazily for a fast CLI)."""
        import pandas as pd

        return pd.DataFrame(self.timetable_rows(), columns=list(TIMETABLE_COLUMNS))

    def timetable_rows(self) -> list[dict[str, Any]]:
        """The rows of timetable.csv: the session fields and the prescription as `details`
        (the one place that flattens it; every CSV writer uses these rows)."""
        from models.prescription import details_text

        return [
            {
                **{c: getattr(s, c) for c in TIMETABLE_COLUMNS if c != "details"},
                "details": details_text(s.prescription),
            }
            for s in self.sessions
        ]

    def write(self, outdir: str | Path, html: bool = False) -> dict[str, Path]:
        """plan.json, timetable.csv, plan.ics (and report.html), each written to a temp file
        and renamed, plan.json last."""
        out = Path(outdir)
        out.mkdir(parents=True, exist_ok=True)
        from models.calendar import plan_ics

        paths = {
            "plan": out / "plan.json",
            "timetable": out / "timetable.csv",
            "calendar": out / "plan.ics",
        }
        _atomic_write(paths["timetable"], self.timetable().to_csv(index=False))
        _atomic_write(paths["calendar"], plan_ics(self).decode("utf-8"))
        if html:
            from models.report import plan_html

            paths["report"] = out / "report.html"
            _atomic_write(paths["report"], plan_html(self))
        _atomic_write(paths["plan"], self.to_json() + "\n")  # last: its presence means done
        return paths

    @classmethod
    def load(cls, path: str | Path) -> Plan:
        return cls.model_validate_json(Path(path).read_text(encoding="utf-8"))


def plan_json_schema() -> dict[str, Any]:
    """The JSON Schema of plan.json (`hybridplan schema --plan`), with the prescription's
    shape (SPEC §5b) in place of a free-form object."""
    from models.prescription import prescription_json_schema

    schema = Plan.model_json_schema()
    presc = prescription_json_schema()
    schema["$defs"].update(presc.pop("$defs", {}))
    schema["$defs"]["Prescription"] = presc
    schema["$defs"]["PlanSession"]["properties"]["prescription"] = {
        "anyOf": [{"$ref": "#/$defs/Prescription"}, {"type": "null"}],
        "default": None,
    }
    return schema


def _atomic_write(path: Path, text: str) -> None:
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)
