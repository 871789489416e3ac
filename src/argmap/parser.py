"""Text to model: `parse`, and what every reader of the language shares.

Two readers, one language. `grammar/argmap.lark` defines the language and
the Lark parser built from it (`argmap.larkparse`) reads it in full, with an
explained error for every mistake. The fast reader (`argmap.fastread`) reads
well-formed maps several times faster and declines everything else, which
then goes to Lark; where it reads a map, it builds the same model, spans
included. `ARGMAP_READER=lark` in the environment sends every map to Lark.
"""

from __future__ import annotations

import functools
import os
import re
from pathlib import Path
from typing import NoReturn

from argmap import fastread
from argmap.diagnostics import Diagnostic
from argmap.errors import ParseError
from argmap.model import ArgumentMap, Span

__all__ = ["GRAMMAR_FILE", "KEYWORDS", "MAX_MAP_SIZE", "SIZE_ERROR", "grammar_text", "parse", "too_large"]

GRAMMAR_FILE = "argmap.lark"
SYNTAX_ERROR = "AM001"
SIZE_ERROR = "AM004"
# Hand-written maps run to tens of kilobytes. The limit keeps one parse (which
# holds the Lark parser's lock) to seconds and a few hundred megabytes at worst.
MAX_MAP_SIZE = 10_000_000

STATEMENT_KEYWORDS = (
    "title", "include", "source", "actor", "claim", "premise", "conclusion",
    "objection", "rebuttal", "argument", "acknowledge", "expect",
)  # fmt: skip
DETAIL_KEYWORDS = (
    "file", "reliability", "role", "unnamed", "by", "quote", "cite", "confidence",
    "probability", "credibility", "tags", "note", "acknowledged",
)  # fmt: skip
RELATION_KEYWORDS = (
    "supports", "support", "together", "rebuts", "rebut", "undermines", "undermine",
    "undercuts", "undercut", "contradicts", "to", "on",
)  # fmt: skip
KEYWORDS = STATEMENT_KEYWORDS + DETAIL_KEYWORDS + RELATION_KEYWORDS


@functools.cache
def grammar_text() -> str:
    """The grammar: from the installed package, or from `grammar/` in a source checkout."""
    here = Path(__file__).resolve().parent
    packaged = here / "grammar" / GRAMMAR_FILE  # where the wheel puts it
    if packaged.is_file():
        return packaged.read_text(encoding="utf-8")
    return (here.parents[1] / "grammar" / GRAMMAR_FILE).read_text(encoding="utf-8")


def parse(text: str, path: str | Path | None = None) -> ArgumentMap:
    """Parse `.arg` text into a map. Includes are recorded, not followed: see `argmap.load`.

    Raises `ParseError` with a located diagnostic for any mistake.
    """
    name = str(path) if path is not None else "<string>"
    if len(text) > MAX_MAP_SIZE:
        raise too_large(name, text[:200], f"the map is longer than {MAX_MAP_SIZE:,} characters")
    _reject_unreadable_characters(text, name)
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    if os.environ.get("ARGMAP_READER") != "lark":
        read = fastread.read(text, name, grammar_text())
        if read is not None:
            return read
    from argmap import larkparse  # Lark is imported only for the maps that need it

    return larkparse.parse_text(text, name)


def _reject_unreadable_characters(text: str, name: str) -> None:
    for pattern, what in ((r"\x00", "a NUL byte"), (r"[\ud800-\udfff]", "a lone surrogate (broken UTF-16)")):
        found = re.search(pattern, text)
        if found:
            line = text.count("\n", 0, found.start()) + 1
            column = found.start() - (text.rfind("\n", 0, found.start()) + 1) + 1
            _fail(text, name, line, column, f"the text contains {what}, which no map may contain")


def too_large(name: str, start: str, what: str) -> ParseError:
    """The error for a map past `MAX_MAP_SIZE`; `start` is the beginning of its text."""
    return ParseError(
        Diagnostic(
            SIZE_ERROR,
            f"{what}, the most argmap reads in one map file",
            Span(name, 1, 1, 1, 1),
            name="too-large",
            hint="split the map into several files joined with include",
            line_text=start.split("\n", 1)[0],
        )
    )


def _line_of(text: str, line: int) -> str | None:
    start = 0
    for _ in range(line - 1):
        start = text.find("\n", start) + 1
        if start == 0:
            return None
    end = text.find("\n", start)
    return text[start : end if end >= 0 else len(text)]


def _fail(
    text: str, name: str, line: int, column: int, message: str, hint: str | None = None, width: int = 1
) -> NoReturn:
    span = Span(name, line, column, line, column + max(width, 1))
    raise ParseError(
        Diagnostic(SYNTAX_ERROR, message, span, name="syntax-error", hint=hint, line_text=_line_of(text, line))
    ) from None
