"""Soft terms (solver/model/objective.py): each on a tiny instance with a hand-computed optimum.

Every case checks the CP-SAT optimum *and* the verifier's recomputation from the decoded
timetable, so a term whose linking was forgotten shows up as a mismatch.
"""

import pytest

from models.settings import SolverSettings
from solver import solve, verify_plan
from tests.helpers import ALL_ZERO, build, fix, objective, tiny

SETTINGS = SolverSettings(time_limit_s=20, slot_minutes=15)


def only(term: str) -> dict[str, float]:
    return {**ALL_ZERO, term: 1}


def solved_value(profile, term: str) -> float:
    plan = solve(profile, SETTINGS)
    assert plan.status == "OPTIMAL"
    check = verify_plan(profile, plan)
    assert check.ok, check.violations
    assert plan.objective == plan.objective_terms[term].value
    return plan.objective_terms[term].value


def test_priority_shared_day_forced_by_two_days():
    """Two lifts and two runs with only Monday and Wednesday available: 2 shared days."""
    avail = {"mon": ["06:00-21:00"], "wed": ["06:00-21:00"]}
    p = tiny(
        {"lift_full": 2, "run_easy": 2},
        (60, 120),
        availability=avail,
        weights=only("priority_shared_day"),
    )
    assert solved_value(p, "priority_shared_day") == 2


def test_priority_shared_day_zero_when_days_suffice():
    """With four available days nothing has to share a day: optimum 0."""
    p = tiny({"lift_full": 2, "run_easy": 2}, (60, 120), weights=only("priority_shared_day"))
    assert solved_value(p, "priority_shared_day") == 0


def test_spread_four_sessions_fit_without_neighbours():
    """Four one-a-day sessions in seven days can avoid back-to-back days: optimum 0."""
    p = tiny({"run_easy": 4}, (120, 240), max_sessions_per_day=1, weights=only("spread"))
    assert solved_value(p, "spread") == 0


def test_spread_five_sessions_need_two_adjacent_pairs():
    """Five one-a-day sessions in seven days form at most 3 blocks: optimum 5 - 3 = 2."""
    p = tiny({"run_easy": 5}, (150, 300), max_sessions_per_day=1, weights=only("spread"))
    assert solved_value(p, "spread") == 2


def test_time_preference_one_lift_forced_into_the_morning():
    """Evening lifts preferred, but one of two lift days only has a morning: optimum 1."""
    avail = {"mon": ["06:00-08:00"], "tue": ["18:00-20:00"]}
    p = tiny(
        {"lift_lower": 1, "lift_upper": 1},
        None,
        availability=avail,
        preferences={"lift": "evening"},
        weights=only("time_preference"),
    )
    assert solved_value(p, "time_preference") == 1


def test_long_run_day_unavailable_costs_one():
    """long_run_day = sun but Sunday is unavailable: the long run costs 1."""
    avail = {"sat": ["07:00-12:00"], "mon": ["06:00-09:00"]}
    p = tiny(
        {"run_long": 1},
        (60, 120),
        availability=avail,
        preferences={"long_run_day": "sun"},
        weights=only("long_run_day"),
    )
    assert solved_value(p, "long_run_day") == 1


def test_long_run_day_default_is_free():
    """No preference: the long run lands on the default long-run day (Saturday, the longer
    weekend window) at no cost."""
    avail = {"sat": ["07:00-12:00"], "sun": ["07:00-09:00"], "mon": ["06:00-09:00"]}
    p = tiny({"run_long": 1}, (60, 120), availability=avail, weights=only("long_run_day"))
    assert p.preferences.long_run_day == "sat"
    assert solved_value(p, "long_run_day") == 0


