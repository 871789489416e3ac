"""The fast reader: a well-formed map read in one pass, without Lark's per-token machinery.

`argmap.parse` tries this reader first. The Lark parser (`argmap.read.larkparse`,
built from `grammar/argmap.lark`, which defines the language) reads whatever
this reader declines: every map with a mistake, so that every error message
comes from one place, and the rare well-formed map this reader does not read
(a link starting with an id spelled like a keyword, say). Where it reads a map, it builds exactly
the model Lark's builder would, spans included: tests hold the two readers to
that on every fixture, the seed maps and generated and mutated maps.

Why a second reader: Lark's LALR loop runs in Python, a few microseconds per
token with the builder's callbacks, and on a map of thousands of arguments it
was most of `argmap check`'s time. Here one C-level `re.split` cuts the text
into tokens and a recursive-descent reader takes them statement by statement;
importing Lark and loading its tables is skipped as well.

Its rules for keywords follow the grammar's contextual lexer where that is
simple: where the grammar takes nothing but an id (after `claim`, `by`, a
comma or a link word), any word is an id, so `claim in: ...` and `expect in
out` are read here. At the start of a link, where a keyword would start a
statement, only `in`, `out` and `undec` are ids; a link starting with another
word spelled like a keyword (`to supports b`) is declined, and Lark reads it. The reader also stands aside
altogether when the grammar file is not the one it was written for, so a
change to the language cannot be misread here unnoticed (a test says so).
"""

from __future__ import annotations

import functools
import itertools
import re
import sys
import zlib
from array import array
from bisect import bisect_left, bisect_right
from typing import Any

import attrs

from argmap.gcpause import paused_gc
from argmap.model import (
    Acknowledgement,
    Actor,
    Argument,
    ArgumentMap,
    Attack,
    AttackKind,
    CellOverride,
    Claim,
    ClaimKind,
    Contradiction,
    Expectation,
    HypothesisSet,
    Preference,
    Quote,
    Ref,
    Source,
    Span,
    Status,
    Support,
)
from argmap.read.vocabulary import ACH_CELLS, CLOSED_TEXT_PATTERN, CONFIDENCE_LEVELS, ID_REFUSED, TEXT_PATTERN

__all__ = [
    "GRAMMAR_FINGERPRINT",
    "Stop",
    "fingerprint",
    "fold_lines",
    "read",
    "read_or_stop",
    "reserved_words",
    "unquote",
]

# The checksum of the grammar this reader was written for (comments included,
# to keep the test simple): when the grammar changes, `read` declines every
# map until this reader is brought up to date and the fingerprint with it.
GRAMMAR_FINGERPRINT = "601eae0c"

# A token: a text, a comment, a word, a number or a mark. The gaps between
# tokens must be blanks the grammar ignores, or the reader stops there. A text
# never closed runs to the end of the map (see TEXT_PATTERN); the reader stops at it.
_CLOSED_TEXT = re.compile(CLOSED_TEXT_PATTERN, re.S)
_TOKEN = re.compile(rf"({TEXT_PATTERN}|[^\W\d][\w\-]*|\d+(?:\.\d+)?|[:,{{}}%])", re.S)
_TEXT_OR_COMMENT = re.compile(rf"({TEXT_PATTERN})|#[^\n]*", re.S)
_NEWLINE = re.compile("\n")
_NOT_BLANK = re.compile(r"[^ \t\f\r\n]")
# Where the tokens stop making sense (a stray character, a text never closed),
# this stands in their place. It is read as a mark no rule takes, so the reader
# stops at it. No map holds a NUL (`argmap.parse` refuses it first).
_STRAY = "\x00"
_MARKS = frozenset('":,{}%' + _STRAY)
_LINE_BREAK = re.compile(r"\n\s*")
_ESCAPE = re.compile(r"\\([\"\\])")

