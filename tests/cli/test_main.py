"""cli/main.py via click's CliRunner: exit codes, outputs, help with examples."""

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from cli.main import main

BEGINNER = Path("data/beginner.yaml").read_text()
COMMANDS = ["solve", "verify", "show", "explain", "replan", "batch", "bench", "schema", "init"]


@pytest.fixture
def runner():
    return CliRunner()


def test_cli_solve_writes_plan_and_timetable(runner, tmp_path):
    """solve exits 0 and writes plan.json and timetable.csv that verify accepts."""
    out = tmp_path / "out"
    res = runner.invoke(
        main, ["solve", "data/beginner.yaml", "-o", str(out), "--slot-minutes", "30"]
    )
    assert res.exit_code == 0, res.output
    assert (out / "plan.json").exists() and (out / "timetable.csv").exists()
    header = (out / "timetable.csv").read_text().splitlines()[0]
    assert header == (
        "date,week,weekday,start,end,type,modality,duration_min,intensity,hard_min,details"
    )
    res = runner.invoke(
        main, ["verify", "data/beginner.yaml", str(out / "plan.json"), "--slot-minutes", "30"]
    )
    assert res.exit_code == 0 and res.output.startswith("OK")


def test_cli_solve_json_to_stdout(runner):
    """--json prints plan.json (SPEC §5 keys) to stdout."""
    res = runner.invoke(main, ["solve", "data/beginner.yaml", "--json", "--slot-minutes", "30"])
    assert res.exit_code == 0
    plan = json.loads(res.stdout)
    assert set(plan) == {
        "schema_version",
        "athlete_id",
        "status",
        "objective",
        "best_bound",
        "gap",
        "solve_seconds",
        "settings",
        "profile",
        "weeks",
        "sessions",
        "objective_terms",
        "warnings",
        "conflicts",
        "cancelled",  # sessions a re-plan removed: cancelled calendar events
    }
    assert plan["schema_version"] == 2
    assert plan["settings"]["slot_minutes"] == 30


def test_cli_solve_infeasible_exit_1(runner, tmp_path):
    """An impossible profile exits 1, prints the conflicts and still writes plan.json."""
    res = runner.invoke(main, ["solve", "data/invalid/tuesday_only.yaml", "-o", str(tmp_path)])
    assert res.exit_code == 1
    assert "only Tuesday is available" in res.output
    assert json.loads((tmp_path / "plan.json").read_text())["status"] == "INFEASIBLE"


def test_cli_bad_profile_exit_2_names_field(runner, tmp_path):
    """A malformed profile exits 2 and names the field and value."""
    bad = tmp_path / "bad.yaml"
    bad.write_text("id: x\navailability:\n  mon: ['25:00-26:00']\n")
    res = runner.invoke(main, ["solve", str(bad)])
    assert res.exit_code == 2
    assert "availability" in res.output and "25:00" in res.output


def test_cli_verify_broken_plan_exit_1(runner, tmp_path):
    """verify exits 1 and lists violations with rule ids for a tampered plan."""
    out = tmp_path / "o"
    runner.invoke(main, ["solve", "data/beginner.yaml", "-o", str(out), "--slot-minutes", "30"])
    plan = json.loads((out / "plan.json").read_text())
    plan["sessions"][0]["start"] = "03:00"
    (out / "plan.json").write_text(json.dumps(plan))
    res = runner.invoke(
        main, ["verify", "data/beginner.yaml", str(out / "plan.json"), "--slot-minutes", "30"]
    )
    assert res.exit_code == 1 and "H1:" in res.output


def test_cli_param_passthrough(runner):
    """--param passes any CP-SAT parameter and it is recorded in the plan settings."""
    res = runner.invoke(
        main,
        [
            "solve",
            "data/beginner.yaml",
            "--json",
            "--slot-minutes",
            "30",
            "--param",
            "linearization_level=2",
        ],
    )
    assert res.exit_code == 0, res.output
    assert "linearization_level: 2" in " ".join(json.loads(res.stdout)["settings"]["cp_sat_text"])


def test_cli_unknown_param_is_bad_input(runner):
    """An unknown CP-SAT parameter is a clear error, not a crash."""
    res = runner.invoke(main, ["solve", "data/beginner.yaml", "--param", "no_such_knob=1"])
    assert res.exit_code != 0 and "no_such_knob" in res.output


