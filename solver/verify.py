"""The independent verifier: re-checks a plan against the profile and the SPEC rules.

It never imports ortools or the CP-SAT model (solver.model.variables/rules/build); it reads the
timetable as plain dates and times, so a modelling slip in the solver shows up here as a
violation. It also recomputes every objective term from the sessions alone.

Each check is named after its rule module:
check_availability <-> solver/model/rules/availability.py.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from models.catalog import (
    DELOAD_LIFT_DURATION_MIN,
    DURATION_RANGE_MIN,
    EASY_RUN_MAX_MIN,
    HARD_RUNS,
    HIGH_INTENSITY,
    INTERVALS_FIXED_MIN,
    KEY_RUNS,
    LIFT_DURATION_MIN,
    MUSCLE_GROUPS,
    OBJECTIVE_TERMS,
    SESSION_TYPES,
    TAPER_WEEKS,
    TIME_BANDS_MIN,
    WEEKDAYS,
    hard_min_of,
    intensity_of,
    modality_of,
    parse_hhmm,
)
from models.history import history_targets
from models.periodization import Requirements, build_requirements, plan_weeks
from models.plan import Plan, PlanSession
from models.prescription import attach_prescriptions
from models.profile import AthleteProfile
from models.settings import SolverSettings
from models.weights import weights_for

EPS = 1e-6


@dataclass(frozen=True)
class Violation:
    rule: str
    message: str

    def __str__(self) -> str:
        return f"{self.rule}: {self.message}"


@dataclass
class S:
    """A session as the verifier sees it: absolute datetimes, nothing from the solver."""

    date: dt.date
    week: int
    type: str
    start: dt.datetime
    end: dt.datetime
    duration_min: int

    @property
    def hard_min(self) -> int:
        """Recomputed from the duration (SPEC §3): the file's own hard_min is not trusted."""
        return hard_min_of(self.type, self.duration_min)

    @property
    def is_lift(self) -> bool:
        return self.type.startswith("lift")

    @property
    def is_run(self) -> bool:
        return not self.is_lift


DEFAULT_SLOT_MINUTES: int = SolverSettings.model_fields["slot_minutes"].default


@dataclass(frozen=True)
class History:
    """What really happened before `from_date` (the original plan with the log applied).

    A re-planned plan is exempt from the rules only where history already breaks them; that
    history comes from files given on the command line, never from the plan being checked
    (its `settings.replanned_from` and `revised_weeks` are the plan's own claims)."""

    from_date: dt.date
    sessions: list[PlanSession]
    ahead: list[PlanSession] = field(default_factory=list)  # the original's rest of that week


@dataclass
class VerifyResult:
    violations: list[Violation] = field(default_factory=list)
    terms: dict[str, float] = field(default_factory=dict)
    objective: float = 0.0
    unchecked: list[str] = field(default_factory=list)  # what the verifier could not check

    @property
    def ok(self) -> bool:
        return not self.violations


def _sessions(plan: Plan) -> list[S]:
    out = []
    for s in plan.sessions:
        d = dt.date.fromisoformat(s.date)
        start = dt.datetime.combine(d, dt.time()) + dt.timedelta(minutes=parse_hhmm(s.start))
        out.append(
            S(
                d,
                s.week,
                s.type,
                start,
                start + dt.timedelta(minutes=s.duration_min),
                s.duration_min,
            )
        )
    return sorted(out, key=lambda x: x.start)


class _Ctx:
    def __init__(
        self,
        profile: AthleteProfile,
        plan: Plan,
        slot: int,
        revised: set[int] | None = None,
        requirements: Requirements | None = None,
    ) -> None:
        self.p = profile
        self.plan = plan
        self.sessions = _sessions(plan)
        self.slot = slot  # from the caller: a plan cannot choose its own grid
        self.n_weeks = profile.horizon_weeks
        self.by_date: dict[dt.date, list[S]] = defaultdict(list)
        for s in self.sessions:
            self.by_date[s.date].append(s)
        self.out: list[Violation] = []
        # a re-planned plan: the weeks touched by real history carry revised targets, and
        # the later ones the targets that history gives (models/history.py)
        self.revised = revised or set()
        self.requirements = requirements or build_requirements(profile, slot)

    def is_history(self, week: int) -> bool:
        """A re-planned week whose sessions are partly what really happened."""
        return week in self.revised

    def bad(self, rule: str, msg: str) -> None:
        self.out.append(Violation(rule, msg))

    def week_of(self, d: dt.date) -> int:
        return (d - self.p.first_day).days // 7 + 1

    def run_minutes(self, week: int) -> int:
        return sum(
            s.duration_min
            for s in self.sessions
            if s.week == week and s.is_run and s.type != "race"
        )

    def lift_minutes(self, week: int) -> int:
        return sum(s.duration_min for s in self.sessions if s.week == week and s.is_lift)

    @property
    def days(self) -> list[dt.date]:
        return [self.p.first_day + dt.timedelta(days=i) for i in range(7 * self.n_weeks)]


