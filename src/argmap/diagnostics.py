"""Diagnostics: one located message about a map, how it reads as text, and untrusted text made safe to print."""

from __future__ import annotations

import enum
import functools
import re
import unicodedata
from typing import Any

import attrs

from argmap.files import read_regular
from argmap.model import Span

__all__ = [
    "Category",
    "Diagnostic",
    "Severity",
    "caret_excerpt",
    "file_bytes",
    "file_text",
    "format_full",
    "json_safe",
    "json_text",
    "place",
    "printable",
    "read_line",
]


class Severity(enum.Enum):
    """How much a diagnostic matters to an exit code."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


class Category(enum.Enum):
    """A defect means the map is broken; a finding is a tension the map reveals."""

    DEFECT = "defect"
    FINDING = "finding"


@attrs.frozen
class Diagnostic:
    """A message about one place in a map, with a stable rule code."""

    code: str
    message: str
    span: Span
    severity: Severity = Severity.ERROR
    category: Category = Category.DEFECT
    name: str = ""
    hint: str | None = None
    related: tuple[tuple[Span, str], ...] = ()
    acknowledged: str | None = None
    # The text of the line the span starts on, when it is not on disk to read
    # again (a map parsed from a string, a file that changed since).
    line_text: str | None = attrs.field(default=None, eq=False, repr=False)

    def headline(self) -> str:
        """`file:line:col: message`, the first line of every text report, safe to print (see `printable`)."""
        return f"{place(self.span)}: {printable(self.message)}"


# What `repr` escapes besides the characters that are not printable: shown as written.
_KEPT_FROM_REPR = re.compile(r"""([\\\t'"]+)""")


def printable(text: str) -> str:
    """`text` safe to print on a terminal or in a CI log: what is not printable shown as an escape.

    Map texts and file names are untrusted: an ESC or an OSC sequence would
    set a terminal's title or erase lines, a line break would start a line
    of its own in a CI log (where `::` at the start of a line is a command),
    a bidi override would show the text in another order. Control characters
    (C0 but the tab, DEL, C1), format characters, separators other than the
    space and lone surrogates become `\\x1b`, `\\u202e`, `\\U000e0001`; a
    surrogate standing for a byte of a file name that is not UTF-8 becomes
    that byte, `\\xff`.
    """
    if text.isprintable():  # nearly every text: one pass in C
        return text
    text = file_text(text)  # a surrogate for a byte of a name as the byte, `\\xff`
    # `repr` escapes exactly what is not printable, in C; the backslashes, quotes and tabs it
    # would escape too are split off and kept (a capturing split puts them at odd places).
    parts = _KEPT_FROM_REPR.split(text)
    return "".join(part if index % 2 else repr(part)[1:-1] for index, part in enumerate(parts))


def place(span: Span) -> str:
    """`file:line:col`, the file name safe to print."""
    return f"{printable(span.file)}:{span.line}:{span.column}"


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
    return "\n".join(line if line.isprintable() else json_safe(line) for line in lines) + "\n"


def json_safe(text: str) -> str:
    """JSON text with every unprintable character outside ASCII escaped (`\\u202e`): the same data, safe to print."""
    return _NOT_ASCII.sub(_json_escape, text)


# Lines are shown from map files, which argmap reads no further than this (`read.vocabulary.MAX_MAP_SIZE`).
_MOST_READ = 10_000_000


@functools.lru_cache(maxsize=64)
def _file_lines(path: str) -> tuple[str, ...] | None:
    try:
        data = read_regular(path, _MOST_READ)  # never a pipe or a device, never without end
    except OSError:
        return None
    if len(data) > _MOST_READ:
        return None
    text = data.decode("utf-8", errors="replace").removeprefix("\ufeff")
    return tuple(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"))


def read_line(path: str, line: int) -> str | None:
    """Line `line` (1-based) of a file on disk, or None when it cannot be read."""
    lines = _file_lines(path)
    if lines is None or not 1 <= line <= len(lines):
        return None
    return lines[line - 1]


def _display_width(text: str) -> int:
    return sum(
        0 if unicodedata.combining(ch) else 2 if unicodedata.east_asian_width(ch) in "WF" else 1
        for ch in text
    )


EXCERPT_WIDTH = 120
_TABS_AND_PRINTABLE = re.compile(r"[\t\x20-\x7e]*")
_NOT_TAB = re.compile(r"[^\t]")


def caret_excerpt(line_text: str, column: int, width: int = 1) -> str:
    """The source line and, under it, a caret at `column` (1-based) spanning `width` characters.

    A line longer than `EXCERPT_WIDTH` is cut to a window around the column, marked with '...'.
    """
    if len(line_text) > EXCERPT_WIDTH:
        start = max(min(column - 1 - EXCERPT_WIDTH // 3, len(line_text) - EXCERPT_WIDTH), 0)
        end = start + EXCERPT_WIDTH
        head, tail = ("..." if start else ""), ("..." if end < len(line_text) else "")
        line_text = head + line_text[start:end] + tail
        column += len(head) - start
        width = min(width, EXCERPT_WIDTH - (column - 1 - len(head)))
    if line_text.isascii() and _TABS_AND_PRINTABLE.fullmatch(line_text):
        # Each character one column wide: the usual line, worked out without a look-up per character.
        shown = line_text
        before = shown[: max(column - 1, 0)]
        pad = _NOT_TAB.sub(" ", before)
        marked = shown[max(column - 1, 0) : max(column - 1, 0) + max(width, 1)]
        carets = "^" * max(len(marked), 1)
        return f"    {shown}\n    {pad}{carets}"
    shown = "".join(ch if ch == "\t" or ch.isprintable() else "\N{REPLACEMENT CHARACTER}" for ch in line_text)
    before = shown[: max(column - 1, 0)]
    pad = "".join("\t" if ch == "\t" else " " * _display_width(ch) for ch in before)
    marked = shown[max(column - 1, 0) : max(column - 1, 0) + max(width, 1)]
    carets = "^" * max(_display_width(marked), 1)
    return f"    {shown}\n    {pad}{carets}"


def format_full(diagnostic: Diagnostic) -> str:
    """The headline, then the source line with a caret, then any hint and related places."""
    span = diagnostic.span
    parts = [diagnostic.headline()]
    line_text = diagnostic.line_text
    if line_text is None:
        line_text = read_line(span.file, span.line)
    if line_text:  # an empty line has nothing to point at
        width = span.end_column - span.column if span.end_line == span.line else len(line_text) - span.column + 1
        parts.append(caret_excerpt(line_text, span.column, width))
    if diagnostic.hint:
        parts.append(f"    = help: {printable(diagnostic.hint)}")
    for where, what in diagnostic.related:
        parts.append(f"    = note: {place(where)}: {printable(what)}")
    return "\n".join(parts)
