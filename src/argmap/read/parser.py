"""Text to model: `parse` hands a text to the fast reader or, failing that, to Lark.

Two readers, one language. `grammar/argmap.lark` defines the language and
the Lark parser built from it (`argmap.read.larkparse`) reads it in full, with an
explained error for every mistake. The fast reader (`argmap.read.fastread`) reads
well-formed maps several times faster and declines everything else, which
then goes to Lark; where it reads a map, it builds the same model, spans
included. Where it stops, it says which statement it could not read, and Lark
looks for the mistake from there. `ARGMAP_READER=lark` in the environment
sends every map to Lark.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from argmap.diagnostics import Diagnostic
from argmap.errors import ParseError
from argmap.model import ArgumentMap, Span
from argmap.read import fastread
from argmap.read.vocabulary import MAX_MAP_SIZE, SIZE_ERROR, grammar_text, syntax_error

__all__ = ["normalise", "parse", "too_large"]


def parse(text: str, path: str | Path | None = None) -> ArgumentMap:
    """Parse `.arg` text into a map. Includes are recorded, not followed: see `argmap.load`.

    Raises `ParseError` with a located diagnostic for any mistake.
    """
    name = str(path) if path is not None else "<string>"
    if len(text) > MAX_MAP_SIZE:
        raise too_large(name, text[:200], f"the map is longer than {MAX_MAP_SIZE:,} characters")
    # Line ends first, so a place is counted in lines as everywhere else (CRLF, CR and LF alike).
    text = normalise(text)
    _reject_unreadable_characters(text, name)
    stop = None
    if os.environ.get("ARGMAP_READER") != "lark":
        read = fastread.read_or_stop(text, name, grammar_text())
        if isinstance(read, ArgumentMap):
            return read
        stop = read
    from argmap.read import larkparse  # Lark is imported only for the maps that need it

    return larkparse.parse_text(text, name, stop)


def normalise(text: str) -> str:
    """The text as `parse` reads it: no byte order mark, and `\\n` for every line end."""
    return text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


def _reject_unreadable_characters(text: str, name: str) -> None:
    for pattern, what in ((r"\x00", "a NUL byte"), (r"[\ud800-\udfff]", "a lone surrogate (broken UTF-16)")):
        found = re.search(pattern, text)
        if found:
            line = text.count("\n", 0, found.start()) + 1
            column = found.start() - (text.rfind("\n", 0, found.start()) + 1) + 1
            syntax_error(text, name, line, column, f"the text contains {what}, which no map may contain")


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
