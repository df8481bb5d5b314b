"""Everything that crosses from input to the file system: safe names, the atomic writer and
CSV cells a spreadsheet will not run.

One writer for the whole project (plan files, batch results, summary.csv, bench outputs),
one safe-name function for every athlete id that becomes a file or folder name, and one
neutraliser for every text cell of a CSV we write, so a fix to any of them holds everywhere.
"""

from __future__ import annotations

import csv
import hashlib
import io
import os
import re
import secrets
from collections.abc import Iterable
from pathlib import Path
from typing import Any

_CLEAN = re.compile(r"[a-z0-9](?:[a-z0-9._-]{0,58}[a-z0-9_-])?")  # no trailing dot
_HASHED = re.compile(r".*-[0-9a-f]{10}")
_UNSAFE = re.compile(r"[^a-z0-9._-]+")
# names the batch folder uses itself, and names Windows refuses as files
RESERVED = frozenset(
    {"summary.csv", "con", "prn", "aux", "nul"}
    | {f"{p}{i}" for p in ("com", "lpt") for i in range(1, 10)}
)


def safe_name(athlete_id: str) -> str:
    """A file-name-safe folder name for an id, distinct from every other id's name.

    An id is kept as it is only when it is already lower-case `[a-z0-9._-]`, starts with a
    letter or digit, does not end with `.` (Windows drops a trailing dot, so `abc.` would be
    the folder of `abc`), has at most 60 characters, is not reserved (`summary.csv`, `con`, ...)
    and does not end like a hashed name (`-` and 10 hex digits). Anything else becomes its
    cleaned, lower-cased form plus `-` and the first 10 hex digits of its SHA-256. So a kept
    name never equals a hashed one, names never differ only by case (a case-insensitive file
    system cannot merge two of them), and nothing starts with `.`, `-` or a formula sign.
    """
    if (
        _CLEAN.fullmatch(athlete_id)
        and athlete_id not in RESERVED
        and athlete_id.split(".")[0] not in RESERVED  # Windows refuses con.txt too
        and not _HASHED.fullmatch(athlete_id)
    ):
        return athlete_id
    cleaned = _UNSAFE.sub("_", athlete_id.lower()).strip("._-")[:60] or "athlete"
    digest = hashlib.sha256(athlete_id.encode("utf-8", "surrogatepass")).hexdigest()
    return f"{cleaned}-{digest[:10]}"


def unique_safe_names(ids: Iterable[str]) -> list[str]:
    """`safe_name` of each id, made unique within the batch even against a hash collision
    (compared case-insensitively): a later clash gets the full 64-digit hash, then a count."""
    taken: set[str] = set()
    out: list[str] = []
    for athlete_id in ids:
        name = safe_name(athlete_id)
        if name.casefold() in taken:
            digest = hashlib.sha256(athlete_id.encode("utf-8", "surrogatepass")).hexdigest()
            base = f"{name.rsplit('-', 1)[0]}-{digest}"
            name, n = base, 1
            while name.casefold() in taken:
                n += 1
                name = f"{base}-{n}"
        taken.add(name.casefold())
        out.append(name)
    return out


def atomic_write(path: str | Path, data: str | bytes) -> None:
    """Write `data` to `path` so a reader sees the old file or the new one, never a part.

    The temporary file has an unpredictable name in the target's folder and is created with
    O_EXCL | O_NOFOLLOW, so a file or symlink planted there is never opened; it is fsynced
    and renamed over the target (a symlink at the target is replaced, not followed).
    """
    target = Path(path)
    raw = data.encode("utf-8") if isinstance(data, str) else data
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL
    flags |= getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
    for _ in range(100):
        tmp = target.with_name(f".{target.name}.{secrets.token_hex(8)}.tmp")
        try:
            fd = os.open(tmp, flags, 0o644)
            break
        except FileExistsError:
            continue
    else:  # pragma: no cover - 100 random 64-bit names all taken
        raise FileExistsError(f"no free temporary name next to {target}")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(raw)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    _fsync_dir(target.parent)


def _fsync_dir(folder: Path) -> None:
    """Make the rename durable (best effort: not every platform can open a folder)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def open_append(path: str | Path) -> int:
    """A file descriptor for appending to `path`, refusing to follow a symlink there."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_APPEND
    flags |= getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
    return os.open(path, flags, 0o644)


def make_dir(path: str | Path) -> Path:
    """Create a folder (and its parents); refuse one that is a symlink (planted elsewhere)."""
    p = Path(path)
    if p.is_symlink():
        raise OSError(f"{p} is a symlink; refusing to write through it")
    p.mkdir(parents=True, exist_ok=True)
    return p


def read_text_capped(path: str | Path, max_bytes: int, what: str = "file") -> str:
    """UTF-8 text of a file no larger than `max_bytes`; errors say the size or the bad byte."""
    p = Path(path)
    with p.open("rb") as fh:
        raw = fh.read(max_bytes + 1)
    if len(raw) > max_bytes:
        raise ValueError(f"{p} is larger than {max_bytes:,} bytes, the most a {what} may be")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ValueError(
            f"{p} is not UTF-8 text (byte 0x{raw[exc.start]:02x} at offset {exc.start}); "
            "save it as UTF-8"
        ) from None


def appended_records(path: str | Path) -> tuple[list[dict[str, str]], bool]:
    """The records of a CSV file written one line at a time (summary.csv, runs.csv) and
    whether its last line was torn (no line end: a kill, a full disk or a crash mid-write).

    A torn record is left out: its cells may be cut anywhere (a status, an open quote that
    would swallow every line appended after it), so the caller rewrites the file without it
    before appending and does that record's work again."""
    text = Path(path).read_text(encoding="utf-8", errors="replace")
    records = list(csv.DictReader(io.StringIO(text, newline="")))
    torn = bool(text) and not text.endswith("\n")
    return (records[:-1] if torn else records), torn


FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: Any) -> Any:
    """Spreadsheet formula injection, on export: text starting with = + - @ (or a tab or
    carriage return) gets a leading quote. Text that already starts with a quote gets one too,
    so `unneutralise` gives back exactly the original (a resume matches on the real id)."""
    if isinstance(value, str) and value[:1] in (*FORMULA_START, "'"):
        return "'" + value
    return value


def unneutralise(value: str) -> str:
    """The original text of a cell written by `neutralise`."""
    if value[:1] == "'" and value[1:2] in (*FORMULA_START, "'"):
        return value[1:]
    return value


__all__ = [
    "FORMULA_START",
    "RESERVED",
    "appended_records",
    "atomic_write",
    "make_dir",
    "neutralise",
    "open_append",
    "read_text_capped",
    "safe_name",
    "unique_safe_names",
    "unneutralise",
]
