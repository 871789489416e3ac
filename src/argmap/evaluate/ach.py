"""Analysis of Competing Hypotheses (Heuer): a hypothesis set's matrix, derived from the map's links.

A `hypotheses` set names claims that compete as answers to one question.
Its evidence is every other claim that reaches a member through a chain of
at most `MAX_DEPTH` links, each link followed in its own direction (from the
supporter or attacker to what it supports or attacks). A chain's sign is the
product of its links' signs: a support is +, an attack (rebut, undermine,
undercut) or a contradiction is -. So a support of a support is consistent,
an attack on a supporter inconsistent, a support of an attacker
inconsistent, an attack on an attacker consistent. The shortest chain
decides a cell; shortest chains of both signs leave it N ("mixed"). A chain
never passes through another member of the set: evidence bears on a
hypothesis through the map's reasons, not through a rival answer.

A cell is strong (CC or II) when its chain is one link long and the evidence
is stated to be at least "very likely" (ICD 203: `confidence "very likely"`
or `"almost certain"`, or a `probability` of 80% or more), and II also when
the evidence attacks a premise of a linked support into the hypothesis (one
premise falling brings the whole step down). An `ach` line in the map sets a
cell itself, and the cell says so.

Scores follow Heuer: only inconsistency counts. Each piece of evidence has a
weight, the product of two Admiralty factors (`CREDIBILITY_WEIGHT` for its
credibility, `RELIABILITY_WEIGHT` for the best reliability among the sources
it quotes or cites; 1 when not given). A hypothesis scores the weighted sum
of its I cells (1) and II cells (2); the least inconsistent ranks first. A
row's diagnosticity is its weight times the spread of its inconsistency over
the hypotheses: 0 means it cannot change the ranking (Heuer's evidence
"consistent with all the hypotheses"). The sensitivity of the ranking is the
rows whose removal alone changes it. docs/ach.md works an example through.
"""

from __future__ import annotations

import enum
from collections import deque
from collections.abc import Iterable, Sequence

import attrs

from argmap.model import ArgumentMap, AttackKind, CellOverride, Claim, HypothesisSet

__all__ = [
    "CREDIBILITY_WEIGHT",
    "HIGHLY_LIKELY",
    "MAX_DEPTH",
    "MAX_HYPOTHESES",
    "RELIABILITY_WEIGHT",
    "Cell",
    "CellDerivation",
    "Link",
    "Matrix",
    "Row",
    "Score",
    "Sensitivity",
    "TooManyHypotheses",
    "derive",
    "derive_all",
    "hypothesis_sets",
    "weight_of",
]

# The most hypotheses one set may compare. ACH weighs a handful (Heuer: as many as are reasonable);
# the bound keeps a hostile map's matrix (rows x hypotheses) and its walks (one per hypothesis) small.
MAX_HYPOTHESES = 100

# How many links a chain from a piece of evidence to a hypothesis may have: a reason for a reason
# for a reason. Further out, a claim's bearing on the question is the analyst's to state (`ach`).
MAX_DEPTH = 3

# Admiralty information credibility (1 confirmed ... 5 improbable, 6 cannot be judged) as a weight.
CREDIBILITY_WEIGHT = {1: 1.5, 2: 1.25, 3: 1.0, 4: 0.75, 5: 0.5, 6: 1.0}
# Admiralty source reliability (A completely reliable ... E unreliable, F cannot be judged) as a weight.
RELIABILITY_WEIGHT = {"A": 1.5, "B": 1.25, "C": 1.0, "D": 0.75, "E": 0.5, "F": 1.0}
# Evidence at least this likely makes a direct link's cell strong (ICD 203 "very likely": 80-95%).
HIGHLY_LIKELY = 0.8
_HIGHLY_LIKELY_TERMS = frozenset({"very likely", "almost certain"})
# Scores are sums of weights such as 1.25 * 1.5: compared after rounding, so that sums
# taken in another order (a row left out) still tie where they should.
_PLACES = 9


class TooManyHypotheses(ValueError):
    """A hypothesis set of more than `MAX_HYPOTHESES` claims: its matrix is not derived."""


class Cell(enum.Enum):
    """How a piece of evidence bears on a hypothesis."""

    CC = "CC"
    C = "C"
    N = "N"
    I = "I"  # noqa: E741 - Heuer's letter
    II = "II"

    @property
    def inconsistency(self) -> int:
        """What the cell adds to the hypothesis's inconsistency score, before the evidence's weight."""
        return {"I": 1, "II": 2}.get(self.value, 0)

    @property
    def meaning(self) -> str:
        return _MEANINGS[self.value]


