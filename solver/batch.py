"""Batch solving: a CSV of athletes -> one plan folder per athlete plus summary.csv.

Workers (a persistent local process pool, or a Dask cluster) receive only the athlete's
validated profile JSON and the settings JSON; they return plan.json text. The parent is the
only writer: each athlete's files are written to a temporary name and renamed, and the summary
gets one line per finished athlete, so an interrupted batch resumes where it stopped.
"""

from __future__ import annotations

import concurrent.futures as cf
import csv
import io
import multiprocessing as mp
import os
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from models.calendar import plan_ics
from models.csvrow import (
    RowResult,
    mark_duplicates,
    neutralise,
    parse_row,
    safe_id,
    unknown_columns,
)
from models.plan import TIMETABLE_COLUMNS, Plan
from models.settings import SolverSettings

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
FAILED = ("INVALID", "ERROR")
EXIT_SOME_FAILED = 3


@dataclass
class Task:
    row: int
    athlete_id: str
    safe: str
    profile_json: str
    settings_json: str


@dataclass
class Outcome:
    row: int
    athlete_id: str
    safe: str
    status: str
    plan_json: str | None = None
    verified: bool | None = None
    error: str = ""
    peak_rss_mb: float | None = None  # the worker's peak resident memory so far


class BatchInputError(ValueError):
    """The CSV as a whole cannot be read (not a row problem)."""


# --- worker side ----------------------------------------------------------------------------
def _init_worker(max_memory_mb: int | None) -> None:
    """Pay the ortools import once per worker; optionally cap the worker's address space."""
    if max_memory_mb:
        import resource

        limit = max_memory_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    import solver.pipeline  # noqa: F401


def _fault_injection(athlete_id: str) -> None:
    """Test hook: HYBRIDPLAN_CRASH_ON=<id> makes that athlete's worker abort natively, the way
    a segfault or an OOM kill would, so the tests can prove one crash loses one athlete."""
    if os.environ.get("HYBRIDPLAN_CRASH_ON") == athlete_id:
        os.abort()


def _peak_rss_mb() -> float | None:
    try:
        import resource

        return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)  # KiB on Linux
    except (ImportError, OSError):
        return None


def run_task(task: Task) -> Outcome:
    """Solve and verify one athlete. Runs in a worker process; touches no files."""
    from models.profile import AthleteProfile
    from solver.pipeline import solve
    from solver.verify import verify_plan

    _fault_injection(task.athlete_id)
    try:
        profile = AthleteProfile.model_validate_json(task.profile_json)
        settings = SolverSettings.model_validate_json(task.settings_json)
        plan = solve(profile, settings)
        verified = verify_plan(profile, plan).ok
        return Outcome(
            task.row,
            task.athlete_id,
            task.safe,
            plan.status,
            plan.to_json(),
            verified,
            peak_rss_mb=_peak_rss_mb(),
        )
    except MemoryError:
        return Outcome(task.row, task.athlete_id, task.safe, "ERROR", error="out of memory")
    except Exception as exc:  # one athlete's bug must not stop the batch
        return Outcome(
            task.row, task.athlete_id, task.safe, "ERROR", error=f"{type(exc).__name__}: {exc}"
        )


# --- reading the CSV ------------------------------------------------------------------------
def read_rows(csv_path: str | Path) -> list[RowResult]:
    """Every data row parsed; a bad row becomes a RowResult with problems, never an exception."""
    import pandas as pd

    try:
        df = pd.read_csv(csv_path, dtype=str, keep_default_na=False, skipinitialspace=True)
    except (OSError, ValueError, pd.errors.ParserError) as exc:
        raise BatchInputError(f"{csv_path}: cannot read the CSV: {exc}") from None
    extra = unknown_columns([str(c) for c in df.columns])
    if extra:
        raise BatchInputError(f"{csv_path}: unknown column(s) {', '.join(extra)}")
    if "id" not in df.columns:
        raise BatchInputError(f"{csv_path}: no 'id' column")
    rows = [
        parse_row(i, {str(k): str(v) for k, v in rec.items()})
        for i, rec in enumerate(df.to_dict(orient="records"), start=1)
    ]
    mark_duplicates(rows)
    return rows


