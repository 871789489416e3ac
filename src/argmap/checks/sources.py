"""AM3xx: sources and quotes. A quote must be in its source, and the source file must exist and be readable.

Source files are read under the rules includes follow (`MapIndex.source_file`):
inside the project, regular files, up to a size limit; a passage shown from one
is bounded in length.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from argmap.checks.index import MapIndex
from argmap.checks.registry import Hit, rule
from argmap.model import Source

__all__ = ["MAX_PASSAGE", "fold", "missing_source_file", "quote_not_in_source", "refused_source_file"]

# The most of a source's text a misquote's hint shows: enough to see the difference.
MAX_PASSAGE = 200

_FOLDS = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u2032": "'",
        "`": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u201f": '"',
        "\u2033": '"',
        "\u00ab": '"',
        "\u00bb": '"',
        "\u2026": "...",
        "\u00a0": " ",
        "\u00ad": "",
    }
)
# One piece of text at a time: a dash with the spaces an analyst may or may not
# have put round it, a run of whitespace, or any other single character.
_PIECE = re.compile(r"\s*(?:[\u2010\u2011\u2012\u2013\u2014\u2015\u2212]|--+|(?<=\s)-(?=\s))\s*|\s+|.", re.DOTALL)


def _fold_mapped(text: str) -> tuple[str, list[int]]:
    """The folded text, and for each of its characters the index in `text` it came from."""
    folded: list[str] = []
    origin: list[int] = []
    for piece in _PIECE.finditer(text):
        raw = piece.group()
        if len(raw) > 1 or raw in "\u2010\u2011\u2012\u2013\u2014\u2015\u2212":
            plain = "-" if raw.strip() else " "
        else:
            plain = " " if raw.isspace() else raw.translate(_FOLDS)
        folded.extend(plain)
        origin.extend([piece.start()] * len(plain))
    while folded and folded[-1] == " ":
        folded.pop()
        origin.pop()
    start = next((i for i, ch in enumerate(folded) if ch != " "), len(folded))
    return "".join(folded[start:]), origin[start:]


_GAP = re.compile(r"\s*(?:[\u2010\u2011\u2012\u2013\u2014\u2015\u2212]|--+|(?<=\s)-(?=\s))\s*|\s+")


def _plain_gap(match: re.Match[str]) -> str:
    return "-" if match.group().strip() else " "


def fold(text: str) -> str:
    """Text as quotes are compared: typographic quotes, dashes and runs of whitespace made plain.

    The same text as `_fold_mapped` gives, without the bookkeeping.
    """
    return _GAP.sub(_plain_gap, text).translate(_FOLDS).strip(" ")


def _folded_source(index: MapIndex, source: Source) -> str | None:
    """A source's text, folded once a run."""
    path = index.resolved_source_path(source)
    text = index.source_text(source) if path is not None else None
    if path is None or text is None:
        return None
    return index.memo(f"folded-source:{path}", lambda: fold(text))


def _closest(original: str, needle: str) -> str:
    """The passage of the source most like `needle`, as the source writes it, cut at word boundaries."""
    haystack, origin = _fold_mapped(original)
    import difflib  # only a misquote needs it: kept out of every check's start-up

    matcher = difflib.SequenceMatcher(None, haystack, needle, autojunk=False)
    block = matcher.find_longest_match(0, len(haystack), 0, len(needle))
    start = max(block.a - block.b, 0)
    end = min(start + len(needle), len(haystack))
    while start > 0 and haystack[start - 1] != " ":
        start -= 1
    while end < len(haystack) and haystack[end] != " ":
        end += 1
    if start >= end:
        return ""
    return " ".join(original[origin[start] : origin[end - 1] + 1].split())


@rule("AM301", "quote-not-in-source")
def quote_not_in_source(index: MapIndex) -> Iterator[Hit]:
    """A quote is not verbatim in its source's file.

    Typographic and straight quotes, dashes with or without spaces and runs
    of whitespace count as the same; every other character must match. The
    report shows the closest passage of the source. A quote whose source has
    no `file` cannot be verified and is not reported.

    Bad:
        source monitor "The Monitor" file "monitor.txt"
        claim won: "Tehran outplayed Moscow." quote monitor "Tehran outwitted Moscow"

    Good:
        source monitor "The Monitor" file "monitor.txt"
        claim won: "Tehran outplayed Moscow." quote monitor "Tehran had outplayed Moscow"
    """
    for claim in index.map.claims:
        for quote in claim.quotes:
            source = index.sources.get(quote.source.id)
            if source is None:
                continue  # AM104
            text = _folded_source(index, source)
            if text is None:
                continue  # no file (unverifiable) or a missing one (AM302)
            wanted = fold(quote.text)
            if wanted in text:
                continue
            original = index.source_text(source) or ""
            closest = _bounded(_closest(original, wanted)) if wanted else ""
            hint = f'closest passage in {source.file}: "{closest}"' if closest else None
            yield Hit(
                f"quote is not verbatim in source '{source.id}' ({source.file})",
                quote.span,
                hint,
                subjects=(claim.id, source.id),
            )


def _bounded(passage: str) -> str:
    """At most `MAX_PASSAGE` characters of a passage, cut at a space where one is near, marked as cut."""
    if len(passage) <= MAX_PASSAGE:
        return passage
    cut = passage[:MAX_PASSAGE]
    space = cut.rfind(" ", MAX_PASSAGE // 2)
    return (cut[:space] if space > 0 else cut) + " ..."


@rule("AM302", "missing-source-file")
def missing_source_file(index: MapIndex) -> Iterator[Hit]:
    """A source's `file` does not exist (paths are relative to the .arg file that declares the source).

    Bad:
        source monitor "The Monitor" file "seeds/monitor.txt"

    Good:
        source monitor "The Monitor" file "../seeds/monitor.txt"
    """
    for source in index.map.sources:
        found = index.source_file(source)
        if found is None or found.missing is None:
            continue
        hint = (
            "name the text file itself"
            if found.missing == "is a folder"
            else f"looked for {index.source_path(source)}; the path is relative to {source.span.file}"
        )
        yield Hit(f"source file '{source.file}' {found.missing}", source.span, hint, subjects=(source.id,))


@rule("AM303", "refused-source-file")
def refused_source_file(index: MapIndex) -> Iterator[Hit]:
    """A source's `file` is one argmap will not read: outside the project, not a regular file, or too large.

    A map may come from anyone, so its source files follow the rules of its
    includes: inside the project folder (the nearest argmap.toml,
    pyproject.toml or .git) unless `--allow-outside-root` is given, links
    followed only as far as that; a regular file, never a pipe or a device;
    at most 10,000,000 bytes. Nothing is read from a refused file, and its
    quotes are not checked.

    Bad:
        source env "The environment" file "/proc/self/environ"

    Good:
        source monitor "The Monitor" file "../seeds/monitor.txt"
    """
    for source in index.map.sources:
        found = index.source_file(source)
        if found is not None and found.refused is not None:
            yield Hit(f"source file '{source.file}' {found.refused}", source.span, found.hint, subjects=(source.id,))
