"""The stored benchmark suites (data/bench, data/bench_holdout) are exactly what
data/bench/generate.py writes from the seeds they record, and every group is big enough."""

from __future__ import annotations

import filecmp
from pathlib import Path

import pytest
import yaml

from data.bench.generate import HOLDOUT_DIR, write_holdout, write_suite
from models.profile import load_profile

BENCH = Path("data/bench")


def _same_tree(a: Path, b: Path) -> list[str]:
    """Files that differ or exist on one side only (recursive)."""
    cmp = filecmp.dircmp(a, b)
    out = [*cmp.left_only, *cmp.right_only, *cmp.diff_files]
    for sub in cmp.common_dirs:
        out += [f"{sub}/{name}" for name in _same_tree(a / sub, b / sub)]
    return out


def test_bench_suite_is_reproducible_from_its_seed(tmp_path: Path) -> None:
    """Regenerating data/bench from suite.yaml's seed gives byte-identical files."""
    meta = yaml.safe_load((BENCH / "suite.yaml").read_text())
    write_suite(tmp_path, meta["seed"], meta["per_group"])
    differ = [f for f in _same_tree(BENCH, tmp_path) if f not in ("generate.py", "__pycache__")]
    assert differ == []


def test_holdout_suite_is_reproducible(tmp_path: Path) -> None:
    """data/bench_holdout is what `generate.py --holdout` writes."""
    write_holdout(tmp_path)
    assert _same_tree(HOLDOUT_DIR, tmp_path) == []


@pytest.mark.parametrize("root", [BENCH, HOLDOUT_DIR])
def test_every_group_has_eight_valid_profiles(root: Path) -> None:
    """Each group folder holds at least 8 profiles, and each one loads."""
    groups = [d for d in root.iterdir() if d.is_dir() and d.name != "__pycache__"]
    assert groups
    for group in groups:
        files = sorted(group.glob("*.yaml"))
        assert len(files) >= 8, group
        for f in files:
            assert load_profile(f).id == f.stem
