"""Stage 2 of 3 (solve) and the public entry point: profile -> requirements -> model -> Plan."""

from __future__ import annotations

import time
from collections.abc import Callable
from importlib.metadata import version
from typing import Any

from ortools.sat import sat_parameters_pb2
from ortools.sat.python import cp_model

from models.periodization import Conflict, Requirements, build_requirements
from models.plan import Plan, PlanConflict, PlanWeek, TermValue
from models.profile import AthleteProfile
from models.settings import SolverSettings
from solver.build import build_model
from solver.decode import decode_sessions
from solver.diagnose import diagnose
from solver.objective import WEIGHT_SCALE
from solver.params import apply_params, params_text
from solver.verify import objective_terms, weighted_objective

ProgressFn = Callable[[float, float, float], None]  # (seconds, objective, bound)

STATUS = {
    cp_model.OPTIMAL: "OPTIMAL",
    cp_model.FEASIBLE: "FEASIBLE",
    cp_model.INFEASIBLE: "INFEASIBLE",
    cp_model.UNKNOWN: "UNKNOWN",
    cp_model.MODEL_INVALID: "INVALID",
}


class _Progress(cp_model.CpSolverSolutionCallback):
    def __init__(self, fn: ProgressFn) -> None:
        super().__init__()
        self.fn = fn

    def on_solution_callback(self) -> None:
        self.fn(
            self.wall_time,
            self.objective_value / WEIGHT_SCALE,
            self.best_objective_bound / WEIGHT_SCALE,
        )


def plan_weeks(req: Requirements) -> list[PlanWeek]:
    return [
        PlanWeek.model_validate(
            {
                "week": t.week,
                "start_date": t.start_date.isoformat(),
                "mesocycle": t.mesocycle,
                "focus": t.focus,
                "deload": t.deload,
                "targets": t.targets_json(),
            }
        )
        for t in req.weeks
    ]


def settings_record(settings: SolverSettings) -> dict[str, object]:
    rec: dict[str, object] = settings.model_dump()
    rec["cp_sat"] = settings.effective_params()
    rec["ortools"] = version("ortools")
    return rec


def make_solver(settings: SolverSettings) -> tuple[cp_model.CpSolver, str]:
    """A solver carrying the settings' CP-SAT parameters, and their text for the record."""
    params = sat_parameters_pb2.SatParameters()
    apply_params(params, settings.effective_params())
    text = params_text(params)
    solver = cp_model.CpSolver()
    solver.parameters.merge_text_format(text)
    return solver, text


def solve(
    profile: AthleteProfile,
    settings: SolverSettings | None = None,
    progress: ProgressFn | None = None,
) -> Plan:
    """Plan one athlete. Infeasibility is a status with conflicts, never an exception."""
    settings = settings or SolverSettings()
    t0 = time.perf_counter()
    req = build_requirements(profile, settings.slot_minutes)
    base: dict[str, Any] = {
        "athlete_id": profile.id,
        "settings": settings_record(settings),
        "profile": profile.to_json_dict(),
        "weeks": plan_weeks(req),
    }
    if req.conflicts:
        return _infeasible(base, req.conflicts, t0)
    built = build_model(req, formulation=settings.formulation)
    solver, text = make_solver(settings)
    base["settings"]["cp_sat_text"] = text
    callback = _Progress(progress) if progress else None
    code = solver.solve(built.model, callback)
    status = STATUS.get(code, "UNKNOWN")
    if status == "INFEASIBLE":
        return _infeasible(base, diagnose(req, min(10.0, settings.time_limit_s)), t0)
    if status in ("UNKNOWN", "INVALID"):
        msg = (
            []
            if status == "UNKNOWN"
            else [PlanConflict(rule="model", message=solver.status_name(code))]
        )
        return Plan(status=status, conflicts=msg, solve_seconds=_since(t0), **base)
    plan = Plan(status=status, sessions=decode_sessions(built, solver), **base)
    terms = objective_terms(profile, plan)
    objective = weighted_objective(profile, terms)
    bound = min(objective, solver.best_objective_bound / WEIGHT_SCALE)
    if status == "OPTIMAL":
        bound = objective
    plan.objective = objective
    plan.best_bound = round(bound, 6)
    plan.gap = round((objective - bound) / max(abs(objective), 1e-9), 6) if objective else 0.0
    plan.objective_terms = {
        k: TermValue(weight=built.weights[k], value=v) for k, v in terms.items()
    }
    plan.solve_seconds = _since(t0)
    return plan


def _since(t0: float) -> float:
    return round(time.perf_counter() - t0, 4)


def _infeasible(base: dict[str, Any], conflicts: list[Conflict], t0: float) -> Plan:
    return Plan(
        status="INFEASIBLE",
        conflicts=[PlanConflict(rule=c.rule, message=c.message) for c in conflicts],
        solve_seconds=_since(t0),
        **base,
    )
