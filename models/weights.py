"""Objective weights per priority goal (SPEC §4): data, not code, so a coach can read them."""

from __future__ import annotations

from models.catalog import OBJECTIVE_TERMS

# term order: priority_shared_day, interference_next_day, order_preference,
#             time_preference, hard_back_to_back, spread
_TABLE: dict[str, tuple[float, ...]] = {
    "strength": (10, 6, 4, 1, 3, 1),
    "hypertrophy": (8, 6, 4, 1, 3, 1),
    "race": (10, 8, 2, 1, 4, 1),
    "endurance": (8, 8, 2, 1, 4, 1),
    "general": (4, 5, 3, 1, 3, 1),
    "health": (3, 3, 2, 1, 2, 2),
}

GOAL_WEIGHTS: dict[str, dict[str, float]] = {
    goal: dict(zip(OBJECTIVE_TERMS, row, strict=True)) for goal, row in _TABLE.items()
}


def weights_for(goal: str, overrides: dict[str, float] | None = None) -> dict[str, float]:
    """The goal's weight table with the profile's overrides applied."""
    out = dict(GOAL_WEIGHTS[goal])
    out.update(overrides or {})
    return out
