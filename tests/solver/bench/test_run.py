"""solver/bench/run.py and `hybridplan bench`: runs.csv rows, resume, the report from runs.csv,
model options (decomposition, hints) really applied."""

import json
import shutil

import pandas as pd
import pytest
from click.testing import CliRunner

from cli.main import main
from solver.bench.run import run_bench


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
    assert rows.set_index("config").is_default.to_dict() == {"shipped": True, "core": False}
    assert '"portfolio": ["core"]' in rows.set_index("config").options["core"]
    assert (out / "settings.yaml").read_text() == settings.read_text()
    again = run_bench(tmp_path / "suite", settings, out)
    assert again["runs"] == 0 and again["skipped"] == 2
    res = CliRunner().invoke(main, ["bench", "report", str(out)])
    assert res.exit_code == 0 and (out / "report.md").read_text().startswith("# Benchmark report")


def test_decomposition_config_is_benchmarked():
    """`decomposition: blocks` really runs the block decomposition in the bench: its stitched
    plan is verified, and it is the run's one incumbent."""
    from pathlib import Path

    from solver.bench.run import Instance, run_one
    from solver.bench.stats import BenchConfig

    inst = Instance("small", "small/small-00", Path("data/bench/small/small-00.yaml"), 30)
    row = run_one(inst, BenchConfig("blocks", {"decomposition": "blocks"}), 0, 5.0)
    assert row["params"] == "decomposition: blocks" and row["verified"] is True
    assert row["status"] in ("OPTIMAL", "FEASIBLE") and row["is_default"] is False
    assert len(json.loads(row["timeline"])) == 1


def test_cold_phases_still_solve():
    """hints: false (no warm start between phases) still gives a verified optimal plan."""
    from models.profile import load_profile
    from models.settings import SolverSettings
    from solver import solve, verify_plan

    p = load_profile("data/beginner.yaml")
    plan = solve(p, SolverSettings(time_limit_s=10, hints=False))
    assert plan.status == "OPTIMAL" and verify_plan(p, plan).ok


def test_model_options_identify_the_default():
    """Restating the shipped first-phase parameters is still the shipped default (the report
    then treats it as a replicate); the same value in `params` (every phase) or any other
    parameter makes a different configuration."""
    from models.settings import FIRST_PHASE_CP_SAT, SolverSettings
    from solver.bench.run import model_options

    shipped = model_options(SolverSettings())
    same = SolverSettings(first_phase_params=dict(FIRST_PHASE_CP_SAT), seed=7)
    assert model_options(same) == shipped
    assert model_options(SolverSettings(params=dict(FIRST_PHASE_CP_SAT))) != shipped
    assert model_options(SolverSettings(params={"linearization_level": 2})) != shipped
    assert model_options(SolverSettings(portfolio=["core"])) != shipped


def test_settings_groups_select_suite_groups(tmp_path):
    """`groups: [tight]` in the settings file runs only that group's instances; a group the
    suite does not have is an error that names it."""
    from solver.bench.run import load_suite

    names = {i.group for i in load_suite("data/bench", ["tight", "small"])}
    assert names == {"tight", "small"}
    assert len(load_suite("data/bench")) == 32
    with pytest.raises(ValueError, match="huge"):
        load_suite("data/bench", ["tight", "huge"])
    settings = tmp_path / "s.yaml"
    settings.write_text("seeds: 1\ntime_limit_s: 5\ngroups: [nope]\nconfigs:\n  - name: shipped\n")
    res = CliRunner().invoke(
        main, ["bench", "--suite", "data/bench", "--settings", str(settings), "-o", str(tmp_path)]
    )
    assert res.exit_code == 2 and "nope" in res.output


def test_timeline_clock_starts_before_the_model_build(monkeypatch):
    """The incumbent timeline counts from the start of the time limit, so time spent building
    the model (here a planted 0.3 s) is charged to the run's time to first plan and primal
    integral; the row says which clock it used."""
    import time
    from pathlib import Path

    import solver.model.build
    from solver.bench.run import Instance, run_one
    from solver.bench.stats import CLOCK, BenchConfig

    real = solver.model.build.build_model

    def slow_build(*args, **kwargs):
        time.sleep(0.3)
        return real(*args, **kwargs)

    monkeypatch.setattr(solver.model.build, "build_model", slow_build)
    inst = Instance("small", "small/small-00", Path("data/bench/small/small-00.yaml"), 30)
    row = run_one(inst, BenchConfig("shipped"), 0, 5.0)
    assert row["clock"] == CLOCK and row["status"] == "OPTIMAL"
    assert row["build_s"] >= 0.3
    assert 0.3 <= row["time_to_first"] <= row["time_to_best"] <= row["wall_s"]
    assert row["primal_integral"] >= 0.3


