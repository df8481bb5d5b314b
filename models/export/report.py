"""report.html: one self-contained page an athlete opens (and prints): what the plan is for,
its weeks with dates, every session with what to do in it, the volume over the plan, and the
solver's details at the end for the curious.

Rendered from a Jinja2 template (models/export/templates/report.html.j2) with autoescaping;
the chart is drawn with matplotlib and embedded as a base64 PNG, so the file works offline.
Session text comes from the stored prescriptions (`prescription_lines`), the same lines as
every output.
"""

from __future__ import annotations

import base64
import datetime as dt
import io
from collections import defaultdict
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape

from models.catalog import WEEKDAYS
from models.paces import format_duration_s
from models.plan import Plan, PlanSession
from models.prescription import TITLES, ZONES, prescription_lines, rationale, zone_target

TEMPLATES = Path(__file__).parent / "templates"
GOALS = {
    "strength": "Get stronger",
    "hypertrophy": "Build muscle",
    "endurance": "Build endurance",
    "race": "Race",
    "health": "Health and fitness",
    "general": "All-round fitness",
}
DISTANCES = {"5k": "5 km", "10k": "10 km", "half": "half marathon", "marathon": "marathon"}
KIND_COLOURS = {"easy": "#74c476", "long": "#238b45", "hard": "#e6550d", "lift": "#3182bd"}
FOCUS_COLOURS = {
    "endurance": "#c7e9c0",
    "strength": "#c6dbef",
    "balanced": "#dadaeb",
    "taper": "#fdd0a2",
}


def kind_of(s: PlanSession) -> str:
    """The visual class of a session: easy, long, quality, race or lift."""
    if s.modality == "lift":
        return "lift"
    return {"run_long": "long", "run_tempo": "quality", "run_intervals": "quality"}.get(
        s.type, "race" if s.type == "race" else "easy"
    )


def _day(d: dt.date) -> str:
    return f"{d.strftime('%a')} {d.day} {d.strftime('%b')}"


def _week_numbers(plan: Plan) -> dict[int, dict[str, int]]:
    """Run minutes split into easy, long and hard work, and lift count, per week."""
    out: dict[int, dict[str, int]] = defaultdict(
        lambda: {"easy": 0, "long": 0, "hard": 0, "lift": 0}
    )
    for s in plan.sessions:
        n = out[s.week]
        if s.modality == "lift":
            n["lift"] += 1
        elif s.type == "run_long":
            n["long"] += s.duration_min
        elif s.type != "race":
            n["hard"] += s.hard_min
            n["easy"] += s.duration_min - s.hard_min
    return out


