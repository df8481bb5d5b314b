"""`hybridplan bench`: run every (instance, configuration, seed) of a suite and record it.

One row per run in OUTDIR/runs.csv, appended as runs finish; finished keys are skipped on a
re-run (resume); a crashed run is a row with status ERROR and the rest go on; a warm-up run
comes first and is not recorded. The incumbent timeline comes from CP-SAT's own search log,
timed from the start of the run's time limit (CLOCK), so the model build counts.
"""

from __future__ import annotations

import concurrent.futures as cf
import csv
import functools
import gc
import io
import json
import multiprocessing as mp
import platform
import random
import subprocess
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path
from typing import Any

import yaml

from models.files import appended_records, atomic_write, open_append
from models.periodization import Requirements, build_requirements, plan_weeks
from models.plan import Plan, PlanSession
from models.profile import AthleteProfile, load_profile
from models.settings import SolverSettings
from models.strict import StrictInputError, load_yaml
from solver.bench.stats import (
    CLOCK,
    BenchConfig,
    expand_configs,
    parse_incumbents,
    primal_integral,
)

RUN_COLUMNS = (
    "instance",
    "group",
    "weeks",
    "goal",
    "sessions_per_week",
    "available_days",
    "slot_minutes",
    "config",
    "seed",
    "params",
    "options",
    "is_default",
    "status",
    "objective",
    "bound",
    "gap",
    "build_s",
    "wall_s",
    "det_time",
    "time_to_first",
    "time_to_best",
    "primal_integral",
    "timeline",
    "clock",
    "verified",
    "hard_violations",
    "interference_events",
    "shared_days",
    "error",
    "time_limit_s",
    "ortools",
    "python",
    "git",
    "cpu",
)
DEFAULT_SLOT = {"large": 15}
ORDER_SEED = 2026


@dataclass
class Instance:
    group: str
    name: str
    path: Path
    slot_minutes: int


def load_suite(suite: str | Path, groups: list[str] | None = None) -> list[Instance]:
    """`<suite>/<group>/*.yaml`, or a single group folder `<group>/*.yaml` (its slot then
    comes from the parent's suite.yaml); `<suite>/suite.yaml` may set `slot_minutes` per
    group. `groups` keeps only those groups (a settings file's `groups:` key). A suite with
    no instances is a ValueError that says where it looked."""
    root = Path(suite)
    single = any(root.glob("*.yaml")) and not any(root.glob("*/*.yaml"))
    group_dirs = [root] if single else sorted(p for p in root.iterdir() if p.is_dir())
    if groups is not None:
        missing = sorted(set(groups) - {p.name for p in group_dirs})
        if missing:
            raise ValueError(f"groups: no such group in {root}: {', '.join(missing)}")
    meta_file = (root.parent if single else root) / "suite.yaml"
    meta = load_yaml(meta_file.read_text(encoding="utf-8")) if meta_file.exists() else {}
    slots = {**DEFAULT_SLOT, **(meta or {}).get("slot_minutes", {})}
    out = []
    for group_dir in group_dirs:
        if groups is not None and group_dir.name not in groups:
            continue
        for f in sorted(group_dir.glob("*.yaml")):
            if single and f.name == "suite.yaml":
                continue
            out.append(
                Instance(
                    group_dir.name,
                    f"{group_dir.name}/{f.stem}",
                    f,
                    int(slots.get(group_dir.name, 30)),
                )
            )
    if not out:
        raise ValueError(
            f"--suite {root}: no instances: looked for {root}/<group>/*.yaml and {root}/*.yaml"
        )
    return out


def features(profile: AthleteProfile, slot: int) -> dict[str, Any]:
    req = build_requirements(profile, slot)
    sessions = sum(sum(w.sessions.values()) for w in req.weeks) / max(1, len(req.weeks))
    days = sum(1 for d in profile.availability.values() if d)
    return {
        "weeks": profile.horizon_weeks,
        "goal": profile.goal,
        "sessions_per_week": round(sessions, 2),
        "available_days": days,
    }


def environment() -> dict[str, str]:
    try:
        git = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, timeout=5
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        git = ""
    cpu = platform.processor()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {
        "ortools": version("ortools"),
        "python": platform.python_version(),
        "git": git,
        "cpu": cpu,
    }


# the options that tell configurations apart besides their CP-SAT parameters, which
# `model_options` records phase by phase (first_phase_params included); the slot is per instance
MODEL_OPTIONS = tuple(
    f
    for f in SolverSettings.model_fields
    if f not in ("time_limit_s", "seed", "slot_minutes", "params", "first_phase_params")
)
_PER_RUN = ("random_seed", "max_time_in_seconds", "num_workers", "subsolvers")


