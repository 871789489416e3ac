"""The Lark parser: the only module that knows Lark exists.

`grammar/argmap.lark` defines the language, and this parser reads it. It
reads every map the fast reader (`argmap.read.fastread`) declines, so every
mistake is reported from here. The model is built while the LALR parser runs
(a Lark transformer given to the parser), so no parse tree is ever held in
memory. Every Lark error is turned here into a `ParseError` whose message
names what was expected in a reader's words; no Lark type leaves this module.
"""

from __future__ import annotations

import collections
import difflib
import hashlib
import itertools
import os
import re
import stat
import sys
import threading
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any, ClassVar, NoReturn

import attrs
import lark
from lark import Token
from lark.exceptions import UnexpectedCharacters, UnexpectedEOF, UnexpectedInput, UnexpectedToken

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
    Quote,
    Ref,
    Source,
    Span,
    Status,
    Support,
)
from argmap.read.fastread import Stop, unquote
from argmap.read.vocabulary import (
    ACH_CELLS,
    DETAIL_KEYWORDS,
    KEYWORDS,
    RELATION_KEYWORDS,
    STATEMENT_KEYWORDS,
    TEXT_PATTERN,
    grammar_text,
)
from argmap.read.vocabulary import (
    syntax_error as _fail,
)

__all__ = ["parse_text"]

_LINE_START_WORDS = frozenset(KEYWORDS) - {"together", "to", "on"}
# --- building the model while parsing -----------------------------------------


class _BuildError(Exception):
    """A mistake the grammar lets through but the builder can name precisely."""

    def __init__(self, message: str, span: Span, hint: str | None = None):
        super().__init__(message)
        self.message = message
        self.span = span
        self.hint = hint


@attrs.frozen
class _MemberRef:
    """`premise x` or `conclusion x` inside an argument: a claim used, not defined."""

    kind: ClaimKind
    ref: Ref
    defined_here: bool = False  # `premise x: "text"`: the claim is defined too


@attrs.frozen
class _Detail:
    """One detail line of a source, actor, claim or argument, before it is folded in."""

    key: str
    value: Any
    span: Span


@attrs.frozen
class _Title:
    text: str
    span: Span


@attrs.frozen
class _Include:
    ref: Ref


def _unquote(token: Token) -> str:
    """A STRING token's text, as both readers take it (`argmap.read.fastread.unquote`)."""
    return unquote(token.value)


