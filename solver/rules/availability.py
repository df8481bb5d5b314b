"""H1 availability: each session lies wholly inside one window of its weekday, never on an
unavailable date. The race is exempt: its date and time are the athlete's, not ours."""

from __future__ import annotations

from ortools.sat.python import cp_model

from solver.context import BuildContext
from solver.variables import DayVars

RULE = "H1"


def _fits(ws: int, we: int, dur_min: int, slot: int) -> bool:
    first_start = -(-ws // slot) * slot
    return first_start + dur_min <= we


def _start_slots(fit: list[tuple[int, int]], dur_min: int, slot: int) -> list[list[int]]:
    """Start slots at which a session of `dur_min` fits in one of the windows `fit`."""
    return [[-(-a // slot), (b - dur_min) // slot] for a, b in fit]


def add_availability(ctx: BuildContext) -> None:
    p = ctx.req.profile
    slot = ctx.req.slot_minutes
    blocked = set(p.unavailable_dates)
    for dv in ctx.vars.days:
        date = p.day_date(dv.index)
        windows = [] if date in blocked else p.windows(dv.weekday)
        windows_min = [(w.start_min, w.end_min) for w in windows]
        if dv.lift:
            fit = [(a, b) for a, b in windows_min if _fits(a, b, dv.lift_duration_min, slot)]
            _place(ctx, dv, "lift", fit)
            if fit and ctx.window_domains:
                slots = _start_slots(fit, dv.lift_duration_min, slot)
                _restrict(ctx, dv, dv.lift_start_slot, slots)
        if dv.dur_slots:  # training runs (the race day has none)
            shortest = min(ctx.req.weeks[dv.week].duration_bounds[t][0] for t in dv.dur_slots)
            fit = [(a, b) for a, b in windows_min if _fits(a, b, shortest, slot)]
            _place(ctx, dv, "run", fit)
            if fit and ctx.window_domains:
                _restrict(ctx, dv, dv.run_start_slot, _start_slots(fit, shortest, slot))


def _restrict(
    ctx: BuildContext, dv: DayVars, start_slot: cp_model.IntVar | int, slots: list[list[int]]
) -> None:
    """Redundant with `_place`: the start slot lies where some window fits the session.

    Stated unconditionally (a start is meaningless on a day without the session), so presolve
    shrinks the variable's domain, and with it the big-M of every time comparison in H3, H7,
    H9 and the objective. Without it the LP sees starts anywhere in 00:00-24:00, and its dives
    on race plans fail to round (benchmarks/README.md, "Session 4")."""
    if isinstance(start_slot, int):
        return
    domain = cp_model.Domain.from_intervals(slots)
    ctx.add_day(RULE, dv, ctx.model.add_linear_expression_in_domain(start_slot, domain))


def _place(ctx: BuildContext, dv: DayVars, modality: str, fit: list[tuple[int, int]]) -> None:
    m = ctx.model
    has = dv.has_lift if modality == "lift" else dv.has_run
    start = dv.lift_start_min if modality == "lift" else dv.run_start_min
    end = dv.lift_end_min if modality == "lift" else dv.run_end_min
    if not fit:
        ctx.add_day(RULE, dv, m.add(has == 0))
        return
    if len(fit) == 1:
        (a, b), choice = fit[0], [has]
    else:
        choice = [m.new_bool_var(f"{modality}_window[d{dv.index},{k}]") for k in range(len(fit))]
        ctx.add_day(RULE, dv, m.add(sum(choice) == has))
    for (a, b), lit in zip(fit, choice, strict=True):
        ctx.add_day(RULE, dv, m.add(start >= a), lit)
        ctx.add_day(RULE, dv, m.add(end <= b), lit)
