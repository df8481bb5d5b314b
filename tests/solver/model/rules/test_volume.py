"""H5 weekly volume (solver/model/rules/volume.py, verify.check_weekly_volume)."""

from tests.helpers import build, fix, status, tiny


def test_weekly_volume_feasible():
    """Two easy runs inside a 60-90 minute target: feasible."""
    assert status(build(tiny({"run_easy": 2}, (60, 90)))) == "OPTIMAL"


def test_weekly_volume_minutes_over_target_infeasible():
    """Two 60-minute runs exceed a 90-minute maximum: infeasible."""
    b = build(tiny({"run_easy": 2}, (60, 90)))
    fix(b, 0, "run_easy", duration_min=60)
    fix(b, 2, "run_easy", duration_min=60)
    assert status(b) == "INFEASIBLE"


def test_weekly_volume_boundary_minutes_at_max():
    """45 + 45 minutes meets the 90-minute maximum exactly: feasible."""
    b = build(tiny({"run_easy": 2}, (60, 90)))
    fix(b, 0, "run_easy", duration_min=45)
    fix(b, 2, "run_easy", duration_min=45)
    assert status(b) == "OPTIMAL"


def test_weekly_volume_extra_session_infeasible():
    """A third easy run when the target is exactly two: infeasible."""
    b = build(tiny({"run_easy": 2}, (60, 180)))
    for day in (0, 2, 4):
        fix(b, day, "run_easy")
    assert status(b) == "INFEASIBLE"