# --- structure -----------------------------------------------------------------------------
def _duration_range(c: _Ctx, s_type: str, deload: bool) -> tuple[int, int]:
    """SPEC §3's duration range of a session type for this athlete."""
    if s_type.startswith("lift"):
        d = DELOAD_LIFT_DURATION_MIN if deload else LIFT_DURATION_MIN
        return d, d
    lo, hi = DURATION_RANGE_MIN[s_type]
    if s_type == "run_easy":
        hi = EASY_RUN_MAX_MIN[c.p.experience]
    return lo, hi


def check_structure(c: _Ctx) -> None:
    """Fields agree with each other and with the calendar; starts on the grid; durations whole
    minutes inside the catalogue (SPEC §3); hard_min as the duration fixes it."""
    if c.plan.athlete_id != c.p.id:
        c.bad(
            "structure", f"the plan is for athlete {c.plan.athlete_id!r}, the profile is {c.p.id!r}"
        )
    deloads = {w.week for w in c.plan.weeks if w.deload}
    for raw, s in zip(
        sorted(c.plan.sessions, key=lambda x: (x.date, x.start)), c.sessions, strict=True
    ):
        where = f"{raw.date} {raw.type}"
        if raw.type not in SESSION_TYPES:
            c.bad("H5", f"{where}: unknown session type")
        if raw.modality != modality_of(raw.type):
            c.bad("H5", f"{where}: modality {raw.modality} does not match the type")
        if raw.type in SESSION_TYPES and raw.intensity != intensity_of(
            raw.type, raw.week in deloads
        ):
            c.bad("H5", f"{where}: intensity {raw.intensity} does not match the type")
        if raw.weekday != WEEKDAYS[s.date.weekday()]:
            c.bad("H1", f"{where}: weekday {raw.weekday} is wrong for the date")
        if raw.week != c.week_of(s.date) or not 1 <= raw.week <= c.n_weeks:
            c.bad("H5", f"{where}: week {raw.week} is wrong for the date or outside the plan")
        if s.end.date() != s.date and s.end.time() != dt.time(0):
            c.bad("H1", f"{where}: runs past midnight")
        if raw.end != f"{s.end.hour:02d}:{s.end.minute:02d}" and raw.end != "24:00":
            c.bad("H5", f"{where}: end {raw.end} != start + duration")
        if raw.type != "race":
            if parse_hhmm(raw.start) % c.slot:
                c.bad("H5", f"{where}: start {raw.start} not on the {c.slot}-minute grid")
            if raw.type in DURATION_RANGE_MIN and not c.is_history(raw.week):
                lo, hi = _duration_range(c, raw.type, raw.week in deloads)
                if not lo <= raw.duration_min <= hi:
                    c.bad("H5", f"{where}: {raw.duration_min} min outside {lo}-{hi} (SPEC §3)")
                if raw.type == "run_intervals" and (raw.duration_min - INTERVALS_FIXED_MIN) % 2:
                    c.bad("H5", f"{where}: intervals last 25 + 2W min, not {raw.duration_min}")
        if raw.hard_min != s.hard_min:
            c.bad("H11", f"{where}: hard_min {raw.hard_min} != {s.hard_min} from its duration")
        if raw.duration_min <= 0:
            c.bad("H5", f"{where}: non-positive duration")


