"""Markdown tables from the benchmark CSVs (pandas), with ratios against the shipped config.

python benchmarks/summarize.py benchmarks/results/2026-11-25_12w_slot30.csv
"""

from __future__ import annotations

import sys

import pandas as pd


def summarize(path: str, baseline: str = "shipped") -> str:
    df = pd.read_csv(path)
    solved = df[df.status != "INFEASIBLE"]
    g = solved.groupby("config", sort=False)
    out = pd.DataFrame(
        {
            "runs": g.size(),
            "optimal": (solved.status == "OPTIMAL").groupby(solved.config, sort=False).sum(),
            "median_s": g.wall_s.median().round(3),
            "p90_s": g.wall_s.quantile(0.9).round(3),
            "max_s": g.wall_s.max().round(3),
            "max_gap": g.gap.max().round(4),
            "verified": g.verified.all(),
        }
    )
    if baseline in out.index:
        ref = float(out.median_s[baseline])
        out["median_vs_shipped"] = (out.median_s / ref).round(2)
    infeasible = df[df.status == "INFEASIBLE"].instance.nunique()
    head = (
        f"{path} — {df.instance.nunique()} instances ({infeasible} proven infeasible, excluded)\n\n"
    )
    return head + out.reset_index().to_markdown(index=False)


if __name__ == "__main__":
    for p in sys.argv[1:]:
        print(summarize(p), end="\n\n")
