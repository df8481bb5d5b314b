"""H1 availability: each session lies wholly inside one window of its weekday, never on an
unavailable date. The race is exempt: its date and time are the athlete's, not ours."""

from __future__ import annotations

from solver.context import BuildContext
from solver.variables import DayVars

RULE = "H1"


def _fits(ws: int, we: int, dur_min: int, slot: int) -> bool:
    first_start = -(-ws // slot) * slot
    return first_start + dur_min <= we


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
        if dv.dur_slots:  # training runs (the race day has none)
            shortest = min(ctx.req.weeks[dv.week].duration_bounds[t][0] for t in dv.dur_slots)
            fit = [(a, b) for a, b in windows_min if _fits(a, b, shortest, slot)]
            _place(ctx, dv, "run", fit)


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
