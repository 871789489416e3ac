"""The Lark parser: the only module that knows Lark exists.

`grammar/argmap.lark` defines the language, and this parser reads it. It
reads every map the fast reader (`argmap.read.fastread`) declines, so every
mistake is reported from here. The model is built while the LALR parser runs
(a Lark transformer given to the parser), so no parse tree is ever held in
memory. Every Lark error is turned here into a `ParseError` whose message
names what was expected in a reader's words; no Lark type leaves this module.
"""

from __future__ import annotations

import bisect
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
from typing import Any, ClassVar

import attrs
import lark
from lark import Token
from lark.exceptions import UnexpectedCharacters, UnexpectedEOF, UnexpectedInput, UnexpectedToken

from argmap.diagnostics import Diagnostic
from argmap.errors import ParseError
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
from argmap.read import fastread
from argmap.read.fastread import Stop, unquote
from argmap.read.vocabulary import (
    ACH_CELLS,
    CONFIDENCE_LEVELS,
    DETAIL_KEYWORDS,
    ID_REFUSED,
    KEYWORDS,
    RELATION_KEYWORDS,
    STATEMENT_KEYWORDS,
    SYNTAX_ERROR,
    TEXT_PATTERN,
    grammar_text,
)

__all__ = ["MAX_COUNTED", "MAX_REPORTED", "explained_by", "explainer_names", "parse_text"]

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
        # Where the text of each `title` read since the text was given starts and ends: reading on
        # after a mistake gives Lark the first again, so that a second is found wherever it stands.
        self.titles: list[tuple[int, int]] = []

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
    def _where(details: dict[str, list[_Detail]], key: str) -> Span | None:
        """Where the value of a detail given once was written."""
        found = details.get(key)
        return found[0].span if found else None

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

    def likelihood(self, c: list[Token]) -> _Detail:
        return self._detail("likelihood", " ".join(_unquote(c[0]).split()), c)

    def confidence(self, c: list[Token]) -> _Detail:
        value = c[0]
        if value.type == "ID" and value.value in CONFIDENCE_LEVELS:
            return self._detail("confidence", value.value, c)
        if value.type == "ID":
            raise _BuildError(
                f"an analytic confidence is low, moderate or high, not {_shorten(value.value)}",
                self._span(value),
                hint="write it as: confidence moderate",
            )
        written = " ".join(_unquote(value).split())
        if written.lower() in CONFIDENCE_LEVELS:
            raise _BuildError(
                "an analytic confidence is written without quotes",
                self._span(value),
                hint=f"write it as: confidence {written.lower()}",
            )
        raise _BuildError(
            "'confidence' now gives the analytic confidence (low, moderate or high);"
            " a likelihood is written with 'likelihood'",
            self._span(value),
            hint=f"write it as: likelihood {_shorten(value.value)} (argmap fmt --fix rewrites it)",
        )

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
        return _Detail("probability", value, self._span(number, percent))

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
        text = c[0]
        where = (text.start_pos, text.end_pos)
        if where not in self.titles:
            if self.titles:  # found here, not at the end, so that a mistake after it cannot hide it
                raise _BuildError("the map already has a title; give it once", self._span(text))
            self.titles.append(where)  # type: ignore[arg-type]
        return _Title(_unquote(text), self._span(text))

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
            reliability_span=self._where(details, "reliability"),
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
        if ident.value in ID_REFUSED:
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
            likelihood=self._once(details, "likelihood"),
            probability=self._once(details, "probability"),
            credibility=self._once(details, "credibility"),
            tags=self._many(details, "tags"),
            notes=self._many(details, "note"),
            span=claim_ref.span,
            likelihood_span=self._where(details, "likelihood"),
            probability_span=self._where(details, "probability"),
            confidence=self._once(details, "confidence"),
            confidence_span=self._where(details, "confidence"),
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

    def prefer(self, c: list[Token]) -> Preference:
        better, worse = c
        return Preference(self._ref(better), self._ref(worse), span=self._span(better, worse))

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
                         Acknowledgement, Expectation, _Include, HypothesisSet, CellOverride, Preference)
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
            preferences=tuple(buckets[Preference]),
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
    """The grammar has a terminal the fast lexer does not read: Lark's own lexer reads every map."""


