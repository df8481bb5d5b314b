"""report.md from runs.csv alone (so it can be regenerated), with integrity checks.

Per configuration and group: outcome counts, median and IQR of time to optimal, PAR10, median
primal integral and gap against the best known objective; a ranking by total rank and the
virtual best; contradictions between runs are flagged.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd

from models.files import atomic_write
from solver.bench.stats import (
    CLOCK,
    CLOCKS,
    OLD_CLOCK,
    pairwise_scores,
    performance_profile,
    primal_gap,
    primal_integral,
)


def load_runs(outdir: str | Path) -> pd.DataFrame:
    df = pd.read_csv(Path(outdir) / "runs.csv")
    for col in ("objective", "wall_s", "time_limit_s"):
        df[col] = pd.to_numeric(df[col], errors="coerce")
    if "clock" not in df.columns:  # written before the timeline clock was recorded
        df["clock"] = OLD_CLOCK
    return df


def retime(df: pd.DataFrame, clock: str) -> pd.DataFrame:
    """The runs with their incumbent times moved onto `clock`, so result folders timed on
    different clocks compare: a monolithic run's build took `build_s`, between the start of
    its time limit and the start of its solve. A decomposition's times (build_s 0) stay."""
    if clock not in CLOCKS:
        raise ValueError(f"unknown clock {clock!r}; known: {', '.join(CLOCKS)}")
    out = df.copy()
    build = pd.to_numeric(out["build_s"], errors="coerce").fillna(0.0)
    # how many builds a run's times lie before the time-limit clock, then after the target
    behind = out.clock.map({CLOCK: 0.0, OLD_CLOCK: 1.0}).fillna(0.0)
    shift = build * (behind - (1.0 if clock == OLD_CLOCK else 0.0))
    for col in ("time_to_first", "time_to_best"):
        if col in out.columns:
            out[col] = pd.to_numeric(out[col], errors="coerce") + shift
    out["timeline"] = [
        json.dumps([[round(t + dt, 4), z] for t, z in json.loads(tl)])
        if isinstance(tl, str)
        else tl
        for tl, dt in zip(out.timeline, shift, strict=True)
    ]
    out["clock"] = [clock if isinstance(c, str) else c for c in out.clock]
    return out


def clock_line(df: pd.DataFrame) -> str:
    """Which clock the times to first and best plan and the primal integrals use."""
    found = sorted(str(c) for c in df.clock.dropna().unique())
    text = "; ".join(CLOCKS.get(c, c) for c in found) or "none recorded"
    return f"Incumbent times and primal integrals count from {text}.\n"


PLANNED_OR_PROVEN = ("OPTIMAL", "FEASIBLE", "INFEASIBLE")


def is_baseline(df: pd.DataFrame) -> pd.Series:
    return df.get("params", pd.Series("", index=df.index)).astype(str).str.startswith("greedy")


def integrity(df: pd.DataFrame) -> list[str]:
    """Contradictions: INFEASIBLE where another run found a plan; OPTIMAL worse than another
    run's plan; a plan the verifier rejected; a crashed run. The greedy baseline is expected
    to break rules and is left out."""
    out: list[str] = []
    df = df[~is_baseline(df)]
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
    """Add best-known objective, gap to it, primal integral against it, PAR10 (a proof of
    optimality or of infeasibility counts as solved)."""
    df = df.copy()
    ok = df.status.isin(["OPTIMAL", "FEASIBLE"]) & ~is_baseline(df)
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
        w if s in ("OPTIMAL", "INFEASIBLE") else 10 * tl
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
    df = df[~is_baseline(df)]
    piv = df.pivot_table(index=["instance", "seed"], columns="config", values="par10")
    ranks = piv.rank(axis=1, method="average").sum().sort_values()
    vbs = piv.min(axis=1).mean()
    out = pd.DataFrame({"total_rank": ranks, "mean_par10": piv.mean().reindex(ranks.index)})
    out.loc["virtual best"] = [float("nan"), vbs]
    return out.reset_index().rename(columns={"index": "config"})