# --- writing results ------------------------------------------------------------------------
def _atomic_write(path: Path, text: str) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)


def timetable_csv(plan: Plan) -> str:
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(TIMETABLE_COLUMNS)
    for row in plan.timetable_rows():
        w.writerow([neutralise(str(row[c])) for c in TIMETABLE_COLUMNS])
    return buf.getvalue()


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
        folder = outdir / outcome.safe
        folder.mkdir(parents=True, exist_ok=True)
        _atomic_write(folder / "timetable.csv", timetable_csv(plan))
        _atomic_write(folder / "plan.ics", plan_ics(plan).decode("utf-8"))
        _atomic_write(folder / "plan.json", outcome.plan_json + "\n")  # last: marks "done"
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


class Summary:
    """summary.csv: appended line by line while running, rewritten sorted at the end."""

    def __init__(self, path: Path, resume: bool) -> None:
        self.path = path
        self.rows: dict[int, dict[str, Any]] = {}
        if resume and path.exists():
            with path.open(newline="", encoding="utf-8") as fh:
                for rec in csv.DictReader(fh):
                    try:
                        self.rows[int(rec["row"])] = rec
                    except (KeyError, TypeError, ValueError):
                        continue  # a torn last line from a kill
        elif path.exists():
            path.unlink()
        self._fh = path.open("a", newline="", encoding="utf-8")
        self._w = csv.DictWriter(self._fh, fieldnames=SUMMARY_COLUMNS)
        if path.stat().st_size == 0:
            self._w.writeheader()

    def done(self, row: int, athlete_id: str, outdir: Path) -> bool:
        rec = self.rows.get(row)
        if rec is None or rec.get("id") != athlete_id or rec.get("status") in FAILED:
            return False
        return (outdir / rec["safe_id"] / "plan.json").exists()

    def add(self, rec: dict[str, Any]) -> None:
        rec = {k: neutralise(v) for k, v in rec.items()}
        self.rows[int(rec["row"])] = rec
        self._w.writerow(rec)
        self._fh.flush()

    def finish(self, n_rows: int) -> None:
        self._fh.close()
        buf = io.StringIO()
        w = csv.DictWriter(buf, fieldnames=SUMMARY_COLUMNS)
        w.writeheader()
        for r in sorted(k for k in self.rows if k <= n_rows):
            w.writerow({c: self.rows[r].get(c, "") for c in SUMMARY_COLUMNS})
        _atomic_write(self.path, buf.getvalue())


# --- engines --------------------------------------------------------------------------------
def run_local(tasks: list[Task], jobs: int, max_memory_mb: int | None) -> Iterator[Outcome]:
    """A persistent process pool; a worker that dies takes only its own athlete down.

    When the pool breaks, the athletes that were in flight are retried one at a time in a
    fresh pool, so the one that crashes again is identified and marked failed."""
    ctx = mp.get_context("spawn")
    queue = list(reversed(tasks))
    suspects: list[Task] = []
    while queue or suspects:
        isolate = bool(suspects)
        pool = cf.ProcessPoolExecutor(
            max_workers=1 if isolate else jobs,
            mp_context=ctx,
            initializer=_init_worker,
            initargs=(max_memory_mb,),
        )
        inflight: dict[cf.Future[Outcome], Task] = {}
        broken = False
        try:
            while (queue or suspects or inflight) and not broken:
                limit = 1 if isolate else 2 * jobs
                while len(inflight) < limit and (suspects if isolate else queue):
                    t = suspects.pop() if isolate else queue.pop()
                    try:
                        inflight[pool.submit(run_task, t)] = t
                    except cf.process.BrokenProcessPool:
                        # the pool died before we noticed: this task never ran
                        (suspects if isolate else queue).append(t)
                        broken = True
                        break
                if not inflight:
                    if broken or (isolate and not suspects):
                        break
                    continue
                finished, _ = cf.wait(inflight, return_when=cf.FIRST_COMPLETED)
                for fut in finished:
                    t = inflight.pop(fut)
                    try:
                        yield fut.result()
                    except cf.process.BrokenProcessPool:
                        broken = True
                        if isolate:
                            yield Outcome(
                                t.row,
                                t.athlete_id,
                                t.safe,
                                "ERROR",
                                error="the solver process crashed (native abort or memory)",
                            )
                        else:
                            suspects.append(t)
                if broken and not isolate:
                    suspects.extend(inflight.values())
                    inflight.clear()
                if isolate and not suspects and not inflight:
                    break
        finally:
            pool.shutdown(wait=False, cancel_futures=True)