_CLAIM_KINDS = {kind.value: kind for kind in ClaimKind}
_SUPPORT_VERBS = frozenset({"supports", "support"})
_ATTACK_KINDS = {
    "rebuts": AttackKind.REBUT, "rebut": AttackKind.REBUT,
    "undermines": AttackKind.UNDERMINE, "undermine": AttackKind.UNDERMINE,
    "undercuts": AttackKind.UNDERCUT, "undercut": AttackKind.UNDERCUT,
}  # fmt: skip
_STATUSES = {status.value: status for status in Status}
_CREDIBILITY = frozenset("123456")
_LINK_ORDER = {Support: 0, Attack: 1, Contradiction: 2}
_LINK_WORDS = frozenset({*_SUPPORT_VERBS, *_ATTACK_KINDS, "contradicts"})
_CLAIM_DETAILS = frozenset(
    {"by", "quote", "cite", "likelihood", "confidence", "probability", "credibility", "tags", "note", *_LINK_WORDS}
)
_GIVEN_ONCE = frozenset({"file", "reliability", "role", "likelihood", "confidence", "probability", "credibility"})
_CONFIDENCE_LEVELS = frozenset(CONFIDENCE_LEVELS)
# Of a run of details longer than twice this, Lark reads this many at each end (see `Stop`).
_DETAILS_KEPT = 8


class _Decline(Exception):
    """Something this reader leaves to Lark: a mistake, or a form it does not read."""


def fingerprint(grammar: str) -> str:
    """A checksum of the grammar's text (CRC-32: it guards against change, not against forgery)."""
    return f"{zlib.crc32(grammar.encode('utf-8')):08x}"


@functools.cache
def reserved_words(grammar: str) -> frozenset[str]:
    """Every word the grammar spells as a literal: its keywords, `and`, and the statuses."""
    rules = re.sub(r"//[^\n]*", "", grammar)
    return frozenset(re.findall(r'"([^\W\d][\w\-]*)"', rules))


def read(text: str, path: str, grammar: str) -> ArgumentMap | None:
    """The map in `text` (already normalised: no BOM, `\\n` line ends), or None to leave it to Lark."""
    found = read_or_stop(text, path, grammar)
    return found if isinstance(found, ArgumentMap) else None


@attrs.frozen
class Stop:
    """Where this reader stopped: the stretches of the text Lark must read to find the mistake there.

    They are offsets (start, end), in order; the last runs to the end of the
    text. Lark reading only them finds the first mistake it would find in
    the whole text, and explains it the same way: the statement this reader
    could not read, and the one before it, which Lark has not yet closed
    when the mistake is at the next statement's first word. Inside an
    argument that is the argument's head, up to its `{`, and its members from
    the one before the member this reader could not read; an argument before
    is its head and its last member. Of a long run of details that may
    repeat (tags, notes, links...), only the first and last few are kept.
    Everything else this reader read, so it is well-formed.
    """

    read: tuple[tuple[int, int], ...]
    # The map's title statement, when this reader read one: a second title is a mistake only beside it.
    title: tuple[int, int] | None = None
    # The text's tokens, so that reading on after the mistake (`read_or_stop`'s `tokens`) does not cut them again.
    tokens: Any = attrs.field(default=None, eq=False, repr=False)


def read_or_stop(
    text: str,
    path: str,
    grammar: str,
    start: int = 0,
    head: tuple[int, int] | None = None,
    tokens: Any = None,
    titled: bool = False,
) -> ArgumentMap | Stop:
    """The map in `text`, as `read`; or, where this reader stops, what Lark must read to find the mistake.

    See `argmap.read.larkparse.parse_text`. With a grammar this reader was not
    written for, it stops at once: Lark must read everything.

    After a mistake, reading goes on from `start`, a statement's first word
    (the map read from there is only ever the sign that nothing is wrong in
    it); `head` is the argument's head, from its keyword to its `{`, when
    `start` is a member of its body or its `}`, `tokens` are those of an
    earlier `Stop` of the same text, used again where they hold, and `titled`
    says the map has a title before `start`, so that another is a mistake.
    """
    if fingerprint(grammar) != GRAMMAR_FINGERPRINT:
        return Stop(((head,) if head is not None else ()) + ((start, len(text)),))
    tokens = _tokens_from(text, start, tokens)
    reader = _Reader(tokens, path, reserved_words(grammar), bisect_left(tokens.starts, start), head)
    reader.titled = titled
    try:
        with paused_gc():
            return reader.read_map()
    except (_Decline, IndexError):  # IndexError: the text ended inside a statement
        stop = reader.stop()
        return attrs.evolve(stop, tokens=tokens)