def test_cli_schema(runner):
    """schema prints a JSON Schema with the profile fields."""
    res = runner.invoke(main, ["schema"])
    assert res.exit_code == 0 and "availability" in json.loads(res.output)["properties"]


def test_cli_schema_plan_validates_a_plan(runner, tmp_path):
    """schema --plan prints plan.json's JSON Schema, the prescription's segments and
    exercises spelled out."""
    res = runner.invoke(main, ["schema", "--plan"])
    schema = json.loads(res.output)
    assert res.exit_code == 0 and "sessions" in schema["properties"]
    ref = schema["$defs"]["PlanSession"]["properties"]["prescription"]["anyOf"][0]["$ref"]
    assert ref == "#/$defs/Prescription"
    assert {"minutes", "zone", "target"} <= set(schema["$defs"]["Segment"]["required"])
    assert "load_kg" in schema["$defs"]["Exercise"]["properties"]


@pytest.mark.parametrize("command", COMMANDS)
def test_cli_help_has_example_and_is_in_readme(runner, command):
    """Every command's --help shows an example, and the README documents the command."""
    res = runner.invoke(main, [command, "--help"])
    assert res.exit_code == 0 and "Example:" in res.output
    with open("README.md") as fh:
        assert f"hybridplan {command}" in fh.read()


def test_cli_help_does_not_import_ortools():
    """`hybridplan --help` stays light: ortools is imported lazily."""
    import subprocess
    import sys

    code = "import sys; from cli.main import main; print('ortools' in str(list(sys.modules)))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.stdout.strip() == "False"


def test_cli_show_saved_plan(runner, tmp_path):
    """show renders a saved plan, and --week restricts it to one week."""
    runner.invoke(
        main, ["solve", "data/beginner.yaml", "-o", str(tmp_path), "--slot-minutes", "30"]
    )
    res = runner.invoke(main, ["show", str(tmp_path / "plan.json"), "--week", "2"])
    assert res.exit_code == 0 and "OPTIMAL" in res.output
    res = runner.invoke(main, ["show", str(tmp_path / "plan.json"), "--week", "99"])
    assert res.exit_code == 2 and "weeks 1-8" in res.output


def test_cli_show_day_prints_prescriptions(runner, tmp_path):
    """show --day prints that day's sessions with every prescription line; a bad date is
    bad input and a rest day says so."""
    from models.plan import Plan
    from models.prescription import prescription_lines

    runner.invoke(
        main, ["solve", "data/beginner.yaml", "-o", str(tmp_path), "--slot-minutes", "30"]
    )
    plan = Plan.load(tmp_path / "plan.json")
    s = plan.sessions[3]
    res = runner.invoke(main, ["show", str(tmp_path / "plan.json"), "--day", s.date])
    assert res.exit_code == 0
    for line in prescription_lines(s.prescription):
        assert line in res.output
    res = runner.invoke(main, ["show", str(tmp_path / "plan.json"), "--day", "2027-13-01"])
    assert res.exit_code == 2 and "--day" in res.output
    res = runner.invoke(main, ["show", str(tmp_path / "plan.json"), "--day", "1999-01-01"])
    assert res.exit_code == 0 and "no session" in res.output


def test_cli_solve_report_flag_writes_html(runner, tmp_path):
    """--report adds report.html next to plan.json, plan.ics and timetable.csv."""
    res = runner.invoke(
        main,
        ["solve", "data/beginner.yaml", "-o", str(tmp_path), "--slot-minutes", "30", "--report"],
    )
    assert res.exit_code == 0, res.output
    for name in ("plan.json", "timetable.csv", "plan.ics", "report.html"):
        assert (tmp_path / name).exists(), name


def test_cli_negative_time_limit_names_option(runner):
    """--time-limit -1 is bad input naming --time-limit, without a pydantic URL."""
    res = runner.invoke(main, ["solve", "data/beginner.yaml", "--time-limit", "-1"])
    assert res.exit_code == 2 and "--time-limit" in res.output
    assert "pydantic" not in res.output and "--param" not in res.output