class _Builder(lark.Transformer):  # type: ignore[type-arg]
    """Lark callbacks, one per grammar rule, each returning model objects."""

    def __init__(self) -> None:
        super().__init__()
        self.path = "<string>"

    # helpers

    def _span(self, first: Token, last: Token | None = None) -> Span:
        last = last or first
        return Span(self.path, first.line, first.column, last.end_line, last.end_column)  # type: ignore[arg-type]

    def _ref(self, token: Token) -> Ref:
        return Ref(token.value, self._span(token))

    def _statement_span(self, children: Sequence[Any]) -> Span:
        """From the first token to the end of the last token or object with a span."""
        first = next(c for c in children if isinstance(c, Token))
        end_line, end_column = first.end_line, first.end_column
        for child in reversed(children):
            if isinstance(child, Token):
                end_line, end_column = child.end_line, child.end_column
                break
            span = getattr(child, "span", None)
            if isinstance(span, Span):
                end_line, end_column = span.end_line, span.end_column
                break
        return Span(self.path, first.line, first.column, end_line, end_column)  # type: ignore[arg-type]

    @staticmethod
    def _details(children: Iterable[Any]) -> dict[str, list[_Detail]]:
        grouped: dict[str, list[_Detail]] = {}
        for child in children:
            if isinstance(child, _Detail):
                grouped.setdefault(child.key, []).append(child)
        return grouped

    @staticmethod
    def _once(details: dict[str, list[_Detail]], key: str, default: Any = None) -> Any:
        found = details.get(key)
        if not found:
            return default
        if len(found) > 1:
            raise _BuildError(f"'{key}' is given twice; give it once", found[1].span)
        return found[0].value

    @staticmethod
    def _many(details: dict[str, list[_Detail]], key: str) -> tuple[Any, ...]:
        found = details.get(key)
        if not found:
            return ()
        return tuple(item for d in found for item in d.value)

    # words

    def text(self, children: list[Token]) -> Token:
        return children[0]

    def id_list(self, children: list[Token]) -> list[Token]:
        return [c for c in children if c.type == "ID"]

    def claim_kind(self, children: list[Token]) -> Token:
        return children[0]

    def support_verb(self, children: list[Token]) -> Token:
        return children[0]

    def attack_verb(self, children: list[Token]) -> Token:
        return children[0]

    def together(self, children: list[Token]) -> bool:
        return True

    def target(self, children: list[Token | None]) -> tuple[Token, Token | None]:
        return children[0], children[1]  # type: ignore[return-value]

    # details

    def _detail(self, key: str, value: Any, children: Sequence[Any]) -> _Detail:
        return _Detail(key, value, self._statement_span(children))

    def file(self, c: list[Token]) -> _Detail:
        return self._detail("file", _unquote(c[0]), c)

    def reliability(self, c: list[Token]) -> _Detail:
        return self._detail("reliability", c[0].value, c)

    def role(self, c: list[Token]) -> _Detail:
        return self._detail("role", _unquote(c[0]), c)

    def unnamed(self, c: list[Token]) -> _Detail:
        return _Detail("unnamed", True, Span(self.path, 0, 0, 0, 0))

    def tags(self, c: list[list[Token]]) -> _Detail:
        return self._detail("tags", [t.value for t in c[0]], c[0])

    def note(self, c: list[Token]) -> _Detail:
        return self._detail("note", [_unquote(c[0])], c)

    def by(self, c: list[list[Token]]) -> _Detail:
        return self._detail("by", [self._ref(t) for t in c[0]], c[0])

    def cite(self, c: list[list[Token]]) -> _Detail:
        return self._detail("cite", [self._ref(t) for t in c[0]], c[0])

    def quote(self, c: list[Token]) -> _Detail:
        span = self._span(c[0], c[1])
        return _Detail("quote", [Quote(self._ref(c[0]), _unquote(c[1]), span)], span)

    def confidence(self, c: list[Token]) -> _Detail:
        return self._detail("confidence", " ".join(_unquote(c[0]).split()), c)

    def probability(self, c: list[Token | None]) -> _Detail:
        number, percent = c[0], c[1]
        assert number is not None
        value = float(number.value) / (100 if percent is not None else 1)
        if not 0 <= value <= 1:
            written = _shorten(number.value) + ("%" if percent is not None else "")
            raise _BuildError(
                f"a probability is between 0 and 1 (or 0% and 100%), not {written}",
                self._span(number, percent),
                hint="write it as: probability 0.7, or probability 70%",
            )
        return self._detail("probability", value, [number])

    def credibility(self, c: list[Token]) -> _Detail:
        number = c[0]
        if number.value not in {"1", "2", "3", "4", "5", "6"}:
            raise _BuildError(
                f"credibility is a whole number from 1 to 6, not {_shorten(number.value)}",
                self._span(number),
                hint="the Admiralty grades: 1 confirmed, 2 probably true, 3 possibly true, "
                "4 doubtful, 5 improbable, 6 cannot be judged",
            )
        return self._detail("credibility", int(number.value), c)

    def support_of(self, c: list[Token]) -> _Detail:
        return self._detail("supports", self._ref(c[1]), c)

    def attack_of(self, c: list[Any]) -> _Detail:
        verb, (target, to) = c
        value = (verb, self._ref(target), self._ref(to) if to is not None else None)
        return _Detail("attacks", value, self._span(verb, to or target))

    def contradiction_of(self, c: list[Any]) -> _Detail:
        other, acknowledged = c
        return self._detail("contradicts", (self._ref(other), acknowledged), [other])

    def acknowledged(self, c: list[Token]) -> str:
        return _unquote(c[0])

    # statements

    def title(self, c: list[Token]) -> _Title:
        return _Title(_unquote(c[0]), self._span(c[0]))

    def include(self, c: list[Token]) -> _Include:
        return _Include(Ref(_unquote(c[0]), self._span(c[0])))

    def source(self, c: list[Any]) -> Source:
        ident, title, *rest = c
        details = self._details(rest)
        return Source(
            id=ident.value,
            title=_unquote(title),
            file=self._once(details, "file"),
            reliability=self._once(details, "reliability"),
            tags=self._many(details, "tags"),
            notes=self._many(details, "note"),
            span=self._span(ident),
        )

    def actor(self, c: list[Any]) -> Actor:
        ident, name, *rest = c
        details = self._details(rest)
        return Actor(
            id=ident.value,
            name=_unquote(name),
            role=self._once(details, "role"),
            unnamed=bool(details.get("unnamed")),
            tags=self._many(details, "tags"),
            notes=self._many(details, "note"),
            span=self._span(ident),
        )

    def _refuse_keyword_id(self, ident: Token, what: str) -> None:
        """A claim or argument id must be able to start a link line, so it cannot be a keyword there."""
        if ident.value in _LINE_START_WORDS:
            article = "an" if what[0] in "aeiou" else "a"
            raise _BuildError(
                f"'{ident.value}' is a keyword, so it cannot be the id of {article} {what}: "
                "a line starting with it would read as the keyword",
                self._span(ident),
                hint=f"choose another id, e.g. {ident.value}_{what}",
            )

    def claim(self, c: list[Any]) -> list[Any]:
        kind_token, ident, text, *rest = c
        kind = ClaimKind(kind_token.value)
        if text is None:
            if kind in (ClaimKind.PREMISE, ClaimKind.CONCLUSION):
                # Only legal inside an argument; `argument` below takes these out.
                return [_MemberRef(kind, self._ref(ident))]
            raise _BuildError(
                f"{kind.value} '{_shorten(ident.value)}' has no text",
                self._span(kind_token, ident),
                hint=f'write it as: {kind.value} {_shorten(ident.value)}: "what the {kind.value} says"',
            )
        self._refuse_keyword_id(ident, "claim")
        details = self._details(rest)
        claim_ref = self._ref(ident)
        claim = Claim(
            id=ident.value,
            text=_unquote(text),
            kind=kind,
            actors=self._many(details, "by"),
            quotes=self._many(details, "quote"),
            citations=self._many(details, "cite"),
            confidence=self._once(details, "confidence"),
            probability=self._once(details, "probability"),
            credibility=self._once(details, "credibility"),
            tags=self._many(details, "tags"),
            notes=self._many(details, "note"),
            span=claim_ref.span,
        )
        made: list[Any] = [claim]
        if kind in (ClaimKind.PREMISE, ClaimKind.CONCLUSION):
            made.append(_MemberRef(kind, claim_ref, defined_here=True))
        for d in details.get("supports", []):
            made.append(Support((claim_ref,), d.value, span=d.span))
        for d in details.get("attacks", []):
            verb, target, to = d.value
            made.append(self._attack(claim_ref, verb, target, to, d.span))
        for d in details.get("contradicts", []):
            other, acknowledged = d.value
            made.append(Contradiction(claim_ref, other, acknowledged, span=d.span))
        return made

    def _attack(self, attacker: Ref, verb: Token, target: Ref, to: Ref | None, span: Span) -> Attack:
        kind = AttackKind(verb.value.removesuffix("s"))
        if to is not None and kind is not AttackKind.UNDERCUT:
            raise _BuildError(
                f"'{verb.value} {_shorten(target.id)} to {_shorten(to.id)}' names a step between claims, which only "
                "an undercut can attack",
                span,
                hint=f"write '{_shorten(attacker.id)} undercuts {_shorten(target.id)} to {_shorten(to.id)}', "
                f"or '{_shorten(attacker.id)} {verb.value} {_shorten(target.id)}'",
            )
        return Attack(attacker, kind, target, to, span=span)

    def support(self, c: list[Any]) -> list[Support]:
        premises, together, _verb, conclusion = c
        refs = tuple(self._ref(t) for t in premises)
        span = self._span(premises[0], conclusion)
        if together is not None:
            if len(refs) < 2:
                raise _BuildError(
                    "'together' needs two or more premises", span,
                    hint=f"write '{_shorten(refs[0].id)} supports {_shorten(conclusion.value)}', or list the premises "
                    "that work together",
                )  # fmt: skip
            return [Support(refs, self._ref(conclusion), linked=True, span=span)]
        return [Support((ref,), self._ref(conclusion), span=span) for ref in refs]

    def attack(self, c: list[Any]) -> list[Attack]:
        attackers, verb, (target, to) = c
        span = self._span(attackers[0], to or target)
        to_ref = self._ref(to) if to is not None else None
        return [self._attack(self._ref(a), verb, self._ref(target), to_ref, span) for a in attackers]

    def contradiction(self, c: list[Any]) -> Contradiction:
        left, right, acknowledged = c
        return Contradiction(self._ref(left), self._ref(right), acknowledged, span=self._span(left, right))

    def acknowledge(self, c: list[Any]) -> Acknowledgement:
        rule, target, reason = c
        return Acknowledgement(
            rule=rule.value,
            reason=_unquote(reason),
            target=self._ref(target) if target is not None else None,
            span=self._span(rule),
        )

    def expect(self, c: list[Token]) -> Expectation:
        claim, status = c
        return Expectation(self._ref(claim), Status(status.value), span=self._span(claim, status))

    def hypotheses(self, c: list[Any]) -> HypothesisSet:
        ident, question, members = c
        refs = tuple(self._ref(t) for t in members or ())
        return HypothesisSet(ident.value, _unquote(question), refs, span=self._span(ident))

    def ach(self, c: list[Token]) -> CellOverride:
        hypothesis, evidence, cell, reason = c
        if cell.value not in ACH_CELLS:
            raise _BuildError(
                f"an ACH cell is C, CC, I, II or N, not {_shorten(cell.value)}",
                self._span(cell),
                hint="C consistent, CC strongly consistent, I inconsistent, II strongly inconsistent, N not applicable",
            )
        return CellOverride(
            self._ref(hypothesis), self._ref(evidence), cell.value, _unquote(reason), span=self._span(hypothesis, cell)
        )

    def argument(self, c: list[Any]) -> list[Any]:
        ident, title, *rest = c
        self._refuse_keyword_id(ident, "argument")
        details = self._details(rest)
        name = ident.value
        premises: list[Ref] = []
        conclusions: list[Ref] = []
        members: list[Any] = []
        for item in _flatten(x for x in rest if not isinstance(x, _Detail)):
            if isinstance(item, _MemberRef):
                (premises if item.kind is ClaimKind.PREMISE else conclusions).append(item.ref)
            elif isinstance(item, (_Title, _Include)):  # pragma: no cover - grammar forbids
                raise AssertionError(item)
            else:
                # Made by this parse and not yet shared: set in place, as attrs.evolve would copy it.
                object.__setattr__(item, "argument", name)
                members.append(item)
        span = self._span(ident)
        if premises and len(conclusions) == 1:
            conclusion = conclusions[0]
            if not any(isinstance(m, Support) and m.conclusion.id == conclusion.id for m in members):
                members.append(
                    Support(tuple(premises), conclusion, linked=True, argument=name, implicit=True, span=span)
                )
        argument = Argument(
            id=name,
            title=_unquote(title),
            premises=tuple(premises),
            conclusions=tuple(conclusions),
            actors=self._many(details, "by"),
            citations=self._many(details, "cite"),
            tags=self._many(details, "tags"),
            notes=self._many(details, "note"),
            span=span,
        )
        return [argument, *members]

    def start(self, statements: list[Any]) -> ArgumentMap:
        title: str | None = None
        buckets: dict[type, list[Any]] = {
            kind: []
            for kind in (Source, Actor, Claim, Argument, Support, Attack, Contradiction,
                         Acknowledgement, Expectation, _Include, HypothesisSet, CellOverride)
        }  # fmt: skip
        for item in _flatten(statements):
            if isinstance(item, _Title):
                if title is not None:
                    raise _BuildError("the map already has a title; give it once", item.span)
                title = item.text
            elif isinstance(item, _MemberRef):
                if item.defined_here:
                    continue  # a premise or conclusion outside any argument: its keyword is only its role
                raise _BuildError(
                    f"'{item.kind.value} {_shorten(item.ref.id)}' without a text only makes sense inside an argument",
                    item.ref.span,
                    hint=f'give it a text: {item.kind.value} {_shorten(item.ref.id)}: "..."',
                )
            else:
                buckets[type(item)].append(item)
        return ArgumentMap(
            title=title,
            files=(self.path,),
            includes=tuple(i.ref for i in buckets[_Include]),
            sources=tuple(buckets[Source]),
            actors=tuple(buckets[Actor]),
            claims=tuple(buckets[Claim]),
            arguments=tuple(buckets[Argument]),
            supports=tuple(buckets[Support]),
            attacks=tuple(buckets[Attack]),
            contradictions=tuple(buckets[Contradiction]),
            acknowledgements=tuple(buckets[Acknowledgement]),
            expectations=tuple(buckets[Expectation]),
            hypotheses=tuple(buckets[HypothesisSet]),
            cell_overrides=tuple(buckets[CellOverride]),
        )


