"""Old spellings rewritten in the current language: what `argmap fmt --fix` does before laying a map out.

One rewrite so far: a likelihood written `confidence "likely"` (before
`confidence` came to mean the analytic confidence, low, moderate or high)
becomes `likelihood "likely"`; `confidence "high"` becomes `confidence high`.
Texts and comments are never touched: the scan skips over them.
"""

from __future__ import annotations

import re

from argmap.read.vocabulary import CONFIDENCE_LEVELS, TEXT_PATTERN

__all__ = ["migrate_text"]

# A text, a comment, or the old detail: `confidence` followed by a text. Texts and comments are
# matched first where they start, so a `confidence "..."` inside either is never seen as a detail.
_SCAN = re.compile(rf'(?P<text>{TEXT_PATTERN})|(?P<comment>#[^\n]*)|(?<![\w-])confidence(?P<gap>\s+)(?=")')
_TEXT = re.compile(TEXT_PATTERN, re.S)


def migrate_text(text: str) -> str:
    """`text` with every old-style `confidence "TERM"` written in the current spelling."""
    out: list[str] = []
    done = 0
    for found in _SCAN.finditer(text):
        if found.group("gap") is None:
            continue  # a text or a comment, kept as written
        value = _TEXT.match(text, found.end())
        if value is None:  # pragma: no cover - the lookahead saw a '"', and a text always matches from one
            continue
        words = " ".join(value.group()[1:-1].split())
        out.append(text[done : found.start()])
        if words.lower() in CONFIDENCE_LEVELS:
            out.append(f"confidence{found.group('gap')}{words.lower()}")
        else:
            out.append(f"likelihood{found.group('gap')}{value.group()}")
        done = value.end()
    out.append(text[done:])
    return "".join(out)
