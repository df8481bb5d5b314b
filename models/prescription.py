"""What each session contains (SPEC §5b): zones, paces and heart rates for runs, exercises,
sets, reps and loads for lifts.

Pure functions of a session (type, duration, hard_min), its week in the plan and the athlete
profile; no solver. `attach_prescriptions` fills every session of a plan in one pass, after
decoding, so plan.json carries the prescription and every output renders that stored copy
(`prescription_lines`), never its own version.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from typing import Any, Final, Literal, NotRequired

from pydantic import ConfigDict, with_config
from typing_extensions import TypedDict  # pydantic reads TypedDicts from here on Python 3.11

from models.paces import (
    DISTANCE_KM,
    format_duration_s,
    format_pace,
    riegel_s,
    zone_pace_range,
)
from models.plan import Plan, PlanSession, PlanWeek
from models.profile import AthleteProfile


# --- the shape of a prescription in plan.json (published by `hybridplan schema --plan`) ------
@with_config(ConfigDict(extra="forbid"))
class Segment(TypedDict):
    """A stretch of a run at one zone: minutes, zone, a target a person reads, and numbers."""

    minutes: int
    zone: Literal["E", "M", "T", "I", "R"]
    label: str
    target: str
    rpe: list[int]
    hr_pct: list[int]
    hr_bpm: NotRequired[list[int]]
    pace_min_per_km: NotRequired[list[str]]
    km: NotRequired[float]


@with_config(ConfigDict(extra="forbid"))
class Exercise(TypedDict):
    """One exercise of a lift: sets x reps at an intensity, and a load where a 1RM is known."""

    name: str
    sets: int
    reps: str
    intensity: str
    load_kg: float | None


@with_config(ConfigDict(extra="forbid"))
class Prescription(TypedDict):
    """What a session contains (SPEC §5b)."""

    summary: str
    segments: NotRequired[list[Segment]]
    distance_km: NotRequired[float]
    exercises: NotRequired[list[Exercise]]
    dose: NotRequired[str]
    progression: NotRequired[str]


def prescription_json_schema() -> dict[str, Any]:
    """JSON Schema of a prescription, its sub-schemas under `#/$defs/`."""
    from pydantic import TypeAdapter

    return TypeAdapter(Prescription).json_schema(ref_template="#/$defs/{model}")


# --- zones ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class ZoneInfo:
    name: str
    feel: str
    rpe: tuple[int, int]
    hr_pct: tuple[int, int]


# Daniels' zones with the effort and %HRmax he gives for each (R is paced, not HR-governed:
# its reps are too short for the heart rate to settle, so the range is only a ceiling).
ZONES: Final[dict[str, ZoneInfo]] = {
    "E": ZoneInfo("easy", "conversational", (2, 4), (65, 79)),
    "M": ZoneInfo("marathon pace", "steady, controlled", (5, 6), (80, 90)),
    "T": ZoneInfo("threshold", "comfortably hard", (6, 7), (88, 92)),
    "I": ZoneInfo("interval", "hard", (8, 9), (97, 100)),
    "R": ZoneInfo("repetition", "fast and relaxed, not a sprint", (8, 9), (90, 100)),
}
STRIDES_MIN_RUN: Final[int] = 25  # an easy run long enough to end with 5' of strides
HARD_ZONES: Final[frozenset[str]] = frozenset({"T", "I", "R"})
RACE_ZONE: Final[dict[str, str]] = {"5k": "I", "10k": "T", "half": "T", "marathon": "M"}


@dataclass(frozen=True)
class Athlete:
    """The profile facts a prescription needs, resolved once per plan."""

    goal: str
    experience: str
    race_distance: str | None
    vdot: float | None
    max_hr: int | None
    one_rep_max: dict[str, float]
    race_time_s: float | None  # Riegel estimate from recent_race

    @classmethod
    def of(cls, p: AthleteProfile) -> Athlete:
        rr = p.recent_race
        race_s = None
        if rr is not None and p.race is not None:
            race_s = riegel_s(rr.seconds, DISTANCE_KM[rr.distance], DISTANCE_KM[p.race.distance])
        orm = p.one_rep_max.model_dump(exclude_none=True) if p.one_rep_max else {}
        return cls(
            goal=p.goal,
            experience=p.experience,
            race_distance=p.race.distance if p.race else None,
            vdot=rr.vdot if rr else None,
            max_hr=p.max_hr,
            one_rep_max=orm,
            race_time_s=race_s,
        )


def zone_target(zone: str, a: Athlete) -> dict[str, Any]:
    """RPE, %HRmax, and where known bpm and pace range (min/km) of a zone for this athlete."""
    z = ZONES[zone]
    out: dict[str, Any] = {"rpe": list(z.rpe), "hr_pct": list(z.hr_pct)}
    text = f"{z.name}, {z.feel}: RPE {z.rpe[0]}-{z.rpe[1]}, {z.hr_pct[0]}-{z.hr_pct[1]} % HRmax"
    if a.max_hr:
        bpm = [round(a.max_hr * z.hr_pct[0] / 100), round(a.max_hr * z.hr_pct[1] / 100)]
        out["hr_bpm"] = bpm
        text += f" ({bpm[0]}-{bpm[1]} bpm)"
    if a.vdot:
        slow, fast = zone_pace_range(a.vdot, zone)
        out["pace_min_per_km"] = [format_pace(fast), format_pace(slow)]
        out["_mid_s_per_km"] = (slow + fast) / 2
        text += f", {format_pace(fast)}-{format_pace(slow)} min/km"
    out["target"] = text
    return out


def _segment(minutes: int, zone: str, label: str, a: Athlete, note: str = "") -> dict[str, Any]:
    t = zone_target(zone, a)
    mid = t.pop("_mid_s_per_km", None)
    seg: dict[str, Any] = {"minutes": minutes, "zone": zone, "label": label, **t}
    if note:
        seg["target"] = f"{note}; {seg['target']}"
    if mid:
        seg["km"] = round(minutes * 60 / mid, 1)
    return seg


# --- the week a session sits in -------------------------------------------------------------
@dataclass(frozen=True)
class WeekContext:
    """Where a week sits in the plan: its block, phase and role."""

    week: int
    total_weeks: int
    mesocycle: str
    focus: str
    deload: bool
    block: int  # 0-based index of its mesocycle block
    n_blocks: int
    phase: str  # base, build, peak, taper, race (runs); the block's focus otherwise
    race_week: bool
    taper: bool
    n_pre_blocks: int = 1  # blocks before the taper


def week_contexts(weeks: list[PlanWeek], has_race: bool) -> dict[int, WeekContext]:
    """Each plan week with its block index and running phase (base -> build -> peak)."""
    blocks: list[int] = []
    for i, w in enumerate(weeks):
        new = i == 0 or w.mesocycle != weeks[i - 1].mesocycle
        blocks.append((blocks[-1] + 1 if new else blocks[-1]) if blocks else 0)
    pre = [b for w, b in zip(weeks, blocks, strict=True) if w.focus != "taper"]
    n_pre = (max(pre) + 1) if pre else 0
    out: dict[int, WeekContext] = {}
    for w, b in zip(weeks, blocks, strict=True):
        race_week = has_race and w.week == weeks[-1].week
        taper = w.focus == "taper"
        if race_week:
            phase = "race"
        elif taper:
            phase = "taper"
        elif b == 0 and n_pre > 1:
            phase = "base"
        elif b == n_pre - 1 and has_race:
            phase = "peak"
        else:
            phase = "build"
        out[w.week] = WeekContext(
            week=w.week,
            total_weeks=len(weeks),
            mesocycle=w.mesocycle,
            focus=w.focus,
            deload=w.deload,
            block=b,
            n_blocks=(max(blocks) + 1) if blocks else 0,
            phase=phase,
            race_week=race_week,
            taper=taper,
            n_pre_blocks=max(1, n_pre),
        )
    return out


# --- runs ------------------------------------------------------------------------------------
def _split(total: int, parts: int) -> list[int]:
    """`total` minutes in `parts` near-equal whole-minute pieces, longest first."""
    base, extra = divmod(total, parts)
    return [base + 1] * extra + [base] * (parts - extra)


def _reps_text(reps: list[int]) -> str:
    groups: list[tuple[int, int]] = []
    for r in reps:
        if groups and groups[-1][1] == r:
            groups[-1] = (groups[-1][0] + 1, r)
        else:
            groups.append((1, r))
    return " + ".join(f"{n} × {r}'" if n > 1 else f"{r}'" for n, r in groups)


def _pace_hint(zone: str, a: Athlete) -> str:
    t = zone_target(zone, a)
    if "pace_min_per_km" in t:
        return f" ({t['pace_min_per_km'][0]}-{t['pace_min_per_km'][1]} /km)"
    z = ZONES[zone]
    return f" (RPE {z.rpe[0]}-{z.rpe[1]})"


def _run(
    session: PlanSession, ctx: WeekContext, a: Athlete, nth: int, after_quality: bool = False
) -> tuple[str, list[dict[str, Any]]]:
    d, w = session.duration_min, session.hard_min
    t = session.type
    if t in ("run_tempo", "run_intervals") and w < 5:  # e.g. logged shorter than its frame
        return f"{d}' easy{_pace_hint('E', a)} (too short for the planned work)", [
            _segment(d, "E", "easy", a)
        ]
    if t == "run_easy":
        strides = (
            nth == 0
            and a.race_distance in ("5k", "10k")
            and ctx.phase == "base"
            and d >= STRIDES_MIN_RUN
        )
        if strides:
            n = 4 if ctx.deload or ctx.week == 1 else 6
            note = f"{n} × 20 s strides, quick and relaxed, walk back between them (not hard)"
            segs = [_segment(d - 5, "E", "easy", a), _segment(5, "E", "strides", a, note)]
            return f"{d - 5}' easy{_pace_hint('E', a)}, then {n} × 20 s strides", segs
        return f"{d}' easy{_pace_hint('E', a)}", [_segment(d, "E", "easy", a)]
    if t == "run_long":
        finish = 0 if after_quality else _long_run_finish(d, ctx, a)
        if finish:
            what = "marathon-pace" if a.race_distance == "marathon" else "steady (marathon-pace)"
            segs = [
                _segment(d - finish, "E", "easy", a),
                _segment(finish, "M", "finish", a, f"{what} finish, not hard"),
            ]
            return (
                f"{d}' long run: {d - finish}' easy{_pace_hint('E', a)}, last {finish}' "
                f"at marathon pace{_pace_hint('M', a)}",
                segs,
            )
        return f"{d}' long run, all easy{_pace_hint('E', a)}", [_segment(d, "E", "easy", a)]
    if t == "run_tempo":
        return _tempo(d, w, a)
    if t == "run_intervals":
        return _intervals(d, w, ctx, a)
    if t == "race":
        return _race(d, a)
    return f"{d}' run", [_segment(d, "E", "easy", a)]


def _long_run_finish(d: int, ctx: WeekContext, a: Athlete) -> int:
    """Minutes at M pace that end a half or marathon long run in build and peak weeks:
    15 % of the run at the start of the build, 25 % at the peak."""
    if a.race_distance not in ("half", "marathon") or ctx.deload:
        return 0
    if ctx.phase not in ("build", "peak"):
        return 0
    share = 0.15 + 0.10 * (ctx.block / max(1, ctx.n_pre_blocks - 1))
    return max(5, round(d * min(0.25, share)))


def _tempo(d: int, w: int, a: Athlete) -> tuple[str, list[dict[str, Any]]]:
    """15' E, W at T (continuous up to 20', else 5-10' cruise reps with 1' jogs taken out of
    the warm-up, so the session keeps its length and its hard minutes), 5' E."""
    if w <= 20:
        reps = [w]
    else:  # the fewest equal reps of 5-10', else near-equal ones (at most 4: W <= 40)
        even = [k for k in range(math.ceil(w / 10), min(4, w // 5) + 1) if w % k == 0]
        reps = _split(w, even[0] if even else min(4, math.ceil(w / 10)))
    jogs = len(reps) - 1
    warm = 15 - jogs
    cool = d - warm - w - jogs
    segs = [_segment(warm, "E", "warm-up", a)]
    for i, r in enumerate(reps):
        segs.append(_segment(r, "T", "threshold", a))
        if i < jogs:
            segs.append(_segment(1, "E", "jog", a, "easy jog"))
    segs.append(_segment(cool, "E", "cool-down", a))
    hint = _pace_hint("T", a)
    if len(reps) == 1:
        work = f"{w}' continuous at threshold{hint}"
    else:
        work = f"{_reps_text(reps)} at threshold{hint} with 1' jog"
    return f"{warm}' easy, {work}, {cool}' easy", segs


def _intervals(d: int, w: int, ctx: WeekContext, a: Athlete) -> tuple[str, list[dict[str, Any]]]:
    """15' E, W as 2-5' reps at I (1' at R to sharpen a 5k/10k in its last weeks), each
    followed by an equal easy jog, 10' E (plus any odd minute)."""
    zone = "I"
    if a.race_distance in ("5k", "10k") and ctx.phase in ("taper", "race") and w <= 12:
        zone, reps = "R", [1] * w
    else:
        length = {"base": 3, "build": 4, "peak": 4}.get(ctx.phase, 3)
        n = min(w // 2, max(math.ceil(w / 5), round(w / length)))
        reps = _split(w, max(1, n))
    segs = [_segment(15, "E", "warm-up", a)]
    for r in reps:
        segs.append(_segment(r, zone, ZONES[zone].name, a))
        segs.append(_segment(r, "E", "jog", a, "easy jog recovery"))
    cool = d - 15 - 2 * w
    segs.append(_segment(cool, "E", "cool-down", a))
    hint = _pace_hint(zone, a)
    jog = "an equal jog" if len(set(reps)) > 1 else f"{reps[0]}' jog"
    return (
        f"15' easy, {_reps_text(reps)} at {ZONES[zone].name} pace{hint}, each with {jog}, "
        f"{cool}' easy",
        segs,
    )


def _race(d: int, a: Athlete) -> tuple[str, list[dict[str, Any]]]:
    dist = a.race_distance or "race"
    zone = RACE_ZONE.get(dist, "T")
    if a.race_time_s:
        pace = format_pace(a.race_time_s / DISTANCE_KM[dist])
        finish = format_duration_s(a.race_time_s)
        note = f"race: even effort at about {pace} /km, finish about {finish}"
        seg = _segment(d, zone, "race", a, note)
        seg["km"] = DISTANCE_KM[dist]
        return f"Race {dist}: about {pace} /km, finish about {finish}", [seg]
    return f"Race {dist}: start controlled, even effort", [_segment(d, zone, "race", a, "race")]


# --- lifts -----------------------------------------------------------------------------------
@dataclass(frozen=True)
class Dose:
    """Sets x reps of the main lift; pct of 1RM; reps in reserve."""

    kind: str
    sets: int
    reps: str
    pct: float | None
    rir: str


# (name, 1RM key, role): main takes the dose, second the dose with a set less and 5 % lighter,
# hinge 15 % lighter off the deadlift, accessory/carry/core fixed moderate work.
EXERCISES: Final[dict[str, list[list[tuple[str, str | None, str]]]]] = {
    "lift_lower": [
        [
            ("Back squat", "squat", "main"),
            ("Romanian deadlift", "deadlift", "hinge"),
            ("Bulgarian split squat", None, "accessory"),
            ("Calf raise + plank", None, "core"),
        ],
        [
            ("Deadlift", "deadlift", "main"),
            ("Front squat", None, "accessory"),
            ("Walking lunge", None, "accessory"),
            ("Calf raise + side plank", None, "core"),
        ],
    ],
    "lift_upper": [
        [
            ("Bench press", "bench_press", "main"),
            ("Overhead press", "overhead_press", "second"),
            ("Barbell row", None, "accessory"),
            ("Pull-up or lat pulldown", None, "accessory"),
        ],
        [
            ("Overhead press", "overhead_press", "main"),
            ("Bench press", "bench_press", "second"),
            ("Chest-supported row", None, "accessory"),
            ("Chin-up or lat pulldown", None, "accessory"),
        ],
    ],
    "lift_full": [
        [
            ("Back squat", "squat", "main"),
            ("Bench press", "bench_press", "second"),
            ("One-arm dumbbell row", None, "accessory"),
            ("Farmer's carry", None, "carry"),
        ],
        [
            ("Deadlift", "deadlift", "main"),
            ("Overhead press", "overhead_press", "second"),
            ("Pull-up or lat pulldown", None, "accessory"),
            ("Suitcase carry", None, "carry"),
        ],
    ],
}


NOVICE_EXERCISES: Final[dict[str, list[list[tuple[str, str | None, str]]]]] = {
    "lift_lower": [
        [
            ("Goblet squat", None, "main"),
            ("Dumbbell Romanian deadlift", None, "accessory"),
            ("Step-up", None, "accessory"),
            ("Calf raise + plank", None, "core"),
        ],
    ],
    "lift_upper": [
        [
            ("Dumbbell bench press", None, "main"),
            ("Seated cable row", None, "accessory"),
            ("Dumbbell shoulder press", None, "accessory"),
            ("Lat pulldown", None, "accessory"),
        ],
    ],
    "lift_full": [
        [
            ("Goblet squat", None, "main"),
            ("Push-up or dumbbell bench press", None, "accessory"),
            ("Seated cable row", None, "accessory"),
            ("Farmer's carry", None, "carry"),
        ],
        [
            ("Dumbbell Romanian deadlift", None, "main"),
            ("Dumbbell shoulder press", None, "accessory"),
            ("Lat pulldown", None, "accessory"),
            ("Suitcase carry", None, "carry"),
        ],
    ],
}


def _round_kg(kg: float) -> float:
    """Loads to the nearest 2.5 kg (the smallest common plate pair)."""
    return round(kg / 2.5) * 2.5


def _lerp(lo: float, hi: float, t: float) -> float:
    return lo + (hi - lo) * t


def _dose(kind: str, t: float) -> Dose:
    """The dose of a kind at progress t (0 at its first loading week, 1 at its last)."""
    if kind == "strength_accumulation":
        return Dose(kind, 4, str(round(_lerp(8, 6, t))), _pct(_lerp(70, 77, t)), "2-3")
    if kind == "strength_intensification":
        return Dose(
            kind, 4 if t < 0.5 else 5, str(round(_lerp(5, 3, t))), _pct(_lerp(80, 87, t)), "1-2"
        )
    if kind == "hypertrophy":
        rir = round(_lerp(3, 1, t))
        return Dose(
            kind,
            3 if t < 0.5 else 4,
            str(round(_lerp(12, 8, t))),
            _pct(_lerp(65, 75, t)),
            f"{rir}-{rir + 1}",
        )
    if kind == "maintenance":
        return Dose(
            kind, 3 if t < 0.5 else 2, str(round(_lerp(5, 3, t))), _pct(_lerp(80, 85, t)), "2-3"
        )
    if kind == "taper":
        return Dose(kind, 2, "3", 80.0, "3")
    if kind == "race":
        return Dose(kind, 2, "3", 75.0, "3-4")
    if kind == "test":
        return Dose(kind, 1, "1-3", 92.5, "0-1")
    # health and beginners: moderate sets far from failure, a simple load progression
    return Dose(kind, 2 if t < 0.5 else 3, "10-12" if t < 0.5 else "8-10", 60.0, "3-4")


def _pct(x: float) -> float:
    return float(round(x))


def _lift_kind(
    ctx: WeekContext, a: Athlete, strength_block: int, n_strength_blocks: int, t: float
) -> str:
    if a.goal == "health" or a.experience == "beginner":
        return "health"
    if ctx.race_week:
        return "race"
    if ctx.taper:
        return "taper"
    strength = a.goal == "strength" or (a.goal not in ("hypertrophy",) and ctx.focus == "strength")
    if strength:
        if a.goal == "strength" and ctx.total_weeks >= 8 and ctx.week == ctx.total_weeks:
            return "test"
        if n_strength_blocks >= 2:
            acc = strength_block < max(1, n_strength_blocks // 2)
        else:
            acc = t < 0.5
        return "strength_accumulation" if acc else "strength_intensification"
    if a.goal == "hypertrophy" or ctx.focus == "balanced":
        return "hypertrophy"
    return "maintenance"


def _exercise(
    name: str, key: str | None, role: str, dose: Dose, a: Athlete, deload: bool
) -> dict[str, Any]:
    """One exercise of a session: the main lift takes the dose; the second barbell lift a set
    fewer and 5 % lighter; the hinge 15 % lighter off the deadlift; the rest fixed work."""
    sets, reps, pct, rir = dose.sets, dose.reps, dose.pct, f"RIR {dose.rir}"
    light = dose.kind in ("maintenance", "taper", "race", "health", "test")
    if dose.kind == "test" and role != "main":
        sets, reps, pct = {"second": (2, "3", 75.0), "hinge": (2, "5", 60.0)}.get(
            role, (1, reps, None)
        )
        rir = "RIR 2-3"
    elif role == "second":
        sets, pct = max(2, sets - 1), (pct - 5 if pct else None)
    elif role == "hinge":
        sets, reps, pct = max(2, sets - 1), "8", (pct - 15 if pct else None)
    if role == "main" and key == "deadlift" and dose.kind != "test":
        # heavy pulls recover slowest: a set fewer, and no more than 8 reps a set
        sets = max(2, sets - 1)
        reps = "8" if reps.isdigit() and int(reps) > 8 else reps
    if role in ("accessory", "core", "carry"):
        sets = 1 if dose.kind == "test" else (2 if light else 3)
        reps = {"accessory": "8-12", "core": "30-45 s", "carry": "30-40 m"}[role]
        pct = None
        far = "RIR 3-4" if dose.kind == "health" else "RIR 2-3"  # novices stay far from failure
        rir = far if role == "accessory" else "steady, good posture"
    if deload:
        sets = max(1, math.ceil(sets / 2))
    if dose.kind == "test" and role == "main":
        intensity = "work up to a top set at 90-95 % 1RM, RIR 0-1"
    elif dose.kind == "health" and (pct is None or key is None):
        intensity = rir  # effort, not a share of a max the athlete has not tested
    elif pct is not None and dose.kind == "health":
        intensity = f"{rir}, about {pct:g} % 1RM"
    elif pct is not None:
        intensity = f"{pct:g} % 1RM, {rir}"
    else:
        intensity = rir
    load = None
    if pct is not None and key is not None and key in a.one_rep_max:
        load = _round_kg(a.one_rep_max[key] * pct / 100)
    return {"name": name, "sets": sets, "reps": reps, "intensity": intensity, "load_kg": load}


def _exercise_text(ex: dict[str, Any]) -> str:
    load = f", {ex['load_kg']:g} kg" if ex.get("load_kg") else ""
    return f"{ex['name']} {ex['sets']} × {ex['reps']} ({ex['intensity']}{load})"


PROGRESSION_RULE: Final[str] = (
    "Add 2.5-5 kg next time when every rep of every set was done with 3 or more reps in reserve."
)


def _lift(
    session: PlanSession,
    ctx: WeekContext,
    a: Athlete,
    nth: int,
    dose: Dose,
) -> dict[str, Any]:
    # novices and health lifters without 1RMs learn the patterns with dumbbells and machines
    table = NOVICE_EXERCISES if dose.kind == "health" and not a.one_rep_max else EXERCISES
    variants = table.get(session.type, table["lift_full"])
    variant = variants[nth % len(variants)]
    deload = ctx.deload and dose.kind != "test"
    exercises = [_exercise(n, k, r, dose, a, deload) for n, k, r in variant]
    main = exercises[0]
    what = {
        "test": "Test week",
        "race": "Race week, light",
        "taper": "Taper, light",
    }.get(dose.kind, "Deload, half the sets" if deload else "")
    rest = ", ".join(e["name"] for e in exercises[1:])
    summary = f"{what + ': ' if what else ''}{_exercise_text(main)}; then {rest}"
    out: dict[str, Any] = {"summary": summary, "exercises": exercises, "dose": dose.kind}
    if dose.kind == "health":
        out["progression"] = PROGRESSION_RULE
    return out


# --- the plan --------------------------------------------------------------------------------
def prescribe(
    session: PlanSession,
    ctx: WeekContext,
    profile: AthleteProfile,
    nth: int = 0,
    dose: Dose | None = None,
    after_quality: bool = False,
) -> dict[str, Any]:
    """One session's prescription; `nth` is its index among the week's sessions of its type
    (the first easy run of a base week gets the strides; a second lower-body day hinges);
    `after_quality`: a tempo or interval run the day before keeps a long run all easy."""
    a = Athlete.of(profile)
    if session.modality == "lift":
        return _lift(
            session,
            ctx,
            a,
            nth,
            dose or _dose(_lift_kind(ctx, a, ctx.block, ctx.n_blocks, 0.0), 0.0),
        )
    summary, segs = _run(session, ctx, a, nth, after_quality)
    out: dict[str, Any] = {"summary": summary, "segments": segs}
    km = [s["km"] for s in segs if "km" in s]
    if len(km) == len(segs) and session.type != "race":
        out["distance_km"] = round(sum(km), 1)
        out["summary"] += f" (about {out['distance_km']:g} km)"
    return out


def lift_doses(weeks: list[PlanWeek], profile: AthleteProfile) -> dict[int, Dose]:
    """The main-lift dose of every week: progress runs over the loading weeks of each kind, so
    the dose changes week to week and block to block; a deload repeats the week before."""
    a = Athlete.of(profile)
    ctxs = week_contexts(weeks, profile.race is not None)
    strength_blocks = sorted({c.block for c in ctxs.values() if c.focus == "strength"})
    n_sb = len(strength_blocks)
    loading = [c for c in ctxs.values() if not c.deload]
    # first pass: the kind of each loading week (t only matters for one-block strength plans)
    kinds: dict[int, str] = {}
    for i, c in enumerate(loading):
        sb = strength_blocks.index(c.block) if c.block in strength_blocks else 0
        t = i / max(1, len(loading) - 1)
        kinds[c.week] = _lift_kind(c, a, sb, n_sb, t)
    by_kind: dict[str, list[int]] = {}
    for wk, k in kinds.items():
        by_kind.setdefault(k, []).append(wk)
    doses: dict[int, Dose] = {}
    for k, wks in by_kind.items():
        for j, wk in enumerate(wks):
            doses[wk] = _dose(k, j / max(1, len(wks) - 1))
    last = max(ctxs)
    if _lift_kind(ctxs[last], a, n_sb - 1, n_sb, 1.0) == "test":  # even when it is a deload
        doses[last] = _dose("test", 1.0)
    for c in sorted(ctxs.values(), key=lambda c: c.week):
        if c.week in doses:
            continue
        before = [wk for wk in doses if wk < c.week]
        if before:
            doses[c.week] = doses[max(before)]  # a deload keeps the loads of the week before
        else:
            doses[c.week] = _dose(_lift_kind(c, a, 0, n_sb, 0.0), 0.0)
    return doses


def attach_prescriptions(plan: Plan, profile: AthleteProfile) -> Plan:
    """Fill `prescription` of every session of the plan (in place; returns the plan)."""
    if not plan.weeks:
        return plan
    ctxs = week_contexts(plan.weeks, profile.race is not None)
    doses = lift_doses(plan.weeks, profile)
    seen: dict[tuple[int, str], int] = {}
    quality_days = {s.date for s in plan.sessions if s.type in ("run_tempo", "run_intervals")}
    for s in sorted(plan.sessions, key=lambda s: (s.date, s.start)):
        ctx = ctxs.get(s.week)
        if ctx is None:
            continue
        nth = seen.get((s.week, s.type), 0)
        if s.type != "run_easy" or s.duration_min >= STRIDES_MIN_RUN:  # strides need room
            seen[(s.week, s.type)] = nth + 1
        else:
            nth = max(nth, 1)
        if s.type == "lift_full":  # hinge when the week squats on its lower day, else alternate
            lower = any(o.week == s.week and o.type == "lift_lower" for o in plan.sessions)
            nth += 1 if lower else s.week
        before = (dt.date.fromisoformat(s.date) - dt.timedelta(days=1)).isoformat()
        after_quality = before in quality_days
        s.prescription = prescribe(s, ctx, profile, nth, doses.get(s.week), after_quality)
    return plan


def hard_minutes(prescription: dict[str, Any]) -> int:
    """Minutes of a prescription at threshold, interval or repetition pace."""
    return sum(s["minutes"] for s in prescription.get("segments", []) if s["zone"] in HARD_ZONES)


# --- one text for every output ----------------------------------------------------------------
TITLES: Final[dict[str, str]] = {
    "lift_lower": "Lower-body lift",
    "lift_upper": "Upper-body lift",
    "lift_full": "Full-body lift",
    "run_easy": "Easy run",
    "run_long": "Long run",
    "run_tempo": "Tempo run",
    "run_intervals": "Intervals",
    "race": "RACE",
}


def session_title(s: PlanSession) -> str:
    """'Long run 95 min': the name of a session in calendars, tables and the report."""
    return f"{TITLES.get(s.type, s.type)} {s.duration_min} min"


def rationale(plan: Plan, s: PlanSession) -> str:
    """Why the session sits where it does, in plain words (no rule ids)."""
    goal = str(plan.profile.get("goal", "general"))
    mates = [o for o in plan.sessions if o.date == s.date and o is not s]
    parts: list[str] = []
    if mates:
        other = mates[0]
        first = s.start < other.start
        if first:
            gap = (_minutes(other.start) - _minutes(s.end)) / 60
        else:
            gap = (_minutes(s.start) - _minutes(other.end)) / 60
        what = TITLES.get(other.type, other.type).lower()
        if first:
            parts.append(
                f"First of two sessions today; the {what} follows {gap:.1f} h after it ends, "
                "so the lift and the run do not blunt each other."
            )
        else:
            parts.append(f"Second session today, {gap:.1f} h after the {what}.")
        if goal in ("strength", "hypertrophy") and s.modality == "lift":
            parts.append("The lift goes first: strength is your priority.")
        if goal in ("race", "endurance") and s.type in ("run_long", "run_tempo", "run_intervals"):
            parts.append("The key run goes first: running is your priority.")
    else:
        parts.append("The only session of the day.")
    if s.type == "lift_lower":
        parts.append("No hard run in the 24 h before it, so your legs are fresh.")
    if s.type == "race":
        parts.append("Race day: the last weeks were lighter so you start rested.")
    return " ".join(parts)


def _minutes(hhmm: str) -> int:
    h, m = hhmm.split(":")
    return int(h) * 60 + int(m)


def prescription_lines(prescription: dict[str, Any] | None) -> list[str]:
    """The prescription as lines a person reads: the summary, then each segment or exercise.
    Every output (CSV details, calendar, terminal, HTML) prints these same lines."""
    if not prescription:
        return []
    lines = [str(prescription["summary"])]
    seen: set[str] = set()
    for seg in prescription.get("segments", []):  # each zone's target once, then any drill
        target = str(seg["target"])
        note, _, zone_text = target.rpartition("; ")
        if zone_text not in seen:
            seen.add(zone_text)
            lines.append(zone_text[0].upper() + zone_text[1:])
        if note and note not in seen and seg["label"] in ("strides", "finish"):
            seen.add(note)
            lines.append(f"{seg['minutes']}' {note}")
    lines += [_exercise_text(ex) for ex in prescription.get("exercises", [])]
    if prescription.get("progression"):
        lines.append(str(prescription["progression"]))
    return lines


def details_text(prescription: dict[str, Any] | None) -> str:
    """The one-cell form of prescription_lines (timetable.csv `details`)."""
    return " | ".join(prescription_lines(prescription))


def plan_json_schema() -> dict[str, Any]:
    """The JSON Schema of plan.json (`hybridplan schema --plan`), with the prescription's
    shape (SPEC §5b) in place of a free-form object."""
    schema = Plan.model_json_schema()
    presc = prescription_json_schema()
    schema["$defs"].update(presc.pop("$defs", {}))
    schema["$defs"]["Prescription"] = presc
    schema["$defs"]["PlanSession"]["properties"]["prescription"] = {
        "anyOf": [{"$ref": "#/$defs/Prescription"}, {"type": "null"}],
        "default": None,
    }
    return schema
