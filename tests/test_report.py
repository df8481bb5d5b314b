"""models/report.py: report.html is self-contained, agrees with plan.json, and renders in a
real headless Chromium (installed by .ci/run)."""

import re
import shutil
import subprocess

import pytest

from models.profile import load_profile
from models.report import plan_html
from models.settings import SolverSettings
from solver import solve


@pytest.fixture(scope="module")
def long_plan():
    p = load_profile("data/general_52w.yaml")
    return solve(p, SolverSettings(time_limit_s=30, slot_minutes=15))


def test_report_self_contained_and_consistent(long_plan):
    """No external resources; one grid entry per session; status and terms present."""
    page = plan_html(long_plan)
    assert not re.search(r"(src|href)=['\"]https?:", page)
    assert page.count("' title='") == len(long_plan.sessions)
    assert f">{long_plan.status}<" in page
    for term in long_plan.objective_terms:
        assert f"<td>{term}</td>" in page
    assert page.count("<tr class=") == len(long_plan.weeks)


def _chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.mark.skipif(_chromium() is None, reason="chromium not installed (.ci/run installs it)")
def test_report_renders_in_chromium(long_plan, tmp_path):
    """Headless Chromium loads the 52-week report, its DOM has the key elements, and a
    full-page screenshot is produced."""
    long_plan.write(tmp_path, html=True)
    url = (tmp_path / "report.html").as_uri()
    flags = [
        _chromium(),
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        f"--user-data-dir={tmp_path / 'profile'}",
    ]
    dom = subprocess.run([*flags, "--dump-dom", url], capture_output=True, text=True, timeout=120)
    assert 'id="grid"' in dom.stdout and 'id="chart"' in dom.stdout and 'id="terms"' in dom.stdout
    shot = tmp_path / "report.png"
    subprocess.run(
        [*flags, f"--screenshot={shot}", "--window-size=1400,2400", url],
        capture_output=True,
        timeout=120,
    )
    assert shot.exists() and shot.stat().st_size > 20_000