class _FastLexer(lark.lexer.Lexer):
    """Lark's contextual lexer for well-formed maps, at one regex match per token.

    Lark's lexer took about 40% of a parse. This one decides every token the
    way the contextual lexer does (a word is the keyword the parser can take
    next, else an id) from the parser's table, and gives plain-str token types
    so the table lookups stay fast. Where no terminal starts, it raises Lark's
    own `UnexpectedCharacters`, as Lark's lexer does, so the parser's first
    pass is the one explained. It reads the stretches a `_FocusText` names
    and nothing between them. Built only for the terminals this grammar has.
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
        # A `_FocusText` names the stretches to read; what lies between is blank to the parser.
        stretches: Sequence[tuple[int, int]] = getattr(text, "stretches", ((0, len(text)),))
        words = self.words_by_state
        state_stack = parser_state.state_stack
        punctuation = self.punctuation
        match = self.token.match
        count = text.count
        intern = sys.intern
        line, line_start, done = 1, 0, 0
        for position, end in stretches:
            newlines = count("\n", done, position)
            if newlines:
                line += newlines
                line_start = text.rindex("\n", 0, position) + 1
            while True:
                found = match(text, position, end)
                if found is None:
                    blank_end = self.skip.match(text, position, end).end()  # type: ignore[union-attr]
                    if blank_end == end:
                        break
                    line += count("\n", position, blank_end)
                    line_start = text.rfind("\n", 0, blank_end) + 1
                    # Only a character no terminal starts with stops this lexer, as it stops Lark's own.
                    raise UnexpectedCharacters(text, blank_end, line, blank_end - line_start + 1)  # type: ignore[no-untyped-call]
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
            done = position


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


# --- reading, and reading on after a mistake --------------------------------------------

# A file with more syntax errors than this shows these and counts the rest.
MAX_REPORTED = 50
# The rest are counted up to this many, so a file of nothing but mistakes costs bounded time.
MAX_COUNTED = 1_000
# How many times reading on may cut the rest of a text into tokens again (see `_every_mistake`).
_CUT_AGAIN_MOST = 2


def parse_text(text: str, name: str, stop: Stop | None = None) -> ArgumentMap:
    """Parse normalised `.arg` text (see `argmap.parse`) with Lark; mistakes raise a located `ParseError`.

    `stop`, where the fast reader stopped (`argmap.read.fastread.read_or_stop`),
    names the stretches of the text Lark must read to find the first mistake;
    the rest is well-formed and Lark does not read it (see `_Focus`). So a
    mistake costs the statement it is in and the one before, not the map:
    reading the whole map for it (once with each lexer) took 4 to 17 s for a
    mistake after a 1 MB list of ids. The map itself is only ever built from
    the whole text, once no mistake was found in the stretches.

    After a mistake, reading goes on from the next line that starts a
    statement (see `_resume`): the fast reader's, where it can, and Lark's
    from where that one stops. So the `ParseError` carries every syntax error
    of the text: its `diagnostics`, the first of them its `diagnostic`. Past
    `MAX_REPORTED` a last diagnostic says how many more there are.
    """
    with _lock:
        builder = _builder()
        builder.path, builder.titles = name, []
        reading = _Reading(text, name)
        whole = ((0, len(text)),)
        title = stop.title if stop is not None else None
        if stop is not None:
            stretches = ((title,) if title is not None and title[1] <= stop.read[0][0] else ()) + stop.read
            found = _read(_Focus(reading, _without_long_lists(text, stretches)))
        else:
            found = _read(_Focus(reading, whole))
        if isinstance(found, ArgumentMap) and stop is not None:
            # Well-formed where the fast reader stopped (an id spelled like a keyword, say): Lark reads it all.
            found = _read(_Focus(reading, whole))
        if isinstance(found, ArgumentMap):
            return found
        raise ParseError(_every_mistake(found, title, stop.tokens if stop is not None else None))


def _every_mistake(first: _Mistake, title: tuple[int, int] | None, tokens: Any) -> list[Diagnostic]:
    """`first` and every mistake after it, each found by reading on from where the one before leaves off.

    `title` is the map's title statement, if the fast reader read one; Lark is given it again each time.
    With the fast reader's `tokens`, the fast reader reads on first, and Lark only from where it stops.
    """
    text = first.focus.text
    reading = first.focus.reading
    cut_again = 0
    found = [first]
    mistake: _Mistake | None = first
    resumed = -1
    while mistake is not None and len(found) < MAX_COUNTED:
        resume = _resume(mistake)
        if resume is None or resume.offset <= resumed:
            break
        resumed = resume.offset
        if title is None and _builder().titles:
            start, end = _builder().titles[0]
            title = (text.rfind("title", 0, start), end)
        stretches: tuple[tuple[int, int], ...] = (title,) if title is not None and title[1] <= resume.offset else ()
        if tokens is not None:
            read = fastread.read_or_stop(text, reading.name, grammar_text(), resume.offset, resume.head, tokens,
                                         titled=title is not None and title[1] <= resume.offset)  # fmt: skip
            if not isinstance(read, Stop):
                break  # the rest reads well
            # Reading on from inside what was one token (a text left open) cuts the rest of the text again;
            # past a few times, Lark alone reads on, from each mistake to the next, so the cost stays linear.
            cut_again += read.tokens is not tokens
            tokens = read.tokens if cut_again < _CUT_AGAIN_MOST else None
            stretches += read.read
        else:
            stretches += ((resume.head,) if resume.head is not None else ()) + ((resume.offset, len(text)),)
        # Long lists are not cut here: finding them would run through the rest of the text each time.
        outcome = _read(_Focus(reading, stretches))
        mistake = outcome if isinstance(outcome, _Mistake) else None
        if mistake is not None and mistake.diagnostic not in (m.diagnostic for m in found[-2:]):
            found.append(mistake)
    diagnostics = [m.diagnostic for m in found[:MAX_REPORTED]]
    if len(found) > MAX_REPORTED:
        more = len(found) - MAX_REPORTED
        counted = f"{more:,} more" if len(found) < MAX_COUNTED else f"at least {more:,} more"
        after = found[MAX_REPORTED].diagnostic
        diagnostics.append(attrs.evolve(
            after, message=f"and {counted} syntax errors from here on, not shown",
            hint=f"only the first {MAX_REPORTED} are shown: fix those, and check again",
        ))  # fmt: skip
    return diagnostics


class _FocusText(str):
    """A map's text, carrying the stretches of it the fast lexer reads (see `_FastLexer.lex`)."""

    stretches: tuple[tuple[int, int], ...] = ()


