"""Objective weights per priority goal (SPEC §4): data, not code, so a coach can read them."""

from __future__ import annotations

from models.catalog import OBJECTIVE_TERMS
from models.profile import AthleteProfile

# term order: priority_shared_day, interference_next_day, order_preference,
#             time_preference, long_run_day, hard_back_to_back, spread, double_day
# long_run_day weighs most where the long run is the key session (race, endurance), and
# keeps it on its day in the first plans too; hard_back_to_back is raised from 4 to 6 for
# them (easy days between quality days, Daniels) - 8 and 12 were tried and make the
# marathon's proof 2-6x longer (benchmarks/README.md, "Session 6");
# double_day is for goals whose sessions should spread over the free days (health), and
# beginners get it too (below).
_TABLE: dict[str, tuple[float, ...]] = {
    "strength": (10, 6, 4, 1, 2, 3, 1, 0),
    "hypertrophy": (8, 6, 4, 1, 2, 3, 1, 0),
    "race": (10, 8, 2, 1, 20, 6, 1, 0),
    "endurance": (8, 8, 2, 1, 20, 6, 1, 0),
    "general": (4, 5, 3, 1, 4, 3, 1, 1),
    "health": (3, 3, 2, 1, 2, 2, 2, 4),
}
BEGINNER_DOUBLE_DAY = 3.0

GOAL_WEIGHTS: dict[str, dict[str, float]] = {
    goal: dict(zip(OBJECTIVE_TERMS, row, strict=True)) for goal, row in _TABLE.items()
}


def weights_for(profile: AthleteProfile) -> dict[str, float]:
    """The goal's weight table, a beginner's double-day weight, then the profile's overrides."""
    out = dict(GOAL_WEIGHTS[profile.goal])
    if profile.experience == "beginner":
        out["double_day"] = max(out["double_day"], BEGINNER_DOUBLE_DAY)
    out.update(profile.weights or {})
    return out
