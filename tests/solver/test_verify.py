"""The independent verifier (solver/verify.py): clean plans pass, hand-broken plans fail
with the right rule id, one case per rule, and it never imports ortools."""

import subprocess
import sys

import pytest

from models.plan import Plan
from models.profile import load_profile
from models.settings import SolverSettings
from solver import solve, verify_plan

SETTINGS = SolverSettings(time_limit_s=30, slot_minutes=15)


@pytest.fixture(scope="module")
def marathon():
    p = load_profile("data/marathon_16w.yaml")
    return p, solve(p, SETTINGS)


@pytest.fixture(scope="module")
def shared_strength_day():
    from tests.helpers import tiny

    avail = {"mon": ["06:00-21:00"]}
    p = tiny({"lift_full": 1, "run_easy": 1}, (30, 60), availability=avail, goal="strength")
    return p, solve(p, SETTINGS)


def rules_broken(profile, plan: Plan, edit) -> set[str]:
    bad = plan.model_copy(deep=True)
    edit(bad)
    return {v.rule for v in verify_plan(profile, bad).violations}


def first(plan: Plan, t: str):
    return next(s for s in plan.sessions if s.type == t)


def shift(s, start: str) -> None:
    """Move a session to a new start time, keeping its duration."""
    h, m = map(int, start.split(":"))
    end = h * 60 + m + s.duration_min
    s.start, s.end = start, f"{end // 60:02d}:{end % 60:02d}"


def test_verify_accepts_solved_plan(marathon):
    """The solver's plan passes every check and the objective is recomputed exactly."""
    p, plan = marathon
    res = verify_plan(p, plan)
    assert res.ok, res.violations
    assert res.objective == plan.objective


def test_verify_h1_outside_window(marathon):
    """A session moved to 03:00 breaks H1."""
    p, plan = marathon
    assert "H1" in rules_broken(p, plan, lambda x: shift(first(x, "lift_upper"), "03:00"))


def test_verify_h2_two_lifts_one_day(marathon):
    """A duplicated lift on the same day breaks H2."""
    p, plan = marathon

    def edit(x):
        x.sessions.append(first(x, "lift_upper").model_copy())

    assert "H2" in rules_broken(p, plan, edit)


def test_verify_h3_gap(marathon):
    """A run moved to just after a lift on the same day breaks H3."""
    p, plan = marathon

    def edit(x):
        lift, run = next(
            (a, b)
            for a in x.sessions
            for b in x.sessions
            if a.modality == "lift" and b.modality == "run" and a.date == b.date
        )  # 7 sessions on at most 6 training days: one day is shared
        shift(run, lift.end)

    assert "H3" in rules_broken(p, plan, edit)


def test_verify_h4_rest(marathon):
    """Verifying against a profile demanding 6 rest days a week breaks H4."""
    p, plan = marathon
    strict = p.model_copy(update={"min_rest_days": 6})
    assert "H4" in {v.rule for v in verify_plan(strict, plan).violations}


def test_verify_h5_missing_session(marathon):
    """A deleted session breaks H5 (counts)."""
    p, plan = marathon
    assert "H5" in rules_broken(p, plan, lambda x: x.sessions.pop(0))


def test_verify_h6_target_ramp(marathon):
    """Raising a week's targets breaks H6 (and H5: they no longer match the profile)."""
    p, plan = marathon

    def edit(x):
        x.weeks[1].targets.run_minutes.min *= 2
        x.weeks[1].targets.run_minutes.max *= 2

    assert {"H5", "H6"} <= rules_broken(p, plan, edit)


def test_verify_h7_lower_after_tempo(marathon):
    """A lift_lower moved to the morning after a tempo run breaks H7."""
    p, plan = marathon
    import datetime as dt

    def edit(x):
        tempo = first(x, "run_tempo")
        lower = first(x, "lift_lower")
        lower.date = (dt.date.fromisoformat(tempo.date) + dt.timedelta(days=1)).isoformat()
        shift(lower, "06:00")

    assert "H7" in rules_broken(p, plan, edit)


def test_verify_h8_order(shared_strength_day):
    """Strength goal: the run moved before the lift on a shared day breaks H8."""
    p, plan = shared_strength_day
    assert verify_plan(p, plan).ok

    def edit(x):
        shift(first(x, "run_easy"), "06:00")
        shift(first(x, "lift_full"), "18:00")

    assert "H8" in rules_broken(p, plan, edit)