def pairwise(df: pd.DataFrame) -> pd.DataFrame:
    real = df[~is_baseline(df)]
    res: dict[str, dict[str, tuple[int, float, float]]] = {}
    for _, r in real.iterrows():
        q = {"OPTIMAL": 2, "FEASIBLE": 1}.get(r.status, 0)
        z = r.objective if q else float("inf")
        res.setdefault(r.config, {})[f"{r.instance}#{r.seed}"] = (q, z, r.wall_s)
    scores = pairwise_scores(res)
    ordered = sorted(scores.items(), key=lambda kv: kv[1], reverse=True)
    return pd.DataFrame(ordered, columns=["config", "pairwise_score"])


def baseline_table(df: pd.DataFrame) -> pd.DataFrame | None:
    """CP-SAT configs against the greedy baseline on the instances every config planned."""
    if not is_baseline(df).any():
        return None
    planned = df[df.status.isin(["OPTIMAL", "FEASIBLE"])]
    common = set.intersection(*(set(g.instance) for _, g in planned.groupby("config")))
    rows = []
    for cfg, g in df.groupby("config", sort=False):
        c = g[g.instance.isin(common) & g.status.isin(["OPTIMAL", "FEASIBLE"])]
        rows.append(
            {
                "config": cfg,
                "mean_objective": round(pd.to_numeric(c.objective).mean(), 2),
                "mean_interference": round(pd.to_numeric(c.interference_events).mean(), 2),
                "mean_shared_days": round(pd.to_numeric(c.shared_days).mean(), 2),
                "runs_breaking_a_rule": f"{(pd.to_numeric(g.hard_violations) > 0).mean():.0%}",
                "runs_without_plan": f"{(~g.status.isin(PLANNED_OR_PROVEN)).mean():.0%}",
            }
        )
    return pd.DataFrame(rows)


def default_check(
    df: pd.DataFrame, tolerance: float = 0.10, resamples: int = 2000, seed: int = 0
) -> pd.DataFrame | None:
    """Per group, the shipped default's median primal integral against the best other
    configuration's (issue 4's target: within `tolerance`).

    Every configuration whose settings equal the shipped ones (`is_default`) is the shipped
    default: their runs are pooled, and never counted as a rival. With two or more such
    configurations (an A/A replicate), `replicate_ratio` is the ratio of their medians: how
    far two identical configurations drift apart on this machine. The 95 % interval of the
    ratio comes from a bootstrap over instances (all seeds of an instance stay together).

    A rival run that did the *same search* as the shipped run of its (instance, seed) -- the
    same status, deterministic time and incumbent objectives -- differs from it only by the
    wall clock's noise (for example `max_lp` alone on instances the shipped first phase,
    `max_lp`, proves). Such a run is credited with the shipped run's primal integral
    (common random numbers), so the noise of identical work is not taken for a better
    configuration. `same_search` is the share of the rival's runs where that happened;
    `ratio_raw` compares the uncorrected medians, `ratio` and `within_*` the corrected ones,
    which also pick the best rival."""
    if "is_default" not in df.columns:
        return None
    real = df[~is_baseline(df)].copy()
    real["pi_best"] = pd.to_numeric(real.pi_best)
    real["shipped"] = real.is_default.astype(str) == "True"
    names = sorted(str(c) for c in real[real.shipped].config.unique())
    if not names:
        return None
    real = _credit_same_search(real, names[0])
    rng = np.random.default_rng(seed)
    rows = []
    for group, g in real.groupby("group", sort=True):
        mine = g[g.shipped].dropna(subset=["pi_best"])
        rivals = g[~g.shipped].groupby("config").pi_fair.median().dropna()
        if mine.empty or rivals.empty:
            continue
        ours = float(mine.pi_best.median())
        # the best other configuration even when the default beats it (ratio below 1)
        best = str(rivals.idxmin())
        theirs = g[g.config == best]
        per_inst = {
            inst: (mine[mine.instance == inst].pi_best.to_numpy(), t.pi_fair.to_numpy())
            for inst, t in theirs.dropna(subset=["pi_fair"]).groupby("instance")
            if (mine.instance == inst).any()
        }
        keys = list(per_inst)
        ratios = []
        for _ in range(resamples):
            pick = [per_inst[keys[k]] for k in rng.integers(0, len(keys), len(keys))]
            a = np.median(np.concatenate([p[0] for p in pick]))
            b = np.median(np.concatenate([p[1] for p in pick]))
            ratios.append(a / b if b > 0 else 1.0)
        meds = [float(mine[mine.config == n].pi_best.median()) for n in names]
        theirs_median = float(theirs.pi_fair.median())
        raw_median = float(theirs.pi_best.median())
        ratio = ours / theirs_median if theirs_median > 0 else 1.0
        rows.append(
            {
                "group": group,
                "shipped_runs": len(mine),
                "median_pi_shipped": round(ours, 4),
                "best_other": best,
                "median_pi_best": round(raw_median, 4),
                "same_search": round(float(theirs.same_search.mean()), 3),
                "ratio_raw": round(ours / raw_median if raw_median > 0 else 1.0, 3),
                "ratio": round(ratio, 3),
                "ratio_95ci": f"{np.quantile(ratios, 0.025):.3f}-{np.quantile(ratios, 0.975):.3f}",
                "replicate_ratio": round(max(meds) / min(meds), 3) if len(meds) > 1 else None,
                f"within_{tolerance:.0%}": bool(ratio <= 1 + tolerance),
            }
        )
    return pd.DataFrame(rows)