class _Reading:
    """One text being parsed: its name, the copy the fast lexer reads, and where its lines start.

    Made once per parse, so that reading on after each of many mistakes
    neither copies the text again nor counts its lines from the top.
    """

    def __init__(self, text: str, name: str) -> None:
        self.text = text
        self.name = name
        self._lexed: _FocusText | None = None
        self._line_starts: list[int] | None = None

    def lexed(self, stretches: tuple[tuple[int, int], ...]) -> _FocusText:
        if self._lexed is None:
            self._lexed = _FocusText(self.text)
        self._lexed.stretches = stretches
        return self._lexed

    @property
    def line_starts(self) -> list[int]:
        if self._line_starts is None:
            self._line_starts = [0, *(found.end() for found in re.finditer("\n", self.text))]
        return self._line_starts

    def place(self, offset: int) -> tuple[int, int]:
        """The line and column of `offset`."""
        line = bisect.bisect_right(self.line_starts, offset)
        return line, offset - self.line_starts[line - 1] + 1

    def offset(self, line: int, column: int) -> int:
        return self.line_starts[min(line, len(self.line_starts)) - 1] + column - 1

    def diagnostic(self, line: int, column: int, message: str, hint: str | None = None, width: int = 1) -> Diagnostic:
        """The AM001 diagnostic for a mistake at `line`:`column`, with its line to show."""
        starts = self.line_starts
        end = starts[line] - 1 if line < len(starts) else len(self.text)
        span = Span(self.name, line, column, line, column + max(width, 1))
        return Diagnostic(SYNTAX_ERROR, message, span, name="syntax-error", hint=hint,
                          line_text=self.text[starts[line - 1] : end])  # fmt: skip


@attrs.frozen
class _Focus:
    """A map's text and the stretches of it Lark reads; what lies between is blank to Lark.

    Lark's tokens and errors keep the offsets, lines and columns of the text
    as written, and messages quote it. Lark's first mistake cannot lie
    before `start`.
    """

    reading: _Reading
    stretches: tuple[tuple[int, int], ...]

    @property
    def text(self) -> str:
        return self.reading.text

    @property
    def name(self) -> str:
        return self.reading.name

    @property
    def start(self) -> int:
        return self.stretches[0][0] if self.stretches else len(self.text)

    def words(self, start: int, end: int) -> Iterator[re.Match[str]]:
        """Each word, mark, text or comment Lark reads between `start` and `end` (group 1 holds it)."""
        return self.matches(_WORD_OR_MARK, start, end)

    def matches(self, pattern: re.Pattern[str], start: int, end: int) -> Iterator[re.Match[str]]:
        """Each match of `pattern` in what Lark reads between `start` and `end`."""
        for first, last in self.stretches:
            low, high = max(first, start), min(last, end)
            if low < high:
                yield from pattern.finditer(self.text, low, high)

    def lark_text(self) -> str:
        """The text as Lark's own lexer reads it: the same length, all but the stretches blanked."""
        pieces = []
        done = 0
        for start, end in self.stretches:
            pieces += [_blank(self.text[done:start]), self.text[start:end]]
            done = end
        pieces.append(_blank(self.text[done:]))
        return "".join(pieces)


@attrs.frozen
class _Mistake:
    """A syntax error, explained, and where reading may go on after it.

    `at` is where Lark stopped (the token it could not take); reading goes on
    from the first statement at or after `resume_from` (None: nothing after
    it can be read, as after a text never closed or at the end of the file).
    """

    diagnostic: Diagnostic
    focus: _Focus
    at: int
    resume_from: int | None
    explainer: str = ""  # the explainer that named it (none for the builder's mistakes)


def _read(focus: _Focus) -> ArgumentMap | _Mistake:
    """Lark's map of the stretches of `focus`, or the first mistake in them, explained, in one pass."""
    text = focus.text
    fast = _fast_parser()
    parser = fast if fast is not None else _parser()[0]
    try:
        with paused_gc():  # the statements read before a mistake are many small objects, as the map's are
            readable = focus.reading.lexed(focus.stretches) if fast is not None else focus.lark_text()
            return parser.parse(readable)  # type: ignore[return-value]
    except _BuildError as error:
        span = error.span
        width = span.end_column - span.column if span.end_line == span.line else 1
        reading = focus.reading
        at, after = reading.offset(span.line, span.column), reading.offset(span.end_line, span.end_column)
        diagnostic = reading.diagnostic(span.line, span.column, error.message, error.hint, width)
        return _Mistake(diagnostic, focus, at, max(after, at + 1))
    except UnexpectedInput as error:
        return _explain(error, focus, parser)
    except RecursionError:
        return _Mistake(focus.reading.diagnostic(1, 1, "the map is nested too deeply to read"), focus, len(text), None)


# --- where reading goes on after a mistake ---------------------------------------------


@attrs.frozen
class _Resume:
    """Where Lark reads on: a statement's first word, and the head of the argument it stands in, if any."""

    offset: int
    head: tuple[int, int] | None


_CLAIM_KEYWORDS = frozenset(kind.value for kind in ClaimKind)
_LINK_WORDS = frozenset({"supports", "support", "rebuts", "rebut", "undermines", "undermine", "undercuts",
                         "undercut", "contradicts"})  # fmt: skip
# How far ahead a line is looked at to see whether it starts a link (`a, b and c together support d`).
_LINK_LOOKAHEAD = 64


