"""H7 interference: no `lift_lower` starts within 24 h after a high-intensity run ends
(AMPK signalling from hard running damps the strength response of a heavy leg session)."""

from __future__ import annotations

from models.catalog import HIGH_INTENSITY
from solver.model.context import BuildContext

RULE = "H7"


def add_interference(ctx: BuildContext) -> None:
    m = ctx.model
    days = ctx.vars.days
    for i, dv in enumerate(days):
        hard = [v for t, v in dv.run.items() if t in HIGH_INTENSITY]
        if not hard:
            continue
        for h in hard:
            lower_today = dv.lift.get("lift_lower")
            if lower_today is not None:
                # same day: the heavy lift must come first
                ctx.add_day(RULE, dv, m.add_implication(h, dv.lift_first), lower_today)
            if i + 1 < len(days):
                nxt = days[i + 1]
                lower_next = nxt.lift.get("lift_lower")
                if lower_next is not None:
                    # next day: start no earlier (time of day) than the run ended
                    ctx.add_day(
                        RULE, nxt, m.add(nxt.lift_start_min >= dv.run_end_min), h, lower_next
                    )
