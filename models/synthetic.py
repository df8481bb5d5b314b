"""Realistic random athletes for benchmarks, scale tests and the batch CSV (seeded, stable).

The draws follow what coaches see: most people train early morning and/or evening on
weekdays with longer weekend windows; volumes scale with experience.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from models.catalog import TAPER_WEEKS, WEEKDAYS

GOALS = ("strength", "hypertrophy", "endurance", "race", "health", "general")
EXPERIENCE = ("beginner", "intermediate", "advanced")
DISTANCES = ("5k", "10k", "half", "marathon")
MORNING = ("05:30-07:00", "06:00-07:30", "06:00-08:00", "06:30-08:30")
EVENING = ("17:00-19:00", "17:30-20:00", "18:00-21:00", "19:00-21:00")
MIDDAY = ("11:30-13:30", "12:00-14:00")
WEEKEND = ("07:00-11:00", "08:00-12:00", "09:00-13:00", "15:00-18:00")


def random_availability(rng: random.Random, scarcity: float = 0.0) -> dict[str, list[str]]:
    """Weekday windows; `scarcity` in [0, 1] removes days and windows (tight instances)."""
    out: dict[str, list[str]] = {}
    for day in WEEKDAYS:
        weekend = day in ("sat", "sun")
        if rng.random() < 0.1 + 0.5 * scarcity:
            out[day] = []
            continue
        if weekend:
            wins = [rng.choice(WEEKEND[:3])]
            if rng.random() < 0.3 * (1 - scarcity):
                wins.append(WEEKEND[3])
        else:
            wins = []
            if rng.random() < 0.7 * (1 - scarcity / 2):
                wins.append(rng.choice(MORNING))
            if rng.random() < 0.15:
                wins.append(rng.choice(MIDDAY))
            if rng.random() < 0.8 * (1 - scarcity / 2) or not wins:
                wins.append(rng.choice(EVENING))
        out[day] = wins
    return out


def random_profile(
    rng: random.Random,
    *,
    athlete_id: str,
    weeks: int | None = None,
    goal: str | None = None,
    scarcity: float = 0.0,
    start_date: dt.date = dt.date(2027, 1, 4),
) -> dict[str, Any]:
    """A profile mapping (validated later by models.profile), ids stable for a seed."""
    goal = goal or rng.choice(GOALS)
    exp = rng.choices(EXPERIENCE, weights=(3, 5, 2))[0]
    base_minutes = {"beginner": 90, "intermediate": 150, "advanced": 240}[exp]
    minutes = int(base_minutes * rng.uniform(0.8, 1.25)) // 5 * 5
    prof: dict[str, Any] = {
        "id": athlete_id,
        "name": f"Athlete {athlete_id}",
        "goal": goal,
        "experience": exp,
        "start_date": start_date.isoformat(),
        "availability": random_availability(rng, scarcity),
        "run_minutes_per_week": max(60, minutes),
        "longest_recent_run_min": max(30, int(minutes * rng.uniform(0.25, 0.4)) // 5 * 5),
    }
    if goal == "health":
        prof["run_minutes_per_week"] = max(150, prof["run_minutes_per_week"])
    if goal == "race":
        dist = rng.choice(DISTANCES)
        horizon = weeks or rng.randint(max(6, TAPER_WEEKS[dist] + 3), 20)
        race_day = start_date + dt.timedelta(days=7 * (horizon - 1) + rng.choice((5, 6)))
        prof["race"] = {"date": race_day.isoformat(), "distance": dist, "start": "08:00"}
    else:
        prof["weeks"] = weeks or rng.choice((8, 12, 12, 16))
    if rng.random() < 0.3:
        prof["preferences"] = {
            "run": rng.choice(("morning", "evening")),
            "long_run_day": rng.choice(("sat", "sun")),
        }
    if rng.random() < 0.15:
        prof["max_sessions_per_day"] = 1
    return prof