def _resume(mistake: _Mistake) -> _Resume | None:
    """The first line after `mistake` that starts a statement (or, in an argument, a member or its `}`).

    Only a line's first word counts, so a statement broken over several
    lines is skipped whole. Braces are counted on the way: a statement found
    inside an argument is read inside it (Lark is given the argument's head);
    inside an argument whose head was not read before the mistake (the
    mistake is in it, or it is passed over after the mistake), nothing is,
    until it closes.
    """
    if mistake.resume_from is None:
        return None
    focus, text, begin = mistake.focus, mistake.focus.text, mistake.resume_from
    heads: list[tuple[int, int] | None] = []  # the open arguments: each one's head, None if it is broken
    opened: int | None = None  # where the argument being read started

    def count(word: str, start: int, end: int) -> None:
        nonlocal opened
        if word == "argument":
            opened = start
        elif word == "{":
            broken = opened is None or end > mistake.at  # a head after the mistake was never read: skip its body
            heads.append(None if broken else (opened, end))  # type: ignore[arg-type]
            opened = None
        elif word == "}" and heads:
            heads.pop()

    for found in focus.matches(_BRACES, focus.start, begin):
        if found.group(1) is not None:
            count(found.group(1), *found.span(1))
    for found in _WORD_OR_MARK.finditer(text, begin):
        word = found.group(1)
        start, end = found.span(1)
        if word[0] == "#":
            continue
        at_line_start = "\n" in found.group()[: start - found.start()] or (
            found.start() == begin and (begin == 0 or text[begin - 1] == "\n"))  # fmt: skip
        if at_line_start and start >= begin:
            if not heads and (word in STATEMENT_KEYWORDS or _starts_link(text, word, end)):
                return _Resume(start, None)
            if len(heads) == 1 and heads[0] is not None and (
                word in _CLAIM_KEYWORDS or word == "}" or _starts_link(text, word, end)
            ):
                return _Resume(start, heads[0])
        count(word, start, end)
    return None


def _starts_link(text: str, word: str, end: int) -> bool:
    """`word`, ending at `end`, starts a link: `a supports b`, `a, b and c together support d`, `a rebutts b`."""
    if not _ID_WORD.fullmatch(word) or word in KEYWORDS:
        return False
    wants_id = False
    for count, found in enumerate(_WORD_OR_MARK.finditer(text, end)):
        next_word = found.group(1)
        if count > _LINK_LOOKAHEAD:
            return False
        if next_word[0] == "#":
            continue
        if wants_id:
            if not _ID_WORD.fullmatch(next_word) or next_word in KEYWORDS:
                return False
            wants_id = False
        elif next_word in {",", "and"}:
            wants_id = True
        else:  # a link word, or a word so close to one that it was surely meant as one
            return next_word in _LINK_WORDS or next_word == "together" or (
                _keyword_suggestion(next_word, [*_LINK_WORDS, "together"]) is not None)  # fmt: skip
    return False


_ID_WORD = re.compile(r"[^\W\d][\w-]*")
# What `_resume` counts to know whether a place is inside an argument: its keyword and braces (group 1),
# outside texts and comments.
_BRACES = re.compile(rf"{TEXT_PATTERN}|#[^\n]*|((?<![\w-])argument(?![\w-])|[{{}}])", re.S)
# A word or a mark (group 1), after the blanks before it: they are run through at once,
# not tried position by position, as they fill most of what lies between the stretches Lark reads.
_WORD_OR_MARK = re.compile(rf"\s*+({TEXT_PATTERN}|#[^\n]*|[^\W\d][\w-]*|\d+(?:\.\d+)?|\S)", re.S)


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


def _without_long_lists(text: str, stretches: Sequence[tuple[int, int]]) -> tuple[tuple[int, int], ...]:
    """`stretches` less the middle of each long list of ids in them (see `_LONG_LIST`)."""
    kept = []
    for start, end in stretches:
        for found in _LONG_LIST.finditer(text, start, end):
            middle, middle_end = found.span("middle")
            if middle >= 0:
                kept.append((start, middle))
                start = middle_end
        kept.append((start, end))
    return tuple((start, end) for start, end in kept if start < end)


def _blank(part: str) -> str:
    """Spaces for `part`: as many line breaks, the last where it was, so what follows keeps its line and column."""
    last_line = part.rfind("\n") + 1
    breaks = part.count("\n", 0, last_line)
    return " " * (last_line - breaks) + "\n" * breaks + " " * (len(part) - last_line)


# --- what went wrong, in a reader's words -------------------------------------------

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


@attrs.frozen
class _Said:
    """What an explainer says about a mistake: the message, its help, and where (an offset and a width).

    `resume_from` overrides where reading goes on (see `_Mistake`); by default, just after the mistake.
    """

    message: str
    hint: str | None = None
    at: int | None = None  # None: at the token Lark could not take
    width: int | None = None
    resume_from: int | None = -1  # -1: just after the mistake


@attrs.frozen
class _Site:
    """A mistake as Lark met it: what each explainer looks at."""

    focus: _Focus
    parser: lark.Lark
    position: int  # where Lark stopped: the token it could not take, or the character; the text's end at its end
    token: Token | None  # None when no terminal matched (`char` is the character there)
    char: str
    expected: frozenset[str]
    stack: tuple[Any, ...]

    @property
    def text(self) -> str:
        return self.focus.text

    @property
    def previous(self) -> Any:
        return self.stack[-1] if self.stack else None

    @property
    def kind(self) -> str:
        return self.token.type if self.token is not None else ""

    def words(self) -> str:
        return _token_words(self.token) if self.token is not None else repr(self.char)

    @property
    def statement_start(self) -> int:
        """Where the words before the mistake that explainers look at start: the statement before the one
        Lark was reading, as far back as its id (what Lark reads may run far back from the mistake)."""
        start = self.position
        for value in reversed(self.stack):
            statements = isinstance(value, lark.Tree)  # what was read before, statement by statement
            while isinstance(value, lark.Tree | list) and value:
                # Of the statements, the last; of what one made (or of a list of ids), the first.
                value = value.children[-1] if isinstance(value, lark.Tree) else value[0]
            if isinstance(value, Token) and isinstance(value.start_pos, int):
                start = min(start, value.start_pos)
            elif isinstance(getattr(value, "span", None), Span) and value.span.line > 0:
                start = min(start, self.focus.reading.offset(value.span.line, value.span.column))
            if statements:
                break
        return max(self.focus.start, start)

    def words_before(self, end: int) -> list[re.Match[str]]:
        """The words, marks and texts of the statement Lark was reading, up to `end`."""
        return [found for found in self.focus.words(self.statement_start, end) if found.group(1)[0] != "#"]


