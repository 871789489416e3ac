"""What both readers of the language share: its keywords, its grammar and the syntax error they raise.

`argmap.read.parser` dispatches a text to the fast reader or to Lark; both, and
the Lark error explainers, take their vocabulary from here, so neither reader
imports the other's dispatcher.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import NoReturn

from argmap.diagnostics import Diagnostic
from argmap.errors import ParseError
from argmap.model import Span

__all__ = [
    "ACH_CELLS",
    "CLOSED_TEXT_PATTERN",
    "CONFIDENCE_LEVELS",
    "DETAIL_KEYWORDS",
    "GRAMMAR_FILE",
    "ID_REFUSED",
    "KEYWORDS",
    "MAX_MAP_SIZE",
    "RELATION_KEYWORDS",
    "SIZE_ERROR",
    "STATEMENT_KEYWORDS",
    "SYNTAX_ERROR",
    "TEXT_PATTERN",
    "grammar_text",
    "syntax_error",
]

GRAMMAR_FILE = "argmap.lark"
SYNTAX_ERROR = "AM001"
SIZE_ERROR = "AM004"
# Hand-written maps run to tens of kilobytes. The limit keeps one parse (which
# holds the Lark parser's lock) to seconds and a few hundred megabytes at worst.
MAX_MAP_SIZE = 10_000_000

# A text in double quotes, as the grammar's STRING reads it, written so that
# Python's engine runs through it once: possessive, and a text never closed
# runs to the end of the map instead of failing to match. A failed match was
# tried again from every quote inside the text, so `"\"\"\"...` never closed
# took 47 s at 80 KB. Whoever scans with it checks that what it found is closed.
TEXT_PATTERN = r'"[^"\\]*+(?:\\.[^"\\]*+)*+(?:"|\\?\Z)'
# A text that is closed: the same, without the way out at the end.
CLOSED_TEXT_PATTERN = r'"[^"\\]*+(?:\\.[^"\\]*+)*+"'

STATEMENT_KEYWORDS = (
    "title", "include", "source", "actor", "claim", "premise", "conclusion",
    "objection", "rebuttal", "argument", "acknowledge", "expect", "prefer", "hypotheses", "ach",
)  # fmt: skip
DETAIL_KEYWORDS = (
    "file", "reliability", "role", "unnamed", "by", "quote", "cite", "likelihood",
    "confidence", "probability", "credibility", "tags", "note", "acknowledged",
)  # fmt: skip
RELATION_KEYWORDS = (
    "supports", "support", "together", "rebuts", "rebut", "undermines", "undermine",
    "undercuts", "undercut", "contradicts", "to", "on", "over",
)  # fmt: skip
KEYWORDS = STATEMENT_KEYWORDS + DETAIL_KEYWORDS + RELATION_KEYWORDS
# The keywords a claim or an argument may not take as its id: a line starting with one would read as the keyword.
ID_REFUSED = frozenset(KEYWORDS) - {"together", "to", "on", "over"}
# ICD 203's levels of analytic confidence, the words `confidence` takes (a likelihood is `likelihood "TERM"`).
CONFIDENCE_LEVELS = ("low", "moderate", "high")
# The cells of an ACH matrix an `ach` line may give: consistent, strongly so, inconsistent, strongly so, not applicable.
ACH_CELLS = ("CC", "C", "N", "I", "II")


@functools.cache
def grammar_text() -> str:
    """The grammar: from the installed package, or from `grammar/` in a source checkout."""
    package = Path(__file__).resolve().parents[1]
    packaged = package / "grammar" / GRAMMAR_FILE  # where the wheel puts it
    if packaged.is_file():
        return packaged.read_text(encoding="utf-8")
    return (package.parents[1] / "grammar" / GRAMMAR_FILE).read_text(encoding="utf-8")


def _line_of(text: str, line: int) -> str | None:
    start = 0
    for _ in range(line - 1):
        start = text.find("\n", start) + 1
        if start == 0:
            return None
    end = text.find("\n", start)
    return text[start : end if end >= 0 else len(text)]


def syntax_error(
    text: str, name: str, line: int, column: int, message: str, hint: str | None = None, width: int = 1
) -> NoReturn:
    """Raise the located AM001 error for a mistake at `line`:`column` of `text`."""
    span = Span(name, line, column, line, column + max(width, 1))
    raise ParseError(
        Diagnostic(SYNTAX_ERROR, message, span, name="syntax-error", hint=hint, line_text=_line_of(text, line))
    ) from None