def test_resume_refuses_a_runs_csv_with_other_columns(tmp_path):
    """Appending to a runs.csv written with other columns (here without `clock`, as before
    the timeline clock was recorded) would misalign rows or mix clocks: an error that names
    the missing column, and the file is left as it was."""
    from solver.bench.run import RUN_COLUMNS

    settings = tmp_path / "s.yaml"
    settings.write_text("seeds: 1\ngroups: [small]\nconfigs:\n  - name: shipped\n")
    out = tmp_path / "out"
    out.mkdir()
    old = ",".join(c for c in RUN_COLUMNS if c != "clock") + "\n"
    (out / "runs.csv").write_text(old)
    with pytest.raises(ValueError, match="clock"):
        run_bench("data/bench", settings, out)
    assert (out / "runs.csv").read_text() == old


def test_load_suite_group_folder_is_one_group():
    """A folder of profiles (data/bench/small) is one group, slotted by its parent's suite.yaml."""
    from solver.bench.run import load_suite

    insts = load_suite("data/bench/small")
    assert len(insts) == 8 and {i.group for i in insts} == {"small"}
    assert {i.slot_minutes for i in insts} == {30}


def test_bench_empty_suite_is_bad_input(tmp_path):
    """A suite without instances exits 2 and says where it looked."""
    settings = tmp_path / "s.yaml"
    settings.write_text("seeds: 1\nconfigs:\n  - name: shipped\n")
    (tmp_path / "empty").mkdir()
    res = CliRunner().invoke(
        main,
        [
            "bench",
            "--suite",
            str(tmp_path / "empty"),
            "--settings",
            str(settings),
            "-o",
            str(tmp_path / "o"),
        ],
    )
    assert res.exit_code == 2 and "no instances" in res.output and "*.yaml" in res.output


def test_bench_report_without_runs_is_bad_input(tmp_path):
    """bench report and bench diff on a folder without runs.csv exit 2 and name it."""
    for args in (["report", str(tmp_path)], ["diff", str(tmp_path), str(tmp_path)]):
        res = CliRunner().invoke(main, ["bench", *args])
        assert res.exit_code == 2 and "no runs.csv" in res.stderr


def test_resume_reruns_a_torn_last_run(tmp_path):
    """A kill mid-write leaves runs.csv's last line cut off after its key: the resume runs that
    run again instead of counting it done (the report showed it without a status), and the
    file holds each run once with its status."""
    suite = tmp_path / "suite" / "small"
    suite.mkdir(parents=True)
    shutil.copy("data/bench/small/small-00.yaml", suite)
    settings = tmp_path / "s.yaml"
    settings.write_text("seeds: 2\ntime_limit_s: 5\nconfigs:\n  - name: shipped\n")
    out = tmp_path / "out"
    assert run_bench(tmp_path / "suite", settings, out)["runs"] == 2
    runs = out / "runs.csv"
    lines = runs.read_text().splitlines(keepends=True)
    runs.write_text("".join(lines[:2]) + lines[2][: lines[2].index(",shipped,") + 11])
    again = run_bench(tmp_path / "suite", settings, out)
    assert again["runs"] == 1 and again["skipped"] == 1
    rows = pd.read_csv(runs)
    assert sorted(rows.seed) == [0, 1] and set(rows.status) == {"OPTIMAL"}


@pytest.mark.parametrize(
    ("text", "expect"),
    [
        ("", "expected a mapping with a configs: list (got None)"),  # crashed the report
        ("configs:\n  default: {}\n", "configs: expected a list of mappings"),
        ("configs:\n  - portfolio: [core]\n", "each with a name"),  # was KeyError, exit 70
        ("a: [\n", "not valid YAML"),  # was ParserError, exit 70
        ("- 1\n", "expected a mapping"),  # was AttributeError, exit 70
        ("seeds: x\nconfigs:\n  - name: a\n", "seeds: expected a whole number >= 1 (got 'x')"),
        ("time_limit_s: -1\nconfigs:\n  - name: a\n", "time_limit_s: expected seconds > 0"),
        ("seeds: 1\nseeds: 9\nconfigs:\n  - name: a\n", "seeds"),  # read as any YAML input
    ],
)
def test_bad_settings_file_is_bad_input_naming_the_field(tmp_path, text, expect):
    """A settings file that is not a list of named configurations is exit 2 naming the field
    and the value, before anything is run or written."""
    settings = tmp_path / "s.yaml"
    settings.write_text(text)
    out = tmp_path / "out"
    args = ["bench", "--suite", "data/bench/small", "--settings", str(settings), "-o", str(out)]
    res = CliRunner().invoke(main, args)
    assert res.exit_code == 2, res.output
    assert f"error: --settings {settings}: " in res.output and expect in res.output
    assert not out.exists()
