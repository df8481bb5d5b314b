"""models/history.py: targets after real history (H6 ramps from the weeks as they went)."""

import datetime as dt

from models.history import history_targets
from models.periodization import build_requirements
from models.plan import make_session
from models.profile import load_profile

HALF = load_profile("data/half_marathon_12w.json")


def _weeks_of_runs(minutes: list[int], weeks: int) -> list:
    """`weeks` weeks of runs of these lengths, Monday, Wednesday, Friday, Sunday at 07:00."""
    out = []
    for w in range(weeks):
        for day, m in zip((0, 2, 4, 6), minutes, strict=False):
            d = HALF.first_day + dt.timedelta(days=7 * w + day)
            out.append(make_session(d, w + 1, "run_easy", 7 * 60, m))
    return out


def _mid(wk) -> float:
    return (wk.run_min + wk.run_max) / 2


def test_later_targets_ramp_from_the_real_weeks():
    """After two weeks of 165 real minutes in short runs, no later loading week's midpoint
    rises more than 10 % over the week before it (the last non-deload one), unless its runs
    cannot be shorter (a note says so), and the notes say what fell."""
    history = _weeks_of_runs([45, 40, 40, 40], 2)
    from_date = HALF.first_day + dt.timedelta(days=14)
    req, notes, _, _ = history_targets(HALF, 15, history, from_date)
    assert [w.run_min for w in req.weeks[:2]] == [165, 165]
    assert notes and all("week" in n for n in notes)
    for i in range(2, len(req.weeks)):
        j = i - 1
        while req.weeks[j].deload:
            j -= 1
        kept = any(n.startswith(f"week {i + 1}: H6") and "kept at" in n for n in notes)
        if not req.weeks[i].deload and not kept:
            assert _mid(req.weeks[i]) <= 1.1 * _mid(req.weeks[j]) + 1e-6


def test_history_as_planned_changes_nothing_later():
    """History that is the plan's own first five weeks lowers no later target (no notes)."""
    from models.settings import SolverSettings
    from solver import solve

    plan = solve(HALF, SolverSettings(time_limit_s=20, slot_minutes=15))
    from_date = HALF.first_day + dt.timedelta(days=35)
    history = [s for s in plan.sessions if s.week <= 5]
    req, notes, _, _ = history_targets(HALF, 15, history, from_date)
    assert notes == []
    plain = build_requirements(HALF, 15)
    assert [(w.run_min, w.run_max) for w in req.weeks[1:]] == [
        (w.run_min, w.run_max) for w in plain.weeks[1:]
    ]
