"""Exporters: a map as text in another format, one function per format name.

`FORMATS` is the registry the CLI takes its `--format` choices from.
"""

from __future__ import annotations

import enum
import json
from collections.abc import Callable
from typing import Any

import attrs

from argmap import __version__, evaluate
from argmap.evaluate import framework
from argmap.model import ArgumentMap, Ref, Span

__all__ = ["FORMATS", "JSON_SCHEMA_VERSION", "to_apx", "to_data", "to_iccma", "to_json"]

JSON_SCHEMA_VERSION = 1


def _plain(value: Any) -> Any:
    if isinstance(value, Ref):
        return value.id
    if isinstance(value, Span):
        return {"file": value.file, "line": value.line, "column": value.column,
                "end_line": value.end_line, "end_column": value.end_column}  # fmt: skip
    if isinstance(value, enum.Enum):
        return value.value
    if attrs.has(type(value)):
        return {field.name: _plain(getattr(value, field.name)) for field in attrs.fields(type(value))}
    if isinstance(value, tuple | list):
        return [_plain(item) for item in value]
    return value


def to_data(argument_map: ArgumentMap) -> dict[str, Any]:
    """The map as JSON-ready data: the shape documented in docs/json.md."""
    data = _plain(argument_map)
    return {"argmap": JSON_SCHEMA_VERSION, "generator": f"argmap {__version__}", **data}


def to_json(argument_map: ArgumentMap) -> str:
    """The whole map as indented JSON, keys in a stable order."""
    return json.dumps(to_data(argument_map), ensure_ascii=False, indent=2) + "\n"


def to_iccma(argument_map: ArgumentMap) -> str:
    """The map's argumentation framework (docs/evaluation.md) in ICCMA 2023 format, numbers mapped in `#` lines."""
    return framework.to_iccma(evaluate.translate(argument_map).framework)


def to_apx(argument_map: ArgumentMap) -> str:
    """The map's argumentation framework (docs/evaluation.md) as ASPARTIX `arg`/`att` facts."""
    return framework.to_apx(evaluate.translate(argument_map).framework)


FORMATS: dict[str, Callable[[ArgumentMap], str]] = {
    "json": to_json,
    "iccma": to_iccma,
    "apx": to_apx,
}
