"""Benchmark arithmetic, kept free of ortools so it can be tested on hand-made data.

- `parse_incumbents`: the incumbent timeline from CP-SAT's search log (`#<n> <t>s best:<v>`),
  never from Python callbacks.
- `primal_integral`: Berthold's primal integral, the area under the primal gap over time
  (gap = 1 before the first solution; |z - z*| / max(|z|, |z*|) after it; 0 when both are 0).
- `expand_configs`: a settings document with matrices -> named configurations.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field
from typing import Any

_INCUMBENT = re.compile(r"^#(\d+)\s+([0-9.]+)s\s+best:(-?[0-9.eE+]+)")

SETTINGS_FIELDS = frozenset(
    {"workers", "portfolio", "phase_share", "formulation", "decomposition", "slot_minutes"}
)


def parse_incumbents(
    log: list[tuple[float, str]], scale: float = 1000.0
) -> list[tuple[float, float]]:
    """(seconds since the solve started, objective) for each new incumbent, improving only."""
    out: list[tuple[float, float]] = []
    for offset, line in log:
        m = _INCUMBENT.match(line.strip())
        if not m:
            continue
        t, z = offset + float(m.group(2)), float(m.group(3)) / scale
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