def _search_key(row: pd.Series) -> tuple[object, ...] | None:
    """What a deterministic search did: status, deterministic time, incumbent objectives."""
    try:
        det = float(row.get("det_time"))  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    if np.isnan(det):
        return None
    timeline = row.get("timeline")
    steps = json.loads(timeline) if isinstance(timeline, str) else []
    objs = [round(float(v), 6) for _, v in steps]
    return (row.get("status"), round(float(det), 6), tuple(objs))


def _credit_same_search(real: pd.DataFrame, reference: str) -> pd.DataFrame:
    """`pi_fair`: a run's primal integral, or the `reference` (shipped) run's of the same
    (instance, seed) when both did the same search; `same_search` says which."""
    out = real.copy()
    out["same_search"] = False
    out["pi_fair"] = out.pi_best
    if "det_time" not in out.columns or "timeline" not in out.columns:
        return out
    ref = {
        (r.instance, r.seed): (_search_key(r), r.pi_best)
        for _, r in out[out.config == reference].iterrows()
    }
    for i, r in out[~out.shipped].iterrows():
        key, pi = ref.get((r.instance, r.seed), (None, None))
        if key is not None and key == _search_key(r):
            out.at[i, "same_search"] = True
            out.at[i, "pi_fair"] = pi
    return out