_Explainer = Callable[[_Site], "_Said | None"]
# One explainer per mistake, tried in order: the first that recognises the mistake names it. Each has
# its fixture in tests/errors/, named in its docstring, and `explainer_names` lists them for the tests.
_EXPLAINERS: list[_Explainer] = []


def _explainer(function: _Explainer) -> _Explainer:
    _EXPLAINERS.append(function)
    return function


def explainer_names() -> list[str]:
    """The explainers, in the order they are tried (for the tests: each has a fixture)."""
    return [function.__name__.lstrip("_") for function in _EXPLAINERS]


def explained_by(text: str, name: str = "<string>") -> str | None:
    """Which explainer names the first mistake in `text` (None for a map with none, or a mistake the builder names)."""
    with _lock:
        _builder().path = name
        found = _read(_Focus(_Reading(text, name), ((0, len(text)),)))
    return found.explainer or None if isinstance(found, _Mistake) else None


def _explain(error: UnexpectedInput, focus: _Focus, parser: lark.Lark) -> _Mistake:
    """The mistake Lark met, named by the first explainer that recognises it."""
    text = focus.text
    if isinstance(error, UnexpectedCharacters):
        position = error.pos_in_stream or 0
        char = text[position : position + 1]
        site = _Site(focus, parser, position, None, char, frozenset(), tuple(_value_stack(error)))
    else:
        assert isinstance(error, (UnexpectedToken, UnexpectedEOF))
        token: Token = error.token
        site = _Site(focus, parser, _offset_of(token, text), token, "", frozenset(error.expected),
                     tuple(_value_stack(error)))  # fmt: skip
    _note_open_title(site.stack)
    for explainer in _EXPLAINERS:
        said = explainer(site)
        if said is not None:
            break
    else:  # pragma: no cover - the last explainer always answers
        raise AssertionError(error)
    if said.at is not None:
        at = said.at
        line, column = focus.reading.place(at)
    elif site.token is not None:
        line, column = _position_of(site.token, text)
    else:
        line, column = error.line, error.column
    width = said.width or (max(len(str(site.token.value)), 1) if site.token is not None else 1)
    at_end = site.token is not None and site.token.type == "$END"
    after = site.position + (len(str(site.token.value)) if site.token is not None else 1)
    resume_from = (None if at_end else after) if said.resume_from == -1 else said.resume_from
    diagnostic = focus.reading.diagnostic(line, column, said.message, said.hint, width)
    return _Mistake(diagnostic, focus, site.position, resume_from, explainer.__name__.lstrip("_"))


def _note_open_title(stack: Sequence[Any]) -> None:
    """A `title` Lark had read but not yet closed when it met the mistake: a second one is a mistake too."""
    for keyword, text in itertools.pairwise(stack):
        if isinstance(keyword, Token) and keyword.type == "TITLE" and isinstance(text, Token):
            titles = _builder().titles
            if (text.start_pos, text.end_pos) not in titles:
                titles.append((text.start_pos, text.end_pos))  # type: ignore[arg-type]


# Texts: never closed, closed too early, written in the wrong quotes.

_TEXT_OR_COMMENT = re.compile(rf"{TEXT_PATTERN}|#[^\n]*", re.S)
# The last line of a text that ran on into the next statement or detail: it ends where that one's text opens.
_TEXT_HEAD = re.compile(
    r"\s*(?:(?:claim|premise|conclusion|objection|rebuttal)\s+[^\W\d][\w-]*\s*:"
    r"|(?:source|actor|argument|quote)\s+[^\W\d][\w-]*"
    r"|acknowledge\s+[^\W\d][\w-]*(?:\s+on\s+[^\W\d][\w-]*)?"
    r"|title|include|note|role|file|likelihood|confidence|acknowledged)\s*"
)


@_explainer
def _runaway_text(site: _Site) -> _Said | None:
    """A text left unclosed, so that the next '"' closed it.

    The next statement's or detail's text then opens where this one should
    have ended, and everything after it goes wrong: the message points where
    the text was opened, and reading goes on from the line it swallowed.

    Fixtures: runaway_text.arg, unterminated_text_runs_into_next_claim.arg.
    """
    text = site.text
    for found in site.focus.matches(_TEXT_OR_COMMENT, site.focus.start, site.position):
        body = found.group()
        last_line = body.rfind("\n") + 1
        if body.startswith('"') and last_line and _TEXT_HEAD.fullmatch(body[last_line:-1]):
            line = text.count("\n", 0, found.start()) + 1
            return _Said("this text is never closed: a '\"' is missing at its end",
                         hint=f"the '\"' on line {line + body.count(chr(10))} was taken as its end, "
                         "so what follows it went wrong",
                         at=found.start(), width=1, resume_from=found.start() + last_line)  # fmt: skip
    return None


@_explainer
def _unclosed_text(site: _Site) -> _Said | None:
    """A '"' with no '"' after it to close it.

    Fixture: unterminated_text.arg.
    """
    if site.char != '"':
        return None
    return _Said("this text is never closed: a '\"' is missing at its end",
                 hint='a text runs from one " to the next; write \\" for a quote mark inside it',
                 resume_from=None)  # fmt: skip


