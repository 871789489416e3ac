"""Analysis of Competing Hypotheses: the hypothesis sets' defects and what their matrices reveal.

Defects: AM110 a set member that is not a claim, AM111 an `ach` cell naming a
hypothesis no set holds or evidence that is not a claim, AM210 a set of fewer
than two hypotheses or more than 100, AM211 a set's id given twice or to
something else.
Findings, from each set's matrix (`argmap.evaluate.ach`, derived once per
run): AM630 no diagnostic evidence, AM631 the top-ranked hypothesis is not
the one the map asserts, AM632 one piece of evidence decides the ranking
alone.
"""

from __future__ import annotations

from collections.abc import Iterator

from argmap.checks.index import MapIndex
from argmap.checks.registry import Hit, rule
from argmap.diagnostics import Category, Severity
from argmap.evaluate import Labelling, translate
from argmap.evaluate.ach import MAX_HYPOTHESES, Matrix, derive, hypothesis_sets
from argmap.model import HypothesisSet, Ref, Status

__all__ = [
    "ach_cell_unknown",
    "ach_decided_by_one",
    "ach_no_diagnostic_evidence",
    "ach_ranking_disagrees",
    "hypothesis_not_a_claim",
    "hypothesis_set_id_reused",
    "hypothesis_set_size",
]


def _matrices(index: MapIndex) -> list[tuple[HypothesisSet, Matrix]]:
    """Each set's matrix, once per run; a set of fewer than two claims, or too many, has none (AM210)."""

    def build() -> list[tuple[HypothesisSet, Matrix]]:
        sized = [s for s in hypothesis_sets(index.map) if 2 <= len(_claims_of(index, s)) <= MAX_HYPOTHESES]
        return [(s, derive(index.map, s)) for s in sized]

    return index.memo("ach", build)


def _claims_of(index: MapIndex, hypothesis_set: HypothesisSet) -> list[str]:
    """The set's distinct members that are claims: the matrix's columns."""
    return list(dict.fromkeys(m.id for m in hypothesis_set.members if m.id in index.claims))


def _names(ids: tuple[str, ...] | list[str]) -> str:
    return ", ".join(f"'{i}'" for i in ids)


@rule("AM110", "hypothesis-not-a-claim")
def hypothesis_not_a_claim(index: MapIndex) -> Iterator[Hit]:
    """A member of a hypothesis set is not a claim.

    Bad:
        claim won: "Tehran outplayed Moscow."
        hypotheses outcome "Who won?" { won, lost }

    Good:
        claim won: "Tehran outplayed Moscow."
        claim lost: "Moscow outplayed Tehran."
        hypotheses outcome "Who won?" { won, lost }
    """
    for hypothesis_set in index.map.hypotheses:
        for member in hypothesis_set.members:
            if member.id not in index.claims:
                yield _not_a_claim(
                    index,
                    member,
                    "a hypothesis set holds claims",
                    ("name the claim that states the hypothesis", "state each hypothesis as a claim first"),
                    (hypothesis_set.id, member.id),
                )


def _not_a_claim(index: MapIndex, ref: Ref, why: str, fixes: tuple[str, str], subjects: tuple[str, ...]) -> Hit:
    """The report on an id that must name a claim: another thing's id (`why` says what is wanted, `fixes[0]`
    the fix), or nobody's (a "did you mean" when a claim's id is near, else `fixes[1]`)."""
    other = index.kind_of(ref.id)
    if other is not None:
        return Hit(f"'{ref.id}' is {other}, not a claim: {why}", ref.span, fixes[0], subjects=subjects)
    near = index.suggest(ref.id, list(index.claims), "claims")
    hint = f"did you mean '{near}'?" if near else fixes[1]
    return Hit(f"'{ref.id}' is not defined: no claim has this id", ref.span, hint, subjects=subjects)


@rule("AM111", "ach-cell-unknown")
def ach_cell_unknown(index: MapIndex) -> Iterator[Hit]:
    """An `ach` cell names a hypothesis that no hypothesis set holds, or evidence that is not a claim.

    Bad:
        claim won: "Tehran outplayed Moscow."
        claim lost: "Moscow outplayed Tehran."
        claim leverage: "The arms offer gave Iran leverage."
        hypotheses outcome "Who won?" { won, lost }
        ach lost levrage I "The offer gave Iran leverage, not Moscow."

    Good:
        claim won: "Tehran outplayed Moscow."
        claim lost: "Moscow outplayed Tehran."
        claim leverage: "The arms offer gave Iran leverage."
        hypotheses outcome "Who won?" { won, lost }
        ach lost leverage I "The offer gave Iran leverage, not Moscow."
    """
    members = {m.id for s in index.map.hypotheses for m in s.members}
    sets_of: dict[str, set[str]] = {}
    for hypothesis_set in index.map.hypotheses:
        for member in hypothesis_set.members:
            sets_of.setdefault(member.id, set()).update(m.id for m in hypothesis_set.members)
    for override in index.map.cell_overrides:
        hypothesis, evidence = override.hypothesis, override.evidence
        if hypothesis.id not in members:
            near = index.suggest(hypothesis.id, sorted(members), "hypotheses") if members else None
            yield Hit(
                f"'{hypothesis.id}' is in no hypothesis set: the cell belongs to no matrix",
                hypothesis.span,
                f"did you mean '{near}'?" if near else "name a member of a `hypotheses` set first",
                subjects=(hypothesis.id, evidence.id),
            )
        elif evidence.id not in index.claims:
            fix = "name the claim that is the evidence"
            yield _not_a_claim(index, evidence, "evidence is a claim", (fix, fix), (hypothesis.id, evidence.id))
        elif evidence.id in sets_of.get(hypothesis.id, ()):
            yield Hit(
                f"'{evidence.id}' is a hypothesis of the same set as '{hypothesis.id}', not evidence for it",
                evidence.span,
                "a matrix weighs evidence against hypotheses, not hypotheses against each other",
                subjects=(hypothesis.id, evidence.id),
            )