def _shorten(written: str, most: int = 30) -> str:
    """A word as written, cut short so a message stays one line."""
    return written if len(written) <= most else written[: most - 3] + "..."


def _flatten(items: Iterable[Any]) -> Iterable[Any]:
    for item in items:
        if isinstance(item, list):
            yield from item
        else:
            yield item


# --- the parser, built once per process ---------------------------------------


class _Unreadable(Exception):
    """The fast lexer met something it does not read; Lark's own lexer takes over."""


class _FastLexer(lark.lexer.Lexer):
    """Lark's contextual lexer for well-formed maps, at one regex match per token.

    Lark's lexer took about 40% of a parse. This one decides every token the
    way the contextual lexer does (a word is the keyword the parser can take
    next, else an id) from the parser's table, and gives plain-str token types
    so the table lookups stay fast. It never reports an error: at anything it
    cannot read it stops, and the text is parsed again with Lark's lexer, which
    gives the usual messages. Built only for the terminals this grammar has.
    """

    __future_interface__ = 2
    _TOKENS: ClassVar[dict[str, str]] = {"STRING": "s", "ID": "w", "NUMBER": "n"}

    def __init__(self, conf: Any) -> None:
        self.keywords: dict[str, str] = {}
        self.punctuation: dict[str, str] = {}
        self.word_terminals: list[tuple[str, re.Pattern[str]]] = []
        groups: dict[str, str] = {}
        word = re.compile(next(t.pattern.to_regexp() for t in conf.terminals if t.name == "ID"))
        for terminal in conf.terminals:
            name, pattern = str.__str__(terminal.name), terminal.pattern
            if name in conf.ignore:
                continue
            if pattern.type == "str":
                if word.fullmatch(pattern.value):
                    self.keywords[pattern.value] = name
                elif re.search(r"[\w\s]", pattern.value):
                    raise _Unreadable(name)
                else:
                    self.punctuation[pattern.value] = name
            elif name in self._TOKENS:
                groups[self._TOKENS[name]] = pattern.to_regexp()
            elif all(word.fullmatch(w) for w in re.findall(r"[^|()?:]+", pattern.value)):
                self.word_terminals.append((name, re.compile(pattern.to_regexp())))  # STATUS: in | out | undec
            else:
                raise _Unreadable(name)
        if set(groups) != set(self._TOKENS.values()):
            raise _Unreadable("terminals")
        ignored = "|".join(t.pattern.to_regexp() for t in conf.terminals if t.name in conf.ignore)
        # Atomic: a run of spaces and comments has one reading, so a failed match never backtracks
        # into it (tried every way, 30 '#' in a row took minutes).
        skip = f"(?>(?:{ignored})*)"
        self.skip = re.compile(skip)
        marks = "|".join(re.escape(p) for p in sorted(self.punctuation, key=len, reverse=True))
        self.token = re.compile(
            f"{skip}(?:(?P<s>{groups['s']})|(?P<w>{groups['w']})|(?P<n>{groups['n']})|(?P<p>{marks}))"
        )
        self.words_by_state: dict[int, tuple[dict[str, str], list[tuple[str, re.Pattern[str]]]]] = {}

    def _words(self, states: dict[int, dict[str, Any]]) -> None:
        """For each parser state: its keywords, and its word terminals (the id last)."""
        for state, actions in states.items():
            keywords = {word: name for word, name in self.keywords.items() if name in actions}
            others = [(name, pattern) for name, pattern in self.word_terminals if name in actions]
            self.words_by_state[state] = (keywords, others)

    def lex(self, lexer_state: Any, parser_state: Any) -> Iterator[Token]:
        if not self.words_by_state:
            self._words(parser_state.parse_conf.states)
        text: str = lexer_state.text.text
        words = self.words_by_state
        state_stack = parser_state.state_stack
        punctuation = self.punctuation
        match = self.token.match
        count = text.count
        intern = sys.intern
        position, line, line_start = 0, 1, 0
        while True:
            found = match(text, position)
            if found is None:
                if self.skip.match(text, position).end() == len(text):  # type: ignore[union-attr]
                    return
                raise _Unreadable(position)
            kind = found.lastgroup or "p"
            start, position = found.span(kind)
            value = found.group(kind)
            newlines = count("\n", found.start(), start)
            if newlines:
                line += newlines
                line_start = text.rindex("\n", 0, start) + 1
            start_line, column = line, start - line_start + 1
            if kind == "w":
                value = intern(value)  # an id recurs in every reference to it: one string serves all
                keywords, others = words[state_stack[-1]]
                kind = keywords.get(value) or next((n for n, p in others if p.fullmatch(value)), "ID")
            elif kind == "s":
                kind = "STRING"
                if "\n" in value:
                    line += value.count("\n")
                    line_start = text.rindex("\n", 0, position) + 1
            elif kind == "n":
                kind = "NUMBER"
            else:
                kind = punctuation[value]
            yield Token(kind, value, start, start_line, column, line, position - line_start + 1, position)