@_explainer
def _straight_quote_inside_text(site: _Site) -> _Said | None:
    """A straight '"' inside a text, which ends it there.

    Fixture: straight_quote_inside_text.arg.
    """
    end = site.position + (len(str(site.token.value)) if site.token is not None else 0)
    for found in site.words_before(end)[-4:]:
        end = found.end(1)
        if found.group(1)[0] == '"' and end < len(site.text) and (site.text[end].isalnum() or site.text[end] == "_"):
            after = _ID_WORD.match(site.text, end)
            word = after.group() if after else site.text[end]
            return _Said(f"this '\"' ends the text, so '{_shorten(word)}' after it is read as an id",
                         hint='a straight quote inside a text is written \\" (or use typographic quotes: “”)',
                         at=end - 1, width=1)  # fmt: skip
    return None


@_explainer
def _typographic_quotes(site: _Site) -> _Said | None:
    """A text opened with typographic or single quotes.

    Fixtures: single_quotes_as_delimiters.arg, typographic_quotes_as_delimiters.arg.
    """
    if not site.char or site.char not in _OPENING_QUOTES:
        return None
    return _Said(f"texts are written in straight double quotes, not {site.char}",
                 hint='typographic quotes are fine inside a text: claim x: "the “defensive” weapons"')  # fmt: skip


@_explainer
def _invisible_character(site: _Site) -> _Said | None:
    """A character that cannot be seen, such as a no-break space.

    Fixtures: control_character.arg, invisible_character.arg.
    """
    char = site.char
    if not char or (char.isprintable() and not char.isspace()):
        return None
    what = unicodedata.name(char, "a control character").lower()
    return _Said(f"unexpected invisible character U+{ord(char):04X} ({what})",
                 hint="delete it and retype the spaces around it: "
                 "only spaces, tabs and line breaks separate words")  # fmt: skip


@_explainer
def _stray_character(site: _Site) -> _Said | None:
    """Any other character no word starts with.

    Fixture: stray_character.arg.
    """
    if site.token is not None:
        return None
    return _Said(f"unexpected character {site.char!r}",
                 hint="ids are letters, digits, '_' and '-'; texts go in double quotes; "
                 "'#' starts a comment")  # fmt: skip


# Keywords where they cannot stand.


@_explainer
def _swallowed_keyword(site: _Site) -> _Said | None:
    """A keyword read as an id because the word before wanted one.

    `by` at the end of a line takes the next line's `claim` as its actor id;
    `a, note "x"` takes `note` as the list's next id. The mistake is the word
    before, so that is where the message points. Only the last three words
    before the mistake count, from the statement Lark was reading.

    Fixtures: detail_without_its_id.arg, keyword_after_comma.arg, keyword_read_as_missing_id.arg,
    relation_without_right_side_before_next_line.arg, verb_after_and.arg.
    """
    text = site.text
    words = [found.span(1) for found in site.words_before(site.position)[-3:]]
    for (before_start, before_end), (start, end) in itertools.pairwise(words):
        before, word = text[before_start:before_end], text[start:end]
        is_last = end == words[-1][1]
        if word not in KEYWORDS or not (is_last or word in STATEMENT_KEYWORDS):
            continue
        # The keyword starts the next statement, as it was meant to: read on from it.
        resume = start if word in STATEMENT_KEYWORDS else -1
        if before in {",", "and"}:
            return _Said(f"'{word}' comes right after '{before}', so it was read as an id",
                         hint=f"name another id before '{word}', or remove the '{before}'",
                         at=start, width=len(word), resume_from=resume)  # fmt: skip
        needs = _NEEDS_AFTER.get(before.upper())
        if needs is not None:
            where = " on the next line" if "\n" in text[before_end:start] else ""
            return _Said(f"'{before}' needs {needs} after it, so '{word}'{where} was read as one",
                         hint=f"finish the statement: {before} ...", at=before_start, width=len(before),
                         resume_from=resume)  # fmt: skip
    return None


@_explainer
def _open_hypotheses(site: _Site) -> _Said | None:
    """A hypothesis set's `{` still open at the next statement or the end: its `}` is missing.

    Fixture: hypotheses_never_closed.arg.
    """
    opened = _open_brace(site.stack)
    if opened is None or not (site.kind == "$END" or site.kind in _STATEMENT_START):
        return None
    before = site.stack[: max(i for i, value in enumerate(site.stack) if value is opened)]
    if not any(isinstance(value, Token) and value.type == "HYPOTHESES" for value in before[-3:]):
        return None
    return _Said("this '{' of a hypothesis set is never closed: its list of claims needs a '}' at its end",
                 hint='write it as: hypotheses id "The question?" { h1, h2, h3 }', at=opened.start_pos,
                 width=1)  # fmt: skip


@_explainer
def _unclosed_brace(site: _Site) -> _Said | None:
    """The file ends inside an argument.

    Fixture: unclosed_brace.arg.
    """
    opened = _open_brace(site.stack)
    if site.kind != "$END" or opened is None:
        return None
    return _Said("this '{' is never closed: the argument needs a '}' at its end",
                 hint="add '}' after the argument's last line", at=opened.start_pos, width=1)  # fmt: skip


@_explainer
def _file_ends_after_keyword(site: _Site) -> _Said | None:
    """The file ends after a keyword that needs more.

    Fixtures: file_ends_inside_statement.arg, keyword_missing_its_id_at_end.arg, relation_without_right_side_at_end.arg.
    """
    previous = site.previous
    if site.kind != "$END" or not isinstance(previous, Token) or previous.type not in _NEEDS_AFTER:
        return None
    return _Said(f"the file ends too early: '{previous.value}' needs {_NEEDS_AFTER[previous.type]} after it")


