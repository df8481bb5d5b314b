"""solver/benchreport.py: the shipped-default check, the integrity checks on planted
contradictions, and `bench diff` regressions."""

import pandas as pd
import pytest
from click.testing import CliRunner

from cli.main import main
from solver.benchreport import integrity


def test_default_check_hand_table():
    """Shipped S has PIs (1, 2, 3), best B (0.9, 1.8, 2.7), replicate S2 (1.1, 2.2, 3.3): the
    ratio of medians is 2/1.8 = 1.111 (outside 10 %), every bootstrap resample gives the same
    ratio because B is S scaled, and the replicate drifts 1.1x."""
    from solver.benchreport import default_check

    pis = {"S": (1.0, 2.0, 3.0), "S2": (1.1, 2.2, 3.3), "B": (0.9, 1.8, 2.7)}
    rows = [
        {
            "instance": inst,
            "group": "g",
            "config": cfg,
            "seed": 0,
            "params": "",
            "pi_best": v,
            "is_default": cfg != "B",
        }
        for cfg, vals in pis.items()
        for inst, v in zip("abc", vals, strict=True)
    ]
    out = default_check(pd.DataFrame(rows), resamples=200)
    assert out is not None
    r = out.iloc[0]
    assert (r.shipped, r.best) == ("S", "B")
    assert r.ratio == pytest.approx(1.111, abs=1e-3) and r.ratio_95ci == "1.111-1.111"
    assert r.replicate_ratio == pytest.approx(1.1) and not r["within_10%"]


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