_lock = threading.Lock()
_state: dict[str, Any] = {}


def _builder() -> _Builder:
    if "builder" not in _state:
        _state["builder"] = _Builder()
    builder: _Builder = _state["builder"]
    return builder


def _parser() -> tuple[lark.Lark, _Builder]:
    """The parser with Lark's contextual lexer: the one that explains errors."""
    if "parser" not in _state:
        _state["parser"] = _lark("contextual")
    return _state["parser"], _builder()


def _fast_parser() -> lark.Lark | None:
    """The same parser with `_FastLexer`, or None if the grammar has grown terminals it does not know."""
    if "fast" not in _state:
        try:
            _state["fast"] = _lark(_FastLexer)
        except _Unreadable:
            _state["fast"] = None
    fast: lark.Lark | None = _state["fast"]
    return fast


def _lark(lexer: str | type[lark.lexer.Lexer]) -> lark.Lark:
    """The LALR parser, its tables read from the user's cache when they were built before.

    Building the tables takes about 40 ms, as long as the rest of `argmap check`'s
    start-up on a small map. Lark's cache is a pickle, and loading a pickle runs
    code, so it is kept only in a folder that the user owns and no one else can
    write to (see `_cache_folder`); Lark checks it against the grammar, the
    options and its own version before using it.
    """
    grammar = grammar_text()
    options: dict[str, Any] = {"parser": "lalr", "lexer": lexer, "transformer": _builder(), "maybe_placeholders": True}
    folder = _cache_folder()
    if folder is not None:
        kind = lexer if isinstance(lexer, str) else lexer.__name__
        key = hashlib.sha256(f"{grammar}\0{kind}\0{lark.__version__}".encode()).hexdigest()[:16]
        cache = folder / f"parser-{key}.pickle"
        if not cache.exists() or _private(cache, directory=False):
            options["cache"] = str(cache)
    return lark.Lark(grammar, **options)


