"""Stage 1 of 3: requirements -> CpModel (variables, hard rules in SPEC order, objective)."""

from __future__ import annotations

from dataclasses import dataclass

from ortools.sat.python import cp_model

from models.periodization import Requirements
from models.weights import weights_for
from solver.model.context import BuildContext
from solver.model.objective import build_objective
from solver.model.rules import add_constraints
from solver.model.variables import make_variables


@dataclass
class BuiltModel:
    model: cp_model.CpModel
    ctx: BuildContext
    weights: dict[str, float]


def build_model(
    req: Requirements,
    *,
    diagnostic: bool = False,
    formulation: str = "day",
    window_domains: bool = True,
    weeks: tuple[int, int] | None = None,
    known_week_minutes: dict[int, int] | None = None,
    history_before_day: int = 0,
) -> BuiltModel:
    """The CP-SAT model; `diagnostic` guards each (rule, week) with an assumption literal and
    leaves the objective out (infeasibility cores do not need it). `weeks` = (w0, w1) models
    only that window of plan weeks (the decomposition's sub-problems)."""
    model = cp_model.CpModel()
    w0, w1 = weeks if weeks is not None else (0, len(req.weeks))
    variables = make_variables(model, req, w0, w1, history_before_day)
    ctx = BuildContext(
        model=model,
        req=req,
        vars=variables,
        diagnostic=diagnostic,
        formulation=formulation,
        window_domains=window_domains,
        known_week_minutes=dict(known_week_minutes or {}),
        history_before_day=history_before_day,
    )
    add_constraints(ctx)
    weights = weights_for(req.profile)
    if not diagnostic:
        model.minimize(build_objective(ctx, weights))
    return BuiltModel(model=model, ctx=ctx, weights=weights)
