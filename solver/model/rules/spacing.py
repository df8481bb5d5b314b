"""H3 spacing: a run and a lift on one day are at least `min_gap_hours` apart, end of the
first to start of the second (the interference effect fades with time between them)."""

from __future__ import annotations

from solver.model.context import BuildContext

RULE = "H3"


def add_spacing(ctx: BuildContext) -> None:
    m = ctx.model
    gap = ctx.req.profile.min_gap_min
    for dv in ctx.vars.days:
        if not (dv.lift and dv.run):
            continue
        lf = dv.lift_first
        ctx.add_day(RULE, dv, m.add(dv.lift_end_min + gap <= dv.run_start_min), dv.both, lf)
        ctx.add_day(RULE, dv, m.add(dv.run_end_min + gap <= dv.lift_start_min), dv.both, ~lf)
        if ctx.formulation == "interval":
            # Same rule as optional intervals padded by the gap: lets CP-SAT's no-overlap
            # propagators and cuts see it (benchmarks/bench_solver.py, config `interval`).
            li = m.new_optional_fixed_size_interval_var(
                dv.lift_start_min, dv.lift_duration_min + gap, dv.has_lift, f"lift_iv[d{dv.index}]"
            )
            size = m.new_int_var(0, 24 * 60, f"run_iv_size[d{dv.index}]")
            m.add(size == dv.run_end_min - dv.run_start_min + gap)
            end = m.new_int_var(0, 48 * 60, f"run_iv_end[d{dv.index}]")
            ri = m.new_optional_interval_var(
                dv.run_start_min, size, end, dv.has_run, f"run_iv[d{dv.index}]"
            )
            m.add_no_overlap([li, ri])
