"""models/paces.py: VDOT and training paces against Daniels' published tables; Riegel."""

import pytest

from models.paces import (
    DISTANCE_KM,
    format_pace,
    parse_race_time,
    race_time_s,
    riegel_min,
    riegel_s,
    vdot,
    zone_pace,
    zone_pace_range,
)

# Daniels' Running Formula (3rd ed.), table 5.1: equivalent race times of a VDOT
RACE_ROWS = [
    (30, "5k", "30:40"),
    (40, "10k", "50:03"),
    (50, "half", "1:31:35"),
    (50, "marathon", "3:10:49"),
    (60, "5k", "17:03"),
    (40, "marathon", "3:49:45"),
]

# Daniels' training-intensity tables, seconds per km: (VDOT, zone, table pace). T at VDOT
# 30/40/50/60 and I at 50 from table 5.2; VDOT 49 (T 4:20, I 3:59) and 52.66 (M 4:20, T 4:05,
# I 3:45, E 5:05 in the second edition's single-value E column) as quoted from the tables.
PACE_ROWS = [
    (30, "T", "6:24"),
    (40, "T", "5:06"),
    (50, "T", "4:15"),
    (60, "T", "3:40"),
    (50, "I", "3:55"),
    (49, "T", "4:20"),
    (49, "I", "3:59"),
    (52.66, "M", "4:20"),
    (52.66, "T", "4:05"),
    (52.66, "I", "3:45"),
    (52.66, "E", "5:05"),
    (50, "M", "4:31"),
]


def _s(text: str) -> int:
    return parse_race_time(text)


@pytest.mark.parametrize(("table_vdot", "distance", "time"), RACE_ROWS)
def test_vdot_matches_daniels_race_table(table_vdot, distance, time):
    """A race time of Daniels' table gives its VDOT within 0.15, and back within 0.5 %."""
    assert vdot(DISTANCE_KM[distance], _s(time)) == pytest.approx(table_vdot, abs=0.15)
    assert race_time_s(table_vdot, DISTANCE_KM[distance]) == pytest.approx(_s(time), rel=0.005)


@pytest.mark.parametrize(("table_vdot", "zone", "pace"), PACE_ROWS)
def test_zone_pace_matches_daniels_within_2s(table_vdot, zone, pace):
    """Each table pace is reproduced within 2 s/km, and lies inside the zone's pace range."""
    assert abs(zone_pace(table_vdot, zone) - _s(pace)) <= 2.0
    slow, fast = zone_pace_range(table_vdot, zone)
    assert fast - 2 <= _s(pace) <= slow + 2


def test_zones_get_faster_from_e_to_r():
    """E is slower than M, M than T, T than I, I than R, for every VDOT in the tables."""
    for v in range(30, 86, 5):
        paces = [zone_pace(v, z) for z in ("E", "M", "T", "I", "R")]
        assert paces == sorted(paces, reverse=True)


def test_riegel_exponent_106():
    """Riegel: doubling the distance multiplies the time by 2^1.06; minutes round up."""
    assert riegel_s(1200, 5, 10) == pytest.approx(1200 * 2**1.06)
    # 10k in 45:00 -> half about 1:39:22
    assert riegel_min("10k", 45 * 60, "half") == 100
    assert riegel_min("5k", 25 * 60, "5k") == 25


def test_parse_race_time_forms_and_errors():
    """H:MM:SS and MM:SS parse; other shapes and 60+ minutes/seconds are refused."""
    assert parse_race_time("1:02:03") == 3723
    assert parse_race_time("19:57") == 1197
    for bad in ("19", "1:2:3:4", "19:75", "ab:cd"):
        with pytest.raises(ValueError):
            parse_race_time(bad)
    assert format_pace(255.4) == "4:15"