def _tokens_from(text: str, start: int, tokens: _Tokens | None) -> _Tokens:
    """The tokens of `text` from `start` on: `tokens` when `start` is one of them, else cut again from there."""
    if tokens is not None:
        index = bisect_left(tokens.starts, start)
        if index < len(tokens.values) - 1 and tokens.starts[index] == start and tokens.values[index] != _STRAY:
            return tokens
        return _tokenize(text, start, tokens.line_starts)
    return _tokenize(text, start)


class _Tokens:
    """The tokens of a text, comments left out, and where each starts and ends.

    Offsets are kept in arrays of machine integers, not lists of Python ones:
    a tenth of the memory, which a map of short ids would otherwise spend
    several times over on them.
    """

    def __init__(self, values: list[str], starts: array[int], stops: array[int], line_starts: array[int]) -> None:
        self.values = values
        self.starts = starts
        self.stops = stops
        self.line_starts = line_starts


def _tokenize(text: str, start: int = 0, line_starts: array[int] | None = None) -> _Tokens:
    """The tokens from `start` on, cut in C by one `re.split`, up to the first that makes no sense.

    Comments become blanks of the same length first, so offsets stay true.
    A gap between tokens that holds anything but blanks, or a text never
    closed, ends the tokens with `_STRAY` where it starts. Line and column
    numbers are worked out only for the tokens that end up in a span (see
    `_Reader._span`).
    """
    whole = text
    if start:
        text = text[start:]
    if "#" in text:
        text = _TEXT_OR_COMMENT.sub(_blank_comment, text)
    parts = _TOKEN.split(text)
    ends = array("q", itertools.accumulate(map(len, parts), initial=start))
    del ends[0]
    values = parts[1::2]
    starts = ends[0::2]  # one more than the tokens: the last is the end of the text
    stops = ends[1::2]
    stray = _first_stray(parts[0::2], starts)
    if stray is None and values and values[-1][0] == '"' and not _CLOSED_TEXT.fullmatch(values[-1]):
        stray = len(values) - 1, starts[-2]  # only the last text can be left open: it runs to the end
    if stray is not None:
        index, offset = stray
        del values[index:], starts[index:], stops[index:]
        values.append(_STRAY)
        starts.extend((offset, len(whole)))
        stops.append(offset + 1)
    values.append("")  # the end: no statement starts with it and no id is empty
    if line_starts is None:
        line_starts = array("q", itertools.chain((0,), (found.end() for found in _NEWLINE.finditer(whole))))
    return _Tokens(values, starts, stops, line_starts)


def _first_stray(gaps: list[str], starts: array[int]) -> tuple[int, int] | None:
    """The first character between tokens that is not a blank: the index of the token after it, and its offset."""
    found = _NOT_BLANK.search("".join(gaps))
    if found is None:
        return None
    gap_ends = list(itertools.accumulate(map(len, gaps)))
    index = bisect_right(gap_ends, found.start())  # gap `index` comes just before token `index`
    return index, starts[index] - (gap_ends[index] - found.start())


def _blank_comment(found: re.Match[str]) -> str:
    text = found.group(1)
    return text if text is not None else " " * len(found.group())


def unquote(value: str) -> str:
    """A text token's words: escapes undone, a line break and its indentation folded to a space."""
    body = value[1:-1]
    if "\\" in body:
        body = _ESCAPE.sub(r"\1", body)
    if "\n" in body:
        body = fold_lines(body)
    return body


def fold_lines(body: str) -> str:
    """Each line break, with the spaces and tabs before it and all whitespace after it, made one space.

    The breaks are found first and each line's end stripped after: a pattern
    starting at the blanks before a break (`[ \\t]*\\n`) ran through a long run
    of blanks from each of its blanks, quadratic in the run (two minutes for
    200 KB of spaces in a text of two lines).
    """
    lines = _LINE_BREAK.split(body)
    last = lines.pop()
    return "".join([line.rstrip(" \t") + " " for line in lines]) + last