@rule("AM210", "hypothesis-set-size")
def hypothesis_set_size(index: MapIndex) -> Iterator[Hit]:
    """A hypothesis set has fewer than two hypotheses (nothing competes), or more than argmap compares (100).

    Bad:
        hypotheses outcome "Who won?" { won }

    Good:
        hypotheses outcome "Who won?" { won, lost }
    """
    for hypothesis_set in index.map.hypotheses:
        distinct = list(dict.fromkeys(m.id for m in hypothesis_set.members))
        if len(distinct) < 2:
            held = f"only {_names(distinct)}" if distinct else "no hypothesis"
            yield Hit(
                f"hypothesis set '{hypothesis_set.id}' holds {held}: competing hypotheses need two or more",
                hypothesis_set.span,
                "add the rival answers to the question, each a claim",
                subjects=(hypothesis_set.id, *distinct),
            )
        elif len(claims := _claims_of(index, hypothesis_set)) > MAX_HYPOTHESES:
            yield Hit(
                f"hypothesis set '{hypothesis_set.id}' holds {len(claims):,} claims; argmap ach compares at most "
                f"{MAX_HYPOTHESES}, so it has no matrix",
                hypothesis_set.span,
                "split the question, or keep the hypotheses a reader can weigh side by side",
                subjects=(hypothesis_set.id,),
            )


@rule("AM211", "hypothesis-set-id-reused")
def hypothesis_set_id_reused(index: MapIndex) -> Iterator[Hit]:
    """A hypothesis set's id is given twice, or is already the id of a claim, argument, source or actor.

    `argmap ach --set ID` and `acknowledge ... on ID` name a set by its id; with
    two sets of one id, only the first is analysed.

    Bad:
        claim won: "Tehran outplayed Moscow."
        claim lost: "Moscow outplayed Tehran."
        hypotheses won "Who won?" { won, lost }

    Good:
        claim won: "Tehran outplayed Moscow."
        claim lost: "Moscow outplayed Tehran."
        hypotheses outcome "Who won?" { won, lost }
    """
    first: dict[str, HypothesisSet] = {}
    for hypothesis_set in index.map.hypotheses:
        earlier = first.setdefault(hypothesis_set.id, hypothesis_set)
        other = index.kind_of(hypothesis_set.id)
        if earlier is not hypothesis_set:
            yield Hit(
                f"hypothesis set '{hypothesis_set.id}' is defined twice; argmap ach analyses only the first",
                hypothesis_set.span,
                "give each set an id of its own",
                related=((earlier.span, "first defined here"),),
                subjects=(hypothesis_set.id,),
            )
        elif other is not None:
            yield Hit(
                f"hypothesis set '{hypothesis_set.id}' has the id of {other}",
                hypothesis_set.span,
                "give the set an id of its own, so that `--set` and `acknowledge ... on` name one thing",
                subjects=(hypothesis_set.id,),
            )


@rule("AM630", "ach-no-diagnostic-evidence", Severity.WARNING, Category.FINDING)
def ach_no_diagnostic_evidence(index: MapIndex) -> Iterator[Hit]:
    """No evidence in a hypothesis set's matrix tells its hypotheses apart.

    Every row is as inconsistent with one hypothesis as with every other (or
    the set has no evidence at all), so the ranking is a tie that the
    evidence cannot break (Heuer: evidence consistent with every hypothesis
    has no diagnostic value).

    Bad:
        claim won: "Tehran outplayed Moscow."
        claim lost: "Moscow outplayed Tehran."
        claim visit: "Khatami visited Moscow."
        visit supports won
        visit supports lost
        hypotheses outcome "Who won?" { won, lost }

    Good:
        claim won: "Tehran outplayed Moscow."
        claim lost: "Moscow outplayed Tehran."
        claim leverage: "The arms offer gave Iran leverage."
        leverage supports won
        leverage rebuts lost
        hypotheses outcome "Who won?" { won, lost }
    """
    for hypothesis_set, matrix in _matrices(index):
        if not any(row.diagnostic for row in matrix.rows):
            count = len(matrix.rows)
            if count:
                found = (
                    "its one piece of evidence is no more inconsistent with one hypothesis than another"
                    if count == 1
                    else f"none of its {count} pieces of evidence is more inconsistent with one hypothesis than another"
                )
            else:
                found = "no claim reaches a hypothesis, so it has no evidence"
            yield Hit(
                f"hypothesis set '{hypothesis_set.id}': {found}; the ranking is a tie",
                hypothesis_set.span,
                "link evidence that one hypothesis explains and another does not, or set a cell: ach HYPOTHESIS "
                'EVIDENCE I "why"',
                subjects=(hypothesis_set.id, *matrix.hypotheses),
            )