def chart_png(plan: Plan) -> str:
    """Weekly run minutes (easy, long run, hard work; target band), lifts per week on integer
    ticks, and a strip of labelled blocks: legible from 1 to 52 weeks."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch
    from matplotlib.ticker import MaxNLocator

    weeks = [w.week for w in plan.weeks]
    nums = _week_numbers(plan)
    fig, (strip, ax, ax2) = plt.subplots(
        3,
        1,
        figsize=(11, 5.8),
        dpi=110,
        sharex=True,
        gridspec_kw={"height_ratios": [0.45, 3, 1.1], "hspace": 0.08},
    )
    # blocks: one coloured span each, its name centred if it fits
    start = 0
    for i, w in enumerate(plan.weeks):
        last = i == len(plan.weeks) - 1 or plan.weeks[i + 1].mesocycle != w.mesocycle
        if last:
            first = plan.weeks[start]
            span = w.week - first.week + 1
            strip.axvspan(
                first.week - 0.5, w.week + 0.5, color=FOCUS_COLOURS.get(first.focus, "#eee")
            )
            label = (
                first.mesocycle
                if span * 11 / max(len(weeks), 1) > 0.07 * len(first.mesocycle)
                else ""
            )
            strip.text((first.week + w.week) / 2, 0.5, label, ha="center", va="center", fontsize=9)
            start = i + 1
    strip.set_yticks([])
    strip.set_ylim(0, 1)
    for side in ("top", "right", "left"):
        strip.spines[side].set_visible(False)
    for w in plan.weeks:
        if w.deload or w.focus == "taper":
            for a in (ax, ax2):
                a.axvspan(w.week - 0.5, w.week + 0.5, color="#f0f0f0", zorder=0)
    easy = [nums[w]["easy"] for w in weeks]
    long_ = [nums[w]["long"] for w in weeks]
    hard = [nums[w]["hard"] for w in weeks]
    ax.bar(weeks, easy, width=0.75, color=KIND_COLOURS["easy"], label="easy running")
    ax.bar(weeks, long_, width=0.75, bottom=easy, color=KIND_COLOURS["long"], label="long run")
    base = [e + lg for e, lg in zip(easy, long_, strict=True)]
    ax.bar(weeks, hard, width=0.75, bottom=base, color=KIND_COLOURS["hard"], label="hard work")
    lo = [w.targets.run_minutes.min for w in plan.weeks]
    hi = [w.targets.run_minutes.max for w in plan.weeks]
    edges = [w - 0.5 for w in weeks] + [weeks[-1] + 0.5]
    for bound in (lo, hi):  # dashed steps: the target stays visible over bars and bands
        ax.stairs(bound, edges, baseline=None, color="#333", lw=1.1, ls="--", zorder=3)
    ax.set_ylabel("run minutes")
    ax.set_ylim(0, max([*hi, *(b + h for b, h in zip(base, hard, strict=True)), 10]) * 1.08)
    handles: list[Any] = [Patch(color=KIND_COLOURS[k]) for k in ("easy", "long", "hard")]
    handles += [Line2D([], [], color="#333", lw=1.1, ls="--"), Patch(color="#f0f0f0")]
    labels = ["easy running", "long run", "hard work (threshold, intervals)", "target range"]
    labels += ["deload / taper week"]
    strip.legend(
        handles,
        labels,
        loc="lower center",
        bbox_to_anchor=(0.5, 1.0),
        ncol=5,
        fontsize=8,
        frameon=False,
    )
    ax2.bar(weeks, [nums[w]["lift"] for w in weeks], width=0.6, color=KIND_COLOURS["lift"])
    ax2.set_ylabel("lifts")
    ax2.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax2.set_ylim(0, max([nums[w]["lift"] for w in weeks] + [1]) + 0.5)
    step = 1 if len(weeks) <= 20 else 2 if len(weeks) <= 30 else 4
    ax2.set_xticks([w for w in weeks if w == 1 or w % step == 0])
    ax2.set_xlabel("plan week")
    ax2.set_xlim(0.4, len(weeks) + 0.6)
    fig.subplots_adjust(left=0.07, right=0.99, top=0.88, bottom=0.1)
    buf = io.BytesIO()
    fig.savefig(buf, format="png")
    plt.close(fig)
    return base64.b64encode(buf.getvalue()).decode()


def _header(plan: Plan) -> dict[str, Any]:
    """The plan in the athlete's terms: goal, race, weeks, peak week, longest run."""
    prof = plan.profile
    goal = str(prof.get("goal", "general"))
    out: dict[str, Any] = {"goal": GOALS.get(goal, goal), "facts": []}
    race = prof.get("race")
    if race:
        day = dt.date.fromisoformat(race["date"])
        out["goal"] = f"{DISTANCES.get(race['distance'], race['distance']).capitalize()} race"
        out["facts"].append(("Race day", f"{_day(day)} {day.year}, start {race.get('start', '')}"))
    if plan.weeks:
        first = dt.date.fromisoformat(plan.weeks[0].start_date)
        last = first + dt.timedelta(days=7 * len(plan.weeks) - 1)
        out["facts"].append(
            ("Plan", f"{len(plan.weeks)} weeks, {_day(first)} – {_day(last)} {last.year}")
        )
    nums = _week_numbers(plan)
    if goal in ("strength", "hypertrophy"):
        out["facts"] += _lift_progress(plan)
    elif any(n["easy"] + n["long"] + n["hard"] for n in nums.values()):
        peak = max(nums, key=lambda w: nums[w]["easy"] + nums[w]["long"] + nums[w]["hard"])
        total = nums[peak]["easy"] + nums[peak]["long"] + nums[peak]["hard"]
        out["facts"].append(("Peak week", f"week {peak}: {total} min of running"))
    runs = [s for s in plan.sessions if s.modality == "run" and s.type != "race"]
    if runs and goal not in ("strength", "hypertrophy"):
        longest = max(runs, key=lambda s: (s.duration_min, s.date))
        when = _day(dt.date.fromisoformat(longest.date))
        out["facts"].append(("Longest run", f"{longest.duration_min} min on {when}"))
    lifts = sum(1 for s in plan.sessions if s.modality == "lift")
    out["facts"].append(("Sessions", f"{len(runs)} runs, {lifts} lifts"))
    recent = prof.get("recent_race")
    race_s = next((s for s in plan.sessions if s.type == "race"), None)
    if recent and race_s is not None and race_s.prescription:
        estimate = str(race_s.prescription["summary"]).partition(": ")[2]
        out["facts"].append(("Race estimate", estimate or race_s.prescription["summary"]))
    elif recent:
        out["facts"].append(
            ("Recent race", f"{DISTANCES.get(recent['distance'])} in {recent['time']}")
        )
    return out