def _cache_folder() -> Path | None:
    """`$XDG_CACHE_HOME/argmap` (or `~/.cache/argmap`), made 0700; None if it is not the user's alone."""
    if not hasattr(os, "geteuid") or os.environ.get("ARGMAP_NO_CACHE"):
        return None
    base = os.environ.get("XDG_CACHE_HOME", "")
    try:
        root = Path(base) if os.path.isabs(base) else Path.home() / ".cache"
        folder = root / "argmap"
        if not folder.exists():
            folder.mkdir(mode=0o700, parents=True)
    except (OSError, RuntimeError):
        return None
    return folder if _private(folder, directory=True) else None


def _private(path: Path, directory: bool) -> bool:
    """Owned by this user, not a symbolic link, and writable by no one else."""
    try:
        info = os.lstat(path)
    except OSError:
        return False
    kind_ok = stat.S_ISDIR(info.st_mode) if directory else stat.S_ISREG(info.st_mode)
    return kind_ok and info.st_uid == os.geteuid() and not info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


def parse_text(text: str, name: str, stop: Stop | None = None) -> ArgumentMap:
    """Parse normalised `.arg` text (see `argmap.parse`) with Lark; mistakes raise a located `ParseError`.

    `stop`, where the fast reader stopped (`argmap.read.fastread.read_or_stop`),
    names the stretches of the text Lark must read to find the first mistake;
    the rest is well-formed and Lark reads it blanked (see `_focus`). So a
    mistake costs the statement it is in and the one before, not the map:
    reading the whole map for it (once with each lexer) took 4 to 17 s for a
    mistake after a 1 MB list of ids. The map itself is only ever built from
    the whole text, once no mistake was found in the stretches.
    """
    with _lock:
        _builder().path = name
        if stop is not None:
            # Raises at the first mistake. Without one (an id spelled like a keyword, say),
            # the whole text is read below; a second title, say, is found only there.
            _read(_Focus(text, _focus(text, stop.read), stop.read[0][0]), name)
        return _read(_Focus(text, text, 0), name)


@attrs.frozen
class _Focus:
    """A text as written, and as Lark reads it: the same length, line and column for every character Lark sees.

    `lark_text` has stretches Lark need not read blanked (see `_focus`);
    messages quote `text`. Lark's first mistake cannot lie before `start`.
    """

    text: str
    lark_text: str
    start: int


def _read(focus: _Focus, name: str) -> ArgumentMap:
    """Lark's map of `focus.lark_text`, or the `ParseError` for its first mistake."""
    text = focus.text
    fast = _fast_parser()
    if fast is not None:
        try:
            with paused_gc():
                return fast.parse(focus.lark_text)  # type: ignore[return-value]
        except Exception:  # read again below, where the error is explained
            pass
    parser, _ = _parser()
    try:
        with paused_gc():  # as above: the statements read before the mistake are many small objects
            result: ArgumentMap = parser.parse(focus.lark_text)  # type: ignore[assignment]
    except _BuildError as error:
        span = error.span
        width = span.end_column - span.column if span.end_line == span.line else 1
        _fail(text, name, span.line, span.column, error.message, error.hint, width)
    except UnexpectedInput as error:
        _explain(error, focus, name, parser)
    except RecursionError:
        _fail(text, name, 1, 1, "the map is nested too deeply to read")
    return result


# --- what Lark need not read to find a mistake ------------------------------------

# A list of ids is read by Lark id by id, its ids held until the list ends; the
# ids in the middle of a long one cannot change what goes wrong, or where. Of a
# list of more than three times this many ids, Lark sees this many at each end.
_LIST_ENDS = 8
_ID = r"(?<![\w-])[^\W\d][\w-]*+"
_BLANKS = r"(?:[ \t\f\r\n]++|#[^\n]*+)*+"  # what the grammar ignores: blanks and comments
_NEXT_ID = rf"{_BLANKS}(?:,|and(?![\w-])){_BLANKS}{_ID}"  # `, b` or `and b`
_LONG_LIST = re.compile(
    rf"{TEXT_PATTERN}|#[^\n]*+"  # texts and comments are passed over whole: no list starts inside one
    rf"|{_ID}(?:{_NEXT_ID}){{{_LIST_ENDS - 1}}}"
    # Greedy: the middle gives back only the ids the end needs, so the list is run through once.
    rf"(?P<middle>(?:{_NEXT_ID}){{{_LIST_ENDS},}})"
    rf"(?:{_NEXT_ID}){{{_LIST_ENDS}}}",
    re.S,
)


def _focus(text: str, stretches: Sequence[tuple[int, int]]) -> str:
    """`text` with all but `stretches` blanked, and the middle of each long list of ids in them.

    Offsets, lines and columns stay those of `text`, so Lark's tokens and
    errors point into the map as written.
    """
    pieces = []
    done = 0
    for start, end in stretches:
        pieces += [_blank(text[done:start]), _LONG_LIST.sub(_shorten_list, text[start:end])]
        done = end
    pieces.append(_blank(text[done:]))
    return "".join(pieces)


def _shorten_list(found: re.Match[str]) -> str:
    """A long list of ids (`a, b and c`) with its middle blanked; a text or a comment as it is."""
    written = found.group()
    middle, end = found.span("middle")
    if middle < 0:
        return written
    start = found.start()
    return written[: middle - start] + _blank(written[middle - start : end - start]) + written[end - start :]


def _blank(part: str) -> str:
    """Spaces for `part`: as many line breaks, the last where it was, so what follows keeps its line and column."""
    last_line = part.rfind("\n") + 1
    breaks = part.count("\n", 0, last_line)
    return " " * (last_line - breaks) + "\n" * breaks + " " * (len(part) - last_line)


