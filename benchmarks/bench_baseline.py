"""CP-SAT against the greedy baseline (solver/bench/baseline.py) on the same athletes, same run.

Per athlete: both objectives, interference events, priority sessions on shared days, and
whether the greedy plan breaks a hard rule (per the independent verifier) or finds no plan.

    python benchmarks/bench_baseline.py --generated 20 --out benchmarks/results/baseline.csv
"""

from __future__ import annotations

import argparse
import csv
import glob
import random
from collections import Counter
from pathlib import Path
from typing import Any

from models.profile import load_profile, parse_profile
from models.settings import SolverSettings
from models.synthetic import random_profile
from solver import solve, verify_plan
from solver.bench.baseline import greedy_plan


def main() -> None:
    fmt = argparse.RawDescriptionHelpFormatter
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=fmt)
    ap.add_argument("--generated", type=int, default=20)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--time-limit", type=float, default=30)
    ap.add_argument("--out", type=Path, required=True)
    args = ap.parse_args()
    athletes = [
        load_profile(f) for f in sorted(glob.glob("data/*.yaml") + glob.glob("data/*.json"))
    ]
    rng = random.Random(args.seed)
    athletes += [
        parse_profile(random_profile(rng, athlete_id=f"gen12w-{i:03d}", weeks=12))
        for i in range(args.generated)
    ]
    rows: list[dict[str, Any]] = []
    for p in athletes:
        cp = solve(p, SolverSettings(time_limit_s=args.time_limit, slot_minutes=15))
        gr = greedy_plan(p, 15)
        broken = Counter(v.rule for v in verify_plan(p, gr).violations) if gr.has_schedule else {}
        if not cp.has_schedule:
            continue  # proven infeasible: nothing to compare
        rows.append(
            {
                "athlete": p.id,
                "cpsat_status": cp.status,
                "cpsat_objective": cp.objective,
                "greedy_status": gr.status,
                "greedy_objective": gr.objective,
                "cpsat_interference": cp.objective_terms["interference_next_day"].value,
                "greedy_interference": gr.objective_terms["interference_next_day"].value
                if gr.has_schedule
                else "",
                "cpsat_shared_days": cp.objective_terms["priority_shared_day"].value,
                "greedy_shared_days": gr.objective_terms["priority_shared_day"].value
                if gr.has_schedule
                else "",
                "greedy_hard_violations": sum(broken.values()),
                "greedy_rules_broken": " ".join(sorted(broken)),
            }
        )
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with args.out.open("w", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows)
    n = len(rows)
    placed = [r for r in rows if r["greedy_status"] == "FEASIBLE"]
    valid = [r for r in placed if r["greedy_hard_violations"] == 0]
    print(f"athletes with a CP-SAT plan: {n}")
    print(
        f"greedy found no plan: {n - len(placed)}; broke a hard rule: {len(placed) - len(valid)};"
        f" valid: {len(valid)}"
    )
    if placed:

        def tot(key: str) -> float:
            return sum(float(r[key]) for r in placed)

        print(
            f"on the {len(placed)} athletes the greedy placed: objective CP-SAT "
            f"{tot('cpsat_objective'):g} vs greedy {tot('greedy_objective'):g}; "
            f"interference events "
            f"{tot('cpsat_interference'):g} vs {tot('greedy_interference'):g}; shared days "
            f"{tot('cpsat_shared_days'):g} vs {tot('greedy_shared_days'):g}"
        )
        print(
            "rules the greedy broke (athletes):",
            dict(Counter(r for x in placed for r in str(x["greedy_rules_broken"]).split())),
        )


if __name__ == "__main__":
    main()
