"""The `hybridplan` command: click parsing only. The work is in cli/actions.py, the shared
options in cli/options.py, the exit codes and logging in cli/app.py.

Heavy imports (ortools, pandas) happen inside the actions so `--help` stays fast.
"""

from __future__ import annotations

import logging
from typing import Any

import click

from cli import actions
from cli.app import HybridGroup, setup_logging
from cli.options import common_solver_options, slot_option, solver_options, verbosity_options

PROFILE = click.Path(exists=True, dir_okay=False, allow_dash=True)
EXISTING_FILE = click.Path(exists=True, dir_okay=False)


@click.group(cls=HybridGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="hybridplan")
@click.option("--debug", is_flag=True, help="Show the traceback of an unexpected error.")
def main(debug: bool) -> None:
    """Plan concurrent training (running + lifting) with OR-Tools CP-SAT.

    Exit codes: 0 a plan, 1 infeasible or a verifier violation, 2 bad input, 3 batch: some
    rows failed, 4 no plan within the time limit, 70 internal error, 130 interrupted.

    \b
    Example:
      hybridplan solve data/marathon_16w.yaml -o out/marathon
    """
    setup_logging(logging.INFO)


@main.command()
@click.argument("profile", type=PROFILE)
@click.option(
    "-o",
    "--outdir",
    type=click.Path(file_okay=False),
    default=None,
    help="Write plan.json, timetable.csv and plan.ics (and report.html) here.",
)
@click.option("--json", "as_json", is_flag=True, help="Print plan.json to stdout (only it).")
@click.option(
    "--report",
    "html",
    is_flag=True,
    help="Also write report.html (matplotlib chart; adds ~0.7 s of imports).",
)
@verbosity_options
@solver_options
@click.pass_context
def solve(
    ctx: click.Context, profile: str, outdir: str | None, as_json: bool, html: bool, settings: Any
) -> None:
    """Solve one athlete PROFILE (YAML or JSON; - reads standard input) into a verified,
    dated timetable. --quiet prints only the status line.

    Exit codes: 0 plan, 1 infeasible (conflicts name the rules), 2 bad input, 4 no plan
    within the time limit.

    \b
    Example:
      hybridplan solve data/squat_focus_12w.yaml -o out/squat --time-limit 10
      hybridplan init --defaults - | hybridplan solve - --json > plan.json
    """
    ctx.exit(actions.solve(profile, outdir, as_json, html, settings))


