"""Two versions of the planner side by side in one run (issue: SPEC v2 model speed).

Each version runs in its own long-lived worker process, started from its own source tree
(`--old-tree`, a checkout of the older commit, e.g. made with `git worktree add --detach`),
so both import their own `models`/`solver` and pay the ortools import once. The driver sends
the same profile mappings to both workers, one instance at a time, alternating which version
goes first, so a noisy machine slows both alike. A row per (instance, version): status,
objective, wall seconds of `solve()` (requirements and model build included), sessions, and
whether the version's own verifier accepted the plan.

    python benchmarks/bench_versions.py --old-tree /tmp/v1 --suite examples,12w,52w \\
        --out benchmarks/results/2026-12-02_v1_v2.csv
"""

from __future__ import annotations

import argparse
import csv
import glob
import json
import random
import statistics
import subprocess
import sys
from pathlib import Path
from typing import Any

import yaml

from models.synthetic import random_profile

WORKER = r"""
import json, sys, time
from models.profile import parse_profile
from models.settings import SolverSettings
from solver import solve, verify_plan
for line in sys.stdin:
    job = json.loads(line)
    prof = parse_profile(job["profile"])
    settings = SolverSettings(time_limit_s=job["time_limit"], slot_minutes=job["slot"], workers=1)
    t0 = time.perf_counter()
    plan = solve(prof, settings)
    wall = time.perf_counter() - t0
    ok = verify_plan(prof, plan).ok if plan.status in ("OPTIMAL", "FEASIBLE") else None
    print(json.dumps({"status": plan.status, "objective": plan.objective, "gap": plan.gap,
                      "wall_s": round(wall, 3), "sessions": len(plan.sessions),
                      "verified": ok}), flush=True)
"""

NEW_FIELDS = frozenset({"recent_race", "max_hr", "one_rep_max", "peak_run_minutes_per_week"})

# The suites of the targets (the same seeds as bench_solver.py's tables).
SUITES: dict[str, dict[str, Any]] = {
    "examples": {"slot": 15},
    "12w": {"slot": 30, "weeks": 12, "n": 20, "seed": 2026},
    "52w": {"slot": 15, "weeks": 52, "n": 10, "seed": 2026},
}


class Worker:
    """One version's solver process, fed one job per line."""

    def __init__(self, tree: Path) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, "-c", WORKER],
            cwd=tree,
            env={"PYTHONPATH": str(tree), "PATH": "/usr/bin:/bin"},
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )

    def solve(self, profile: dict[str, Any], slot: int, time_limit: float) -> dict[str, Any]:
        assert self.proc.stdin is not None and self.proc.stdout is not None
        job = {"profile": profile, "slot": slot, "time_limit": time_limit}
        self.proc.stdin.write(json.dumps(job, default=str) + "\n")
        self.proc.stdin.flush()
        line = self.proc.stdout.readline()
        if not line:
            return {"status": "CRASH", "wall_s": None}
        out: dict[str, Any] = json.loads(line)
        return out

    def close(self) -> None:
        if self.proc.stdin is not None:
            self.proc.stdin.close()
        self.proc.wait(timeout=30)


def instances(suite: str) -> list[tuple[str, dict[str, Any], int]]:
    """(name, profile mapping, slot) for a suite; generated profiles use v1 fields only, so
    both versions read the same mapping."""
    spec = SUITES[suite]
    if suite == "examples":
        out = []
        for f in sorted(glob.glob("data/*.yaml") + glob.glob("data/*.json")):
            text = Path(f).read_text()
            data = json.loads(text) if f.endswith(".json") else yaml.safe_load(text)
            # fields the old version does not know (they change prescriptions and the race
            # estimate only): both versions solve the same athlete without them
            data = {k: v for k, v in data.items() if k not in NEW_FIELDS}
            out.append((Path(f).stem, data, spec["slot"]))
        return out
    rng = random.Random(spec["seed"])
    return [
        (f"gen{spec['weeks']}w-{i:03d}", prof, spec["slot"])
        for i in range(spec["n"])
        for prof in [
            random_profile(rng, athlete_id=f"gen{spec['weeks']}w-{i:03d}", weeks=spec["weeks"])
        ]
    ]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--old-tree", type=Path, required=True, help="source tree of the old version")
    ap.add_argument("--new-tree", type=Path, default=Path.cwd(), help="default: this tree")
    ap.add_argument("--suite", default="examples,12w,52w")
    ap.add_argument("--time-limit", type=float, default=30.0)
    ap.add_argument("--out", type=Path, required=True)
    args = ap.parse_args()
    workers = {"v1": Worker(args.old_tree), "v2": Worker(args.new_tree)}
    rows: list[dict[str, Any]] = []
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with args.out.open("w", newline="") as fh:
        w = csv.DictWriter(
            fh,
            fieldnames=[
                "suite",
                "instance",
                "version",
                "status",
                "objective",
                "gap",
                "wall_s",
                "sessions",
                "verified",
            ],
        )
        w.writeheader()
        for suite in args.suite.split(","):
            for k, (name, prof, slot) in enumerate(instances(suite)):
                order = ["v1", "v2"] if k % 2 == 0 else ["v2", "v1"]
                for version in order:
                    res = workers[version].solve(prof, slot, args.time_limit)
                    row = {"suite": suite, "instance": name, "version": version, **res}
                    w.writerow(row)
                    fh.flush()
                    rows.append(row)
                    print(row, flush=True)
    for wk in workers.values():
        wk.close()
    summarize(rows)


def summarize(rows: list[dict[str, Any]]) -> None:
    """Per suite and version: plans, proven optima, median and max wall seconds; the v2/v1
    ratio of medians over the instances both versions planned."""
    print("\nsuite, version, planned, optimal, median_s, max_s")
    for suite in dict.fromkeys(r["suite"] for r in rows):
        med: dict[str, float] = {}
        for version in ("v1", "v2"):
            rs = [r for r in rows if r["suite"] == suite and r["version"] == version]
            planned = [r for r in rs if r["status"] in ("OPTIMAL", "FEASIBLE")]
            walls = [r["wall_s"] for r in planned]
            opt = sum(r["status"] == "OPTIMAL" for r in rs)
            med[version] = statistics.median(walls) if walls else float("nan")
            top = max(walls) if walls else float("nan")
            n = f"{len(planned)}/{len(rs)}"
            print(f"{suite}, {version}, {n}, {opt}, {med[version]:.3f}, {top:.3f}")
        print(f"{suite}, v2/v1 median ratio {med['v2'] / med['v1']:.2f}")


if __name__ == "__main__":
    main()
