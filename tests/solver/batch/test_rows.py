"""solver/batch/rows.py: the flattened columns of recent_race, max_hr and one_rep_max (SPEC §6)."""

from solver.batch.rows import CSV_COLUMNS, KNOWN_COLUMNS, mapping_to_row, parse_row

ROW = {
    "id": "a",
    "mon": "06:00-08:00",
    "recent_race_distance": "half",
    "recent_race_time": "1:45:00",
    "max_hr": "182",
    "squat_1rm": "120",
    "bench_press_1rm": "80.5",
}


def test_csv_new_columns_make_profile_fields():
    """recent_race_*, max_hr and <lift>_1rm cells become the nested profile fields."""
    r = parse_row(1, ROW)
    assert r.profile is not None, r.problems
    assert r.profile.recent_race is not None and r.profile.recent_race.distance == "half"
    assert r.profile.max_hr == 182
    assert r.profile.one_rep_max is not None
    assert (r.profile.one_rep_max.squat, r.profile.one_rep_max.bench_press) == (120, 80.5)
    assert r.profile.one_rep_max.deadlift is None


def test_csv_bad_new_cells_name_the_column():
    """A non-numeric 1RM cell and an impossible race time are reported by field."""
    r = parse_row(3, {**ROW, "deadlift_1rm": "heavy"})
    assert r.profile is None and r.problems[0][0] == "deadlift_1rm"
    r = parse_row(4, {**ROW, "recent_race_time": "0:30:00"})
    assert r.profile is None and r.problems[0][0] == "recent_race.time"


def test_csv_new_columns_round_trip():
    """mapping_to_row writes the new columns, and parsing them back gives the same profile."""
    assert {"recent_race_time", "max_hr", "overhead_press_1rm"} <= set(CSV_COLUMNS)
    assert set(CSV_COLUMNS) <= KNOWN_COLUMNS
    p = parse_row(1, ROW).profile
    assert p is not None
    again = parse_row(1, mapping_to_row(p.to_json_dict())).profile
    assert again == p
