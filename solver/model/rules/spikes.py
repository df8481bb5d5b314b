"""H10 no spikes: no single run longer than 110% of the longest run of the previous 30 days.

Run durations are capped per week by the targets (weeks w-1..w-3 always lie inside those 30
days); here each week is made to *contain* a run at least its guaranteed floor long, which
is what later weeks' caps were computed from."""

from __future__ import annotations

from solver.model.context import BuildContext

RULE = "H10"


def add_no_spikes(ctx: BuildContext) -> None:
    m = ctx.model
    for w in ctx.vars.week_indices:
        target = ctx.vars.weeks[w]
        floor = target.longest_run_floor_min
        days = [dv for dv in ctx.vars.week_days(w) if dv.dur_min]
        if floor <= 0 or not days:
            continue
        lowest = min(target.duration_bounds[t][0] for t in days[0].dur_min)
        if floor <= lowest:
            continue  # any run of the week already reaches the floor
        longest = [m.new_bool_var(f"longest_run[d{dv.index}]") for dv in days]
        ctx.add(RULE, w, m.add(sum(longest) >= 1))
        for dv, lit in zip(days, longest, strict=True):
            ctx.add(RULE, w, m.add(dv.run_minutes >= floor), lit)