class _Reader:
    """Recursive descent over the tokens, one method per statement, building the model as it goes.

    A token is named by its index; `self.at` is the next one to read. The
    last value is "", which ends every loop and is no id, so reading never
    runs past the end without declining.
    """

    def __init__(
        self, tokens: _Tokens, path: str, reserved: frozenset[str], first: int = 0, head: tuple[int, int] | None = None
    ) -> None:
        self.values = tokens.values
        self.starts = tokens.starts
        self.stops = tokens.stops
        self.line_starts = tokens.line_starts
        self.path = path
        self.reserved = reserved
        self.at = first
        # Reading on inside an argument (see `read_or_stop`): where, and its head, which Lark is given
        # with the member this reader stops in (or, once the body is read, with the statement after it).
        self.first = first
        self.head = head
        self.before_head = False
        self.titled = False  # a title was read before `first`
        # Where this reader is, for `stop`, by token: the statement being read,
        # and the one before as Lark needs it; in an argument's body, its first
        # token and the members being read, this one and the one before.
        self.statement = first
        self.before: list[tuple[int, int]] = []
        self.body: int | None = None
        self.member = self.previous_member = first
        # The details of the statement, member or argument head being read, by
        # first token (-1 for one that may be given once), and the middles of
        # long runs of details read so far, which Lark may skip.
        self.details: list[int] = []
        self.cuts: list[tuple[int, int]] = []
        self.title: int | None = None  # the token of the map's `title`

    def stop(self) -> Stop:
        """The stretches Lark must read to find the mistake this reader stopped at (see `Stop`)."""
        self._end_details()
        end = len(self.starts) - 1  # the last start is the end of the text
        if self.body is not None:
            read = [(self.statement, self.body), (self.previous_member, end)]
        else:
            read = [*self.before, (self.statement, end)]
        stretches = []
        for first, last in read:
            for cut_start, cut_end in self.cuts:
                if first <= cut_start and cut_end <= last:
                    stretches.append((first, cut_start))
                    first = cut_end
            stretches.append((first, last))
        title = self.title
        read_on = self.head is not None and (self.before_head if self.body is None else self.statement == self.first)
        return Stop(
            ((self.head,) if read_on else ())  # type: ignore[arg-type]
            + tuple((self.starts[first], self.starts[last]) for first, last in stretches if first < last),
            (self.starts[title], self.stops[title + 1]) if title is not None else None,
        )

    def _detail(self, word: str) -> None:
        """A detail of the statement being read starts at the next token, with `word`."""
        self.details.append(-1 if word in _GIVEN_ONCE else self.at)

    def _end_details(self) -> None:
        """The details read since the last call are over: keep the middle of each long run of them as a cut.

        A run is broken by a detail that may be given once (Lark must see it
        to find it given twice), and keeps `_DETAILS_KEPT` at each end.
        """
        details = self.details
        if len(details) > 2 * _DETAILS_KEPT:
            details.append(-1)
            run = 0
            for index, at in enumerate(details):
                if at < 0:
                    if index - run > 2 * _DETAILS_KEPT:
                        self.cuts.append((details[run + _DETAILS_KEPT], details[index - _DETAILS_KEPT]))
                    run = index + 1
        details.clear()

    def _next_statement(self) -> None:
        """A statement starts at the next token: keep the one that ends there as Lark needs it."""
        self._end_details()
        start, end = self.statement, self.at
        self.before_head = self.body is not None and start == self.first
        if self.body is None:
            self.before = [(start, end)]
        else:  # an argument: its head, and its last member with the closing '}'
            self.before = [(start, self.body), (self.previous_member, end)]
        self.statement, self.body = end, None

    def _next_member(self) -> None:
        """A member of the argument being read starts at the next token."""
        self._end_details()
        self.previous_member, self.member = self.member, self.at

    # tokens

    def _id(self) -> int:
        """A word where the grammar takes nothing but an id, so a keyword there is an id too: `claim in: ...`.

        Lark's contextual lexer reads a word as a keyword only where the parser
        can take that keyword next; after `claim`, `by`, `,` or a link word it
        can take only an id.
        """
        at = self.at
        value = self.values[at]
        if not value or value[0] in _MARKS or value[0].isdecimal():
            raise _Decline
        self.at = at + 1
        return at

    def _own_id(self) -> int:
        """The id a claim or an argument is defined with: not a keyword a line may start with (Lark refuses it)."""
        at = self._id()
        if self.values[at] in ID_REFUSED:
            raise _Decline
        return at

    def _first_id(self) -> int:
        """The first word of a link: a keyword there would start a statement, save in, out and undec."""
        value = self.values[self.at]
        if value in self.reserved and value not in _STATUSES:
            raise _Decline
        return self._id()

    def _id_list(self, first: int | None = None) -> list[int]:
        found = [self._id() if first is None else first]
        while self.values[self.at] in (",", "and"):
            self.at += 1
            found.append(self._id())
        return found

    def _ref_list(self) -> list[Ref]:
        """`a, b and c` after `by` or `cite`: a reference to each."""
        return [self._ref(t) for t in self._id_list()]

    def _text(self) -> str:
        """The words of the text token next."""
        value = self.values[self.at]
        if value[:1] != '"':
            raise _Decline
        self.at += 1
        return unquote(value)

    def _number(self) -> str:
        value = self.values[self.at]
        if not value[:1].isdecimal():
            raise _Decline
        self.at += 1
        return value

    def _position(self, offset: int) -> tuple[int, int]:
        """Lark's line and column for an offset."""
        line = bisect_right(self.line_starts, offset)
        return line, offset - self.line_starts[line - 1] + 1

    def _span(self, first: int, last: int | None = None) -> Span:
        """From the start of token `first` to the end of token `last` (or of `first`)."""
        line, column = self._position(self.starts[first])
        if last is None or last == first:
            if "\n" not in self.values[first]:
                return Span(self.path, line, column, line, column + self.stops[first] - self.starts[first])
            last = first
        end_line, end_column = self._position(self.stops[last])
        return Span(self.path, line, column, end_line, end_column)

    def _ref(self, at: int) -> Ref:
        """A reference to the id at token `at` (an id is one line: no end position to look up)."""
        start = self.starts[at]
        line = bisect_right(self.line_starts, start)
        column = start - self.line_starts[line - 1] + 1
        value = self.values[at]
        return Ref(sys.intern(value), Span(self.path, line, column, line, column + len(value)))

    # the map

    def read_map(self) -> ArgumentMap:
        title: str | None = None
        includes: list[Ref] = []
        sources: list[Source] = []
        actors: list[Actor] = []
        claims: list[Claim] = []
        arguments: list[Argument] = []
        supports: list[Support] = []
        attacks: list[Attack] = []
        contradictions: list[Contradiction] = []
        acknowledgements: list[Acknowledgement] = []
        expectations: list[Expectation] = []
        preferences: list[Preference] = []
        hypotheses: list[HypothesisSet] = []
        overrides: list[CellOverride] = []
        buckets: dict[type, list[Any]] = {
            Claim: claims, Support: supports, Attack: attacks, Contradiction: contradictions,
        }  # fmt: skip
        values = self.values
        if self.head is not None:
            self._members("")  # reading on inside an argument, after a mistake: only whether it reads counts
        while True:
            self._next_statement()
            word = values[self.at]
            if word in _CLAIM_KINDS:
                made, _role = self._claim(None)
                if not made:
                    raise _Decline  # `premise x` with no text outside an argument
                for item in made:
                    buckets[type(item)].append(item)
            elif word == "argument":
                argument, members = self._argument()
                arguments.append(argument)
                for item in members:
                    buckets[type(item)].append(item)
            elif word == "source":
                sources.append(self._source())
            elif word == "actor":
                actors.append(self._actor())
            elif word == "title":
                if title is not None or self.titled:
                    raise _Decline
                at = self.at
                self.at += 1
                title = self._text()
                self.title = at
            elif word == "include":
                self.at += 1
                at = self.at
                includes.append(Ref(self._text(), self._span(at)))
            elif word == "acknowledge":
                acknowledgements.append(self._acknowledge())
            elif word == "expect":
                expectations.append(self._expect())
            elif word == "prefer":
                preferences.append(self._prefer())
            elif word == "hypotheses":
                hypotheses.append(self._hypotheses())
            elif word == "ach":
                overrides.append(self._cell_override())
            elif not word:
                break
            else:
                for item in self._relation(None):
                    buckets[type(item)].append(item)
        return ArgumentMap(
            title=title,
            files=(self.path,),
            includes=tuple(includes),
            sources=tuple(sources),
            actors=tuple(actors),
            claims=tuple(claims),
            arguments=tuple(arguments),
            supports=tuple(supports),
            attacks=tuple(attacks),
            contradictions=tuple(contradictions),
            acknowledgements=tuple(acknowledgements),
            expectations=tuple(expectations),
            hypotheses=tuple(hypotheses),
            cell_overrides=tuple(overrides),
            preferences=tuple(preferences),
        )

    # who and from where

    def _tags_or_note(self, word: str, tags: list[str], notes: list[str]) -> bool:
        """Read `tags a, b` or `note "..."`, which sources, actors and arguments take; False for any other word."""
        if word == "tags":
            self._detail(word)
            self.at += 1
            tags.extend(self.values[t] for t in self._id_list())
        elif word == "note":
            self._detail(word)
            self.at += 1
            notes.append(self._text())
        else:
            return False
        return True

    def _source(self) -> Source:
        self.at += 1
        ident = self._id()
        title = self._text()
        file: str | None = None
        reliability: str | None = None
        tags: list[str] = []
        notes: list[str] = []
        values = self.values
        while True:
            word = values[self.at]
            if word == "file":
                self._detail(word)
                self.at += 1
                if file is not None:
                    raise _Decline
                file = self._text()
            elif word == "reliability":
                self._detail(word)
                self.at += 1
                if reliability is not None:
                    raise _Decline
                graded = self._id()
                reliability = values[graded]
            elif not self._tags_or_note(word, tags, notes):
                break
        return Source(
            values[ident], title, file, reliability, tuple(tags), tuple(notes), span=self._span(ident),
            reliability_span=self._span(graded) if reliability is not None else None,
        )  # fmt: skip

    def _actor(self) -> Actor:
        self.at += 1
        ident = self._id()
        name = self._text()
        role: str | None = None
        unnamed = False
        tags: list[str] = []
        notes: list[str] = []
        values = self.values
        while True:
            word = values[self.at]
            if word == "role":
                self._detail(word)
                self.at += 1
                if role is not None:
                    raise _Decline
                role = self._text()
            elif word == "unnamed":
                self._detail(word)
                self.at += 1
                unnamed = True
            elif not self._tags_or_note(word, tags, notes):
                break
        return Actor(values[ident], name, role, unnamed, tuple(tags), tuple(notes), span=self._span(ident))

    # claims

    def _claim(self, argument: str | None) -> tuple[list[Any], tuple[ClaimKind, Ref] | None]:
        """The claim and the links written into it (none for `premise x` with no text),
        and its role in an argument (`premise` or `conclusion`, and the claim)."""
        values = self.values
        kind = _CLAIM_KINDS[values[self.at]]
        self.at += 1
        ident = self._id()
        claim_ref = self._ref(ident)
        role = (kind, claim_ref) if kind is ClaimKind.PREMISE or kind is ClaimKind.CONCLUSION else None
        if values[self.at] != ":":
            if role is None:
                raise _Decline  # a claim with no text
            return [], role
        if values[ident] in ID_REFUSED:
            raise _Decline  # a keyword a line may start with, refused as a claim's id
        self.at += 1
        text = self._text()
        # The details that may be written many times, by keyword: a list is made only for those
        # written (most claims have a detail or two), and grows in place, however many there are.
        listed: dict[str, list[Any]] = {}
        likelihood: str | None = None
        confidence: str | None = None
        probability: float | None = None
        credibility: int | None = None
        likelihood_at = confidence_at = probability_at = probability_end = 0  # the tokens their values were written in
        links: list[Any] = []  # supports, then attacks, then contradictions, as Lark's builder orders them
        details = self.details
        while True:
            word = values[self.at]
            if word not in _CLAIM_DETAILS:
                break
            details.append(-1 if word in _GIVEN_ONCE else self.at)  # as `_detail` does, in the reader's busiest loop
            self.at += 1
            if word == "cite" or word == "by":
                listed.setdefault(word, []).extend(self._ref_list())
            elif word in _LINK_WORDS:
                self.at -= 1
                links.append(self._link(claim_ref, argument))
            elif word == "quote":
                source = self._id()
                at = self.at
                quoted = self._text()
                listed.setdefault(word, []).append(Quote(self._ref(source), quoted, self._span(source, at)))
            elif word == "likelihood":
                if likelihood is not None:
                    raise _Decline
                likelihood_at = self.at
                likelihood = " ".join(self._text().split())
            elif word == "confidence":
                if confidence is not None or values[self.at] not in _CONFIDENCE_LEVELS:
                    raise _Decline  # a level given twice, or not one of the three (the old `confidence "likely"`)
                confidence_at = self.at
                confidence = values[self.at]
                self.at += 1
            elif word == "probability":
                if probability is not None:
                    raise _Decline
                probability_at = probability_end = self.at
                value = float(self._number())
                if values[self.at] == "%":
                    probability_end = self.at
                    self.at += 1
                    value /= 100
                if not 0 <= value <= 1:
                    raise _Decline
                probability = value
            elif word == "credibility":
                number = self._number()
                if credibility is not None or number not in _CREDIBILITY:
                    raise _Decline
                credibility = int(number)
            elif word == "tags":
                listed.setdefault(word, []).extend([values[t] for t in self._id_list()])
            else:  # note
                listed.setdefault(word, []).append(self._text())
        claim = Claim(
            values[ident], text, kind, tuple(listed.get("by", ())), tuple(listed.get("quote", ())),
            tuple(listed.get("cite", ())), likelihood, probability, confidence, credibility,
            tuple(listed.get("tags", ())),
            tuple(listed.get("note", ())), argument, span=claim_ref.span,
            likelihood_span=self._span(likelihood_at) if likelihood is not None else None,
            probability_span=self._span(probability_at, probability_end) if probability is not None else None,
            confidence_span=self._span(confidence_at) if confidence is not None else None,
        )  # fmt: skip
        if not links:
            return [claim], role
        if len(links) > 1:
            links.sort(key=lambda link: _LINK_ORDER[type(link)])  # stable: written order within each kind
        return [claim, *links], role

    def _link(self, claim_ref: Ref, argument: str | None) -> Support | Attack | Contradiction:
        """A link written into a claim: `supports x`, `undercuts x to y`, `contradicts x acknowledged "..."`."""
        verb = self.at
        word = self.values[verb]
        self.at += 1
        target = self._id()
        if word == "contradicts":
            acknowledged = None
            if self.values[self.at] == "acknowledged":
                self.at += 1
                acknowledged = self._text()
            return Contradiction(claim_ref, self._ref(target), acknowledged, argument=argument, span=self._span(target))
        if word in _SUPPORT_VERBS:
            return Support((claim_ref,), self._ref(target), argument=argument, span=self._span(verb, target))
        kind = _ATTACK_KINDS[word]
        to = None
        if self.values[self.at] == "to":
            self.at += 1
            to = self._id()
            if kind is not AttackKind.UNDERCUT:
                raise _Decline
        inference_to = self._ref(to) if to is not None else None
        return Attack(
            claim_ref, kind, self._ref(target), inference_to, argument=argument, span=self._span(verb, to or target)
        )

    # arguments

    def _argument(self) -> tuple[Argument, list[Any]]:
        self.at += 1
        ident = self._own_id()
        values = self.values
        name = values[ident]
        title = self._text()
        actors: list[Ref] = []
        citations: list[Ref] = []
        tags: list[str] = []
        notes: list[str] = []
        while True:
            word = values[self.at]
            if word == "{":
                self.at += 1
                break
            if word == "by":
                self._detail(word)
                self.at += 1
                actors += self._ref_list()
            elif word == "cite":
                self._detail(word)
                self.at += 1
                citations += self._ref_list()
            elif not self._tags_or_note(word, tags, notes):
                raise _Decline
        self._end_details()
        premises, conclusions, members = self._members(name)
        span = self._span(ident)
        if premises and len(conclusions) == 1:
            conclusion = conclusions[0]
            if not any(type(m) is Support and m.conclusion.id == conclusion.id for m in members):
                members.append(
                    Support(tuple(premises), conclusion, linked=True, argument=name, implicit=True, span=span)
                )
        argument = Argument(
            name, title, tuple(premises), tuple(conclusions), tuple(actors), tuple(citations), tuple(tags),
            tuple(notes), span=span,
        )  # fmt: skip
        return argument, members

    def _members(self, name: str) -> tuple[list[Ref], list[Ref], list[Any]]:
        """An argument's body, up to and with its `}`: its premises, its conclusions, and what its members make."""
        values = self.values
        self.body = self.member = self.at
        premises: list[Ref] = []
        conclusions: list[Ref] = []
        members: list[Any] = []
        while True:
            self._next_member()
            word = values[self.at]
            if word in _CLAIM_KINDS:
                made, role = self._claim(name)
                members.extend(made)
                if role is not None:
                    (premises if role[0] is ClaimKind.PREMISE else conclusions).append(role[1])
            elif word == "}":
                self.at += 1
                break
            else:
                members.extend(self._relation(name))
        return premises, conclusions, members

    # links between claims

    def _relation(self, argument: str | None) -> list[Any]:
        values = self.values
        sides = self._id_list(self._first_id())
        first = sides[0]
        word = values[self.at]
        self.at += 1
        if word == "contradicts" and len(sides) == 1:
            right = self._id()
            acknowledged = None
            if values[self.at] == "acknowledged":
                self.at += 1
                acknowledged = self._text()
            left = self._ref(first)
            return [
                Contradiction(left, self._ref(right), acknowledged, argument=argument, span=self._span(first, right))
            ]
        together = word == "together"
        if together:
            word = values[self.at]
            self.at += 1
            if word not in _SUPPORT_VERBS or len(sides) < 2:
                raise _Decline
        if word in _SUPPORT_VERBS:
            conclusion = self._id()
            span = self._span(first, conclusion)
            refs = tuple(self._ref(t) for t in sides)
            # One reference to the conclusion (and below, to the target) serves every
            # link: a list of thousands of ids makes thousands of links.
            to_conclusion = self._ref(conclusion)
            if together:
                return [Support(refs, to_conclusion, linked=True, argument=argument, span=span)]
            return [Support((ref,), to_conclusion, argument=argument, span=span) for ref in refs]
        kind = _ATTACK_KINDS.get(word)
        if kind is None:
            raise _Decline
        target = self._id()
        to = None
        if values[self.at] == "to":
            self.at += 1
            to = self._id()
            if kind is not AttackKind.UNDERCUT:
                raise _Decline
        span = self._span(first, to or target)
        to_target = self._ref(target)
        inference_to = self._ref(to) if to is not None else None
        return [Attack(self._ref(t), kind, to_target, inference_to, argument=argument, span=span) for t in sides]

    # working with the checker

    def _acknowledge(self) -> Acknowledgement:
        self.at += 1
        rule = self._id()
        target = None
        if self.values[self.at] == "on":
            self.at += 1
            target = self._ref(self._id())
        reason = self._text()
        return Acknowledgement(self.values[rule], reason, target, span=self._span(rule))

    def _prefer(self) -> Preference:
        self.at += 1
        better = self._id()
        if self.values[self.at] != "over":
            raise _Decline
        self.at += 1
        worse = self._id()
        return Preference(self._ref(better), self._ref(worse), span=self._span(better, worse))

    def _expect(self) -> Expectation:
        self.at += 1
        claim = self._id()
        status = self.at
        found = _STATUSES.get(self.values[status])
        if found is None:
            raise _Decline
        self.at += 1
        return Expectation(self._ref(claim), found, span=self._span(claim, status))

    # competing hypotheses

    def _hypotheses(self) -> HypothesisSet:
        self.at += 1
        ident = self._id()
        question = self._text()
        if self.values[self.at] != "{":
            raise _Decline
        self.at += 1
        members = self._ref_list() if self.values[self.at] != "}" else []
        if self.values[self.at] != "}":
            raise _Decline
        self.at += 1
        return HypothesisSet(self.values[ident], question, tuple(members), span=self._span(ident))

    def _cell_override(self) -> CellOverride:
        self.at += 1
        hypothesis = self._id()
        evidence = self._id()
        cell = self._id()
        if self.values[cell] not in ACH_CELLS:
            raise _Decline
        reason = self._text()
        return CellOverride(
            self._ref(hypothesis), self._ref(evidence), self.values[cell], reason, span=self._span(hypothesis, cell)
        )
