"""Hostile input for the fuzz tests and `bench/fuzz.py`: strategies and the properties they must keep.

The property: text or bytes either become a map or raise `argmap.MapError`
whose diagnostic has a file, a line and a column and a message in words (no
Lark terminal name); a map that parses goes through every later stage without
raising.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import attrs
from hypothesis import strategies as st

import argmap
from argmap.checks import run_checks
from argmap.draw.compile import compile_map
from argmap.edit.fmt import format_text
from argmap.errors import ParseError
from argmap.evaluate import evaluate
from argmap.formats.export import to_data, to_json
from argmap.read import fastread, larkparse
from argmap.read.loader import decode
from argmap.read.syntax import normalise
from argmap.read.vocabulary import KEYWORDS, grammar_text

__all__ = [
    "RESERVED_IN_GENERATED_MAPS",
    "SEED_TEXTS",
    "Generated",
    "decode_parse_or_locate",
    "every_stage",
    "formats_faithfully",
    "generated_maps",
    "long_runs",
    "parse_or_locate",
    "readers_agree",
    "seed_byte_mutants",
    "seed_mutants",
    "token_soup",
    "with_comments",
]

MAPS = Path(__file__).resolve().parents[1] / "maps"
SEED_TEXTS = [p.read_text(encoding="utf-8") for p in sorted(MAPS.glob("*.arg"))] or ['claim won: "x"\n']

# Terminal names as Lark spells them: none may reach a reader.
_LARK_WORDS = re.compile(r"\b(?:_NL|__ANON\w*|[A-Z]+_?[A-Z]*BRACE|STRING|NUMBER|PERCENT|COLON|COMMA|\$END)\b")


# --- the properties ---------------------------------------------------------------


def readers_agree(text: str, name: str = "same.arg") -> argmap.ArgumentMap | None:
    """The fast reader declines `text` (None), or builds the very map Lark builds, spans included.

    `attrs.asdict` keeps the spans that equality leaves out. A map Lark
    refuses must be declined.
    """
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    fast = fastread.read(text, name, grammar_text())
    if fast is None:
        return None
    try:
        lark = larkparse.parse_text(text, name)
    except ParseError as error:
        raise AssertionError(f"the fast reader read a map Lark refuses: {error}") from None
    assert attrs.asdict(fast) == attrs.asdict(lark)
    return fast


def _assert_located(error: argmap.MapError, name: str) -> None:
    for diagnostic in error.diagnostics:
        span = diagnostic.span
        assert span.file == name, diagnostic
        assert span.line >= 1 and span.column >= 1, diagnostic
        assert diagnostic.message and "\n" not in diagnostic.message, diagnostic
        assert not _LARK_WORDS.search(f"{diagnostic.message} {diagnostic.hint or ''}"), diagnostic
    report = error.report()
    assert report.startswith(f"{name}:{error.diagnostic.span.line}:{error.diagnostic.span.column}: "), report


def parse_or_locate(text: str, name: str = "fuzz.arg") -> argmap.ArgumentMap | None:
    """The map, or None after checking the error is located and in words."""
    try:
        return argmap.parse(text, name)
    except argmap.MapError as error:
        _assert_located(error, name)
        return None


def decode_parse_or_locate(data: bytes, name: str = "fuzz.arg") -> argmap.ArgumentMap | None:
    """As `parse_or_locate`, starting from the bytes of a file."""
    try:
        text = decode(data, name)
    except argmap.MapError as error:
        _assert_located(error, name)
        return None
    return parse_or_locate(text, name)


def every_stage(argument_map: argmap.ArgumentMap) -> None:
    """Check, evaluate, export and compile a parsed map: none of them may raise."""
    run_checks(argument_map)
    evaluate(argument_map, limit=2000)
    to_json(argument_map)
    compile_map(argument_map).source  # noqa: B018  (building the DOT text is the point)


def formats_faithfully(text: str, width: int = 100, name: str = "fmt.arg") -> str | None:
    """The layout `argmap fmt` gives a map, after checking it; None for a text that is no map.

    The layout says what the map says (the JSON export is the same, spans
    aside), keeps every comment's words, and is its own layout.
    """
    try:
        before = argmap.parse(text, name)
    except argmap.MapError:
        return None
    formatted = format_text(text, name, width)
    assert _without_spans(to_data(argmap.parse(formatted, name))) == _without_spans(to_data(before)), formatted
    assert sorted(_comment_words(formatted)) == sorted(_comment_words(text)), formatted
    assert format_text(formatted, name, width) == formatted, formatted
    return formatted


def _without_spans(data: Any) -> Any:
    if isinstance(data, dict):
        return {key: _without_spans(value) for key, value in data.items() if key != "span"}
    if isinstance(data, list):
        return [_without_spans(item) for item in data]
    return data


_TEXT_OR_COMMENT = re.compile(r'"(?:[^"\\]|\\.)*"|#[^\n]*', re.S)


def _comment_words(text: str) -> list[str]:
    """What the comments say, piece by piece: comments that end on one line may be joined there."""
    comments = (m.group() for m in _TEXT_OR_COMMENT.finditer(normalise(text)) if m.group().startswith("#"))
    return [piece.strip() for comment in comments for piece in comment.split("#") if piece.strip()]


# --- random text close to the language --------------------------------------------

_PIECES = [
    *KEYWORDS, "won", "leverage", "x", "y", "kremlin", '"a text"', '"multi\nline"', '"esc \\" aped"', "{", "}",
    ":", ",", "%", "0.7", "70", "2", "B", "in", "out", "undec", "AM501", "#", "# comment\n", "\n", "\r\n", '"',
    "“", "”", "'", "\\", "\t", "\x00", "\ufeff", "\u202e", "e\u0301", "\u00a0", "@", "-", "1.2.3",
]  # fmt: skip


def token_soup() -> st.SearchStrategy[str]:
    """Keywords, ids, texts and punctuation in any order, now and then a long run of one: mostly wrong."""
    separator = st.sampled_from([" ", "\n", "", "  "])
    times = st.one_of(st.just(1), st.integers(1, 3), st.integers(20, 200))
    return st.lists(st.tuples(st.sampled_from(_PIECES), separator, times), max_size=40).map(
        lambda parts: "".join((p + s) * n for p, s, n in parts)
    )


# --- mutations of the seed maps ---------------------------------------------------

_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|#[^\n]*|[^\W\d][\w-]*|\d+(?:\.\d+)?|\S')


@st.composite
def seed_mutants(draw: st.DrawFn) -> str:
    """A seed map with tokens deleted, duplicated or swapped, or cut short."""
    text = draw(st.sampled_from(SEED_TEXTS))
    for _ in range(draw(st.integers(1, 4))):
        tokens = [m.span() for m in _TOKEN.finditer(text)]
        if not tokens:
            break
        i = draw(st.integers(0, len(tokens) - 1))
        start, end = tokens[i]
        operation = draw(st.sampled_from(["delete", "duplicate", "swap", "truncate"]))
        if operation == "delete":
            text = text[:start] + text[end:]
        elif operation == "duplicate":
            text = text[:end] + " " + text[start:end] + text[end:]
        elif operation == "swap" and i + 1 < len(tokens):
            next_start, next_end = tokens[i + 1]
            text = text[:start] + text[next_start:next_end] + text[end:next_start] + text[start:end] + text[next_end:]
        elif operation == "truncate":
            text = text[: draw(st.integers(0, len(text)))]
    return text


@st.composite
def seed_byte_mutants(draw: st.DrawFn) -> bytes:
    """A seed map's UTF-8 bytes with random bytes injected, or cut at any byte (mid-character too)."""
    data = draw(st.sampled_from(SEED_TEXTS)).encode()
    if draw(st.booleans()):
        return data[: draw(st.integers(0, len(data)))]
    for _ in range(draw(st.integers(1, 3))):
        at = draw(st.integers(0, len(data)))
        data = data[:at] + draw(st.binary(min_size=1, max_size=4)) + data[at:]
    return data


