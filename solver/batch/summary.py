"""The results of a batch: one folder per athlete and summary.csv, written by the parent only.

Each athlete's files are written to a temporary name and renamed, plan.json last, and the
summary gets one line per finished athlete, so an interrupted batch resumes where it stopped.
"""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from models.export import write_plan
from models.files import (
    appended_records,
    atomic_write,
    make_dir,
    neutralise,
    open_append,
    unneutralise,
)
from models.plan import Plan
from solver.batch.engines import Outcome
from solver.batch.rows import BatchInputError

SUMMARY_COLUMNS = (
    "row",
    "id",
    "safe_id",
    "status",
    "objective",
    "best_bound",
    "gap",
    "solve_seconds",
    "verified",
    "worker_peak_mb",
    "warnings",
    "error",
)
TEXT_COLUMNS = ("id", "warnings", "error")  # the text cells of summary.csv (neutralised)
DONE = ("OPTIMAL", "FEASIBLE", "INFEASIBLE")  # finished for good: a resume skips them


# --- writing results ------------------------------------------------------------------------
def write_outcome(outdir: Path, outcome: Outcome) -> dict[str, Any]:
    """Files for one athlete (atomic), and its summary row."""
    row: dict[str, Any] = {
        "row": outcome.row,
        "id": outcome.athlete_id,
        "safe_id": outcome.safe,
        "status": outcome.status,
        "objective": "",
        "best_bound": "",
        "gap": "",
        "solve_seconds": "",
        "verified": "" if outcome.verified is None else outcome.verified,
        "worker_peak_mb": "" if outcome.peak_rss_mb is None else outcome.peak_rss_mb,
        "error": outcome.error,
    }
    if outcome.plan_json is not None:
        plan = Plan.model_validate_json(outcome.plan_json)
        write_plan(plan, make_dir(outdir / outcome.safe))  # plan.json last: marks "done"
        row.update(
            objective=plan.objective,
            best_bound=plan.best_bound,
            gap=plan.gap,
            solve_seconds=plan.solve_seconds,
            warnings=" | ".join(f"{w.code}: {w.message}" for w in plan.warnings),
        )
        if plan.status == "INFEASIBLE" and not row["error"]:
            row["error"] = " | ".join(f"{c.rule}: {c.message}" for c in plan.conflicts)
    return row


def _export(rec: dict[str, Any]) -> dict[str, Any]:
    """A summary row as written: the text cells neutralised against formula injection."""
    return {k: neutralise(v) if k in TEXT_COLUMNS else v for k, v in rec.items()}


class Summary:
    """summary.csv: appended line by line while running, rewritten sorted at the end.

    Cells are neutralised against formula injection when written (the file is opened in
    spreadsheets) and restored when read back, so the rows kept here, and a resume, see the
    real ids."""

    def __init__(self, path: Path, resume: bool) -> None:
        self.path = path
        self.rows: dict[int, dict[str, Any]] = {}
        if path.is_symlink():
            raise BatchInputError(f"{path} is a symlink; refusing to write through it")
        if resume and path.exists():
            records, torn = appended_records(path)
            for rec in records:
                try:
                    real = {k: v or "" for k, v in rec.items() if k}
                    real.update({k: unneutralise(real.get(k, "")) for k in TEXT_COLUMNS})
                    self.rows[int(real["row"])] = real
                except (KeyError, TypeError, ValueError):
                    continue  # a line that is not a summary row
            if torn:  # appending after a cut-off line would glue the next row onto it
                self._rewrite(self.rows)
        elif path.exists():
            path.unlink()
        self._fh = io.TextIOWrapper(
            os.fdopen(open_append(path), "ab"), encoding="utf-8", newline=""
        )
        self._w = csv.DictWriter(self._fh, fieldnames=SUMMARY_COLUMNS)
        if path.stat().st_size == 0:
            self._w.writeheader()

    def done(self, row: int, athlete_id: str, safe: str, outdir: Path) -> bool:
        """Finished for good in an earlier run: same id and folder, a final status, files."""
        rec = self.rows.get(row)
        if rec is None or rec.get("id") != athlete_id or rec.get("safe_id") != safe:
            return False
        return rec.get("status") in DONE and (outdir / safe / "plan.json").exists()

    def add(self, rec: dict[str, Any]) -> None:
        self.rows[int(rec["row"])] = rec
        self._w.writerow(_export(rec))
        self._fh.flush()

    def close(self) -> None:
        self._fh.close()

    def finish(self, n_rows: int) -> None:
        self.close()
        self._rewrite([k for k in self.rows if k <= n_rows])

    def _rewrite(self, rows: Iterable[int]) -> None:
        """The file holds exactly these rows (sorted), replaced atomically."""
        buf = io.StringIO()
        w = csv.DictWriter(buf, fieldnames=SUMMARY_COLUMNS)
        w.writeheader()
        for r in sorted(rows):
            w.writerow(_export({c: self.rows[r].get(c, "") for c in SUMMARY_COLUMNS}))
        atomic_write(self.path, buf.getvalue())


__all__ = ["DONE", "SUMMARY_COLUMNS", "Summary", "write_outcome"]
