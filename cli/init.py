"""`hybridplan init`: a starter profile from a few questions, each with a default, so a
first plan needs no YAML written by hand. The answers are validated like any profile."""

from __future__ import annotations

import datetime as dt
import functools
import typing
from collections.abc import Callable
from typing import Any

import click
import yaml

from models.catalog import WEEKDAYS, Distance, Experience, Goal
from models.profile import DEFAULT_RUN_MINUTES, parse_profile, parse_window

WEEKDAY_WINDOWS = "06:00-08:00, 17:00-21:00"
WEEKEND_WINDOWS = "08:00-12:00"


def next_monday(today: dt.date | None = None) -> dt.date:
    today = today or dt.date.today()
    return today + dt.timedelta(days=7 - today.weekday())


def windows(text: str) -> list[str]:
    """'06:00-08:00, 17:00-21:00' (or '-' / empty for none) -> ['06:00-08:00', ...]."""
    parts = [p.strip() for p in text.replace("|", ",").split(",") if p.strip() not in ("", "-")]
    for p in parts:
        try:
            parse_window(p)
        except ValueError as exc:
            raise click.BadParameter(str(exc)) from None
    return parts


def starter_profile(ask: Callable[..., Any]) -> dict[str, Any]:
    """The profile mapping from `ask(question, default=..., type=...)`: click.prompt when
    interactive, the default itself with --defaults."""
    start = next_monday()
    data: dict[str, Any] = {"id": ask("Athlete id (also the file name of plans)", default="me")}
    goal = ask("Goal", default="general", type=click.Choice(typing.get_args(Goal)))
    data["goal"] = goal
    data["start_date"] = ask("First day of the plan", default=start.isoformat())
    if goal == "race":
        distance = ask("Race distance", default="10k", type=click.Choice(typing.get_args(Distance)))
        race_day = dt.date.fromisoformat(data["start_date"]) + dt.timedelta(weeks=11, days=6)
        race_date = ask("Race date (YYYY-MM-DD)", default=race_day.isoformat())
        data["race"] = {"date": race_date, "distance": distance}
    else:
        data["weeks"] = ask("Weeks to plan", default=12, type=click.IntRange(1, 52))
    experience = ask(
        "Experience", default="intermediate", type=click.Choice(typing.get_args(Experience))
    )
    data["experience"] = experience
    data["run_minutes_per_week"] = ask(
        "Running now, minutes a week",
        default=DEFAULT_RUN_MINUTES[experience],
        type=click.IntRange(0, 1500),
    )
    availability = {}
    for day in WEEKDAYS:
        default = WEEKEND_WINDOWS if day in ("sat", "sun") else WEEKDAY_WINDOWS
        text = ask(
            f"{day.capitalize()}: free windows (HH:MM-HH:MM, comma-separated; - none)",
            default=default,
            value_proc=windows,
        )
        availability[day] = windows(text) if isinstance(text, str) else text
    data["availability"] = availability
    return data


def defaults(question: str, default: Any = None, **_: Any) -> Any:
    """The `ask` of --defaults: every answer is its default."""
    return default


def render(data: dict[str, Any]) -> str:
    """The profile as YAML with a header that says how to use it."""
    head = (
        "# hybridplan athlete profile (`hybridplan schema` prints every field with its meaning)\n"
        f"# plan it: hybridplan solve <this file> -o out/{data['id']}\n"
    )
    return head + yaml.safe_dump(data, sort_keys=False, default_flow_style=None)


def make_profile(interactive: bool) -> str:
    """Ask (or take the defaults), validate, and return the YAML text."""
    ask: Callable[..., Any] = functools.partial(click.prompt, err=True) if interactive else defaults
    data = starter_profile(ask)
    parse_profile(data)  # ProfileError if the answers do not make a profile
    return render(data)