def test_verify_h9_race_moved(marathon):
    """A race moved to another time breaks H9."""
    p, plan = marathon
    assert "H9" in rules_broken(p, plan, lambda x: shift(first(x, "race"), "12:00"))


@pytest.mark.parametrize(("session_type", "rule"), [("run_long", "H10"), ("run_tempo", "H11")])
def test_verify_stretched_run(marathon, session_type, rule):
    """A long run stretched to 3 h is a spike (H10); a tempo run stretched to 3 h breaks the
    hard share (H11)."""
    p, plan = marathon

    def edit(x):
        s = first(x, session_type)
        s.duration_min = 180
        shift(s, s.start)

    assert rule in rules_broken(p, plan, edit)


def test_verify_h12_same_muscles_next_day(marathon):
    """A second lower-body lift copied onto the day after the first breaks H12 (and H5)."""
    p, plan = marathon
    import datetime as dt

    def edit(x):
        lower = first(x, "lift_lower")
        copy = lower.model_copy()
        copy.date = (dt.date.fromisoformat(lower.date) + dt.timedelta(days=1)).isoformat()
        copy.weekday = dt.date.fromisoformat(copy.date).strftime("%a").lower()
        x.sessions.append(copy)

    assert "H12" in rules_broken(p, plan, edit)


def test_verify_h9_taper_target_above_peak(marathon):
    """A taper week whose target midpoint is raised above 85% of the peak breaks H9."""
    p, plan = marathon

    def edit(x):
        x.weeks[-3].targets.run_minutes.min = x.weeks[-4].targets.run_minutes.min
        x.weeks[-3].targets.run_minutes.max = x.weeks[-4].targets.run_minutes.max

    assert "H9" in rules_broken(p, plan, edit)


def test_verify_hard_min_is_recomputed(marathon):
    """A tempo run whose hard_min under-reports its work is caught (H11 counts recomputed
    work), and an interval session of an even length is off the catalogue (H5)."""
    p, plan = marathon
    assert "H11" in rules_broken(p, plan, lambda x: setattr(first(x, "run_tempo"), "hard_min", 0))

    def even(x):
        s = first(x, "run_intervals")
        s.duration_min += 1
        shift(s, s.start)
        s.hard_min = (s.duration_min - 25) // 2

    assert "H5" in rules_broken(p, plan, even)


def test_verify_objective_tampered(marathon):
    """A plan that under-reports a term or the objective is caught."""
    p, plan = marathon

    def edit(x):
        x.objective = 0.0
        x.objective_terms["spread"].value += 1

    assert "objective" in rules_broken(p, plan, edit)


def test_verify_infeasible_plan_needs_conflicts(marathon):
    """An INFEASIBLE plan with sessions or without conflicts is rejected."""
    p, plan = marathon
    bad = plan.model_copy(update={"status": "INFEASIBLE", "conflicts": []}, deep=True)
    assert {v.rule for v in verify_plan(p, bad).violations} == {"structure"}


def test_verify_never_imports_ortools_or_model():
    """Importing and running the verifier loads neither ortools nor the CP-SAT model code."""
    code = (
        "import sys, solver.verify, models.plan\n"
        "bad = [m for m in sys.modules if m.startswith(('ortools', 'solver.model')) "
        "or m == 'solver.pipeline']\n"
        "print(bad); sys.exit(1 if bad else 0)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.returncode == 0, out.stdout + out.stderr


def test_prescriptions_are_recomputed_not_trusted(marathon):
    """An edited prescription is a violation naming the session; a plan that carries none
    (the greedy baseline's) passes with the check listed as not done."""
    p, plan = marathon
    assert verify_plan(p, plan).ok
    edited = plan.model_copy(deep=True)
    run = next(s for s in edited.sessions if s.type == "run_long")
    run.prescription["segments"][0]["zone"] = "I"
    res = verify_plan(p, edited)
    assert [v.rule for v in res.violations] == ["prescription"]
    assert f"{run.date} {run.start} run_long" in res.violations[0].message
    bare = plan.model_copy(deep=True)
    for s in bare.sessions:
        s.prescription = None
    res = verify_plan(p, bare)
    assert res.ok and "prescriptions: the plan carries none" in res.unchecked


def test_week_frame_is_the_profiles(marathon):
    """A week relabelled (deload, taper focus) to dodge H6 or H9 is itself a violation."""
    p, plan = marathon
    edited = plan.model_copy(deep=True)
    edited.weeks[3].deload = not edited.weeks[3].deload
    res = verify_plan(p, edited)
    assert any(v.rule == "H5" and "week 4: block" in v.message for v in res.violations)
