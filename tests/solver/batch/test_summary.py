"""solver/batch/summary.py: summary.csv as a resume reads it after a kill."""

import csv
import json
from pathlib import Path

from models.files import appended_records
from models.settings import SolverSettings
from solver.batch.run import run_batch
from solver.batch.summary import SUMMARY_COLUMNS, Summary

CORPUS = Path(__file__).parents[2] / "cli" / "hostile"
SETTINGS = SolverSettings(time_limit_s=20, slot_minutes=15, workers=1)


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(newline="") as fh:
        return list(csv.DictReader(fh))


def test_resume_after_a_torn_summary_line_redoes_it_and_glues_nothing(tmp_path):
    """A kill mid-write leaves summary.csv's last line cut off, here inside an open quote.
    The resume solves that athlete again instead of trusting the cut line, and the rows it
    appends are not swallowed by the open quote (they were: a second kill then lost them, and
    the next resume solved those athletes twice)."""
    src = CORPUS / "csv" / "colliding_ids.csv"
    first = run_batch(src, tmp_path, SETTINGS, jobs=1)
    assert first.counts == {"OPTIMAL": 4}
    path = tmp_path / "summary.csv"
    lines = path.read_text().splitlines(keepends=True)
    torn = lines[2].split(",")[:4]  # row 2 cut after its status, in an opened cell
    path.write_text("".join(lines[:2]) + ",".join(torn) + ',"9')
    summary = Summary(path, resume=True)
    assert sorted(summary.rows) == [1]  # the cut line is not taken as done
    rec = dict.fromkeys(SUMMARY_COLUMNS, "")
    rec.update(row=3, id="Ann", safe_id="x", status="OPTIMAL")
    summary.add(rec)
    summary.close()  # a second kill: no finish()
    records, cut = appended_records(path)
    assert not cut and [r["row"] for r in records] == ["1", "3"]
    assert records[1]["id"] == "Ann"
    again = run_batch(src, tmp_path, SETTINGS, jobs=1)
    assert again.skipped == 1 and again.counts == {"OPTIMAL": 4}
    rows = _rows(path)
    assert [r["row"] for r in rows] == ["1", "2", "3", "4"]
    for r in rows:
        float(r["objective"])  # no cell holds a cut-off or glued value
        plan = json.loads((tmp_path / r["safe_id"] / "plan.json").read_text())
        assert plan["athlete_id"] == r["id"]
