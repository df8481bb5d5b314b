"""solver/bench/report.py: the shipped-default check, the integrity checks on planted
contradictions, and `bench diff` regressions."""

import pandas as pd
import pytest
from click.testing import CliRunner

from cli.main import main
from solver.bench.report import integrity


def _pi_rows(pis: dict[str, tuple[float, ...]], default: set[str]) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "instance": inst,
                "group": "g",
                "config": cfg,
                "seed": 0,
                "params": "",
                "pi_best": v,
                "is_default": cfg in default,
            }
            for cfg, vals in pis.items()
            for inst, v in zip("abc", vals, strict=True)
        ]
    )


def test_default_check_hand_table():
    """Shipped S (1, 2, 3) and its replicate S2 (1.1, 2.2, 3.3) pool to a median of 2.1; the
    rival B (0.9, 1.8, 2.7) has 1.8, so the ratio is 2.1/1.8 = 1.167: outside 10 %. The
    replicates drift 2.2/2.0 = 1.1x; the bootstrap interval holds the ratio, above 1."""
    from solver.bench.report import default_check

    pis = {"S": (1.0, 2.0, 3.0), "S2": (1.1, 2.2, 3.3), "B": (0.9, 1.8, 2.7)}
    out = default_check(_pi_rows(pis, {"S", "S2"}), resamples=300)
    assert out is not None
    r = out.iloc[0]
    assert r.best_other == "B" and r.shipped_runs == 6
    assert r.ratio == pytest.approx(2.1 / 1.8, abs=1e-3) and not r["within_10%"]
    lo, hi = (float(x) for x in r.ratio_95ci.split("-"))
    assert 1.0 < lo <= r.ratio <= hi
    assert r.replicate_ratio == pytest.approx(1.1)


def test_default_check_replicate_is_never_a_rival():
    """A replicate of the shipped settings that happens to run faster is the shipped default
    too: the rival is C (median 3), the pooled default's median is 1.25, so the ratio is
    1.25/3, below 1: the default is the best, and by how much shows."""
    from solver.bench.report import default_check

    pis = {"S": (1.0, 2.0, 3.0), "S2": (0.5, 1.0, 1.5), "C": (3.0, 3.0, 3.0)}
    r = default_check(_pi_rows(pis, {"S", "S2"}), resamples=50).iloc[0]
    assert r.best_other == "C" and r.ratio == pytest.approx(1.25 / 3, abs=1e-3)
    assert r["within_10%"]


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


def test_default_check_credits_a_rival_that_did_the_same_search():
    """Rival M ran the shipped search (same status, det_time, incumbents) on instances a and b
    and only its wall clock was faster there; on c it searched differently. Its a and b runs
    take S's primal integrals, so the corrected medians are equal (ratio 1, same_search 2/3),
    while the raw ratio 2/1.2 would call M 1.67x better."""
    from solver.bench.report import default_check

    df = _pi_rows({"S": (1.0, 2.0, 3.0), "M": (0.6, 1.2, 3.0)}, {"S"})
    df["status"] = "OPTIMAL"
    df["det_time"] = [0.1, 0.2, 0.3, 0.1, 0.2, 0.5]
    df["timeline"] = ["[[0.5, 10.0]]"] * 6
    r = default_check(df, resamples=50).iloc[0]
    assert r.best_other == "M" and r.same_search == pytest.approx(2 / 3, abs=1e-3)
    assert r.ratio_raw == pytest.approx(2.0 / 1.2, abs=1e-3)
    assert r.ratio == pytest.approx(1.0) and r["within_10%"]
    df.loc[df.config == "M", "timeline"] = "[[0.5, 11.0], [0.6, 10.0]]"  # another search
    r = default_check(df, resamples=50).iloc[0]
    assert r.same_search == 0 and r.ratio == pytest.approx(2.0 / 1.2, abs=1e-3)


def test_report_names_the_timeline_clock(tmp_path):
    """A runs.csv without a `clock` column (written before it existed) is read as timed from
    the solve start, and the report says so; a recorded clock is named as it is."""
    from solver.bench.report import clock_line, load_runs

    cols = "instance,config,seed,status,objective,wall_s,time_limit_s"
    (tmp_path / "runs.csv").write_text(cols + "\ni,c,0,OPTIMAL,10,1.0,10\n")
    assert "model build left out" in clock_line(load_runs(tmp_path))
    (tmp_path / "runs.csv").write_text(cols + ",clock\ni,c,0,OPTIMAL,10,1.0,10,time_limit_start\n")
    assert "model build included" in clock_line(load_runs(tmp_path))


def test_retime_moves_a_run_by_its_build_time_only():
    """Onto the solve clock, a run timed from its time limit moves back by its build_s; an old
    run stays; a decomposition (build_s 0) stays; back onto the time-limit clock gives the
    first frame again. An unknown clock is refused."""
    from solver.bench.report import retime

    df = pd.DataFrame(
        {
            "clock": ["time_limit_start", "solve_start", "time_limit_start"],
            "build_s": [0.25, 0.5, 0.0],
            "time_to_first": [1.0, 1.0, 2.0],
            "time_to_best": [1.5, 1.0, 2.0],
            "timeline": ["[[1.0, 10.0], [1.5, 9.0]]", "[[1.0, 7.0]]", "[[2.0, 5.0]]"],
        }
    )
    solve = retime(df, "solve_start")
    assert list(solve.time_to_first) == [0.75, 1.0, 2.0]
    assert list(solve.timeline) == ["[[0.75, 10.0], [1.25, 9.0]]", "[[1.0, 7.0]]", "[[2.0, 5.0]]"]
    assert set(solve.clock) == {"solve_start"}
    back = retime(solve, "time_limit_start")
    assert list(back.time_to_first) == [1.0, 1.5, 2.0]
    assert back.timeline[0] == df.timeline[0] and back.timeline[1] == "[[1.5, 7.0]]"
    with pytest.raises(ValueError, match="unknown clock"):
        retime(df, "wall")
