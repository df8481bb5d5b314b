"""solver/bench*.py and `hybridplan bench`: matrix expansion, primal integral, resume,
integrity checks (issue 4's harness; the rest of that issue is still open)."""

import shutil

import pandas as pd
import pytest
from click.testing import CliRunner

from cli.main import main
from solver.bench import run_bench
from solver.benchreport import integrity
from solver.benchstats import expand_configs, parse_incumbents, primal_gap, primal_integral


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
    """Incumbent lines of CP-SAT's log become (time, objective), offsets added per phase."""
    log = [
        (0.0, "#Bound   0.21s best:inf   next:[0,4059000] initial_domain"),
        (0.0, "#1       0.62s best:120000 next:[118000,119000] max_lp"),
        (1.0, "#2       0.33s best:118000 next:[]         max_lp"),
        (1.0, "#Done    0.95s max_lp"),
    ]
    assert parse_incumbents(log) == [(0.62, 120.0), (1.33, 118.0)]


def test_integrity_flags_planted_contradictions():
    """INFEASIBLE vs a plan, and OPTIMAL worse than another run, are both flagged."""
    df = pd.DataFrame(
        [
            {
                "instance": "a",
                "config": "x",
                "seed": 0,
                "status": "OPTIMAL",
                "objective": 10.0,
                "verified": True,
                "error": "",
            },
            {
                "instance": "a",
                "config": "y",
                "seed": 0,
                "status": "OPTIMAL",
                "objective": 12.0,
                "verified": True,
                "error": "",
            },
            {
                "instance": "a",
                "config": "z",
                "seed": 0,
                "status": "INFEASIBLE",
                "objective": None,
                "verified": True,
                "error": "",
            },
        ]
    )
    found = integrity(df)
    assert any("INFEASIBLE in z" in f for f in found)
    assert any("y seed 0 claims OPTIMAL at 12" in f for f in found)


def test_bench_runs_resumes_and_reports(tmp_path):
    """One instance x two configs: runs.csv has 2 rows; a second call runs nothing; the
    report is rebuilt from runs.csv alone by `bench report`."""
    suite = tmp_path / "suite" / "small"
    suite.mkdir(parents=True)
    shutil.copy("data/bench/small/small-00.yaml", suite)
    settings = tmp_path / "s.yaml"
    settings.write_text(
        "seeds: 1\ntime_limit_s: 5\nconfigs:\n  - name: shipped\n"
        "  - name: core\n    portfolio: [core]\n"
    )
    out = tmp_path / "out"
    first = run_bench(tmp_path / "suite", settings, out)
    assert first["runs"] == 2
    rows = pd.read_csv(out / "runs.csv")
    assert len(rows) == 2 and set(rows.verified) == {True}
    assert {"primal_integral", "time_to_first", "det_time", "params"} <= set(rows.columns)
    again = run_bench(tmp_path / "suite", settings, out)
    assert again["runs"] == 0 and again["skipped"] == 2
    res = CliRunner().invoke(main, ["bench", "report", str(out)])
    assert res.exit_code == 0 and (out / "report.md").read_text().startswith("# Benchmark report")


def test_performance_profile_hand_table():
    """Two configs, three instances: A costs (1, 2, inf), B costs (2, 2, 4). Best per instance
    (1, 2, 4); ratios A (1, 1, inf), B (2, 1, 1). At tau=1: A 2/3, B 2/3; at tau=2: A 2/3,
    B 1."""
    from solver.benchstats import performance_profile

    inf = float("inf")
    prof = performance_profile(
        {"A": {"p": 1, "q": 2, "r": inf}, "B": {"p": 2, "q": 2, "r": 4}}, [1.0, 2.0]
    )
    assert prof["A"] == pytest.approx([2 / 3, 2 / 3])
    assert prof["B"] == pytest.approx([2 / 3, 1.0])


def test_pairwise_scores_minizinc_style():
    """Optimal beats feasible (1 point); equal results split by time (t_other / total)."""
    from solver.benchstats import pairwise_scores

    s = pairwise_scores(
        {"A": {"p": (2, 10, 1.0), "q": (2, 5, 3.0)}, "B": {"p": (1, 10, 1.0), "q": (2, 5, 1.0)}}
    )
    assert s["A"] == pytest.approx(1 + 0.25) and s["B"] == pytest.approx(0.75)


def test_bench_diff_flags_regressions(tmp_path):
    """A slower time and a worse objective in B are regressions; the CLI exits 1."""
    cols = "instance,config,seed,status,objective,wall_s,time_limit_s\n"
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    (tmp_path / "a" / "runs.csv").write_text(
        cols + "i,c,0,OPTIMAL,10,1.0,10\nj,c,0,OPTIMAL,5,1,10\n"
    )
    (tmp_path / "b" / "runs.csv").write_text(
        cols + "i,c,0,FEASIBLE,12,3.0,10\nj,c,0,OPTIMAL,5,1,10\n"
    )
    res = CliRunner().invoke(main, ["bench", "diff", str(tmp_path / "a"), str(tmp_path / "b")])
    assert res.exit_code == 1
    assert "status OPTIMAL -> FEASIBLE" in res.output and "objective 10 -> 12" in res.output
    assert "j c seed 0" not in res.output.split("REGRESSION", 1)[1]


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


def test_cold_phases_still_solve():
    """hints: false (no warm start between phases) still gives a verified optimal plan."""
    from models.profile import load_profile
    from models.settings import SolverSettings
    from solver import solve, verify_plan

    p = load_profile("data/beginner.yaml")
    plan = solve(p, SolverSettings(time_limit_s=10, hints=False))
    assert plan.status == "OPTIMAL" and verify_plan(p, plan).ok
