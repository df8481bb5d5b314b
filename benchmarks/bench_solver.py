"""Solver-settings benchmark for the core planner (issue: core planner performance).

Runs every (instance, configuration) pair in one process, one after another, in a shuffled
order (fixed seed, so no configuration always follows the same one), and writes one CSV row
per run. Instances: the
data/ examples plus seeded generated athletes. See benchmarks/README.md for the protocol.

    python benchmarks/bench_solver.py --generated 20 --weeks 12 --slot 30 \
        --configs core,pseudo_costs --time-limit 30 --out benchmarks/results/x.csv
"""

from __future__ import annotations

import argparse
import csv
import glob
import random
import statistics
import sys
import time
from pathlib import Path
from typing import Any

from models.periodization import build_requirements
from models.profile import AthleteProfile, load_profile, parse_profile
from models.settings import SolverSettings
from models.synthetic import random_profile
from solver import solve, verify_plan
from solver.bench.run import ORDER_SEED
from solver.model.build import build_model

CONFIGS: dict[str, dict[str, Any]] = {
    # single subsolvers on one worker
    "core": {"portfolio": ["core"]},
    "max_lp": {"portfolio": ["max_lp"]},
    "pseudo_costs": {"portfolio": ["pseudo_costs"]},
    "reduced_costs": {"portfolio": ["reduced_costs"]},
    "default_lp": {"portfolio": ["default_lp"]},
    "quick_restart": {"portfolio": ["quick_restart"]},
    # sequential portfolios on one worker (warm-started phases)
    "core>max_lp": {"portfolio": ["core", "max_lp"], "phase_share": 1 / 3},
    "core>max_lp@0.1": {"portfolio": ["core", "max_lp"], "phase_share": 0.1},
    "max_lp>core": {"portfolio": ["max_lp", "core"], "phase_share": 1 / 3},
    "max_lp>core@0.5": {"portfolio": ["max_lp", "core"], "phase_share": 0.5},
    "max_lp>core>max_lp@0.15": {"portfolio": ["max_lp", "core", "max_lp"], "phase_share": 0.15},
    "max_lp>core>max_lp@0.3": {"portfolio": ["max_lp", "core", "max_lp"], "phase_share": 0.3},
    # CP-SAT's own parallel portfolio on two workers
    "cpsat_w2": {"workers": 2},
    # model variants
    "interval": {"formulation": "interval"},
    "blocks": {"decomposition": "blocks"},
    # CP-SAT presolve effort (`hybridplan bench` screening, benchmarks/README.md)
    "presolve1": {"params": {"max_presolve_iterations": 1}},  # every phase
    "presolve3": {"first_phase_params": {}},  # CP-SAT's default 3 rounds: the previous default
    "shipped": {},
    # the phase schedule in wall-clock seconds, as before session 3
    "wall_phases": {"phase_limits": "wall"},
    # no solution hints between phases
    "cold_phases": {"hints": False},
    # start times over the whole day (the session-3 default, before window_domains)
    "no_window_domains": {"window_domains": False},
}


def instances(args: argparse.Namespace) -> list[tuple[str, AthleteProfile]]:
    out: list[tuple[str, AthleteProfile]] = []
    if args.examples:
        for f in sorted(glob.glob("data/*.yaml") + glob.glob("data/*.json")):
            out.append((Path(f).stem, load_profile(f)))
    rng = random.Random(args.seed)
    for i in range(args.generated):
        goal = None
        prof = random_profile(
            rng, athlete_id=f"gen{args.weeks}w-{i:03d}", weeks=args.weeks, goal=goal
        )
        try:
            out.append((prof["id"], parse_profile(prof)))
        except Exception as exc:  # a generated profile the contract rejects is a finding
            print(f"skip {prof['id']}: {exc}", file=sys.stderr)
    return out


def run(args: argparse.Namespace) -> list[dict[str, Any]]:
    rows = []
    insts = instances(args)
    configs = args.configs.split(",")
    pairs = [(name, prof, cfg) for name, prof in insts for cfg in configs]
    # shuffled, as in `hybridplan bench`: a solve's wall time depends on the runs before it
    random.Random(ORDER_SEED).shuffle(pairs)
    for name, prof, cfg in pairs:
        kw = dict(CONFIGS[cfg])
        settings = SolverSettings(time_limit_s=args.time_limit, slot_minutes=args.slot, **kw)
        t0 = time.perf_counter()
        req = build_requirements(prof, args.slot)
        built = build_model(req, **settings.build_options()) if not req.conflicts else None
        build_s = time.perf_counter() - t0
        n_vars = len(built.model.proto.variables) if built else 0
        t0 = time.perf_counter()
        plan = solve(prof, settings)
        wall = time.perf_counter() - t0
        ok = verify_plan(prof, plan, slot_minutes=args.slot).ok
        rows.append(
            {
                "instance": name,
                "weeks": prof.horizon_weeks,
                "slot": args.slot,
                "config": cfg,
                "status": plan.status,
                "objective": plan.objective,
                "bound": plan.best_bound,
                "gap": plan.gap,
                "wall_s": round(wall, 3),
                "build_s": round(build_s, 3),
                "vars": n_vars,
                "verified": ok,
            }
        )
        print(",".join(str(v) for v in rows[-1].values()), flush=True)
    return rows


def summarize(rows: list[dict[str, Any]]) -> None:
    by: dict[str, list[dict[str, Any]]] = {}
    for r in rows:
        by.setdefault(r["config"], []).append(r)
    print("\nconfig, n, optimal, median_s, max_s, verified")
    for cfg, rs in by.items():
        walls = [r["wall_s"] for r in rs]
        opt = sum(r["status"] == "OPTIMAL" for r in rs)
        print(
            f"{cfg}, {len(rs)}, {opt}, {statistics.median(walls):.3f}, {max(walls):.3f}, "
            f"{all(r['verified'] for r in rs)}"
        )


def main() -> None:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--examples", action="store_true", help="include data/ examples")
    ap.add_argument("--generated", type=int, default=20)
    ap.add_argument("--weeks", type=int, default=12)
    ap.add_argument("--slot", type=int, default=30)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--configs", default="shipped")
    ap.add_argument("--time-limit", type=float, default=30.0)
    ap.add_argument("--out", type=Path, required=True)
    args = ap.parse_args()
    rows = run(args)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with args.out.open("w", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows)
    summarize(rows)


if __name__ == "__main__":
    main()
