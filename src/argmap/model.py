"""The argument map as plain data: what a parsed `.arg` file says.

Every class is frozen and every collection a tuple, so a map can be shared
between stages without anyone changing it under another's feet. Each node
carries the `Span` it was written at; spans are left out of equality, so two
maps that say the same thing compare equal wherever it was said.
"""

from __future__ import annotations

import enum
from collections.abc import Iterator
from typing import Any

import attrs

__all__ = [
    "Acknowledgement",
    "Actor",
    "Argument",
    "ArgumentMap",
    "Attack",
    "AttackKind",
    "CellOverride",
    "Claim",
    "ClaimKind",
    "Contradiction",
    "Expectation",
    "HypothesisSet",
    "Preference",
    "Quote",
    "Ref",
    "Source",
    "Span",
    "Status",
    "Support",
]


@attrs.frozen(order=True)
class Span:
    """Where something was written: 1-based line and column, end exclusive."""

    file: str
    line: int
    column: int
    end_line: int
    end_column: int

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}"


UNKNOWN_SPAN = Span("<unknown>", 1, 1, 1, 1)


def _span() -> Any:
    """A span field: left out of equality, ordering and repr."""
    return attrs.field(default=UNKNOWN_SPAN, eq=False, order=False, repr=False)


def _value_span() -> Any:
    """Where a detail's value was written (None when not given), so a check can put its caret on the value.

    Left out of equality and of the JSON export, whose objects end with their one span.
    """
    return attrs.field(default=None, eq=False, order=False, repr=False, kw_only=True, metadata={"exported": False})


@attrs.frozen
class Ref:
    """A use of an id, kept with the place it was written so a checker can point at it."""

    id: str
    span: Span = _span()


class ClaimKind(enum.Enum):
    """The keyword a claim was introduced with: the role the analyst gave it."""

    CLAIM = "claim"
    PREMISE = "premise"
    CONCLUSION = "conclusion"
    OBJECTION = "objection"
    REBUTTAL = "rebuttal"


class AttackKind(enum.Enum):
    """What an attack hits: a claim, a premise, or the step from premises to conclusion."""

    REBUT = "rebut"
    UNDERMINE = "undermine"
    UNDERCUT = "undercut"


class Status(enum.Enum):
    """A claim's acceptability under grounded semantics."""

    IN = "in"
    OUT = "out"
    UNDEC = "undec"


@attrs.frozen
class Source:
    """Where information comes from: a publication, a wire, a document on disk."""

    id: str
    title: str
    file: str | None = None
    reliability: str | None = None
    tags: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    span: Span = _span()
    reliability_span: Span | None = _value_span()


@attrs.frozen
class Actor:
    """Someone who holds or asserts claims; `unnamed` marks a crowd such as "observers"."""

    id: str
    name: str
    role: str | None = None
    unnamed: bool = False
    tags: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    span: Span = _span()


@attrs.frozen
class Quote:
    """Words that must appear verbatim in the source's text."""

    source: Ref
    text: str
    span: Span = _span()


@attrs.frozen
class Claim:
    """A statement with an id and a text; `kind` is the keyword it was written with."""

    id: str
    text: str
    kind: ClaimKind = ClaimKind.CLAIM
    actors: tuple[Ref, ...] = ()
    quotes: tuple[Quote, ...] = ()
    citations: tuple[Ref, ...] = ()
    likelihood: str | None = None  # ICD 203's expression of likelihood: "likely", "almost certain", ...
    probability: float | None = None
    confidence: str | None = None  # the analyst's confidence in the judgment (ICD 203): low, moderate or high
    credibility: int | None = None
    tags: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    argument: str | None = None
    span: Span = _span()
    likelihood_span: Span | None = _value_span()
    probability_span: Span | None = _value_span()
    confidence_span: Span | None = _value_span()


@attrs.frozen
class Support:
    """An inference: the premises give reason to accept the conclusion.

    A linked support's premises work only together; a convergent support has
    a single premise (`a, b support c` is written down as two supports).
    `implicit` marks the linked support an argument gets when its block
    writes none into its conclusion.
    """

    premises: tuple[Ref, ...]
    conclusion: Ref
    linked: bool = False
    argument: str | None = None
    implicit: bool = False
    span: Span = _span()


@attrs.frozen
class Attack:
    """An attack on a claim (rebut), a premise (undermine) or an inference (undercut).

    An undercut's `target` is an argument (its inference into its conclusion),
    or, with `inference_to`, the step from the premise `target` to `inference_to`.
    """

    attacker: Ref
    kind: AttackKind
    target: Ref
    inference_to: Ref | None = None
    argument: str | None = None
    span: Span = _span()