def test_cli_solve_reads_stdin_and_json_stays_clean(runner):
    """`solve -` reads the profile from stdin; with --json and CP-SAT's log on, stdout is
    exactly plan.json and the log goes to stderr."""
    profile = BEGINNER
    res = runner.invoke(
        main,
        ["solve", "-", "--json", "--slot-minutes", "30", "--param", "log_search_progress=true"],
        input=profile,
    )
    assert res.exit_code == 0, res.output
    assert json.loads(res.stdout)["athlete_id"] == "beginner"
    assert "CP-SAT" in res.stderr


def test_cli_quiet_and_verbose(runner, tmp_path):
    """--quiet prints only the status line; --verbose adds CP-SAT's log on stderr."""
    args = ["solve", "data/beginner.yaml", "--slot-minutes", "30", "-o", str(tmp_path)]
    quiet = runner.invoke(main, [*args, "--quiet"])
    assert quiet.exit_code == 0 and quiet.stderr == ""
    assert quiet.stdout.strip().splitlines() == [quiet.stdout.strip()]
    assert "OPTIMAL" in quiet.stdout
    verbose = runner.invoke(main, [*args, "--verbose"])
    assert "wrote" in verbose.stderr and "CP-SAT" in verbose.stderr


@pytest.mark.parametrize("command", COMMANDS)
def test_cli_every_command_has_quiet_and_verbose(runner, command):
    """Every command accepts --quiet and --verbose."""
    res = runner.invoke(main, [command, "--help"])
    assert "--quiet" in res.output and "--verbose" in res.output


def test_cli_input_warning_printed_and_recorded(runner, tmp_path):
    """min_gap_hours 3.5 is a warning in the tool's words after the status line, on stderr
    with --json, and recorded in plan.json."""
    src = BEGINNER + "min_gap_hours: 3.5\n"
    args = ["solve", "-", "--slot-minutes", "30", "-o", str(tmp_path)]
    res = runner.invoke(main, args, input=src)
    assert "UserWarning" not in res.output
    warnings = json.loads((tmp_path / "plan.json").read_text())["warnings"]
    (gap,) = [w for w in warnings if w["message"].startswith("min_gap_hours=3.5")]
    assert gap["code"] == "input" and "below the 4 h" in gap["message"]
    assert f"input: {gap['message']}" in " ".join(res.stdout.split())
    as_json = runner.invoke(main, [*args, "--json"], input=src)
    assert json.loads(as_json.stdout)["warnings"] == warnings
    assert f"warning: input: {gap['message']}" in as_json.stderr


def test_cli_show_given_profile_wants_plan(runner):
    """show given a profile says it wants a plan.json (exit 2)."""
    res = runner.invoke(main, ["show", "data/beginner.yaml"])
    assert res.exit_code == 2 and "wants a plan.json" in res.stderr


def test_cli_typo_suggests_field(runner, tmp_path):
    """A typo'd key is reported with the near field."""
    bad = tmp_path / "bad.yaml"
    bad.write_text(BEGINNER + "gaol: race\n")
    res = runner.invoke(main, ["solve", str(bad)])
    assert res.exit_code == 2 and "gaol: unknown field; did you mean 'goal'?" in res.stderr


def test_cli_verify_given_plan_for_profile_says_so(runner, tmp_path):
    """verify with the arguments swapped says the first one is a plan.json, not a profile."""
    runner.invoke(
        main, ["solve", "data/beginner.yaml", "-o", str(tmp_path), "--slot-minutes", "30"]
    )
    plan = str(tmp_path / "plan.json")
    res = runner.invoke(main, ["verify", plan, plan])
    assert res.exit_code == 2 and "is a plan.json, not an athlete profile" in res.stderr


def test_cli_solve_never_writes_a_plan_the_verifier_rejects(runner, tmp_path, monkeypatch):
    """A plan that breaks a rule (here a session moved to 03:00) exits 1 and writes nothing."""
    import cli.render
    from solver import solve as real_solve

    def broken(athlete, settings, show):
        plan = real_solve(athlete, settings)
        s = plan.sessions[0]
        s.start, s.end = "03:00", f"{3 + s.duration_min // 60:02d}:{s.duration_min % 60:02d}"
        return plan

    monkeypatch.setattr(cli.render, "solve_with_progress", broken)
    out = tmp_path / "out"
    res = runner.invoke(
        main, ["solve", "data/beginner.yaml", "-o", str(out), "--slot-minutes", "30"]
    )
    assert res.exit_code == 1
    assert "H1" in res.output and "nothing written" in res.output
    assert not out.exists()