@_explainer
def _file_ends_early(site: _Site) -> _Said | None:
    """The file ends inside a statement.

    Fixture: text_missing_after_colon.arg.
    """
    if site.kind != "$END":
        return None
    return _Said(f"the file ends too early: expected {_expected_phrase(site.expected, site.parser)}",
                 hint=_ending_hint(site.previous))  # fmt: skip


@_explainer
def _closing_brace_without_opening(site: _Site) -> _Said | None:
    """A '}' with no '{' open.

    Fixtures: closing_brace_after_closed_argument.arg, closing_brace_without_opening.arg.
    """
    if site.kind != "RBRACE" or _open_brace(site.stack) is not None:
        return None
    return _Said("this '}' closes nothing: there is no '{' open here",
                 hint="remove it, or open the argument above with '{'")  # fmt: skip


@_explainer
def _nested_argument(site: _Site) -> _Said | None:
    """An argument inside an argument.

    Fixture: argument_inside_argument_after_member.arg.
    """
    if site.kind == "ARGUMENT" and "RBRACE" in site.expected:
        return _Said("arguments cannot be nested: close the argument above with '}' first")
    return None


@_explainer
def _statement_inside_argument(site: _Site) -> _Said | None:
    """A statement an argument cannot hold, such as a source.

    Fixture: source_inside_argument.arg.
    """
    if site.kind in _STATEMENT_START and "RBRACE" in site.expected:
        return _Said(f"'{site.token.value}' cannot stand inside an argument, which holds only claims and links "  # type: ignore[union-attr]
                     "between them", hint="close the argument with '}' first, or move this line above it")  # fmt: skip
    return None


@_explainer
def _unexpected_brace(site: _Site) -> _Said | None:
    """A '{' anywhere but after an argument's title.hypotheses_without_question.arg.

    Fixtures: argument_without_title.arg, brace_after_detail_keyword.arg, brace_outside_argument.arg,
    hypotheses_without_question.arg.
    """
    if site.kind != "LBRACE":
        return None
    previous = site.previous
    if isinstance(previous, Token) and previous.type in _NEEDS_AFTER:
        return _Said(f"'{previous.value}' needs {_NEEDS_AFTER[previous.type]} after it, before '{{'")
    if site.expected == {"STRING"} and any(isinstance(v, Token) and v.type == "HYPOTHESES" for v in site.stack[-2:]):
        return _Said("a hypothesis set needs its question in double quotes before '{'",
                     hint='write it as: hypotheses id "The question?" { h1, h2 }')  # fmt: skip
    if site.expected == {"STRING"}:
        return _Said("an argument needs a title in double quotes before '{'",
                     hint='write it as: argument id "Its title" {')  # fmt: skip
    return _Said("unexpected '{': only an argument opens a block, after its id and title",
                 hint='write it as: argument id "Its title" { ... }')  # fmt: skip


@_explainer
def _together_first(site: _Site) -> _Said | None:
    """`together` where a statement starts, with no premises before it.

    Fixture: together_first.arg.
    """
    previous = site.previous
    token_first = site.kind == "TOGETHER" and _at_statement_start(site.expected)
    read_as_id = isinstance(previous, Token) and previous.type == "ID" and previous.value == "together"
    if not (token_first or read_as_id):
        return None
    at = None if token_first else previous.start_pos
    return _Said("'together' has nothing on its left: name the premises that work together before it",
                 hint="write it as: leverage and lobby together support won", at=at, width=len("together"))  # fmt: skip


@_explainer
def _keyword_read_as_id(site: _Site) -> _Said | None:
    """A keyword where it cannot stand, read as an id.

    Fixtures: nested_argument.arg, relation_without_left_side.arg, statement_inside_argument.arg.
    """
    previous = site.previous
    if not (isinstance(previous, Token) and previous.type == "ID" and previous.value in KEYWORDS):
        return None
    word = previous.value
    at, width = previous.start_pos, len(word)
    inside = _open_brace(site.stack) is not None
    if word == "argument" and inside:
        return _Said("arguments cannot be nested: close the argument above with '}' first", at=at, width=width)
    if word in RELATION_KEYWORDS:
        return _Said(f"'{word}' has nothing on its left: name the claim that {word.rstrip('s')}s",
                     hint=f"write it as: leverage {word} won", at=at, width=width)  # fmt: skip
    if word in STATEMENT_KEYWORDS and inside:
        return _Said(f"'{word}' cannot stand inside an argument, which holds only claims and links between them",
                     hint="close the argument with '}' first, or move this line above it",
                     at=at, width=width)  # fmt: skip
    if word in STATEMENT_KEYWORDS + DETAIL_KEYWORDS:
        return _Said(f"'{word}' cannot stand here: the statement before it is incomplete, "
                     f"so '{word}' was read as an id",
                     hint="check the end of the statement before this word", at=at, width=width)  # fmt: skip
    return None


@_explainer
def _misspelt_line_start(site: _Site) -> _Said | None:
    """An unknown word at the start of a line, taken for a claim id: `clam x: ...`.

    Fixtures: misspelt_detail_keyword.arg, misspelt_statement_keyword.arg.
    """
    previous = site.previous
    if not (isinstance(previous, Token) and previous.type == "ID" and _at_link(site.expected)):
        return None
    guess = _keyword_suggestion(previous.value, STATEMENT_KEYWORDS + DETAIL_KEYWORDS)
    if guess is None or previous.value in KEYWORDS:
        return None
    return _Said(f"unknown word '{_shorten(previous.value)}': did you mean '{guess}'?", at=previous.start_pos,
                 width=len(previous.value))  # fmt: skip