@attrs.frozen
class Contradiction:
    """Two claims that cannot both hold; `acknowledged` is the analyst's reason for keeping it."""

    left: Ref
    right: Ref
    acknowledged: str | None = None
    argument: str | None = None
    span: Span = _span()


@attrs.frozen
class Argument:
    """A named group: premises, a conclusion and the inference between them."""

    id: str
    title: str
    premises: tuple[Ref, ...] = ()
    conclusions: tuple[Ref, ...] = ()
    actors: tuple[Ref, ...] = ()
    citations: tuple[Ref, ...] = ()
    tags: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    span: Span = _span()

    @property
    def conclusion(self) -> Ref | None:
        """The conclusion, when the argument has exactly one."""
        return self.conclusions[0] if len(self.conclusions) == 1 else None


@attrs.frozen
class Acknowledgement:
    """A known finding, kept on purpose: `rule` is a code or a rule name."""

    rule: str
    reason: str
    target: Ref | None = None
    span: Span = _span()


@attrs.frozen
class Preference:
    """`prefer better over worse`: claims or sources; an attack of the worse on the better does not defeat it."""

    better: Ref
    worse: Ref
    span: Span = _span()


@attrs.frozen
class Expectation:
    """The status the analyst expects a claim to have: a regression test of the evaluation."""

    claim: Ref
    status: Status
    span: Span = _span()


@attrs.frozen
class HypothesisSet:
    """Claims that compete as answers to one question: the columns of an ACH matrix."""

    id: str
    question: str
    members: tuple[Ref, ...] = ()
    span: Span = _span()


@attrs.frozen
class CellOverride:
    """The analyst's own cell of an ACH matrix: how `evidence` bears on `hypothesis`, and why.

    `cell` is as written: C, CC, I, II or N (the checks hold it to those).
    """

    hypothesis: Ref
    evidence: Ref
    cell: str
    reason: str
    span: Span = _span()


@attrs.frozen
class ArgumentMap:
    """Everything one `.arg` file says, with the files it includes merged in."""

    title: str | None = None
    files: tuple[str, ...] = ()
    includes: tuple[Ref, ...] = ()
    sources: tuple[Source, ...] = ()
    actors: tuple[Actor, ...] = ()
    claims: tuple[Claim, ...] = ()
    arguments: tuple[Argument, ...] = ()
    supports: tuple[Support, ...] = ()
    attacks: tuple[Attack, ...] = ()
    contradictions: tuple[Contradiction, ...] = ()
    acknowledgements: tuple[Acknowledgement, ...] = ()
    expectations: tuple[Expectation, ...] = ()
    hypotheses: tuple[HypothesisSet, ...] = ()
    cell_overrides: tuple[CellOverride, ...] = ()
    preferences: tuple[Preference, ...] = ()

    def claim(self, claim_id: str) -> Claim | None:
        """The first claim with this id, or None."""
        return next((c for c in self.claims if c.id == claim_id), None)

    def claims_by_id(self) -> dict[str, Claim]:
        """Claims keyed by id; with duplicate ids, the first definition wins."""
        index: dict[str, Claim] = {}
        for claim in self.claims:
            index.setdefault(claim.id, claim)
        return index

    def top_conclusions(self) -> list[str]:
        """What the map concludes: the claims something supports (or written `conclusion`) that support nothing
        further, in the order of their first definition. The picture's band and the linchpins both start here."""
        supported = {s.conclusion.id for s in self.supports}
        supporting = {p.id for s in self.supports for p in s.premises}
        return [
            c.id for c in self.claims_by_id().values()
            if (c.id in supported or c.kind is ClaimKind.CONCLUSION) and c.id not in supporting
        ]  # fmt: skip

    # A notebook's display hooks. The drawing is imported when a notebook first asks for it, never with the
    # model: tests/test_layout.py allows this import here and nowhere else in the shared modules.
    def _repr_svg_(self) -> str | None:
        """The map's picture, as `argmap render` draws it (the overview for a large map); None without Graphviz."""
        from argmap.draw.jupyter import map_svg

        return map_svg(self)

    def _repr_html_(self) -> str:
        """What the map holds in one line, and its picture."""
        from argmap.draw.jupyter import map_html

        return map_html(self)

    def nodes(self) -> Iterator[Source | Actor | Claim | Argument]:
        """Every declared thing that has an id, in the order written."""
        yield from self.sources
        yield from self.actors
        yield from self.claims
        yield from self.arguments