def _lift_progress(plan: Plan) -> list[tuple[str, str]]:
    """Each main lift from its first prescribed load to its heaviest (the test week's top set
    shown apart): what a strength athlete reads first."""
    seen: dict[str, list[tuple[str, float, bool]]] = defaultdict(list)
    for s in plan.sessions:
        p = s.prescription or {}
        if s.modality != "lift" or not p.get("exercises"):
            continue
        main = p["exercises"][0]
        if main.get("load_kg"):
            seen[main["name"]].append((s.date, main["load_kg"], p.get("dose") == "test"))
    out = []
    for name, loads in seen.items():
        work = [kg for _, kg, test in loads if not test]
        tests = [kg for _, kg, test in loads if test]
        if not work:
            continue
        text = f"{work[0]:g} kg → {max(work):g} kg"
        if tests:
            text += f", test week top set about {max(tests):g} kg"
        out.append((name, text))
    return out


def _zones(plan: Plan) -> list[dict[str, str]]:
    """The athlete's five run zones, once, as a legend for every run on the page."""
    from models.prescription import Athlete
    from models.profile import parse_profile

    try:
        athlete = Athlete.of(parse_profile(plan.profile))
    except Exception:  # a plan.json whose profile no longer validates: zones without numbers
        return []
    rows = []
    for z, info in ZONES.items():
        t = zone_target(z, athlete)
        rows.append(
            {
                "zone": z,
                "name": info.name,
                "feel": info.feel,
                "rpe": f"{info.rpe[0]}-{info.rpe[1]}",
                "hr": f"{info.hr_pct[0]}-{info.hr_pct[1]} %"
                + (f" ({t['hr_bpm'][0]}-{t['hr_bpm'][1]} bpm)" if "hr_bpm" in t else ""),
                "pace": "-".join(t["pace_min_per_km"]) + " /km" if "pace_min_per_km" in t else "",
            }
        )
    return rows


def report_context(plan: Plan) -> dict[str, Any]:
    """Everything the template shows, computed here so the template only lays it out."""
    start = dt.date.fromisoformat(plan.weeks[0].start_date) if plan.weeks else dt.date.today()
    days = list(WEEKDAYS[start.weekday() :] + WEEKDAYS[: start.weekday()])
    cells: dict[tuple[int, str], list[dict[str, Any]]] = defaultdict(list)
    for s in plan.sessions:
        lines = prescription_lines(s.prescription)
        cells[(s.week, s.weekday)].append(
            {
                "kind": kind_of(s),
                "type": s.type,
                "time": f"{s.start}-{s.end}",
                "title": f"{TITLES.get(s.type, s.type)} {s.duration_min}'",
                "summary": lines[0] if lines else "",
                "lines": lines[1:],
                "why": rationale(plan, s),
            }
        )
    nums = _week_numbers(plan)
    weeks = []
    for w in plan.weeks:
        d0 = dt.date.fromisoformat(w.start_date)
        week_days = []
        for i, d in enumerate(days):
            date = d0 + dt.timedelta(days=i)
            week_days.append(
                {"label": _day(date), "num": date.day, "sessions": cells.get((w.week, d), [])}
            )
        n = nums[w.week]
        tags = ([] if w.focus in w.mesocycle else [w.focus]) + (["deload"] if w.deload else [])
        weeks.append(
            {
                "week": w.week,
                "date": _day(d0),
                "block": w.mesocycle,
                "tags": tags,
                "cls": " ".join(
                    ["deload" if w.deload else "", "taper" if w.focus == "taper" else ""]
                ).strip(),
                "days": week_days,
                "run_min": n["easy"] + n["long"] + n["hard"],
                "hard_min": n["hard"],
                "target": f"{w.targets.run_minutes.min}-{w.targets.run_minutes.max}",
            }
        )
    solver = {
        "status": plan.status,
        "objective": "-" if plan.objective is None else f"{plan.objective:g}",
        "bound": "-" if plan.best_bound is None else f"{plan.best_bound:g}",
        "gap": "-" if plan.gap is None else f"{plan.gap:.2%}",
        "seconds": f"{plan.solve_seconds:.2f}",
        "terms": [
            {
                "name": k,
                "weight": f"{t.weight:g}",
                "value": f"{t.value:g}",
                "total": f"{t.weight * t.value:g}",
            }
            for k, t in plan.objective_terms.items()
        ],
    }
    return {
        "name": str(plan.profile.get("name", plan.athlete_id)),
        "header": _header(plan),
        "warnings": [w.message for w in plan.warnings],
        "conflicts": [{"rule": c.rule, "message": c.message} for c in plan.conflicts],
        "zones": _zones(plan) if any(s.modality == "run" for s in plan.sessions) else [],
        "day_names": [d.capitalize() for d in days],
        "weeks": weeks,
        "chart": chart_png(plan) if plan.weeks else None,
        "solver": solver,
        "format_duration_s": format_duration_s,
    }


_ENV = Environment(
    loader=FileSystemLoader(TEMPLATES),
    autoescape=select_autoescape(["html", "j2"]),
    trim_blocks=True,
    lstrip_blocks=True,
)


def plan_html(plan: Plan) -> str:
    """The report page for a plan (feasible or not)."""
    return _ENV.get_template("report.html.j2").render(**report_context(plan))