def check_availability(c: _Ctx) -> None:
    """H1: inside one window of its weekday, never on an unavailable date (race exempt)."""
    blocked = set(c.p.unavailable_dates)
    for s in c.sessions:
        if s.type == "race":
            continue
        if s.date in blocked:
            c.bad("H1", f"{s.date} {s.type}: the date is marked unavailable")
            continue
        a = s.start.hour * 60 + s.start.minute
        b = a + s.duration_min
        windows = c.p.availability.get(WEEKDAYS[s.date.weekday()], [])
        inside = False
        for w in windows:
            ws, we = (parse_hhmm(x) for x in w.split("-"))
            inside |= ws <= a and b <= we
        if not inside:
            c.bad("H1", f"{s.date} {s.type} {s.start:%H:%M}: outside every window {windows}")


def check_no_overlap(c: _Ctx) -> None:
    """H2: sessions of a day do not overlap; <= 1 lift, <= 1 run, <= max_sessions_per_day."""
    for d, ss in c.by_date.items():
        lifts = sum(s.is_lift for s in ss)
        runs = sum(s.is_run for s in ss)
        if lifts > 1 or runs > 1:
            c.bad("H2", f"{d}: {lifts} lifts and {runs} runs (at most one of each)")
        if len(ss) > c.p.max_sessions_per_day:
            c.bad("H2", f"{d}: {len(ss)} sessions > max_sessions_per_day")
        for a, b in zip(ss, ss[1:], strict=False):
            if b.start < a.end:
                c.bad("H2", f"{d}: {a.type} and {b.type} overlap")


def check_spacing(c: _Ctx) -> None:
    """H3: a run and a lift on one day are at least min_gap_hours apart."""
    gap = dt.timedelta(minutes=c.p.min_gap_min)
    for d, ss in c.by_date.items():
        for a, b in zip(ss, ss[1:], strict=False):
            if a.is_lift != b.is_lift and b.start - a.end < gap:
                c.bad(
                    "H3",
                    f"{d}: {a.type} ends {a.end:%H:%M}, {b.type} starts {b.start:%H:%M}"
                    f" (< {c.p.min_gap_hours} h)",
                )


def check_rest(c: _Ctx) -> None:
    """H4: >= min_rest_days free days per plan week; <= max_consecutive_days in a row."""
    train = {d for d in c.by_date}
    for w in range(1, c.n_weeks + 1):
        days = c.days[7 * (w - 1) : 7 * w]
        rest = sum(d not in train for d in days)
        if rest < c.p.min_rest_days:
            c.bad("H4", f"week {w}: {rest} rest days < {c.p.min_rest_days}")
    run = 0
    for d in c.days:
        run = run + 1 if d in train else 0
        if run > c.p.max_consecutive_days:
            c.bad("H4", f"{d}: {run} training days in a row > {c.p.max_consecutive_days}")


def check_weekly_volume(c: _Ctx) -> None:
    """H5: exact session counts per week and run minutes within the target range; the
    targets are the ones the profile generates (so a plan cannot move its own goalposts)."""
    req = c.requirements
    if len(c.plan.weeks) != c.n_weeks:
        c.bad("H5", f"plan lists {len(c.plan.weeks)} weeks, the profile asks for {c.n_weeks}")
    for target, week in zip(req.weeks, c.plan.weeks, strict=False):
        want = {
            "sessions": {t: n for t, n in target.sessions.items() if n > 0},
            "run_minutes": {"min": target.run_min, "max": target.run_max},
        }
        if week.week not in c.revised and week.targets.model_dump() != want:
            c.bad("H5", f"week {week.week}: targets differ from the profile's periodization")
    # the frame other checks read (deload, taper, block focus) is the profile's too
    for frame, week in zip(plan_weeks(req), c.plan.weeks, strict=False):
        flags = ("week", "start_date", "mesocycle", "focus", "deload")
        if any(getattr(week, k) != getattr(frame, k) for k in flags):
            c.bad(
                "H5",
                f"week {week.week}: block {week.mesocycle}/{week.focus}/deload={week.deload} "
                f"differs from the profile's periodization ({frame.mesocycle}/{frame.focus}/"
                f"deload={frame.deload})",
            )
    for week in c.plan.weeks:
        counts: dict[str, int] = defaultdict(int)
        for s in c.sessions:
            if s.week == week.week:
                counts[s.type] += 1
        if dict(counts) != {t: n for t, n in week.targets.sessions.items() if n}:
            c.bad(
                "H5",
                f"week {week.week}: sessions {dict(counts)} != targets {week.targets.sessions}",
            )
        rm = c.run_minutes(week.week)
        lo, hi = week.targets.run_minutes.min, week.targets.run_minutes.max
        if not lo <= rm <= hi:
            c.bad("H5", f"week {week.week}: {rm} run minutes outside {lo}-{hi}")


