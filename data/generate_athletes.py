"""Write N realistic random athletes as a batch CSV (SPEC §6), reproducible from a seed.

python data/generate_athletes.py -n 1000 --seed 7 --weeks 12 -o /tmp/athletes_1000.csv
"""

from __future__ import annotations

import argparse
import csv
import random
import sys
from typing import Any

from models.paces import DISTANCE_KM, format_duration_s, race_time_s
from models.synthetic import random_profile
from solver.batch.rows import CSV_COLUMNS, mapping_to_row


def prescription_inputs(rng: random.Random) -> dict[str, Any]:
    """Some athletes know a recent race, their maximum heart rate or their 1RMs (SPEC §2);
    drawn from their own generator so the other fields stay as the seed made them."""
    out: dict[str, Any] = {}
    if rng.random() < 0.4:
        dist = rng.choice(list(DISTANCE_KM))
        seconds = race_time_s(rng.uniform(30, 60), DISTANCE_KM[dist])
        out["recent_race"] = {"distance": dist, "time": format_duration_s(seconds)}
    if rng.random() < 0.5:
        out["max_hr"] = rng.randint(165, 200)
    if rng.random() < 0.4:
        squat = rng.randrange(40, 180, 5)
        out["one_rep_max"] = {
            "squat": squat,
            "deadlift": squat + rng.randrange(0, 40, 5),
            "bench_press": round(squat * rng.uniform(0.55, 0.8) / 2.5) * 2.5,
            "overhead_press": round(squat * rng.uniform(0.35, 0.5) / 2.5) * 2.5,
        }
    return out


def main() -> None:
    fmt = argparse.RawDescriptionHelpFormatter
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=fmt)
    ap.add_argument("-n", type=int, default=60, help="number of athletes")
    ap.add_argument("--seed", type=int, default=2026)
    ap.add_argument("--weeks", type=int, default=None, help="fixed horizon (default: varied)")
    ap.add_argument("-o", "--out", default="-", help="CSV path, - for stdout")
    args = ap.parse_args()
    rng = random.Random(args.seed)
    fh = sys.stdout if args.out == "-" else open(args.out, "w", newline="")  # noqa: SIM115
    w = csv.DictWriter(fh, fieldnames=CSV_COLUMNS)
    w.writeheader()
    for i in range(args.n):
        prof = random_profile(rng, athlete_id=f"ath-{args.seed}-{i:05d}", weeks=args.weeks)
        prof |= prescription_inputs(random.Random(f"{args.seed}-{i}"))
        w.writerow(mapping_to_row(prof))
    if fh is not sys.stdout:
        fh.close()


if __name__ == "__main__":
    main()
