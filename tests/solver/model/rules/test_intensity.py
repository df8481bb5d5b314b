"""H11 polarized intensity (solver/model/rules/intensity.py, verify.check_polarized_intensity)."""

from tests.helpers import build, fix, status, tiny

S = {"run_tempo": 1, "run_easy": 3}


def _week(tempo: int, easy: int) -> str:
    b = build(tiny(S, (120, 240), max_hard_share=0.25))
    fix(b, 0, "run_tempo", duration_min=tempo)
    for day in (2, 4, 6):
        fix(b, day, "run_easy", duration_min=easy)
    return status(b)


def test_polarized_intensity_feasible():
    """45 hard minutes of 225 (20%) is within a 25% share."""
    assert _week(45, 60) == "OPTIMAL"


def test_polarized_intensity_violation_infeasible():
    """60 hard minutes of 150 (40%) exceeds a 25% share: infeasible."""
    assert _week(60, 30) == "INFEASIBLE"


def test_polarized_intensity_boundary_exact_share():
    """45 hard minutes of 180 is exactly 25%: feasible."""
    assert _week(45, 45) == "OPTIMAL"