_CELLS = frozenset(cell.value for cell in Cell)
_MEANINGS = {
    "CC": "strongly consistent",
    "C": "consistent",
    "N": "not applicable",
    "I": "inconsistent",
    "II": "strongly inconsistent",
}


@attrs.frozen
class Link:
    """One link of a chain: `source` bears on `target` as `verb` says; `sign` +1 for a support, -1 for an attack."""

    source: str
    verb: str  # supports, rebuts, undermines, undercuts, contradicts
    target: str
    sign: int
    linked: bool = False  # a premise of a linked support (`together`)

    def words(self) -> str:
        together = " (linked)" if self.linked else ""
        step = "the step into " if self.verb == "undercuts" else ""
        return f"{self.source} {self.verb}{together} {step}{self.target}"


@attrs.frozen
class CellDerivation:
    """One cell and why: the chain that gave it, or the analyst's override."""

    cell: Cell
    chain: tuple[Link, ...] = ()
    override: CellOverride | None = None
    reason: str = ""

    @property
    def overridden(self) -> bool:
        return self.override is not None


@attrs.frozen
class Row:
    """A piece of evidence: its cells, one per hypothesis, its weight and its diagnosticity."""

    evidence: str
    text: str
    weight: float
    cells: tuple[CellDerivation, ...]
    diagnosticity: float

    @property
    def diagnostic(self) -> bool:
        return self.diagnosticity > 0


@attrs.frozen
class Score:
    """A hypothesis's column totals: its weighted inconsistency and its rank (1: least inconsistent)."""

    hypothesis: str
    text: str
    inconsistency: float
    rank: int
    consistent: int  # C and CC cells
    inconsistent: int  # I and II cells
    not_applicable: int


@attrs.frozen
class Sensitivity:
    """A row whose removal alone changes the ranking: the ranking without it, best first."""

    evidence: str
    ranking: tuple[tuple[str, ...], ...]
    changes_top: bool

    def words(self) -> str:
        order = " < ".join(" = ".join(group) for group in self.ranking)
        return f"without {self.evidence}: {order}"


@attrs.frozen
class Matrix:
    """A hypothesis set's ACH matrix: its hypotheses (claims only), rows, scores and sensitivity."""

    set: HypothesisSet
    hypotheses: tuple[str, ...]
    texts: tuple[str, ...]
    rows: tuple[Row, ...]
    scores: tuple[Score, ...]
    ranking: tuple[tuple[str, ...], ...]
    sensitivity: tuple[Sensitivity, ...]

    @property
    def top(self) -> tuple[str, ...]:
        """The hypotheses that rank first (several when they tie)."""
        return self.ranking[0] if self.ranking else ()

    @property
    def decisive(self) -> tuple[Sensitivity, ...]:
        """The rows whose removal alone changes which hypotheses rank first."""
        return tuple(s for s in self.sensitivity if s.changes_top)


# --- the links, as the chains follow them --------------------------------------------------


def _links_into(argument_map: ArgumentMap, claims: dict[str, Claim]) -> dict[str, list[Link]]:
    """Every link between two claims, by the claim it bears on; an argument's id stands for its conclusion."""
    conclusion_of = {a.id: a.conclusion.id for a in argument_map.arguments if a.conclusion is not None}

    def claim_id(node: str) -> str | None:
        if node in claims:
            return node
        found = conclusion_of.get(node)
        return found if found in claims else None

    into: dict[str, list[Link]] = {}

    def add(source: str | None, verb: str, target: str | None, sign: int, linked: bool = False) -> None:
        if source is not None and target is not None and source != target:
            into.setdefault(target, []).append(Link(source, verb, target, sign, linked))

    for support in argument_map.supports:
        linked = support.linked and len(support.premises) > 1
        for premise in support.premises:
            add(claim_id(premise.id), "supports", claim_id(support.conclusion.id), +1, linked)
    for attack in argument_map.attacks:
        attacker = claim_id(attack.attacker.id)
        if attack.kind is AttackKind.UNDERCUT:
            # The step attacked ends in the argument's conclusion, in `to`, or in the claim named.
            end = attack.inference_to.id if attack.inference_to is not None else attack.target.id
            add(attacker, "undercuts", claim_id(end), -1)
        else:
            add(attacker, attack.kind.value + "s", claim_id(attack.target.id), -1)
    for contradiction in argument_map.contradictions:
        left, right = claim_id(contradiction.left.id), claim_id(contradiction.right.id)
        add(left, "contradicts", right, -1)
        add(right, "contradicts", left, -1)
    return into


def _highly_likely(claim: Claim) -> bool:
    if claim.probability is not None and claim.probability >= HIGHLY_LIKELY:
        return True
    return claim.likelihood is not None and claim.likelihood.lower() in _HIGHLY_LIKELY_TERMS


