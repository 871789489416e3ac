"""AM3xx: sources and quotes. A quote must be in its source, and the source file must exist and be readable.

Source files are read under the rules includes follow (`MapIndex.source_file`):
inside the project, regular files, up to a size limit; a passage shown from one
is bounded in length.
"""

from __future__ import annotations

import bisect
import heapq
import re
from collections.abc import Iterator

import attrs

from argmap.checks.index import MapIndex
from argmap.checks.registry import Hit, rule
from argmap.model import Source

__all__ = [
    "MAX_PASSAGE",
    "Passage",
    "fold",
    "missing_source_file",
    "quote_not_in_source",
    "quote_passage",
    "refused_source_file",
]

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
_GAP = re.compile(r"\s*(?:[\u2010\u2011\u2012\u2013\u2014\u2015\u2212]|--+|(?<=\s)-(?=\s))\s*|\s+")


def _plain_gap(match: re.Match[str]) -> str:
    return "-" if match.group().strip() else " "


def fold(text: str) -> str:
    """Text as quotes are compared: typographic quotes, dashes and runs of whitespace made plain.

    The same text as `_FoldedSource` makes, without the way back.
    """
    return _GAP.sub(_plain_gap, text).translate(_FOLDS).strip(" ")


def _folded_source(index: MapIndex, source: Source) -> str | None:
    """A source's text, folded once a run."""
    path = index.resolved_source_path(source)
    text = index.source_text(source) if path is not None else None
    if path is None or text is None:
        return None
    return index.memo(f"folded-source:{path}", lambda: fold(text))


# Where folding changes a text's length: a gap `fold` makes plain, an ellipsis, a soft hyphen.
_RESIZED = re.compile(_GAP.pattern + r"|[\u2026\u00ad]")
_WORD = re.compile(r"\w+")

# The closest passage is found from a few anchors, so that a misquote costs time in its own length, never
# in its source's: the quote's rarest words (at most _ANCHORS of them), each at the first _PLACES places
# the source has it, and from each such place the agreement followed at most _REACH characters each way.
_ANCHORS = 64
_PLACES = 16
_REACH = 1_000
# How much of the source a passage is taken from before it is cut to MAX_PASSAGE: folded characters,
# and characters as written (whitespace folds away).
_SPAN = 2 * MAX_PASSAGE
_WRITTEN_SPAN = 8 * _SPAN


class _FoldedSource:
    """A source's text folded as quotes are compared, with the way back to the text, and where its words are.

    Made at a source's first misquote in a run and kept for the others. The
    way back is kept as segments, not one number per character: a segment
    is copied character for character (quotes and dashes folded one for
    one), or stands whole for the one place it was made from (a run of
    whitespace, a spaced dash, an ellipsis).
    """

    def __init__(self, text: str):
        self.text = text
        parts: list[str] = []
        self._starts = [0]  # where each segment starts in the folded text (before the strip)
        self._origins = [0]  # and in the text
        self._copied = bytearray(b"\x01")
        length = last = 0
        for match in _RESIZED.finditer(text):
            parts.append(text[last : match.start()].translate(_FOLDS))
            length += match.start() - last
            raw = match.group()
            plain = "..." if raw == "\u2026" else "" if raw == "\u00ad" else _plain_gap(match)
            parts.append(plain)
            if len(raw) == len(plain) == 1:
                length += 1  # one character for one: the copied segment goes on
            else:
                self._segment(length, match.start(), copied=False)
                length += len(plain)
                self._segment(length, match.end(), copied=True)
            last = match.end()
        parts.append(text[last:].translate(_FOLDS))
        folded = "".join(parts)
        kept = folded.lstrip(" ")
        self._lead = len(folded) - len(kept)
        self.folded = kept.rstrip(" ")
        self.places: dict[str, list[int]] = {}  # each word's first _PLACES starts in the folded text
        for word in _WORD.finditer(self.folded):
            found = self.places.setdefault(word.group(), [])
            if len(found) < _PLACES:
                found.append(word.start())

    def _segment(self, start: int, origin: int, copied: bool) -> None:
        self._starts.append(start)
        self._origins.append(origin)
        self._copied.append(copied)

    def origin(self, position: int) -> int:
        """Where in the text the folded character at `position` came from."""
        at = position + self._lead
        segment = bisect.bisect_right(self._starts, at) - 1
        return self._origins[segment] + (at - self._starts[segment] if self._copied[segment] else 0)

    def closest(self, needle: str) -> str:
        """The passage most like the folded quote `needle`, as the source writes it, cut at word boundaries.

        The longest stretch the two agree on, found from the quote's rarest
        words, sets the passage's place: it starts where the quote would
        start if that stretch were in place. "" when no word of the quote is
        in the source.
        """
        block = self._longest_agreement(needle)
        if block is None:
            return ""
        haystack = self.folded
        quote_start, source_start, _ = block
        start = max(source_start - quote_start, 0)
        start, end = _whole_words(haystack, start, min(start + len(needle), start + _SPAN, len(haystack)))
        if start >= end:
            return ""
        first = self.origin(start)
        return " ".join(self.text[first : min(self.origin(end - 1) + 1, first + _WRITTEN_SPAN)].split())

    def _longest_agreement(self, needle: str) -> tuple[int, int, int] | None:
        """The longest stretch (quote start, source start, length) through an anchor; ties: earliest in the source."""
        haystack, places = self.folded, self.places
        words = (w for w in _WORD.finditer(needle) if w.group() in places)
        anchors = heapq.nsmallest(_ANCHORS, ((len(places[w.group()]), w.start(), w.group()) for w in words))
        best: tuple[int, int, int] | None = None
        seen: dict[int, list[tuple[int, int]]] = {}  # the stretches found on each diagonal (source - quote)
        for _, at, word in anchors:
            for place in places[word]:
                diagonal = place - at
                if any(low <= at < high for low, high in seen.get(diagonal, ())):
                    continue  # inside a stretch already followed
                back = _agree_back(needle, at, haystack, place)
                ahead = _agree_ahead(needle, at, haystack, place)
                seen.setdefault(diagonal, []).append((at - back, at + ahead))
                found = (at - back, place - back, back + ahead)
                if best is None or (found[2], -found[1], -found[0]) > (best[2], -best[1], -best[0]):
                    best = found
        return best


