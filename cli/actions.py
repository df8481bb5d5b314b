"""What the commands do once click has parsed them: load, call the API, render. Each
function returns the exit code (cli/app.py); bad input raises BadInput."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from typing import Any

import click
from rich.markup import escape

from cli.app import (
    EXIT_INFEASIBLE,
    EXIT_INTERRUPTED,
    EXIT_NO_PLAN,
    EXIT_OK,
    EXIT_SOME_FAILED,
    BadInput,
    echo_capped,
    log,
    quiet,
)


def load_athlete(path: str) -> Any:
    """The profile at `path` (`-`: standard input), or BadInput naming each bad field. (Its
    input warnings are printed by `solve`, which records them in the plan.)"""
    from models.profile import ProfileError, load_profile

    try:
        return load_profile(path)
    except ProfileError as exc:
        if path != "-" and _keys(path) >= {"athlete_id", "sessions"}:
            raise BadInput(
                f"{path} is a plan.json, not an athlete profile: this argument wants the "
                "profile (YAML or JSON) the plan was made from"
            ) from None
        shown = "<stdin>" if path == "-" else path
        raise BadInput(
            "\n".join(
                msg if field == "file" else f"{shown}: {field}: {msg}"
                for field, msg in exc.problems
            )
        ) from None


def load_plan(path: str) -> Any:
    """A saved plan.json; a profile or another file is BadInput that says what it wanted."""
    from models.plan import Plan, PlanFileError

    try:
        return Plan.load(path)
    except PlanFileError as exc:
        keys = _keys(path)
        if "availability" in keys and "sessions" not in keys:
            raise BadInput(
                f"{path} is an athlete profile, not a plan: this command wants a plan.json "
                f"(make one with `hybridplan solve {path} -o DIR`)"
            ) from None
        raise BadInput("\n".join(f"{path}: {p}" for p in exc.problems)) from None


def write_plan(plan: Any, outdir: str | Path, html: bool = False) -> None:
    """Write the plan's files; a folder that cannot be written is bad input naming it."""
    from models.export import write_plan as write_files

    try:
        write_files(plan, outdir, html=html)
    except OSError as exc:
        raise BadInput(f"-o {outdir}: cannot write there: {exc}") from None


def parse_day(text: str, option: str = "--from") -> Any:
    import datetime as dt

    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise BadInput(f"{option} {text!r} is not YYYY-MM-DD") from None


def _keys(path: str) -> set[str]:
    """The top-level keys of a JSON object or YAML mapping file (empty if it is not one):
    enough to tell a profile from a plan when the wrong one is given. YAML is scanned, not
    parsed, so a hostile file cannot make this hint expensive."""
    try:
        p = Path(path)
        if p.stat().st_size > 50_000_000:
            return set()
        text = p.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return set()
    from models.strict import load_json

    try:
        data = load_json(text)  # refuses deep nesting before json recurses into it
    except ValueError:
        return set(re.findall(r"^([A-Za-z_]\w*)[ \t]*:", text, re.M))
    return {str(k) for k in data} if isinstance(data, dict) else set()


def exit_code(plan: Any, time_limit_s: float | None = None) -> int:
    """0 a plan, 1 infeasible, 4 no plan within the time limit (with advice)."""
    if plan.has_schedule:
        return EXIT_OK
    if plan.status == "UNKNOWN":
        if time_limit_s is not None:
            from solver.pipeline import unknown_message

            log.error(unknown_message(time_limit_s))
        return EXIT_NO_PLAN
    return EXIT_INFEASIBLE


def solve(profile: str, outdir: str | None, as_json: bool, html: bool, settings: Any) -> int:
    athlete = load_athlete(profile)
    from cli.render import console, print_warnings, solve_with_progress, status_line, week_table
    from solver.verify import verify_plan

    show = not as_json and not quiet() and sys.stderr.isatty()
    plan = solve_with_progress(athlete, settings, show=show)
    if plan.has_schedule:
        # the independent verifier before anything is written: a plan that breaks a rule is
        # never saved (it would be a modelling bug: say so loudly)
        result = verify_plan(athlete, plan, slot_minutes=settings.slot_minutes)
        if not result.ok:
            for v in result.violations:
                log.error(f"verifier: {v}")
            log.error("the plan failed the independent verifier; nothing written")
            return EXIT_INFEASIBLE
    if outdir:
        write_plan(plan, outdir, html)
    if as_json:
        click.echo(plan.to_json())
        for w in plan.warnings:  # standard output holds plan.json only
            log.warning(f"{w.code}: {w.message}")
    else:
        out = console(stderr=False)
        if plan.has_schedule and not quiet():
            out.print(week_table(plan, width=out.width))
        out.print(status_line(plan))
        print_warnings(out, plan)
        for c in plan.conflicts:
            out.print(f"[red]{escape(c.rule)}[/red] {escape(c.message)}")
    if outdir:
        extra = ", report.html" if html else ""
        log.info(f"wrote {Path(outdir) / 'plan.json'}, timetable.csv, plan.ics{extra}")
    return exit_code(plan, settings.time_limit_s)


