"""Copy a `hybridplan bench` result folder with its incumbent times moved onto another clock,
and write its report, so result folders timed on different clocks can be compared.

Session 5 moved the timeline's origin from the start of the solve to the start of the time
limit (model build included); benchmarks/README.md quotes session-5 runs on both clocks and
session-4 runs on the new one, made with:

    python benchmarks/retime_runs.py benchmarks/results/2026-12-02_s5_bench out/s5_solve \
        --clock solve_start
"""

from __future__ import annotations

import argparse
from pathlib import Path

from solver.bench.report import load_runs, retime, write_report
from solver.bench.stats import CLOCK, CLOCKS


def main(argv: list[str] | None = None) -> Path:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("src", type=Path, help="a result folder with runs.csv")
    ap.add_argument("dst", type=Path, help="a new folder for the re-timed runs.csv and report")
    ap.add_argument("--clock", choices=sorted(CLOCKS), default=CLOCK)
    args = ap.parse_args(argv)
    if args.dst.resolve() == args.src.resolve():
        ap.error("dst must differ from src: the measured runs.csv is kept as it is")
    args.dst.mkdir(parents=True, exist_ok=True)
    retime(load_runs(args.src), args.clock).to_csv(args.dst / "runs.csv", index=False)
    report = write_report(args.dst)
    print(f"wrote {args.dst / 'runs.csv'} and {report}")
    return report


if __name__ == "__main__":
    main()