def weight_of(claim: Claim, reliability: dict[str, str | None]) -> float:
    """The evidence's weight: its credibility's factor times that of the best source it quotes or cites."""
    credibility = CREDIBILITY_WEIGHT.get(claim.credibility, 1.0) if claim.credibility is not None else 1.0
    grades = [
        grade.upper()
        for ref in (*(q.source for q in claim.quotes), *claim.citations)
        if (grade := reliability.get(ref.id)) is not None and grade.upper() in RELIABILITY_WEIGHT
    ]
    best = min(grades) if grades else None  # A before B: the best grade sorts first
    return credibility * (RELIABILITY_WEIGHT[best] if best is not None else 1.0)


# --- one column: the chains into one hypothesis ------------------------------------------


def _chains_into(
    hypothesis: str, into: dict[str, list[Link]], rivals: frozenset[str]
) -> dict[str, dict[int, list[tuple[Link, ...]]]]:
    """For each claim with a chain into `hypothesis`: its shortest chains by sign, at most MAX_DEPTH links.

    Breadth first, backwards from the hypothesis: a (claim, sign) pair is
    reached first by its shortest chains, and every chain of that length is
    kept (a claim may reach the hypothesis along two paths of one length).
    """
    found: dict[str, dict[int, list[tuple[Link, ...]]]] = {}
    depth_of: dict[tuple[str, int], int] = {(hypothesis, +1): 0}
    frontier: deque[tuple[str, int, tuple[Link, ...]]] = deque([(hypothesis, +1, ())])
    while frontier:
        node, sign, chain = frontier.popleft()
        if len(chain) >= MAX_DEPTH:
            continue
        for link in into.get(node, ()):
            source = link.source
            if source == hypothesis or source in rivals:
                continue
            new_sign, new_chain = sign * link.sign, (link, *chain)
            key = (source, new_sign)
            seen = depth_of.get(key)
            if seen is not None and seen < len(new_chain):
                continue
            found.setdefault(source, {}).setdefault(new_sign, []).append(new_chain)
            if seen is None:
                depth_of[key] = len(new_chain)
                frontier.append((source, new_sign, new_chain))
    return found


def _strong(chain: tuple[Link, ...], evidence: Claim, claims: dict[str, Claim]) -> bool:
    if len(chain) == 1:
        return _highly_likely(evidence)
    # An attack on one premise of a linked support into the hypothesis: the whole step falls with it.
    return len(chain) == 2 and chain[0].sign < 0 and chain[0].verb != "undercuts" and chain[1].linked


def _derived(evidence: Claim, by_sign: dict[int, list[tuple[Link, ...]]], claims: dict[str, Claim]) -> CellDerivation:
    shortest = {sign: min(len(c) for c in chains) for sign, chains in by_sign.items()}
    if len(shortest) == 2 and shortest[+1] == shortest[-1]:
        plus, minus = by_sign[+1][0], by_sign[-1][0]
        return CellDerivation(
            Cell.N,
            plus,
            reason=f"mixed: consistent through {_chain_words(plus)}, inconsistent through {_chain_words(minus)}",
        )
    sign = min(shortest, key=shortest.__getitem__)
    chains = [c for c in by_sign[sign] if len(c) == shortest[sign]]
    strong = [c for c in chains if _strong(c, evidence, claims)]
    chain = (strong or chains)[0]
    cell = {(+1, False): Cell.C, (+1, True): Cell.CC, (-1, False): Cell.I, (-1, True): Cell.II}[sign, bool(strong)]
    return CellDerivation(cell, chain, reason=_chain_words(chain) + _strength_words(chain, strong != []))


def _chain_words(chain: Sequence[Link]) -> str:
    words = chain[0].words()
    for link in chain[1:]:
        together = " (linked)" if link.linked else ""
        step = "the step into " if link.verb == "undercuts" else ""
        words += f", which {link.verb}{together} {step}{link.target}"
    return words


def _strength_words(chain: Sequence[Link], strong: bool) -> str:
    if not strong:
        return ""
    if len(chain) == 1:
        return "; stated very likely or more"
    return "; a linked premise: the whole step falls with it"


_NO_CHAIN = CellDerivation(Cell.N, reason="no chain")  # one for every such cell: frozen, so shared

# --- the matrix -------------------------------------------------------------------------


