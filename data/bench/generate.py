"""Write the benchmark suites to data/bench/<group>/*.yaml (stored as files, seed recorded).

    python data/bench/generate.py --seed 2026 --per-group 8

Groups: small (4-8 weeks, wide availability), medium (12-16 weeks, races), large (24-52 weeks,
15-minute slots; see suite.yaml), tight (scarce availability, near-infeasible).
"""

from __future__ import annotations

import argparse
import random
from pathlib import Path

import yaml

from models.profile import ProfileError, parse_profile
from models.synthetic import random_profile

HERE = Path(__file__).parent


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


def main() -> None:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--seed", type=int, default=2026)
    ap.add_argument("--per-group", type=int, default=8)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    for group in ("small", "medium", "large", "tight"):
        folder = HERE / group
        folder.mkdir(exist_ok=True)
        made = 0
        while made < args.per_group:
            prof = group_profile(rng, group, made)
            try:
                parse_profile(prof)
            except ProfileError:
                continue  # draw again: suites hold valid profiles only
            (folder / f"{prof['id']}.yaml").write_text(yaml.safe_dump(prof, sort_keys=False))
            made += 1
    (HERE / "suite.yaml").write_text(
        yaml.safe_dump(
            {
                "generator": "data/bench/generate.py",
                "seed": args.seed,
                "per_group": args.per_group,
                "slot_minutes": {"small": 30, "medium": 30, "large": 15, "tight": 30},
            },
            sort_keys=False,
        )
    )


if __name__ == "__main__":
    main()