CONNECT_TIMEOUT_S = 5


def local_workers(scheduler: str) -> int | None:
    """`local` -> cores, `local:N` -> N, anything else (an address) -> None."""
    if scheduler != "local" and not scheduler.startswith("local:"):
        return None
    n = scheduler.partition(":")[2]
    if n and (not n.isdigit() or int(n) < 1):
        raise BatchInputError(f"--scheduler {scheduler!r}: use local or local:N with N >= 1")
    return int(n) if n else cores()


def connect_dask(scheduler: str, timeout_s: float = CONNECT_TIMEOUT_S) -> Any:
    """A Client on the scheduler at `scheduler`, or on a LocalCluster of its own (`local`,
    `local:N`: N single-threaded worker processes, closed with the client). An address
    nobody answers on fails within `timeout_s` as BatchInputError."""
    from distributed import Client

    n = local_workers(scheduler)
    if n is not None:
        return Client(n_workers=n, threads_per_worker=1, processes=True, dashboard_address=None)
    try:
        return Client(scheduler, timeout=f"{timeout_s:g}s")
    except (OSError, TimeoutError, ValueError) as exc:
        raise BatchInputError(
            f"--scheduler {scheduler}: no Dask scheduler answered within {timeout_s:g} s "
            f"({type(exc).__name__}); start one with `dask scheduler`, or use --scheduler local"
        ) from None


def run_dask(tasks: list[Task], scheduler: str) -> Iterator[Outcome]:
    """Send the tasks to a Dask cluster; results stream back as they finish."""
    from distributed import as_completed

    with connect_dask(scheduler) as client:
        futures = {
            client.submit(run_task, t, key=f"athlete-{t.row}-{t.safe}", pure=False): t
            for t in tasks
        }
        for fut in as_completed(futures):
            t = futures[fut]
            try:
                yield fut.result()
            except Exception as exc:  # KilledWorker and friends
                yield Outcome(
                    t.row, t.athlete_id, t.safe, "ERROR", error=f"{type(exc).__name__}: {exc}"
                )


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
) -> BatchReport:
    """Solve every good row, report every bad one; resumable; returns the counts by status."""
    t0 = time.perf_counter()
    out = Path(outdir)
    out.mkdir(parents=True, exist_ok=True)
    rows = read_rows(csv_path)
    summary = Summary(out / "summary.csv", resume)
    settings_json = settings.model_dump_json()
    tasks: list[Task] = []
    skipped = 0
    for r in rows:
        safe = safe_id(r.athlete_id) if r.athlete_id else f"row-{r.row}"
        if r.profile is None:
            rec = {
                "row": r.row,
                "id": r.athlete_id,
                "safe_id": safe,
                "status": "INVALID",
                "verified": "",
                "error": r.error,
            }
            summary.add({c: rec.get(c, "") for c in SUMMARY_COLUMNS})
            if on_outcome:
                on_outcome(rec)
            continue
        if summary.done(r.row, r.athlete_id, out):
            skipped += 1
            continue
        tasks.append(Task(r.row, r.athlete_id, safe, r.profile.model_dump_json(), settings_json))
    if on_start:
        on_start(len(tasks), len(rows))
    engine = run_dask(tasks, scheduler) if scheduler else run_local(tasks, jobs, max_memory_mb)
    peak: float | None = None
    for outcome in engine:
        if outcome.peak_rss_mb is not None:
            peak = max(peak or 0.0, outcome.peak_rss_mb)
        rec = write_outcome(out, outcome)
        summary.add(rec)
        if on_outcome:
            on_outcome(rec)
    summary.finish(len(rows))
    counts: dict[str, int] = {}
    for rec in summary.rows.values():
        counts[str(rec["status"])] = counts.get(str(rec["status"]), 0) + 1
    return BatchReport(len(rows), counts, skipped, time.perf_counter() - t0, summary.path, peak)


def cores() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


__all__ = ["BatchInputError", "BatchReport", "cores", "run_batch"]