# --- long runs of one thing --------------------------------------------------------
# The shapes that once cost time squared in their length (issue: "A map is untrusted
# input"): each is a small map around one run of `n` characters or statements. A fuzz
# run's deadline per input tells a run that grows worse than linearly.


def _escapes(n: int, closed: bool) -> str:
    return 'claim a: "' + '\\"' * (n // 2) + ('"\n' if closed else "\n")


def _spaces(n: int, closed: bool) -> str:
    return 'claim a: "x\n' + " " * n + ('y"\n' if closed else "y\n")


def _blank_lines(n: int, closed: bool) -> str:
    line_end = "\n" if closed else "\r\n"
    return f'claim a: "x"{line_end}' + line_end * n + f'claim b: "y"{line_end}a supports b{line_end}'


def _id_list(n: int, closed: bool) -> str:
    """`i0, i1, ... supports x`: defined claims, or undefined ones (each asks for a "did you mean")."""
    ids = [f"i{k}" for k in range(max(n // 6, 1))]
    defined = "".join(f'claim {i}: "t"\n' for i in ids) if closed else 'claim i: "t"\n'
    return defined + 'claim x: "x"\n' + ", ".join(ids) + " supports x\n"


def _long_ids(n: int, closed: bool) -> str:
    """Long ids, and a reference to one that is off by its last letter."""
    count = max(n // 200, 1)
    ids = [f"{'a' * 190}{k:09d}" for k in range(count)]
    near = ids[-1][:-1] + ("x" if closed else "")
    return "".join(f'claim {i}: "t"\n' for i in ids) + f"{near} supports {ids[0]}\n"


def _contradictions(n: int, closed: bool) -> str:
    """Independent contradictions: the preferred search's worst case, each doubling its extensions."""
    pairs = max(n // 40, 1)
    claims = "".join(f'claim a{k}: "A"\nclaim b{k}: "B"\na{k} contradicts b{k}\n' for k in range(pairs))
    return claims + ('claim c: "C"\nc rebuts a0\n' if closed else "")


def _same_supports(n: int, closed: bool) -> str:
    """One support written again and again (each copy is named apart from the others)."""
    return 'claim a: "A"\nclaim b: "B"\n' + "a supports b\n" * max(n // 13, 1)


_LONG_RUN_SHAPES = {
    "escapes": _escapes,
    "spaces": _spaces,
    "blank lines": _blank_lines,
    "id list": _id_list,
    "long ids": _long_ids,
    "contradictions": _contradictions,
    "same supports": _same_supports,
}


@st.composite
def long_runs(draw: st.DrawFn, max_size: int = 2_000) -> str:
    """A map around one long run (up to `max_size` characters): escapes, spaces, blank lines, ids, contradictions."""
    shape = draw(st.sampled_from(sorted(_LONG_RUN_SHAPES)))
    return _LONG_RUN_SHAPES[shape](draw(st.integers(1, max_size)), draw(st.booleans()))


# --- comments anywhere -------------------------------------------------------------


@st.composite
def with_comments(draw: st.DrawFn, texts: st.SearchStrategy[str]) -> str:
    """A text with comments put after some of its tokens: at the end of a line, or on lines of their own."""
    text = draw(texts)
    ends = sorted({m.end() for m in _TOKEN.finditer(text)})
    chosen = draw(st.lists(st.sampled_from(ends), max_size=6, unique=True)) if ends else []
    for end in sorted(chosen, reverse=True):  # from the end, so the places before stay where they were
        comment = "# " + draw(st.text(_comment_chars, max_size=10))
        layout = draw(st.sampled_from(["  {}\n", "\n{}\n", "\n\n{}\n\n", " {}\n  "]))
        text = text[:end] + layout.format(comment) + text[end:]
    return text


# --- maps generated from the grammar ----------------------------------------------

# Keywords are not reserved, but an id spelt like a detail keyword at the start
# of a line continues the statement before it; a generator of valid maps avoids them.
RESERVED_IN_GENERATED_MAPS = frozenset(KEYWORDS) | {"and"}


@attrs.frozen
class Generated:
    """A map's text and the ids of its claims, in the order written."""

    text: str
    claim_ids: list[str]


_ids = st.from_regex(r"[a-zA-Zé_][a-zA-Z0-9é_\-]{0,7}", fullmatch=True).filter(
    lambda word: word not in RESERVED_IN_GENERATED_MAPS
)
_text_chars = st.characters(blacklist_categories=("Cs",), blacklist_characters='"\\\x00\r')
_comment_chars = st.characters(blacklist_categories=("Cs",), blacklist_characters="\n\r\x00")


def _texts() -> st.SearchStrategy[str]:
    body = st.lists(st.one_of(st.text(_text_chars, max_size=12), st.sampled_from(['\\"', "\\\\", "\n  "])), max_size=4)
    return body.map(lambda parts: '"' + "".join(parts) + '"')


def _id_list(ids: st.SearchStrategy[str], min_size: int = 1) -> st.SearchStrategy[str]:
    return st.lists(ids, min_size=min_size, max_size=3).flatmap(
        lambda items: st.lists(st.sampled_from([", ", " and "]), min_size=len(items) - 1, max_size=len(items) - 1).map(
            lambda joins: items[0] + "".join(j + i for j, i in zip(joins, items[1:], strict=True))
        )
    )


@st.composite
def _claim_details(draw: st.DrawFn) -> str:
    parts = []
    if draw(st.booleans()):
        parts.append("by " + draw(_id_list(_ids)))
    if draw(st.booleans()):
        parts.append(f"quote {draw(_ids)} {draw(_texts())}")
    if draw(st.booleans()):
        parts.append("cite " + draw(_id_list(_ids)))
    if draw(st.booleans()):
        parts.append("likelihood " + draw(st.sampled_from(['"likely"', '"almost certain"', '"roughly even chance"'])))
    if draw(st.booleans()):
        parts.append("probability " + draw(st.sampled_from(["0", "1", "0.25", "70%", "100 %"])))
    if draw(st.booleans()):
        parts.append(f"credibility {draw(st.integers(1, 6))}")
    if draw(st.booleans()):
        parts.append("tags " + draw(_id_list(_ids)))
    if draw(st.booleans()):
        parts.append("note " + draw(_texts()))
    if draw(st.booleans()):
        verb = draw(st.sampled_from(["supports", "rebuts", "undermines", "undercuts", "contradicts"]))
        parts.append(f"{verb} {draw(_ids)}")
    draw(st.randoms()).shuffle(parts)
    return draw(st.sampled_from([" ", "\n  "])).join(["", *parts]) if parts else ""


@st.composite
def _relation(draw: st.DrawFn) -> str:
    kind = draw(st.sampled_from(["support", "together", "attack", "step", "contradiction"]))
    if kind == "support":
        return f"{draw(_id_list(_ids))} {draw(st.sampled_from(['supports', 'support']))} {draw(_ids)}"
    if kind == "together":
        return f"{draw(_id_list(_ids, min_size=2))} together support {draw(_ids)}"
    if kind == "attack":
        verb = draw(st.sampled_from(["rebuts", "rebut", "undermines", "undermine", "undercuts", "undercut"]))
        return f"{draw(_id_list(_ids))} {verb} {draw(_ids)}"
    if kind == "step":
        return f"{draw(_ids)} undercuts {draw(_ids)} to {draw(_ids)}"
    acknowledged = f" acknowledged {draw(_texts())}" if draw(st.booleans()) else ""
    return f"{draw(_ids)} contradicts {draw(_ids)}{acknowledged}"


@st.composite
def generated_maps(draw: st.DrawFn) -> Generated:
    """A valid map: every kind of statement, in any order, with random ids and texts."""
    lines: list[str] = []
    claim_ids: list[str] = []
    if draw(st.booleans()):
        lines.append(f"title {draw(_texts())}")
    for _ in range(draw(st.integers(0, 12))):
        kind = draw(st.sampled_from(["include", "source", "actor", "claim", "argument", "relation", "acknowledge",
                                     "expect", "comment"]))  # fmt: skip
        if kind == "include":
            lines.append(f"include {draw(_texts())}")
        elif kind == "source":
            details = draw(st.sampled_from(["", ' file "seed.txt"', " reliability B", " tags wire", ' note "n"']))
            lines.append(f"source {draw(_ids)} {draw(_texts())}{details}")
        elif kind == "actor":
            details = draw(st.sampled_from(["", ' role "analyst"', " unnamed", " tags crowd", ' note "n"']))
            lines.append(f"actor {draw(_ids)} {draw(_texts())}{details}")
        elif kind == "claim":
            ident = draw(_ids)
            keyword = draw(st.sampled_from(["claim", "premise", "conclusion", "objection", "rebuttal"]))
            lines.append(f"{keyword} {ident}: {draw(_texts())}{draw(_claim_details())}")
            claim_ids.append(ident)
        elif kind == "argument":
            members = []
            for _ in range(draw(st.integers(0, 4))):
                ident = draw(_ids)
                role = draw(st.sampled_from(["premise", "conclusion", "claim", "objection"]))
                if role in ("premise", "conclusion") and draw(st.booleans()):
                    members.append(f"  {role} {ident}")
                else:
                    members.append(f"  {role} {ident}: {draw(_texts())}{draw(_claim_details())}")
                    claim_ids.append(ident)
            if draw(st.booleans()):
                members.append("  " + draw(_relation()))
            by = f" by {draw(_ids)}" if draw(st.booleans()) else ""
            lines.append(f"argument {draw(_ids)} {draw(_texts())}{by} {{\n" + "\n".join(members) + "\n}")
        elif kind == "relation":
            lines.append(draw(_relation()))
        elif kind == "acknowledge":
            target = f" on {draw(_ids)}" if draw(st.booleans()) else ""
            lines.append(f"acknowledge {draw(st.sampled_from(['AM501', 'circular-support']))}{target} {draw(_texts())}")
        elif kind == "expect":
            lines.append(f"expect {draw(_ids)} {draw(st.sampled_from(['in', 'out', 'undec']))}")
        else:
            lines.append("# " + draw(st.text(_comment_chars)))
    line_end = draw(st.sampled_from(["\n", "\r\n"]))
    return Generated(line_end.join(lines) + line_end, claim_ids)
