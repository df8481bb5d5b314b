"""Soft terms (SPEC §4). Each returns an *unweighted* expression; weights are applied in
`build_objective` only, from the goal's table in models.weights.

Auxiliary indicators are linked one way (they can only be forced up), which is exact at an
optimum because they are minimised; reported term values are recomputed from the decoded
timetable by the verifier, never read off these variables.
"""

from __future__ import annotations

from collections.abc import Callable

from ortools.sat.python import cp_model

from models.catalog import HIGH_INTENSITY, KEY_RUNS, TIME_BANDS_MIN
from solver.model.context import BuildContext
from solver.model.rules.ordering import LIFT_FIRST_GOALS, RUN_FIRST_GOALS
from solver.model.variables import Expr

WEIGHT_SCALE = 1000  # CP-SAT wants integer coefficients; weights keep 3 decimals


def _and(m: cp_model.CpModel, lits: list[cp_model.LiteralT], name: str) -> cp_model.IntVar:
    """A literal forced to 1 when all `lits` hold (one-way: enough under minimisation)."""
    z = m.new_bool_var(name)
    m.add_bool_or([*(~lit for lit in lits), z])
    return z


def priority_shared_day(ctx: BuildContext) -> Expr:
    """Days where the priority session shares its day with the other modality."""
    return sum(dv.both for dv in ctx.vars.days if dv.lift and dv.run)


def interference_next_day(ctx: BuildContext) -> Expr:
    """Hard/long run the day after a lower-body lift; a lift within 24 h after a long run."""
    m = ctx.model
    days = ctx.vars.days
    terms: list[Expr] = []
    hard_or_long = HIGH_INTENSITY | {"run_long"}
    for i, dv in enumerate(days):
        nxt = days[i + 1] if i + 1 < len(days) else None
        lower = dv.lift.get("lift_lower")
        if lower is not None and nxt is not None:
            for t, v in nxt.run.items():
                if t in hard_or_long:
                    terms.append(_and(m, [lower, v], f"ind_lower_then_{t}[d{i}]"))
        long_run = dv.run.get("run_long")
        if long_run is None:
            continue
        if dv.lift:
            # same day, lift after the long run
            terms.append(_and(m, [long_run, dv.has_lift, ~dv.lift_first], f"ind_long_lift[d{i}]"))
        if nxt is not None and nxt.lift:
            late = m.new_bool_var(f"ind_lift_after_long[d{i}]")
            m.add(nxt.lift_start_min >= dv.run_end_min).only_enforce_if(
                [long_run, nxt.has_lift, ~late]
            )
            terms.append(late)
    return sum(terms)


def order_preference(ctx: BuildContext) -> Expr:
    """Run-before-lift on shared days where H8 leaves the order soft."""
    goal = ctx.req.profile.goal
    if goal in LIFT_FIRST_GOALS:
        return 0
    m = ctx.model
    terms: list[Expr] = []
    for dv in ctx.vars.days:
        if not (dv.lift and dv.run):
            continue
        lits: list[cp_model.LiteralT] = [dv.both, ~dv.lift_first]
        if goal in RUN_FIRST_GOALS:
            keys = [v for t, v in dv.run.items() if t in KEY_RUNS]
            if keys:
                not_key = m.new_bool_var(f"no_key_run[d{dv.index}]")
                m.add(sum(keys) + not_key >= 1)
                lits.append(not_key)
        terms.append(_and(m, lits, f"run_first[d{dv.index}]"))
    return sum(terms)


def time_preference(ctx: BuildContext) -> Expr:
    """Sessions starting outside the preferred time band."""
    m = ctx.model
    prefs = ctx.req.profile.preferences
    terms: list[Expr] = []
    slot = ctx.req.slot_minutes
    for dv in ctx.vars.days:
        for modality, band in (("lift", prefs.lift), ("run", prefs.run)):
            if band is None:
                continue
            present = dv.has_lift if modality == "lift" else dv.has_run
            if (modality == "lift" and not dv.lift) or (modality == "run" and not dv.dur_min):
                continue
            start = dv.lift_start_min if modality == "lift" else dv.run_start_min
            a, b = TIME_BANDS_MIN[band]
            off = m.new_bool_var(f"off_time[{modality},d{dv.index}]")
            m.add(start >= a).only_enforce_if([present, ~off])
            m.add(start <= b - slot).only_enforce_if([present, ~off])
            terms.append(off)
    return sum(terms)


def long_run_day(ctx: BuildContext) -> Expr:
    """Long runs off the long-run day (SPEC §3b: the profile's, else the race's weekday or
    the weekend day with the longer availability): the week's key run where there is time."""
    day = ctx.req.profile.preferences.long_run_day
    return sum(
        dv.run["run_long"] for dv in ctx.vars.days if "run_long" in dv.run and dv.weekday != day
    )


def double_day(ctx: BuildContext) -> Expr:
    """Days with two sessions: health goals and beginners spread them over the free days."""
    return sum(dv.both for dv in ctx.vars.days if dv.lift and dv.run)


def hard_back_to_back(ctx: BuildContext) -> Expr:
    """Hard days (key run or lower-body lift) on consecutive days."""
    m = ctx.model
    days = ctx.vars.days
    hard: list[cp_model.IntVar | None] = []
    for dv in days:
        lits = [v for t, v in {**dv.lift, **dv.run}.items() if t in KEY_RUNS or t == "lift_lower"]
        if not lits:
            hard.append(None)
            continue
        h = m.new_bool_var(f"hard_day[d{dv.index}]")
        for v in lits:
            m.add_implication(v, h)
        hard.append(h)
    terms: list[Expr] = []
    for i in range(len(days) - 1):
        a, b = hard[i], hard[i + 1]
        if a is not None and b is not None:
            terms.append(_and(m, [a, b], f"hard_pair[d{i}]"))
    return sum(terms)


def spread(ctx: BuildContext) -> Expr:
    """Back-to-back training days: sessions bunched instead of spread over the week."""
    m = ctx.model
    days = ctx.vars.days
    terms: list[Expr] = []
    for i in range(len(days) - 1):
        a, b = days[i].train, days[i + 1].train
        if isinstance(a, int) or isinstance(b, int):
            continue
        terms.append(_and(m, [a, b], f"train_pair[d{i}]"))
    return sum(terms)


TERMS: dict[str, Callable[[BuildContext], Expr]] = {
    "priority_shared_day": priority_shared_day,
    "interference_next_day": interference_next_day,
    "order_preference": order_preference,
    "time_preference": time_preference,
    "long_run_day": long_run_day,
    "hard_back_to_back": hard_back_to_back,
    "spread": spread,
    "double_day": double_day,
}


def build_objective(ctx: BuildContext, weights: dict[str, float]) -> Expr:
    """The one place where weights multiply terms; zero-weight terms are not even built."""
    expr: Expr = 0
    for name, term in TERMS.items():
        if (w := round(weights.get(name, 0.0) * WEIGHT_SCALE)) > 0:
            expr += w * term(ctx)
    return expr
