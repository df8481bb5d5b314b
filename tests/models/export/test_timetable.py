"""models/export/timetable.py: timetable.csv holds exactly plan.json's sessions, field for field,
with the stored prescription as `details`; text cells are neutralised against formula
injection and read back unchanged; `write_plan` writes the same text for solve and batch."""

from __future__ import annotations

import csv
import io

import pytest

from models.export import write_plan
from models.export.timetable import TIMETABLE_COLUMNS, timetable_csv
from models.files import unneutralise
from models.prescription import details_text
from solver import solve
from tests.conftest import FAST, make_profile


@pytest.fixture(scope="module")
def plan():
    return solve(make_profile(weeks=2), FAST)


def _read(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text, newline="")))


def test_rows_match_plan_json_field_for_field(plan):
    """Every session once, in plan order, each column its plan.json field as text."""
    rows = _read(timetable_csv(plan))
    assert plan.sessions and len(rows) == len(plan.sessions)
    for row, s in zip(rows, plan.sessions, strict=True):
        assert list(row) == list(TIMETABLE_COLUMNS)
        assert {k: row[k] for k in TIMETABLE_COLUMNS if k != "details"} == {
            k: str(getattr(s, k)) for k in TIMETABLE_COLUMNS if k != "details"
        }
        assert row["details"] == details_text(s.prescription) != ""


def test_formula_cells_neutralised_and_recoverable(plan, monkeypatch):
    """A text cell starting with = + - @ gets a leading quote that `unneutralise` removes;
    an int cell (a negative hard_min of a logged session) is left as it is."""
    import models.export.timetable as timetable

    monkeypatch.setattr(timetable, "details_text", lambda _p: "=HYPERLINK(1)")
    s = plan.sessions[0].model_copy(update={"hard_min": -3})
    row = _read(timetable_csv(plan.model_copy(update={"sessions": [s]})))[0]
    assert row["details"] == "'=HYPERLINK(1)" and unneutralise(row["details"]) == "=HYPERLINK(1)"
    assert row["hard_min"] == "-3"


def test_write_plan_writes_the_timetable_text(plan, tmp_path):
    """The file solve and batch write is exactly `timetable_csv`, with '\\n' line ends."""
    paths = write_plan(plan, tmp_path)
    assert set(paths) == {"plan", "timetable", "calendar"}
    assert paths["timetable"].read_bytes() == timetable_csv(plan).encode()
    assert b"\r\n" not in paths["timetable"].read_bytes()
