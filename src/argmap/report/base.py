"""What every formatter is given, the registry they join, the summary line, and safe text for machines."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import attrs

from argmap.checks.registry import fails
from argmap.diagnostics import Category, Diagnostic, Severity, printable

__all__ = ["FORMATTERS", "CheckReport", "Formatter", "file_bytes", "file_text", "formatter", "json_text", "summary"]


@attrs.frozen
class CheckReport:
    """One run of `argmap check`: the diagnostics of every map, and the files that were checked."""

    diagnostics: tuple[Diagnostic, ...]
    files: tuple[str, ...] = ()
    strict: bool = False
    # The settings file the run used, as the user would name it (None: none), and whether
    # the user named it with --config rather than argmap finding it in the project.
    config: str | None = None
    config_given: bool = False

    @property
    def failed(self) -> bool:
        """Whether anything reported fails the run (see `argmap.checks.fails`)."""
        return any(fails(d, self.strict) for d in self.diagnostics)


Formatter = Callable[[CheckReport], str]
FORMATTERS: dict[str, Formatter] = {}


def formatter(name: str) -> Callable[[Formatter], Formatter]:
    """Register a formatter under the name `--output-format` knows it by."""

    def register(function: Formatter) -> Formatter:
        FORMATTERS[name] = function
        return function

    return register


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def summary(report: CheckReport) -> str:
    """One line for stderr: what was found in how many files, and whether the run fails."""
    counted = {"error": 0, "warning": 0, "finding": 0, "note": 0}
    acknowledged = 0
    for d in report.diagnostics:
        if d.acknowledged is not None:
            acknowledged += 1
        elif d.category is Category.FINDING:
            counted["finding"] += 1
        elif d.severity is Severity.ERROR:
            counted["error"] += 1
        elif d.severity is Severity.WARNING:
            counted["warning"] += 1
        else:
            counted["note"] += 1
    parts = [_plural(n, word) for word, n in counted.items() if n]
    if acknowledged:
        parts.append(f"{acknowledged} acknowledged")
    files = _plural(len(report.files), "file")
    config = f"config: {printable(report.config)}" if report.config is not None else None
    if not parts:
        return f"All checks passed ({files} checked{f', {config}' if config else ''})."
    verdict = "check failed" if report.failed else "check passed"
    return f"Found {', '.join(parts)} in {files}: {verdict}{f' ({config})' if config else ''}."


def file_bytes(name: str) -> bytes:
    """A file name's bytes on disk: Python holds the bytes of a name that is not UTF-8 as lone surrogates."""
    try:
        return name.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:  # a surrogate no file system gave (a name made in code)
        return name.encode("utf-8", "backslashreplace")


def file_text(name: str) -> str:
    """A file name as valid Unicode for JSON and SARIF: a byte that is not UTF-8 written `\\xff`.

    A lone surrogate cannot be encoded, so a name that is not UTF-8 made
    the JSON invalid and SARIF an internal error.
    """
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return file_bytes(name).decode("utf-8", "backslashreplace")
    return name


# JSON escapes C0 controls itself; what it leaves (DEL, C1, format characters, bidi
# overrides, separators) a terminal may still act on when the report is printed.
_NOT_ASCII = re.compile(r"[^\x00-\x7e]")


def _json_escape(match: re.Match[str]) -> str:
    character = match.group()
    if character.isprintable():
        return character
    code = ord(character)
    if code > 0xFFFF:  # JSON writes a character past the BMP as its UTF-16 surrogate pair
        code -= 0x10000
        return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"
    return f"\\u{code:04x}"


def json_text(document: Any) -> str:
    """`document` as indented JSON that is safe to print: the same data, every unprintable character escaped."""
    import json  # only the machine-readable formats need it

    lines = json.dumps(document, ensure_ascii=False, indent=2).split("\n")
    # One value per line: a line that is all printable (nearly all of them) is checked in C and kept.
    return "\n".join(line if line.isprintable() else _NOT_ASCII.sub(_json_escape, line) for line in lines) + "\n"