def model_options(settings: SolverSettings) -> dict[str, Any]:
    """hybridplan's own options of a configuration and its CP-SAT parameters with the
    defaults filled in; equal dicts mean equal configurations (the report uses that to find
    the shipped default and same-settings replicates)."""
    out = settings.model_dump(include=set(MODEL_OPTIONS))
    out["cp_sat"] = [
        {k: v for k, v in sorted(settings.effective_params(ph, i).items()) if k not in _PER_RUN}
        for i, ph in enumerate(settings.phases())
    ]
    return out


@functools.cache
def _instance(path: Path, slot: int) -> tuple[AthleteProfile, dict[str, Any]]:
    """Each instance file is read and validated once per process, not once per run (the
    solver never changes the profile)."""
    profile = load_profile(path)
    return profile, features(profile, slot)


@functools.cache
def _shipped_options() -> dict[str, Any]:
    return model_options(SolverSettings())


def run_one(inst: Instance, cfg: BenchConfig, seed: int, time_limit: float) -> dict[str, Any]:
    """One solve, measured: build, phases with their search log, decode, verify. Python's
    garbage collector is paused during the run (as `timeit` does): a collection landing in
    the log callback otherwise adds milliseconds to runs that last tens of them. (No
    gc.collect() first: a full collection costs more than most small runs.)"""
    gc.disable()
    try:
        return _run_one(inst, cfg, seed, time_limit)
    finally:
        gc.enable()


def _run_one(inst: Instance, cfg: BenchConfig, seed: int, time_limit: float) -> dict[str, Any]:
    from solver.decompose import solve_decomposed
    from solver.model.build import build_model
    from solver.model.objective import WEIGHT_SCALE
    from solver.pipeline import STATUS, solve_phases

    row: dict[str, Any] = {
        "instance": inst.name,
        "group": inst.group,
        "config": cfg.name,
        "seed": seed,
        "slot_minutes": inst.slot_minutes,
        "time_limit_s": time_limit,
    }
    try:
        profile, feats = _instance(inst.path, inst.slot_minutes)
        row.update(feats)
        if cfg.settings.get("planner") == "greedy":
            row.update(options=json.dumps({"planner": "greedy"}), is_default=False)
            return _greedy_row(row, profile, inst.slot_minutes)
        settings = SolverSettings(
            time_limit_s=time_limit,
            seed=seed,
            slot_minutes=inst.slot_minutes,
            params=cfg.params,
            **cfg.settings,
        )
        options = model_options(settings)
        row.update(
            options=json.dumps(options, sort_keys=True),
            is_default=options == _shipped_options(),
        )
        t0 = time.perf_counter()
        req = build_requirements(profile, inst.slot_minutes)
        if req.conflicts:
            row.update(
                status="INFEASIBLE",
                build_s=round(time.perf_counter() - t0, 4),
                wall_s=round(time.perf_counter() - t0, 4),
                verified=True,
            )
            return row
        # The time limit starts here, before the model build, and so does the clock of the
        # incumbent timeline (CLOCK): a model option pays for the build time it adds, and a
        # decomposition, which builds its block models as it goes, is timed like the rest.
        t_limit = time.monotonic()
        deadline = t_limit + time_limit  # a failed decomposition's fallback shares it
        row["clock"] = CLOCK
        if settings.decompose(len(req.weeks)):
            dec = solve_decomposed(req, settings, deadline)
            if dec is not None:
                row.update(params="decomposition: blocks", build_s=0.0, det_time=None)
                plan = _plan(profile, req, "FEASIBLE", dec.sessions, dec.lower_bound, t0, inst)
                # the stitched plan is the only incumbent the whole instance ever has
                stitched = [(dec.plan_at - t_limit, float(plan.objective or 0.0))]
                return _plan_row(row, profile, plan, stitched, time_limit, t0)
        built = build_model(req, **settings.build_options())
        t_build = time.perf_counter() - t0
        phased = solve_phases(built.model, settings, deadline, capture_log=True, log_origin=t_limit)
        status = STATUS.get(phased.code, "UNKNOWN")
        timeline = parse_incumbents(phased.log or [], WEIGHT_SCALE)
        row.update(
            status=status,
            params=" || ".join(phased.texts),
            build_s=round(t_build, 4),
            det_time=round(phased.deterministic_time, 4),
        )
        if phased.solver is not None and status in ("OPTIMAL", "FEASIBLE"):
            from solver.model.decode import decode_sessions

            sessions = decode_sessions(built, phased.solver)
            plan = _plan(profile, req, status, sessions, phased.bound / WEIGHT_SCALE, t0, inst)
            return _plan_row(row, profile, plan, timeline, time_limit, t0)
        row.update(timeline=json.dumps([[round(t, 4), z] for t, z in timeline]))
        row["wall_s"] = round(time.perf_counter() - t0, 4)
    except Exception as exc:  # a crashed run is recorded, the rest go on
        row.update(status="ERROR", error=f"{type(exc).__name__}: {exc}")
    return row


