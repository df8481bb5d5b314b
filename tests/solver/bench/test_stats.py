"""solver/bench/stats.py: benchmark arithmetic on hand-made data: matrix expansion, the
incumbent timeline from CP-SAT's log, the primal integral, performance profiles and
MiniZinc-style pairwise scores."""

import pytest

from solver.bench.stats import expand_configs, parse_incumbents, primal_gap, primal_integral


def test_matrix_expansion():
    """A 3 x 2 matrix expands to six named configs; settings keys and CP-SAT keys split."""
    doc = {
        "configs": [
            {"name": "m", "matrix": {"workers": [1, 2, 4], "linearization_level": [0, 2]}},
            {"name": "plain", "portfolio": ["core"]},
        ]
    }
    cfgs = expand_configs(doc)
    assert len(cfgs) == 7
    one = next(c for c in cfgs if c.name == "m[workers=2,linearization_level=0]")
    assert one.settings == {"workers": 2} and one.params == {"linearization_level": 0}
    with pytest.raises(ValueError, match="unknown key"):
        expand_configs({"configs": [{"name": "x", "colour": "red"}]})


def test_primal_integral_hand_timeline():
    """Gap 1 until t=2, then z=12 vs best 10 (gap 2/12) until t=5, then optimal: the area is
    2*1 + 3*(1/6) = 2.5 over a 10 s horizon."""
    assert primal_gap(12, 10) == pytest.approx(1 / 6)
    assert primal_integral([(2.0, 12.0), (5.0, 10.0)], 10.0, 10.0) == pytest.approx(2.5)
    assert primal_integral([], 10.0, 10.0) == 10.0


def test_incumbents_from_the_solver_log():
    """Improving `#<n>` lines of CP-SAT's log become (arrival time, objective); bound lines,
    `#Done` and a worse incumbent are skipped, and the line's own 10 ms stamp is ignored."""
    log = [
        (0.0150, "#Bound   0.01s best:inf   next:[0,4059000] initial_domain"),
        (0.0234, "#1       0.02s best:120000 next:[118000,119000] max_lp"),
        (0.0301, "#2       0.03s best:121000 next:[] max_lp"),
        (1.0042, "#3       0.00s best:118000 next:[]         core"),
        (1.0100, "#Done    0.01s core"),
    ]
    assert parse_incumbents(log) == [(0.0234, 120.0), (1.0042, 118.0)]


def test_performance_profile_hand_table():
    """Two configs, three instances: A costs (1, 2, inf), B costs (2, 2, 4). Best per instance
    (1, 2, 4); ratios A (1, 1, inf), B (2, 1, 1). At tau=1: A 2/3, B 2/3; at tau=2: A 2/3,
    B 1."""
    from solver.bench.stats import performance_profile

    inf = float("inf")
    prof = performance_profile(
        {"A": {"p": 1, "q": 2, "r": inf}, "B": {"p": 2, "q": 2, "r": 4}}, [1.0, 2.0]
    )
    assert prof["A"] == pytest.approx([2 / 3, 2 / 3])
    assert prof["B"] == pytest.approx([2 / 3, 1.0])


def test_pairwise_scores_minizinc_style():
    """Optimal beats feasible (1 point); equal results split by time (t_other / total)."""
    from solver.bench.stats import pairwise_scores

    s = pairwise_scores(
        {"A": {"p": (2, 10, 1.0), "q": (2, 5, 3.0)}, "B": {"p": (1, 10, 1.0), "q": (2, 5, 1.0)}}
    )
    assert s["A"] == pytest.approx(1 + 0.25) and s["B"] == pytest.approx(0.75)


def test_model_options_expand_as_settings():
    """formulation, decomposition and hints are hybridplan model options, not CP-SAT params."""
    cfgs = expand_configs(
        {
            "configs": [
                {
                    "name": "v",
                    "matrix": {"formulation": ["day", "interval"], "hints": [True, False]},
                }
            ]
        }
    )
    assert len(cfgs) == 4 and all(set(c.settings) == {"formulation", "hints"} for c in cfgs)
    assert all(c.params == {} for c in cfgs)