_TERMINAL_WORDS = {
    "ID": "an id",
    "STRING": "a text in double quotes",
    "NUMBER": "a number",
    "STATUS": "in, out or undec",
    "PERCENT": "'%'",
    "$END": "the end of the file",
}
_STATEMENT_START = {
    "TITLE", "INCLUDE", "SOURCE", "ACTOR", "CLAIM", "ARGUMENT", "ACKNOWLEDGE", "EXPECT", "HYPOTHESES", "ACH",
}  # fmt: skip
_VERBS = frozenset(
    {"SUPPORTS", "SUPPORT", "REBUTS", "REBUT", "UNDERMINES", "UNDERMINE", "UNDERCUTS", "UNDERCUT", "CONTRADICTS"}
)
# Keywords that must be followed by something, and what (in a reader's words).
_NEEDS_AFTER = {
    **{verb: "a claim id" for verb in _VERBS},
    "BY": "an actor id",
    "CITE": "a source id",
    "QUOTE": "a source id and the quoted words",
    "TAGS": "one or more tags",
    "RELIABILITY": "a grade from A to F",
    "TO": "a claim id",
    "ON": "an id",
    "EXPECT": "a claim id and in, out or undec",
}
_OPENING_QUOTES = "\u201c\u201d\u201e\u00ab\u00bb\u2018\u2019'"


def _words_for(terminals: Iterable[str], parser: lark.Lark) -> list[str]:
    patterns = {t.name: t.pattern for t in parser.terminals}
    words = set()
    for name in terminals:
        if name in _TERMINAL_WORDS:
            words.add(_TERMINAL_WORDS[name])
        elif name in patterns and patterns[name].type == "str":
            words.add(f"'{patterns[name].value}'")
        elif not name.startswith("_"):
            words.add(name.lower())
    return sorted(words, key=lambda w: (not w.startswith("'"), w))


def _expected_phrase(expected: set[str], parser: lark.Lark) -> str:
    if expected >= _STATEMENT_START:
        others = expected - _STATEMENT_START - {"PREMISE", "CONCLUSION", "OBJECTION", "REBUTTAL", "ID", "$END"}
        phrase = "a new statement (claim, premise, argument, source, actor, ... or a link such as 'a supports b')"
        if others:
            return f"{phrase}, or one of {', '.join(_words_for(others, parser))}"
        return phrase
    verbs = expected & _VERBS
    words = _words_for(expected - _VERBS, parser)
    if len(verbs) > 2:
        words.append("a link word (supports, rebuts, undermines, undercuts, contradicts)")
    elif verbs:
        words = _words_for(expected, parser)
    if len(words) == 1:
        return words[0]
    return "one of " + ", ".join(words[:-1]) + " or " + words[-1]


def _token_words(token: Token) -> str:
    if token.type == "$END":
        return "the end of the file"
    if token.type == "STRING":
        return "a text in double quotes"
    return f"'{_shorten(token.value)}'"


def _keyword_suggestion(word: str, candidates: Iterable[str]) -> str | None:
    close = difflib.get_close_matches(word.lower(), list(candidates), n=1, cutoff=0.7)
    return close[0] if close else None


