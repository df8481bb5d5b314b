"""cli/app.py: one meaning per exit code, --debug, logging to standard error."""

from click.testing import CliRunner

from cli import actions
from cli.app import EXIT_INTERNAL, EXIT_INTERRUPTED, EXIT_NO_PLAN
from cli.main import main
from models.plan import Plan


def _boom(*args, **kwargs):
    raise RuntimeError("something\nbroke")


def test_unexpected_error_is_one_line_and_exit_70(monkeypatch):
    """An unexpected exception prints one line naming --debug and exits 70, not 1."""
    monkeypatch.setattr(actions, "schema", _boom)
    res = CliRunner().invoke(main, ["schema"])
    assert res.exit_code == EXIT_INTERNAL
    assert res.stderr.strip().splitlines() == [
        "internal error: RuntimeError: something broke (run `hybridplan --debug ...` for the "
        "traceback)"
    ]


def test_debug_shows_the_traceback(monkeypatch):
    """--debug prints the traceback and still exits 70."""
    monkeypatch.setattr(actions, "schema", _boom)
    res = CliRunner().invoke(main, ["--debug", "schema"])
    assert res.exit_code == EXIT_INTERNAL and "Traceback" in res.stderr


def test_interrupt_exits_130(monkeypatch):
    """Ctrl-C exits 130."""

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(actions, "schema", interrupted)
    res = CliRunner().invoke(main, ["schema"])
    assert res.exit_code == EXIT_INTERRUPTED


def test_unknown_status_exits_4():
    """A plan with status UNKNOWN (no plan within the time limit) maps to exit 4."""
    assert actions.exit_code(Plan(athlete_id="x", status="UNKNOWN")) == EXIT_NO_PLAN
    assert actions.exit_code(Plan(athlete_id="x", status="INFEASIBLE")) == 1


def test_logging_is_reset_after_a_command():
    """--verbose does not outlive its command: a later library solve logs nothing."""
    import logging

    from cli.app import log

    res = CliRunner().invoke(main, ["schema", "--verbose"])
    assert res.exit_code == 0
    assert log.handlers == [] and not logging.getLogger("hybridplan.cpsat").isEnabledFor(
        logging.DEBUG
    )
