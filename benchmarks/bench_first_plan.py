"""Time to the first plan, by subsolver and objective variant (benchmarks/README.md, Session 3).

Where does a subsolver's time to its first plan go: the rules or the objective? Each profile
is solved with `stop_after_first_solution` under every variant, in a shuffled order:
  - `full`: the shipped objective;
  - `rules`: no objective (feasibility only);
  - `-TERM`: the shipped objective with TERM's weight set to 0;
  - `nowd`: the shipped objective on the model without `window_domains` (session 3's).
With `--to-proof` each run is repeated without the stop, to a proven optimum, and the row also
has that run's status, seconds and deterministic time (machine-independent).

    python benchmarks/bench_first_plan.py data/bench/medium/medium-01.yaml --slot 30 \
        --subsolvers max_lp,core --variants full,rules,-interference_next_day
"""

from __future__ import annotations

import argparse
import csv
import random
import sys
import time
from pathlib import Path

from models.catalog import OBJECTIVE_TERMS
from models.periodization import build_requirements
from models.profile import AthleteProfile, load_profile
from models.settings import SolverSettings
from solver.model.build import build_model
from solver.model.params import make_solver
from solver.pipeline import STATUS


def variant_profile(profile: AthleteProfile, variant: str) -> AthleteProfile:
    """The profile with one objective weight zeroed for `-TERM`, else unchanged."""
    if not variant.startswith("-"):
        return profile
    term = variant[1:]
    if term not in OBJECTIVE_TERMS:
        raise SystemExit(f"unknown objective term {term!r}; known: {', '.join(OBJECTIVE_TERMS)}")
    return profile.model_copy(update={"weights": {**(profile.weights or {}), term: 0.0}})


def first_plan(
    profile: AthleteProfile,
    variant: str,
    subsolver: str,
    slot: int,
    limit: float,
    to_proof: bool = False,
) -> dict[str, object]:
    req = build_requirements(variant_profile(profile, variant), slot)
    model = build_model(req, window_domains=variant != "nowd").model
    if variant == "rules":
        model.clear_objective()
    row: dict[str, object] = {"instance": profile.id, "subsolver": subsolver, "variant": variant}
    for stop, prefix in ((True, ""), (False, "proof_"))[: 2 if to_proof else 1]:
        solver, _ = make_solver(
            SolverSettings(time_limit_s=limit, slot_minutes=slot, portfolio=[subsolver])
        )
        solver.parameters.stop_after_first_solution = stop
        t0 = time.perf_counter()
        code = solver.solve(model)
        row[f"{prefix}status"] = STATUS.get(code, "UNKNOWN")
        row[f"{prefix}seconds"] = round(time.perf_counter() - t0, 4)
        row[f"{prefix}det_time"] = round(solver.deterministic_time, 4)
    return row


def main() -> None:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("profiles", nargs="+", type=Path)
    ap.add_argument("--slot", type=int, default=30)
    ap.add_argument("--subsolvers", default="max_lp,core")
    ap.add_argument("--variants", default="full,rules")
    ap.add_argument("--time-limit", type=float, default=10.0)
    ap.add_argument("--to-proof", action="store_true", help="also time a run to a proof")
    ap.add_argument("--seed", type=int, default=2026, help="shuffles the run order")
    ap.add_argument("--out", type=Path, help="CSV of every run (default: stdout)")
    args = ap.parse_args()
    profiles = [load_profile(p) for p in args.profiles]
    jobs = [
        (p, v, s)
        for p in profiles
        for v in args.variants.split(",")
        for s in args.subsolvers.split(",")
    ]
    random.Random(args.seed).shuffle(jobs)
    rows = [first_plan(p, v, s, args.slot, args.time_limit, args.to_proof) for p, v, s in jobs]
    rows.sort(key=lambda r: (str(r["instance"]), str(r["subsolver"]), str(r["variant"])))
    fh = args.out.open("w", newline="") if args.out else sys.stdout
    writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows(rows)
    if args.out:
        fh.close()


if __name__ == "__main__":
    main()