def check_goal_profile(c: _Ctx) -> None:
    """SPEC §3b minimums by goal, on the sessions actually planned (reported under H5):
    health keeps 2 lifts and the WHO's 150 minutes every week, strength trains the lower body
    (twice with 3+ lifts), hypertrophy each group twice, beginners lift full-body only, race
    goals lift at most twice."""
    goal = c.p.goal
    beginner = c.p.experience == "beginner"
    for week in c.plan.weeks:
        if c.is_history(week.week):
            continue  # what happened is history, not the plan
        ss = [s for s in c.sessions if s.week == week.week]
        lifts = [s for s in ss if s.is_lift]
        group = {g: sum(s.type in types for s in lifts) for g, types in MUSCLE_GROUPS.items()}
        where = f"week {week.week}"
        if goal == "health":
            if len(lifts) < 2:
                c.bad("H5", f"{where}: the health goal needs >= 2 lifts every week (WHO)")
            rm = week.targets.run_minutes
            if rm.min >= 150 and c.run_minutes(week.week) < 150:
                c.bad("H5", f"{where}: the health goal needs >= 150 run minutes (WHO)")
        if beginner and any(s.type != "lift_full" for s in lifts):
            c.bad("H5", f"{where}: a beginner lifts full-body only")
        if goal in ("strength", "hypertrophy") and week.focus == "strength":
            if len(lifts) < (c.p.lifts_per_week or 0):
                c.bad("H5", f"{where}: {len(lifts)} lifts < lifts_per_week")
            if goal == "strength" and not week.deload:
                if group["lower"] == 0:
                    c.bad("H5", f"{where}: no lower-body lift in a loading week")
                if len(lifts) >= 3 and group["lower"] < 2:
                    c.bad("H5", f"{where}: 3+ lifts but the lower body only once")
            if goal == "hypertrophy" and len(lifts) >= 2 and min(group.values()) < 2:
                c.bad("H5", f"{where}: hypertrophy trains each muscle group twice a week")
        if goal == "race" and len(lifts) > 2:
            c.bad("H5", f"{where}: {len(lifts)} lifts; a race goal keeps lifting at 1-2")


def _h6_ref(c: _Ctx, i: int) -> float:
    weeks = c.plan.weeks
    if i == 0:
        return float(c.p.run_minutes_per_week or 0)
    j = i - 1
    if weeks[j].deload:
        j -= 1
        while j >= 0 and weeks[j].deload:
            j -= 1
        if j < 0:
            return float(c.p.run_minutes_per_week or 0)
    rm = weeks[j].targets.run_minutes
    return (rm.min + rm.max) / 2


def check_progression(c: _Ctx) -> None:
    """H6: target midpoints ramp <= 10 %; a deload holds <= 80 % of the run minutes (a health
    deload keeps its 150-minute floor instead) and <= 70 % of the lifting minutes of the week
    before; taper targets only fall."""
    weeks = c.plan.weeks
    revised_or_after = c.revised | {w + 1 for w in c.revised}
    for i, week in enumerate(weeks):
        rm = week.targets.run_minutes
        mid = (rm.min + rm.max) / 2
        ref = _h6_ref(c, i)
        if week.week in revised_or_after:
            pass  # targets revised to history, or compared with such a week
        elif mid > 1.1 * ref + EPS:
            c.bad("H6", f"week {week.week}: target midpoint {mid} > 110% of {ref}")
        if i > 0 and week.deload:
            run_cap = 0.8 * c.run_minutes(week.week - 1)
            if c.p.goal == "health":
                run_cap = max(run_cap, 150)
            if c.run_minutes(week.week) > run_cap + EPS:
                c.bad(
                    "H6",
                    f"deload week {week.week}: {c.run_minutes(week.week)} run minutes > 80% "
                    f"of {c.run_minutes(week.week - 1)}",
                )
            if c.lift_minutes(week.week) > 0.7 * c.lift_minutes(week.week - 1) + EPS:
                c.bad(
                    "H6",
                    f"deload week {week.week}: {c.lift_minutes(week.week)} lifting minutes > "
                    f"70% of {c.lift_minutes(week.week - 1)}",
                )
        if i > 0 and week.focus == "taper" and week.week not in revised_or_after:
            prm = weeks[i - 1].targets.run_minutes
            if mid > (prm.min + prm.max) / 2 + EPS:
                c.bad("H6", f"taper week {week.week}: target rises")


