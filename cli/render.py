"""Terminal rendering with rich: the week table, the status line, solve progress."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

from rich import box
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from models.catalog import WEEKDAYS
from models.plan import Plan

SHORT = {
    "lift_lower": "Lower",
    "lift_upper": "Upper",
    "lift_full": "Full",
    "run_easy": "Easy",
    "run_long": "Long",
    "run_tempo": "Tempo",
    "run_intervals": "Intervals",
    "race": "RACE",
}
COLOR = {"lift": "cyan", "run": "green"}


def console(stderr: bool = True) -> Console:
    """A console; when piped (no terminal to measure) it is wide enough for the wide week grid."""
    con = Console(stderr=stderr, highlight=False)
    if not con.is_terminal:
        con = Console(stderr=stderr, highlight=False, width=200)
    return con


def status_line(plan: Plan) -> str:
    def num(x: float | None) -> str:
        return "-" if x is None else f"{x:g}"

    gap = "-" if plan.gap is None else f"{plan.gap:.2%}"
    return (
        f"[bold]{escape(plan.athlete_id)}[/bold]: {plan.status}  objective {num(plan.objective)}  "
        f"bound {num(plan.best_bound)}  gap {gap}  {plan.solve_seconds:.2f} s  "
        f"{len(plan.sessions)} sessions"
    )


# compact layout (terminals narrower than WIDE_MIN columns): two-letter types
COMPACT = {
    "lift_lower": "Lo",
    "lift_upper": "Up",
    "lift_full": "Fu",
    "run_easy": "E",
    "run_long": "L",
    "run_tempo": "T",
    "run_intervals": "I",
    "race": "RACE",
}
WIDE_MIN = 120


def week_table(plan: Plan, week: int | None = None, width: int = 150) -> Table:
    """One row per plan week: block, focus, deload, then each weekday's sessions with start
    and duration, then run minutes against the target. Below WIDE_MIN columns a compact
    layout (type codes, start over duration, no block name) fits 80 columns."""
    compact = width < WIDE_MIN
    by_day: dict[tuple[int, str], list[str]] = defaultdict(list)
    run_min: dict[int, int] = defaultdict(int)
    for s in plan.sessions:
        color = COLOR.get(s.modality, "white")
        if compact:
            tag = f"{s.start}\n{COMPACT.get(s.type, s.type[:4])}{s.duration_min}"
        else:
            tag = f"{s.start} {SHORT.get(s.type, s.type)} {s.duration_min}'"
        if s.modality == "run" and s.type != "race":
            run_min[s.week] += s.duration_min
        by_day[(s.week, s.weekday)].append(f"[{color}]{tag}[/{color}]")
    first = plan.weeks[0].start_date if plan.weeks else ""
    t = Table(
        title=f"{escape(plan.athlete_id)} — {len(plan.weeks)} weeks from {first}",
        box=box.SIMPLE_HEAD if compact else box.HEAVY_HEAD,
        padding=(0, 1),
        caption=(
            "Lo lower, Up upper, Fu full-body lift; E easy, L long, T tempo, I intervals; "
            "minutes after the type; D deload"
            if compact
            else None
        ),
        expand=False,
    )
    t.add_column("wk", justify="right")
    if not compact:
        t.add_column("block")
    t.add_column("focus")
    days = list(WEEKDAYS)
    if plan.weeks:
        start = dt.date.fromisoformat(plan.weeks[0].start_date).weekday()
        days = days[start:] + days[:start]
    for d in days:
        t.add_column(d.capitalize())
    t.add_column("run min", justify="right")
    for w in plan.weeks:
        if week is not None and w.week != week:
            continue
        rm = w.targets.run_minutes
        cells = ["\n".join(by_day.get((w.week, d), [])) or "·" for d in days]
        if compact:
            focus = w.focus[:3] + (" D" if w.deload else "")
            t.add_row(str(w.week), focus, *cells, f"{run_min[w.week]}\n{rm.min}-{rm.max}")
        else:
            focus = w.focus + (" (deload)" if w.deload else "")
            runs = f"{run_min[w.week]} ({rm.min}-{rm.max})"
            t.add_row(str(w.week), w.mesocycle, focus, *cells, runs)
    return t


def session_lines(plan: Plan, day: str | None = None, week: int | None = None) -> list[str]:
    """Each session of a day (all lines of its prescription) or of a week (its summary):
    the same text as timetable.csv `details`, the calendar and the report."""
    from models.prescription import prescription_lines, session_title

    out: list[str] = []
    for s in plan.sessions:
        if (day is not None and s.date != day) or (week is not None and s.week != week):
            continue
        lines = prescription_lines(s.prescription)
        head = (
            f"[bold]{s.weekday.capitalize()} {s.date} {s.start}-{s.end} {session_title(s)}[/bold]"
        )
        if day is None:
            out.append(f"{head}: {lines[0]}" if lines else head)
        else:
            out += [head, *(f"  {line}" for line in lines)]
    return out


def summary_table(plan: Plan) -> Table:
    """A coach's view: one row per week with the numbers that make or break a block."""
    import datetime as dt

    t = Table(title=f"{plan.athlete_id} — week by week", show_lines=False, expand=False)
    for name, just in (
        ("wk", "right"),
        ("from", "left"),
        ("block", "left"),
        ("focus", "left"),
        ("run min (target)", "right"),
        ("long", "right"),
        ("hard", "right"),
        ("quality", "left"),
        ("lifts L/U/F", "left"),
        ("rest", "right"),
    ):
        t.add_column(name, justify=just)  # type: ignore[arg-type]
    for w in plan.weeks:
        ss = [s for s in plan.sessions if s.week == w.week]
        runs = [s for s in ss if s.modality == "run" and s.type != "race"]
        rm = w.targets.run_minutes
        quality = [SHORT[s.type] for s in runs if s.hard_min > 0]
        lifts = [sum(s.type == t for s in ss) for t in ("lift_lower", "lift_upper", "lift_full")]
        start = dt.date.fromisoformat(w.start_date)
        train = {s.date for s in ss}
        rest = sum((start + dt.timedelta(days=i)).isoformat() not in train for i in range(7))
        longest = max((s.duration_min for s in runs), default=0)
        has_long = any(s.type == "run_long" for s in runs)
        focus = w.focus + (" (deload)" if w.deload else "")
        if any(s.type == "race" for s in ss):
            focus += " + RACE"
        t.add_row(
            str(w.week),
            f"{start:%d %b}",
            w.mesocycle,
            focus,
            f"{sum(s.duration_min for s in runs)} ({rm.min}-{rm.max})",
            f"{longest}'" + ("" if has_long else " e"),
            str(sum(s.hard_min for s in runs)),
            ", ".join(quality) or "·",
            "/".join(map(str, lifts)),
            str(rest),
        )
    return t


