"""solver/batch/run.py and `hybridplan batch`: bad rows, safe ids, crashes, resume, Dask."""

import csv
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from cli.main import main
from models.files import neutralise
from models.files import safe_name as safe_id
from models.settings import SolverSettings
from solver.batch.rows import mapping_to_row, read_rows
from solver.batch.run import run_batch

SETTINGS = SolverSettings(time_limit_s=10, slot_minutes=30)


def summary(outdir: Path) -> list[dict[str, str]]:
    with (outdir / "summary.csv").open(newline="") as fh:
        return list(csv.DictReader(fh))


def small_csv(path: Path, n: int, weeks: int = 4) -> Path:
    import random

    from models.synthetic import random_profile
    from solver.batch.rows import CSV_COLUMNS

    rng = random.Random(5)
    with path.open("w", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=CSV_COLUMNS)
        w.writeheader()
        for i in range(n):
            w.writerow(mapping_to_row(random_profile(rng, athlete_id=f"a{i:02d}", weeks=weeks)))
    return path


def test_batch_bad_rows_reported_and_good_rows_solved(tmp_path):
    """Every bad row is reported with row, field and reason; good rows are all solved."""
    report = run_batch("data/bad_athletes.csv", tmp_path, SETTINGS, jobs=1)
    rows = {int(r["row"]): r for r in summary(tmp_path)}
    assert sorted(rows) == list(range(1, 9))  # one summary row per input row
    assert report.counts == {"INVALID": 5, "OPTIMAL": 3}
    assert "availability: mon: time '25:00'" in rows[2]["error"]
    assert rows[3]["error"].startswith("goal:") and "yoga" in rows[3]["error"]
    assert rows[4]["error"] == "id: missing id"
    assert "duplicate id 'good-1'" in rows[5]["error"]
    assert rows[6]["error"].startswith("run_minutes_per_week: not a number")
    for r in (1, 7, 8):
        assert (tmp_path / rows[r]["safe_id"] / "plan.json").exists()
        assert rows[r]["verified"] == "True"


def test_batch_cli_exit_code_three_when_rows_fail(tmp_path):
    """The CLI exits 3 when some rows failed and prints each bad row with its number."""
    res = CliRunner().invoke(
        main, ["batch", "data/bad_athletes.csv", "-o", str(tmp_path), "--jobs", "1"]
    )
    assert res.exit_code == 3, res.output
    assert "row 2 (bad-window)" in res.output and "row 6 (bad-volume)" in res.output


def test_batch_unknown_column_is_bad_input(tmp_path):
    """A CSV with an unknown column is rejected as a whole (exit 2), naming the column."""
    bad = tmp_path / "x.csv"
    bad.write_text("id,colour\nx,red\n")
    res = CliRunner().invoke(main, ["batch", str(bad), "-o", str(tmp_path / "o")])
    assert res.exit_code == 2 and "colour" in res.output


def test_safe_ids_cannot_escape_or_clash():
    """Path tricks, empty-ish and very long ids map to distinct names inside OUTDIR."""
    ids = ["../x", "a/b", "a_b", "..", ".", "x" * 500, "x" * 501, "ünï", "=cmd"]
    names = [safe_id(i) for i in ids]
    assert len(set(names)) == len(names)
    for n in names:
        assert "/" not in n and not n.startswith(".") and 0 < len(n) <= 71
    assert safe_id("plain-id_1.2") == "plain-id_1.2"


def test_csv_cells_neutralised():
    """Cells starting with = + - @ are prefixed so spreadsheets do not run them."""
    assert [neutralise(x) for x in ("=1+1", "+x", "-x", "@x", "ok")] == [
        "'=1+1",
        "'+x",
        "'-x",
        "'@x",
        "ok",
    ]
    assert neutralise(-3) == -3


def test_csv_row_round_trip():
    """A generated profile survives flattening to a CSV row and parsing back."""
    rows = read_rows("data/athletes.csv")
    assert len(rows) >= 50 and all(r.profile is not None for r in rows), [
        r.error for r in rows if r.problems
    ]


def test_batch_worker_crash_loses_one_athlete(tmp_path, monkeypatch):
    """A native abort in one solve marks that athlete ERROR; every other athlete is planned."""
    csv_path = small_csv(tmp_path / "a.csv", 6)
    monkeypatch.setenv("HYBRIDPLAN_CRASH_ON", "a03")
    report = run_batch(csv_path, tmp_path / "out", SETTINGS, jobs=2)
    rows = {r["id"]: r for r in summary(tmp_path / "out")}
    assert rows["a03"]["status"] == "ERROR" and "crashed" in rows["a03"]["error"]
    assert all(r["status"] not in ("ERROR", "INVALID") for k, r in rows.items() if k != "a03")
    assert report.failed == 1 and len(rows) == 6


