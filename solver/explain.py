"""Why a plan looks the way it does: a score analysis per objective term (in the spirit of
Timefold's), the rules that are tight, and for an infeasible profile the single changes that
make it feasible, each one checked by re-solving.

Reads only the plan and the profile (the verifier's view); re-solving imports the solver
lazily, only for suggestions.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from models.catalog import HIGH_INTENSITY, MUSCLE_GROUPS, WEEKDAY_NAMES, WEEKDAYS
from models.plan import Plan
from models.profile import AthleteProfile, ProfileError, parse_profile
from models.weights import weights_for
from solver.replan import plan_settings
from solver.verify import _sessions, objective_items, spike_reference


@dataclass
class TermReport:
    name: str
    weight: float
    value: float
    items: list[str]

    @property
    def contribution(self) -> float:
        return self.weight * self.value


@dataclass
class Suggestion:
    change: str
    status: str  # status of the re-solve with the change applied
    objective: float | None


@dataclass
class Explanation:
    status: str
    terms: list[TermReport] = field(default_factory=list)
    tight: list[str] = field(default_factory=list)
    conflicts: list[str] = field(default_factory=list)
    suggestions: list[Suggestion] = field(default_factory=list)


def _d(day: dt.date) -> str:
    return f"{day:%a %d %b}"


def tight_rules(profile: AthleteProfile, plan: Plan) -> list[str]:
    """Constraints the plan meets exactly (one more session or minute would break them)."""
    ss = _sessions(plan)
    out: list[str] = []
    slot = plan_settings(plan).slot_minutes
    days = [profile.first_day + dt.timedelta(days=i) for i in range(7 * profile.horizon_weeks)]
    train = {s.date for s in ss}
    for w in range(profile.horizon_weeks):
        rest = sum(d not in train for d in days[7 * w : 7 * w + 7])
        if rest == profile.min_rest_days:
            out.append(f"H4: week {w + 1} has exactly the minimum {rest} rest day(s)")
    streak = 0
    for d in days:
        streak = streak + 1 if d in train else 0
        if streak == profile.max_consecutive_days:
            out.append(f"H4: {streak} training days in a row up to {_d(d)}, the maximum")
    by_date: dict[dt.date, list[Any]] = defaultdict(list)
    for s in ss:
        by_date[s.date].append(s)
    for d, x in sorted(by_date.items()):
        if len(x) == 2 and x[0].is_lift != x[1].is_lift:
            gap = (x[1].start - x[0].end).total_seconds() / 3600
            if gap < profile.min_gap_hours + slot / 60:
                out.append(
                    f"H3: {_d(d)} {x[1].type} starts {gap:g} h after the {x[0].type} ends "
                    f"(minimum {profile.min_gap_hours:g} h)"
                )
    for wk in plan.weeks:
        rm = sum(s.duration_min for s in ss if s.week == wk.week and s.is_run and s.type != "race")
        lo, hi = wk.targets.run_minutes.min, wk.targets.run_minutes.max
        if lo != hi and rm in (lo, hi):
            out.append(
                f"H5: week {wk.week} runs {rm} min, the {'top' if rm == hi else 'bottom'} "
                f"of its {lo}-{hi} target"
            )
        hard = sum(s.hard_min for s in ss if s.week == wk.week)
        if hard and hard + 1 > profile.max_hard_share * rm:
            out.append(
                f"H11: week {wk.week} has {hard} hard minutes of {rm}, at the "
                f"{profile.max_hard_share:.0%} limit"
            )
    runs = [s for s in ss if s.is_run and s.type != "race"]
    for s in runs:
        ref = spike_reference(profile, runs, s)
        if ref and s.duration_min + slot > 1.1 * ref:
            out.append(
                f"H10: {_d(s.date)} {s.type} {s.duration_min} min is at the no-spike cap "
                f"(110% of {ref} min)"
            )
    hard_runs = [s for s in ss if s.type in HIGH_INTENSITY]
    for s in ss:
        if s.type == "lift_lower":
            for h in hard_runs:
                if (
                    dt.timedelta(0)
                    <= s.start - h.end - dt.timedelta(hours=24)
                    < dt.timedelta(minutes=slot)
                ):
                    out.append(f"H7: {_d(s.date)} lift_lower starts 24 h after the {h.type} ends")
    for group, types in MUSCLE_GROUPS.items():
        lift_days = sorted({s.date for s in ss if s.type in types})
        for a, b in zip(lift_days, lift_days[1:], strict=False):
            if (b - a).days == 2:
                out.append(f"H12: the {group} body is lifted {_d(a)} and {_d(b)}, the 48 h minimum")
    return out


def _relaxations(
    p: AthleteProfile, rules: frozenset[str] = frozenset()
) -> list[tuple[str, dict[str, Any]]]:
    """Single changes a coach might make, most natural first; with H12 among the conflicts,
    fewer lifts first (lifts that train the same muscles need a day between them)."""
    data = p.model_dump(mode="json")
    out: list[tuple[str, dict[str, Any]]] = []

    def change(label: str, **kw: Any) -> None:
        out.append((label, {**data, **kw}))

    for day in WEEKDAYS:
        if not data["availability"].get(day):
            avail = {**data["availability"], day: ["18:00-20:00"]}
            change(f"add an evening window 18:00-20:00 on {WEEKDAY_NAMES[day]}", availability=avail)
    if p.min_rest_days > 0:
        change(
            f"min_rest_days {p.min_rest_days} -> {p.min_rest_days - 1}",
            min_rest_days=p.min_rest_days - 1,
        )
    if p.max_consecutive_days < 14:
        change(
            f"max_consecutive_days {p.max_consecutive_days} -> {p.max_consecutive_days + 1}",
            max_consecutive_days=p.max_consecutive_days + 1,
        )
    if p.min_gap_hours > 4:
        change(f"min_gap_hours {p.min_gap_hours:g} -> 4", min_gap_hours=4)
    if p.max_sessions_per_day == 1:
        change("max_sessions_per_day 1 -> 2", max_sessions_per_day=2)
    runs, lifts = p.runs_per_week or 0, p.lifts_per_week or 0
    if "H12" in rules and lifts > 1:
        out.insert(
            0,
            (
                f"one fewer lift a week ({lifts} -> {lifts - 1}): lifts that train the same "
                "muscles need a day between them",
                {**data, "lifts_per_week": lifts - 1},
            ),
        )
    if runs > 1:
        change(f"one fewer run a week ({runs} -> {runs - 1})", runs_per_week=runs - 1)
    if lifts > 1:
        change(f"one fewer lift a week ({lifts} -> {lifts - 1})", lifts_per_week=lifts - 1)
    v = p.run_minutes_per_week or 0
    change(
        f"run_minutes_per_week {v} -> {v + 60} (if that is your real current volume)",
        run_minutes_per_week=v + 60,
    )
    lr = p.longest_recent_run_min or 0
    change(
        f"longest_recent_run_min {lr} -> {lr + 30} (if you ran that long recently)",
        longest_recent_run_min=lr + 30,
    )
    return [(label, {k: v for k, v in d.items() if k != "mesocycles" or v}) for label, d in out]


def suggest(
    profile: AthleteProfile,
    settings: Any,
    limit: int = 3,
    solve_fn: Callable[[AthleteProfile, Any], Plan] | None = None,
    rules: frozenset[str] = frozenset(),
) -> list[Suggestion]:
    """Relax one thing at a time; keep the changes whose re-solve yields a verified plan."""
    from solver.pipeline import solve
    from solver.verify import verify_plan

    solve_fn = solve_fn or solve
    slot = getattr(settings, "slot_minutes", None)
    found: list[Suggestion] = []
    for label, data in _relaxations(profile, rules):
        try:
            changed = parse_profile(data)
        except ProfileError:
            continue
        plan = solve_fn(changed, settings)
        if plan.has_schedule and verify_plan(changed, plan, slot_minutes=slot).ok:
            found.append(Suggestion(label, plan.status, plan.objective))
            if len(found) >= limit:
                break
    return found


def explain(
    plan: Plan,
    profile: AthleteProfile | None = None,
    settings: Any = None,
    with_suggestions: bool = True,
) -> Explanation:
    profile = profile or parse_profile(plan.profile)
    ex = Explanation(status=plan.status)
    if plan.has_schedule:
        weights = weights_for(profile)
        items = objective_items(profile, plan)
        ex.terms = sorted(
            (TermReport(k, weights[k], float(len(v)), v) for k, v in items.items()),
            key=lambda t: -t.contribution,
        )
        ex.tight = tight_rules(profile, plan)
    else:
        ex.conflicts = [f"{c.rule}: {c.message}" for c in plan.conflicts]
        if with_suggestions and plan.status == "INFEASIBLE":
            if settings is None:  # re-solve as the plan was solved, on a short leash
                settings = plan_settings(plan)
                settings = settings.model_copy(
                    update={"time_limit_s": min(5.0, settings.time_limit_s)}
                )
            rules = frozenset(c.rule for c in plan.conflicts)
            ex.suggestions = suggest(profile, settings, rules=rules)
    return ex
