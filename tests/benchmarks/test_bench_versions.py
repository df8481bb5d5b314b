"""benchmarks/bench_versions.py: both versions get the same athletes, the old version's
fields only, and the summary pairs them."""

from pathlib import Path

from benchmarks import bench_versions


def test_examples_drop_the_fields_the_old_version_does_not_know():
    """The examples are read without recent_race, max_hr, one_rep_max, peak_run_minutes."""
    insts = bench_versions.instances("examples")
    assert len(insts) >= 9
    for _, data, slot in insts:
        assert slot == 15 and not set(data) & bench_versions.NEW_FIELDS


def test_generated_suite_is_seeded_and_stable():
    """The 12-week suite is the same 20 athletes every time."""
    a, b = bench_versions.instances("12w"), bench_versions.instances("12w")
    assert len(a) == 20 and a == b


def test_worker_solves_with_its_own_tree(tmp_path):
    """A worker started on a source tree solves a profile and reports a verified plan."""
    w = bench_versions.Worker(Path.cwd())
    try:
        _, prof, slot = bench_versions.instances("12w")[0]
        out = w.solve(prof, slot, 10.0)
    finally:
        w.close()
    assert out["status"] in ("OPTIMAL", "FEASIBLE", "INFEASIBLE")
    assert out["status"] == "INFEASIBLE" or out["verified"] is True


def test_summary_prints_the_ratio(capsys):
    """The summary gives planned/optimal counts and the v2/v1 ratio of medians."""
    rows = [
        {"suite": "s", "version": v, "status": "OPTIMAL", "wall_s": t}
        for v, t in (("v1", 1.0), ("v1", 3.0), ("v2", 2.0), ("v2", 6.0))
    ]
    bench_versions.summarize(rows)
    out = capsys.readouterr().out
    assert "s, v1, 2/2, 2, 2.000, 3.000" in out and "v2/v1 median ratio 2.00" in out
