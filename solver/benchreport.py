"""report.md from runs.csv alone (so it can be regenerated), with integrity checks.

Per configuration and group: outcome counts, median and IQR of time to optimal, PAR10, median
primal integral and gap against the best known objective; a ranking by total rank and the
virtual best; contradictions between runs are flagged.
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from solver.benchstats import primal_gap, primal_integral


def load_runs(outdir: str | Path) -> pd.DataFrame:
    df = pd.read_csv(Path(outdir) / "runs.csv")
    for col in ("objective", "wall_s", "time_limit_s"):
        df[col] = pd.to_numeric(df[col], errors="coerce")
    return df


def integrity(df: pd.DataFrame) -> list[str]:
    """Contradictions: INFEASIBLE where another run found a plan; OPTIMAL worse than another
    run's plan; a plan the verifier rejected; a crashed run."""
    out: list[str] = []
    for inst, g in df.groupby("instance"):
        planned = g[g.status.isin(["OPTIMAL", "FEASIBLE"])]
        if len(planned) and (g.status == "INFEASIBLE").any():
            who = ", ".join(sorted(set(g[g.status == "INFEASIBLE"].config)))
            out.append(f"{inst}: INFEASIBLE in {who} but another run found a plan")
        if len(planned):
            best = planned.objective.min()
            bad = g[(g.status == "OPTIMAL") & (g.objective > best + 1e-6)]
            for _, r in bad.iterrows():
                out.append(
                    f"{inst}: {r.config} seed {r.seed} claims OPTIMAL at {r.objective:g} "
                    f"but {best:g} was found"
                )
    for _, r in df[df.verified.astype(str) == "False"].iterrows():
        out.append(f"{r.instance}: {r.config} seed {r.seed}: the verifier rejected the plan")
    for _, r in df[df.status == "ERROR"].iterrows():
        out.append(f"{r.instance}: {r.config} seed {r.seed} crashed: {r.error}")
    return out


def enrich(df: pd.DataFrame) -> pd.DataFrame:
    """Add best-known objective, gap to it, primal integral against it, PAR10."""
    df = df.copy()
    ok = df.status.isin(["OPTIMAL", "FEASIBLE"])
    best = df[ok].groupby("instance").objective.min()
    df["best_known"] = df.instance.map(best)
    df["gap_to_best"] = [
        primal_gap(z, b) if pd.notna(z) and pd.notna(b) else None
        for z, b in zip(df.objective, df.best_known, strict=True)
    ]
    pis: list[float | None] = []
    for _, r in df.iterrows():
        timeline = json.loads(r.timeline) if isinstance(r.timeline, str) and r.timeline else []
        if pd.isna(r.best_known):
            pis.append(None)
        else:
            pis.append(primal_integral([(t, z) for t, z in timeline], r.best_known, r.time_limit_s))
    df["pi_best"] = pis
    df["par10"] = [
        w if s == "OPTIMAL" else 10 * tl
        for s, w, tl in zip(df.status, df.wall_s, df.time_limit_s, strict=True)
    ]
    return df


def table(df: pd.DataFrame) -> pd.DataFrame:
    rows = []
    for (cfg, group), g in df.groupby(["config", "group"], sort=False):
        opt = g[g.status == "OPTIMAL"].wall_s
        rows.append(
            {
                "config": cfg,
                "group": group,
                "runs": len(g),
                "optimal": int((g.status == "OPTIMAL").sum()),
                "feasible": int((g.status == "FEASIBLE").sum()),
                "unknown": int((g.status == "UNKNOWN").sum()),
                "infeasible": int((g.status == "INFEASIBLE").sum()),
                "error": int((g.status == "ERROR").sum()),
                "median_t_opt": round(opt.median(), 3) if len(opt) else None,
                "iqr_t_opt": round(opt.quantile(0.75) - opt.quantile(0.25), 3)
                if len(opt)
                else None,
                "par10": round(g.par10.mean(), 3),
                "median_pi": round(pd.to_numeric(g.pi_best).median(), 4),
                "median_gap_best": round(pd.to_numeric(g.gap_to_best).median(), 4),
            }
        )
    return pd.DataFrame(rows)


def ranking(df: pd.DataFrame) -> pd.DataFrame:
    """Total rank per config over (instance, seed) by PAR10 (lower is better), plus the
    virtual best solver (the best config per instance and seed)."""
    piv = df.pivot_table(index=["instance", "seed"], columns="config", values="par10")
    ranks = piv.rank(axis=1, method="average").sum().sort_values()
    vbs = piv.min(axis=1).mean()
    out = pd.DataFrame({"total_rank": ranks, "mean_par10": piv.mean().reindex(ranks.index)})
    out.loc["virtual best"] = [float("nan"), vbs]
    return out.reset_index().rename(columns={"index": "config"})


def write_report(outdir: str | Path) -> Path:
    df = enrich(load_runs(outdir))
    path = Path(outdir) / "report.md"
    issues = integrity(df)
    text = [
        f"# Benchmark report ({len(df)} runs, {df.instance.nunique()} instances, "
        f"{df.config.nunique()} configurations)\n",
        f"ortools {df.ortools.iloc[0]}, python {df.python.iloc[0]}, git {df.git.iloc[0]}, "
        f"cpu {df.cpu.iloc[0]}\n",
        "## Per configuration and group\n",
        table(df).to_markdown(index=False),
        "\n\n## Ranking (PAR10, lower is better)\n",
        ranking(df).to_markdown(index=False),
        "\n\n## Integrity checks\n",
        "\n".join(f"- {x}" for x in issues) if issues else "No contradictions found.",
        "\n",
    ]
    path.write_text("\n".join(text))
    return path