def _evaluation(index: MapIndex) -> Labelling:
    # The same memo, and so the same evaluation, as the AM61x rules share.
    return index.memo("evaluation", lambda: Labelling(translate(index.map)))


@rule("AM631", "ach-ranking-disagrees", Severity.WARNING, Category.FINDING, group="evaluation")
def ach_ranking_disagrees(index: MapIndex) -> Iterator[Hit]:
    """The hypothesis the matrix ranks first is not the one the map asserts.

    The map asserts the members of the set it expects `in`; with no `expect`
    line on any member, the members that conclude an argument and stand
    (grounded `in`). A member the map expects `out` that ranks first alone is
    reported too.

    Bad:
        claim won: "Tehran outplayed Moscow."
        claim lost: "Moscow outplayed Tehran."
        claim leverage: "The arms offer gave Iran leverage."
        claim collision: "Iran put Moscow on a collision course with Washington."
        claim defensive: "The arms are purely defensive: no leverage."
        leverage, collision support won
        defensive undermines leverage
        hypotheses outcome "Who won?" { won, lost }
        expect won in

    Good:
        claim won: "Tehran outplayed Moscow."
        claim lost: "Moscow outplayed Tehran."
        claim leverage: "The arms offer gave Iran leverage."
        claim collision: "Iran put Moscow on a collision course with Washington."
        claim defensive: "The arms are purely defensive: no leverage."
        leverage, collision support won
        defensive undermines leverage
        leverage, collision rebut lost
        hypotheses outcome "Who won?" { won, lost }
        expect won in
    """
    expected: dict[str, Status] = {e.claim.id: e.status for e in index.map.expectations}
    concluded = {c.id for a in index.map.arguments for c in a.conclusions}
    for hypothesis_set, matrix in _matrices(index):
        members = matrix.hypotheses
        asserted = [h for h in members if expected.get(h) is Status.IN]
        how = "expects {} in"
        if not any(h in expected for h in members):
            statuses = _evaluation(index).statuses
            asserted = [h for h in members if h in concluded and statuses.get(h) is Status.IN]
            how = "concludes {} (an argument's conclusion that stands)"
        top = matrix.top
        denied = len(top) == 1 and expected.get(top[0]) is Status.OUT
        if not (asserted and not set(asserted) & set(top)) and not denied:
            continue
        scores = {s.hypothesis: s.inconsistency for s in matrix.scores}
        ranked = ", ".join(f"{h} {scores[h]:g}" for group in matrix.ranking for h in group)
        if denied:
            message = f"'{top[0]}' ranks first in hypothesis set '{hypothesis_set.id}', but the map expects it out"
        else:
            message = f"hypothesis set '{hypothesis_set.id}' ranks {_names(top)} first, but the map " + how.format(
                _names(asserted)
            )
        yield Hit(
            f"{message} (inconsistency: {ranked})",
            hypothesis_set.span,
            "look again at the evidence inconsistent with the hypothesis the map holds (argmap ach), or at what "
            "the map asserts",
            subjects=(hypothesis_set.id, *members),
        )


@rule("AM632", "ach-decided-by-one", Severity.WARNING, Category.FINDING)
def ach_decided_by_one(index: MapIndex) -> Iterator[Hit]:
    """One piece of evidence decides a hypothesis set's ranking alone: without it, another hypothesis ranks first.

    Heuer: check how sensitive the conclusion is to a few critical items of
    evidence, and whether those are sound (a misreading, a deception).

    Bad:
        claim won: "Tehran outplayed Moscow."
        claim lost: "Moscow outplayed Tehran."
        claim leverage: "The arms offer gave Iran leverage."
        leverage rebuts lost
        hypotheses outcome "Who won?" { won, lost }

    Good:
        claim won: "Tehran outplayed Moscow."
        claim lost: "Moscow outplayed Tehran."
        claim leverage: "The arms offer gave Iran leverage."
        claim collision: "Iran put Moscow on a collision course with Washington."
        leverage rebuts lost
        collision rebuts lost
        hypotheses outcome "Who won?" { won, lost }
    """
    for hypothesis_set, matrix in _matrices(index):
        decisive = matrix.decisive
        if not decisive:
            continue
        alone = "; ".join(s.words() for s in decisive)
        yield Hit(
            f"hypothesis set '{hypothesis_set.id}' ranks {_names(matrix.top)} first, and a single piece of evidence "
            f"decides it ({alone})",
            hypothesis_set.span,
            "check that evidence (its source, a possible deception), or find more that tells the hypotheses apart",
            subjects=(hypothesis_set.id, *matrix.hypotheses, *(s.evidence for s in decisive)),
        )
