"""Weighed attacks: ASPIC+ preferences from the evidence's grades, and the defeats they leave.

In ASPIC+ an attack on a claim (a rebuttal or an undermining) succeeds as a
defeat unless the claim attacked is strictly preferred to its attacker; an
undercut always succeeds (it denies the step, not the claim, so no
preference between claims bears on it). A contradiction is an attack each
way, each weighed on its own.

Preferences here come from the grades the map already states (Admiralty):
a claim's **grade** is the reliability of its best source (`A` to `F`,
cited or quoted, by it or by its argument) and its own `credibility` (1 to
6); a grade the map does not state counts as the lowest, `F` and `6`
("cannot be judged"). One grade is strictly preferred to another when it is
no worse on either scale and better on one (`B2` over `C3`, `B2` over `B3`;
`B3` and `C2` are not comparable, so the attack stands).

Which claims' grades decide (the two ASPIC+ principles, Modgil and Prakken):

- **last link** (the default): the grades of the two claims themselves, the
  last step of each line of argument. An analyst weighs the claim as it is
  reported; what it was derived from was weighed when that was attacked.
- **weakest link**: the worst grade, on each scale, of the claim and of every
  claim that supports it, any number of steps back: a conclusion is only as
  good as the worst evidence it needs. (It is the stricter reading, and a
  premise-heavy map loses many attacks' outcomes to one ungraded claim.)
"""

from __future__ import annotations

from collections.abc import Mapping

import attrs

from argmap.evaluate.labelling import Evaluation, evaluate
from argmap.model import ArgumentMap, Attack, AttackKind, Claim, Contradiction, Ref

__all__ = ["LINKS", "Grade", "Spared", "defeats", "evaluate_weighed", "grades", "preferred"]

LINKS = ("last", "weakest")
_RELIABILITY = "ABCDEF"
_UNKNOWN_RELIABILITY = "F"
_UNKNOWN_CREDIBILITY = 6


@attrs.frozen(order=False)
class Grade:
    """A claim's Admiralty grade: its best source's reliability and its own credibility (lower is better)."""

    reliability: str
    credibility: int

    def __str__(self) -> str:
        return f"{self.reliability}{self.credibility}"

    def better_than(self, other: Grade) -> bool:
        """Strictly preferred: no worse on either scale, better on one."""
        mine = (_RELIABILITY.index(self.reliability), self.credibility)
        theirs = (_RELIABILITY.index(other.reliability), other.credibility)
        return mine[0] <= theirs[0] and mine[1] <= theirs[1] and mine != theirs


@attrs.frozen
class Spared:
    """An attack that does not defeat its target, and why: the preference that puts the target above its attacker."""

    attacker: str
    target: str
    why: str  # "B2 over B3", "prefer hardliners over defensive", "source nyt over segodnya"

    @property
    def reason(self) -> str:
        return f"attacked by {self.attacker}, but {self.target} is preferred: {self.why}"


def _own_grade(claim: Claim, reliability: Mapping[str, str | None], argument_sources: Mapping[str, set[str]]) -> Grade:
    sources = {r.id for r in claim.citations} | {q.source.id for q in claim.quotes}
    if claim.argument is not None:
        sources |= argument_sources.get(claim.argument, set())
    known = [g for s in sources if (g := reliability.get(s)) is not None and g in _RELIABILITY]
    best = min(known, key=_RELIABILITY.index) if known else _UNKNOWN_RELIABILITY
    credibility = claim.credibility if claim.credibility is not None else _UNKNOWN_CREDIBILITY
    return Grade(best, min(max(credibility, 1), _UNKNOWN_CREDIBILITY))


def grades(amap: ArgumentMap, link: str = "last") -> dict[str, Grade]:
    """Each claim's grade for weighing attacks, by the last-link or the weakest-link principle."""
    if link not in LINKS:
        raise ValueError(f"link is one of {', '.join(LINKS)}, not {link!r}")
    reliability = {s.id: s.reliability for s in amap.sources}
    argument_sources = {a.id: {r.id for r in a.citations} for a in amap.arguments}
    own = {c.id: _own_grade(c, reliability, argument_sources) for c in amap.claims}
    if link == "last":
        return own
    premises: dict[str, set[str]] = {}
    for support in amap.supports:
        premises.setdefault(support.conclusion.id, set()).update(p.id for p in support.premises if p.id in own)
    weakest: dict[str, Grade] = {}
    for claim in own:
        seen = {claim}
        stack = [claim]
        while stack:
            for premise in premises.get(stack.pop(), ()):
                if premise not in seen:
                    seen.add(premise)
                    stack.append(premise)
        worst_reliability = max((own[c].reliability for c in seen), key=_RELIABILITY.index)
        weakest[claim] = Grade(worst_reliability, max(own[c].credibility for c in seen))
    return weakest


def preferred(target: str, attacker: str, graded: Mapping[str, Grade]) -> bool:
    """Whether `target`'s grade is strictly preferred to `attacker`'s, so the attack on it does not defeat it."""
    mine, theirs = graded.get(target), graded.get(attacker)
    return mine is not None and theirs is not None and mine.better_than(theirs)


def _closure(pairs: set[tuple[str, str]]) -> set[tuple[str, str]]:
    """The transitive closure of `better over worse` pairs."""
    above: dict[str, set[str]] = {}
    for better, worse in pairs:
        above.setdefault(better, set()).add(worse)
    closed = set()
    for start in above:
        stack, seen = list(above[start]), set()
        while stack:
            node = stack.pop()
            if node not in seen:
                seen.add(node)
                stack.extend(above.get(node, ()))
        closed |= {(start, node) for node in seen}
    return closed


