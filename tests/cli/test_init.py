"""cli/init.py and `hybridplan init`: answers (or defaults) become a valid profile."""

from click.testing import CliRunner

from cli.init import windows
from cli.main import main
from models.profile import load_profile

ANSWERS = [
    "jo",  # id
    "race",  # goal
    "",  # start date: next Monday
    "half",  # distance
    "",  # race date: the default, in week 12
    "beginner",  # experience
    "100",  # run minutes a week
    "",  # mon: default windows
    "",  # tue
    "-",  # wed: none
    "25:00-26:00",  # thu: rejected, asked again
    "18:00-20:00",  # thu
    "",  # fri
    "",  # sat
    "",  # sun
]


def test_init_interactive_writes_valid_profile(tmp_path):
    """Answers typed at the prompts (one invalid, asked again) give a valid race profile."""
    path = tmp_path / "jo.yaml"
    res = CliRunner().invoke(main, ["init", str(path)], input="\n".join(ANSWERS) + "\n")
    assert res.exit_code == 0, res.output
    assert "not a valid time of day" in res.output
    p = load_profile(path)
    assert (p.id, p.goal, p.experience, p.run_minutes_per_week) == ("jo", "race", "beginner", 100)
    assert p.race is not None and p.race.distance == "half" and p.weeks == 12
    assert p.availability["wed"] == [] and p.availability["thu"] == ["18:00-20:00"]


def test_init_defaults_writes_a_profile_that_solves(tmp_path):
    """--defaults asks nothing and writes a profile that solves to a plan."""
    path = tmp_path / "starter.yaml"
    res = CliRunner().invoke(main, ["init", "--defaults", str(path)])
    assert res.exit_code == 0 and res.stderr.startswith("wrote")
    solved = CliRunner().invoke(
        main, ["solve", str(path), "--slot-minutes", "30", "--time-limit", "20", "-q"]
    )
    assert solved.exit_code == 0, solved.output


def test_init_does_not_overwrite_without_force(tmp_path):
    """An existing file is kept unless --force is given."""
    path = tmp_path / "p.yaml"
    path.write_text("keep")
    res = CliRunner().invoke(main, ["init", "--defaults", str(path)])
    assert res.exit_code == 2 and path.read_text() == "keep"
    assert CliRunner().invoke(main, ["init", "--defaults", "--force", str(path)]).exit_code == 0


def test_windows_parses_lists_and_none():
    """Comma- or |-separated windows are kept; '-' and empty mean none."""
    assert windows("06:00-08:00, 17:00-21:00") == ["06:00-08:00", "17:00-21:00"]
    assert windows("06:00-08:00|17:00-21:00") == ["06:00-08:00", "17:00-21:00"]
    assert windows("-") == [] and windows("") == []


def test_init_creates_a_missing_folder_and_names_an_unwritable_path(tmp_path):
    """A missing folder is created (as `solve -o` does); a path under a file is bad input
    naming it (both were `internal error` exit 70). A symlink is replaced with --force, never
    written through."""
    deep = tmp_path / "new" / "dir" / "p.yaml"
    res = CliRunner().invoke(main, ["init", "--defaults", str(deep)])
    assert res.exit_code == 0, res.output
    assert load_profile(deep).id
    (tmp_path / "afile").write_text("x")
    under = tmp_path / "afile" / "p.yaml"
    res = CliRunner().invoke(main, ["init", "--defaults", str(under)])
    assert res.exit_code == 2 and f"error: {under}: cannot write there" in res.output
    victim = tmp_path / "victim.txt"
    victim.write_text("precious")
    link = tmp_path / "link.yaml"
    link.symlink_to(victim)
    res = CliRunner().invoke(main, ["init", "--defaults", "--force", str(link)])
    assert res.exit_code == 0 and victim.read_text() == "precious" and not link.is_symlink()
