"""benchmarks/bench_first_plan.py: the objective variants it times are what they say."""

from __future__ import annotations

import pytest

from benchmarks.bench_first_plan import first_plan, variant_profile
from models.profile import load_profile

PROFILE = "data/bench/small/small-00.yaml"


def test_minus_term_zeroes_one_weight_only():
    """`-spread` sets the spread weight to 0 and keeps the profile's other overrides."""
    p = load_profile(PROFILE)
    q = variant_profile(p, "-spread")
    assert q.weights is not None and q.weights["spread"] == 0.0
    assert {k: v for k, v in q.weights.items() if k != "spread"} == dict(p.weights or {})
    assert variant_profile(p, "full") is p


def test_unknown_term_is_refused():
    """A misspelt term stops the script with the list of known terms."""
    with pytest.raises(SystemExit, match="known"):
        variant_profile(load_profile(PROFILE), "-sprad")


@pytest.mark.parametrize("variant", ["full", "rules"])
def test_first_plan_row(variant):
    """One timed run: a plan is found (FEASIBLE or OPTIMAL) and the row names the variant."""
    row = first_plan(load_profile(PROFILE), variant, "max_lp", 30, 10.0)
    assert row["variant"] == variant and row["status"] in ("FEASIBLE", "OPTIMAL")


def test_nowd_variant_and_proof_columns():
    """`nowd` solves the model without window domains; `to_proof` adds a proven run whose
    deterministic time is at least the first plan's."""
    row = first_plan(load_profile(PROFILE), "nowd", "max_lp", 30, 10.0, to_proof=True)
    assert row["variant"] == "nowd" and row["proof_status"] == "OPTIMAL"
    assert float(row["proof_det_time"]) >= float(row["det_time"])  # type: ignore[arg-type]
