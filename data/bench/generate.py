"""Write the benchmark suites to data/bench/<group>/*.yaml (stored as files, seed recorded).

    python data/bench/generate.py --seed 2026 --per-group 8

Groups: small (4-8 weeks, wide availability), medium (12-16 weeks, races), large (24-52 weeks,
15-minute slots; see suite.yaml), tight (scarce availability, near-infeasible).

    python data/bench/generate.py --holdout

writes the holdout suite, data/bench_holdout/: athletes no setting was tuned on, to check that a
choice made on data/bench carries over (race plans at 30- and 15-minute slots, other goals).
"""

from __future__ import annotations

import argparse
import random
from collections.abc import Callable
from pathlib import Path

import yaml

from models.profile import ProfileError, parse_profile
from models.synthetic import random_profile

HERE = Path(__file__).parent
HOLDOUT_DIR = HERE.parent / "bench_holdout"
# group -> (seed, count, slot minutes); each group has its own seed so groups can grow alone
HOLDOUT: dict[str, tuple[int, int, int]] = {
    "race30": (7, 16, 30),
    "race15": (8, 8, 15),
    "other30": (9, 16, 30),
}
OTHER_GOALS = ["strength", "hypertrophy", "endurance", "health", "general"]


def group_profile(rng: random.Random, group: str, i: int) -> dict[str, object]:
    name = f"{group}-{i:02d}"
    if group == "small":
        return random_profile(
            rng,
            athlete_id=name,
            weeks=rng.randint(4, 8),
            goal=rng.choice(["strength", "general", "health", "endurance"]),
        )
    if group == "medium":
        return random_profile(rng, athlete_id=name, weeks=rng.randint(12, 16), goal="race")
    if group == "large":
        return random_profile(rng, athlete_id=name, weeks=rng.choice([24, 36, 52]))
    return random_profile(rng, athlete_id=name, weeks=rng.randint(8, 12), scarcity=0.6)


def holdout_profile(rng: random.Random, group: str, i: int) -> dict[str, object]:
    name = f"{group}-{i:02d}"
    if group == "other30":
        weeks = rng.randint(8, 16)
        return random_profile(rng, athlete_id=name, weeks=weeks, goal=rng.choice(OTHER_GOALS))
    return random_profile(rng, athlete_id=name, weeks=rng.randint(12, 16), goal="race")


Draw = Callable[[random.Random, str, int], dict[str, object]]


def write_group(folder: Path, count: int, rng: random.Random, draw: Draw) -> None:
    """`count` valid profiles of group `folder.name` as YAML files; invalid draws are redrawn."""
    folder.mkdir(parents=True, exist_ok=True)
    made = 0
    while made < count:
        prof = draw(rng, folder.name, made)
        try:
            parse_profile(prof)
        except ProfileError:
            continue  # draw again: suites hold valid profiles only
        (folder / f"{prof['id']}.yaml").write_text(yaml.safe_dump(prof, sort_keys=False))
        made += 1


def write_holdout(root: Path = HOLDOUT_DIR) -> None:
    for group, (seed, count, _slot) in HOLDOUT.items():
        write_group(root / group, count, random.Random(seed), holdout_profile)
    meta = {
        "generator": "data/bench/generate.py --holdout",
        "seeds": {g: seed for g, (seed, _, _) in HOLDOUT.items()},
        "slot_minutes": {g: slot for g, (_, _, slot) in HOLDOUT.items()},
    }
    (root / "suite.yaml").write_text(yaml.safe_dump(meta, sort_keys=False))


def write_suite(root: Path = HERE, seed: int = 2026, per_group: int = 8) -> None:
    rng = random.Random(seed)
    for group in ("small", "medium", "large", "tight"):
        write_group(root / group, per_group, rng, group_profile)
    meta = {
        "generator": "data/bench/generate.py",
        "seed": seed,
        "per_group": per_group,
        "slot_minutes": {"small": 30, "medium": 30, "large": 15, "tight": 30},
    }
    (root / "suite.yaml").write_text(yaml.safe_dump(meta, sort_keys=False))


def main() -> None:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--seed", type=int, default=2026)
    ap.add_argument("--per-group", type=int, default=8)
    ap.add_argument("--holdout", action="store_true", help="write data/bench_holdout instead")
    args = ap.parse_args()
    if args.holdout:
        write_holdout()
        return
    write_suite(HERE, args.seed, args.per_group)


if __name__ == "__main__":
    main()