def derive(argument_map: ArgumentMap, hypothesis_set: HypothesisSet) -> Matrix:
    """The ACH matrix of one hypothesis set of `argument_map` (see the module's docstring for the rules)."""
    claims = argument_map.claims_by_id()
    members = tuple(dict.fromkeys(m.id for m in hypothesis_set.members if m.id in claims))
    if len(members) > MAX_HYPOTHESES:
        raise TooManyHypotheses(
            f"hypothesis set '{hypothesis_set.id}' holds {len(members):,} claims; a matrix compares at most "
            f"{MAX_HYPOTHESES}"
        )
    rivals_of = {h: frozenset(members) - {h} for h in members}
    into = _links_into(argument_map, claims)
    reliability = {s.id: s.reliability for s in reversed(argument_map.sources)}  # the first definition wins

    cells: dict[str, dict[str, CellDerivation]] = {}
    for hypothesis in members:
        for evidence, by_sign in _chains_into(hypothesis, into, rivals_of[hypothesis]).items():
            cells.setdefault(evidence, {})[hypothesis] = _derived(claims[evidence], by_sign, claims)
    for override in argument_map.cell_overrides:
        hypothesis, evidence = override.hypothesis.id, override.evidence.id
        if hypothesis in members and evidence in claims and evidence not in members and override.cell in _CELLS:
            cells.setdefault(evidence, {})[hypothesis] = CellDerivation(
                Cell(override.cell), override=override, reason=f"set by the analyst: {override.reason}"
            )

    rows = []
    for evidence in (c.id for c in claims.values() if c.id in cells):
        row_cells = tuple(cells[evidence].get(h, _NO_CHAIN) for h in members)
        weight = weight_of(claims[evidence], reliability)
        spread = [c.cell.inconsistency for c in row_cells]
        diagnosticity = round(weight * (max(spread) - min(spread)), _PLACES) if spread else 0.0
        rows.append(Row(evidence, claims[evidence].text, weight, row_cells, diagnosticity))

    totals = _totals(members, rows)
    ranking = _ranking(members, totals)
    rank_of = {h: 1 + sum(len(g) for g in ranking[:n]) for n, group in enumerate(ranking) for h in group}
    scores = tuple(
        Score(
            h,
            claims[h].text,
            totals[h],
            rank_of[h],
            sum(1 for r in rows if r.cells[i].cell in (Cell.C, Cell.CC)),
            sum(1 for r in rows if r.cells[i].cell in (Cell.I, Cell.II)),
            sum(1 for r in rows if r.cells[i].cell is Cell.N),
        )
        for i, h in enumerate(members)
    )
    sensitivity = []
    unrounded = _totals(members, rows, places=None)
    for row in rows:
        # A row's removal takes away its own cells' share: linear in the rows, not quadratic.
        if not any(c.cell.inconsistency for c in row.cells):
            continue
        less = {
            h: round(unrounded[h] - row.weight * c.cell.inconsistency, _PLACES)
            for h, c in zip(members, row.cells, strict=True)
        }
        without = _ranking(members, less)
        if without != ranking:
            sensitivity.append(Sensitivity(row.evidence, without, without[0] != ranking[0]))
    return Matrix(
        hypothesis_set,
        members,
        tuple(claims[h].text for h in members),
        tuple(rows),
        scores,
        ranking,
        tuple(sensitivity),
    )


def derive_all(argument_map: ArgumentMap) -> list[Matrix]:
    """The matrix of every hypothesis set of the map, in the order written (the first of a duplicated id).

    Raises `TooManyHypotheses` for a set of more than `MAX_HYPOTHESES` claims.
    """
    return [derive(argument_map, s) for s in hypothesis_sets(argument_map)]


def hypothesis_sets(argument_map: ArgumentMap) -> list[HypothesisSet]:
    """The map's hypothesis sets in the order written, the first of each id (AM211 reports the others)."""
    first: dict[str, HypothesisSet] = {}
    for hypothesis_set in argument_map.hypotheses:
        first.setdefault(hypothesis_set.id, hypothesis_set)
    return list(first.values())


def _totals(members: Sequence[str], rows: Iterable[Row], places: int | None = _PLACES) -> dict[str, float]:
    """Each hypothesis's weighted inconsistency, rounded to `places` (None: as summed)."""
    totals = dict.fromkeys(members, 0.0)
    for row in rows:
        for hypothesis, derivation in zip(members, row.cells, strict=True):
            totals[hypothesis] += row.weight * derivation.cell.inconsistency
    return totals if places is None else {h: round(t, places) for h, t in totals.items()}


def _ranking(members: Sequence[str], totals: dict[str, float]) -> tuple[tuple[str, ...], ...]:
    """The hypotheses from least to most inconsistent, those that tie grouped (in the set's order)."""
    groups: dict[float, list[str]] = {}
    for hypothesis in members:
        groups.setdefault(totals[hypothesis], []).append(hypothesis)
    return tuple(tuple(groups[score]) for score in sorted(groups))
