"""Periodization: profile -> weekly targets (SPEC §3b v2), obeying H5/H6/H9/H10/H11 by
construction, and the readiness warnings of §3c where a target cannot be reached.

The CP-SAT model only *places* sessions and picks their minutes; what a week must hold (exact
session counts, a run-minute range, per-type duration bounds, the long run) is decided here,
in plain Python, so a coach can read it and the verifier can recompute it.

Why per-week duration bounds: H10 (no single-run spike) is a rolling 30-day maximum, which is
awkward in CP-SAT. Weeks w-1..w-3 always lie wholly inside the 30 days before any day of week
w, so capping every run of week w at 110 % of the guaranteed longest run ("floor") of those
weeks is a sufficient, linear condition. The long run's lower bound is the week's floor, so
the long run can grow by 10 % a week, in whole minutes, toward the goal's peak long run.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field

from models.catalog import (
    DELOAD_LIFT_DURATION_MIN,
    DURATION_RANGE_MIN,
    EASY_RUN_MAX_MIN,
    HARD_RUNS,
    LIFT_DURATION_MIN,
    TAPER_WEEKS,
    WEEKDAYS,
    Focus,
    duration_of_work,
    work_range_min,
)
from models.plan import PlanWarning, PlanWeek
from models.profile import AthleteProfile, BlockTargets

LOAD, DELOAD, TAPER, RACE_WEEK = "load", "deload", "taper", "race"
# Loading weeks of goals that build running rise by this factor at most (H6 allows 1.10).
RAMP = {"beginner": 1.07, "intermediate": 1.10, "advanced": 1.10}

_EXP = {"beginner": 0, "intermediate": 1, "advanced": 2}
# SPEC §3b peak weekly run minutes, by race distance or goal, per experience.
PEAK_RUN_MIN: dict[str, tuple[int, int, int]] = {
    "5k": (150, 210, 300),
    "10k": (180, 260, 360),
    "half": (210, 300, 420),
    "marathon": (270, 380, 520),
    "endurance": (180, 300, 420),
    "general": (150, 210, 270),
}
# SPEC §3b peak long run (the ranges' values by experience).
PEAK_LONG_MIN: dict[str, tuple[int, int, int]] = {
    "5k": (60, 70, 75),
    "10k": (75, 85, 90),
    "half": (100, 110, 120),
    "marathon": (150, 165, 180),
    "endurance": (90, 105, 120),
    "general": (60, 75, 90),
}
# SPEC §3b taper: share of the peak week's run minutes, the race week last.
TAPER_SHARE: dict[str, tuple[tuple[float, float], ...]] = {
    "marathon": ((0.75, 0.85), (0.55, 0.65), (0.35, 0.45)),
    "half": ((0.70, 0.80), (0.40, 0.55)),
    "10k": ((0.50, 0.60),),
    "5k": ((0.50, 0.60),),
}
# §3c long_run_short: the longest run should reach this share of the race time.
LONG_RUN_RACE_SHARE: dict[str, float] = {"half": 0.7, "marathon": 0.6}
# H9 caps (the rule), which the taper shares above sit inside.
TAPER_CAP, RACE_WEEK_CAP = 0.85, 0.60
HEALTH_FLOOR_MIN, HEALTH_CEILING_MIN = 150, 300
# Easy runs of a week lie within this many minutes of their target length: room for the
# week's total to fit its range, without 20- and 75-minute easy runs side by side.
EASY_SPREAD_MIN = 8


@dataclass(frozen=True)
class Conflict:
    """A rule that cannot be met, in words a coach understands."""

    rule: str
    message: str


@dataclass
class WeekTarget:
    """What one plan week must hold; `sessions` counts are exact (H5)."""

    week: int  # 1-based
    start_date: dt.date
    mesocycle: str
    focus: Focus
    role: str  # load | deload | taper | race
    sessions: dict[str, int]
    run_min: int
    run_max: int
    lift_duration_min: int
    duration_bounds: dict[str, tuple[int, int]] = field(default_factory=dict)
    # quality sessions: bounds on the work W (SPEC §3: tempo = 20 + W, intervals = 25 + 2W)
    work_bounds: dict[str, tuple[int, int]] = field(default_factory=dict)
    longest_run_floor_min: int = 0
    run_cap_min: int = 0
    long_run_min: int = 0  # the long run's target (its lower bound); 0 = no run_long
    requested_runs: int = 0  # what the block asked for, before volume limits dropped runs
    limits: set[str] = field(default_factory=set)  # why a target fell short (warnings)

    @property
    def deload(self) -> bool:
        return self.role == DELOAD

    @property
    def midpoint(self) -> float:
        return (self.run_min + self.run_max) / 2

    @property
    def lift_count(self) -> int:
        return sum(n for t, n in self.sessions.items() if t.startswith("lift"))

    @property
    def run_count(self) -> int:
        return sum(n for t, n in self.sessions.items() if not t.startswith("lift") and t != "race")

    @property
    def quality_count(self) -> int:
        return sum(n for t, n in self.sessions.items() if t in HARD_RUNS)

    def targets_json(self) -> dict[str, object]:
        return {
            "sessions": {t: n for t, n in self.sessions.items() if n > 0},
            "run_minutes": {"min": self.run_min, "max": self.run_max},
        }


@dataclass
class Requirements:
    """A resolved profile turned into weekly targets plus the fixed race session."""

    profile: AthleteProfile
    slot_minutes: int
    weeks: list[WeekTarget]
    race_day: int | None = None  # day index from start_date
    race_start_min: int = 0
    race_duration_min: int = 0
    peak_week: int | None = None  # 1-based; the pre-taper week with the highest midpoint
    peak_run_min: float = 0.0  # H9's peak: that week's midpoint (or run_minutes_per_week)
    conflicts: list[Conflict] = field(default_factory=list)
    warnings: list[PlanWarning] = field(default_factory=list)


# --- small arithmetic helpers -------------------------------------------------------------
def grid_floor(x: float, slot: int) -> int:
    return math.floor(x / slot + 1e-9) * slot


def grid_ceil(x: float, slot: int) -> int:
    return math.ceil(x / slot - 1e-9) * slot


def race_duration(profile: AthleteProfile) -> int:
    """The athlete's race, not on our grid: its start and estimate are kept as they are."""
    assert profile.race is not None
    return profile.race_estimate_min  # Riegel from recent_race, else by experience


