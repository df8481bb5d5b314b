"""Write N realistic random athletes as a batch CSV (SPEC §6), reproducible from a seed.

python data/generate_athletes.py -n 1000 --seed 7 --weeks 12 -o /tmp/athletes_1000.csv
"""

from __future__ import annotations

import argparse
import csv
import random
import sys

from models.csvrow import CSV_COLUMNS, mapping_to_row
from models.synthetic import random_profile


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
        w.writerow(mapping_to_row(prof))
    if fh is not sys.stdout:
        fh.close()


if __name__ == "__main__":
    main()
