"""The command group's conventions: one meaning per exit code, `--debug`, and logging.

Results (tables, status lines, JSON) go to standard output; everything said along the way
(progress, "wrote ...", warnings, errors) goes to standard error through `logging`, so
`--json` output stays clean and `--quiet`/`--verbose` work the same on every command.
"""

from __future__ import annotations

import logging
import traceback
from typing import Any

import click

EXIT_OK = 0  # a plan
EXIT_INFEASIBLE = 1  # infeasible, a verifier violation, a bench regression
EXIT_BAD_INPUT = 2  # bad input: the message names the field or row and the value
EXIT_SOME_FAILED = 3  # batch: some rows failed
EXIT_NO_PLAN = 4  # no plan found within the time limit (UNKNOWN)
EXIT_INTERNAL = 70  # an unexpected error (EX_SOFTWARE)
EXIT_INTERRUPTED = 130  # Ctrl-C

MAX_LINES = 20  # problems or notes printed one per line before "... and N more"

log = logging.getLogger("hybridplan")


def echo_capped(lines: list[str], prefix: str = "", err: bool = True) -> None:
    """Print the first MAX_LINES lines and a count of the rest (a 10,000-line log stays short)."""
    for line in lines[:MAX_LINES]:
        click.echo(f"{prefix}{line}", err=err)
    if len(lines) > MAX_LINES:
        click.echo(f"{prefix}... and {len(lines) - MAX_LINES} more", err=err)


class BadInput(click.ClickException):
    """Bad input (exit 2); printed as `error: ...`, one line per problem (at most MAX_LINES)."""

    exit_code = EXIT_BAD_INPUT

    def format_message(self) -> str:
        return self.message

    def show(self, file: Any = None) -> None:
        echo_capped(self.message.splitlines(), prefix="error: ")


class _EchoHandler(logging.Handler):
    """Log records to standard error (through click, so tests capture them)."""

    def emit(self, record: logging.LogRecord) -> None:
        prefix = "" if record.levelno == logging.INFO else f"{record.levelname.lower()}: "
        click.echo(prefix + record.getMessage(), err=True)


def setup_logging(level: int = logging.INFO) -> None:
    """The `hybridplan` logger writes to standard error at `level`."""
    for h in list(log.handlers):
        log.removeHandler(h)
    log.addHandler(_EchoHandler())
    log.setLevel(level)
    log.propagate = False


def reset_logging() -> None:
    """Back to the library default once a command ends (no handler, level unset), so a later
    solve in the same process (tests, an embedding program) does not inherit --verbose."""
    for h in list(log.handlers):
        log.removeHandler(h)
    log.setLevel(logging.NOTSET)
    log.propagate = True


def quiet() -> bool:
    """--quiet given: only results, warnings and errors."""
    return not log.isEnabledFor(logging.INFO)


class HybridGroup(click.Group):
    """A click group whose unexpected errors print one line and exit 70, whose Ctrl-C exits
    130, and whose `--debug` shows the traceback instead."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except (click.exceptions.ClickException, click.exceptions.Exit, click.exceptions.Abort):
            raise
        except KeyboardInterrupt:
            click.echo("interrupted", err=True)
            ctx.exit(EXIT_INTERRUPTED)
        except Exception as exc:
            if ctx.params.get("debug"):
                traceback.print_exc()
            else:
                text = " ".join(str(exc).split())[:300]
                click.echo(
                    f"internal error: {type(exc).__name__}: {text} "
                    "(run `hybridplan --debug ...` for the traceback)",
                    err=True,
                )
            ctx.exit(EXIT_INTERNAL)
        finally:
            reset_logging()
