"""Benchmark arithmetic, kept free of ortools so it can be tested on hand-made data.

- `parse_incumbents`: the incumbent timeline from CP-SAT's search log (`#<n> <t>s best:<v>`),
  never from Python callbacks.
- `primal_integral`: Berthold's primal integral, the area under the primal gap over time
  (gap = 1 before the first solution; |z - z*| / max(|z|, |z*|) after it; 0 when both are 0).
- `expand_configs`: a settings document with matrices -> named configurations.
"""

from __future__ import annotations

import itertools
import math
import re
from dataclasses import dataclass, field
from typing import Any

from models.settings import SolverSettings

_INCUMBENT = re.compile(r"^#\d+\s+[0-9.]+s\s+best:(-?[0-9.eE+]+)")

# keys of a configuration that are SolverSettings fields (the run sets the time limit and the
# seed; raw CP-SAT parameters go to `params`), plus `planner` (CP-SAT or the greedy baseline)
SETTINGS_FIELDS = (frozenset(SolverSettings.model_fields) - {"time_limit_s", "seed", "params"}) | {
    "planner"
}


def parse_incumbents(
    log: list[tuple[float, str]], scale: float = 1000.0
) -> list[tuple[float, float]]:
    """(seconds since the solve started, objective) for each new incumbent, improving only.

    Entries are (arrival, line): the time the log callback received the line. CP-SAT's own
    stamp on the line is to 10 ms, which is the whole time to first solution on small
    instances, and restarts at 0 in each phase."""
    out: list[tuple[float, float]] = []
    for t, line in log:
        m = _INCUMBENT.match(line.strip())
        if not m:
            continue
        z = float(m.group(1)) / scale
        if not out or z < out[-1][1] - 1e-12:
            out.append((t, z))
    return out


def primal_gap(z: float, best: float) -> float:
    if abs(z) < 1e-12 and abs(best) < 1e-12:
        return 0.0
    if z * best < 0:
        return 1.0
    return abs(z - best) / max(abs(z), abs(best))


def primal_integral(timeline: list[tuple[float, float]], best: float, horizon: float) -> float:
    """Integral over [0, horizon] of the primal gap step function (1 before any incumbent)."""
    area, t_prev, gap = 0.0, 0.0, 1.0
    for t, z in timeline:
        t = min(max(t, 0.0), horizon)
        area += gap * (t - t_prev)
        t_prev, gap = t, primal_gap(z, best)
    return area + gap * max(0.0, horizon - t_prev)


# What a run's incumbent times (the timeline, time_to_first, time_to_best, the primal
# integral) count from: the start of its time limit, before the model is built. Runs
# recorded before runs.csv had a `clock` column counted from the start of the solve.
CLOCK = "time_limit_start"
OLD_CLOCK = "solve_start"
CLOCKS = {
    CLOCK: "the start of the time limit (model build included)",
    OLD_CLOCK: "the start of the solve (model build left out)",
}


@dataclass
class BenchConfig:
    """One named configuration: SolverSettings fields plus raw CP-SAT parameters."""

    name: str
    settings: dict[str, Any] = field(default_factory=dict)
    params: dict[str, Any] = field(default_factory=dict)


def expand_configs(doc: dict[str, Any]) -> list[BenchConfig]:
    """Each entry of `configs` may carry a `matrix` of lists; its cartesian product expands
    into one configuration per combination, named `name[k=v,...]`. Keys that are solver
    settings (workers, portfolio, ...) go to the settings, the rest are CP-SAT parameters."""
    out: list[BenchConfig] = []
    for entry in doc.get("configs", []):
        entry = dict(entry)
        name = str(entry.pop("name"))
        matrix: dict[str, list[Any]] = entry.pop("matrix", {}) or {}
        params = dict(entry.pop("params", {}) or {})
        base_settings = {k: v for k, v in entry.items() if k in SETTINGS_FIELDS}
        unknown = set(entry) - SETTINGS_FIELDS
        if unknown:
            raise ValueError(f"config {name!r}: unknown key(s) {', '.join(sorted(unknown))}")
        keys = list(matrix)
        for combo in itertools.product(*(matrix[k] for k in keys)) if keys else [()]:
            s, p = dict(base_settings), dict(params)
            for k, v in zip(keys, combo, strict=True):
                (s if k in SETTINGS_FIELDS else p)[k] = v
            label = (
                name
                if not keys
                else f"{name}[{','.join(f'{k}={v}' for k, v in zip(keys, combo, strict=True))}]"
            )
            out.append(BenchConfig(label, s, p))
    names = [c.name for c in out]
    if len(set(names)) != len(names):
        raise ValueError("configuration names must be unique")
    return out


def performance_profile(
    cost: dict[str, dict[str, float]], taus: list[float]
) -> dict[str, list[float]]:
    """Dolan-More: cost[config][instance] (lower is better, inf = unsolved); for each config,
    the share of instances whose cost is within tau times the best config's cost."""
    instances = sorted({i for per in cost.values() for i in per})
    best = {i: min(cost[c].get(i, math.inf) for c in cost) for i in instances}
    out: dict[str, list[float]] = {}
    for c, per in cost.items():
        ratios = []
        for i in instances:
            v, b = per.get(i, math.inf), best[i]
            if not math.isfinite(v) or (b <= 0 < v):
                ratios.append(math.inf)
            else:
                ratios.append(1.0 if v == b else v / b)
        out[c] = [sum(r <= t for r in ratios) / len(ratios) for t in taus]
    return out


def pairwise_scores(results: dict[str, dict[str, tuple[int, float, float]]]) -> dict[str, float]:
    """MiniZinc-Challenge-style: results[config][instance] = (quality class, objective, time),
    quality class 2 optimal, 1 feasible, 0 none. Per instance and pair, the better result gets
    1; equal quality and objective split the point by time (t_other / (t_a + t_b))."""
    scores = dict.fromkeys(results, 0.0)
    configs = list(results)
    instances = sorted({i for per in results.values() for i in per})
    for i in instances:
        for x, a in enumerate(configs):
            for b in configs[x + 1 :]:
                qa, za, ta = results[a].get(i, (0, math.inf, math.inf))
                qb, zb, tb = results[b].get(i, (0, math.inf, math.inf))
                if qa == 0 and qb == 0:
                    continue
                if (qa, -za) != (qb, -zb):
                    win_a = (qa > qb) or (qa == qb and za < zb)
                    scores[a] += 1.0 if win_a else 0.0
                    scores[b] += 0.0 if win_a else 1.0
                else:
                    total = ta + tb
                    scores[a] += tb / total if total > 0 else 0.5
                    scores[b] += ta / total if total > 0 else 0.5
    return scores