def _explain(error: UnexpectedInput, focus: _Focus, name: str, parser: lark.Lark) -> NoReturn:
    """Raise a ParseError that says, in a reader's words, what went wrong and what would fit."""
    text = focus.text
    if isinstance(error, UnexpectedCharacters):
        _explain_character(error, text, name, parser)
    assert isinstance(error, (UnexpectedToken, UnexpectedEOF))
    token: Token = error.token
    expected: set[str] = set(error.expected)
    stack = _value_stack(error)
    line, column = _position_of(token, text)
    fail: Callable[..., NoReturn] = lambda message, hint=None, width=None: _fail(  # noqa: E731
        text, name, line, column, message, hint, width or max(len(str(token.value)), 1)
    )
    previous = stack[-1] if stack else None
    expected_words = _expected_phrase(expected, parser)

    opening = _runaway_text(text, _offset_of(token, text))
    if opening is not None:
        _fail_runaway(text, name, opening)
    _explain_swallowed_keyword(focus, name, _offset_of(token, text))
    _explain_open_hypotheses(stack, token, text, name)

    if token.type == "$END":
        opened = _unclosed_brace(stack)
        if opened is not None:
            _fail(text, name, *_where(opened),
                  "this '{' is never closed: the argument needs a '}' at its end",
                  hint="add '}' after the argument's last line")  # fmt: skip
        if isinstance(previous, Token) and previous.type in _NEEDS_AFTER:
            fail(f"the file ends too early: '{previous.value}' needs {_NEEDS_AFTER[previous.type]} after it")
        fail(f"the file ends too early: expected {expected_words}",
             hint=_ending_hint(previous))  # fmt: skip

    if token.type == "RBRACE" and _unclosed_brace(stack) is None:
        fail("this '}' closes nothing: there is no '{' open here",
             hint="remove it, or open the argument above with '{'")  # fmt: skip
    if token.type == "ARGUMENT" and "RBRACE" in expected:
        fail("arguments cannot be nested: close the argument above with '}' first")
    if token.type in _STATEMENT_START and "RBRACE" in expected:
        fail(f"'{token.value}' cannot stand inside an argument, which holds only claims and links between them",
             hint="close the argument with '}' first, or move this line above it")  # fmt: skip
    if token.type == "LBRACE":
        if isinstance(previous, Token) and previous.type in _NEEDS_AFTER:
            fail(f"'{previous.value}' needs {_NEEDS_AFTER[previous.type]} after it, before '{{'")
        if expected == {"STRING"}:
            fail("an argument needs a title in double quotes before '{'",
                 hint='write it as: argument id "Its title" {')  # fmt: skip
        fail("unexpected '{': only an argument opens a block, after its id and title",
             hint='write it as: argument id "Its title" { ... }')  # fmt: skip

    if isinstance(previous, Token) and previous.type == "ID" and previous.value in KEYWORDS:
        # A keyword where it cannot stand is lexed as an id; name the keyword instead.
        word = previous.value
        at = (*_where(previous), len(word))
        if word == "argument" and _unclosed_brace(stack) is not None:
            _fail(text, name, *at[:2], "arguments cannot be nested: close the argument above with '}' first",
                  width=at[2])  # fmt: skip
        if word in RELATION_KEYWORDS:
            _fail(text, name, *at[:2], f"'{word}' has nothing on its left: name the claim that {word.rstrip('s')}s",
                  hint=f"write it as: leverage {word} won", width=at[2])  # fmt: skip
        if word in STATEMENT_KEYWORDS and _unclosed_brace(stack) is not None:
            _fail(text, name, *at[:2],
                  f"'{word}' cannot stand inside an argument, which holds only claims and links between them",
                  hint="close the argument with '}' first, or move this line above it", width=at[2])  # fmt: skip
        if word in STATEMENT_KEYWORDS + DETAIL_KEYWORDS:
            _fail(text, name, *at[:2],
                  f"'{word}' cannot stand here: the statement before it is incomplete, so '{word}' was read as an id",
                  hint="check the end of the statement before this word", width=at[2])  # fmt: skip

    if isinstance(previous, Token) and previous.type == "ID" and _at_link(expected):
        # `clam x: ...` or `byy kremlin`: an unknown word at the start of a line was taken for a claim id.
        guess = _keyword_suggestion(previous.value, STATEMENT_KEYWORDS + DETAIL_KEYWORDS)
        if guess is not None and previous.value not in KEYWORDS:
            _fail(text, name, *_where(previous),
                  f"unknown word '{_shorten(previous.value)}': did you mean '{guess}'?",
                  width=len(previous.value))  # fmt: skip

    if token.type == "ID":
        keywords_wanted = [
            str(pattern.value) for t in parser.terminals
            if t.name in expected and (pattern := t.pattern).type == "str" and pattern.value.isalpha()
        ]  # fmt: skip
        if "STATUS" in expected:
            keywords_wanted += [status.value for status in Status]
        guess = _keyword_suggestion(token.value, keywords_wanted)
        if guess is not None:
            fail(f"unknown word '{_shorten(token.value)}': did you mean '{guess}'?")

    if token.type in _VERBS | {"TOGETHER"} and _at_statement_start(expected):
        fail(f"'{token.value}' has nothing on its left: name the claim that {token.value.rstrip('s')}s",
             hint=f"write it as: leverage {token.value} won")  # fmt: skip

    if "COLON" in expected and token.type == "STRING":
        fail("put a ':' between the id and the text", hint='write it as: claim id: "text"', width=1)
    if expected == {"STRING"}:
        fail(f"expected a text in double quotes here, not {_token_words(token)}",
             hint=_text_hint(previous))  # fmt: skip
    if token.type == "STRING" and isinstance(previous, Token) and previous.type == "STRING":
        fail("a second text cannot follow a text here: join the two, or start a detail with its keyword",
             hint='for example: note "...", or quote source "..."')  # fmt: skip
    if "ID" in expected and token.type == "STRING":
        what = _id_role(previous)
        fail(f"expected {what} here, not a text in double quotes",
             hint='refer to things by their id; declare the id first, e.g. actor kremlin "The Kremlin"')  # fmt: skip
    if expected <= {"ID"} and isinstance(previous, Token) and previous.type in _VERBS:
        fail(f"'{previous.value}' has nothing on its right: name the claim it {previous.value} "
             f"before {_token_words(token)}")  # fmt: skip
    if _at_link(expected) and token.type in {"ID", "STRING", "COLON"}:
        first = previous[0] if isinstance(previous, list) and previous else previous
        if isinstance(first, Token):
            fail(f"a line that starts with an id ('{_shorten(first.value)}') is a link: "
                 f"a link word must follow it, not {_token_words(token)}",
                 hint="write a link as 'a supports b', 'a rebuts b', 'a contradicts b'; "
                 'a new claim starts with its keyword: claim a: "..."')  # fmt: skip
    if "STATUS" in expected:
        fail(f"expected in, out or undec after the claim id, not {_token_words(token)}",
             hint="write it as: expect won in")  # fmt: skip
    if "NUMBER" in expected:
        fail(f"expected a number here, not {_token_words(token)}",
             hint="a probability is written 0.7 or 70%; a credibility is 1 to 6")  # fmt: skip
    fail(f"unexpected {_token_words(token)}: expected {expected_words}")


def _explain_character(error: UnexpectedCharacters, text: str, name: str, parser: lark.Lark) -> NoReturn:
    position = error.pos_in_stream or 0
    char = text[position] if position < len(text) else ""
    line, column = error.line, error.column
    opening = _runaway_text(text, position)
    if opening is not None:
        _fail_runaway(text, name, opening)
    if char == '"':
        _fail(text, name, line, column, "this text is never closed: a '\"' is missing at its end",
              hint='a text runs from one " to the next; write \\" for a quote mark inside it')  # fmt: skip
    if char in _OPENING_QUOTES:
        _fail(text, name, line, column, f"texts are written in straight double quotes, not {char}",
              hint='typographic quotes are fine inside a text: claim x: "the “defensive” weapons"')  # fmt: skip
    if char == "{":
        _fail(text, name, line, column, "unexpected '{': only an argument opens a block",
              hint='write it as: argument id "Its title" { ... }')  # fmt: skip
    if char and (not char.isprintable() or char.isspace()):
        what = unicodedata.name(char, "a control character").lower()
        _fail(text, name, line, column, f"unexpected invisible character U+{ord(char):04X} ({what})",
              hint="delete it and retype the spaces around it: only spaces, tabs and line breaks separate words",
              )  # fmt: skip
    _fail(text, name, line, column, f"unexpected character {char!r}",
          hint="ids are letters, digits, '_' and '-'; texts go in double quotes; '#' starts a comment")  # fmt: skip


_TEXT_OR_COMMENT = re.compile(rf"{TEXT_PATTERN}|#[^\n]*", re.S)
# The last line of a text that ran on into the next statement: it ends where that statement's text opens.
_STATEMENT_HEAD = re.compile(
    r"\s*(?:(?:claim|premise|conclusion|objection|rebuttal)\s+[^\W\d][\w-]*\s*:"
    r"|(?:source|actor|argument)\s+[^\W\d][\w-]*|title|include)\s*"
)