def verify(
    profile: str,
    plan_json: str,
    slot_minutes: int,
    original: str | None,
    log_csv: str | None,
    from_date: str | None,
) -> int:
    athlete = load_athlete(profile)
    from solver.verify import verify_plan

    plan = load_plan(plan_json)
    history = _history(original, log_csv, from_date, slot_minutes)
    result = verify_plan(athlete, plan, slot_minutes=slot_minutes, history=history)
    for v in result.violations:
        click.echo(f"{v.rule}: {v.message}")
    if not plan.has_schedule:
        code = exit_code(plan)
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
    return code


def _history(original: str | None, log_csv: str | None, from_date: str | None, slot: int) -> Any:
    """The real history of a re-planned plan, from files the plan cannot forge."""
    given = {"--original": original, "--log": log_csv, "--from": from_date}
    if not any(given.values()):
        return None
    missing = [k for k, v in given.items() if not v]
    if missing:
        have = ", ".join(k for k in given if k not in missing)
        raise click.UsageError(f"{', '.join(missing)} needed with {have}")
    import datetime as dt

    from models.history import ahead_in_week
    from solver.replan import ReplanInputError, history_of, read_log
    from solver.verify import History

    day = parse_day(str(from_date))
    orig = load_plan(str(original))
    try:
        past = history_of(orig, read_log(str(log_csv)), day, slot)
    except ReplanInputError as exc:
        raise BadInput("\n".join(exc.problems)) from None
    first = dt.date.fromisoformat(orig.weeks[0].start_date) if orig.weeks else day
    return History(day, past, ahead_in_week(orig.sessions, first, day, past))


def show(plan_json: str, week: int | None, day: str | None, summary: bool) -> int:
    from cli.render import (
        console,
        print_warnings,
        session_lines,
        status_line,
        summary_table,
        week_table,
    )

    plan = load_plan(plan_json)
    out = console(stderr=False)
    if day is not None:
        day = parse_day(day, "--day").isoformat()
        lines = session_lines(plan, day=day)
        out.print(
            "\n".join(lines) if lines else f"{day}: no session (rest day or outside the plan)"
        )
        return EXIT_OK
    if week is not None and not any(w.week == week for w in plan.weeks):
        raise BadInput(f"--week {week}: the plan has weeks 1-{len(plan.weeks)}")
    out.print(summary_table(plan) if summary else week_table(plan, week, width=out.width))
    if week is not None and not summary:
        for line in session_lines(plan, week=week):
            out.print(line)
    out.print(status_line(plan))
    print_warnings(out, plan)
    for c in plan.conflicts:
        out.print(f"[red]{escape(c.rule)}[/red] {escape(c.message)}")
    return EXIT_OK


def explain(plan_json: str, no_suggest: bool, max_items: int) -> int:
    from cli.render import console, print_warnings
    from models.profile import ProfileError
    from solver.explain import explain as explain_plan
    from solver.replan import ReplanInputError

    plan = load_plan(plan_json)
    try:
        ex = explain_plan(plan, with_suggestions=not no_suggest)
    except ProfileError as exc:
        raise BadInput(
            "\n".join(f"{plan_json}: profile.{f}: {m}" for f, m in exc.problems)
        ) from None
    except ReplanInputError as exc:
        raise BadInput("\n".join(f"{plan_json}: {p}" for p in exc.problems)) from None
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
            con.print(f"  - {escape(sug.change)} -> {sug.status}, objective {sug.objective}")
    elif plan.status == "INFEASIBLE" and not no_suggest:
        con.print("No single change from the list made it feasible.")
    return EXIT_OK


def replan(
    plan_json: str, log_csv: str, from_date: str, outdir: str | None, time_limit: float
) -> int:
    from cli.render import console, status_line
    from models.profile import ProfileError, parse_profile
    from solver.replan import ReplanInputError, plan_settings, read_log
    from solver.replan import replan as do_replan
    from solver.verify import History, verify_plan

    plan = load_plan(plan_json)
    day = parse_day(from_date)
    try:
        settings = plan_settings(plan, time_limit)
        result = do_replan(plan, read_log(log_csv), day, settings)
    except ReplanInputError as exc:
        raise BadInput("\n".join(exc.problems)) from None
    except ProfileError as exc:
        raise BadInput(
            "\n".join(f"{plan_json}: profile.{f}: {m}" for f, m in exc.problems)
        ) from None
    con = console(stderr=False)
    echo_capped(result.notes, prefix="log: ", err=False)
    echo_capped(result.changes, prefix="  ", err=False)
    con.print(status_line(result.plan))
    if result.plan.has_schedule:
        # as for solve: the verifier (counting the history) before anything is written
        check = verify_plan(
            parse_profile(result.plan.profile),
            result.plan,
            slot_minutes=settings.slot_minutes,
            history=History(day, result.history, result.ahead),
        )
        if not check.ok:
            for v in check.violations:
                log.error(f"verifier: {v}")
            log.error("the re-plan failed the independent verifier; nothing written")
            return EXIT_INFEASIBLE
    target = Path(outdir) if outdir else Path(plan_json).parent / "replan"
    write_plan(result.plan, target)
    log.info(f"wrote {target / 'plan.json'}, timetable.csv, plan.ics")
    return exit_code(result.plan, settings.time_limit_s)


