"""Renderers of a plan: timetable.csv, plan.ics and report.html, and `write_plan`, which writes
a plan's folder.

May import the contract (`models.*`) and nothing of `solver` or `cli`; nothing in the contract
imports this package, so the plan's shape never depends on how it is shown.
"""

from __future__ import annotations

from pathlib import Path

from models.export.calendar import plan_ics
from models.export.timetable import timetable_csv
from models.files import atomic_write
from models.plan import Plan


def write_plan(plan: Plan, outdir: str | Path, html: bool = False) -> dict[str, Path]:
    """plan.json, timetable.csv, plan.ics (and report.html), each written to a temporary file
    and renamed, plan.json last: its presence means the folder is complete."""
    out = Path(outdir)  # the user's own choice: a symlink to a folder is fine here
    out.mkdir(parents=True, exist_ok=True)
    paths = {
        "plan": out / "plan.json",
        "timetable": out / "timetable.csv",
        "calendar": out / "plan.ics",
    }
    atomic_write(paths["timetable"], timetable_csv(plan))
    atomic_write(paths["calendar"], plan_ics(plan))
    if html:
        from models.export.report import plan_html  # jinja2 and matplotlib: only when asked

        paths["report"] = out / "report.html"
        atomic_write(paths["report"], plan_html(plan))
    atomic_write(paths["plan"], plan.to_json() + "\n")
    return paths


__all__ = ["write_plan"]
