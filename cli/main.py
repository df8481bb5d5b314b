"""The `hybridplan` command: thin click commands that parse, call the API and render.

Heavy imports (ortools, pandas) happen inside the commands so `--help` stays fast.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click
from rich.markup import escape

F = TypeVar("F", bound=Callable[..., Any])

EXIT_OK, EXIT_INFEASIBLE, EXIT_BAD_INPUT = 0, 1, 2
EXIT_UNKNOWN, EXIT_INTERNAL, EXIT_INTERRUPTED = 4, 70, 130
MAX_LINES = 20  # problems or notes printed one per line before "... and N more"


def echo_capped(lines: list[str], prefix: str = "", err: bool = True) -> None:
    """Print the first MAX_LINES lines and a count of the rest (a 10,000-line log stays short)."""
    for line in lines[:MAX_LINES]:
        click.echo(f"{prefix}{line}", err=err)
    if len(lines) > MAX_LINES:
        click.echo(f"{prefix}... and {len(lines) - MAX_LINES} more", err=err)


class _Main(click.Group):
    """The command group: Ctrl-C exits 130 quietly; an unexpected error is one line, exit 70
    (`hybridplan --debug ...` shows the traceback)."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except KeyboardInterrupt:
            click.echo("interrupted", err=True)
            sys.exit(EXIT_INTERRUPTED)
        except (click.ClickException, click.exceptions.Exit, click.Abort):
            raise
        except Exception as exc:
            if ctx.params.get("debug"):
                raise
            text = " ".join(str(exc).split())[:300]
            click.echo(
                f"internal error: {type(exc).__name__}: {text} "
                "(run `hybridplan --debug ...` for the traceback)",
                err=True,
            )
            sys.exit(EXIT_INTERNAL)


def solver_options(f: F) -> F:
    """Options shared by the commands that solve one athlete (SPEC §4b)."""
    f = common_solver_options(f)
    return click.option(
        "--workers",
        type=int,
        default=None,
        help="CP-SAT workers per solve [default: the benchmarked default, 1].",
    )(f)


def slot_option(help_text: str) -> Callable[[F], F]:
    """--slot-minutes, the start grid (SPEC §4b)."""
    return click.option(
        "--slot-minutes",
        type=click.Choice(["5", "10", "15", "30"]),
        default="15",
        show_default=True,
        help=help_text,
    )


def common_solver_options(f: F) -> F:
    """Time limit, seed, slot grid and raw CP-SAT parameters."""
    f = click.option(
        "--time-limit",
        "time_limit",
        type=float,
        default=30.0,
        show_default=True,
        help="CP-SAT time limit per solve, seconds.",
    )(f)
    f = click.option("--seed", type=int, default=0, show_default=True, help="CP-SAT random seed.")(
        f
    )
    f = slot_option("Grid for session starts and durations.")(f)
    return click.option(
        "--param",
        "params",
        multiple=True,
        metavar="NAME=VALUE",
        help="Any CP-SAT parameter, e.g. --param linearization_level=2.",
    )(f)


def _settings(
    time_limit: float, workers: int | None, seed: int, slot_minutes: str, params: tuple[str, ...]
) -> Any:
    from models.settings import SolverSettings

    parsed: dict[str, Any] = {}
    for item in params:
        if "=" not in item:
            raise click.BadParameter(f"{item!r} is not NAME=VALUE", param_hint="--param")
        k, v = item.split("=", 1)
        parsed[k.strip()] = _coerce(v.strip())
    kwargs: dict[str, Any] = {
        "time_limit_s": time_limit,
        "seed": seed,
        "slot_minutes": int(slot_minutes),
        "params": parsed,
    }
    if workers is not None:
        kwargs["workers"] = workers
    try:
        settings = SolverSettings(**kwargs)
        if parsed:
            from solver.params import check_params

            check_params(settings.effective_params())
    except Exception as exc:  # ValidationError or a bad CP-SAT parameter: bad input
        raise click.BadParameter(str(exc), param_hint="--param") from None
    return settings


