"""Decision variables: one record per plan day (day-centric formulation).

Why day-centric: sessions of one type in one week are interchangeable, so a session-centric
model has symmetric copies of every solution. A day holds at most one lift and one run (H2),
so per day we only need "which lift type", "which run type", two start times and the run
duration. Start variables count slots of `slot_minutes`, so every start lies on the grid by
construction; run durations are whole minutes (SPEC §3 "Time"), so a run can grow by 10 % of
any length; a quality session's duration is tied to its work W (tempo 20 + W, intervals
25 + 2W). The race (fixed by the athlete) is a constant.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ortools.sat.python import cp_model

from models.catalog import HARD_RUNS, INTERVALS_FIXED_MIN, TEMPO_FIXED_MIN
from models.periodization import Requirements, WeekTarget

DAY_MIN = 24 * 60

# ortools types LinearExprT as a union with numpy scalars, which mypy cannot add together;
# linear expressions are passed around as Any.
Expr = Any


@dataclass
class DayVars:
    """Everything the rules need to know about one day."""

    index: int
    week: int  # 0-based
    weekday: str
    lift: dict[str, cp_model.IntVar] = field(default_factory=dict)
    run: dict[str, cp_model.IntVar] = field(default_factory=dict)
    dur_min: dict[str, cp_model.IntVar] = field(default_factory=dict)
    work_min: dict[str, cp_model.IntVar] = field(default_factory=dict)  # quality work W
    has_lift: cp_model.IntVar | int = 0
    has_run: cp_model.IntVar | int = 0
    both: cp_model.IntVar | int = 0
    train: cp_model.IntVar | int = 0
    lift_first: cp_model.IntVar | int = 1
    lift_start_slot: cp_model.IntVar | int = 0
    run_start_slot: cp_model.IntVar | int = 0
    is_race_day: bool = False

    # --- derived linear expressions, in minutes ------------------------------------------
    slot: int = 15
    lift_duration_min: int = 60
    race_start_min: int = 0
    race_duration_min: int = 0

    @property
    def lift_start_min(self) -> Expr:
        return self.slot * self.lift_start_slot

    @property
    def lift_end_min(self) -> Expr:
        return self.slot * self.lift_start_slot + self.lift_duration_min

    @property
    def run_minutes(self) -> Expr:
        """Training run minutes of the day (the race is excluded, as H5/H11 want)."""
        return sum(self.dur_min.values())

    @property
    def hard_minutes(self) -> Expr:
        """The day's hard work (`hard_min`): a quality session's W, nothing else (H11)."""
        return sum(self.work_min.values())

    @property
    def run_start_min(self) -> Expr:
        if self.is_race_day:
            return self.race_start_min
        return self.slot * self.run_start_slot

    @property
    def run_end_min(self) -> Expr:
        if self.is_race_day:
            return self.race_start_min + self.race_duration_min
        return self.slot * self.run_start_slot + self.run_minutes


@dataclass
class Variables:
    """Days of the modelled window [w0, w1) of plan weeks; week indices stay absolute, so a
    window model (used by the decomposition) runs the very same rule code."""

    days: list[DayVars]
    weeks: list[WeekTarget]  # the whole plan's targets, indexed by absolute week
    w0: int = 0
    w1: int = 0

    @property
    def week_indices(self) -> range:
        return range(self.w0, self.w1)

    def week_days(self, w: int) -> list[DayVars]:
        i = 7 * (w - self.w0)
        return self.days[i : i + 7]

    def day(self, d: int) -> DayVars | None:
        i = d - 7 * self.w0
        return self.days[i] if 0 <= i < len(self.days) else None


def make_variables(
    model: cp_model.CpModel,
    req: Requirements,
    w0: int = 0,
    w1: int | None = None,
    history_before_day: int = 0,
) -> Variables:
    """Create the per-day variables; which types exist on a day follows the week's targets.

    Days before `history_before_day` (re-planning) hold what happened, at any length: there a
    quality session's work is the catalogue's floor of its duration (hard_min_of)."""
    p = req.profile
    slot = req.slot_minutes
    w1 = len(req.weeks) if w1 is None else w1
    days: list[DayVars] = []
    for d in range(7 * w0, 7 * w1):
        w = d // 7
        target = req.weeks[w]
        dv = DayVars(
            index=d,
            week=w,
            weekday=p.weekday_of(d),
            slot=slot,
            lift_duration_min=target.lift_duration_min,
        )
        tag = f"d{d}"
        for t, n in target.sessions.items():
            if n <= 0:
                continue
            if t.startswith("lift"):
                dv.lift[t] = model.new_bool_var(f"{t}[{tag}]")
            elif t == "race":
                if d == req.race_day:
                    dv.run[t] = model.new_bool_var(f"race[{tag}]")
            elif d != req.race_day:  # on race day the race is the day's run (H2)
                lit = model.new_bool_var(f"{t}[{tag}]")
                dv.run[t] = lit
                lo, hi = target.duration_bounds[t]
                dur = model.new_int_var(0, hi, f"dur[{t},{tag}]")
                dv.dur_min[t] = dur
                if t in HARD_RUNS:
                    # the work fixes the duration (SPEC §3 table), so hard_min is exact
                    wlo, whi = target.work_bounds[t]
                    work = model.new_int_var(0, whi, f"work[{t},{tag}]")
                    dv.work_min[t] = work
                    model.add(work >= wlo * lit)
                    model.add(work <= whi * lit)
                    if t == "run_tempo":
                        model.add(dur == TEMPO_FIXED_MIN * lit + work)
                    elif d < history_before_day:
                        model.add(dur >= INTERVALS_FIXED_MIN * lit + 2 * work)
                        model.add(dur <= INTERVALS_FIXED_MIN * lit + 2 * work + 1)
                    else:
                        model.add(dur == INTERVALS_FIXED_MIN * lit + 2 * work)
                else:
                    # duration bounds come from the catalogue, the targets and H10's cap
                    model.add(dur >= lo * lit)
                    model.add(dur <= hi * lit)
        if d == req.race_day:
            dv.is_race_day = True
            dv.race_start_min = req.race_start_min
            dv.race_duration_min = req.race_duration_min
        if dv.lift:
            dv.has_lift = model.new_bool_var(f"has_lift[{tag}]")
            model.add(dv.has_lift <= sum(dv.lift.values()))
            for v in dv.lift.values():
                model.add_implication(v, dv.has_lift)
            last = (DAY_MIN - target.lift_duration_min) // slot
            dv.lift_start_slot = model.new_int_var(0, last, f"lift_start[{tag}]")
        if dv.run:
            dv.has_run = model.new_bool_var(f"has_run[{tag}]")
            model.add(dv.has_run <= sum(dv.run.values()))
            for v in dv.run.values():
                model.add_implication(v, dv.has_run)
            if dv.dur_min:
                dv.run_start_slot = model.new_int_var(0, DAY_MIN // slot, f"run_start[{tag}]")
                model.add(dv.run_start_slot * slot + dv.run_minutes <= DAY_MIN)
        if dv.lift or dv.run:
            dv.train = model.new_bool_var(f"train[{tag}]")
            model.add(dv.train <= dv.has_lift + dv.has_run)
            if dv.lift:
                model.add_implication(dv.has_lift, dv.train)
            if dv.run:
                model.add_implication(dv.has_run, dv.train)
        if dv.lift and dv.run:
            dv.both = model.new_bool_var(f"both[{tag}]")
            model.add_bool_and([dv.has_lift, dv.has_run]).only_enforce_if(dv.both)
            model.add_bool_or([dv.has_lift.Not(), dv.has_run.Not(), dv.both])  # type: ignore[union-attr]
            # exact identity, stated linearly so the LP sees shared days = sessions - days
            model.add(dv.both == dv.has_lift + dv.has_run - dv.train)
            dv.lift_first = model.new_bool_var(f"lift_first[{tag}]")
            # the order only matters on a shared day: fix it otherwise (symmetry)
            model.add_implication(dv.both.Not(), dv.lift_first)
        days.append(dv)
    return Variables(days=days, weeks=req.weeks, w0=w0, w1=w1)
