"""README.md stays true: its Python snippet runs, and the same input gives the same plan."""

import re
from pathlib import Path

from models.profile import load_profile
from models.settings import SolverSettings
from solver import solve


def test_readme_python_snippet_runs(tmp_path, monkeypatch):
    """The 'From Python' example executes as written (in a scratch directory)."""
    text = Path("README.md").read_text()
    code = re.search(r"```python\n(import pandas.*?)```", text, re.S).group(1)
    code = code.replace('"data/', f'"{Path.cwd()}/data/')
    monkeypatch.chdir(tmp_path)
    exec(compile(code, "README.md", "exec"), {})
    assert {f.name for f in (tmp_path / "out" / "marathon").iterdir()} == {
        "plan.json",
        "timetable.csv",
        "plan.ics",
    }


def test_same_profile_settings_seed_give_same_plan():
    """SPEC §4b: the same profile, settings and seed at 1 worker give the same plan."""
    p = load_profile("data/squat_focus_12w.yaml")
    s = SolverSettings(time_limit_s=30, workers=1, seed=3)
    a, b = solve(p, s), solve(p, s)
    assert a.status == b.status == "OPTIMAL"
    assert a.sessions == b.sessions and a.objective == b.objective


def test_readme_examples_parse_commands_outputs_and_exit_codes():
    """The README checker splits console blocks into commands, expected lines and exit codes."""
    from tests.readme_examples import parse_console_blocks

    text = (
        "```console\n$ hybridplan a\nout 1\n...\n$ echo $?\n3\n$ hybridplan b \\\n    --x 1\n```\n"
    )
    (block,) = parse_console_blocks(text)
    assert [(e.command, e.expected, e.exit_code) for e in block] == [
        ("hybridplan a", ["out 1", "..."], 3),
        ("hybridplan b --x 1", [], 0),
    ]


def test_readme_examples_match_structurally():
    """Numbers and inline '...' are wildcards, lines match in order, a wrong word fails."""
    from tests.readme_examples import missing_lines

    expected = ["x: OPTIMAL  objective 29  gap 0.00%", "(a description)", "...", "row 2 (got ...)"]
    actual = "noise\nx: OPTIMAL objective 31 gap 1.50%\nmore\nrow 7 (got {'a': 1})\n"
    assert missing_lines(expected, actual) == []
    assert missing_lines(["x: INFEASIBLE objective 29"], actual) == ["x: INFEASIBLE objective 29"]
    assert missing_lines(["row 2 (got ...)", "x: OPTIMAL"], actual) == ["x: OPTIMAL"]
    assert missing_lines(["on Fri 08 Jan"], "on Wed 06 Jan\n") == []
    assert missing_lines(["on Fri 08 Jan"], "on Wed 06 January\n") == ["on Fri 08 Jan"]


def test_every_console_example_is_a_hybridplan_command():
    """Every README console command runs the tool (or checks its exit code), so the smoke
    test in .ci/run exercises all of them."""
    from tests.readme_examples import parse_console_blocks

    commands = [e.command for b in parse_console_blocks(Path("README.md").read_text()) for e in b]
    assert commands and all(c.startswith("hybridplan ") for c in commands)
    assert any(c.startswith("hybridplan bench --suite") for c in commands)
