"""models/profile_schema.py: the published profile schema describes every field and accepts
exactly the examples solve accepts, as far as a schema can tell."""

import copy
import json
from pathlib import Path

import jsonschema
import pytest
import yaml

from models.profile import profile_json_schema
from tests.conftest import BASE
from tests.models.test_profile import BAD_PROFILES

SCHEMA = profile_json_schema()
VALIDATOR = jsonschema.Draft202012Validator(SCHEMA, format_checker=jsonschema.FormatChecker())
EXAMPLES = sorted(
    p
    for pattern in ("*.yaml", "*.json", "invalid/*.yaml", "bench*/*/*.yaml")
    for p in Path("data").glob(pattern)
)
# semantic checks a JSON Schema cannot express (reversed or overlapping windows, an unknown
# zone, an implausible race pace): solve still rejects these
SEMANTIC_ONLY = ("ends before it starts", "overlap", "Mars/Olympus", "9:00")


def as_json(data):
    """YAML gives dates as objects; the schema sees JSON, where they are strings."""
    return json.loads(json.dumps(data, default=str))


def test_schema_is_a_valid_2020_12_schema_with_id():
    """The schema declares its dialect and $id, and is itself a valid 2020-12 schema."""
    assert SCHEMA["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert SCHEMA["$id"].startswith("urn:hybridplan:")
    jsonschema.Draft202012Validator.check_schema(SCHEMA)


def test_bounds_use_json_schema_keywords():
    """No pydantic-only bound keyword (ge, le, gt, lt) is left where a validator ignores it."""
    text = json.dumps(SCHEMA)
    assert not any(f'"{k}":' in text for k in ("ge", "le", "gt", "lt"))


def test_every_field_has_a_description():
    """Every property of the profile and of its nested objects has a description."""
    models = {"AthleteProfile": SCHEMA, **SCHEMA["$defs"]}
    missing = [
        f"{name}.{field}"
        for name, model in models.items()
        for field, prop in model.get("properties", {}).items()
        if not prop.get("description")
    ]
    assert missing == []


@pytest.mark.parametrize("path", EXAMPLES, ids=str)
def test_every_example_validates(path):
    """Every profile in data/ (examples, bench suites, infeasible ones) is schema-valid."""
    data = yaml.safe_load(path.read_text())
    errors = [e.message for e in VALIDATOR.iter_errors(as_json(data))]
    assert errors == []


@pytest.mark.parametrize(
    ("overrides", "snippet"),
    [(o, s) for o, _, s in BAD_PROFILES if s not in SEMANTIC_ONLY],
    ids=lambda v: json.dumps(v)[:40] if isinstance(v, dict) else v,
)
def test_bad_inputs_of_the_tests_do_not_validate(overrides, snippet):
    """Each malformed profile that the profile tests reject, the schema rejects too."""
    data = {**copy.deepcopy(BASE), **overrides}
    assert not VALIDATOR.is_valid(as_json(data))


def test_base_profile_validates():
    """The tests' base profile is schema-valid (so the rejections above are the overrides')."""
    assert VALIDATOR.is_valid(as_json(BASE))