@pytest.mark.parametrize(("days", "expected"), [(["mon", "wed"], 2), (["mon", "wed", "fri"], 1)])
def test_double_day(days, expected):
    """Two lifts and two runs: on two days both must double up (2); a third day saves one."""
    avail = {d: ["06:00-21:00"] for d in days}
    p = tiny(
        {"lift_full": 2, "run_easy": 2},
        (60, 120),
        availability=avail,
        weights=only("double_day"),
    )
    assert solved_value(p, "double_day") == expected


@pytest.mark.parametrize(("second_day", "expected"), [("tue", 1), ("wed", 0)])
def test_hard_back_to_back(second_day, expected):
    """lift_lower and a long run, one session a day, Monday plus one more day: adjacent days
    force one hard pair (optimum 1), a gap day avoids it (optimum 0)."""
    avail = {"mon": ["06:00-21:00"], second_day: ["06:00-21:00"]}
    p = tiny(
        {"lift_lower": 1, "run_long": 1},
        (60, 120),
        availability=avail,
        max_sessions_per_day=1,
        weights=only("hard_back_to_back"),
    )
    assert solved_value(p, "hard_back_to_back") == expected


def test_interference_next_day_lower_then_long_run():
    """Pinned: lift_lower Monday, long run Tuesday morning counts 1."""
    avail = {"mon": ["06:00-21:00"], "tue": ["06:00-21:00"]}
    p = tiny(
        {"lift_lower": 1, "run_long": 1},
        (60, 120),
        availability=avail,
        weights=only("interference_next_day"),
    )
    b = build(p)
    fix(b, 0, "lift_lower", "06:00")
    fix(b, 1, "run_long", "06:00", 60)
    assert objective(b) == 1


def test_interference_next_day_lift_within_24h_after_long_run():
    """Pinned: long run Mon 16:00-17:00 then a lift Tue 06:00 (13 h later) counts 1; a lift
    Tue 17:00 (24 h later) counts 0."""
    avail = {"mon": ["06:00-21:00"], "tue": ["06:00-21:00"]}
    for lift_at, expected in (("06:00", 1), ("17:00", 0)):
        p = tiny(
            {"lift_full": 1, "run_long": 1},
            (60, 120),
            availability=avail,
            weights=only("interference_next_day"),
        )
        b = build(p)
        fix(b, 0, "run_long", "16:00", 60)
        fix(b, 1, "lift_full", lift_at)
        assert objective(b) == expected


def test_interference_next_day_avoidable():
    """With a free order and enough days the optimum is 0."""
    p = tiny({"lift_lower": 1, "run_long": 1}, (60, 120), weights=only("interference_next_day"))
    assert solved_value(p, "interference_next_day") == 0


def one_shared_monday():
    """A lift and a run that must share Monday (06:00-08:00 and 18:00-20:00 free)."""
    return tiny(
        {"lift_full": 1, "run_easy": 1},
        (30, 60),
        availability={"mon": ["06:00-08:00", "18:00-20:00"]},
        weights=only("order_preference"),
    )


def test_order_preference_lift_first_is_free():
    """General goal, a forced shared day: lifting first costs 0."""
    assert solved_value(one_shared_monday(), "order_preference") == 0


def test_order_preference_run_first_costs_one():
    """Pinned run at 06:00 and lift at 18:00 on the shared day: 1."""
    b = build(one_shared_monday())
    fix(b, 0, "run_easy", "06:00", 30)
    fix(b, 0, "lift_full", "18:00")
    assert objective(b) == 1


def test_weights_multiply_terms():
    """A weight of 2.5 on priority_shared_day doubles-and-a-half the objective."""
    avail = {"mon": ["06:00-21:00"], "wed": ["06:00-21:00"]}
    p = tiny(
        {"lift_full": 2, "run_easy": 2},
        (60, 120),
        availability=avail,
        weights={**ALL_ZERO, "priority_shared_day": 2.5},
    )
    plan = solve(p, SETTINGS)
    assert plan.objective == 5.0
    assert plan.objective_terms["priority_shared_day"].weight == 2.5