def check_interference(c: _Ctx) -> None:
    """H7: no lift_lower starts within 24 h after a high-intensity run ends."""
    hard = [s for s in c.sessions if s.type in HIGH_INTENSITY]
    for s in c.sessions:
        if s.type != "lift_lower":
            continue
        for h in hard:
            if h.end <= s.start < h.end + dt.timedelta(hours=24):
                c.bad(
                    "H7",
                    f"{s.date} lift_lower at {s.start:%H:%M} is within 24 h after "
                    f"{h.type} on {h.date}",
                )


def check_ordering(c: _Ctx) -> None:
    """H8: strength goals lift first on a shared day; race/endurance run a key run first."""
    goal = c.p.goal
    for d, ss in c.by_date.items():
        if len(ss) < 2:
            continue
        first = ss[0]
        run = next((s for s in ss if s.is_run), None)
        if run is None:
            continue  # two lifts on one day: H2 reports it
        if goal in ("strength", "hypertrophy") and not first.is_lift:
            c.bad("H8", f"{d}: {goal} goal but the run comes before the lift")
        if goal in ("race", "endurance") and run.type in KEY_RUNS and first.is_lift:
            c.bad("H8", f"{d}: {goal} goal but the lift comes before the key run")


def check_race(c: _Ctx) -> None:
    """H9: race on its date and time in the last week; taper falls; no lower lift in the 7
    days and no hard run in the 2 days before the race."""
    race = c.p.race
    races = [s for s in c.sessions if s.type == "race"]
    if race is None:
        if races:
            c.bad("H9", "a race session but the profile has no race")
        return
    start = dt.datetime.combine(race.date, dt.time()) + dt.timedelta(minutes=race.start_min)
    if len(races) != 1 or races[0].start != start:
        c.bad("H9", f"expected one race at {start:%Y-%m-%d %H:%M}, found {len(races)}")
    if c.week_of(race.date) != c.n_weeks:
        c.bad("H9", "the plan does not end in the race week")
    for s in c.sessions:
        if s.type == "lift_lower" and start - dt.timedelta(days=7) <= s.start < start:
            c.bad("H9", f"{s.date}: lift_lower within 7 days before the race")
        if s.type in HARD_RUNS and s.end > start - dt.timedelta(days=2) and s.start < start:
            c.bad("H9", f"{s.date}: {s.type} within 2 days before the race")
    # the taper, on the midpoints of the weeks' run-minute targets (SPEC H9)
    taper = min(TAPER_WEEKS[race.distance], c.n_weeks)
    first_taper = c.n_weeks - taper + 1
    mids = {
        w.week: (w.targets.run_minutes.min + w.targets.run_minutes.max) / 2 for w in c.plan.weeks
    }
    pre = [w for w in mids if w < first_taper]
    peak = max((mids[w] for w in pre), default=float(c.p.run_minutes_per_week or 0))
    for w in range(first_taper, c.n_weeks + 1):
        if w not in mids:
            continue
        factor = 0.6 if w == c.n_weeks else 0.85
        if mids[w] > factor * peak + EPS:
            c.bad("H9", f"week {w}: target midpoint {mids[w]} > {factor:.0%} of the peak ({peak})")
        before = mids.get(w - 1, float(c.p.run_minutes_per_week or 0))
        if mids[w] > before + EPS:
            c.bad("H9", f"taper week {w}: target midpoint {mids[w]} > the week before ({before})")


