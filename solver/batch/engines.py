"""Where the solves run: a persistent local process pool, or a Dask cluster.

Workers receive only the athlete's validated profile JSON and the settings JSON and return
plan.json text; they touch no files. A worker that dies takes only its own athlete down.
"""

from __future__ import annotations

import concurrent.futures as cf
import contextlib
import multiprocessing as mp
import os
import signal
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from models.settings import SolverSettings
from solver.batch.rows import BatchInputError

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
    from solver.pipeline import solve, unknown_message
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
            # the workers exit before we go on (no half-closed pipes at interpreter exit);
            # after Ctrl-C or a broken pool they are killed first: their results would be
            # dropped, and waiting for their solves (in the interpreter's exit, before) made
            # Ctrl-C slow and a second Ctrl-C there hang or print a traceback
            if not finished_cleanly:
                for proc in list((getattr(pool, "_processes", None) or {}).values()):
                    proc.kill()
            pool.shutdown(wait=True, cancel_futures=True)


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


def local_jobs(jobs: int | None, workers_per_solve: int, oversubscribe: bool = False) -> int:
    """Worker processes for a local batch: given, or as many as the cores hold; more solver
    threads than cores only when asked (they slow every solve and prove nothing faster)."""
    n_cores = cores()
    n = jobs or max(1, n_cores // workers_per_solve)
    if n * workers_per_solve > n_cores and not oversubscribe:
        raise BatchInputError(
            f"--jobs: {n} jobs x {workers_per_solve} workers exceeds the {n_cores} cores "
            "(use --oversubscribe to insist)"
        )
    return n


def cores() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


__all__ = [
    "Outcome",
    "Task",
    "cores",
    "exit_with_parent",
    "local_jobs",
    "run_dask",
    "run_local",
    "run_task",
]
