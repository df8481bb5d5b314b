"""H1 availability: each session lies wholly inside one window of its weekday, never on an
unavailable date. The race is exempt: its date and time are the athlete's, not ours."""

from __future__ import annotations

from ortools.sat.python import cp_model

from solver.model.context import BuildContext
from solver.model.variables import DayVars

RULE = "H1"


def _first_slot(start_min: int, slot: int) -> int:
    """The first grid slot at or after `start_min`."""
    return -(-start_min // slot)


def add_availability(ctx: BuildContext) -> None:
    p = ctx.req.profile
    blocked = set(p.unavailable_dates)
    for dv in ctx.vars.days:
        date = p.day_date(dv.index)
        windows = [] if date in blocked else p.windows(dv.weekday)
        windows_min = [(w.start_min, w.end_min) for w in windows]
        if dv.lift:
            _place(ctx, dv, "lift", windows_min, dv.lift_duration_min)
        if dv.dur_min:  # training runs (the race day has none)
            shortest = min(ctx.req.weeks[dv.week].duration_bounds[t][0] for t in dv.dur_min)
            _place(ctx, dv, "run", windows_min, shortest)


def _place(
    ctx: BuildContext, dv: DayVars, modality: str, windows: list[tuple[int, int]], dur_min: int
) -> None:
    """The session in one of the windows where `dur_min` fits on the grid, or not at all."""
    m = ctx.model
    slot = ctx.req.slot_minutes
    fit = [(a, b) for a, b in windows if _first_slot(a, slot) * slot + dur_min <= b]
    has = dv.has_lift if modality == "lift" else dv.has_run
    start = dv.lift_start_min if modality == "lift" else dv.run_start_min
    end = dv.lift_end_min if modality == "lift" else dv.run_end_min
    if not fit:
        ctx.add_day(RULE, dv, m.add(has == 0))
        return
    if len(fit) == 1:
        choice = [has]
    else:
        choice = [m.new_bool_var(f"{modality}_window[d{dv.index},{k}]") for k in range(len(fit))]
        ctx.add_day(RULE, dv, m.add(sum(choice) == has))
    for (a, b), lit in zip(fit, choice, strict=True):
        ctx.add_day(RULE, dv, m.add(start >= a), lit)
        ctx.add_day(RULE, dv, m.add(end <= b), lit)
    start_slot = dv.lift_start_slot if modality == "lift" else dv.run_start_slot
    if ctx.window_domains and not isinstance(start_slot, int):
        slots = [[_first_slot(a, slot), (b - dur_min) // slot] for a, b in fit]
        _restrict(ctx, dv, start_slot, slots)


def _restrict(
    ctx: BuildContext, dv: DayVars, start_slot: cp_model.IntVar, slots: list[list[int]]
) -> None:
    """Redundant with `_place`: the start slot lies where some window fits the session.

    Stated unconditionally (a start is meaningless on a day without the session), so presolve
    shrinks the variable's domain, and with it the big-M of every time comparison in H3, H7,
    H9 and the objective. Without it the LP sees starts anywhere in 00:00-24:00, and its dives
    on race plans fail to round (benchmarks/README.md, "Session 4")."""
    domain = cp_model.Domain.from_intervals(slots)
    ctx.add_day(RULE, dv, ctx.model.add_linear_expression_in_domain(start_slot, domain))
