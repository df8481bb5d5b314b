"""models/strict.py: duplicate keys, YAML aliases and deep nesting are refused."""

import pytest

from models.strict import StrictInputError, load_json, load_yaml


def test_duplicate_keys_refused_in_yaml_and_json():
    """Both formats name the repeated key (they used to keep the last value silently)."""
    with pytest.raises(StrictInputError, match="line 2: duplicate key 'a'"):
        load_yaml("a: 1\na: 2\n")
    with pytest.raises(StrictInputError, match="duplicate key 'a'"):
        load_json('{"a": 1, "a": 2}')
    assert load_yaml("a: {b: 1}\nc: {b: 2}\n") == {"a": {"b": 1}, "c": {"b": 2}}


def test_yaml_aliases_refused_before_expansion():
    """An alias is refused where it appears, so nothing is expanded."""
    with pytest.raises(StrictInputError, match=r"aliases \(\*x\)"):
        load_yaml("a: &x [1, 2]\nb: *x\n")


def test_deep_nesting_refused_but_brackets_in_strings_are_text():
    """Nesting over 50 levels is refused; brackets inside JSON strings do not count."""
    with pytest.raises(StrictInputError, match="nested more than 50"):
        load_json("[" * 51 + "]" * 51)
    assert load_json('{"a": "' + "[" * 100 + '"}') == {"a": "[" * 100}
