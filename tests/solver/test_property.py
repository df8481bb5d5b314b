"""Property test: random valid (SPEC v2) profiles give a verified plan or INFEASIBLE with conflicts
that name SPEC rules, never anything else."""

import datetime as dt

from hypothesis import HealthCheck, event, given, reject, settings
from hypothesis import strategies as st

from models.catalog import RULE_IDS, WEEKDAYS
from models.profile import ProfileError, parse_profile
from models.settings import SolverSettings
from solver import solve, verify_plan

START = dt.date(2027, 1, 4)
TIMES = [f"{h:02d}:{m:02d}" for h in range(5, 23) for m in (0, 30)]


@st.composite
def windows(draw):
    out: list[str] = []
    if draw(st.integers(0, 9)) == 0:
        return out  # a day off now and then
    t = draw(st.integers(5 * 60, 12 * 60))
    for _ in range(draw(st.integers(1, 2))):
        length = draw(st.integers(2, 10)) * 30
        if t + length > 23 * 60:
            break
        out.append(f"{t // 60:02d}:{t % 60:02d}-{(t + length) // 60:02d}:{(t + length) % 60:02d}")
        t += length + draw(st.integers(1, 10)) * 30
    return out


@st.composite
def profiles(draw):
    goal = draw(
        st.sampled_from(["strength", "hypertrophy", "endurance", "race", "health", "general"])
    )
    weeks = draw(st.integers(1, 16))
    prof = {
        "id": "prop",
        "goal": goal,
        "experience": draw(st.sampled_from(["beginner", "intermediate", "advanced"])),
        "start_date": (START + dt.timedelta(days=draw(st.integers(0, 6)))).isoformat(),
        "availability": {d: draw(windows()) for d in WEEKDAYS},
        "run_minutes_per_week": draw(st.one_of(st.integers(60, 400), st.integers(0, 400))),
        "longest_recent_run_min": draw(st.one_of(st.integers(30, 150), st.integers(0, 150))),
        "max_hard_share": draw(st.sampled_from([0.0, 0.1, 0.2, 0.35])),
        "min_gap_hours": draw(st.sampled_from([4, 6, 8])),
        "max_sessions_per_day": draw(st.sampled_from([1, 2])),
        "min_rest_days": draw(st.integers(0, 3)),
        "max_consecutive_days": draw(st.integers(2, 7)),
    }
    # SPEC v2 fields: a chosen peak, a long-run day, the longest run left to its default
    if draw(st.booleans()):
        prof["peak_run_minutes_per_week"] = draw(st.integers(0, 600))
    if draw(st.booleans()):
        prof["preferences"] = {"long_run_day": draw(st.sampled_from(WEEKDAYS))}
    if draw(st.booleans()):
        del prof["longest_recent_run_min"]
    if draw(st.booleans()):
        prof["lifts_per_week"] = draw(st.integers(0, 5))
        prof["runs_per_week"] = draw(st.integers(0, 6))
    if draw(st.booleans()):
        n = draw(st.integers(1, 5))
        prof["unavailable_dates"] = [
            (START + dt.timedelta(days=draw(st.integers(0, 7 * weeks - 1)))).isoformat()
            for _ in range(n)
        ]
    if goal == "race":
        dist = draw(st.sampled_from(["5k", "10k", "half", "marathon"]))
        start = dt.date.fromisoformat(prof["start_date"])
        day = start + dt.timedelta(days=7 * (weeks - 1) + draw(st.integers(0, 6)))
        prof["race"] = {
            "date": day.isoformat(),
            "distance": dist,
            "start": draw(st.sampled_from(TIMES)),
        }
    else:
        prof["weeks"] = weeks
    try:
        return parse_profile(prof)
    except ProfileError:
        reject()  # e.g. a late marathon start: bad input, covered by test_profile.py


@settings(
    max_examples=int(__import__("os").environ.get("HYPOTHESIS_EXAMPLES", "60")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(profiles())
def test_every_answer_is_verified_or_explained(profile):
    """A random profile yields a plan the verifier accepts, or INFEASIBLE naming H-rules."""
    plan = solve(profile, SolverSettings(time_limit_s=15, slot_minutes=30))
    event(plan.status)
    assert plan.status in ("OPTIMAL", "FEASIBLE", "INFEASIBLE"), plan.status
    if plan.status == "INFEASIBLE":
        assert plan.conflicts and not plan.sessions
        assert all(c.rule in RULE_IDS for c in plan.conflicts), plan.conflicts
        assert all(c.message for c in plan.conflicts)
    else:
        result = verify_plan(profile, plan, slot_minutes=30)
        assert result.ok, result.violations
        assert result.objective == plan.objective
