"""CP-SAT parameters by name (SPEC §4b), validated by the proto, and `make_solver`, the one place
a CpSolver gets its parameters and its log (solve phases, decomposition blocks, benchmarks)."""

from __future__ import annotations

import logging
from typing import Any

from google.protobuf import text_format
from ortools.sat import sat_parameters_pb2
from ortools.sat.python import cp_model

from models.settings import SolverSettings

# CP-SAT's search log goes here when logging is configured (the CLI: standard error, so it
# never mixes with --json), else CP-SAT prints it itself; on with `--verbose` (this logger
# at DEBUG) or `--param log_search_progress=true`
CPSAT_LOG = logging.getLogger("hybridplan.cpsat")


def apply_params(params: sat_parameters_pb2.SatParameters, values: dict[str, Any]) -> None:
    """Set fields by name; `text` holds SatParameters text format (e.g. 'linearization_level:2')."""
    for key, value in values.items():
        if key == "text":
            text_format.Merge(str(value), params)
            continue
        field = params.DESCRIPTOR.fields_by_name.get(key)
        if field is None:
            raise ValueError(f"unknown CP-SAT parameter {key!r}")
        repeated = getattr(field, "is_repeated", None)
        if repeated is None:
            repeated = field.label == field.LABEL_REPEATED
        if repeated:
            target = getattr(params, key)
            del target[:]
            target.extend(value if isinstance(value, list | tuple) else [value])
        else:
            setattr(params, key, value)


def params_text(params: sat_parameters_pb2.SatParameters) -> str:
    return text_format.MessageToString(params, as_one_line=True)


def check_params(values: dict[str, Any]) -> None:
    """Raise ValueError/TypeError naming a parameter CP-SAT would not accept."""
    try:
        apply_params(sat_parameters_pb2.SatParameters(), values)
    except (TypeError, text_format.ParseError) as exc:
        raise ValueError(f"bad CP-SAT parameter: {exc}") from None


def make_solver(
    settings: SolverSettings,
    subsolvers: list[str] | None = None,
    phase: int = 0,
    dt_limit: float | None = None,
) -> tuple[cp_model.CpSolver, str]:
    """A solver carrying the settings' CP-SAT parameters, and their text for the record."""
    params = sat_parameters_pb2.SatParameters()
    if subsolvers is None and settings.workers == 1:
        subsolvers = settings.phases()[0]
    apply_params(params, settings.effective_params(subsolvers, phase))
    if dt_limit is not None:
        params.max_deterministic_time = dt_limit
    text = params_text(params)
    solver = cp_model.CpSolver()
    solver.parameters.merge_text_format(text)
    if CPSAT_LOG.isEnabledFor(logging.DEBUG):
        solver.parameters.log_search_progress = True
    if solver.parameters.log_search_progress and CPSAT_LOG.hasHandlers():
        solver.parameters.log_to_stdout = False
        solver.log_callback = CPSAT_LOG.info
    return solver, text
