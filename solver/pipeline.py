"""Stage 2 of 3 (solve) and the public entry point: profile -> requirements -> model -> Plan."""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass
from importlib.metadata import version
from typing import Any

from ortools.sat.python import cp_model

from models.catalog import DURATION_RANGE_MIN
from models.periodization import Conflict, Requirements, build_requirements, plan_weeks
from models.plan import Plan, PlanConflict, PlanWarning, TermValue
from models.prescription import attach_prescriptions
from models.profile import AthleteProfile, input_warnings
from models.settings import SolverSettings
from models.weights import weights_for
from solver.decompose import solve_decomposed
from solver.diagnose import diagnose
from solver.model.build import build_model
from solver.model.decode import decode_sessions
from solver.model.objective import WEIGHT_SCALE
from solver.model.params import make_solver
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


def unknown_message(time_limit_s: float) -> str:
    """What an UNKNOWN status means and what to do, said the same by solve, replan, batch."""
    return (
        f"no plan found within the {time_limit_s:g} s time limit (UNKNOWN: neither a plan "
        "nor a proof that none exists); try a longer --time-limit"
    )


def settings_record(settings: SolverSettings) -> dict[str, object]:
    rec: dict[str, object] = settings.model_dump()
    phases = settings.phases()
    rec["cp_sat_phases"] = [
        {**settings.effective_params(ph, i), **({"max_deterministic_time": b[1]} if b else {})}
        for i, (ph, b) in enumerate(zip(phases, settings.phase_budgets(), strict=True))
    ]
    rec["ortools"] = version("ortools")
    return rec


PHASE_BACKSTOP = 2.0


@dataclass
class PhasedResult:
    code: Any  # best CP-SAT status over the phases (cp_model.CpSolverStatus)
    solver: cp_model.CpSolver | None  # the solver holding the best solution
    bound: float  # best bound over the phases, unscaled
    texts: list[str]
    deterministic_time: float = 0.0
    # CP-SAT search log for the benchmarks: (arrival in seconds since `log_origin`, line)
    log: list[tuple[float, str]] | None = None


