"""H10 no spikes (targets: periodization caps; model: solver/model/rules/spikes.py;
verifier: verify.check_no_spikes)."""

from tests.helpers import build, fix, status, tiny


def _long(duration: int, slot: int = 15) -> str:
    p = tiny({"run_long": 1, "run_easy": 1}, (90, 200), longest_recent_run_min=60)
    b = build(p, slot)
    fix(b, 5, "run_long", duration_min=duration)
    return status(b)


def test_no_spikes_feasible_at_recent_longest():
    """A 60-min long run after a recent longest of 60 min is feasible."""
    assert _long(60) == "OPTIMAL"


def test_no_spikes_violation_infeasible():
    """A 75-min long run (125% of 60) is infeasible."""
    assert _long(75) == "INFEASIBLE"


def test_no_spikes_boundary_on_five_minute_grid():
    """On a 5-min grid, 65 min (108%) is feasible and 70 min (117%) is not."""
    assert _long(65, slot=5) == "OPTIMAL"
    assert _long(70, slot=5) == "INFEASIBLE"
