"""Settings for `argmap check` and `argmap fmt` from `[tool.argmap]` in pyproject.toml, or from argmap.toml.

Settings are looked for in one folder: the project folder of the working
directory, the nearest folder at or above it that holds argmap.toml,
pyproject.toml or .git (`project_folder`, the definition that bounds
includes). Nothing above it is read: the folders a checkout sits in (a CI
runner's home, a shared parent) belong to someone else, and a file there
could turn every rule off. In that folder argmap.toml comes first; a
pyproject.toml without a `[tool.argmap]` table gives no settings. A
settings file is read only when it is a regular file inside the project of
at most `MAX_CONFIG_SIZE` bytes; `--config FILE` may name one anywhere.
Options given on the command line override what the file says.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import attrs

from argmap.errors import UsageError
from argmap.files import read_regular
from argmap.read.loader import find_project_root

__all__ = [
    "CONFIG_FILES",
    "LIKELIHOOD_TERMS",
    "MAX_CONFIG_SIZE",
    "MIN_LINE_LENGTH",
    "Settings",
    "find_config",
    "load_settings",
    "project_folder",
    "read_settings",
]

CONFIG_FILES = ("argmap.toml", "pyproject.toml")
# Settings are a few lines; a larger file is a mistake or an attack (TOML is parsed in Python).
MAX_CONFIG_SIZE = 1_000_000
# tomllib takes time squared in the parts of a dotted key (`a.a.a...`: 80 KB of it, over a
# minute); a key is one line, and no settings file has this many dots on one.
MAX_DOTS_ON_A_LINE = 200
# Narrower than this, `fmt` would break texts after every word or two: a typo, most likely.
MIN_LINE_LENGTH = 20
# Which of ICD 203's two word lists a project's `likelihood` terms come from (AM401): the first is the default.
LIKELIHOOD_TERMS = ("standard", "alternate")


@attrs.frozen
class Settings:
    """What a run of `argmap check` or `argmap fmt` is told to do; None means "not said"."""

    select: tuple[str, ...] | None = None
    ignore: tuple[str, ...] = ()
    output_format: str | None = None
    strict: bool = False
    line_length: int | None = None  # the width `argmap fmt` fills texts to
    source: Path | None = None
    likelihood_terms: str = "standard"  # ICD 203's first word list ("likely"), or its second ("probable")


# `[tool.argmap]`, `[tool . "argmap"]`, `tool.argmap.x = ...`, or a `[tool]` table with an
# `argmap = ...` or `argmap.x = ...` key: a file with none of these has no argmap settings.
# TOML puts only spaces and tabs inside a key or a header; `\s`, which takes line breaks
# too, made a search from each line start run over every blank line after it (quadratic).
_TOOL_DOT_ARGMAP = re.compile(r"""tool["']?[ \t]*\.[ \t]*["']?argmap\b""")
_TOOL_TABLE = re.compile(r"""^[ \t]*\[[ \t]*["']?tool["']?[ \t]*\]""", re.MULTILINE)
_ARGMAP_KEY = re.compile(r"""^[ \t]*["']?argmap["']?[ \t]*[.=]""", re.MULTILINE)


def _may_have_argmap_settings(text: str) -> bool:
    return bool(_TOOL_DOT_ARGMAP.search(text) or (_TOOL_TABLE.search(text) and _ARGMAP_KEY.search(text)))


def _text(path: Path) -> str:
    """A settings file's text: a regular file (never a pipe or a device) of at most `MAX_CONFIG_SIZE` bytes."""
    try:
        data = read_regular(path, MAX_CONFIG_SIZE)
    except OSError as error:
        raise UsageError(f"{path}: cannot be read: {error.strerror or error}") from None
    if len(data) > MAX_CONFIG_SIZE:
        raise UsageError(f"{path}: larger than {MAX_CONFIG_SIZE:,} bytes, the most argmap reads as settings")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise UsageError(f"{path}: cannot be read: not UTF-8 (byte offset {error.start})") from None


def _refuse_long_dotted_keys(path: Path, text: str) -> None:
    """Refuse a file with a line of more than `MAX_DOTS_ON_A_LINE` dots before tomllib spends minutes on it."""
    if text.count(".") <= MAX_DOTS_ON_A_LINE:
        return
    for number, line in enumerate(text.splitlines(), start=1):
        if line.count(".") > MAX_DOTS_ON_A_LINE:
            raise UsageError(
                f"{path}:{number}: more than {MAX_DOTS_ON_A_LINE} dots on one line; "
                "argmap does not read such a settings file"
            )


def _table(path: Path) -> Mapping[str, Any] | None:
    """The argmap settings table in a config file, or None when the file has none."""
    text = _text(path)
    if path.name != "argmap.toml" and not _may_have_argmap_settings(text):
        return None  # no [tool.argmap] however it is written: the TOML need not be parsed
    _refuse_long_dotted_keys(path, text)
    import tomllib  # only for a file to parse: importing it is most of this module's start-up

    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise UsageError(f"{path}: not valid TOML: {error}") from None
    except RecursionError:  # tomllib reads nested arrays and tables recursively
        raise UsageError(f"{path}: not valid TOML: nested too deeply") from None
    if path.name == "argmap.toml":
        tool = data.get("tool", {})
        nested = tool.get("argmap") if isinstance(tool, dict) else None
        return nested if isinstance(nested, dict) else data
    tool = data.get("tool")
    table = tool.get("argmap") if isinstance(tool, dict) else None
    if table is not None and not isinstance(table, dict):
        raise UsageError(f"{path}: [tool.argmap] must be a table")
    return table


def project_folder(start: Path) -> Path:
    """The project a folder (or a file's folder) belongs to: the only place settings are looked for.

    The nearest folder at or above it with argmap.toml, pyproject.toml or
    .git, else the folder itself: the project root that bounds includes.
    """
    start = start.resolve()
    folder = start if start.is_dir() else start.parent
    return find_project_root(folder / CONFIG_FILES[0])  # the project of a file in `folder`


def _refuse_outside(path: Path, project: Path) -> None:
    """Refuse a settings file whose links lead out of the project: settings come from inside it only."""
    try:
        resolved = path.resolve(strict=True)
    except (OSError, RuntimeError) as error:  # a link to nothing, or links in a loop
        raise UsageError(f"{path}: cannot be read: {getattr(error, 'strerror', None) or error}") from None
    if not resolved.is_relative_to(project):
        raise UsageError(
            f"{path}: is a link to {resolved}, outside the project {project}; "
            "settings are read only from inside it (name a file anywhere with --config)"
        )


def find_config(start: Path) -> tuple[Path, Mapping[str, Any]] | None:
    """The config file with argmap settings in the project of `start` (see `project_folder`), with its table."""
    project = project_folder(start)
    for name in CONFIG_FILES:
        path = project / name
        if path.exists() or path.is_symlink():
            _refuse_outside(path, project)
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


def _likelihood_terms(path: Path, value: Any) -> str:
    if value not in LIKELIHOOD_TERMS:  # also a value that is not a string
        shown = f"'{value}'" if isinstance(value, str) else repr(value)
        shown = shown if len(shown) <= 40 else shown[:37] + "..."
        raise UsageError(
            f"{path}: 'likelihood-terms' must be \"standard\" (ICD 203's first list: likely, very likely...) "
            f'or "alternate" (its second: probable, highly probable...), not {shown}'
        )
    return str(value)


def read_settings(path: Path, table: Mapping[str, Any]) -> Settings:
    """Settings from a config table; unknown keys and wrong types are usage errors."""
    known = {"select", "ignore", "output-format", "strict", "line-length", "likelihood-terms"}
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
        likelihood_terms=_likelihood_terms(path, table.get("likelihood-terms", "standard")),
    )


def load_settings(start: Path | None = None, config: Path | None = None) -> Settings:
    """Settings from `config` if given (anywhere), else from the project of `start` (default: cwd)."""
    if config is not None:
        table = _table(config)
        if table is None:
            raise UsageError(f"{config}: has no [tool.argmap] table")
        return read_settings(config, table)
    found = find_config(start if start is not None else Path.cwd())
    return read_settings(*found) if found is not None else Settings()