def _whole_words(text: str, start: int, end: int) -> tuple[int, int]:
    """`start` moved back and `end` on to the nearest spaces (or the text's ends), looking no further than `_SPAN`."""
    space = text.rfind(" ", max(start - _SPAN, 0), start)
    if space >= 0:
        start = space + 1
    elif start <= _SPAN:
        start = 0
    space = text.find(" ", end, end + _SPAN)
    if space >= 0:
        end = space
    elif end + _SPAN >= len(text):
        end = len(text)
    return start, end


def _agree_ahead(a: str, i: int, b: str, j: int) -> int:
    """How many characters `a` from `i` and `b` from `j` agree on, at most `_REACH`, by comparing slices."""
    most = min(_REACH, len(a) - i, len(b) - j)
    agreed, step = 0, 8
    while agreed < most:
        step = min(step, most - agreed)
        if a[i + agreed : i + agreed + step] == b[j + agreed : j + agreed + step]:
            agreed += step
            step *= 2
        elif step == 1:
            break
        else:
            step //= 2
    return agreed


def _agree_back(a: str, i: int, b: str, j: int) -> int:
    """How many characters `a` before `i` and `b` before `j` agree on, at most `_REACH`."""
    most = min(_REACH, i, j)
    agreed, step = 0, 8
    while agreed < most:
        step = min(step, most - agreed)
        if a[i - agreed - step : i - agreed] == b[j - agreed - step : j - agreed]:
            agreed += step
            step *= 2
        elif step == 1:
            break
        else:
            step //= 2
    return agreed


def _closest(index: MapIndex, source: Source, needle: str) -> str:
    """The passage of a source most like the folded quote `needle` (the source folded once a run)."""
    path = index.resolved_source_path(source)
    text = index.source_text(source)
    if path is None or text is None:
        return ""
    folded = index.memo(f"passages:{path}", lambda: _FoldedSource(text))
    return folded.closest(needle)


@attrs.frozen
class Passage:
    """Where a quote stands in its source, as written there: the words before, the quote's own, the words after."""

    before: str
    quoted: str
    after: str


def quote_passage(index: MapIndex, source: Source, quote: str, context: int = MAX_PASSAGE) -> Passage | None:
    """The quote found in its source (folded as AM301 compares) with about `context` characters each side.

    None when the source has no text to read or the quote is not in it (AM301 says so).
    """
    path = index.resolved_source_path(source)
    text = index.source_text(source)
    wanted = fold(quote)
    if path is None or text is None or not wanted:
        return None
    folded = index.memo(f"passages:{path}", lambda: _FoldedSource(text))
    at = folded.folded.find(wanted)
    if at < 0:
        return None
    start, end = folded.origin(at), folded.origin(at + len(wanted) - 1) + 1
    head = text.rfind(" ", 0, max(start - context, 0)) + 1 if start > context else 0
    tail = text.find(" ", end + context)
    tail = len(text) if tail < 0 else tail
    return Passage(
        _spaced(text[head:start], head > 0, "left"),
        _spaced(text[start:end]),
        _spaced(text[end:tail], tail < len(text), "right"),
    )


def _spaced(text: str, cut: bool = False, side: str = "") -> str:
    """A stretch of source text with its runs of whitespace made single spaces, `...` where it was cut."""
    plain = " ".join(text.split())
    if text[:1].isspace() and side == "right":
        plain = " " + plain
    if text[-1:].isspace() and side == "left":
        plain += " "
    if cut:
        plain = f"... {plain}" if side == "left" else f"{plain} ..."
    return plain


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
            closest = _bounded(_closest(index, source, wanted)) if wanted else ""
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