def _plan(
    profile: AthleteProfile,
    req: Requirements,
    status: str,
    sessions: list[PlanSession],
    bound: float,
    t0: float,
    inst: Instance,
) -> Plan:
    from solver.pipeline import _finish

    plan = Plan(
        athlete_id=profile.id,
        status=status,
        sessions=sessions,
        weeks=plan_weeks(req),
        settings={"slot_minutes": inst.slot_minutes},
        profile=profile.to_json_dict(),
    )
    return _finish(plan, profile, bound, t0, proven=status == "OPTIMAL")


def _plan_row(
    row: dict[str, Any],
    profile: AthleteProfile,
    plan: Plan,
    timeline: list[tuple[float, float]],
    time_limit: float,
    t0: float,
) -> dict[str, Any]:
    """Outcome, objective terms, the verifier's verdict and the timeline figures of a plan."""
    from solver.verify import verify_plan

    row.update(
        status=plan.status,
        objective=plan.objective,
        bound=plan.best_bound,
        gap=plan.gap,
        verified=verify_plan(profile, plan, slot_minutes=row["slot_minutes"]).ok,
        interference_events=plan.objective_terms["interference_next_day"].value,
        shared_days=plan.objective_terms["priority_shared_day"].value,
        hard_violations=0,
        timeline=json.dumps([[round(t, 4), z] for t, z in timeline]),
    )
    if timeline:
        row.update(
            time_to_first=round(timeline[0][0], 4),
            time_to_best=round(timeline[-1][0], 4),
            primal_integral=round(primal_integral(timeline, timeline[-1][1], time_limit), 5),
        )
    row["wall_s"] = round(time.perf_counter() - t0, 4)
    return row


def _greedy_row(row: dict[str, Any], profile: AthleteProfile, slot: int) -> dict[str, Any]:
    """The greedy template planner, judged by the same verifier and objective."""
    from solver.bench.baseline import greedy_plan
    from solver.verify import verify_plan

    t0 = time.perf_counter()
    plan = greedy_plan(profile, slot)
    row.update(
        params="greedy template, first free window",
        build_s=0.0,
        wall_s=round(time.perf_counter() - t0, 4),
    )
    if not plan.has_schedule:
        row.update(status="UNKNOWN", error="greedy: no free window for some session")
        return row
    broken = verify_plan(profile, plan, slot_minutes=slot).violations
    row.update(
        status="FEASIBLE",
        objective=plan.objective,
        verified=not broken,
        hard_violations=len(broken),
        interference_events=plan.objective_terms["interference_next_day"].value,
        shared_days=plan.objective_terms["priority_shared_day"].value,
    )
    return row


def _key(row: dict[str, Any]) -> tuple[str, str, int]:
    return (str(row["instance"]), str(row["config"]), int(row["seed"]))


def read_settings(path: str | Path) -> dict[str, Any]:
    """A bench settings file: a mapping whose `configs` is a list of mappings with a `name`,
    `seeds` a whole number >= 1, `time_limit_s` a number > 0; else a ValueError naming the
    field and the value (they were internal errors, or an empty file a crash of the report)."""
    where = f"--settings {path}"
    try:
        doc = load_yaml(Path(path).read_text(encoding="utf-8"))  # no aliases, no key twice
    except (yaml.YAMLError, UnicodeDecodeError, StrictInputError) as exc:
        raise ValueError(f"{where}: not valid YAML: {' '.join(str(exc).split())}") from None
    if not isinstance(doc, dict):
        raise ValueError(f"{where}: expected a mapping with a configs: list (got {doc!r:.60})")
    configs = doc.get("configs")
    if (
        not isinstance(configs, list)
        or not configs
        or not all(isinstance(c, dict) and "name" in c for c in configs)
    ):
        raise ValueError(
            f"{where}: configs: expected a list of mappings, each with a name (got {configs!r:.60})"
        )
    seeds = doc.get("seeds", 3)
    if isinstance(seeds, bool) or not isinstance(seeds, int) or seeds < 1:
        raise ValueError(f"{where}: seeds: expected a whole number >= 1 (got {seeds!r:.60})")
    limit = doc.get("time_limit_s", 10)
    if isinstance(limit, bool) or not isinstance(limit, int | float) or not 0 < limit < 1e6:
        raise ValueError(f"{where}: time_limit_s: expected seconds > 0 (got {limit!r:.60})")
    return doc