def _coerce(v: str) -> Any:
    if v.lower() in ("true", "false"):
        return v.lower() == "true"
    for cast in (int, float):
        try:
            return cast(v)
        except ValueError:
            pass
    if "," in v:
        return [x.strip() for x in v.split(",")]
    return v


def _load(profile_path: str) -> Any:
    from models.profile import ProfileError, load_profile

    try:
        return load_profile(profile_path)
    except ProfileError as exc:
        for field, msg in exc.problems:
            click.echo(f"error: {profile_path}: {field}: {msg}", err=True)
        sys.exit(EXIT_BAD_INPUT)


def _load_plan(path: str) -> Any:
    from models.plan import Plan, PlanFileError

    try:
        return Plan.load(path)
    except PlanFileError as exc:
        echo_capped(exc.problems, prefix=f"error: {path}: ")
        sys.exit(EXIT_BAD_INPUT)


def _write(plan: Any, outdir: str, html: bool = False) -> None:
    """Write the plan's files; a folder that cannot be written is bad input naming it."""
    try:
        plan.write(outdir, html=html)
    except OSError as exc:
        click.echo(f"error: -o {outdir}: cannot write there: {exc}", err=True)
        sys.exit(EXIT_BAD_INPUT)


def _exit_for_status(plan: Any, time_limit_s: float) -> None:
    """INFEASIBLE exits 1; UNKNOWN (no plan within the limit, no proof) exits 4 with advice."""
    if plan.status == "UNKNOWN":
        click.echo(
            f"no plan found within the {time_limit_s:g} s time limit (UNKNOWN: neither a plan "
            "nor a proof that none exists); try a longer --time-limit",
            err=True,
        )
        sys.exit(EXIT_UNKNOWN)
    sys.exit(EXIT_INFEASIBLE)


@click.group(cls=_Main, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="hybridplan")
@click.option("--debug", is_flag=True, help="Show the traceback of an unexpected error.")
def main(debug: bool) -> None:
    """Plan concurrent training (running + lifting) with OR-Tools CP-SAT.

    \b
    Example:
      hybridplan solve data/marathon_16w.yaml -o out/marathon
    """


@main.command()
@click.argument("profile", type=click.Path(exists=True, dir_okay=False))
@click.option(
    "-o",
    "--outdir",
    type=click.Path(file_okay=False),
    default=None,
    help="Write plan.json, timetable.csv and plan.ics (and report.html) here.",
)
@click.option("--json", "as_json", is_flag=True, help="Print plan.json to stdout.")
@click.option(
    "--report",
    "html",
    is_flag=True,
    help="Also write report.html (matplotlib chart; adds ~0.7 s of imports).",
)
@click.option("--quiet", "-q", is_flag=True, help="No table, only the status line.")
@solver_options
def solve(
    profile: str,
    outdir: str | None,
    as_json: bool,
    html: bool,
    quiet: bool,
    time_limit: float,
    workers: int | None,
    seed: int,
    slot_minutes: str,
    params: tuple[str, ...],
) -> None:
    """Solve one athlete PROFILE (YAML or JSON) into a verified, dated timetable.

    Exit codes: 0 plan, 1 infeasible (conflicts name the rules), 2 bad input, 4 no plan
    found within the time limit.

    \b
    Example:
      hybridplan solve data/squat_focus_12w.yaml -o out/squat --time-limit 10
    """
    settings = _settings(time_limit, workers, seed, slot_minutes, params)
    athlete = _load(profile)
    from cli.render import (
        console,
        print_warnings,
        solve_with_progress,
        status_line,
        week_table,
    )
    from solver.verify import verify_plan

    plan = solve_with_progress(athlete, settings, show=not as_json and sys.stderr.isatty())
    if plan.has_schedule:
        # the independent verifier before anything is written: a plan that breaks a rule is
        # never saved (it would be a modelling bug: say so loudly)
        result = verify_plan(athlete, plan, slot_minutes=settings.slot_minutes)
        if not result.ok:
            for v in result.violations:
                click.echo(f"verifier: {v}", err=True)
            click.echo("error: the plan failed the independent verifier; nothing written", err=True)
            sys.exit(EXIT_INFEASIBLE)
    if outdir:
        _write(plan, outdir, html)
    if as_json:
        click.echo(plan.to_json())
    else:
        err = console(stderr=False)
        if plan.has_schedule and not quiet:
            err.print(week_table(plan))
        err.print(status_line(plan))
        print_warnings(err, plan)
        for c in plan.conflicts:
            err.print(f"[red]{escape(c.rule)}[/red] {escape(c.message)}")
        if outdir:
            extra = ", report.html" if html else ""
            err.print(f"wrote {Path(outdir) / 'plan.json'}, timetable.csv, plan.ics{extra}")
    if plan.has_schedule:
        sys.exit(EXIT_OK)
    _exit_for_status(plan, settings.time_limit_s)