def test_batch_resume_after_kill_solves_nothing_twice(tmp_path):
    """Kill a batch mid-way, resume it: finished athletes are skipped, none is missing."""
    csv_path = small_csv(tmp_path / "a.csv", 16, weeks=8)
    out = tmp_path / "out"
    cmd = [
        sys.executable,
        "-m",
        "cli.main",
        "batch",
        str(csv_path),
        "-o",
        str(out),
        "--jobs",
        "1",
        "--slot-minutes",
        "30",
    ]
    proc = subprocess.Popen(
        cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True
    )
    deadline = time.time() + 120
    while time.time() < deadline:
        done = list(out.glob("*/plan.json"))
        if len(done) >= 3:
            break
        time.sleep(0.05)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    before = {p.parent.name: p.stat().st_mtime_ns for p in out.glob("*/plan.json")}
    assert 3 <= len(before) < 16, "the kill should land mid-batch"
    report = run_batch(csv_path, out, SETTINGS, jobs=1)
    after = {p.parent.name: p.stat().st_mtime_ns for p in out.glob("*/plan.json")}
    finished_before = {r["safe_id"] for r in report_rows(out) if r["safe_id"] in before}
    assert report.skipped >= len(finished_before) - 1  # a torn last summary line may be redone
    assert sum(after[k] == v for k, v in before.items()) >= len(before) - 1
    assert len(after) == 16 and sorted(int(r["row"]) for r in summary(out)) == list(range(1, 17))
    assert not list(out.glob("*/.*.tmp"))


def report_rows(out: Path) -> list[dict[str, str]]:
    return summary(out)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def dask_cluster():
    """A real scheduler and two single-threaded workers on 127.0.0.1."""
    dask = shutil.which("dask", path=os.path.dirname(sys.executable))
    if dask is None:
        pytest.skip("dask CLI not installed")
    port = _free_port()
    addr = f"tcp://127.0.0.1:{port}"
    procs = [
        subprocess.Popen(
            [dask, "scheduler", "--host", "127.0.0.1", "--port", str(port), "--no-dashboard"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
    ]
    for _ in range(2):
        procs.append(
            subprocess.Popen(
                [dask, "worker", addr, "--nthreads", "1", "--no-dashboard", "--host", "127.0.0.1"],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
        )
    from distributed import Client

    deadline = time.time() + 60
    while True:
        try:
            with Client(addr, timeout="2s") as c:
                if len(c.scheduler_info()["workers"]) == 2:
                    break
        except OSError:
            pass
        if time.time() > deadline:
            raise RuntimeError("dask cluster did not start")
        time.sleep(0.5)
    yield addr
    for p in procs:
        p.terminate()
    for p in procs:
        p.wait(timeout=30)


def test_batch_on_dask_matches_local(tmp_path, dask_cluster):
    """The same CSV through a Dask cluster and the local pool gives the same statuses and
    verified plans."""
    csv_path = small_csv(tmp_path / "a.csv", 6)
    local = run_batch(csv_path, tmp_path / "local", SETTINGS, jobs=2)
    remote = run_batch(csv_path, tmp_path / "dask", SETTINGS, scheduler=dask_cluster)
    assert local.counts == remote.counts
    a = {r["id"]: (r["status"], r["objective"], r["verified"]) for r in summary(tmp_path / "local")}
    b = {r["id"]: (r["status"], r["objective"], r["verified"]) for r in summary(tmp_path / "dask")}
    assert a == b


def test_batch_scheduler_local_starts_a_local_cluster(tmp_path):
    """--scheduler local:1 runs the batch on a LocalCluster it starts, with verified plans."""
    csv_path = small_csv(tmp_path / "a.csv", 2)
    res = CliRunner().invoke(
        main,
        [
            "batch",
            str(csv_path),
            "-o",
            str(tmp_path / "o"),
            "--scheduler",
            "local:1",
            "--slot-minutes",
            "30",
            "--time-limit",
            "10",
        ],
    )
    assert res.exit_code == 0, res.output
    assert {r["verified"] for r in summary(tmp_path / "o")} == {"True"}


def test_batch_unreachable_scheduler_is_bad_input(tmp_path):
    """An address no scheduler answers on exits 2 with a message naming it."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # closed again: nobody listens there
    csv_path = small_csv(tmp_path / "a.csv", 1)
    addr = f"tcp://127.0.0.1:{port}"
    res = CliRunner().invoke(
        main, ["batch", str(csv_path), "-o", str(tmp_path / "o"), "--scheduler", addr]
    )
    assert res.exit_code == 2, res.output
    assert f"--scheduler '{addr}': cannot reach the Dask scheduler" in res.output


def test_local_workers_parses_local_forms():
    """local -> the cores, local:3 -> 3, an address -> None, local:0 -> bad input."""
    from solver.batch.engines import cores, local_workers
    from solver.batch.rows import BatchInputError

    assert local_workers("local") == cores()
    assert local_workers("local:3") == 3
    assert local_workers("tcp://10.0.0.5:8786") is None
    with pytest.raises(BatchInputError):
        local_workers("local:0")


def test_batch_summary_lists_readiness_warnings(tmp_path):
    """A health athlete far under the WHO minimum gets a plan, and summary.csv carries its
    volume_below_peak warning (SPEC §3c)."""
    from tests.conftest import make_profile

    p = make_profile(goal="health", run_minutes_per_week=60, weeks=4)
    path = tmp_path / "athletes.csv"
    from solver.batch.rows import CSV_COLUMNS

    with path.open("w", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=CSV_COLUMNS)
        w.writeheader()
        w.writerow(mapping_to_row(p.model_dump(mode="json")))
    run_batch(path, tmp_path / "out", SETTINGS, jobs=1)
    (row,) = summary(tmp_path / "out")
    assert row["status"] == "OPTIMAL"
    assert row["warnings"].startswith("volume_below_peak:") and "WHO" in row["warnings"]
