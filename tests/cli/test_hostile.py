"""Issue 12's hostile-input corpus (tests/cli/hostile/cases.yaml) and the defects that need more
than one command to show: planted symlinks, colliding names, resume, kill -9, Ctrl-C."""

from __future__ import annotations

import copy
import csv
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner

from cli.main import main
from models.export import write_plan
from models.settings import SolverSettings
from solver.batch.run import run_batch

CORPUS = Path(__file__).parent / "hostile"
CASES: list[dict[str, Any]] = yaml.safe_load((CORPUS / "cases.yaml").read_text())
SETTINGS = SolverSettings(time_limit_s=20, slot_minutes=15, workers=1)
REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def base_plan(tmp_path_factory) -> Path:
    """profiles/base.yaml solved once (slot 15) and written like `solve -o` does."""
    from models.profile import load_profile
    from solver import solve

    plan = solve(load_profile(CORPUS / "profiles" / "base.yaml"), SETTINGS)
    assert plan.has_schedule
    folder = tmp_path_factory.mktemp("base")
    write_plan(plan, folder)
    return folder / "plan.json"


def _hhmm(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def _minutes(text: str) -> int:
    h, m = text.split(":")
    return int(h) * 60 + int(m)


def tamper(plan: dict[str, Any], ops: list[dict[str, Any]]) -> dict[str, Any]:
    """Apply a case's tamper operations to a copy of a plan.json mapping."""
    out = copy.deepcopy(plan)
    for op in ops:
        for kind, arg in op.items():
            runs = [s for s in out["sessions"] if s["modality"] == "run"]
            if kind == "set":
                for dotted, value in arg.items():
                    *parents, leaf = dotted.split(".")
                    target = out
                    for p in parents:  # a number indexes a list (sessions.0.intensity)
                        target = target[int(p)] if isinstance(target, list) else target[p]
                    if isinstance(target, list):
                        target[int(leaf)] = value
                    else:
                        target[leaf] = value
            elif kind == "move_first_run":
                runs[0]["start"] = arg
                runs[0]["end"] = _hhmm(_minutes(arg) + runs[0]["duration_min"])
            elif kind == "shift_first_run_min":
                start = _minutes(runs[0]["start"]) + arg
                runs[0]["start"] = _hhmm(start)
                runs[0]["end"] = _hhmm(start + runs[0]["duration_min"])
            elif kind == "drop_runs_of_week":
                out["sessions"] = [
                    s for s in out["sessions"] if not (s["modality"] == "run" and s["week"] == arg)
                ]
            elif kind == "duplicate_first_lift":
                lift = next(s for s in out["sessions"] if s["modality"] == "lift")
                out["sessions"].append(copy.deepcopy(lift))
            elif kind == "repeat_sessions":  # without prescriptions: the count, not the size
                one = {**out["sessions"][0], "prescription": None}
                out["sessions"] = [dict(one) for _ in range(arg)]
            else:
                raise ValueError(f"unknown tamper operation {kind!r}")
    return out


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_hostile_case(case, base_plan, tmp_path):
    """Each corpus case exits with its code, names the field/row and value, never a traceback."""
    out = tmp_path / "out"
    tampered = tmp_path / "tampered.json"
    if "tamper" in case:
        plan = json.loads(base_plan.read_text())
        tampered.write_text(json.dumps(tamper(plan, case["tamper"])))
    args = [
        str(a).format(h=CORPUS, out=out, plan=base_plan, tampered=tampered) for a in case["args"]
    ]
    res = CliRunner().invoke(main, args)
    assert res.exit_code == case["exit"], res.output
    assert "Traceback" not in res.output
    for text in case.get("expect", []):
        assert text in res.output, res.output
    for text in case.get("absent", []):
        assert text not in res.output, res.output
    for rel, texts in case.get("files", {}).items():
        body = (out / rel).read_text(encoding="utf-8")
        for text in texts:
            assert text in body, body


def test_every_corpus_file_has_a_case():
    """No file in the corpus is left out of cases.yaml (or the fixtures that use it)."""
    used = {"profiles/base.yaml", "csv/formula_ids.csv", "csv/colliding_ids.csv"}
    text = (CORPUS / "cases.yaml").read_text()
    for path in CORPUS.rglob("*"):
        rel = path.relative_to(CORPUS).as_posix()
        if path.is_file() and rel != "cases.yaml" and rel not in used:
            assert "{h}/" + rel in text, f"{rel} is in no case"


# --- the file system ------------------------------------------------------------------------
def test_solve_does_not_write_through_planted_symlinks(tmp_path):
    """Symlinks planted at the old temporary name and at plan.json are never followed."""
    victim = tmp_path / "victim.txt"
    victim.write_text("precious")
    out = tmp_path / "out"
    out.mkdir()
    (out / ".plan.json.tmp").symlink_to(victim)
    (out / "timetable.csv").symlink_to(victim)
    res = CliRunner().invoke(
        main, ["solve", str(CORPUS / "profiles" / "base.yaml"), "-o", str(out), "-q"]
    )
    assert res.exit_code == 0, res.output
    assert victim.read_text() == "precious"
    assert not (out / "timetable.csv").is_symlink()
    assert json.loads((out / "plan.json").read_text())["athlete_id"] == "base"


def test_batch_colliding_ids_keep_their_own_folders(tmp_path):
    """Ids that used to share a folder (a/b and its safe name, Ann and ann) each keep their
    plan: every folder's plan.json belongs to the id the summary gives it."""
    report = run_batch(CORPUS / "csv" / "colliding_ids.csv", tmp_path, SETTINGS, jobs=1)
    assert report.counts == {"OPTIMAL": 4}
    with (tmp_path / "summary.csv").open(newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert len({r["safe_id"].casefold() for r in rows}) == 4
    for r in rows:
        plan = json.loads((tmp_path / r["safe_id"] / "plan.json").read_text())
        assert plan["athlete_id"] == r["id"]


def test_batch_refuses_a_symlinked_athlete_folder(tmp_path):
    """An athlete folder planted as a symlink fails that athlete alone (ERROR), not the batch,
    and nothing is written where it points."""
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    out = tmp_path / "out"
    out.mkdir()
    (out / "ok-1").symlink_to(elsewhere, target_is_directory=True)
    report = run_batch(CORPUS / "csv" / "trailing_comma.csv", out, SETTINGS, jobs=1)
    assert report.counts == {"ERROR": 1, "OPTIMAL": 1}
    assert list(elsewhere.iterdir()) == []


def test_resume_matches_formula_ids_on_the_real_id(tmp_path):
    """Ids starting with @ + = - or a quote are neutralised in summary.csv only: a resume finds
    them done and solves none of them twice."""
    src = CORPUS / "csv" / "formula_ids.csv"
    first = run_batch(src, tmp_path, SETTINGS, jobs=1)
    assert first.counts == {"OPTIMAL": 5}
    body = (tmp_path / "summary.csv").read_text()
    assert "'@handle" in body and "'+4412345" in body and "''=q" in body
    again = run_batch(src, tmp_path, SETTINGS, jobs=1)
    assert again.skipped == 5 and again.counts == {"OPTIMAL": 5}


def test_profile_file_size_is_capped(tmp_path):
    """A profile over 1 MB (a 50 MB name) is refused before parsing, naming the size."""
    big = tmp_path / "big.yaml"
    big.write_text("id: x\nname: " + "N" * 1_100_000 + "\n")
    res = CliRunner().invoke(main, ["solve", str(big)])
    assert res.exit_code == 2 and "larger than 1,000,000 bytes" in res.output


# --- verify takes history from the command line ----------------------------------------------
def test_verify_replanned_plan_with_original_and_log(base_plan, tmp_path):
    """A re-planned plan passes with --original/--log/--from; a history that differs from the
    original plan with the log applied, or a later week's changed targets, is a violation;
    the options go together."""
    profile = str(CORPUS / "profiles" / "base.yaml")
    log = str(CORPUS / "logs" / "empty.csv")
    out = tmp_path / "re"
    res = CliRunner().invoke(
        main, ["replan", str(base_plan), log, "--from", "2027-01-07", "-o", str(out)]
    )
    assert res.exit_code == 0, res.output
    new = out / "plan.json"
    given = ["--original", str(base_plan), "--log", log, "--from", "2027-01-07"]
    res = CliRunner().invoke(main, ["verify", profile, str(new), *given])
    assert res.exit_code == 0 and res.output.startswith("OK"), res.output
    plan = json.loads(new.read_text())
    first = next(s for s in plan["sessions"] if s["date"] < "2027-01-07")
    plan["sessions"].remove(first)
    forged = tmp_path / "forged.json"
    forged.write_text(json.dumps(plan))
    res = CliRunner().invoke(main, ["verify", profile, str(forged), *given])
    assert res.exit_code == 1 and "history: the sessions before 2027-01-07" in res.output
    plan = json.loads(new.read_text())
    plan["weeks"][1]["targets"]["run_minutes"]["max"] += 30  # a later week's goalposts
    forged.write_text(json.dumps(plan))
    res = CliRunner().invoke(main, ["verify", profile, str(forged), *given])
    assert res.exit_code == 1 and "H5: week 2: targets differ" in res.output, res.output
    res = CliRunner().invoke(main, ["verify", profile, str(new), "--log", log])
    assert res.exit_code == 2 and "--original, --from needed with --log" in res.output


# --- exit codes of the process ------------------------------------------------------------------
def test_unexpected_error_is_one_line_exit_70(monkeypatch):
    """An internal error prints one line and exits 70; --debug shows the traceback."""
    import cli.render

    def boom(*_a: Any, **_k: Any) -> None:
        raise RuntimeError("something\nbroke")

    monkeypatch.setattr(cli.render, "solve_with_progress", boom)
    args = ["solve", str(CORPUS / "profiles" / "base.yaml")]
    res = CliRunner().invoke(main, args)
    assert res.exit_code == 70
    assert res.output.strip().splitlines() == [
        "internal error: RuntimeError: something broke (run `hybridplan --debug ...` for the "
        "traceback)"
    ]
    res = CliRunner().invoke(main, ["--debug", *args])
    assert res.exit_code == 70 and "Traceback" in res.stderr and "RuntimeError" in res.stderr


def _big_csv(path: Path, n: int) -> Path:
    from models.profile import load_profile
    from solver.batch.rows import CSV_COLUMNS, mapping_to_row

    prof = load_profile(CORPUS / "profiles" / "long_52w.yaml").to_json_dict()
    with path.open("w", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=CSV_COLUMNS)
        w.writeheader()
        for i in range(n):
            w.writerow(mapping_to_row({**prof, "id": f"long-{i}"}))
    return path


def _batch_process(tmp_path: Path, **popen: Any) -> subprocess.Popen[bytes]:
    """A batch of slow (52-week) athletes with two workers, in its own process."""
    src = _big_csv(tmp_path / "big.csv", 4)
    cmd = [sys.executable, "-m", "cli.main", "batch", str(src), "-o", str(tmp_path / "out")]
    cmd += ["--jobs", "2", "--oversubscribe", "--time-limit", "120", "--no-resume"]
    return subprocess.Popen(cmd, cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, **popen)


def _children(pid: int) -> set[int]:
    out: set[int] = set()
    for task in Path(f"/proc/{pid}/task").iterdir():
        out |= {int(x) for x in (task / "children").read_text().split()}
    return out


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except FileNotFoundError:
        return False
    return state not in ("Z", "X")


def _wait_for(predicate: Any, seconds: float) -> bool:
    """Poll until `predicate()` holds or `seconds` pass (a bound, not a timing assertion)."""
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if predicate():
            return True
        time.sleep(0.2)
    return predicate()


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="reads /proc (Linux)")
def test_kill_9_of_the_batch_takes_its_workers_down(tmp_path):
    """After kill -9 of the batch process its worker processes exit too (they were left
    running at about 150 MB each)."""
    proc = _batch_process(tmp_path)
    try:
        assert _wait_for(lambda: len(_children(proc.pid)) >= 2, 60), "no workers started"
        workers = _children(proc.pid)
        proc.kill()
        proc.wait(timeout=30)
        gone = _wait_for(lambda: not any(_alive(w) for w in workers), 30)
        left = [w for w in workers if _alive(w)]
        for w in left:  # do not leak them into the rest of the suite
            os.kill(w, signal.SIGKILL)
        assert gone, f"workers still running after their parent died: {left}"
    finally:
        proc.kill()
        proc.communicate(timeout=30)


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="reads /proc (Linux)")
def test_ctrl_c_exits_130_without_a_traceback(tmp_path):
    """Ctrl-C (SIGINT to the whole process group, as a terminal sends it) exits 130 with one
    message and no traceback from the parent or its workers."""
    proc = _batch_process(tmp_path, start_new_session=True)
    try:
        assert _wait_for(lambda: len(_children(proc.pid)) >= 2, 60), "no workers started"
        time.sleep(2)  # the workers are importing or solving
        os.killpg(proc.pid, signal.SIGINT)
        _, err = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.communicate(timeout=30)
    text = err.decode()
    assert proc.returncode == 130, text
    assert "Traceback" not in text and "Exception ignored" not in text, text
    assert "run the same command to resume" in text
