"""H7 interference (solver/model/rules/interference.py, verify.check_interference)."""

from tests.helpers import build, fix, status, tiny

ALL_DAY = {d: ["06:00-21:00"] for d in ("mon", "tue", "wed")}
S = {"lift_lower": 1, "run_tempo": 1, "run_easy": 1}


def _case(tempo: tuple[int, str], lower: tuple[int, str]) -> str:
    b = build(tiny(S, (75, 120), availability=ALL_DAY))
    fix(b, tempo[0], "run_tempo", tempo[1], 60)
    fix(b, lower[0], "lift_lower", lower[1])
    return status(b)


def test_interference_feasible_lower_before_tempo():
    """A lower-body lift in the morning and tempo 10 h later on the same day is fine."""
    assert _case((0, "17:00"), (0, "06:00")) == "OPTIMAL"


def test_interference_next_morning_infeasible():
    """Tempo Mon 16:00-17:00 then lift_lower Tue 06:00 (13 h later) is infeasible."""
    assert _case((0, "16:00"), (1, "06:00")) == "INFEASIBLE"


def test_interference_boundary_exactly_24_hours():
    """Tempo ends Mon 07:00; lift_lower Tue 07:00 is exactly 24 h later: feasible."""
    assert _case((0, "06:00"), (1, "07:00")) == "OPTIMAL"


def test_interference_boundary_just_under_24_hours():
    """Tempo ends Mon 07:00; lift_lower Tue 06:45 is 23 h 45 later: infeasible."""
    assert _case((0, "06:00"), (1, "06:45")) == "INFEASIBLE"


def test_interference_same_day_after_tempo_infeasible():
    """lift_lower after a tempo run on the same day is infeasible."""
    assert _case((0, "06:00"), (0, "16:00")) == "INFEASIBLE"