def batch(
    athletes_csv: str,
    outdir: str,
    settings: Any,
    jobs: int | None,
    workers_per_solve: int,
    scheduler: str | None,
    resume: bool,
    max_memory_mb: int | None,
    scheduler_timeout: float,
    oversubscribe: bool,
) -> int:
    from cli.render import batch_progress, batch_table, console
    from models.settings import SolverSettings
    from solver.batch.engines import local_jobs
    from solver.batch.rows import BatchInputError
    from solver.batch.run import run_batch

    settings = SolverSettings.model_validate(
        {**settings.model_dump(), "workers": workers_per_solve}
    )
    con = console()
    try:
        n_jobs = local_jobs(jobs, workers_per_solve, oversubscribe) if scheduler is None else 1
        with batch_progress(con, show=not quiet()) as hooks:
            report = run_batch(
                athletes_csv,
                outdir,
                settings,
                jobs=n_jobs,
                resume=resume,
                scheduler=scheduler,
                max_memory_mb=max_memory_mb,
                on_outcome=hooks.outcome,
                on_start=hooks.start,
                scheduler_timeout_s=scheduler_timeout,
            )
    except BatchInputError as exc:
        raise BadInput(str(exc)) from None
    except KeyboardInterrupt:
        log.error("interrupted: finished athletes are saved; run the same command to resume")
        return EXIT_INTERRUPTED
    out = console(stderr=False)
    out.print(batch_table(report))
    log.info(f"summary: {report.summary_path}; worker peak memory {report.worker_peak_mb} MB")
    if report.unknown:
        log.warning(
            f"{report.unknown} athlete(s) UNKNOWN: no plan found within the "
            f"{settings.time_limit_s:g} s time limit; run again with a longer --time-limit "
            "(a resume solves only those)"
        )
    # a failed row needs fixing; an UNKNOWN one only a longer time limit
    return EXIT_SOME_FAILED if report.failed else EXIT_NO_PLAN if report.unknown else EXIT_OK


def bench(
    suite: str,
    settings_file: str,
    outdir: str,
    time_limit: float | None,
    seeds: int | None,
    parallel: int,
) -> int:
    from solver.bench.report import write_report
    from solver.bench.run import run_bench

    try:
        info = run_bench(
            suite,
            settings_file,
            outdir,
            time_limit=time_limit,
            seeds=seeds,
            parallel=parallel,
            on_row=lambda r: log.info(
                f"{r['instance']} {r['config']} seed {r['seed']}: {r['status']} "
                f"{r.get('wall_s', '')}"
            ),
        )
    except (ValueError, OSError) as exc:
        raise BadInput(str(exc)) from None
    click.echo(
        f"{info['runs']} runs, {info['skipped']} already done, {info['total_s']} s, "
        f"harness overhead {info['harness_overhead']:.1%}"
    )
    click.echo(f"wrote {write_report(outdir)}")
    return EXIT_OK


def _runs_csv(outdir: str) -> None:
    """A bench result folder without runs.csv is bad input, named."""
    if not (Path(outdir) / "runs.csv").is_file():
        raise BadInput(f"{outdir}: no runs.csv here; `hybridplan bench ... -o {outdir}` writes it")


def bench_report(outdir: str) -> int:
    from solver.bench.report import write_report

    _runs_csv(outdir)
    click.echo(f"wrote {write_report(outdir)}")
    return EXIT_OK


def bench_diff(a: str, b: str, tolerance: float) -> int:
    from solver.bench.report import diff

    _runs_csv(a)
    _runs_csv(b)
    table, regressions = diff(a, b, tolerance)
    click.echo(table.to_string(index=False))
    for r in regressions:
        click.echo(f"REGRESSION {r}")
    return EXIT_INFEASIBLE if regressions else EXIT_OK


def init(path: str, use_defaults: bool, force: bool) -> int:
    from cli.init import make_profile
    from models.profile import ProfileError

    if path != "-" and Path(path).exists() and not force:
        raise BadInput(f"{path} exists; use --force to overwrite it")
    try:
        text = make_profile(interactive=not use_defaults)
    except ProfileError as exc:
        raise BadInput("\n".join(f"{field}: {msg}" for field, msg in exc.problems)) from None
    if path == "-":
        click.echo(text, nl=False)
    else:
        from models.files import atomic_write

        try:
            Path(path).parent.mkdir(parents=True, exist_ok=True)  # as `solve -o` does
            atomic_write(path, text)
        except OSError as exc:
            raise BadInput(f"{path}: cannot write there: {exc}") from None
        log.info(f"wrote {path}; plan it with: hybridplan solve {path} -o out/{Path(path).stem}")
    return EXIT_OK


def schema(of_plan: bool) -> int:
    if of_plan:
        from models.prescription import plan_json_schema

        click.echo(json.dumps(plan_json_schema(), indent=2))
        return EXIT_OK
    from models.profile import profile_json_schema

    click.echo(json.dumps(profile_json_schema(), indent=2))
    return EXIT_OK