def run_bench(
    suite: str | Path,
    settings_file: str | Path,
    outdir: str | Path,
    *,
    time_limit: float | None = None,
    seeds: int | None = None,
    parallel: int = 1,
    on_row: Callable[[dict[str, Any]], None] | None = None,
) -> dict[str, Any]:
    """Run what is missing from OUTDIR/runs.csv; return counts and the harness overhead."""
    doc = read_settings(settings_file)
    configs = expand_configs(doc)
    n_seeds = seeds or int(doc.get("seeds", 3))
    limit = time_limit or float(doc.get("time_limit_s", 10))
    groups = doc.get("groups")
    instances = load_suite(suite, [str(g) for g in groups] if groups is not None else None)
    out = Path(outdir)
    out.mkdir(parents=True, exist_ok=True)
    kept = out / "settings.yaml"  # the settings next to their results (a resume keeps the first)
    if not kept.exists():
        atomic_write(kept, Path(settings_file).read_text())
    runs = out / "runs.csv"
    done: set[tuple[str, str, int]] = set()
    if runs.exists():
        with runs.open(newline="", encoding="utf-8", errors="replace") as fh:
            fieldnames = csv.DictReader(fh).fieldnames
        if fieldnames is not None and list(fieldnames) != list(RUN_COLUMNS):
            # appending would misalign the columns, or mix two timeline clocks
            raise ValueError(
                f"{runs}: its columns are not this version's (missing: "
                f"{', '.join(sorted(set(RUN_COLUMNS) - set(fieldnames))) or 'none'}"
                "); resume it with the hybridplan that wrote it, or use a new OUTDIR"
            )
        records, torn = appended_records(runs)
        if torn:  # a run cut off mid-line is run again, and nothing is glued onto it
            buf = io.StringIO()
            w = csv.DictWriter(buf, fieldnames=RUN_COLUMNS, extrasaction="ignore")
            w.writeheader()
            w.writerows(records)
            atomic_write(runs, buf.getvalue())
        for rec in records:
            try:
                done.add(_key(rec))
            except (KeyError, TypeError, ValueError):
                continue  # not a run's line
    todo = [
        (i, c, s)
        for i in instances
        for c in configs
        for s in range(n_seeds)
        if (i.name, c.name, s) not in done
    ]
    # Shuffled (fixed seed): the same solve, with the same deterministic time, takes up to
    # 1.5x longer depending on which runs came before it in the process, so runs in a fixed
    # order (one configuration's seeds back to back) bias a configuration as a whole.
    random.Random(ORDER_SEED).shuffle(todo)
    env = environment()
    if todo:  # warm-up: imports, caches; a solve, so neither recorded nor counted as overhead
        run_one(todo[0][0], todo[0][1], 0, min(limit, 2.0))
    # the long-lived heap (modules, pandas, ortools) leaves the collector's view: the
    # collections deferred by run_one then cost little
    gc.freeze()
    t_all = time.perf_counter()
    new_file = not runs.exists() or runs.stat().st_size == 0
    solve_time = 0.0
    with open(open_append(runs), "a", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, fieldnames=RUN_COLUMNS, extrasaction="ignore")
        if new_file:
            w.writeheader()
        for row in _execute(todo, limit, parallel):
            row.update(env)
            w.writerow(row)
            fh.flush()
            solve_time += float(row.get("wall_s") or 0.0)
            if on_row:
                on_row(row)
    total = time.perf_counter() - t_all
    overhead = (total * max(1, parallel) - solve_time) / max(total * max(1, parallel), 1e-9)
    return {
        "runs": len(todo),
        "skipped": len(done),
        "total_s": round(total, 2),
        "harness_overhead": round(overhead, 4),
    }


def _execute(
    todo: list[tuple[Instance, BenchConfig, int]], limit: float, parallel: int
) -> Iterator[dict[str, Any]]:
    if parallel <= 1:
        for inst, cfg, seed in todo:
            yield run_one(inst, cfg, seed, limit)
        return
    with cf.ProcessPoolExecutor(parallel, mp_context=mp.get_context("spawn")) as pool:
        futures = {pool.submit(run_one, i, c, s, limit): (i, c, s) for i, c, s in todo}
        for fut in cf.as_completed(futures):
            inst, cfg, seed = futures[fut]
            try:
                yield fut.result()
            except Exception as exc:  # the worker process died
                yield {
                    "instance": inst.name,
                    "group": inst.group,
                    "config": cfg.name,
                    "seed": seed,
                    "status": "ERROR",
                    "error": f"{type(exc).__name__}: {exc}",
                }
