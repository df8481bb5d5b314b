"""models/export/report.py: report.html is self-contained, escaped, agrees with plan.json, and
renders for athletes in a real headless Chromium (installed by .ci/run) at desktop and phone
widths."""

import json
import re
import shutil
import subprocess

import pytest
from markupsafe import escape

from models.export import write_plan
from models.export.report import plan_html
from models.plan import PlanWarning
from models.prescription import prescription_lines
from models.profile import load_profile
from models.settings import SolverSettings
from solver import solve


@pytest.fixture(scope="module")
def long_plan():
    p = load_profile("data/general_52w.yaml")
    return solve(p, SolverSettings(time_limit_s=30, slot_minutes=15))


def test_report_self_contained_and_consistent(long_plan):
    """No external resources; one session block per session with its prescription; one row
    per week with its date; solver status and terms in the details at the end."""
    page = plan_html(long_plan)
    assert not re.search(r"(src|href)=['\"]https?:", page)
    assert 'name="viewport"' in page
    assert page.count('<details class="s ') == len(long_plan.sessions)
    assert page.count('<tr class="week') == len(long_plan.weeks)
    assert 'Week 1</b><span class="date">' in page
    for s in long_plan.sessions[:40]:
        for line in prescription_lines(s.prescription):
            assert str(escape(line)) in page
    assert page.index('id="grid"') < page.index('id="solver"')
    assert f'<b id="status">{long_plan.status}</b>' in page
    for term in long_plan.objective_terms:
        assert f"<td>{term}</td>" in page


def test_report_header_speaks_to_the_athlete(long_plan):
    """The header gives the goal, weeks, peak week, longest run and any warnings; names and
    messages are HTML-escaped."""
    plan = long_plan.model_copy(deep=True)
    plan.profile["name"] = "<script>alert(1)</script>Ann"
    plan.warnings = [PlanWarning(code="volume_below_peak", message="Peak <b>below</b> 90 %")]
    page = plan_html(plan)
    assert "<script>alert(1)" not in page and "&lt;script&gt;alert(1)" in page
    assert "Peak &lt;b&gt;below&lt;/b&gt; 90 %" in page and 'id="warnings"' in page
    for fact in ("Plan", "Peak week", "Longest run"):
        assert f"<dt>{fact}</dt>" in page
    assert "All-round fitness" in page and "52 weeks" in page
    text = re.sub(r'src="data:[^"]*"', "", page.split('id="solver"')[0])
    assert not re.search(r"\bH\d+\b", text)  # rule ids are for developers


def test_report_marks_long_and_quality_runs():
    """Long runs and quality runs get their own classes (and legend entries), apart from easy."""
    p = load_profile("data/marathon_16w.yaml")
    plan = solve(p, SolverSettings(time_limit_s=20, slot_minutes=15))
    page = plan_html(plan)
    kinds = dict(re.findall(r'<details class="s (\w+)" data-type="(\w+)"', page))
    assert set(re.findall(r'<details class="s (\w+)" data-type="run_long"', page)) == {"long"}
    assert set(re.findall(r'<details class="s (\w+)" data-type="run_easy"', page)) == {"easy"}
    assert "quality" in kinds or not any(s.hard_min for s in plan.sessions)
    for k in ("easy", "long", "quality", "race", "lift"):
        assert f'class="k {k}"' in page


def _chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


FRAME = """<!doctype html><html><body style="margin:0">
<iframe id="f" src="report.html" style="border:0;width:WIDTHpx;height:2400px"></iframe>
<script>
const f = document.getElementById("f");
f.addEventListener("load", () => {
  const d = f.contentDocument, img = d.getElementById("chart");
  document.body.dataset.probe = JSON.stringify({
    scroll: d.documentElement.scrollWidth, inner: f.contentWindow.innerWidth,
    chart: img ? img.naturalWidth : 0,
    week1: d.querySelector("#week-1 td.wk").innerText,
    first: d.querySelector("details.s .sum").innerText});
});
</script></body></html>"""


@pytest.mark.skipif(_chromium() is None, reason="chromium not installed (.ci/run installs it)")
@pytest.mark.parametrize("width", [1400, 390])
def test_report_renders_in_chromium(long_plan, tmp_path, width):
    """Chromium lays the 52-week report out at 1400 and 390 px (in a frame of that width, as
    a headless window is at least 500 px wide): the chart loads, week 1 shows its date, a
    prescription is visible, nothing overflows sideways; screenshots are taken."""
    write_plan(long_plan, tmp_path, html=True)
    frame = tmp_path / "frame.html"
    frame.write_text(FRAME.replace("WIDTH", str(width)), encoding="utf-8")
    flags = [
        _chromium(),
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--hide-scrollbars",
        "--allow-file-access-from-files",
        f"--user-data-dir={tmp_path / 'profile'}",
        f"--window-size={max(width, 500)},2400",
    ]
    dom = subprocess.run(
        [*flags, "--dump-dom", frame.as_uri()], capture_output=True, text=True, timeout=120
    )
    found = re.search(r'data-probe="([^"]*)"', dom.stdout)
    assert found, dom.stderr[-2000:]
    probe_data = json.loads(found.group(1).replace("&quot;", '"'))
    assert probe_data["chart"] > 500
    first_week = long_plan.weeks[0]
    assert "Week 1" in probe_data["week1"] and first_week.mesocycle in probe_data["week1"]
    day = int(first_week.start_date[-2:])
    assert re.search(rf"\b{day}\b", probe_data["week1"])
    first = long_plan.sessions[0]
    assert probe_data["first"] == prescription_lines(first.prescription)[0]
    assert probe_data["inner"] == width  # laid out at the width asked for
    assert probe_data["scroll"] <= probe_data["inner"], probe_data
    shot = tmp_path / f"report-{width}.png"
    subprocess.run(
        [*flags, f"--screenshot={shot}", frame.as_uri()], capture_output=True, timeout=120
    )
    assert shot.exists() and shot.stat().st_size > 20_000
    if width == 1400:  # printable: Chromium prints it to a multi-page PDF
        pdf = tmp_path / "report.pdf"
        subprocess.run(
            [
                *flags,
                f"--print-to-pdf={pdf}",
                "--no-pdf-header-footer",
                (tmp_path / "report.html").as_uri(),
            ],
            capture_output=True,
            timeout=120,
        )
        assert pdf.read_bytes().startswith(b"%PDF") and pdf.read_bytes().count(b"/Type /Page") > 2
