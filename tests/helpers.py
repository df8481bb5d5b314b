"""Tiny-instance helpers: one-week profiles with explicit targets, and fixing variables.

`fix()` pins a session (type, day, start, duration) inside the CP-SAT model, so a rule test
can state "this assignment breaks Hn" and check the model says INFEASIBLE.
"""

from __future__ import annotations

import copy
from typing import Any

from ortools.sat.python import cp_model

from models.catalog import OBJECTIVE_TERMS, parse_hhmm
from models.periodization import build_requirements
from models.profile import AthleteProfile, parse_profile
from solver.model.build import BuiltModel, build_model
from tests.conftest import WIDE

ALL_ZERO = {term: 0.0 for term in OBJECTIVE_TERMS}


def tiny(
    sessions: dict[str, int],
    run_minutes: tuple[int, int] | None = None,
    weeks: int = 1,
    **overrides: Any,
) -> AthleteProfile:
    """A plan whose every week holds exactly `sessions` (explicit mesocycle targets)."""
    targets: dict[str, Any] = {"sessions": sessions}
    if run_minutes is not None:
        targets["run_minutes"] = {"min": run_minutes[0], "max": run_minutes[1]}
    data: dict[str, Any] = {
        "id": "tiny",
        "goal": "general",
        "start_date": "2027-01-04",  # Monday
        "weeks": weeks,
        "availability": copy.deepcopy(WIDE),
        "run_minutes_per_week": 400,
        "longest_recent_run_min": 150,
        "max_hard_share": 0.5,
        "mesocycles": [
            {
                "name": "test",
                "weeks": weeks,
                "focus": "balanced",
                "deload": False,
                "targets": targets,
            }
        ],
    }
    data.update(overrides)
    return parse_profile(data)


def build(profile: AthleteProfile, slot: int = 15, objective: bool = True) -> BuiltModel:
    req = build_requirements(profile, slot)
    assert not req.conflicts, req.conflicts
    return build_model(req, diagnostic=not objective)


def fix(
    built: BuiltModel,
    day: int,
    session_type: str,
    start: str | None = None,
    duration_min: int | None = None,
) -> None:
    """Pin a session of `session_type` on plan day `day` (0 = start_date)."""
    m = built.model
    dv = built.ctx.vars.days[day]
    lit = dv.lift.get(session_type) if session_type.startswith("lift") else dv.run.get(session_type)
    assert lit is not None, f"{session_type} cannot exist on day {day}"
    m.add(lit == 1)
    if start is not None:
        expr = dv.lift_start_min if session_type.startswith("lift") else dv.run_start_min
        m.add(expr == parse_hhmm(start))
    if duration_min is not None:
        assert session_type in dv.dur_min
        m.add(dv.dur_min[session_type] == duration_min)


def forbid(built: BuiltModel, day: int) -> None:
    """No session at all on plan day `day`."""
    dv = built.ctx.vars.days[day]
    for v in [*dv.lift.values(), *dv.run.values()]:
        built.model.add(v == 0)


def status(built: BuiltModel, seconds: float = 20.0) -> str:
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = seconds
    solver.parameters.num_workers = 1
    return solver.status_name(solver.solve(built.model))


def objective(built: BuiltModel, seconds: float = 20.0) -> float:
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = seconds
    solver.parameters.num_workers = 1
    code = solver.solve(built.model)
    assert solver.status_name(code) == "OPTIMAL"
    return solver.objective_value / 1000
