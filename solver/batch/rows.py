"""Batch CSV (SPEC §6): the file -> one validated profile, or errors naming fields, per row.

Columns are the profile fields. Flattened ones: `mon`..`sun` hold windows separated by `|`
(empty = unavailable); `race_date`, `race_distance`, `race_start` make `race`;
`recent_race_distance`, `recent_race_time` make `recent_race`; `squat_1rm`, `deadlift_1rm`,
`bench_press_1rm`, `overhead_press_1rm` make `one_rep_max`;
`unavailable_dates` is `|`-separated; `preferred_lift`, `preferred_run`, `long_run_day` make
`preferences`; `weights` and `mesocycles` may hold JSON. Empty cells mean "use the default".
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from models.catalog import WEEKDAYS
from models.files import read_text_capped
from models.profile import AthleteProfile, ProfileError, parse_profile
from models.strict import StrictInputError, load_json

INT_FIELDS = (
    "weeks",
    "lifts_per_week",
    "runs_per_week",
    "run_minutes_per_week",
    "longest_recent_run_min",
    "max_sessions_per_day",
    "min_rest_days",
    "max_consecutive_days",
    "max_hr",
)
FLOAT_FIELDS = ("max_hard_share", "min_gap_hours")
ONE_REP_MAX_LIFTS = ("squat", "deadlift", "bench_press", "overhead_press")
PLAIN_FIELDS = ("id", "name", "goal", "start_date", "timezone", "experience")
FLAT_FIELDS = (
    *WEEKDAYS,
    "race_date",
    "race_distance",
    "race_start",
    "unavailable_dates",
    "preferred_lift",
    "preferred_run",
    "long_run_day",
    "weights",
    "mesocycles",
    "recent_race_distance",
    "recent_race_time",
    *(f"{lift}_1rm" for lift in ONE_REP_MAX_LIFTS),
)
KNOWN_COLUMNS = frozenset((*INT_FIELDS, *FLOAT_FIELDS, *PLAIN_FIELDS, *FLAT_FIELDS))


@dataclass
class RowResult:
    """A parsed row: a profile, or the (field, reason) problems that stop it."""

    row: int  # 1-based data row number (the header is row 0)
    athlete_id: str
    profile: AthleteProfile | None
    problems: list[tuple[str, str]]

    @property
    def error(self) -> str:
        return "; ".join(f"{f}: {m}" for f, m in self.problems)


def _short(value: str) -> str:
    shown = repr(value)
    return shown if len(shown) <= 60 else shown[:57] + "..."


def unknown_columns(columns: list[str]) -> list[str]:
    return [c for c in columns if c not in KNOWN_COLUMNS]


def row_to_mapping(cells: dict[str, str]) -> tuple[dict[str, Any], list[tuple[str, str]]]:
    """Unflatten one row into a profile mapping; type errors are reported per field."""
    data: dict[str, Any] = {}
    problems: list[tuple[str, str]] = []
    get = {k: (v or "").strip() for k, v in cells.items()}
    for f in PLAIN_FIELDS:
        if get.get(f):
            data[f] = get[f]
    for f in INT_FIELDS:
        if get.get(f):
            try:
                data[f] = int(float(get[f])) if float(get[f]).is_integer() else float(get[f])
            except (ValueError, OverflowError):
                problems.append((f, f"not a number (got {_short(get[f])})"))
    for f in FLOAT_FIELDS:
        if get.get(f):
            try:
                data[f] = float(get[f])
            except ValueError:
                problems.append((f, f"not a number (got {_short(get[f])})"))
    if any(d in get for d in WEEKDAYS):
        data["availability"] = {
            d: [w.strip() for w in get.get(d, "").split("|") if w.strip()] for d in WEEKDAYS
        }
    if get.get("race_date") or get.get("race_distance"):
        race: dict[str, Any] = {}
        for src, dst in (
            ("race_date", "date"),
            ("race_distance", "distance"),
            ("race_start", "start"),
        ):
            if get.get(src):
                race[dst] = get[src]
        data["race"] = race
    if get.get("recent_race_distance") or get.get("recent_race_time"):
        data["recent_race"] = {
            k: get[f"recent_race_{k}"] for k in ("distance", "time") if get.get(f"recent_race_{k}")
        }
    one_rm: dict[str, float] = {}
    for lift in ONE_REP_MAX_LIFTS:
        if get.get(f"{lift}_1rm"):
            try:
                one_rm[lift] = float(get[f"{lift}_1rm"])
            except ValueError:
                problems.append((f"{lift}_1rm", f"not a number (got {get[f'{lift}_1rm']!r})"))
    if one_rm:
        data["one_rep_max"] = one_rm
    if get.get("unavailable_dates"):
        data["unavailable_dates"] = [
            x.strip() for x in get["unavailable_dates"].split("|") if x.strip()
        ]
    prefs = {
        k: get[src]
        for src, k in (
            ("preferred_lift", "lift"),
            ("preferred_run", "run"),
            ("long_run_day", "long_run_day"),
        )
        if get.get(src)
    }
    if prefs:
        data["preferences"] = prefs
    for f in ("weights", "mesocycles"):
        if get.get(f):
            try:
                data[f] = load_json(get[f])
            except json.JSONDecodeError as exc:
                problems.append((f, f"not valid JSON: {exc.msg} (got {_short(get[f])})"))
            except StrictInputError as exc:
                problems.append((f, f"{exc} (got {_short(get[f])})"))
    return data, problems


def parse_row(row: int, cells: dict[str, str]) -> RowResult:
    """Validate one CSV row; never raises for bad data."""
    data, problems = row_to_mapping(cells)
    athlete_id = str(data.get("id", "")).strip()
    if not athlete_id:
        problems.insert(0, ("id", "missing id"))
    if problems:
        return RowResult(row, athlete_id, None, problems)
    try:
        return RowResult(row, athlete_id, parse_profile(data), [])
    except ProfileError as exc:
        return RowResult(row, athlete_id, None, exc.problems)


def mark_duplicates(rows: list[RowResult]) -> None:
    """Every row after the first with an id already seen becomes an error (ids must be unique)."""
    seen: dict[str, int] = {}
    for r in rows:
        if not r.athlete_id:
            continue
        if r.athlete_id in seen:
            r.profile = None
            r.problems.append(
                ("id", f"duplicate id {r.athlete_id!r} (first in row {seen[r.athlete_id]})")
            )
        else:
            seen[r.athlete_id] = r.row


MAX_CSV_BYTES = 100_000_000  # about 100,000 athletes; more is not a batch file


class BatchInputError(ValueError):
    """The CSV as a whole cannot be read (not a row problem)."""


# --- reading the CSV ------------------------------------------------------------------------
def read_rows(csv_path: str | Path) -> list[RowResult]:
    """Every data row parsed; a bad row becomes a RowResult with problems, never an exception.

    Read with the csv module, not pandas: a quoted carriage return stays inside its cell, and
    a data row with more cells than the header is reported instead of shifting the columns
    (pandas takes the first column as an index then, and ids become names)."""
    try:
        text = read_text_capped(csv_path, MAX_CSV_BYTES, "batch CSV")
    except (OSError, ValueError) as exc:
        raise BatchInputError(f"{csv_path}: cannot read the CSV: {exc}") from None
    # a cell may be as large as the file: an over-long name is that row's error, not the file's
    csv.field_size_limit(max(csv.field_size_limit(), MAX_CSV_BYTES))
    records = csv.reader(io.StringIO(text, newline=""), skipinitialspace=True, strict=True)
    try:
        header = [c.strip() for c in next(records, [])]
        cells = [(records.line_num, r) for r in records if any(c.strip() for c in r)]
    except csv.Error as exc:
        raise BatchInputError(
            f"{csv_path}: line {records.line_num}: cannot read the CSV: {exc}"
        ) from None
    _check_header(str(csv_path), header)
    rows: list[RowResult] = []
    for i, (line, rec) in enumerate(cells, start=1):
        extra = [c for c in rec[len(header) :] if c.strip()]
        if extra:
            rows.append(
                RowResult(
                    i,
                    rec[header.index("id")].strip() if len(rec) > header.index("id") else "",
                    None,
                    [
                        (
                            "row",
                            f"line {line} has {len(rec)} cells but the header has "
                            f"{len(header)} columns (extra {extra[0]!r})",
                        )
                    ],
                )
            )
            continue
        rec = rec[: len(header)] + [""] * (len(header) - len(rec))
        rows.append(parse_row(i, dict(zip(header, rec, strict=True))))
    mark_duplicates(rows)
    return rows


def _check_header(where: str, header: list[str]) -> None:
    """Unknown, missing or repeated columns make the whole file unreadable (exit 2)."""
    if len(header) == 1 and (";" in header[0] or "\t" in header[0]):
        sep = ";" if ";" in header[0] else "tab"
        raise BatchInputError(
            f"{where}: the header is one column {header[0][:60]!r}: the file seems to be "
            f"separated by {sep!r}; hybridplan reads comma-separated CSV"
        )
    while header and header[-1] == "":
        header.pop()  # a trailing comma on the header line
    extra = unknown_columns(header)
    if extra:
        raise BatchInputError(f"{where}: unknown column(s) {', '.join(map(repr, extra))}")
    if "id" not in header:
        raise BatchInputError(f"{where}: no 'id' column")
    twice = sorted({c for c in header if header.count(c) > 1})
    if twice:
        raise BatchInputError(f"{where}: column(s) {', '.join(map(repr, twice))} appear twice")


__all__ = ["BatchInputError", "RowResult", "mark_duplicates", "parse_row", "read_rows"]


CSV_COLUMNS = (
    "id",
    "name",
    "goal",
    "experience",
    "start_date",
    "weeks",
    "race_date",
    "race_distance",
    "race_start",
    "timezone",
    *WEEKDAYS,
    "unavailable_dates",
    "lifts_per_week",
    "runs_per_week",
    "run_minutes_per_week",
    "longest_recent_run_min",
    "max_hard_share",
    "min_gap_hours",
    "max_sessions_per_day",
    "min_rest_days",
    "max_consecutive_days",
    "preferred_lift",
    "preferred_run",
    "long_run_day",
    "recent_race_distance",
    "recent_race_time",
    "max_hr",
    *(f"{lift}_1rm" for lift in ONE_REP_MAX_LIFTS),
)


def mapping_to_row(prof: dict[str, Any]) -> dict[str, str]:
    """Flatten a profile mapping into batch-CSV cells (the inverse of row_to_mapping)."""
    row = {c: "" for c in CSV_COLUMNS}
    for k, v in prof.items():
        if k in row and not isinstance(v, dict | list):
            row[k] = "" if v is None else str(v)
    for d in WEEKDAYS:
        row[d] = "|".join(prof.get("availability", {}).get(d, []))
    race = prof.get("race") or {}
    row["race_date"], row["race_distance"] = race.get("date", ""), race.get("distance", "")
    row["race_start"] = race.get("start", "")
    row["unavailable_dates"] = "|".join(prof.get("unavailable_dates", []))
    prefs = prof.get("preferences") or {}
    row["preferred_lift"], row["preferred_run"] = prefs.get("lift") or "", prefs.get("run") or ""
    row["long_run_day"] = prefs.get("long_run_day") or ""
    recent = prof.get("recent_race") or {}
    row["recent_race_distance"] = recent.get("distance", "")
    row["recent_race_time"] = recent.get("time", "")
    one_rm = prof.get("one_rep_max") or {}
    for lift in ONE_REP_MAX_LIFTS:
        row[f"{lift}_1rm"] = "" if one_rm.get(lift) is None else str(one_rm[lift])
    return row