@main.command()
@click.argument("profile", type=click.Path(exists=True, dir_okay=False))
@click.argument("plan_json", type=click.Path(exists=True, dir_okay=False))
@slot_option("The start grid the plan was solved on (not read from the plan).")
@click.option(
    "--original",
    type=click.Path(exists=True, dir_okay=False),
    default=None,
    help="A re-planned plan: the plan it was re-planned from.",
)
@click.option(
    "--log",
    "log_csv",
    type=click.Path(exists=True, dir_okay=False),
    default=None,
    help="A re-planned plan: the log given to replan.",
)
@click.option(
    "--from", "from_date", default=None, metavar="YYYY-MM-DD", help="A re-planned plan: --from."
)
def verify(
    profile: str,
    plan_json: str,
    slot_minutes: str,
    original: str | None,
    log_csv: str | None,
    from_date: str | None,
) -> None:
    """Re-check PLAN_JSON against PROFILE without CP-SAT: every hard rule and every
    objective term. Exits 1 and lists each violation with its rule id.

    Nothing in PLAN_JSON switches a check off. A re-planned plan is exempt only from what
    really happened: give the original plan, the log and the date (--original, --log, --from)
    and the sessions before that date must be exactly the original with the log applied. A
    plan without a timetable is never OK: INFEASIBLE exits 1, UNKNOWN exits 4. Every run
    ends with what could not be checked.

    \b
    Example:
      hybridplan verify data/marathon_16w.yaml out/marathon/plan.json
      hybridplan verify data/half_marathon_12w.json out/half/replan/plan.json \\
          --original out/half/plan.json --log data/example_log.csv --from 2027-02-21
    """
    athlete = _load(profile)
    from solver.verify import verify_plan

    plan = _load_plan(plan_json)
    history = _history(original, log_csv, from_date, int(slot_minutes))
    result = verify_plan(athlete, plan, slot_minutes=int(slot_minutes), history=history)
    for v in result.violations:
        click.echo(f"{v.rule}: {v.message}")
    if not plan.has_schedule:
        code = EXIT_UNKNOWN if plan.status == "UNKNOWN" else EXIT_INFEASIBLE
        click.echo(f"NOT OK: status {plan.status}, no timetable to verify")
    elif result.ok:
        code = EXIT_OK
        click.echo(
            f"OK: {plan.status}, {len(plan.sessions)} sessions, objective "
            f"{result.objective:g} recomputed"
        )
    else:
        code = EXIT_INFEASIBLE
        click.echo(f"{len(result.violations)} violation(s)")
    for note in result.unchecked:
        click.echo(f"not checked: {note}")
    sys.exit(code)


def _history(original: str | None, log_csv: str | None, from_date: str | None, slot: int) -> Any:
    """The real history of a re-planned plan, from files the plan cannot forge."""
    given = {"--original": original, "--log": log_csv, "--from": from_date}
    if not any(given.values()):
        return None
    missing = [k for k, v in given.items() if not v]
    if missing:
        have = ", ".join(k for k in given if k not in missing)
        raise click.UsageError(f"{', '.join(missing)} needed with {have}")
    from solver.replan import ReplanInputError, history_of, read_log
    from solver.verify import History

    day = _date_option(str(from_date))
    orig = _load_plan(str(original))
    try:
        import datetime as dt

        from models.history import ahead_in_week

        past = history_of(orig, read_log(str(log_csv)), day, slot)
        first = dt.date.fromisoformat(orig.weeks[0].start_date) if orig.weeks else day
        return History(day, past, ahead_in_week(orig.sessions, first, day, past))
    except ReplanInputError as exc:
        echo_capped(exc.problems, prefix="error: ")
        sys.exit(EXIT_BAD_INPUT)


