"""CP-SAT parameters by name (SPEC §4b): any SatParameters field, validated by the proto."""

from __future__ import annotations

from typing import Any

from google.protobuf import text_format
from ortools.sat import sat_parameters_pb2


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