@main.command()
@click.argument("profile", type=PROFILE)
@click.argument("plan_json", type=EXISTING_FILE)
@slot_option("The start grid the plan was solved on (not read from the plan).")
@click.option(
    "--original",
    type=EXISTING_FILE,
    default=None,
    help="A re-planned plan: the plan it was re-planned from.",
)
@click.option(
    "--log", "log_csv", type=EXISTING_FILE, default=None, help="A re-planned plan: the log."
)
@click.option(
    "--from", "from_date", default=None, metavar="YYYY-MM-DD", help="A re-planned plan: --from."
)
@verbosity_options
@click.pass_context
def verify(
    ctx: click.Context,
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
    ctx.exit(actions.verify(profile, plan_json, int(slot_minutes), original, log_csv, from_date))


@main.command()
@click.argument("athletes_csv", type=EXISTING_FILE)
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
    type=click.IntRange(min=1),
    default=None,
    help="Solves in parallel [default: cores / workers-per-solve].",
)
@click.option(
    "--workers-per-solve",
    type=click.IntRange(min=1, max=64),
    default=1,
    show_default=True,
    help="CP-SAT workers inside each solve.",
)
@click.option(
    "--scheduler",
    default=None,
    metavar="ADDRESS",
    help="Dask scheduler (tcp://10.0.0.5:8786), or local / local:N to start a LocalCluster "
    "of N workers here; default: a pool of local processes.",
)
@click.option(
    "--resume/--no-resume",
    default=True,
    show_default=True,
    help="Skip athletes already finished in OUTDIR/summary.csv.",
)
@click.option(
    "--max-memory-mb",
    type=click.IntRange(min=1),
    default=None,
    help="Address-space cap per local worker; a solve over it fails alone.",
)
@click.option(
    "--scheduler-timeout",
    type=click.FloatRange(min=0, min_open=True),
    default=10.0,
    show_default=True,
    help="Seconds to wait for the --scheduler before giving up (exit 2).",
)
@click.option("--oversubscribe", is_flag=True, help="Allow jobs x workers-per-solve > cores.")
@verbosity_options
@common_solver_options
@click.pass_context
def batch(ctx: click.Context, **options: Any) -> None:
    """Solve a CSV of athletes (one profile per row), locally or on a Dask cluster.

    A bad row never stops the batch: it is reported with its row number, field and reason,
    and every good row is solved. Writes OUTDIR/<safe-id>/plan.json and timetable.csv, and
    OUTDIR/summary.csv. Exit codes: 0 all rows planned or proven infeasible, 2 unreadable
    CSV or unreachable scheduler, 3 some rows failed (bad input or a crashed solve), 4 no
    row failed but some found no plan within the time limit (UNKNOWN; a resume retries them).

    \b
    Example:
      hybridplan batch data/athletes.csv -o out/club --jobs 2 --time-limit 10
      hybridplan batch data/athletes.csv -o out/club --scheduler local:2
      hybridplan batch data/athletes.csv -o out/club --scheduler tcp://127.0.0.1:8786
    """
    ctx.exit(actions.batch(**options))


@main.command()
@click.argument("plan_json", type=EXISTING_FILE)
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
@verbosity_options
@click.pass_context
def show(
    ctx: click.Context, plan_json: str, week: int | None, day: str | None, summary: bool
) -> None:
    """Show a saved plan in the terminal, week by week, one week with --week (each
    session with its prescription summary), one day in full with --day, or a coach's
    summary with --summary. The week table fits the terminal: below 120 columns it
    switches to a compact layout.

    \b
    Example:
      hybridplan show out/marathon/plan.json --week 5
      hybridplan show out/marathon/plan.json --day 2027-01-14
      hybridplan show out/marathon/plan.json --summary
    """
    ctx.exit(actions.show(plan_json, week, day, summary))


@main.command()
@click.argument("plan_json", type=EXISTING_FILE)
@click.option("--no-suggest", is_flag=True, help="Infeasible plans: skip the re-solves.")
@click.option(
    "--max-items",
    type=click.IntRange(min=0),
    default=5,
    show_default=True,
    help="Sessions listed per objective term.",
)
@verbosity_options
@click.pass_context
def explain(ctx: click.Context, plan_json: str, no_suggest: bool, max_items: int) -> None:
    """Explain a plan: each objective term with its weight, value and the sessions
    responsible; the rules that are tight; for an infeasible plan, the conflicting rules and
    single changes that make it feasible (each verified by re-solving).

    \b
    Example:
      hybridplan explain out/marathon/plan.json
    """
    ctx.exit(actions.explain(plan_json, no_suggest, max_items))


@main.command()
@click.argument("plan_json", type=EXISTING_FILE)
@click.argument("log_csv", type=EXISTING_FILE)
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
@click.option(
    "--time-limit",
    type=click.FloatRange(min=0, min_open=True, max=3600),
    default=30.0,
    show_default=True,
    help="CP-SAT time limit, seconds.",
)
@verbosity_options
@click.pass_context
def replan(
    ctx: click.Context,
    plan_json: str,
    log_csv: str,
    from_date: str,
    outdir: str | None,
    time_limit: float,
) -> None:
    """Re-plan after real life. LOG_CSV lists what happened before --from (columns date,
    type, status = done | missed | moved, and optionally minutes, start, planned_date). The
    history is pinned as it happened and the rest is re-optimized with every rule, counting
    the history; changes are kept few, and dropped sessions are reported with the reason.

    \b
    Example:
      hybridplan replan out/half/plan.json data/example_log.csv --from 2027-02-21
    """
    ctx.exit(actions.replan(plan_json, log_csv, from_date, outdir, time_limit))