def print_warnings(con: Console, plan: Plan) -> None:
    """SPEC §3c: what the plan could not reach, after every view of it."""
    for w in plan.warnings:
        con.print(f"[yellow]warning[/yellow] {w.code}: {w.message}")


def solve_with_progress(athlete: Any, settings: Any, show: bool) -> Plan:
    """Solve, with a live status line on a terminal for solves that take a moment."""
    from solver import solve

    if not show:
        return solve(athlete, settings)
    con = console()
    with con.status(f"solving {athlete.id} (limit {settings.time_limit_s:g} s)…") as status:

        def progress(seconds: float, objective: float, bound: float) -> None:
            status.update(
                f"solving {athlete.id}: {seconds:.1f} s, objective {objective:g}, bound {bound:g}"
            )

        return solve(athlete, settings, progress=progress)


def shown_id(athlete_id: str) -> str:
    """An id as printed: quoted when it holds a control character (it must not break the
    line), 'no id' when empty, and rich markup escaped."""
    if not athlete_id:
        return "no id"
    if any(ord(ch) < 32 or 127 <= ord(ch) < 160 for ch in athlete_id):
        return escape(repr(athlete_id))
    return escape(athlete_id)


class _BatchHooks:
    """Progress callbacks for run_batch: a bar on a terminal, bad rows always on stderr."""

    def __init__(self, con: Console, progress: Any) -> None:
        self.con = con
        self.progress = progress
        self.task: Any = None
        self.failed = 0

    def start(self, n_tasks: int, n_rows: int) -> None:
        if self.progress is not None:
            self.task = self.progress.add_task("athletes", total=n_tasks, failed=self.failed)

    def outcome(self, rec: dict[str, Any]) -> None:
        status = rec["status"]
        if status in ("INVALID", "ERROR"):
            self.failed += 1
            self.con.print(
                f"[red]row {rec['row']}[/red] ({shown_id(rec['id'])}): {status}: "
                f"{escape(str(rec['error']))}",
                highlight=False,
            )
        if self.progress is not None and self.task is not None and status != "INVALID":
            self.progress.update(self.task, advance=1, failed=self.failed)


class batch_progress:
    """rich progress (done, failed, rate, ETA) when stderr is a terminal; quiet otherwise."""

    def __init__(self, con: Console, show: bool = True) -> None:
        self.con = con
        self.show = show
        self.progress: Any = None

    def __enter__(self) -> _BatchHooks:
        if self.show and self.con.is_terminal:
            from rich.progress import (
                BarColumn,
                MofNCompleteColumn,
                Progress,
                TextColumn,
                TimeRemainingColumn,
            )

            self.progress = Progress(
                TextColumn("{task.description}"),
                BarColumn(),
                MofNCompleteColumn(),
                TextColumn("failed {task.fields[failed]}"),
                TextColumn("{task.speed} athletes/s"),
                TimeRemainingColumn(),
                console=self.con,
            )
            self.progress.start()
        return _BatchHooks(self.con, self.progress)

    def __exit__(self, *exc: object) -> None:
        if self.progress is not None:
            self.progress.stop()


def batch_table(report: Any) -> Table:
    t = Table(
        title=f"{report.rows} rows, {report.seconds:.1f} s, {report.skipped} already done",
    )
    t.add_column("status")
    t.add_column("athletes", justify="right")
    for status, n in sorted(report.counts.items()):
        t.add_row(status, str(n))
    return t