def figures(df: pd.DataFrame, outdir: Path) -> list[str]:
    """Performance profiles (time, objective), a cactus plot, objective over time."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    real = df[~is_baseline(df)].copy()
    real["key"] = real.instance + "#" + real.seed.astype(str)
    names: list[str] = []
    taus = [1 + 0.05 * k for k in range(0, 201)]
    for label, col, fname in (
        ("time (PAR10)", "par10", "profile_time.png"),
        ("objective (1 + gap to best)", "obj_ratio", "profile_objective.png"),
    ):
        if col == "obj_ratio":
            real[col] = [1 + g if pd.notna(g) else float("inf") for g in real.gap_to_best]
        cost = {
            str(c): {str(k): float(v) for k, v in zip(g.key, g[col], strict=True)}
            for c, g in real.groupby("config")
        }
        prof = performance_profile(cost, taus)
        fig, ax = plt.subplots(figsize=(6, 3.5), dpi=100)
        for c, ys in prof.items():
            ax.step(taus, ys, where="post", label=c)
        ax.set_xlabel("tau (ratio to the best configuration)")
        ax.set_ylabel("share of runs")
        ax.set_title(f"Performance profile: {label}")
        ax.legend(fontsize=6)
        fig.tight_layout()
        fig.savefig(outdir / fname)
        plt.close(fig)
        names.append(fname)
    fig, ax = plt.subplots(figsize=(6, 3.5), dpi=100)
    for cfg, g in real.groupby("config"):
        t = sorted(g[g.status == "OPTIMAL"].wall_s)
        ax.plot(range(1, len(t) + 1), t, marker=".", label=str(cfg))
    ax.set_xlabel("runs proven optimal")
    ax.set_ylabel("wall seconds")
    ax.set_yscale("log")
    ax.set_title("Cactus plot")
    ax.legend(fontsize=6)
    fig.tight_layout()
    fig.savefig(outdir / "cactus.png")
    plt.close(fig)
    names.append("cactus.png")
    hardest = real.groupby("instance").wall_s.max().sort_values().tail(3).index
    fig, axes = plt.subplots(1, max(1, len(hardest)), figsize=(10, 3), dpi=100, squeeze=False)
    for ax, inst in zip(axes[0], hardest, strict=False):
        for c, g in real[(real.instance == inst) & (real.seed == real.seed.min())].groupby(
            "config"
        ):
            tl = json.loads(g.timeline.iloc[0]) if isinstance(g.timeline.iloc[0], str) else []
            if tl:
                ax.step([p[0] for p in tl], [p[1] for p in tl], where="post", label=c)
        ax.set_title(inst, fontsize=8)
        ax.set_xlabel("s")
    axes[0][0].set_ylabel("best objective")
    axes[0][0].legend(fontsize=6)
    fig.tight_layout()
    fig.savefig(outdir / "objective_over_time.png")
    plt.close(fig)
    names.append("objective_over_time.png")
    return names


def write_report(outdir: str | Path) -> Path:
    df = enrich(load_runs(outdir))
    path = Path(outdir) / "report.md"
    issues = integrity(df)
    pngs = figures(df, Path(outdir))
    base = baseline_table(df)
    check = default_check(df)
    text = [
        f"# Benchmark report ({len(df)} runs, {df.instance.nunique()} instances, "
        f"{df.config.nunique()} configurations)\n",
        f"ortools {df.ortools.iloc[0]}, python {df.python.iloc[0]}, git {df.git.iloc[0]}, "
        f"cpu {df.cpu.iloc[0]}\n",
        clock_line(df),
        "## Per configuration and group\n",
        table(df).to_markdown(index=False),
        "\n\n## Ranking (PAR10, lower is better)\n",
        ranking(df).to_markdown(index=False),
        "\n\n## MiniZinc-style pairwise scores\n",
        pairwise(df).to_markdown(index=False),
        "\n\n## The shipped default against the best configuration (median primal integral)\n",
        check.to_markdown(index=False)
        if check is not None
        else "No run used the shipped default settings.",
        "\n\n## Against the greedy baseline (instances every configuration planned)\n",
        base.to_markdown(index=False) if base is not None else "No baseline configuration ran.",
        "\n\n## Figures\n",
        "\n".join(f"![{p}]({p})" for p in pngs),
        "\n\n## Integrity checks\n",
        "\n".join(f"- {x}" for x in issues) if issues else "No contradictions found.",
        "\n",
    ]
    atomic_write(path, "\n".join(text))
    return path


RANK = {"OPTIMAL": 3, "FEASIBLE": 2, "INFEASIBLE": 3, "UNKNOWN": 1, "ERROR": 0}


def diff(
    a_dir: str | Path, b_dir: str | Path, tolerance: float = 0.1, noise_s: float = 0.1
) -> tuple[pd.DataFrame, list[str]]:
    """Per (instance, config, seed) time and objective deltas from A to B, and regressions:
    a worse status, an objective worse by more than `tolerance` (relative), or a time more
    than `tolerance` slower (and more than `noise_s` seconds)."""
    a, b = load_runs(a_dir), load_runs(b_dir)
    keys = ["instance", "config", "seed"]
    m = a.merge(b, on=keys, suffixes=("_a", "_b"))
    m["time_ratio"] = (m.wall_s_b / m.wall_s_a).round(3)
    m["objective_delta"] = (m.objective_b - m.objective_a).round(6)
    regressions: list[str] = []
    for _, r in m.iterrows():
        who = f"{r.instance} {r.config} seed {r.seed}"
        if RANK.get(r.status_b, 0) < RANK.get(r.status_a, 0):
            regressions.append(f"{who}: status {r.status_a} -> {r.status_b}")
        if pd.notna(r.objective_a) and pd.notna(r.objective_b):
            if r.objective_b > r.objective_a + tolerance * max(abs(r.objective_a), 1e-9):
                regressions.append(f"{who}: objective {r.objective_a:g} -> {r.objective_b:g}")
        if r.wall_s_b > r.wall_s_a * (1 + tolerance) and r.wall_s_b - r.wall_s_a > noise_s:
            regressions.append(f"{who}: {r.wall_s_a:.3f} s -> {r.wall_s_b:.3f} s")
    cols = [
        *keys,
        "status_a",
        "status_b",
        "wall_s_a",
        "wall_s_b",
        "time_ratio",
        "objective_a",
        "objective_b",
        "objective_delta",
    ]
    return m[cols], regressions