def peak_run_target(p: AthleteProfile) -> int:
    """§3b: the profile's peak, else the table's by distance/goal; never below current volume."""
    v0 = p.run_minutes_per_week or 0
    if p.peak_run_minutes_per_week is not None:
        return max(p.peak_run_minutes_per_week, v0)
    key = _goal_key(p)
    return max(PEAK_RUN_MIN[key][_EXP[p.experience]], v0)


def peak_long_target(p: AthleteProfile) -> int:
    return PEAK_LONG_MIN[_goal_key(p)][_EXP[p.experience]]


def _goal_key(p: AthleteProfile) -> str:
    if p.race is not None:
        return p.race.distance
    return "endurance" if p.goal in ("endurance", "race") else "general"


# --- block layout ---------------------------------------------------------------------------
@dataclass
class _WeekPlan:
    block: str
    focus: Focus
    role: str
    block_index: int = 0


def _chunks(n: int, size: int = 4) -> list[int]:
    out = [size] * (n // size)
    if n % size:
        out.append(n % size)
    return out


def _block_layout(p: AthleteProfile) -> list[_WeekPlan]:
    """Mesocycles (explicit or generated by goal) flattened to one entry per week."""
    n_weeks = p.horizon_weeks
    taper = 0
    if p.race is not None:
        taper = min(TAPER_WEEKS[p.race.distance], n_weeks)
    pre = n_weeks - taper
    layout: list[_WeekPlan] = []
    if p.mesocycles:
        for b, m in enumerate(p.mesocycles):
            for i in range(m.weeks):
                if m.focus == "taper":
                    role = TAPER
                elif m.deload and m.weeks >= 2 and i == m.weeks - 1:
                    role = DELOAD
                else:
                    role = LOAD
                layout.append(_WeekPlan(m.name, m.focus, role, b))
        layout = layout[:pre] + [_WeekPlan("taper", "taper", TAPER, 99) for _ in range(taper)]
    else:
        sizes = _chunks(pre)
        for b, size in enumerate(sizes):
            last_pre_block = b == len(sizes) - 1
            name, focus = _block_name(p, b, len(sizes))
            for i in range(size):
                # A full 4-week block closes with a deload; the block right before a taper
                # does not (it is the peak), nor does a short trailing block.
                deload = size == 4 and i == 3 and not (last_pre_block and taper)
                layout.append(_WeekPlan(name, focus, DELOAD if deload else LOAD, b))
        layout += [_WeekPlan("taper", "taper", TAPER, 99) for _ in range(taper)]
    if p.race is not None:
        layout[-1].role = RACE_WEEK
    return layout


def _block_name(p: AthleteProfile, b: int, n_blocks: int) -> tuple[str, Focus]:
    goal = p.goal
    if goal in ("strength", "hypertrophy"):
        return f"{goal} {b + 1}", "strength"
    if goal == "health":
        return f"health {b + 1}", "balanced"
    if goal == "general":
        if b % 2 == 0:
            return f"endurance {b // 2 + 1}", "endurance"
        return f"strength {b // 2 + 1}", "strength"
    # race / endurance: base -> build -> peak
    if p.race is not None or goal == "race":
        if n_blocks == 1:
            return "build", "endurance"
        if b == 0:
            return "base", "endurance"
        if b == n_blocks - 1:
            return "peak", "endurance"
        return ("build" if n_blocks == 3 else f"build {b}"), "endurance"
    return ("base" if b == 0 else f"build {b}"), "endurance"


# --- session counts and lift types (SPEC §3b "Lifting") -------------------------------------
def _counts(p: AthleteProfile, wp: _WeekPlan) -> tuple[int, int]:
    """Lifts and runs a week asks for, by goal and block focus."""
    lpw, rpw = p.lifts_per_week or 0, p.runs_per_week or 0
    goal = p.goal
    if wp.focus == "strength":
        lifts = min(lpw + 1, 4) if goal == "general" else max(lpw, 1)
        runs = max(2, rpw)
    elif wp.focus == "balanced":
        lifts = max(2, lpw) if goal == "health" else max(1, lpw)
        runs = max(2, rpw)
    elif goal in ("race", "endurance") or p.race is not None:
        lifts = min(max(lpw, 1), 2)  # one lift a week keeps strength (Rønnestad 2011)
        runs = max(rpw, 1)
    else:  # general endurance blocks keep two lifts
        lifts = min(lpw, 2)
        runs = max(rpw, 1)
    if wp.role == RACE_WEEK:
        lifts = min(lpw, 1)
        runs = max(2, rpw - 1) if rpw >= 3 else max(1, rpw - 1)
    return lifts, runs


def _lift_types(p: AthleteProfile, n: int, wp: _WeekPlan) -> list[str]:
    """Which lifts: muscle groups trained as the goal needs, recoverable under H12."""
    if n <= 0:
        return []
    if p.experience == "beginner":
        return ["lift_full"] * n
    if wp.role == RACE_WEEK:
        return ["lift_upper"] * n  # H9: no heavy legs in the race week
    if wp.role == TAPER:
        return ["lift_full"] + ["lift_upper"] * (n - 1)
    if n >= 5:  # alternate lower/upper: each group twice or more, never on consecutive days
        return ["lift_lower", "lift_upper"] * (n // 2) + ["lift_lower"] * (n % 2)
    if (wp.focus == "strength" and p.goal == "hypertrophy") or wp.focus == "balanced":
        table = {
            1: ["lift_full"],
            2: ["lift_full", "lift_full"],
            3: ["lift_lower", "lift_upper", "lift_full"],
            4: ["lift_lower", "lift_upper", "lift_lower", "lift_upper"],
        }
    elif wp.focus == "strength":
        table = {
            1: ["lift_lower"],
            2: ["lift_lower", "lift_upper"],
            3: ["lift_lower", "lift_upper", "lift_full"],
            4: ["lift_lower", "lift_upper", "lift_lower", "lift_upper"],
        }
    else:  # endurance focus: maintenance lifting
        table = {
            1: ["lift_full"],
            2: ["lift_lower", "lift_upper"],
            3: ["lift_lower", "lift_upper", "lift_full"],
            4: ["lift_lower", "lift_upper", "lift_lower", "lift_upper"],
        }
    return list(table[n])


# --- quality sessions (SPEC §3b table) ------------------------------------------------------
def _quality_plan(p: AthleteProfile, wp: _WeekPlan, w: int, runs: int) -> list[str]:
    """The quality sessions a week asks for, in order of importance."""
    if p.experience == "beginner" and w < 4:
        return []
    goal, role, focus = p.goal, wp.role, wp.focus
    first = wp.block_index == 0
    dist = p.race.distance if p.race is not None else None
    out: list[str]
    if focus == "strength":
        out = [] if role == DELOAD else ["run_tempo"]
    elif focus == "balanced" or goal == "health":
        out = []
    elif dist in ("5k", "10k"):
        if role == LOAD and not first:
            out = ["run_intervals", "run_tempo"][: 2 if runs >= 4 else 1]
        elif role in (TAPER, RACE_WEEK):
            out = ["run_intervals"]
        else:
            out = ["run_tempo"]
    elif dist in ("half", "marathon"):
        if role == RACE_WEEK:
            out = []
        elif role == LOAD and not first:
            out = ["run_tempo", "run_intervals"][: 2 if runs >= 5 else 1]
        else:
            out = ["run_tempo"]
    elif goal == "endurance":
        two = role == LOAD and not first and p.experience == "advanced" and runs >= 5
        out = ["run_tempo", "run_intervals"] if two else ["run_tempo"]
    else:  # general endurance blocks
        out = [] if role == DELOAD else ["run_tempo"]
    if p.experience == "beginner":
        out = out[:1]
    return out


def _daniels_cap(t: str, week_min: float) -> int:
    """Daniels' session limits: threshold work at most 10 % of the week's running, interval
    work at most 8 % (Daniels' Running Formula); never below the catalogue's 10 minutes."""
    share = 0.10 if t == "run_tempo" else 0.08
    return max(work_range_min(t)[0], math.floor(share * week_min))


def _work_max(p: AthleteProfile, t: str, wp: _WeekPlan) -> int:
    """The longest work a quality session of this week may hold."""
    lo, hi = work_range_min(t)
    if wp.focus == "strength":
        return 15  # a short tempo keeps the intensity (Spiering et al. 2021)
    if wp.role == DELOAD:
        return max(lo, 15 if t == "run_tempo" else 12)
    if wp.role in (TAPER, RACE_WEEK):
        # volume falls, intensity stays (Bosquet et al. 2007): a little shorter than the build
        return max(lo, 25 if t == "run_tempo" else 18)
    if t == "run_tempo":
        return {"beginner": 20, "intermediate": 30, "advanced": hi}[p.experience]
    return {"beginner": 16, "intermediate": 20, "advanced": hi}[p.experience]


# --- capacity ---------------------------------------------------------------------------------
def _available_days(p: AthleteProfile, week_idx: int) -> int:
    unavailable = set(p.unavailable_dates)
    n = 0
    for i in range(7):
        d = p.day_date(7 * week_idx + i)
        if d not in unavailable and p.availability.get(WEEKDAYS[d.weekday()]):
            n += 1
    return n


def _regular_days(p: AthleteProfile) -> int:
    return sum(1 for d in WEEKDAYS if p.availability.get(d))


def two_fit(wins: list[tuple[int, int]], first: int, second: int, gap: int) -> bool:
    """Can sessions of `first` then `second` minutes, `gap` apart, fit these windows?"""
    for a0, a1 in wins:
        for b0, b1 in wins:
            if a1 - a0 < first or b1 - b0 < second:
                continue
            if max(a0 + first + gap, b0) + second <= b1:
                return True
    return False


def _fits(p: AthleteProfile, w: int, lifts: int, runs: int, spare: bool = False) -> bool:
    """A counting argument: the week's days and windows can hold the sessions (a day holds
    two only where a lift and a short run fit min_gap_hours apart; H4 caps training days).
    With `spare`, every session must have a day of its own: what the generator adds beyond
    the profile's own sessions must never be what makes a week impossible."""
    blocked = set(p.unavailable_dates)
    lift_days = run_days = 0
    caps: list[int] = []
    shortest_run = DURATION_RANGE_MIN["run_easy"][0]
    for i in range(7):
        d = p.day_date(7 * w + i)
        spans = [(x.start_min, x.end_min) for x in p.windows(WEEKDAYS[d.weekday()])]
        if d in blocked or not spans:
            continue
        longest = max(b - a for a, b in spans)
        lift_days += longest >= LIFT_DURATION_MIN
        run_days += longest >= shortest_run
        two = p.max_sessions_per_day > 1 and (
            two_fit(spans, LIFT_DURATION_MIN, shortest_run, p.min_gap_min)
            or two_fit(spans, shortest_run, LIFT_DURATION_MIN, p.min_gap_min)
        )
        caps.append(2 if two else 1)
    k = p.max_consecutive_days
    usable = min(len(caps), 7 - p.min_rest_days, (7 * k) // (k + 1) if k < 6 else 7)
    total = sum(sorted(caps, reverse=True)[:usable])
    return (
        lifts <= min(lift_days, usable)
        and runs <= min(run_days, usable)
        and (lifts + runs <= (usable if spare else total))
    )


def _fit_capacity(p: AthleteProfile, w: int, lifts: int, runs: int, focus: str) -> tuple[int, int]:
    """Unavailable dates can leave a week too few days: drop sessions (runs first, keeping
    SPEC §3b's minimums) until a counting argument says they fit."""
    if _available_days(p, w) == _regular_days(p):
        return lifts, runs  # a normal week: the profile asked for this
    if focus in ("endurance", "taper"):
        # running is the goal: a short week keeps its runs and lifts once
        while lifts > 1 and not _fits(p, w, lifts, runs):
            lifts -= 1
    if p.goal in ("strength", "hypertrophy"):
        min_lifts, min_runs = lifts, min(runs, 2)
    elif p.goal == "health":
        min_lifts, min_runs = min(lifts, 2), min(runs, 1)
    else:
        min_lifts, min_runs = min(lifts, 1), min(runs, 1)
    while not _fits(p, w, lifts, runs):
        if runs > min_runs and (runs >= lifts or lifts <= min_lifts):
            runs -= 1
        elif lifts > min_lifts:
            lifts -= 1
        else:
            break
    return lifts, runs


def _longest_window(p: AthleteProfile, slot: int) -> int:
    """The longest session any window can hold, starting on the grid (caps the long run)."""
    best = 0
    for day in WEEKDAYS:
        for win in p.windows(day):
            best = max(best, win.end_min - grid_ceil(win.start_min, slot))
    return best


# --- run composition --------------------------------------------------------------------------
@dataclass
class _Runs:
    sessions: dict[str, int]
    bounds: dict[str, tuple[int, int]]
    work: dict[str, tuple[int, int]]
    lo: int
    hi: int
    floor: int
    long_min: int


@dataclass
class _Week:
    """What the generator knows about the week it composes."""

    wp: _WeekPlan
    w: int
    cap: int  # H10 and availability: no run longer
    want: float  # desired midpoint
    mid_cap: float  # H6/H9: the midpoint may not exceed this
    band: tuple[float, float]  # the range the week should lie in, before composition
    hard_hi: float  # a hard cap on the range's top (deload 80 %, taper shares)
    long_min: int  # target long run (0: none); below 45 it is carried by an easy run
    floor_want: int  # guaranteed longest run wanted (H10 reference for later weeks)


def _compose(
    p: AthleteProfile, wk: _Week, n: int, quality: list[str], easy_max: int
) -> _Runs | None:
    """Types, per-type bounds and a run-minute range for n runs, or None if they cannot fit."""
    cap = wk.cap
    bounds: dict[str, tuple[int, int]] = {}
    work: dict[str, tuple[int, int]] = {}
    sessions: dict[str, int] = {}
    has_long = wk.long_min >= DURATION_RANGE_MIN["run_long"][0] and n >= 2
    if has_long:
        L = wk.long_min
        sessions["run_long"] = 1
        bounds["run_long"] = (L, min(cap, L + 5, DURATION_RANGE_MIN["run_long"][1]))
    q = [t for t in quality][: max(0, n - len(sessions))]
    share = p.max_hard_share
    est_lo = max(wk.band[0], 1.0)
    budget = math.floor(share * est_lo)
    for i, t in enumerate(q):
        left = len(q) - i
        per = (budget - sum(work[k][1] * sessions[k] for k in work)) // max(left, 1)
        whi = _work_top(p, t, wk, per)
        if t == "run_intervals" and whi < work_range_min(t)[0]:
            t = "run_tempo"  # too short a week for intervals: a tempo keeps the intensity
            whi = _work_top(p, t, wk, per)
        wlo = work_range_min(t)[0]
        if whi < wlo:
            continue  # H11 or H10 cannot hold this session at the week's volume
        lo_w = max(wlo, whi - 3)
        if t in work:  # a second session of the same type shares its bounds
            lo_w, whi = min(lo_w, work[t][0]), min(whi, work[t][1])
        work[t] = (lo_w, whi)
        sessions[t] = sessions.get(t, 0) + 1
    for t, (a, b) in work.items():
        bounds[t] = (duration_of_work(t, a), duration_of_work(t, b))
    q_dur_mid = sum((bounds[t][0] + bounds[t][1]) / 2 * sessions[t] for t in work)
    n_easy = n - sum(sessions.values())
    floor = min(wk.floor_want, cap)
    if has_long:
        floor = bounds["run_long"][0]
    e_top = min(easy_max, cap)
    if has_long:
        e_top = min(e_top, bounds["run_long"][0])
    if n_easy > 0:
        long_mid = (bounds["run_long"][0] + bounds["run_long"][1]) / 2 if has_long else 0.0
        e = (wk.want - long_mid - q_dur_mid) / n_easy
        e_lo_min = DURATION_RANGE_MIN["run_easy"][0]
        if e_top < e_lo_min:
            return None
        e_c = min(max(e, e_lo_min), e_top)
        e_lo = max(e_lo_min, round(e_c) - EASY_SPREAD_MIN)
        e_hi = min(e_top, round(e_c) + EASY_SPREAD_MIN)
        if not has_long:
            # one easy run carries the week's longest run; it grows with the easy runs, so
            # H10's cap can follow the volume
            floor = max(floor, min(round(e_c), e_top))
            e_hi = max(e_hi, min(e_top, floor))
            floor = min(floor, e_hi)
            # the top of the easy range where the week's volume leaves room for it
            others = sum(b[0] * k for t, b in bounds.items() for k in [sessions[t]])
            room = math.floor(min(wk.band[1], wk.hard_hi, wk.mid_cap)) - others
            room -= e_lo * (n_easy - 1)
            if wk.wp.role == LOAD:  # a deload's floor may drop: the look-back covers it
                floor = max(floor, min(e_hi, room))
        bounds["run_easy"] = (e_lo, max(e_lo, e_hi))
        sessions["run_easy"] = n_easy
    elif not has_long:
        floor = max((b[0] for b in bounds.values()), default=0)
    if not sessions:
        return None
    smin = sum(bounds[t][0] * k for t, k in sessions.items())
    smax = sum(bounds[t][1] * k for t, k in sessions.items())
    able = [bounds[t][0] for t in sessions if bounds[t][1] >= floor]
    if not able:
        return None
    smin += max(0, floor - max(able))
    lo = max(smin, math.ceil(wk.band[0]))
    hi = min(smax, math.floor(wk.band[1]), math.floor(wk.hard_hi))
    if smax < wk.band[0]:  # the runs cannot reach the band: build as high as they allow
        hi = min(smax, math.floor(wk.hard_hi))
        lo = max(smin, hi - max(4, round(0.05 * hi)))
    hi = min(hi, math.floor(2 * wk.mid_cap - lo))
    if lo > hi:  # the band does not fit these runs: any range the rules allow will do
        lo = smin
        hi = min(smax, math.floor(wk.hard_hi), math.floor(2 * wk.mid_cap - lo))
    if lo > hi:
        return None
    # H11 for every total in the range: the work's maximum within share of the minimum
    while work and sum(work[t][1] * sessions[t] for t in work) > share * lo + 1e-9:
        t = max(work, key=lambda k: work[k][1])
        a, b = work[t]
        if b - 1 < work_range_min(t)[0]:
            return None
        work[t] = (min(a, b - 1), b - 1)
        old = bounds[t]
        bounds[t] = (duration_of_work(t, work[t][0]), duration_of_work(t, work[t][1]))
        smin -= (old[0] - bounds[t][0]) * sessions[t]
    return _Runs(sessions, bounds, work, lo, hi, floor, bounds.get("run_long", (0, 0))[0])


def _work_top(p: AthleteProfile, t: str, wk: _Week, per: int) -> int:
    """The most work a quality session of this week can hold: the phase's maximum, its share
    of the H11 budget, Daniels' cap, and the whole session under the single-run cap (H10)."""
    whi = min(_work_max(p, t, wk.wp), per, _daniels_cap(t, wk.want))
    while whi >= work_range_min(t)[0] and duration_of_work(t, whi) > wk.cap:
        whi -= 1
    return whi


def _choose_runs(
    p: AthleteProfile, wk: _Week, runs: int, lifts: int, vol_floor: float
) -> tuple[_Runs | None, set[str]]:
    """Try the asked number of runs with fewer quality sessions before fewer runs; add up to
    two easy runs where the week would otherwise cut the athlete's current running (§3b)."""
    easy_max = EASY_RUN_MAX_MIN[p.experience]
    quality = _quality_plan(p, wk.wp, wk.w, runs)
    notes: set[str] = set()

    def attempt(n: int) -> _Runs | None:
        for k in range(len(quality), -1, -1):
            got = _compose(p, wk, n, quality[:k], easy_max)
            if got is not None:
                return got
        return None

    best = attempt(runs) if runs > 0 else None
    if best is not None and (best.lo + best.hi) / 2 < vol_floor:
        for extra in (1, 2):
            # an extra run gets a day of its own, except to reach the WHO minimum (health)
            if not _fits(p, wk.w, lifts, runs + extra, spare=p.goal != "health"):
                break
            more = attempt(runs + extra)
            if more is not None and more.hi > best.hi:
                best = more
                if (more.lo + more.hi) / 2 >= vol_floor:
                    break
    if best is not None:
        if best.hi < wk.band[0]:
            notes.add("runs per week")
        return best, notes
    for n in range(runs - 1, 0, -1):
        got = attempt(n)
        if got is not None:
            notes.add("runs per week")
            return got, notes
    return None, notes


# --- the generator ----------------------------------------------------------------------------
def build_requirements(p: AthleteProfile, slot_minutes: int = 15) -> Requirements:
    """Weekly targets for the whole horizon; conflicts list what cannot be met, warnings what
    the plan could not reach."""
    slot = slot_minutes
    layout = _block_layout(p)
    req = Requirements(profile=p, slot_minutes=slot, weeks=[])
    if p.race is not None:
        req.race_day = (p.race.date - p.first_day).days
        req.race_start_min = p.race.start_min
        req.race_duration_min = race_duration(p)
    v0 = float(p.run_minutes_per_week or 0)
    lr0 = int(p.longest_recent_run_min or 0)
    window_cap = _longest_window(p, slot)
    taper_shares = _taper_shares(p, layout)
    floors: list[int] = []
    last_long = 0  # the last long run of a loading week (deloads and tapers scale it)
    peak_long = 0
    for w, wp in enumerate(layout):
        refs = floors[max(0, w - 3) : w]
        if 7 * w + 6 < 30:
            refs = [*refs, lr0]
        ref_run = max(refs, default=0)
        cap = min(DURATION_RANGE_MIN["run_long"][1], math.floor(1.1 * ref_run), window_cap)
        prev = req.weeks[-1] if req.weeks else None
        ref_mid = _h6_reference(req.weeks, v0)
        lifts, runs = _counts(p, wp)
        if p.goal == "general" and wp.focus == "strength" and not _fits(p, w, lifts, runs, True):
            lifts -= 1  # the strength block's extra lift, where the windows have no room
        if wp.role == DELOAD and prev is not None:
            runs = min(runs, max(prev.run_count, 1))
            lifts = min(lifts, prev.lift_count)  # H6: <= 70 % of the lifting minutes
        lifts, runs = _fit_capacity(p, w, lifts, runs, wp.focus)
        if wp.role in (TAPER, RACE_WEEK) and req.peak_week is None:
            req.peak_run_min = v0  # SPEC H9: no pre-taper week, the current volume is the peak
        limits: set[str] = set()
        if window_cap < math.floor(1.1 * ref_run):
            limits.add("availability")
        explicit = block_targets(p, wp, w)
        if explicit is not None and explicit.sessions:
            runs_out = _explicit_runs(p, explicit, cap)
        else:
            wk = _week_frame(p, wp, w, cap, ref_run, ref_mid, prev, req, taper_shares)
            scale = wk.want / req.peak_run_min if wp.role == TAPER and req.peak_run_min else 1.0
            wk.long_min, wk.floor_want = _long_run(p, wp, cap, ref_run, last_long, peak_long, scale)
            vol_floor = 0.9 * v0 if wp.role == LOAD and (w == 0 or not _builds(p, wp)) else 0.0
            if p.goal == "health" and v0 >= HEALTH_FLOOR_MIN / 1.1:
                vol_floor = max(vol_floor, HEALTH_FLOOR_MIN)  # WHO minimum from week 1
            chosen, notes = _choose_runs(p, wk, runs, lifts, vol_floor)
            limits |= notes
            runs_out = chosen if chosen is not None else _Runs({}, {}, {}, 0, 0, 0, 0)
        sessions = dict(runs_out.sessions)
        lift_types = (
            [t for t, n in explicit.sessions.items() if t.startswith("lift") for _ in range(n)]
            if explicit is not None and explicit.sessions
            else _lift_types(p, lifts, wp)
        )
        for t in lift_types:
            sessions[t] = sessions.get(t, 0) + 1
        if wp.role == RACE_WEEK:
            sessions["race"] = 1
        target = WeekTarget(
            week=w + 1,
            start_date=p.first_day + dt.timedelta(days=7 * w),
            mesocycle=wp.block,
            focus=wp.focus,
            role=wp.role,
            sessions={t: n for t, n in sessions.items() if n > 0},
            run_min=runs_out.lo,
            run_max=runs_out.hi,
            lift_duration_min=DELOAD_LIFT_DURATION_MIN if wp.role == DELOAD else LIFT_DURATION_MIN,
            duration_bounds=runs_out.bounds,
            work_bounds=runs_out.work,
            longest_run_floor_min=runs_out.floor,
            run_cap_min=cap,
            long_run_min=runs_out.long_min,
            requested_runs=0 if explicit is not None and explicit.sessions else runs,
            limits=limits,
        )
        req.weeks.append(target)
        floors.append(runs_out.floor)
        if runs_out.long_min and wp.role == LOAD:
            last_long = runs_out.long_min
            peak_long = max(peak_long, last_long)
        elif runs_out.long_min:
            last_long = runs_out.long_min if wp.role == DELOAD else last_long
        if wp.role in (LOAD, DELOAD) and (
            req.peak_week is None or target.midpoint >= req.peak_run_min
        ):
            req.peak_week = w + 1
            req.peak_run_min = target.midpoint
    if req.race_day is None:
        req.peak_week = None
    _respect_race_bans(req)
    req.conflicts = check_targets(req)
    req.warnings = readiness_warnings(req)
    return req


def _builds(p: AthleteProfile, wp: _WeekPlan) -> bool:
    """Goals that build running toward a peak (race, endurance, general endurance blocks)."""
    return wp.focus in ("endurance", "taper")


def _taper_shares(p: AthleteProfile, layout: list[_WeekPlan]) -> list[tuple[float, float]]:
    """The taper's shares of the peak for the plan's taper weeks (a short horizon keeps the
    last ones: the race week always gets the race-week share)."""
    if p.race is None:
        return []
    n = sum(1 for wp in layout if wp.role in (TAPER, RACE_WEEK))
    return list(TAPER_SHARE[p.race.distance][-n:]) if n else []


def _week_frame(
    p: AthleteProfile,
    wp: _WeekPlan,
    w: int,
    cap: int,
    ref_run: int,
    ref_mid: float,
    prev: WeekTarget | None,
    req: Requirements,
    taper_shares: list[tuple[float, float]],
) -> _Week:
    """The week's volume: what it wants, the band it should lie in, and its hard limits."""
    v0 = float(p.run_minutes_per_week or 0)
    mid_cap = 1.1 * ref_mid  # H6 (run_minutes_per_week 0: no running can start)
    hard_hi = 1e9
    if wp.role == DELOAD and prev is not None:
        lo, hi = math.ceil(0.7 * prev.run_min), math.floor(0.8 * prev.run_min)
        if p.goal == "health" and prev.run_min >= HEALTH_FLOOR_MIN:
            lo, hi = max(lo, HEALTH_FLOOR_MIN), max(hi, HEALTH_FLOOR_MIN)
        elif p.goal == "health":  # still climbing to the WHO minimum: hold, do not cut
            lo = hi = prev.run_min
        hard_hi = hi
        band = (float(lo), float(hi))
        want = (lo + hi) / 2
    elif wp.role in (TAPER, RACE_WEEK):
        k = sum(1 for x in req.weeks if x.role in (TAPER, RACE_WEEK))
        a, b = taper_shares[k] if k < len(taper_shares) else (0.5, 0.6)
        peak = req.peak_run_min if req.peak_week is not None else v0
        cap_share = RACE_WEEK_CAP if wp.role == RACE_WEEK else TAPER_CAP
        hard_hi = math.floor(min(b, cap_share) * peak)
        mid_cap = min(mid_cap, cap_share * peak)
        if prev is not None:
            mid_cap = min(mid_cap, prev.midpoint)  # taper weeks only fall
        band = (a * peak, b * peak)
        want = (a + b) / 2 * peak
    else:
        if wp.focus == "strength":
            want = v0  # maintenance: 90-110 % of current running
        elif wp.focus == "balanced" and p.goal == "health":
            # 150-300 minutes (WHO 2020); a chosen peak is built toward at H6's ramp
            hold = max(v0, float(HEALTH_FLOOR_MIN))
            if p.peak_run_minutes_per_week is not None:
                hold = max(hold, min(float(p.peak_run_minutes_per_week), HEALTH_CEILING_MIN))
            want = min(hold, max(float(HEALTH_CEILING_MIN), v0), RAMP[p.experience] * ref_mid)
            want = max(want, min(v0, 1.1 * ref_mid)) if w else want
        elif w == 0:
            want = v0
        else:
            want = min(float(peak_run_target(p)), RAMP[p.experience] * ref_mid)
            want = max(want, v0) if _builds(p, wp) else want
        want = min(want, mid_cap)
        d = max(5.0, 0.05 * want)
        band = (want - d, want + d)
        if wp.focus == "strength" or w == 0:
            band = (max(band[0], 0.9 * v0), min(band[1], max(1.1 * v0, band[0])))
        if p.goal == "health" and want >= HEALTH_FLOOR_MIN:
            band = (max(band[0], float(HEALTH_FLOOR_MIN)), band[1])
    return _Week(wp, w, cap, want, mid_cap, band, hard_hi, 0, 0)


def _long_run(
    p: AthleteProfile,
    wp: _WeekPlan,
    cap: int,
    ref_run: int,
    last_long: int,
    peak_long: int,
    taper_scale: float = 1.0,
) -> tuple[int, int]:
    """(long-run target, guaranteed longest run) of a week: the long run grows by H10's 10 %
    toward the goal's peak long run, a deload holds 70-80 % of it, the taper shrinks it."""
    if wp.focus not in ("endurance", "taper") or wp.role == RACE_WEEK:
        # no long run: the longest easy run carries the week's floor (see _compose); the race
        # week's floor matters to no later week
        return 0, 0
    goal_long = peak_long_target(p)
    if wp.role == LOAD:
        target = min(goal_long, math.floor(1.1 * ref_run), cap)
        return target, target
    base = last_long or ref_run
    if wp.role == DELOAD:
        target = round(0.75 * base)
        return min(target, cap), min(target, cap)
    # taper: the long run shrinks with the volume (its share of the peak week)
    target = min(round(taper_scale * (peak_long or base)), cap, base)
    return target, target


def _explicit_runs(p: AthleteProfile, explicit: BlockTargets, cap: int) -> _Runs:
    """An explicit block's runs: the catalogue's bounds under the week's cap."""
    sessions = {t: n for t, n in explicit.sessions.items() if not t.startswith("lift")}
    bounds: dict[str, tuple[int, int]] = {}
    work: dict[str, tuple[int, int]] = {}
    for t in sessions:
        lo, hi = DURATION_RANGE_MIN[t]
        if t == "run_easy":
            hi = EASY_RUN_MAX_MIN[p.experience]
        if t in HARD_RUNS:
            wlo, whi = work_range_min(t)
            while whi >= wlo and duration_of_work(t, whi) > cap:
                whi -= 1
            if whi >= wlo:
                work[t] = (wlo, whi)
                bounds[t] = (duration_of_work(t, wlo), duration_of_work(t, whi))
        elif lo <= min(hi, cap):
            bounds[t] = (lo, min(hi, cap))
    sessions = {t: n for t, n in sessions.items() if t in bounds}
    smin = sum(bounds[t][0] * n for t, n in sessions.items())
    smax = sum(bounds[t][1] * n for t, n in sessions.items())
    rm = explicit.run_minutes
    lo, hi = (rm.min, rm.max) if rm else (smin, smax)
    floor = max((bounds[t][0] for t in sessions), default=0)
    long_min = bounds["run_long"][0] if "run_long" in sessions else 0
    return _Runs(sessions, bounds, work, lo, hi, floor, long_min)


def _respect_race_bans(req: Requirements) -> None:
    """H9 bans lift_lower in the 7 days and quality runs in the 2 days before the race, which
    can reach back into the week before the race week: swap such sessions for allowed types
    when too few days of the week remain for them."""
    if req.race_day is None:
        return
    for wk in req.weeks:
        first = 7 * (wk.week - 1)
        days = range(first, first + 7)
        lower_ok = sum(d < req.race_day - 7 for d in days)
        hard_ok = sum(d < req.race_day - 2 or d > req.race_day for d in days)
        n = wk.sessions.get("lift_lower", 0)
        if n > lower_ok:
            wk.sessions["lift_lower"] = lower_ok
            wk.sessions["lift_upper"] = wk.sessions.get("lift_upper", 0) + n - lower_ok
        for t in ("run_tempo", "run_intervals"):
            n = wk.sessions.get(t, 0)
            if n > hard_ok:
                wk.sessions[t] = hard_ok
                if "run_easy" in wk.duration_bounds:
                    wk.sessions["run_easy"] = wk.sessions.get("run_easy", 0) + n - hard_ok
        wk.sessions = {t: k for t, k in wk.sessions.items() if k > 0}


def _h6_reference(weeks: list[WeekTarget], v0: float) -> float:
    """H6 compares with the week before, skipping back over a deload; week 1 with v0."""
    if not weeks:
        return v0
    if weeks[-1].role != DELOAD:
        return weeks[-1].midpoint
    for wk in reversed(weeks[:-1]):
        if wk.role != DELOAD:
            return wk.midpoint
    return v0


def block_targets(p: AthleteProfile, wp: _WeekPlan, w: int) -> BlockTargets | None:
    """Explicit targets of the profile's mesocycle for a loading week, if any."""
    if not p.mesocycles or wp.role != LOAD:
        return None
    start = 0
    for m in p.mesocycles:
        if start <= w < start + m.weeks:
            return m.targets
        start += m.weeks
    return None


# --- target-level rule checks and warnings ----------------------------------------------------
def check_targets(req: Requirements) -> list[Conflict]:
    """Rules that the targets alone already break; each names its SPEC rule."""
    p = req.profile
    out: list[Conflict] = []
    v0 = p.run_minutes_per_week or 0
    for i, wk in enumerate(req.weeks):
        if wk.run_count == 0 and wk.requested_runs > 0 and wk.role in (LOAD, TAPER):
            ref = _h6_reference(req.weeks[:i], v0)
            out.append(
                Conflict(
                    "H10" if wk.run_cap_min < DURATION_RANGE_MIN["run_easy"][0] else "H6",
                    f"week {wk.week}: no run fits: every run must be at least "
                    f"{DURATION_RANGE_MIN['run_easy'][0]} min, H10 caps single runs at "
                    f"{wk.run_cap_min} min (longest_recent_run_min="
                    f"{p.longest_recent_run_min}) and H6 allows about {1.1 * ref:.0f} run "
                    f"minutes after run_minutes_per_week={v0}",
                )
            )
        if wk.run_count > 0 and wk.run_min > wk.run_max:
            out.append(Conflict("H5", f"week {wk.week}: run-minute target is empty"))
    return out


def readiness_warnings(req: Requirements) -> list[PlanWarning]:
    """SPEC §3c: what the plan could not reach, and why."""
    p = req.profile
    out: list[PlanWarning] = []
    if p.min_gap_hours < 4:
        out.append(
            PlanWarning(
                code="input",
                message=f"min_gap_hours={p.min_gap_hours:g} is below the 4 h that the "
                "interference research supports; runs and lifts may be closer than ideal",
            )
        )
    weeks = req.weeks
    if not weeks:
        return out
    pre = [w for w in weeks if w.role in (LOAD, DELOAD)]
    builds = p.goal in ("race", "endurance") or p.race is not None
    if builds and pre:
        target = peak_run_target(p)
        top = max(pre, key=lambda w: w.midpoint)
        if top.midpoint < 0.9 * target:
            why = _reasons(weeks, p)
            out.append(
                PlanWarning(
                    code="volume_below_peak",
                    message=f"the peak week (week {top.week}) holds about "
                    f"{top.midpoint:.0f} run minutes, under 90 % of the {target} the goal "
                    f"asks for: {why}",
                )
            )
    if p.goal == "health":
        low = [w.week for w in weeks if w.run_max < HEALTH_FLOOR_MIN]
        if low:
            out.append(
                PlanWarning(
                    code="volume_below_peak",
                    message=f"weeks {_ranges(low)} hold fewer than the WHO's 150 minutes: "
                    f"from run_minutes_per_week={p.run_minutes_per_week} the volume climbs "
                    "by at most 10 % a week (H6)",
                )
            )
    if p.race is not None and p.race.distance in LONG_RUN_RACE_SHARE:
        share = LONG_RUN_RACE_SHARE[p.race.distance]
        longest = max((w.longest_run_floor_min for w in weeks), default=0)
        need = share * req.race_duration_min
        if longest < need:
            why = _long_reasons(req, p)
            out.append(
                PlanWarning(
                    code="long_run_short",
                    message=f"the longest run reaches {longest} min, under {share:.0%} of "
                    f"the estimated {req.race_duration_min}-minute race ({need:.0f} min): "
                    f"{why}",
                )
            )
    return out


def _reasons(weeks: list[WeekTarget], p: AthleteProfile) -> str:
    limits = set().union(*(w.limits for w in weeks))
    parts = []
    if "runs per week" in limits:
        parts.append(
            f"{p.runs_per_week} runs a week of at most "
            f"{EASY_RUN_MAX_MIN[p.experience]} min (easy) cannot hold more"
        )
    if "availability" in limits:
        parts.append("the availability windows cap the longest run")
    parts.append(
        f"the horizon: {p.horizon_weeks} weeks rising at most 10 % a loading week from "
        f"run_minutes_per_week={p.run_minutes_per_week}"
    )
    return "; ".join(parts)


def _long_reasons(req: Requirements, p: AthleteProfile) -> str:
    limits = set().union(*(w.limits for w in req.weeks))
    parts = [
        f"it grows by at most 10 % a week (H10) from longest_recent_run_min="
        f"{p.longest_recent_run_min} over a {p.horizon_weeks}-week horizon"
    ]
    if "availability" in limits:
        parts.append("the availability windows are too short for a longer run")
    return "; ".join(parts)


def _ranges(xs: list[int]) -> str:
    out: list[str] = []
    start = prev = xs[0]
    for x in [*xs[1:], None]:
        if x is not None and x == prev + 1:
            prev = x
            continue
        out.append(f"{start}" if start == prev else f"{start}-{prev}")
        if x is not None:
            start = prev = x
    return ", ".join(out)


def plan_weeks(req: Requirements) -> list[PlanWeek]:
    return [
        PlanWeek.model_validate(
            {
                "week": t.week,
                "start_date": t.start_date.isoformat(),
                "mesocycle": t.mesocycle,
                "focus": t.focus,
                "deload": t.deload,
                "targets": t.targets_json(),
            }
        )
        for t in req.weeks
    ]
