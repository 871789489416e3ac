"""Settings for `argmap check` and `argmap fmt` from `[tool.argmap]` in pyproject.toml, or from argmap.toml.

The nearest folder at or above the starting point that holds either file
wins; in one folder argmap.toml comes first. A pyproject.toml without a
`[tool.argmap]` table is passed over. Options given on the command line
override what the file says.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import attrs

from argmap.errors import UsageError

__all__ = ["CONFIG_FILES", "MIN_LINE_LENGTH", "Settings", "find_config", "load_settings", "read_settings"]

CONFIG_FILES = ("argmap.toml", "pyproject.toml")
# Narrower than this, `fmt` would break texts after every word or two: a typo, most likely.
MIN_LINE_LENGTH = 20


@attrs.frozen
class Settings:
    """What a run of `argmap check` or `argmap fmt` is told to do; None means "not said"."""

    select: tuple[str, ...] | None = None
    ignore: tuple[str, ...] = ()
    output_format: str | None = None
    strict: bool = False
    line_length: int | None = None  # the width `argmap fmt` fills texts to
    source: Path | None = None


# `[tool.argmap]`, `[tool . "argmap"]`, `tool.argmap.x = ...`, or a `[tool]` table with an
# `argmap = ...` or `argmap.x = ...` key: a file with none of these has no argmap settings.
_TOOL_DOT_ARGMAP = re.compile(r"""tool["']?\s*\.\s*["']?argmap\b""")
_TOOL_TABLE = re.compile(r"""^\s*\[\s*["']?tool["']?\s*\]""", re.MULTILINE)
_ARGMAP_KEY = re.compile(r"""^\s*["']?argmap["']?\s*[.=]""", re.MULTILINE)


def _may_have_argmap_settings(text: str) -> bool:
    return bool(_TOOL_DOT_ARGMAP.search(text) or (_TOOL_TABLE.search(text) and _ARGMAP_KEY.search(text)))


def _table(path: Path) -> Mapping[str, Any] | None:
    """The argmap settings table in a config file, or None when the file has none."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise UsageError(f"{path}: cannot be read: {getattr(error, 'strerror', None) or error}") from None
    if path.name != "argmap.toml" and not _may_have_argmap_settings(text):
        return None  # no [tool.argmap] however it is written: the TOML need not be parsed
    import tomllib  # only for a file to parse: importing it is most of this module's start-up

    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise UsageError(f"{path}: not valid TOML: {error}") from None
    if path.name == "argmap.toml":
        tool = data.get("tool", {})
        nested = tool.get("argmap") if isinstance(tool, dict) else None
        return nested if isinstance(nested, dict) else data
    tool = data.get("tool")
    table = tool.get("argmap") if isinstance(tool, dict) else None
    if table is not None and not isinstance(table, dict):
        raise UsageError(f"{path}: [tool.argmap] must be a table")
    return table


def find_config(start: Path) -> tuple[Path, Mapping[str, Any]] | None:
    """The nearest config file at or above `start` that has argmap settings, with its table."""
    start = start.resolve()
    folder = start if start.is_dir() else start.parent
    for candidate in (folder, *folder.parents):
        for name in CONFIG_FILES:
            path = candidate / name
            if path.is_file():
                table = _table(path)
                if table is not None:
                    return path, table
    return None


def _strings(path: Path, key: str, value: Any) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise UsageError(f'{path}: \'{key}\' must be a list of rule codes, prefixes or names, like ["AM1", "AM203"]')
    return tuple(value)


def _line_length(path: Path, value: Any) -> int | None:
    if value is None:
        return None
    if type(value) is not int or value < MIN_LINE_LENGTH:  # not bool, which is an int to Python
        raise UsageError(f"{path}: 'line-length' must be a whole number, {MIN_LINE_LENGTH} or more")
    return value


def read_settings(path: Path, table: Mapping[str, Any]) -> Settings:
    """Settings from a config table; unknown keys and wrong types are usage errors."""
    known = {"select", "ignore", "output-format", "strict", "line-length"}
    unknown = sorted(set(table) - known)
    if unknown:
        raise UsageError(f"{path}: unknown setting '{unknown[0]}' (known: {', '.join(sorted(known))})")
    strict = table.get("strict", False)
    if not isinstance(strict, bool):
        raise UsageError(f"{path}: 'strict' must be true or false")
    output_format = table.get("output-format")
    if output_format is not None and not isinstance(output_format, str):
        raise UsageError(f"{path}: 'output-format' must be a string")
    return Settings(
        select=_strings(path, "select", table["select"]) if "select" in table else None,
        ignore=_strings(path, "ignore", table.get("ignore", [])),
        output_format=output_format,
        strict=strict,
        line_length=_line_length(path, table.get("line-length")),
        source=path,
    )


def load_settings(start: Path | None = None, config: Path | None = None) -> Settings:
    """Settings from `config` if given, else from the nearest config file above `start` (default: cwd)."""
    if config is not None:
        table = _table(config)
        if table is None:
            raise UsageError(f"{config}: has no [tool.argmap] table")
        return read_settings(config, table)
    found = find_config(start if start is not None else Path.cwd())
    return read_settings(*found) if found is not None else Settings()
