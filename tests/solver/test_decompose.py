"""solver/decompose.py: blocks are the mesocycles, in order and without gaps; the stitched
plan of a block-by-block solve passes the verifier, and the sum of the blocks' bounds (before
the pipeline clamps it) never exceeds the objective of a verified plan."""

from __future__ import annotations

import time

import pytest

from models.periodization import build_requirements
from models.settings import SolverSettings
from solver import solve, verify_plan
from solver.decompose import blocks_of, solve_decomposed
from tests.conftest import make_profile

SETTINGS = SolverSettings(time_limit_s=20, slot_minutes=30, decomposition="blocks")


@pytest.fixture(scope="module")
def profile():
    return make_profile(weeks=8, id="blocks")


@pytest.fixture(scope="module")
def plan(profile):
    return solve(profile, SETTINGS)


def test_blocks_cover_the_weeks_by_mesocycle(profile):
    """Each block is one mesocycle; together they tile weeks 0..n-1 in order."""
    req = build_requirements(profile, SETTINGS.slot_minutes)
    blocks = blocks_of(req)
    assert blocks[0][0] == 0 and blocks[-1][1] == len(req.weeks) and len(blocks) >= 2
    assert all(a < b for a, b in blocks)
    assert all(b == a2 for (_, b), (a2, _) in zip(blocks, blocks[1:], strict=False))
    for a, b in blocks:
        assert len({req.weeks[w].mesocycle for w in range(a, b)}) == 1


def test_block_solve_is_verified(profile, plan):
    """The pipeline's block-by-block plan is a verified plan."""
    assert plan.status in ("OPTIMAL", "FEASIBLE")
    assert verify_plan(profile, plan, slot_minutes=SETTINGS.slot_minutes).ok


def test_stitched_sessions_fill_every_block(profile, plan):
    """The sequential pass keeps each block's own weeks only, so every week has sessions
    and none is kept twice; the raw bound of the blocks solved alone is a lower bound (it
    does not exceed a verified plan's objective) and not a trivial one."""
    req = build_requirements(profile, SETTINGS.slot_minutes)
    result = solve_decomposed(req, SETTINGS, time.monotonic() + 20)
    assert result is not None and result.chunks == len(blocks_of(req))
    keys = [(s.date, s.type) for s in result.sessions]
    assert len(keys) == len(set(keys))
    assert {s.week for s in result.sessions} == set(range(1, len(req.weeks) + 1))
    assert plan.objective is not None and 0 < result.lower_bound <= plan.objective + 1e-6
