"""Session catalogue and calendar vocabulary (SPEC §3).

Plain data shared by the periodization, the CP-SAT model and the verifier, so the three agree
on names and default durations without importing each other.
"""

from __future__ import annotations

from typing import Final, Literal

Modality = Literal["lift", "run"]
Intensity = Literal["easy", "moderate", "hard"]
Goal = Literal["strength", "hypertrophy", "endurance", "race", "health", "general"]
Experience = Literal["beginner", "intermediate", "advanced"]
Focus = Literal["strength", "endurance", "balanced", "taper"]
Distance = Literal["5k", "10k", "half", "marathon"]
TimeOfDay = Literal["morning", "midday", "evening"]

WEEKDAYS: Final[tuple[str, ...]] = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
WEEKDAY_NAMES: Final[dict[str, str]] = {
    "mon": "Monday",
    "tue": "Tuesday",
    "wed": "Wednesday",
    "thu": "Thursday",
    "fri": "Friday",
    "sat": "Saturday",
    "sun": "Sunday",
}

LIFT_TYPES: Final[tuple[str, ...]] = ("lift_lower", "lift_upper", "lift_full")
RUN_TYPES: Final[tuple[str, ...]] = ("run_easy", "run_long", "run_tempo", "run_intervals", "race")
SESSION_TYPES: Final[tuple[str, ...]] = LIFT_TYPES + RUN_TYPES

HIGH_INTENSITY: Final[frozenset[str]] = frozenset({"run_tempo", "run_intervals", "race"})
HARD_RUNS: Final[frozenset[str]] = frozenset({"run_tempo", "run_intervals"})
KEY_RUNS: Final[frozenset[str]] = frozenset({"run_long", "run_tempo", "run_intervals"})

# Duration ranges in whole minutes (SPEC §3 v2); weekly targets narrow them further. Starts
# lie on the slot grid, durations do not: on a 15-minute grid 10 % of a short run rounds to
# nothing and H10 would freeze every run at its first length.
DURATION_RANGE_MIN: Final[dict[str, tuple[int, int]]] = {
    "lift_lower": (60, 60),
    "lift_upper": (60, 60),
    "lift_full": (60, 60),
    "run_easy": (20, 90),
    "run_long": (45, 180),
    "run_tempo": (30, 60),
    "run_intervals": (45, 73),
}
EASY_RUN_MAX_MIN: Final[dict[str, int]] = {"beginner": 60, "intermediate": 75, "advanced": 90}
LIFT_DURATION_MIN: Final[int] = 60
DELOAD_LIFT_DURATION_MIN: Final[int] = 40

# Lifts train muscle groups (H12); beginners lift full-body only.
MUSCLE_GROUPS: Final[dict[str, frozenset[str]]] = {
    "lower": frozenset({"lift_lower", "lift_full"}),
    "upper": frozenset({"lift_upper", "lift_full"}),
}

# Race duration estimate by distance and experience, in minutes (finishing-time ballpark).
RACE_DURATION_MIN: Final[dict[str, dict[str, int]]] = {
    "5k": {"beginner": 35, "intermediate": 28, "advanced": 22},
    "10k": {"beginner": 70, "intermediate": 57, "advanced": 45},
    "half": {"beginner": 150, "intermediate": 120, "advanced": 100},
    "marathon": {"beginner": 315, "intermediate": 255, "advanced": 210},
}
TAPER_WEEKS: Final[dict[str, int]] = {"5k": 1, "10k": 1, "half": 2, "marathon": 3}

# Preferred-time bands by session start, minutes after midnight: [from, to).
TIME_BANDS_MIN: Final[dict[str, tuple[int, int]]] = {
    "morning": (0, 11 * 60),
    "midday": (11 * 60, 15 * 60),
    "evening": (15 * 60, 24 * 60),
}

OBJECTIVE_TERMS: Final[tuple[str, ...]] = (
    "priority_shared_day",
    "interference_next_day",
    "order_preference",
    "time_preference",
    "long_run_day",
    "hard_back_to_back",
    "spread",
    "double_day",
)

RULE_IDS: Final[tuple[str, ...]] = tuple(f"H{i}" for i in range(1, 13))
RULE_NAMES: Final[dict[str, str]] = {
    "H1": "availability",
    "H2": "no overlap",
    "H3": "spacing",
    "H4": "rest",
    "H5": "weekly volume",
    "H6": "progression",
    "H7": "interference",
    "H8": "ordering by priority",
    "H9": "race",
    "H10": "no spikes",
    "H11": "polarized intensity",
    "H12": "muscle recovery",
}


# Quality sessions (SPEC §3 v2): warm-up + work + cool-down; only the work W counts as hard.
TEMPO_FIXED_MIN: Final[int] = 20  # 15 warm-up + 5 cool-down; duration = 20 + W
INTERVALS_FIXED_MIN: Final[int] = 25  # 15 warm-up + 10 cool-down; duration = 25 + 2W (W jog)
TEMPO_WORK_RANGE_MIN: Final[tuple[int, int]] = (10, 40)
INTERVALS_WORK_RANGE_MIN: Final[tuple[int, int]] = (10, 24)


def work_range_min(session_type: str) -> tuple[int, int]:
    """The work W a quality session may hold (SPEC §3 table)."""
    return TEMPO_WORK_RANGE_MIN if session_type == "run_tempo" else INTERVALS_WORK_RANGE_MIN


def duration_of_work(session_type: str, work_min: int) -> int:
    """A quality session's duration for W minutes of work (the inverse of hard_min_of)."""
    if session_type == "run_tempo":
        return TEMPO_FIXED_MIN + work_min
    return INTERVALS_FIXED_MIN + 2 * work_min


def hard_min_of(session_type: str, duration_min: int) -> int:
    """Work minutes of a session (SPEC §3): what H11 counts, recomputable from the duration."""
    if session_type == "run_tempo":
        return duration_min - TEMPO_FIXED_MIN
    if session_type == "run_intervals":
        return (duration_min - INTERVALS_FIXED_MIN) // 2
    return 0


def modality_of(session_type: str) -> Modality:
    """Lifts and runs are the two modalities the interference rules talk about."""
    return "lift" if session_type.startswith("lift") else "run"


def intensity_of(session_type: str, deload: bool = False) -> Intensity:
    """Coarse intensity label for people; the rules use HIGH_INTENSITY/KEY_RUNS instead."""
    if session_type in HIGH_INTENSITY:
        return "hard"
    if session_type == "lift_lower":
        return "moderate" if deload else "hard"
    if session_type in ("lift_upper", "lift_full", "run_long"):
        return "easy" if deload and session_type != "run_long" else "moderate"
    return "easy"


def hhmm(minutes: int) -> str:
    """Minutes after midnight as HH:MM (24:00 allowed as an end)."""
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def parse_hhmm(text: str) -> int:
    """HH:MM to minutes after midnight; 24:00 is accepted as the end of a day."""
    parts = text.strip().split(":")
    if len(parts) != 2 or not all(p.isdigit() for p in parts):
        raise ValueError(f"time {text!r} is not HH:MM")
    h, m = int(parts[0]), int(parts[1])
    if m > 59 or h > 24 or (h == 24 and m != 0):
        raise ValueError(f"time {text!r} is not a valid time of day")
    return h * 60 + m
