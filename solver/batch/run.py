"""`run_batch`: a CSV of athletes -> one plan folder per athlete plus summary.csv.

Reads every row (rows.py), names each athlete's folder once (`unique_safe_names`), skips what
a resume finds finished, solves the rest on an engine (engines.py) and writes each result as it
arrives (summary.py). Every per-row step is isolated: a bad row is that row's line, never the
batch's end.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from models.files import unique_safe_names
from models.settings import SolverSettings
from solver.batch.engines import SCHEDULER_TIMEOUT_S, Task, connect_dask, run_dask, run_local
from solver.batch.rows import RowResult, read_rows
from solver.batch.summary import SUMMARY_COLUMNS, Summary, write_outcome

FAILED = ("INVALID", "ERROR")


@dataclass
class BatchReport:
    rows: int
    counts: dict[str, int]
    skipped: int
    seconds: float
    summary_path: Path
    worker_peak_mb: float | None = None

    @property
    def failed(self) -> int:
        return sum(self.counts.get(s, 0) for s in FAILED)

    @property
    def unknown(self) -> int:
        return self.counts.get("UNKNOWN", 0)


def run_batch(
    csv_path: str | Path,
    outdir: str | Path,
    settings: SolverSettings,
    *,
    jobs: int = 1,
    resume: bool = True,
    scheduler: str | None = None,
    max_memory_mb: int | None = None,
    on_outcome: Callable[[dict[str, Any]], None] | None = None,
    on_start: Callable[[int, int], None] | None = None,
    scheduler_timeout_s: float = SCHEDULER_TIMEOUT_S,
) -> BatchReport:
    """Solve every good row, report every bad one; resumable; returns the counts by status.

    Every per-row step (validation, naming, solving, writing) is isolated: whatever one row
    does, it becomes that row's INVALID or ERROR line and the batch goes on."""
    t0 = time.perf_counter()
    out = Path(outdir)  # the user's choice; the athlete folders inside it are checked
    out.mkdir(parents=True, exist_ok=True)
    rows = read_rows(csv_path)
    client = connect_dask(scheduler, scheduler_timeout_s) if scheduler else None
    summary = Summary(out / "summary.csv", resume)
    try:
        tasks, skipped = _tasks(rows, out, summary, settings.model_dump_json(), on_outcome)
        if on_start:
            on_start(len(tasks), len(rows))
        engine = run_dask(tasks, client) if client else run_local(tasks, jobs, max_memory_mb)
        peak: float | None = None
        for outcome in engine:
            if outcome.peak_rss_mb is not None:
                peak = max(peak or 0.0, outcome.peak_rss_mb)
            try:
                rec = write_outcome(out, outcome)
            except Exception as exc:  # this athlete's files failed: the others still go
                rec = _record(outcome.row, outcome.athlete_id, outcome.safe, "ERROR")
                rec["error"] = f"cannot write the results: {type(exc).__name__}: {exc}"
            summary.add(rec)
            if on_outcome:
                on_outcome(rec)
    except BaseException:
        summary.close()
        raise
    summary.finish(len(rows))
    counts: dict[str, int] = {}
    for rec in summary.rows.values():
        counts[str(rec["status"])] = counts.get(str(rec["status"]), 0) + 1
    return BatchReport(len(rows), counts, skipped, time.perf_counter() - t0, summary.path, peak)


def _record(row: int, athlete_id: str, safe: str, status: str, error: str = "") -> dict[str, Any]:
    rec: dict[str, Any] = dict.fromkeys(SUMMARY_COLUMNS, "")
    rec.update(row=row, id=athlete_id, safe_id=safe, status=status, error=error)
    return rec


def _tasks(
    rows: list[RowResult],
    out: Path,
    summary: Summary,
    settings_json: str,
    on_outcome: Callable[[dict[str, Any]], None] | None,
) -> tuple[list[Task], int]:
    """The rows to solve; bad rows and rows that fail to prepare are recorded at once."""
    named = [r for r in rows if r.athlete_id]
    safe = dict(
        zip((r.row for r in named), unique_safe_names(r.athlete_id for r in named), strict=True)
    )
    tasks: list[Task] = []
    skipped = 0
    for r in rows:
        name = safe.get(r.row, "")
        try:
            if r.profile is None:
                rec = _record(r.row, r.athlete_id, name, "INVALID", r.error)
            elif summary.done(r.row, r.athlete_id, name, out):
                skipped += 1
                continue
            else:
                profile_json = r.profile.model_dump_json()
                tasks.append(Task(r.row, r.athlete_id, name, profile_json, settings_json))
                continue
        except Exception as exc:  # a row that cannot even be prepared fails alone
            rec = _record(r.row, r.athlete_id, name, "ERROR", f"{type(exc).__name__}: {exc}")
        summary.add(rec)
        if on_outcome:
            on_outcome(rec)
    return tasks, skipped


__all__ = ["BatchReport", "run_batch"]