def solve_phases(
    model: cp_model.CpModel,
    settings: SolverSettings,
    deadline: float,
    callback: cp_model.CpSolverSolutionCallback | None = None,
    capture_log: bool = False,
    log_origin: float | None = None,
) -> PhasedResult:
    """Run the settings' phases in sequence, each warm-started with the best solution so far;
    stop as soon as one proves optimality or infeasibility. With `capture_log`, CP-SAT's
    search log is kept (the benchmarks read the incumbent timeline from it), its lines timed
    from `log_origin` (a time.monotonic() value; default: now)."""
    phases = settings.phases()
    dt_budgets = settings.phase_budgets()
    best: cp_model.CpSolver | None = None
    best_code = cp_model.UNKNOWN
    bound = -math.inf
    texts: list[str] = []
    det = 0.0
    log: list[tuple[float, str]] | None = [] if capture_log else None
    t_start = time.monotonic() if log_origin is None else log_origin

    def result(code: Any, solver: cp_model.CpSolver | None, b: float) -> PhasedResult:
        return PhasedResult(code, solver, b, texts, det, log)

    for i, subsolvers in enumerate(phases):
        left = deadline - time.monotonic()
        if left <= 0.01:
            break
        planned = dt_budgets[i]
        dt_limit = planned[1] if planned is not None else None
        if i == len(phases) - 1:
            budget = left
        elif planned is not None:
            # the phase stops at dt_limit; twice its planned seconds is a backstop that only
            # a machine much slower than the calibration of DT_PER_SECOND reaches
            budget = min(left, PHASE_BACKSTOP * planned[0])
        else:
            budget = left * settings.phase_share
            if i == 0:  # a short limit still gives the LP phase a fair go
                budget = min(left / 3, max(budget, settings.min_first_phase_s))
        solver, text = make_solver(
            settings.model_copy(update={"time_limit_s": max(0.05, budget)}), subsolvers, i, dt_limit
        )
        texts.append(text)
        if log is not None:
            solver.parameters.log_search_progress = True
            solver.parameters.log_to_stdout = False
            solver.log_callback = lambda line: log.append((time.monotonic() - t_start, line))
        code = solver.solve(model, callback)
        det += solver.deterministic_time
        if code in (cp_model.INFEASIBLE, cp_model.MODEL_INVALID):
            return result(code, None, bound)
        if code in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            bound = max(bound, solver.best_objective_bound)
            if best is None or solver.objective_value < best.objective_value:
                best, best_code = solver, code
            if code == cp_model.OPTIMAL or best.objective_value - bound < 0.5:
                return result(cp_model.OPTIMAL, best, best.objective_value)
            if not settings.hints:
                continue
            model.clear_hints()
            for idx in range(len(model.proto.variables)):
                var = model.get_int_var_from_proto_index(idx)
                model.add_hint(var, best.value(var))
    return result(best_code, best, bound)


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
        "warnings": [PlanWarning(code="input", message=m) for m in input_warnings(profile)]
        + list(req.warnings),
    }
    conflicts = req.conflicts or unplaceable_runs(req)
    if conflicts:
        return _infeasible(base, conflicts, t0)
    deadline = time.monotonic() + settings.time_limit_s
    if settings.decompose(len(req.weeks)):
        result = solve_decomposed(req, settings, deadline)
        if result is not None:
            plan = Plan(status="FEASIBLE", sessions=result.sessions, **base)
            plan.settings["decomposition_chunks"] = result.chunks
            return _finish(plan, profile, result.lower_bound, t0, proven=False)
        # a block failed: fall back to the monolithic model with the time that is left
    built = build_model(req, **settings.build_options())
    callback = _Progress(progress) if progress else None
    phased = solve_phases(built.model, settings, deadline, callback)
    base["settings"]["cp_sat_text"] = phased.texts
    status = STATUS.get(phased.code, "UNKNOWN")
    if status == "INFEASIBLE":
        return _infeasible(base, diagnose(req, min(10.0, settings.time_limit_s)), t0)
    if phased.solver is None or status in ("UNKNOWN", "INVALID"):
        msg = []
        if status == "INVALID":
            msg = [PlanConflict(rule="model", message="CP-SAT rejected the model")]
        return Plan(status=status, conflicts=msg, solve_seconds=_since(t0), **base)
    plan = Plan(status=status, sessions=decode_sessions(built, phased.solver), **base)
    return _finish(plan, profile, phased.bound / WEIGHT_SCALE, t0, proven=status == "OPTIMAL")


def unplaceable_runs(req: Requirements) -> list[Conflict]:
    """Weeks that ask for a run type no duration fits (explicit block targets can): H10 caps
    single runs under the type's shortest duration, so the week is infeasible as asked."""
    out = []
    for wk in req.weeks:
        for t in sorted(wk.sessions):
            if t.startswith("run_") and t not in wk.duration_bounds:
                lo = DURATION_RANGE_MIN[t][0]
                out.append(
                    Conflict(
                        "H10",
                        f"week {wk.week}: the targets ask for {wk.sessions[t]} x {t} (at least "
                        f"{lo} min each), but H10 caps single runs at {wk.run_cap_min} min "
                        f"(longest_recent_run_min={req.profile.longest_recent_run_min})",
                    )
                )
    return out


def _finish(plan: Plan, profile: AthleteProfile, bound: float, t0: float, proven: bool) -> Plan:
    """Objective and terms recomputed from the timetable (the verifier's code), bound, gap;
    then each session's prescription (SPEC §5b), the one place plans get them."""
    terms = objective_terms(profile, plan)
    objective = weighted_objective(profile, terms)
    weights = weights_for(profile)
    bound = min(objective, bound)
    if proven or objective - bound < 1e-6:
        plan.status = "OPTIMAL"
        bound = objective
    plan.objective = objective
    plan.best_bound = round(bound, 6)
    plan.gap = round((objective - bound) / max(abs(objective), 1e-9), 6) if objective else 0.0
    plan.objective_terms = {k: TermValue(weight=weights[k], value=v) for k, v in terms.items()}
    plan.solve_seconds = _since(t0)
    return attach_prescriptions(plan, profile)


def _since(t0: float) -> float:
    return round(time.perf_counter() - t0, 4)


def _infeasible(base: dict[str, Any], conflicts: list[Conflict], t0: float) -> Plan:
    return Plan(
        status="INFEASIBLE",
        conflicts=[PlanConflict(rule=c.rule, message=c.message) for c in conflicts],
        solve_seconds=_since(t0),
        **base,
    )
