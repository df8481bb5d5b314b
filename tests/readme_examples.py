"""Run the README's console examples with an installed `hybridplan` and check them.

    python -m tests.readme_examples --bin .venv-smoke/bin      # check (CI's smoke step)
    python -m tests.readme_examples --bin .venv/bin --print    # print today's outputs

The ```console blocks are one session: their `$ command` lines run in README order, in one
scratch folder holding links to data/ and benchmarks/ (so a later example may use an earlier
one's output), with the given bin folder first on PATH. The check
is structural, so plans that change their objective or times do not break it:
- the expected lines (not blank, not `...`, not a `(description)` in parentheses) must
  appear in the output in order, other lines may come between;
- numbers, weekday and month names match any (so do dates), and `...` inside a line
  matches anything;
- the exit code is 0 unless a following `$ echo $?` says otherwise.
Only the standard library: it runs in a venv without the dev extras.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
_NUMBER = re.compile(r"\d+(?:\.\d+)?")
# dates print as "Wed 06 Jan": the names vary with the plan like the numbers do
_CALENDAR_WORD = re.compile(
    r"^(Mon|Tue|Wed|Thu|Fri|Sat|Sun|Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)$"
)


@dataclass
class Example:
    command: str
    expected: list[str] = field(default_factory=list)
    exit_code: int = 0


def parse_console_blocks(text: str) -> list[list[Example]]:
    """The README's ```console blocks, each a list of commands with expected output."""
    blocks = []
    for body in re.findall(r"```console\n(.*?)```", text, re.S):
        examples: list[Example] = []
        continued = False
        for line in body.splitlines():
            if continued:  # a command continued with a trailing backslash
                examples[-1].command = examples[-1].command[:-1].rstrip() + " " + line.strip()
                continued = examples[-1].command.endswith("\\")
                continue
            if line.startswith("$ echo $?") and examples:
                examples[-1].expected.append("$?")
            elif line.startswith("$ "):
                examples.append(Example(line[2:].strip()))
                continued = examples[-1].command.endswith("\\")
            elif examples and examples[-1].expected[-1:] == ["$?"]:
                examples[-1].expected.pop()
                examples[-1].exit_code = int(line.strip())
            elif examples:
                examples[-1].expected.append(line)
        blocks.append(examples)
    return blocks


def is_checked(line: str) -> bool:
    """Blank lines, `...` and `(descriptions)` are not compared."""
    s = line.strip()
    return bool(s) and s != "..." and not (s.startswith("(") and s.endswith(")"))


def line_pattern(expected: str) -> re.Pattern[str]:
    """A regex for one expected line: whitespace runs collapse, numbers and weekday or month
    names match any, an inline `...` matches anything."""
    words = expected.split()
    parts = []
    for w in words:
        if _CALENDAR_WORD.match(w):
            parts.append("[A-Z][a-z]{2}")
            continue
        pieces = _NUMBER.split(w)
        nums = len(pieces) - 1
        out = re.escape(pieces[0])
        for i in range(nums):
            out += r"(?:-?\d+(?:\.\d+)?|-|None)" + re.escape(pieces[i + 1])
        parts.append(out.replace(re.escape("..."), ".*"))
    return re.compile(r"^\s*" + r"\s+".join(parts) + r"\s*$")


def missing_lines(expected: list[str], actual: str) -> list[str]:
    """Expected lines not found, in order, in `actual` (empty: the output matches)."""
    lines = actual.splitlines()
    i = 0
    for exp in (e for e in expected if is_checked(e)):
        pat = line_pattern(exp)
        while i < len(lines) and not pat.match(lines[i]):
            i += 1
        if i == len(lines):
            return [exp]
        i += 1
    return []


def scratch_dir() -> Path:
    tmp = Path(tempfile.mkdtemp(prefix="hybridplan-readme-"))
    for name in ("data", "benchmarks"):
        (tmp / name).symlink_to(ROOT / name)
    return tmp


def run(example: Example, cwd: Path, bin_dir: Path) -> tuple[int, str]:
    env = {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}"}
    env["COLUMNS"] = "200"
    proc = subprocess.run(
        ["bash", "-c", example.command],
        cwd=cwd,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,  # interleaved as a terminal shows them
        text=True,
        stdin=subprocess.DEVNULL,
        timeout=900,
    )
    return proc.returncode, proc.stdout


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--bin", required=True, help="folder holding the hybridplan to test")
    ap.add_argument("--readme", default=str(ROOT / "README.md"))
    ap.add_argument("--print", dest="show", action="store_true", help="print outputs only")
    args = ap.parse_args(argv)
    bin_dir = Path(args.bin).resolve()
    failures = 0
    cwd = scratch_dir()
    for block in parse_console_blocks(Path(args.readme).read_text(encoding="utf-8")):
        for ex in block:
            code, out = run(ex, cwd, bin_dir)
            if args.show:
                print(f"$ {ex.command}\n{out}(exit {code})\n")
                continue
            problems = []
            if code != ex.exit_code:
                problems.append(f"exit code {code}, README says {ex.exit_code}")
            problems += [f"line not found: {m}" for m in missing_lines(ex.expected, out)]
            status = "ok" if not problems else "FAIL"
            print(f"{status}: $ {ex.command}")
            if problems:
                failures += 1
                for p in problems:
                    print(f"    {p}")
                print("    output:\n" + "\n".join(f"      | {x}" for x in out.splitlines()))
    if failures:
        print(f"{failures} example(s) failed; their files are in {cwd}")
        return 1
    shutil.rmtree(cwd)
    return 0


if __name__ == "__main__":
    sys.exit(main())