def spike_reference(profile: AthleteProfile, runs: list[S], s: S) -> int:
    """H10's reference for run `s`: the longest of `runs` in the 30 days before it, and in
    the plan's first 30 days the profile's longest recent run."""
    ref = max(
        (r.duration_min for r in runs if s.date - dt.timedelta(days=30) <= r.date < s.date),
        default=0,
    )
    if (s.date - profile.first_day).days < 30:
        ref = max(ref, profile.longest_recent_run_min or 0)
    return ref


def check_no_spikes(c: _Ctx) -> None:
    """H10: no run (race excluded) longer than 110% of the longest in the 30 days before."""
    runs = [s for s in c.sessions if s.is_run and s.type != "race"]
    for s in runs:
        ref = spike_reference(c.p, runs, s)
        if s.duration_min > 1.1 * ref + EPS:
            c.bad("H10", f"{s.date} {s.type} {s.duration_min} min > 110% of {ref} min")


def check_polarized_intensity(c: _Ctx) -> None:
    """H11: weekly hard minutes (the work of quality sessions, recomputed from their
    durations) <= max_hard_share of run minutes."""
    for w in range(1, c.n_weeks + 1):
        hard = sum(s.hard_min for s in c.sessions if s.week == w)
        total = c.run_minutes(w)
        if hard > c.p.max_hard_share * total + EPS:
            c.bad("H11", f"week {w}: {hard} hard minutes > {c.p.max_hard_share:.0%} of {total}")


def check_muscle_recovery(c: _Ctx) -> None:
    """H12: two lifts that train the same muscle group never on consecutive calendar days."""
    lifts = [s for s in c.sessions if s.is_lift]
    for group, types in MUSCLE_GROUPS.items():
        days = sorted({s.date for s in lifts if s.type in types})
        for a, b in zip(days, days[1:], strict=False):
            if b - a == dt.timedelta(days=1):
                c.bad("H12", f"{a} and {b}: the {group} body is lifted on consecutive days")


CHECKS: tuple[tuple[str, Callable[[_Ctx], None]], ...] = (
    ("structure", check_structure),
    ("H1", check_availability),
    ("H2", check_no_overlap),
    ("H3", check_spacing),
    ("H4", check_rest),
    ("H5", check_weekly_volume),
    ("H5", check_goal_profile),
    ("H6", check_progression),
    ("H7", check_interference),
    ("H8", check_ordering),
    ("H9", check_race),
    ("H10", check_no_spikes),
    ("H11", check_polarized_intensity),
    ("H12", check_muscle_recovery),
)


# --- objective recomputation ---------------------------------------------------------------
def _tag(s: S) -> str:
    return f"{s.date:%a %d %b} {s.start:%H:%M} {s.type}"


def objective_items(profile: AthleteProfile, plan: Plan) -> dict[str, list[str]]:
    """Every penalty event of every SPEC §4 term, described by the sessions responsible;
    recomputed from the timetable alone. A term's value is the number of its events."""
    ss = _sessions(plan)
    by_date: dict[dt.date, list[S]] = defaultdict(list)
    for s in ss:
        by_date[s.date].append(s)
    goal = profile.goal
    one_day = dt.timedelta(days=1)
    items: dict[str, list[str]] = {k: [] for k in OBJECTIVE_TERMS}
    shared = [
        d for d, x in by_date.items() if any(s.is_lift for s in x) and any(s.is_run for s in x)
    ]
    for d in shared:
        items["priority_shared_day"].append(" + ".join(_tag(s) for s in by_date[d]))
    for s in ss:
        if s.type == "lift_lower":
            for r in by_date.get(s.date + one_day, []):
                if r.type in HIGH_INTENSITY or r.type == "run_long":
                    items["interference_next_day"].append(f"{_tag(s)} -> next day {_tag(r)}")
        if s.type == "run_long":
            for lift in ss:
                if lift.is_lift and s.end <= lift.start < s.end + one_day:
                    items["interference_next_day"].append(f"{_tag(s)} -> within 24 h {_tag(lift)}")
    for d in shared:
        x = by_date[d]
        run = next(s for s in x if s.is_run)
        forced = goal in ("strength", "hypertrophy") or (
            goal in ("race", "endurance") and run.type in KEY_RUNS
        )
        if x[0].is_run and not forced:
            items["order_preference"].append(f"{_tag(x[0])} before {_tag(x[1])}")
    prefs = profile.preferences
    for s in ss:
        if s.type == "race":
            continue
        band = prefs.lift if s.is_lift else prefs.run
        if band is not None:
            a, b = TIME_BANDS_MIN[band]
            minute = s.start.hour * 60 + s.start.minute
            if not a <= minute < b:
                items["time_preference"].append(f"{_tag(s)} is not in the {band}")
        if s.type == "run_long" and WEEKDAYS[s.date.weekday()] != prefs.long_run_day:
            items["long_run_day"].append(f"{_tag(s)} is not on {prefs.long_run_day}")
    hard_days = {
        d
        for d, x in by_date.items()
        if any(s.type in KEY_RUNS or s.type == "lift_lower" for s in x)
    }
    for d in sorted(hard_days):
        if d + one_day in hard_days:
            items["hard_back_to_back"].append(f"hard days {d:%a %d %b} and {d + one_day:%a %d %b}")
    for d in sorted(by_date):
        if d + one_day in by_date:
            items["spread"].append(f"training on {d:%a %d %b} and {d + one_day:%a %d %b}")
        if len(by_date[d]) >= 2:
            items["double_day"].append(" + ".join(_tag(s) for s in by_date[d]))
    return items


