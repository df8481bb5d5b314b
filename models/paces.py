"""Running paces from a race result: Daniels-Gilbert VDOT, Daniels' five zones, Riegel.

Pure arithmetic (no solver, no profile): the profile uses `riegel_min` for the race-duration
estimate and the prescriptions use `zone_pace_range` for pace targets. The equations are
Daniels and Gilbert's (Oxygen Power, 1979), the ones behind the tables of Daniels' Running
Formula:

    VO2(v)      = -4.60 + 0.182258 v + 0.000104 v^2     (v in m/min, ml/kg/min)
    %max(t)     = 0.8 + 0.1894393 e^(-0.012778 t) + 0.2989558 e^(-0.1932605 t)   (t in min)
    VDOT        = VO2(d / t) / %max(t)

Training paces are the speeds whose oxygen cost is a share of VDOT (threshold 88 %, interval
97.5 %, easy 62-70 %); marathon pace is the predicted marathon race pace; repetition pace is
interval pace less 6 s per 400 m (15 s/km), Daniels' own rule of thumb.
"""

from __future__ import annotations

import math
from typing import Final, Literal

Zone = Literal["E", "M", "T", "I", "R"]
ZONES: Final[tuple[Zone, ...]] = ("E", "M", "T", "I", "R")

DISTANCE_KM: Final[dict[str, float]] = {
    "5k": 5.0,
    "10k": 10.0,
    "half": 21.0975,
    "marathon": 42.195,
}
RIEGEL_EXPONENT: Final[float] = 1.06

# share of VDOT (oxygen cost) for the zones paced by effort; a (slow, fast) range each
ZONE_VO2_SHARE: Final[dict[str, tuple[float, float]]] = {
    "E": (0.62, 0.70),
    "T": (0.87, 0.89),
    "I": (0.965, 0.985),
}
POINT_SHARE: Final[dict[str, float]] = {"E": 0.67, "T": 0.88, "I": 0.975}
R_FASTER_THAN_I_S_PER_KM: Final[float] = 15.0  # 6 s per 400 m
PACE_HALF_WIDTH_S: Final[float] = 3.0  # M and R are given as pace +- 3 s/km


def parse_race_time(text: str) -> int:
    """'H:MM:SS' or 'MM:SS' to seconds; ValueError names what is wrong."""
    parts = str(text).strip().split(":")
    if len(parts) not in (2, 3) or not all(p.isdigit() for p in parts):
        raise ValueError(f"time {text!r} is not H:MM:SS or MM:SS")
    nums = [int(p) for p in parts]
    if any(n > 59 for n in nums[1:]):
        raise ValueError(f"time {text!r} has minutes or seconds above 59")
    if len(nums) == 2:
        nums = [0, *nums]
    return nums[0] * 3600 + nums[1] * 60 + nums[2]


def format_duration_s(seconds: float) -> str:
    """Seconds as H:MM:SS (races) or MM:SS under an hour."""
    s = round(seconds)
    h, rest = divmod(s, 3600)
    m, sec = divmod(rest, 60)
    return f"{h}:{m:02d}:{sec:02d}" if h else f"{m}:{sec:02d}"


def format_pace(s_per_km: float) -> str:
    """Seconds per km as M:SS."""
    s = round(s_per_km)
    return f"{s // 60}:{s % 60:02d}"


def vo2_cost(v_m_per_min: float) -> float:
    """Oxygen cost of running at v (ml/kg/min)."""
    return -4.60 + 0.182258 * v_m_per_min + 0.000104 * v_m_per_min**2


def share_of_max(t_min: float) -> float:
    """Share of VO2max a runner can hold for t minutes."""
    return 0.8 + 0.1894393 * math.exp(-0.012778 * t_min) + 0.2989558 * math.exp(-0.1932605 * t_min)


def vdot(distance_km: float, time_s: float) -> float:
    """Daniels-Gilbert VDOT of a race result."""
    t_min = time_s / 60
    return vo2_cost(distance_km * 1000 / t_min) / share_of_max(t_min)


def speed_at(vo2: float) -> float:
    """Inverse of vo2_cost: the speed (m/min) whose oxygen cost is vo2."""
    a, b, c = 0.000104, 0.182258, -4.60 - vo2
    return (-b + math.sqrt(b * b - 4 * a * c)) / (2 * a)


def race_time_s(vdot_value: float, distance_km: float) -> float:
    """Predicted race time for a VDOT (bisection: VDOT falls as the time rises)."""
    lo, hi = 60.0, 60.0 * 60 * 12
    for _ in range(100):
        mid = (lo + hi) / 2
        if vdot(distance_km, mid) > vdot_value:
            lo = mid
        else:
            hi = mid
    return (lo + hi) / 2


def _s_per_km(v_m_per_min: float) -> float:
    return 60_000 / v_m_per_min


def zone_pace(vdot_value: float, zone: str) -> float:
    """Daniels' table pace of a zone, seconds per km (the single value the tables print)."""
    if zone == "M":
        return race_time_s(vdot_value, DISTANCE_KM["marathon"]) / DISTANCE_KM["marathon"]
    if zone == "R":
        return zone_pace(vdot_value, "I") - R_FASTER_THAN_I_S_PER_KM
    return _s_per_km(speed_at(POINT_SHARE[zone] * vdot_value))


def zone_pace_range(vdot_value: float, zone: str) -> tuple[float, float]:
    """(slow, fast) seconds per km of a zone for a runner of this VDOT."""
    if zone in ZONE_VO2_SHARE:
        slow, fast = ZONE_VO2_SHARE[zone]
        return _s_per_km(speed_at(slow * vdot_value)), _s_per_km(speed_at(fast * vdot_value))
    mid = zone_pace(vdot_value, zone)
    return mid + PACE_HALF_WIDTH_S, mid - PACE_HALF_WIDTH_S


def riegel_s(time_s: float, from_km: float, to_km: float) -> float:
    """Riegel's endurance model: t2 = t1 (d2 / d1)^1.06."""
    return time_s * (to_km / from_km) ** RIEGEL_EXPONENT


def riegel_min(recent_distance: str, recent_time_s: float, race_distance: str) -> int:
    """Estimated race duration in whole minutes (rounded up) from a recent result."""
    seconds = riegel_s(recent_time_s, DISTANCE_KM[recent_distance], DISTANCE_KM[race_distance])
    return math.ceil(seconds / 60)