@main.group(invoke_without_command=True)
@click.option(
    "--suite",
    type=click.Path(exists=True, file_okay=False),
    default=None,
    help="Suite folder: <suite>/<group>/*.yaml (data/bench), or one group folder.",
)
@click.option(
    "--settings",
    "settings_file",
    type=EXISTING_FILE,
    default=None,
    help="YAML settings file: configurations, matrices, seeds.",
)
@click.option("-o", "--outdir", type=click.Path(file_okay=False), default=None)
@click.option(
    "--time-limit",
    type=click.FloatRange(min=0, min_open=True),
    default=None,
    help="Overrides the settings file.",
)
@click.option(
    "--seeds", type=click.IntRange(min=1), default=None, help="Overrides the settings file."
)
@click.option(
    "--parallel",
    type=click.IntRange(min=1),
    default=1,
    show_default=True,
    help="Runs at a time (each on one CP-SAT worker).",
)
@verbosity_options
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
    ctx.exit(actions.bench(suite, settings_file, outdir, time_limit, seeds, parallel))


@bench.command("report")
@click.argument("outdir", type=click.Path(exists=True, file_okay=False))
@verbosity_options
@click.pass_context
def bench_report(ctx: click.Context, outdir: str) -> None:
    """Rebuild OUTDIR/report.md from OUTDIR/runs.csv alone.

    \b
    Example:
      hybridplan bench report out/bench
    """
    ctx.exit(actions.bench_report(outdir))


@bench.command("diff")
@click.argument("a", type=click.Path(exists=True, file_okay=False))
@click.argument("b", type=click.Path(exists=True, file_okay=False))
@click.option(
    "--tolerance",
    type=click.FloatRange(min=0),
    default=0.1,
    show_default=True,
    help="Relative slack before a slower time or worse objective is a regression.",
)
@verbosity_options
@click.pass_context
def bench_diff(ctx: click.Context, a: str, b: str, tolerance: float) -> None:
    """Compare two bench result folders (before/after a change or an ortools upgrade):
    per-instance time and objective deltas; exits 1 on a regression beyond the tolerance.

    \b
    Example:
      hybridplan bench diff out/bench-main out/bench-branch --tolerance 0.2
    """
    ctx.exit(actions.bench_diff(a, b, tolerance))


@main.command()
@click.argument("path", default="profile.yaml", type=click.Path(dir_okay=False, allow_dash=True))
@click.option(
    "--defaults", "use_defaults", is_flag=True, help="Write a starter profile without asking."
)
@click.option("--force", is_flag=True, help="Overwrite PATH if it exists.")
@verbosity_options
@click.pass_context
def init(ctx: click.Context, path: str, use_defaults: bool, force: bool) -> None:
    """Write an athlete profile to PATH (default profile.yaml; - prints it) from a few
    questions: goal, race, weeks, experience, weekly running and free time per weekday.
    Every question has a default (Enter takes it); --defaults asks nothing.

    \b
    Example:
      hybridplan init me.yaml
      hybridplan init --defaults starter.yaml && hybridplan solve starter.yaml
    """
    ctx.exit(actions.init(path, use_defaults, force))


@main.command()
@click.option("--plan", "of_plan", is_flag=True, help="The schema of plan.json instead.")
@verbosity_options
@click.pass_context
def schema(ctx: click.Context, of_plan: bool) -> None:
    """Print the athlete profile's JSON Schema (draft 2020-12), or with --plan that of
    plan.json.

    \b
    Example:
      hybridplan schema > profile.schema.json
      hybridplan schema --plan > plan.schema.json
    """
    ctx.exit(actions.schema(of_plan))


if __name__ == "__main__":  # pragma: no cover
    main()