def _runaway_text(text: str, position: int) -> int | None:
    """Where a text opened that swallowed the start of a later statement, when one did before `position`.

    A missing closing '"' makes the next '"' (the opening of the next statement's
    text) close the text instead, so everything after it goes wrong.
    """
    for match in _TEXT_OR_COMMENT.finditer(text, 0, position):
        body = match.group()
        if body.startswith('"') and "\n" in body and _STATEMENT_HEAD.fullmatch(body[body.rfind("\n") + 1 : -1]):
            return match.start()
    return None


def _fail_runaway(text: str, name: str, opening: int) -> NoReturn:
    _fail_at(text, name, opening, 1, "this text is never closed: a '\"' is missing at its end",
             hint="the next '\"' was taken as its end, so everything after it went wrong")  # fmt: skip


# A word or a mark (group 1), after the blanks before it: they are run through at once,
# not tried position by position, as they fill most of what Lark reads blanked.
_WORD_OR_MARK = re.compile(rf"\s*+({TEXT_PATTERN}|#[^\n]*|[^\W\d][\w-]*|\d+(?:\.\d+)?|\S)", re.S)


def _explain_swallowed_keyword(focus: _Focus, name: str, position: int) -> None:
    """Fail when a keyword was read as an id because what came before it wanted one.

    `by` at the end of a line takes the next line's `claim` as its actor id;
    `a, note "x"` takes `note` as the list's next id. The mistake is the word
    before, so that is where the message points. Only the last three words
    before `position` count: they are looked for in what Lark read, from
    the statement it was reading.
    """
    text = focus.text
    found = _WORD_OR_MARK.finditer(focus.lark_text, focus.start, position)
    words = list(collections.deque((m.span(1) for m in found if m.group(1)[0] != "#"), maxlen=3))
    for (before_start, before_end), (start, end) in itertools.pairwise(words):
        before, word = text[before_start:before_end], text[start:end]
        is_last = end == words[-1][1]
        if word not in KEYWORDS or not (is_last or word in STATEMENT_KEYWORDS):
            continue
        if before in {",", "and"}:
            _fail_at(text, name, start, len(word),
                     f"'{word}' comes right after '{before}', so it was read as an id",
                     hint=f"name another id before '{word}', or remove the '{before}'")  # fmt: skip
        needs = _NEEDS_AFTER.get(before.upper())
        if needs is not None:
            where = " on the next line" if "\n" in text[before_end:start] else ""
            _fail_at(text, name, before_start, len(before),
                     f"'{before}' needs {needs} after it, so '{word}'{where} was read as one",
                     hint=f"finish the statement: {before} ...")  # fmt: skip


def _fail_at(text: str, name: str, offset: int, width: int, message: str, hint: str | None = None) -> NoReturn:
    line = text.count("\n", 0, offset) + 1
    column = offset - (text.rfind("\n", 0, offset) + 1) + 1
    _fail(text, name, line, column, message, hint, width)


def _value_stack(error: UnexpectedInput) -> list[Any]:
    interactive = getattr(error, "interactive_parser", None)
    if interactive is None:
        return []
    return list(interactive.parser_state.value_stack)


def _offset_of(token: Token, text: str) -> int:
    start = getattr(token, "start_pos", None)
    return start if isinstance(start, int) and token.type != "$END" else len(text)


def _position_of(token: Token, text: str) -> tuple[int, int]:
    if token.type == "$END" or token.line is None:
        stripped = text.rstrip()
        line = stripped.count("\n") + 1
        return line, len(stripped) - (stripped.rfind("\n") + 1) + 1
    return _where(token)


def _where(token: Token) -> tuple[int, int]:
    """A token's line and column; Lark leaves them unset only on tokens it made up."""
    return token.line or 1, token.column or 1


def _explain_open_hypotheses(stack: Sequence[Any], token: Token, text: str, name: str) -> None:
    """Fail when a hypothesis set's `{` is still open at the next statement or the end: its `}` is missing."""
    opened = _unclosed_brace(stack)
    if opened is None or not (token.type == "$END" or token.type in _STATEMENT_START):
        return
    before = stack[: max(i for i, value in enumerate(stack) if value is opened)]
    if any(isinstance(value, Token) and value.type == "HYPOTHESES" for value in before[-3:]):
        _fail(text, name, *_where(opened), "this '{' of a hypothesis set is never closed: its list of claims needs "
              "a '}' at its end", hint='write it as: hypotheses id "The question?" { h1, h2, h3 }')  # fmt: skip


def _unclosed_brace(stack: Sequence[Any]) -> Token | None:
    for value in reversed(stack):
        if isinstance(value, Token) and value.type == "RBRACE":
            return None
        if isinstance(value, Token) and value.type == "LBRACE":
            return value
    return None


def _at_link(expected: set[str]) -> bool:
    return "SUPPORTS" in expected and "CONTRADICTS" in expected and not _at_statement_start(expected)


def _at_statement_start(expected: set[str]) -> bool:
    return expected >= _STATEMENT_START


def _ending_hint(previous: Any) -> str | None:
    if isinstance(previous, Token) and previous.type in _VERBS:
        return f"'{previous.value}' needs a claim id on its right"
    if isinstance(previous, Token) and previous.type == "COLON":
        return 'the text goes after the colon, in double quotes: claim id: "text"'
    return None


def _text_hint(previous: Any) -> str | None:
    if isinstance(previous, Token):
        if previous.type == "COLON":
            return 'a claim\'s text comes after the colon: claim id: "text"'
        if previous.type == "ID":
            return f"'{_shorten(previous.value)}' needs a text (a title or name) in double quotes after it"
        return f"'{_shorten(previous.value)}' is followed by a text in double quotes"
    return None


def _id_role(previous: Any) -> str:
    if isinstance(previous, Token):
        return {
            "BY": "an actor id after 'by'",
            "CITE": "a source id after 'cite'",
            "QUOTE": "a source id after 'quote'",
        }.get(previous.type, f"an id after '{_shorten(previous.value)}'")
    return "an id"
