"""Batch solving: a CSV of athletes -> one plan folder per athlete plus summary.csv.

Workers (a persistent local process pool, or a Dask cluster) receive only the athlete's
validated profile JSON and the settings JSON; they return plan.json text. The parent is the
only writer: each athlete's files are written to a temporary name and renamed, and the summary
gets one line per finished athlete, so an interrupted batch resumes where it stopped.
"""

from __future__ import annotations

import concurrent.futures as cf
import contextlib
import csv
import io
import multiprocessing as mp
import os
import signal
import threading
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
    unknown_columns,
    unneutralise,
)
from models.files import atomic_write, make_dir, open_append, read_text_capped, unique_safe_names
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
TEXT_COLUMNS = ("id", "warnings", "error")  # the text cells of summary.csv (neutralised)
FAILED = ("INVALID", "ERROR")
DONE = ("OPTIMAL", "FEASIBLE", "INFEASIBLE")  # finished for good: a resume skips them
EXIT_SOME_FAILED = 3
EXIT_UNKNOWN = 4
MAX_CSV_BYTES = 100_000_000  # about 100,000 athletes; more is not a batch file
SCHEDULER_TIMEOUT_S = 10.0


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
def _init_worker(max_memory_mb: int | None, parent_pid: int | None = None) -> None:
    """Pay the ortools import once per worker; optionally cap the worker's address space.

    A worker dies with its parent (a `kill -9` of the batch must not leave 150 MB solvers
    behind), and leaves Ctrl-C to the parent, which shuts the pool down and reports."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if parent_pid is not None:
        exit_with_parent(parent_pid)
    if max_memory_mb:
        import resource

        limit = max_memory_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    import solver.pipeline  # noqa: F401


def exit_with_parent(parent_pid: int, poll_s: float = 1.0) -> None:
    """Make this process exit when `parent_pid` dies: PR_SET_PDEATHSIG on Linux (the kernel
    sends SIGKILL at once), and on every platform a daemon thread that polls the parent."""
    if os.getppid() != parent_pid:
        os._exit(1)  # the parent is already gone
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        pr_set_pdeathsig = 1
        libc.prctl(pr_set_pdeathsig, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):
        pass  # not Linux: the thread below does it
    if os.getppid() != parent_pid:  # died between the check and prctl
        os._exit(1)

    def watch() -> None:
        while True:
            time.sleep(poll_s)
            if os.getppid() != parent_pid:
                os._exit(1)

    threading.Thread(target=watch, name="parent-watch", daemon=True).start()


@contextlib.contextmanager
def _children_ignore_sigint() -> Iterator[None]:
    """Workers are spawned inside `submit`: an ignored SIGINT survives their exec, so a
    Ctrl-C while a worker starts up cannot print a traceback from its imports (the parent
    handles Ctrl-C; the window in which the parent ignores it is one process start)."""
    old = signal.getsignal(signal.SIGINT)
    if threading.current_thread() is not threading.main_thread() or old is None:
        yield
        return
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, old)


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
        verified = (
            verify_plan(profile, plan, slot_minutes=settings.slot_minutes).ok
            if plan.has_schedule
            else None
        )
        error = ""
        if plan.status == "UNKNOWN":
            error = unknown_message(settings.time_limit_s)
        return Outcome(
            task.row,
            task.athlete_id,
            task.safe,
            plan.status,
            plan.to_json(),
            verified,
            error=error,
            peak_rss_mb=_peak_rss_mb(),
        )
    except MemoryError:
        return Outcome(task.row, task.athlete_id, task.safe, "ERROR", error="out of memory")
    except Exception as exc:  # one athlete's bug must not stop the batch
        return Outcome(
            task.row, task.athlete_id, task.safe, "ERROR", error=f"{type(exc).__name__}: {exc}"
        )


def unknown_message(time_limit_s: float) -> str:
    return (
        f"no plan found within the {time_limit_s:g} s time limit (UNKNOWN: neither a plan "
        "nor a proof that none exists); try a longer --time-limit"
    )


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


# --- writing results ------------------------------------------------------------------------
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
        folder = make_dir(outdir / outcome.safe)
        atomic_write(folder / "timetable.csv", timetable_csv(plan))
        atomic_write(folder / "plan.ics", plan_ics(plan))
        atomic_write(folder / "plan.json", outcome.plan_json + "\n")  # last: marks "done"
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
            with path.open(newline="", encoding="utf-8", errors="replace") as fh:
                for rec in csv.DictReader(fh):
                    try:
                        real = {k: v or "" for k, v in rec.items() if k}
                        real.update({k: unneutralise(real.get(k, "")) for k in TEXT_COLUMNS})
                        self.rows[int(real["row"])] = real
                    except (KeyError, TypeError, ValueError):
                        continue  # a torn last line from a kill
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
        buf = io.StringIO()
        w = csv.DictWriter(buf, fieldnames=SUMMARY_COLUMNS)
        w.writeheader()
        for r in sorted(k for k in self.rows if k <= n_rows):
            w.writerow(_export({c: self.rows[r].get(c, "") for c in SUMMARY_COLUMNS}))
        atomic_write(self.path, buf.getvalue())


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
            initargs=(max_memory_mb, os.getpid()),
        )
        inflight: dict[cf.Future[Outcome], Task] = {}
        broken = finished_cleanly = False
        try:
            while (queue or suspects or inflight) and not broken:
                limit = 1 if isolate else 2 * jobs
                while len(inflight) < limit and (suspects if isolate else queue):
                    t = suspects.pop() if isolate else queue.pop()
                    try:
                        with _children_ignore_sigint():
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
            finished_cleanly = not broken
        finally:
            # a clean end waits for the idle workers to exit (no half-closed pipes at
            # interpreter exit); Ctrl-C or a broken pool does not wait
            pool.shutdown(wait=finished_cleanly, cancel_futures=True)


def local_workers(scheduler: str) -> int | None:
    """`local` -> cores, `local:N` -> N, anything else (an address) -> None."""
    if scheduler != "local" and not scheduler.startswith("local:"):
        return None
    n = scheduler.partition(":")[2]
    if n and (not n.isdigit() or int(n) < 1):
        raise BatchInputError(f"--scheduler {scheduler!r}: use local or local:N with N >= 1")
    return int(n) if n else cores()


def connect_dask(scheduler: str, timeout_s: float = SCHEDULER_TIMEOUT_S) -> Any:
    """A Dask client on the scheduler at `scheduler`, or on a LocalCluster of its own
    (`local`, `local:N`: N single-threaded worker processes, closed with the client); an
    address nobody answers on is BatchInputError naming it."""
    from distributed import Client

    n = local_workers(scheduler)
    if n is not None:
        return Client(n_workers=n, threads_per_worker=1, processes=True, dashboard_address=None)
    try:
        return Client(scheduler, timeout=f"{timeout_s:g}s")
    except (OSError, TimeoutError, ValueError) as exc:
        raise BatchInputError(
            f"--scheduler {scheduler!r}: cannot reach the Dask scheduler within "
            f"{timeout_s:g} s ({type(exc).__name__}: {exc}); start one with `dask scheduler`, "
            "or use --scheduler local"
        ) from None


def run_dask(tasks: list[Task], client: Any) -> Iterator[Outcome]:
    """Send the tasks to a Dask cluster; results stream back as they finish."""
    from distributed import as_completed

    with client:
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

    @property
    def unknown(self) -> int:
        return self.counts.get("UNKNOWN", 0)

    @property
    def exit_code(self) -> int:
        """3 when a row failed (it needs fixing), else 4 when a row found no plan in time."""
        if self.failed:
            return EXIT_SOME_FAILED
        return EXIT_UNKNOWN if self.unknown else 0


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


def cores() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


__all__ = ["BatchInputError", "BatchReport", "cores", "exit_with_parent", "run_batch"]