class _Stated:
    """The map's `prefer` lines: between claims, and between sources (a claim gets its sources' standing)."""

    def __init__(self, amap: ArgumentMap):
        claims = {c.id for c in amap.claims}
        sources = {s.id for s in amap.sources}
        stated = [(p.better.id, p.worse.id) for p in amap.preferences]
        self.claims = _closure({(b, w) for b, w in stated if b in claims and w in claims})
        self.sources = _closure({(b, w) for b, w in stated if b in sources and w in sources})
        argument_sources = {a.id: {r.id for r in a.citations} for a in amap.arguments}
        self.sources_of: dict[str, set[str]] = {}
        for claim in amap.claims:
            found = {r.id for r in claim.citations} | {q.source.id for q in claim.quotes}
            if claim.argument is not None:
                found |= argument_sources.get(claim.argument, set())
            self.sources_of[claim.id] = found

    def why(self, better: str, worse: str) -> str | None:
        """Why `better` is strictly preferred to `worse` by the map's own lines; None when they do not say so."""
        if (better, worse) in self.claims and (worse, better) not in self.claims:
            return f"prefer {better} over {worse}"
        if (worse, better) in self.claims:
            return None
        mine, theirs = self.sources_of.get(better, set()), self.sources_of.get(worse, set())
        if not mine or not theirs:
            return None
        # Elitist, as ASPIC+'s set ordering: some source of one above every source of the other.
        for source in sorted(mine):
            if all((source, other) in self.sources and (other, source) not in self.sources for other in theirs):
                return f"source {source} over {', '.join(sorted(theirs))}"
        return None

    def says_otherwise(self, better: str, worse: str) -> bool:
        """Whether the map's lines put `worse` at least as high as `better`: then grades do not overrule them."""
        return self.why(worse, better) is not None or ((worse, better) in self.claims)


def defeats(amap: ArgumentMap, link: str = "last", use_grades: bool = True) -> tuple[ArgumentMap, tuple[Spared, ...]]:
    """The map with only the attacks that defeat (as `evaluate` takes it), and the attacks spared, with why.

    The map's own `prefer` lines decide first; where they say nothing, and
    `use_grades`, the grades do. A rebuttal or an undermining of a strictly
    preferred claim is left out; a contradiction keeps only the preferred
    side's attack (both, when neither is preferred); undercuts are kept.
    """
    graded = grades(amap, link)
    stated = _Stated(amap)
    groups = {a.id: a for a in amap.arguments}

    def claims_named(ref_id: str) -> list[str]:
        if ref_id in graded:
            return [ref_id]
        group = groups.get(ref_id)
        return [c.id for c in group.conclusions if c.id in graded] if group else []

    def spares(target: str, attacker: str) -> Spared | None:
        why = stated.why(target, attacker)
        graded_over = use_grades and not stated.says_otherwise(target, attacker)
        if why is None and graded_over and preferred(target, attacker, graded):
            why = f"{graded[target]} over {graded[attacker]}"
        return Spared(attacker, target, why) if why is not None else None

    kept: list[Attack] = []
    spared: list[Spared] = []
    for attack in amap.attacks:
        attackers, targets = claims_named(attack.attacker.id), claims_named(attack.target.id)
        one = None
        if attack.kind is not AttackKind.UNDERCUT and len(attackers) == 1 and len(targets) == 1:
            one = spares(targets[0], attackers[0])
        if one is None:
            kept.append(attack)
        else:
            spared.append(one)
    contradictions: list[Contradiction] = []
    for contradiction in amap.contradictions:
        left, right = claims_named(contradiction.left.id), claims_named(contradiction.right.id)
        if len(left) != 1 or len(right) != 1:
            contradictions.append(contradiction)
            continue
        for winner, loser in ((left[0], right[0]), (right[0], left[0])):
            one = spares(winner, loser)
            if one is not None:  # the order is strict: at most one side is preferred
                spared.append(one)
                kept.append(Attack(Ref(winner, contradiction.span), AttackKind.REBUT, Ref(loser, contradiction.span),
                                   argument=contradiction.argument, span=contradiction.span))  # fmt: skip
                break
        else:
            contradictions.append(contradiction)  # neither side preferred: a mutual attack, as written
    weighed = attrs.evolve(amap, attacks=tuple(kept), contradictions=tuple(contradictions))
    return weighed, tuple(spared)


def evaluate_weighed(
    amap: ArgumentMap, link: str = "last", limit: int | None = None, use_grades: bool = True
) -> tuple[Evaluation, tuple[Spared, ...]]:
    """The map evaluated on its defeats: each claim an attack spared says so in its reason, naming the preference."""
    weighed, spared = defeats(amap, link, use_grades)
    evaluation = evaluate(weighed) if limit is None else evaluate(weighed, limit)
    said: dict[str, list[str]] = {}
    for one in spared:
        said.setdefault(one.target, []).append(one.reason)
    claims = tuple(
        attrs.evolve(c, reason="; ".join([*said[c.claim], *([] if c.reason == "not attacked" else [c.reason])]))
        if c.claim in said
        else c
        for c in evaluation.claims
    )
    return attrs.evolve(evaluation, claims=claims), spared
