"""Strict readers for user files: duplicate keys, YAML aliases and deep nesting are errors.

json and yaml.safe_load silently keep the last of two equal keys and expand aliases without
bound (a few hundred bytes of YAML can expand to gigabytes); input files must say one thing.
"""

from __future__ import annotations

import json
from typing import Any

import yaml

MAX_DEPTH = 50  # no profile, plan or settings file nests deeper than this


class StrictInputError(ValueError):
    """A file that parses but says something twice, or in a way we refuse to expand."""


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for k, v in pairs:
        if k in out:
            raise StrictInputError(f"duplicate key {k!r}")
        out[k] = v
    return out


def load_json(text: str) -> Any:
    """json.loads refusing duplicate keys and nesting deeper than MAX_DEPTH."""
    _check_depth(text)
    return json.loads(text, object_pairs_hook=_no_duplicates)


class _StrictLoader(yaml.SafeLoader):
    """SafeLoader that refuses aliases (no expansion bombs) and duplicate keys."""

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise StrictInputError(
                f"line {event.start_mark.line + 1}: YAML aliases (*{event.anchor}) are not "
                "accepted; write the value out"
            )
        return super().compose_node(parent, index)

    def construct_mapping(self, node: Any, deep: bool = False) -> dict[Any, Any]:
        seen: set[Any] = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            try:
                dup = key in seen
            except TypeError:
                continue  # an unhashable key: SafeLoader reports it itself
            if dup:
                raise StrictInputError(
                    f"line {key_node.start_mark.line + 1}: duplicate key {key!r}"
                )
            seen.add(key)
        return super().construct_mapping(node, deep=deep)

    def construct_yaml_timestamp(self, node: Any) -> Any:
        """An unquoted date that is no calendar day (2027-02-30) stays text, so the field's
        own check names it; SafeLoader raised a bare ValueError (an internal error)."""
        try:
            return super().construct_yaml_timestamp(node)
        except ValueError:
            return self.construct_scalar(node)


_StrictLoader.add_constructor("tag:yaml.org,2002:timestamp", _StrictLoader.construct_yaml_timestamp)


def load_yaml(text: str) -> Any:
    """yaml.safe_load refusing aliases, duplicate keys and nesting deeper than MAX_DEPTH."""
    _check_depth(text)
    return yaml.load(text, Loader=_StrictLoader)  # a SafeLoader subclass


def _check_depth(text: str) -> None:
    """Refuse deep nesting before a recursive parser meets it (RecursionError otherwise)."""
    depth = deepest = 0
    in_str = escaped = False
    for ch in text:
        if in_str:
            if escaped:
                escaped = False
            elif ch == "\\":
                escaped = True
            elif ch == '"':
                in_str = False
            continue
        if ch == '"':
            in_str = True
        elif ch in "[{":
            depth += 1
            deepest = max(deepest, depth)
            if deepest > MAX_DEPTH:
                raise StrictInputError(f"nested more than {MAX_DEPTH} levels deep")
        elif ch in "]}":
            depth -= 1


__all__ = ["MAX_DEPTH", "StrictInputError", "load_json", "load_yaml"]