def _date_option(text: str) -> Any:
    import datetime as dt

    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        click.echo(f"error: --from {text!r} is not YYYY-MM-DD", err=True)
        sys.exit(EXIT_BAD_INPUT)


@main.command()
@click.argument("athletes_csv", type=click.Path(exists=True, dir_okay=False))
@click.option(
    "-o",
    "--outdir",
    type=click.Path(file_okay=False),
    required=True,
    help="One folder per athlete plus summary.csv.",
)
@click.option(
    "--jobs",
    "-j",
    type=int,
    default=None,
    help="Solves in parallel [default: cores / workers-per-solve].",
)
@click.option(
    "--workers-per-solve",
    type=int,
    default=1,
    show_default=True,
    help="CP-SAT workers inside each solve.",
)
@click.option(
    "--scheduler",
    default=None,
    metavar="ADDRESS",
    help="Dask scheduler, e.g. tcp://10.0.0.5:8786; default: local processes.",
)
@click.option(
    "--resume/--no-resume",
    default=True,
    show_default=True,
    help="Skip athletes already finished in OUTDIR/summary.csv.",
)
@click.option(
    "--max-memory-mb",
    type=int,
    default=None,
    help="Address-space cap per local worker; a solve over it fails alone.",
)
@click.option(
    "--scheduler-timeout",
    type=float,
    default=10.0,
    show_default=True,
    help="Seconds to wait for the --scheduler before giving up (exit 2).",
)
@click.option("--oversubscribe", is_flag=True, help="Allow jobs x workers-per-solve > cores.")
@common_solver_options
def batch(
    athletes_csv: str,
    outdir: str,
    jobs: int | None,
    workers_per_solve: int,
    scheduler: str | None,
    resume: bool,
    max_memory_mb: int | None,
    scheduler_timeout: float,
    oversubscribe: bool,
    time_limit: float,
    seed: int,
    slot_minutes: str,
    params: tuple[str, ...],
) -> None:
    """Solve a CSV of athletes (SPEC §6), locally or on a Dask cluster.

    A bad row never stops the batch: it is reported with its row number, field and reason,
    and every good row is solved. Writes OUTDIR/<safe-id>/plan.json and timetable.csv, and
    OUTDIR/summary.csv. Exit codes: 0 all rows planned or proven infeasible, 2 unreadable
    CSV or unreachable scheduler, 3 some rows failed (bad input or a crashed solve), 4 no
    row failed but some found no plan within the time limit (UNKNOWN; a resume retries them).

    \b
    Example:
      hybridplan batch data/athletes.csv -o out/club --jobs 2 --time-limit 10
      hybridplan batch data/athletes.csv -o out/club --scheduler tcp://127.0.0.1:8786
    """
    settings = _settings(time_limit, workers_per_solve, seed, slot_minutes, params)
    from cli.render import batch_progress, batch_table, console
    from solver.batch import BatchInputError, cores, run_batch

    n_cores = cores()
    jobs = jobs or max(1, n_cores // workers_per_solve)
    if scheduler is None and jobs * workers_per_solve > n_cores and not oversubscribe:
        raise click.BadParameter(
            f"{jobs} jobs x {workers_per_solve} workers exceeds the {n_cores} cores "
            "(use --oversubscribe to insist)",
            param_hint="--jobs",
        )
    con = console()
    try:
        with batch_progress(con) as hooks:
            report = run_batch(
                athletes_csv,
                outdir,
                settings,
                jobs=jobs,
                resume=resume,
                scheduler=scheduler,
                max_memory_mb=max_memory_mb,
                on_outcome=hooks.outcome,
                on_start=hooks.start,
                scheduler_timeout_s=scheduler_timeout,
            )
    except BatchInputError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(EXIT_BAD_INPUT)
    except KeyboardInterrupt:
        click.echo(
            "interrupted: finished athletes are saved; run the same command to resume", err=True
        )
        sys.exit(EXIT_INTERRUPTED)
    con.print(batch_table(report))
    con.print(f"summary: {report.summary_path}; worker peak memory {report.worker_peak_mb} MB")
    if report.unknown:
        con.print(
            f"{report.unknown} athlete(s) UNKNOWN: no plan found within the {time_limit:g} s "
            "time limit; run again with a longer --time-limit (a resume solves only those)"
        )
    sys.exit(report.exit_code)


@main.command()
@click.argument("plan_json", type=click.Path(exists=True, dir_okay=False))
@click.option("--week", type=int, default=None, help="Only this plan week, with each session.")
@click.option(
    "--day",
    default=None,
    metavar="YYYY-MM-DD",
    help="Only this day's sessions, each with its full prescription.",
)
@click.option(
    "--summary",
    is_flag=True,
    help="A coach's view: one row per week (run minutes against target, longest run, hard "
    "minutes, quality sessions, lifts by group, rest days).",
)
def show(plan_json: str, week: int | None, day: str | None, summary: bool) -> None:
    """Show a saved plan in the terminal, week by week, one week with --week (each
    session with its prescription summary), one day in full with --day, or a coach's
    summary with --summary.

    \b
    Example:
      hybridplan show out/marathon/plan.json --week 5
      hybridplan show out/marathon/plan.json --day 2027-01-14
      hybridplan show out/marathon/plan.json --summary
    """
    import datetime as dt

    from cli.render import (
        console,
        print_warnings,
        session_lines,
        status_line,
        summary_table,
        week_table,
    )

    plan = _load_plan(plan_json)
    con = console(stderr=False)
    if day is not None:
        try:
            day = dt.date.fromisoformat(day).isoformat()
        except ValueError:
            click.echo(f"error: --day {day!r} is not YYYY-MM-DD", err=True)
            sys.exit(EXIT_BAD_INPUT)
        lines = session_lines(plan, day=day)
        con.print(
            "\n".join(lines) if lines else f"{day}: no session (rest day or outside the plan)"
        )
        return
    if week is not None and not any(w.week == week for w in plan.weeks):
        click.echo(f"error: --week {week}: the plan has weeks 1-{len(plan.weeks)}", err=True)
        sys.exit(EXIT_BAD_INPUT)
    con.print(summary_table(plan) if summary else week_table(plan, week))
    if week is not None and not summary:
        for line in session_lines(plan, week=week):
            con.print(line)
    con.print(status_line(plan))
    print_warnings(con, plan)
    for c in plan.conflicts:
        con.print(f"[red]{escape(c.rule)}[/red] {escape(c.message)}")


@main.command()
@click.argument("plan_json", type=click.Path(exists=True, dir_okay=False))
@click.option("--no-suggest", is_flag=True, help="Infeasible plans: skip the re-solves.")
@click.option(
    "--max-items",
    type=int,
    default=5,
    show_default=True,
    help="Sessions listed per objective term.",
)
def explain(plan_json: str, no_suggest: bool, max_items: int) -> None:
    """Explain a plan: each objective term with its weight, value and the sessions
    responsible; the rules that are tight; for an infeasible plan, the conflicting rules and
    single changes that make it feasible (each verified by re-solving).

    \b
    Example:
      hybridplan explain out/marathon/plan.json
    """
    from cli.render import console
    from models.profile import ProfileError
    from solver.explain import explain as explain_plan
    from solver.replan import ReplanInputError

    plan = _load_plan(plan_json)
    try:
        ex = explain_plan(plan, with_suggestions=not no_suggest)
    except ProfileError as exc:
        echo_capped([f"{f}: {m}" for f, m in exc.problems], prefix=f"error: {plan_json}: profile.")
        sys.exit(EXIT_BAD_INPUT)
    except ReplanInputError as exc:
        echo_capped(exc.problems, prefix=f"error: {plan_json}: ")
        sys.exit(EXIT_BAD_INPUT)
    from cli.render import print_warnings

    con = console(stderr=False)
    con.print(f"[bold]{escape(plan.athlete_id)}[/bold]: {plan.status}, objective {plan.objective}")
    print_warnings(con, plan)
    for t in ex.terms:
        con.print(f"  {t.name}: weight {t.weight:g} x value {t.value:g} = {t.contribution:g}")
        for item in t.items[:max_items]:
            con.print(f"      {escape(item)}")
        if len(t.items) > max_items:
            con.print(f"      ... and {len(t.items) - max_items} more")
    if ex.tight:
        con.print("[bold]Tight rules[/bold]")
        for line in ex.tight:
            con.print(f"  {escape(line)}")
    for line in ex.conflicts:
        con.print(f"[red]{escape(line)}[/red]")
    if ex.suggestions:
        con.print("[bold]Would become feasible with one change[/bold] (verified by re-solving):")
        for sug in ex.suggestions:
            con.print(f"  - {sug.change} -> {sug.status}, objective {sug.objective}")
    elif plan.status == "INFEASIBLE" and not no_suggest:
        con.print("No single change from the list made it feasible.")


@main.command()
@click.argument("plan_json", type=click.Path(exists=True, dir_okay=False))
@click.argument("log_csv", type=click.Path(exists=True, dir_okay=False))
@click.option(
    "--from",
    "from_date",
    required=True,
    metavar="YYYY-MM-DD",
    help="First day to re-plan; the log covers the days before it.",
)
@click.option(
    "-o",
    "--outdir",
    type=click.Path(file_okay=False),
    default=None,
    help="Where to write the new plan [default: <plan folder>/replan].",
)
@click.option("--time-limit", type=float, default=30.0, show_default=True)
def replan(
    plan_json: str, log_csv: str, from_date: str, outdir: str | None, time_limit: float
) -> None:
    """Re-plan after real life. LOG_CSV lists what happened before --from (columns date,
    type, status = done | missed | moved, and optionally minutes, start, planned_date). The
    history is pinned as it happened and the rest is re-optimized with every rule, counting
    the history; changes are kept few, and dropped sessions are reported with the reason.

    \b
    Example:
      hybridplan replan out/half/plan.json data/example_log.csv --from 2027-02-21
    """
    from cli.render import console, status_line
    from solver.replan import ReplanInputError, plan_settings, read_log
    from solver.replan import replan as do_replan
    from solver.verify import History, verify_plan

    plan = _load_plan(plan_json)
    day = _date_option(from_date)
    from models.profile import ProfileError

    try:
        settings = plan_settings(plan, time_limit)
        result = do_replan(plan, read_log(log_csv), day, settings)
    except ReplanInputError as exc:
        echo_capped(exc.problems, prefix="error: ")
        sys.exit(EXIT_BAD_INPUT)
    except ProfileError as exc:
        echo_capped([f"{f}: {m}" for f, m in exc.problems], prefix=f"error: {plan_json}: profile.")
        sys.exit(EXIT_BAD_INPUT)
    con = console(stderr=False)
    echo_capped(result.notes, prefix="log: ", err=False)
    echo_capped(result.changes, prefix="  ", err=False)
    con.print(status_line(result.plan))
    target = Path(outdir) if outdir else Path(plan_json).parent / "replan"
    _write(result.plan, str(target))
    con.print(f"wrote {target / 'plan.json'}")
    if not result.plan.has_schedule:
        _exit_for_status(result.plan, settings.time_limit_s)
    from models.profile import parse_profile

    check = verify_plan(
        parse_profile(result.plan.profile),
        result.plan,
        slot_minutes=settings.slot_minutes,
        history=History(day, result.history, result.ahead),
    )
    for v in check.violations:
        click.echo(f"verifier: {v}", err=True)
    sys.exit(EXIT_OK if check.ok else EXIT_INFEASIBLE)


@main.group(invoke_without_command=True)
@click.option(
    "--suite",
    type=click.Path(exists=True, file_okay=False),
    default=None,
    help="Suite folder: <suite>/<group>/*.yaml (data/bench).",
)
@click.option(
    "--settings",
    "settings_file",
    type=click.Path(exists=True, dir_okay=False),
    default=None,
    help="YAML settings file: configurations, matrices, seeds.",
)
@click.option("-o", "--outdir", type=click.Path(file_okay=False), default=None)
@click.option("--time-limit", type=float, default=None, help="Overrides the settings file.")
@click.option("--seeds", type=int, default=None, help="Overrides the settings file.")
@click.option(
    "--parallel",
    type=int,
    default=1,
    show_default=True,
    help="Runs at a time (each on one CP-SAT worker).",
)
@click.pass_context
def bench(
    ctx: click.Context,
    suite: str | None,
    settings_file: str | None,
    outdir: str | None,
    time_limit: float | None,
    seeds: int | None,
    parallel: int,
) -> None:
    """Benchmark solver settings on a suite: one row per (instance, config, seed) in
    OUTDIR/runs.csv. Resumable (finished keys are skipped); a crashed run is recorded and
    the rest go on; a warm-up run comes first; runs go in a shuffled order (fixed seed) so
    no configuration always follows the same one. `bench report OUTDIR` rebuilds report.md.

    \b
    Example:
      hybridplan bench --suite data/bench --settings benchmarks/bench_settings.yaml -o out/bench
      hybridplan bench report out/bench
    """
    if ctx.invoked_subcommand is not None:
        return
    if not (suite and settings_file and outdir):
        raise click.UsageError("bench needs --suite, --settings and -o (or a subcommand)")
    from solver.bench import run_bench
    from solver.benchreport import write_report

    try:
        info = run_bench(
            suite,
            settings_file,
            outdir,
            time_limit=time_limit,
            seeds=seeds,
            parallel=parallel,
            on_row=lambda r: click.echo(
                f"{r['instance']} {r['config']} seed "
                f"{r['seed']}: {r['status']} "
                f"{r.get('wall_s', '')}",
                err=True,
            ),
        )
    except (ValueError, OSError) as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(EXIT_BAD_INPUT)
    click.echo(
        f"{info['runs']} runs, {info['skipped']} already done, {info['total_s']} s, "
        f"harness overhead {info['harness_overhead']:.1%}"
    )
    click.echo(f"wrote {write_report(outdir)}")


@bench.command("report")
@click.argument("outdir", type=click.Path(exists=True, file_okay=False))
def bench_report(outdir: str) -> None:
    """Rebuild OUTDIR/report.md from OUTDIR/runs.csv alone.

    \b
    Example:
      hybridplan bench report out/bench
    """
    from solver.benchreport import write_report

    click.echo(f"wrote {write_report(outdir)}")


@bench.command("diff")
@click.argument("a", type=click.Path(exists=True, file_okay=False))
@click.argument("b", type=click.Path(exists=True, file_okay=False))
@click.option(
    "--tolerance",
    type=float,
    default=0.1,
    show_default=True,
    help="Relative slack before a slower time or worse objective is a regression.",
)
def bench_diff(a: str, b: str, tolerance: float) -> None:
    """Compare two bench result folders (before/after a change or an ortools upgrade):
    per-instance time and objective deltas; exits 1 on a regression beyond the tolerance.

    \b
    Example:
      hybridplan bench diff out/bench-main out/bench-branch --tolerance 0.2
    """
    from solver.benchreport import diff

    table, regressions = diff(a, b, tolerance)
    click.echo(table.to_string(index=False))
    for r in regressions:
        click.echo(f"REGRESSION {r}")
    sys.exit(1 if regressions else 0)


@main.command()
@click.option("--plan", "of_plan", is_flag=True, help="The schema of plan.json instead.")
def schema(of_plan: bool) -> None:
    """Print the athlete profile's JSON Schema, or with --plan that of plan.json.

    \b
    Example:
      hybridplan schema > profile.schema.json
      hybridplan schema --plan > plan.schema.json
    """
    if of_plan:
        from models.plan import plan_json_schema

        click.echo(json.dumps(plan_json_schema(), indent=2))
        return
    from models.profile import profile_json_schema

    click.echo(json.dumps(profile_json_schema(), indent=2))


if __name__ == "__main__":  # pragma: no cover
    main()
