"""Batch throughput benchmark (issue: batch): athletes per second against the ideal.

In one run, on the same generated athletes:
  1. the median single-solve time (in-process, one worker, a sample of the athletes);
  2. `hybridplan batch` end to end for several --jobs x --workers-per-solve settings;
  3. the same batch through a local Dask cluster (scheduler + 2 single-thread workers).
Ideal throughput = cores / median single-solve time. Writes a CSV and prints a table.
A config is `JOBSxWORKERS` (local pool), `daskN`, `JOBSxWORKERS@wall` (the session-2
default: phase limits in wall-clock seconds) or `JOBSxWORKERS@prev` (the session-1 default:
also three presolve rounds in every phase) or `JOBSxWORKERS@nowd` (the session-3 default:
start times not restricted to the availability windows).

    python benchmarks/bench_batch.py -n 1000 --sample 100 --out benchmarks/results/batch.csv
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from models.profile import parse_profile
from models.settings import SolverSettings
from models.synthetic import random_profile
from solver import solve
from solver.batch.engines import cores
from solver.batch.rows import CSV_COLUMNS, mapping_to_row
from solver.batch.run import run_batch

# `JxW@variant`: earlier defaults, for side-by-side runs
VARIANTS: dict[str, dict[str, object]] = {
    "wall": {"phase_limits": "wall"},
    "prev": {"phase_limits": "wall", "first_phase_params": {}},
    # session 4: start times over the whole day, as before window_domains
    "nowd": {"window_domains": False},
}


def make_csv(path: Path, n: int, seed: int, weeks: int) -> list[dict[str, object]]:
    rng = random.Random(seed)
    profs = [random_profile(rng, athlete_id=f"b{seed}-{i:05d}", weeks=weeks) for i in range(n)]
    with path.open("w", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=CSV_COLUMNS)
        w.writeheader()
        for p in profs:
            w.writerow(mapping_to_row(p))
    return profs


def start_dask(n_workers: int) -> tuple[str, list[subprocess.Popen[bytes]]]:
    dask = shutil.which("dask", path=os.path.dirname(sys.executable)) or "dask"
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    addr = f"tcp://127.0.0.1:{port}"
    quiet = subprocess.DEVNULL
    procs = [
        subprocess.Popen(
            [dask, "scheduler", "--host", "127.0.0.1", "--port", str(port), "--no-dashboard"],
            stdout=quiet,
            stderr=quiet,
        )
    ]
    for _ in range(n_workers):
        procs.append(
            subprocess.Popen(
                [dask, "worker", addr, "--nthreads", "1", "--no-dashboard", "--host", "127.0.0.1"],
                stdout=quiet,
                stderr=quiet,
            )
        )
    from distributed import Client

    for _ in range(120):
        try:
            with Client(addr, timeout="2s") as c:
                if len(c.scheduler_info()["workers"]) == n_workers:
                    # warm the workers: pay the ortools import before timing
                    c.run(lambda: __import__("solver.pipeline"))
                    return addr, procs
        except OSError:
            pass
        time.sleep(0.5)
    raise RuntimeError("dask cluster did not start")


def main() -> None:
    fmt = argparse.RawDescriptionHelpFormatter
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=fmt)
    ap.add_argument("-n", type=int, default=1000)
    ap.add_argument("--sample", type=int, default=100)
    ap.add_argument("--weeks", type=int, default=12)
    ap.add_argument("--seed", type=int, default=11)
    ap.add_argument("--time-limit", type=float, default=20)
    ap.add_argument("--configs", default="1x1,2x1,1x2,dask2")
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--keep-summaries", action="store_true", help="copy each summary.csv")
    args = ap.parse_args()
    settings = SolverSettings(time_limit_s=args.time_limit, slot_minutes=30)
    work = Path(tempfile.mkdtemp(prefix="hp-bench-"))
    profs = make_csv(work / "athletes.csv", args.n, args.seed, args.weeks)
    times = []
    for prof in profs[: args.sample]:
        t0 = time.perf_counter()
        solve(parse_profile(prof), settings)
        times.append(time.perf_counter() - t0)
    median = statistics.median(times)
    mean = statistics.fmean(times)
    n_cores = cores()
    ideal = n_cores / median
    ideal_mean = n_cores / mean  # the real ceiling when solve times are heavy-tailed
    rows = []
    for cfg in args.configs.split(","):
        out = work / f"out-{cfg}"
        procs: list[subprocess.Popen[bytes]] = []
        t0 = time.perf_counter()
        if cfg.startswith("dask"):
            addr, procs = start_dask(int(cfg[4:]))
            t0 = time.perf_counter()
            rep = run_batch(work / "athletes.csv", out, settings, scheduler=addr)
        else:
            shape, _, variant = cfg.partition("@")
            jobs, wps = (int(x) for x in shape.split("x"))
            update: dict[str, object] = {"workers": wps, **VARIANTS.get(variant, {})}
            rep = run_batch(
                work / "athletes.csv", out, settings.model_copy(update=update), jobs=jobs
            )
        wall = time.perf_counter() - t0
        for p in procs:
            p.terminate()
        rate = args.n / wall
        rows.append(
            {
                "config": cfg,
                "athletes": args.n,
                "wall_s": round(wall, 2),
                "athletes_per_s": round(rate, 3),
                "ideal_per_s": round(ideal, 3),
                "pct_of_ideal": round(100 * rate / ideal, 1),
                "median_single_s": round(median, 4),
                "mean_single_s": round(mean, 4),
                "ideal_mean_per_s": round(ideal_mean, 3),
                "pct_of_ideal_mean": round(100 * rate / ideal_mean, 1),
                "optimal": rep.counts.get("OPTIMAL", 0),
                "infeasible": rep.counts.get("INFEASIBLE", 0),
                "other": args.n - rep.counts.get("OPTIMAL", 0) - rep.counts.get("INFEASIBLE", 0),
                "worker_peak_mb": rep.worker_peak_mb,
                "cores": n_cores,
            }
        )
        print(rows[-1], flush=True)
        if args.keep_summaries:  # per-athlete times, to compare configurations athlete by athlete
            shutil.copy(out / "summary.csv", args.out.with_name(f"{args.out.stem}_{cfg}.csv"))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with args.out.open("w", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows)
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