def objective_terms(profile: AthleteProfile, plan: Plan) -> dict[str, float]:
    """Every SPEC §4 term's value, recomputed from the timetable alone."""
    return {k: float(len(v)) for k, v in objective_items(profile, plan).items()}


def weighted_objective(profile: AthleteProfile, terms: dict[str, float]) -> float:
    w = weights_for(profile)
    return round(sum(w[k] * v for k, v in terms.items()), 6)


def verify_plan(
    profile: AthleteProfile,
    plan: Plan | dict[str, Any],
    *,
    slot_minutes: int | None = None,
    history: History | None = None,
) -> VerifyResult:
    """All hard rules plus the objective. Nothing the plan says about itself switches a check
    off: the start grid is `slot_minutes` (default: the solver's), and the only exemptions are
    the violations `history` (given by the caller) already has. A plan without a schedule has
    nothing to check: INFEASIBLE and UNKNOWN are reported as unchecked, never as OK."""
    if not isinstance(plan, Plan):
        plan = Plan.model_validate(plan)
    slot = slot_minutes or DEFAULT_SLOT_MINUTES
    res = VerifyResult()
    if not plan.has_schedule:
        if plan.sessions:
            res.violations.append(Violation("structure", f"{plan.status} plan lists sessions"))
        if plan.status == "INFEASIBLE" and not plan.conflicts:
            res.violations.append(Violation("structure", "INFEASIBLE plan without conflicts"))
        res.unchecked.append(
            f"status {plan.status}: the plan has no timetable; the verifier checks timetables "
            "and cannot confirm that none exists (only a solve can)"
        )
        return res
    revised: set[int] = set()
    req: Requirements | None = None
    if history is not None:
        revised = set(range(1, (history.from_date - profile.first_day).days // 7 + 2))
        res.violations += _history_differs(plan, history)
        req, lowered_by_h10 = _targets_after(profile, plan, slot, history, res)
        revised |= lowered_by_h10
    elif plan.settings.get("replanned_from"):
        res.unchecked.append(
            f"the plan says it was re-planned from {plan.settings['replanned_from']}; without "
            "--original, --log and --from its history is checked like any plan (no exemptions)"
        )
    c = _Ctx(profile, plan, slot, revised, req)
    for _, check in CHECKS:
        check(c)
    found = c.out
    if history is not None:  # violations that history alone already has are facts
        past = plan.model_copy(update={"sessions": history.sessions}, deep=True)
        # every week counts as revised here, so no target is a "fact" the plan could hide
        h = _Ctx(profile, past, slot, set(range(1, profile.horizon_weeks + 1)), req)
        for _, check in CHECKS:
            check(h)
        facts = {(v.rule, v.message) for v in h.out}
        found = [v for v in found if (v.rule, v.message) not in facts]
    res.violations += found
    res.terms = objective_terms(profile, plan)
    res.objective = weighted_objective(profile, res.terms)
    for name, tv in plan.objective_terms.items():
        if not abs(tv.value - res.terms.get(name, 0.0)) <= EPS:  # NaN is not equal either
            res.violations.append(
                Violation(
                    "objective", f"{name}: plan says {tv.value}, recomputed {res.terms.get(name)}"
                )
            )
    if plan.objective is not None and not abs(plan.objective - res.objective) <= 1e-3:
        res.violations.append(
            Violation("objective", f"plan objective {plan.objective} != recomputed {res.objective}")
        )
    _check_prescriptions(profile, plan, res)
    if plan.status == "OPTIMAL":
        res.unchecked.append("optimality (status OPTIMAL, best bound): the solver's claim")
    return res


def _check_prescriptions(profile: AthleteProfile, plan: Plan, res: VerifyResult) -> None:
    """Each session's prescription is what SPEC §5b gives for it, its week and the profile
    (recomputed by the contract's own `attach_prescriptions`), so an edited load, set count or
    zone in plan.json is a violation. A plan without any (the greedy baseline's) is unchecked."""
    given = [s.prescription for s in plan.sessions]
    if all(p is None for p in given):
        if given:
            res.unchecked.append("prescriptions: the plan carries none")
        return
    fresh = attach_prescriptions(plan.model_copy(deep=True), profile)

    def norm(p: dict[str, Any] | None) -> Any:
        return json.loads(json.dumps(p))  # tuples and lists alike, as in plan.json

    for s, want in zip(plan.sessions, fresh.sessions, strict=True):
        if norm(s.prescription) != norm(want.prescription):
            res.violations.append(
                Violation(
                    "prescription",
                    f"{s.date} {s.start} {s.type}: the prescription differs from the one "
                    "SPEC §5b gives for this session, its week and the profile",
                )
            )


def _targets_after(
    profile: AthleteProfile, plan: Plan, slot: int, history: History, res: VerifyResult
) -> tuple[Requirements, set[int]]:
    """The targets a re-planned plan must have after its history: H10 caps from the runs
    really done, H6 ramps from the weeks as they went (the current week as re-planned when it
    fell short); and the weeks H10 revised. A plan that kept the original targets (the
    re-plan says it could not lower them) is checked against those, and the verifier says
    H6 against history was not met there."""
    w_c = (history.from_date - profile.first_day).days // 7
    plain, _, _, revised = history_targets(
        profile, slot, history.sessions, history.from_date, ramp=False, ahead=history.ahead
    )
    held = sum(
        s.duration_min
        for s in plan.sessions
        if s.week == w_c + 1 and s.modality == "run" and s.type != "race"
    )
    args = (profile, slot, history.sessions, history.from_date)
    ramped = history_targets(*args, ahead=history.ahead)[0]
    if held < ramped.weeks[w_c].run_min:  # the re-plan ramps from the week as it now is
        ramped = history_targets(*args, held, ahead=history.ahead)[0]
    later = [w.targets.model_dump() for w in plan.weeks[w_c + 1 :]]
    if later != [w.targets.model_dump() for w in plan_weeks(ramped)[w_c + 1 :]]:
        if later == [w.targets.model_dump() for w in plan_weeks(plain)[w_c + 1 :]]:
            res.unchecked.append(
                "H6 against real history: the weeks after the current one keep their original "
                "targets (the re-plan could not lower them without dropping sessions)"
            )
            return plain, revised
    return ramped, revised


def _history_differs(plan: Plan, history: History) -> list[Violation]:
    """The plan's sessions before the re-plan date must be exactly what happened."""

    def key(s: PlanSession) -> tuple[str, str, str, int]:
        return (s.date, s.start, s.type, s.duration_min)

    cut = history.from_date.isoformat()
    mine = sorted(key(s) for s in plan.sessions if s.date < cut)
    real = sorted(key(s) for s in history.sessions)
    if mine == real:
        return []
    extra = sorted(set(mine) - set(real))
    missing = sorted(set(real) - set(mine))
    what = [f"not in the log: {' '.join(map(str, x))}" for x in extra[:3]]
    what += [f"missing: {' '.join(map(str, x))}" for x in missing[:3]]
    return [
        Violation(
            "history",
            f"the sessions before {cut} are not the original plan with the log applied "
            f"({'; '.join(what) or 'different counts'})",
        )
    ]
