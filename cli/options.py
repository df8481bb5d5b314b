"""Options shared by several commands, as decorators, and the settings they build."""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from typing import Any, TypeVar

import click

from cli.app import log

F = TypeVar("F", bound=Callable[..., Any])

# SolverSettings field -> the option that sets it (errors name the option)
_OPTION_OF = {
    "time_limit_s": "--time-limit",
    "workers": "--workers",
    "seed": "--seed",
    "slot_minutes": "--slot-minutes",
}


def _set_level(level: int) -> Callable[[click.Context, click.Parameter, bool], None]:
    def callback(ctx: click.Context, param: click.Parameter, value: bool) -> None:
        if value:
            log.setLevel(level)

    return callback


def verbosity_options(f: F) -> F:
    """-q/--quiet (results, warnings and errors only) and -v/--verbose (also debug detail,
    CP-SAT's search log), both on standard error through `logging`."""
    for short, name, level, text in (
        ("-v", "--verbose", logging.DEBUG, "Also debug detail (CP-SAT's search log) on stderr."),
        ("-q", "--quiet", logging.WARNING, "Only results, warnings and errors."),
    ):
        f = click.option(
            short, name, is_flag=True, expose_value=False, callback=_set_level(level), help=text
        )(f)
    return f


def slot_option(help_text: str) -> Callable[[F], F]:
    """--slot-minutes, the grid of session starts."""
    return click.option(
        "--slot-minutes",
        type=click.Choice(["5", "10", "15", "30"]),
        default="15",
        show_default=True,
        help=help_text,
    )


def common_solver_options(f: F) -> F:
    """Time limit, seed, slot grid and raw CP-SAT parameters, passed on as `settings`
    (a validated SolverSettings; its `workers` is the default)."""

    @functools.wraps(f)
    def wrapper(*args: Any, **kw: Any) -> Any:
        kw["settings"] = build_settings(
            kw.pop("time_limit"),
            kw.pop("workers", None),
            kw.pop("seed"),
            kw.pop("slot_minutes"),
            kw.pop("params"),
        )
        return f(*args, **kw)

    g: Any = click.option(
        "--time-limit",
        "time_limit",
        type=click.FloatRange(min=0, min_open=True, max=3600),
        default=30.0,
        show_default=True,
        help="CP-SAT time limit per solve, seconds.",
    )(wrapper)
    g = click.option(
        "--seed",
        type=click.IntRange(min=0),
        default=0,
        show_default=True,
        help="CP-SAT random seed.",
    )(g)
    g = slot_option("Grid for session starts.")(g)
    g = click.option(
        "--param",
        "params",
        multiple=True,
        metavar="NAME=VALUE",
        help="Any CP-SAT parameter, e.g. --param linearization_level=2.",
    )(g)
    return g


def solver_options(f: F) -> F:
    """The common solver options plus --workers (commands that solve one athlete)."""
    g = common_solver_options(f)
    return click.option(
        "--workers",
        type=click.IntRange(min=1, max=64),
        default=None,
        help="CP-SAT workers per solve [default: the benchmarked default, 1].",
    )(g)


def build_settings(
    time_limit: float, workers: int | None, seed: int, slot_minutes: str, params: tuple[str, ...]
) -> Any:
    """SolverSettings from the options; a bad value is BadInput naming its option."""
    from pydantic import ValidationError

    from models.settings import SolverSettings

    parsed: dict[str, Any] = {}
    for item in params:
        if "=" not in item:
            raise click.BadParameter(f"{item!r} is not NAME=VALUE", param_hint="--param")
        k, v = item.split("=", 1)
        parsed[k.strip()] = coerce(v.strip())
    kwargs: dict[str, Any] = {
        "time_limit_s": time_limit,
        "seed": seed,
        "slot_minutes": int(slot_minutes),
        "params": parsed,
    }
    if workers is not None:
        kwargs["workers"] = workers
    try:
        settings = SolverSettings(**kwargs)
    except ValidationError as exc:
        first = exc.errors()[0]
        option = _OPTION_OF.get(str(first["loc"][0]) if first["loc"] else "", "--param")
        msg = str(first["msg"]).removeprefix("Value error, ")
        raise click.BadParameter(msg, param_hint=option) from None
    if parsed:
        from solver.model.params import check_params

        try:
            check_params(settings.effective_params())
        except ValueError as exc:  # an unknown name or a bad value of a CP-SAT parameter
            raise click.BadParameter(str(exc), param_hint="--param") from None
    return settings


def coerce(v: str) -> Any:
    """A --param value as bool, int, float, list (comma-separated) or string."""
    if v.lower() in ("true", "false"):
        return v.lower() == "true"
    for cast in (int, float):
        try:
            return cast(v)
        except ValueError:
            pass
    if "," in v:
        return [x.strip() for x in v.split(",")]
    return v
