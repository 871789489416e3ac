"""What every importer shares: its result, its one-line error, and the checks on what another tool wrote.

A file to import comes from anyone: its JSON may be broken or nested
thousands deep, its texts may hold terminal escapes, its counts may be
absurd. Each problem is an `ImportFailure` naming the file and, where it
can, the line and column or the node, in one line (`argmap import` exits 2).
"""

from __future__ import annotations

import json
import re
from typing import Any

import attrs

from argmap.errors import UsageError
from argmap.model import ArgumentMap

__all__ = ["MAX_IMPORT_BYTES", "MAX_ITEMS", "ImportFailure", "Imported", "checked_text", "load_json"]

# An AIF export of a map is some ten times its `.arg` text, whose limit is 10,000,000 characters.
MAX_IMPORT_BYTES = 50_000_000
# Nodes, edges, statements or relations one file may hold: far past any map a person reads.
MAX_ITEMS = 1_000_000

# C0 and C1 controls other than tab and line breaks, and lone surrogates: nothing a map's text may hold.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")


class ImportFailure(UsageError, ValueError):
    """A file that cannot be imported: the message names the file and where in it, in one line."""


@attrs.frozen
class Imported:
    """An imported map, the comments to write before its claims and arguments, and what was left out."""

    map: ArgumentMap
    comments: dict[str, list[str]] = attrs.field(factory=dict)
    left_out: tuple[str, ...] = ()


def checked_text(value: Any, where: str, what: str = "text") -> str:
    """`value` if it is a string a map may hold; otherwise an `ImportFailure` at `where`."""
    if not isinstance(value, str):
        raise ImportFailure(f"{where}: the {what} should be a string, not {_json_type(value)}")
    found = _CONTROL.search(value)
    if found:
        raise ImportFailure(
            f"{where}: the {what} holds the control character U+{ord(found.group()):04X} at character "
            f"{found.start() + 1}, which no map may hold"
        )
    return value


def load_json(text: str, name: str) -> Any:
    """The JSON in `text`; broken or too deeply nested JSON is an `ImportFailure` at its line and column."""
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise ImportFailure(f"{name}:{error.lineno}:{error.colno}: not valid JSON: {error.msg}") from None
    except RecursionError:
        raise ImportFailure(
            f"{name}: the JSON is nested too deeply to read (lists or objects within each other)"
        ) from None


def _json_type(value: Any) -> str:
    names = {dict: "an object", list: "a list", str: "a string", bool: "true or false", int: "a number",
             float: "a number", type(None): "null"}  # fmt: skip
    return names.get(type(value), type(value).__name__)


def json_type(value: Any) -> str:
    """What JSON calls `value`'s type, in words: "an object", "a list"."""
    return _json_type(value)
