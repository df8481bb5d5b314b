"""README.md stays true: its Python snippet runs, and the same input gives the same plan."""

import re
from pathlib import Path

from models.profile import load_profile
from models.settings import SolverSettings
from solver import solve


def test_readme_python_snippet_runs(tmp_path, monkeypatch):
    """The 'From Python' example executes as written (in a scratch directory)."""
    text = Path("README.md").read_text()
    code = re.search(r"```python\n(from models import.*?)```", text, re.S).group(1)
    code = code.replace('"data/', f'"{Path.cwd()}/data/')
    monkeypatch.chdir(tmp_path)
    exec(compile(code, "README.md", "exec"), {})
    assert (tmp_path / "plan.json").exists()


def test_same_profile_settings_seed_give_same_plan():
    """SPEC §4b: the same profile, settings and seed at 1 worker give the same plan."""
    p = load_profile("data/squat_focus_12w.yaml")
    s = SolverSettings(time_limit_s=30, workers=1, seed=3)
    a, b = solve(p, s), solve(p, s)
    assert a.status == b.status == "OPTIMAL"
    assert a.sessions == b.sessions and a.objective == b.objective
