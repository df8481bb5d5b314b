"""timetable.csv: one row per session, the prescription flattened into `details`.

The one CSV writer of a timetable, for `solve`, `replan` and every athlete of a `batch`; text
cells are neutralised against spreadsheet formula injection (`models.files.neutralise`).
"""

from __future__ import annotations

import csv
import io
from typing import Any

from models.files import neutralise
from models.plan import Plan
from models.prescription import details_text

TIMETABLE_COLUMNS = (
    "date",
    "week",
    "weekday",
    "start",
    "end",
    "type",
    "modality",
    "duration_min",
    "intensity",
    "hard_min",
    "details",
)


def timetable_rows(plan: Plan) -> list[dict[str, Any]]:
    """The session fields and the stored prescription as one line of text, in plan order."""
    return [
        {
            **{c: getattr(s, c) for c in TIMETABLE_COLUMNS if c != "details"},
            "details": details_text(s.prescription),
        }
        for s in plan.sessions
    ]


def timetable_csv(plan: Plan) -> str:
    """The file's text: a header and one line per session ('\\n' line ends)."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(TIMETABLE_COLUMNS)
    for row in timetable_rows(plan):
        w.writerow([neutralise(row[c]) for c in TIMETABLE_COLUMNS])
    return buf.getvalue()