@_explainer
def _bad_status(site: _Site) -> _Said | None:
    """`expect` with a status other than in, out or undec.

    Fixtures: bad_expect_status.arg, misspelt_status.arg, status_with_a_letter_too_many.arg.
    """
    if "STATUS" not in site.expected:
        return None
    guess = _keyword_suggestion(str(site.token.value), [s.value for s in Status]) if site.kind == "ID" else None  # type: ignore[union-attr]
    previous = site.previous
    claim = _shorten(previous.value) if isinstance(previous, Token) and previous.type == "ID" else "won"
    if guess is not None:
        return _Said(f"expected in, out or undec after the claim id, not {site.words()}: did you mean '{guess}'?",
                     hint=f"write it as: expect {claim} {guess}")  # fmt: skip
    return _Said(f"expected in, out or undec after the claim id, not {site.words()}",
                 hint=f"write it as: expect {claim} in")  # fmt: skip


@_explainer
def _misspelt_keyword(site: _Site) -> _Said | None:
    """A word close to a keyword that would fit here: `byy kremlin`.

    Fixture: misspelt_link_word.arg.
    """
    if site.kind != "ID":
        return None
    wanted = [
        str(pattern.value) for t in site.parser.terminals
        if t.name in site.expected and (pattern := t.pattern).type == "str" and pattern.value.isalpha()
    ]  # fmt: skip
    guess = _keyword_suggestion(site.token.value, wanted)  # type: ignore[union-attr]
    return _Said(f"unknown word '{_shorten(site.token.value)}': did you mean '{guess}'?") if guess else None  # type: ignore[union-attr]


@_explainer
def _missing_colon(site: _Site) -> _Said | None:
    """A claim's text with no ':' before it.

    Fixture: missing_colon.arg.
    """
    if "COLON" in site.expected and site.kind == "STRING":
        return _Said("put a ':' between the id and the text", hint='write it as: claim id: "text"', width=1)
    return None


@_explainer
def _text_expected(site: _Site) -> _Said | None:
    """Something else where only a text can stand.

    Fixtures: include_without_quotes.arg, text_where_text_expected_missing.arg.
    """
    if site.expected != {"STRING"}:
        return None
    return _Said(f"expected a text in double quotes here, not {site.words()}", hint=_text_hint(site.previous))


@_explainer
def _two_texts(site: _Site) -> _Said | None:
    """A text right after a text.

    Fixture: two_texts_in_a_row.arg.
    """
    previous = site.previous
    if site.kind == "STRING" and isinstance(previous, Token) and previous.type == "STRING":
        return _Said("a second text cannot follow a text here: join the two, or start a detail with its keyword",
                     hint='for example: note "...", or quote source "..."')  # fmt: skip
    return None


@_explainer
def _text_where_id_belongs(site: _Site) -> _Said | None:
    """A text where an id belongs: `by "Kremlin"`.

    Fixtures: quote_without_source.arg, text_where_id_belongs.arg.
    """
    if "ID" in site.expected and site.kind == "STRING":
        return _Said(f"expected {_id_role(site.previous)} here, not a text in double quotes",
                     hint="refer to things by their id; declare the id first, "
                     'e.g. actor kremlin "The Kremlin"')  # fmt: skip
    return None


@_explainer
def _link_without_right_side(site: _Site) -> _Said | None:
    """A link word with no claim after it.

    Fixture: relation_without_right_side_before_mark.arg.
    """
    previous = site.previous
    if site.expected <= {"ID"} and isinstance(previous, Token) and previous.type in _VERBS:
        return _Said(f"'{previous.value}' has nothing on its right: name the claim it {previous.value} "
                     f"before {site.words()}")  # fmt: skip
    return None


@_explainer
def _id_without_link_word(site: _Site) -> _Said | None:
    """A line that starts with an id but has no link word after it.

    Fixture: link_without_link_word.arg.
    """
    if not (_at_link(site.expected) and site.kind in {"ID", "STRING", "COLON"}):
        return None
    previous = site.previous
    first = previous[0] if isinstance(previous, list) and previous else previous
    if not isinstance(first, Token):
        return None
    return _Said(f"a line that starts with an id ('{_shorten(first.value)}') is a link: "
                 f"a link word must follow it, not {site.words()}",
                 hint="write a link as 'a supports b', 'a rebuts b', 'a contradicts b'; "
                 'a new claim starts with its keyword: claim a: "..."')  # fmt: skip


@_explainer
def _number_expected(site: _Site) -> _Said | None:
    """Something else where a number belongs.

    Fixture: word_where_number_belongs.arg.
    """
    if "NUMBER" in site.expected:
        return _Said(f"expected a number here, not {site.words()}",
                     hint="a probability is written 0.7 or 70%; a credibility is 1 to 6")  # fmt: skip
    return None


@_explainer
def _anything_else(site: _Site) -> _Said | None:
    """Whatever no explainer above recognises: what came, and what was expected.

    Fixture: mark_where_an_id_belongs.arg.
    """
    return _Said(f"unexpected {site.words()}: expected {_expected_phrase(site.expected, site.parser)}")


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
    return token.line or 1, token.column or 1


def _open_brace(stack: Sequence[Any]) -> Token | None:
    for value in reversed(stack):
        if isinstance(value, Token) and value.type == "RBRACE":
            return None
        if isinstance(value, Token) and value.type == "LBRACE":
            return value
    return None


def _at_link(expected: frozenset[str]) -> bool:
    return "SUPPORTS" in expected and "CONTRADICTS" in expected and not _at_statement_start(expected)


def _at_statement_start(expected: frozenset[str]) -> bool:
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


def _expected_phrase(expected: frozenset[str], parser: lark.Lark) -> str:
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
