"""models/periodization.py: weekly targets follow the goal (SPEC §3b) and the rules."""

import pytest

from models.periodization import DELOAD, LOAD, RACE_WEEK, TAPER, build_requirements
from models.profile import load_profile
from tests.conftest import make_profile


def test_strength_goal_blocks():
    """Strength: strength-focus blocks, >= lifts_per_week lifts, lift_lower in every loading
    week, at least two maintenance runs."""
    req = build_requirements(make_profile(goal="strength", weeks=12, lifts_per_week=3), 15)
    assert {w.focus for w in req.weeks} == {"strength"}
    for w in req.weeks:
        assert w.lift_count >= 3
        assert w.run_count >= 2
        if w.role == LOAD:
            assert w.sessions.get("lift_lower", 0) >= 1


def test_race_goal_base_build_peak_taper():
    """Marathon: base -> build -> peak -> 3 taper weeks, lifting at 1-2, falling taper."""
    p = load_profile("data/marathon_16w.yaml")
    req = build_requirements(p, 15)
    names = [w.mesocycle for w in req.weeks]
    assert names[0] == "base" and names[-4] == "peak" and names[-3:] == ["taper"] * 3
    assert [w.role for w in req.weeks[-3:]] == [TAPER, TAPER, RACE_WEEK]
    assert all(1 <= w.lift_count <= 2 for w in req.weeks)
    peak = req.weeks[req.peak_week - 1]
    assert max(w.midpoint for w in req.weeks[:-3]) == peak.midpoint
    assert req.weeks[-1].sessions["race"] == 1
    assert "lift_lower" not in req.weeks[-1].sessions
    for a, b in zip(req.weeks[-4:], req.weeks[-3:], strict=False):
        assert b.run_max <= a.run_min
    assert req.weeks[-1].run_max <= 0.5 * peak.run_min


def test_endurance_goal_has_no_taper():
    """Endurance builds running with deloads and no taper."""
    req = build_requirements(make_profile(goal="endurance", weeks=12), 15)
    assert {w.focus for w in req.weeks} == {"endurance"}
    assert TAPER not in {w.role for w in req.weeks}
    assert [w.role for w in req.weeks].count(DELOAD) == 3


def test_general_goal_alternates_blocks():
    """General: endurance-focus and strength-focus blocks alternate."""
    req = build_requirements(make_profile(goal="general", weeks=16), 15)
    focus_by_block = [req.weeks[i].focus for i in range(0, 16, 4)]
    assert focus_by_block == ["endurance", "strength", "endurance", "strength"]


def test_health_goal_who_minimums():
    """Health: every loading week has >= 150 run minutes and >= 2 lifts."""
    req = build_requirements(make_profile(goal="health", weeks=8), 15)
    assert not req.conflicts
    for w in req.weeks:
        if w.role == LOAD:
            assert w.run_min >= 150 and w.lift_count >= 2


def test_health_goal_below_who_climbs_and_warns():
    """Health from 60 minutes a week: the volume climbs at H6's ramp toward 150 and the plan
    warns (volume_below_peak, naming the WHO minimum) instead of refusing (SPEC §3b/§3c)."""
    req = build_requirements(make_profile(goal="health", run_minutes_per_week=60, weeks=16), 15)
    assert not req.conflicts
    mids = [w.midpoint for w in req.weeks if w.role == LOAD]
    assert mids == sorted(mids) and mids[-1] > 1.5 * 60
    warning = next(w for w in req.warnings if w.code == "volume_below_peak")
    assert "WHO" in warning.message


def test_explicit_mesocycles_are_used():
    """Explicit blocks set names, focus and loading-week targets."""
    p = make_profile(
        weeks=None,
        mesocycles=[
            {
                "name": "A",
                "weeks": 2,
                "focus": "strength",
                "deload": False,
                "targets": {
                    "sessions": {"lift_lower": 1, "run_easy": 2},
                    "run_minutes": {"min": 60, "max": 90},
                },
            },
            {"name": "B", "weeks": 3, "focus": "endurance"},
        ],
    )
    req = build_requirements(p, 15)
    assert p.weeks == 5
    assert [w.mesocycle for w in req.weeks] == ["A", "A", "B", "B", "B"]
    assert req.weeks[0].sessions == {"lift_lower": 1, "run_easy": 2}
    assert (req.weeks[0].run_min, req.weeks[0].run_max) == (60, 90)
    assert req.weeks[4].role == DELOAD


@pytest.mark.parametrize("slot", [5, 10, 15, 30])
def test_duration_bounds_whole_minutes_under_cap(slot):
    """Duration bounds are whole minutes inside the catalogue and under the week's H10 cap,
    whatever the slot grid (SPEC §3 "Time")."""
    from models.catalog import DURATION_RANGE_MIN

    req = build_requirements(load_profile("data/marathon_16w.yaml"), slot)
    for w in req.weeks:
        for t, (lo, hi) in w.duration_bounds.items():
            top = min(DURATION_RANGE_MIN[t][1], w.run_cap_min)
            assert DURATION_RANGE_MIN[t][0] <= lo <= hi <= top
    assert req.weeks == build_requirements(load_profile("data/marathon_16w.yaml"), 15).weeks


def test_unavailable_week_drops_sessions():
    """A week with most days unavailable drops sessions to fit instead of failing."""
    p = make_profile(weeks=4, unavailable_dates=[f"2027-01-{d:02d}" for d in range(11, 16)])
    req = build_requirements(p, 15)
    assert (
        req.weeks[1].lift_count + req.weeks[1].run_count
        < req.weeks[0].lift_count + req.weeks[0].run_count
    )


def test_health_builds_toward_a_chosen_peak_within_who_range():
    """Health with peak_run_minutes_per_week 240: loading weeks climb from 150 at H6's ramp,
    stay within 150-300, and deloads keep the 150-minute floor."""
    p = make_profile(
        goal="health", run_minutes_per_week=150, weeks=12, peak_run_minutes_per_week=240
    )
    req = build_requirements(p, 15)
    loads = [w.midpoint for w in req.weeks if w.role == LOAD]
    assert loads[0] <= 165 and max(loads) >= 200
    assert all(w.run_min >= 150 and w.run_max <= 300 for w in req.weeks)
