"""models/files.py: the atomic writer and the safe names (issue 12 points 1 and 3)."""

from models.files import atomic_write, read_text_capped, safe_name, unique_safe_names


def test_atomic_write_skips_a_planted_temporary_name(tmp_path, monkeypatch):
    """A symlink planted at the very temporary name the writer draws is not opened."""
    import models.files

    victim = tmp_path / "victim.txt"
    victim.write_text("precious")
    names = iter(["planted", "fresh"])
    monkeypatch.setattr(models.files.secrets, "token_hex", lambda n: next(names))
    (tmp_path / ".plan.json.planted.tmp").symlink_to(victim)
    atomic_write(tmp_path / "plan.json", "{}")
    assert victim.read_text() == "precious"
    assert (tmp_path / "plan.json").read_text() == "{}"
    assert not (tmp_path / ".plan.json.fresh.tmp").exists()


def test_safe_names_unique_whatever_the_ids(monkeypatch):
    """Lookalikes of hashed names, case twins and reserved names all get distinct names, also
    compared case-insensitively; a forced collision of safe_name still ends unique."""
    ids = [
        "a/b",
        "a_b-c14cddc033",
        "Ann",
        "ann",
        "ANN",
        "summary.csv",
        "con",
        "con.txt",
        "=x",
        "-x",
        "x",
        "x.",  # Windows strips a trailing dot: it must not be kept as a second "x"
        "summary.csv.",
        "nul.",
    ]
    names = unique_safe_names(ids)
    assert len({n.casefold() for n in names}) == len(ids)
    assert len({n.casefold().rstrip(".") for n in names}) == len(ids)
    assert names[1] != safe_name("a/b") and not {"summary.csv", "con", "con.txt"} & set(names)
    assert all(n[0].isalnum() for n in names)
    import models.files

    monkeypatch.setattr(models.files, "safe_name", lambda _id: "same")
    assert len(set(unique_safe_names(["p", "q", "r"]))) == 3


def test_atomic_write_replaces_a_symlink_at_the_target(tmp_path):
    """A symlink at the target is replaced by the new file, never written through."""
    victim = tmp_path / "victim.txt"
    victim.write_text("precious")
    (tmp_path / "plan.json").symlink_to(victim)
    atomic_write(tmp_path / "plan.json", b"{}")
    assert victim.read_text() == "precious"
    assert not (tmp_path / "plan.json").is_symlink()
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


def test_read_text_capped_names_size_and_byte(tmp_path):
    """Too large names the limit; not UTF-8 names the byte and its offset."""
    import pytest

    big = tmp_path / "big"
    big.write_bytes(b"x" * 11)
    with pytest.raises(ValueError, match="larger than 10 bytes"):
        read_text_capped(big, 10)
    latin = tmp_path / "latin"
    latin.write_bytes(b"ab\xe9")
    with pytest.raises(ValueError, match="byte 0xe9 at offset 2"):
        read_text_capped(latin, 10)
