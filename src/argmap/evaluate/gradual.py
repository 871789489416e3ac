"""Strengths: DF-QuAD, a gradual semantics for maps with support and attack (Rago et al., KR 2016).

Where `labelling` says whether a claim stands (in, out, undecided), DF-QuAD
gives it a strength in [0, 1]: its base score (how likely it was taken to be
before any argument, `likelihood.base_score`), lowered by its attackers and
raised by its supporters.

For a claim with base score v0, attackers of strengths a1..an and supporters
of strengths s1..sm:

    va = 1 - (1 - a1)...(1 - an)          (0 with no attacker)
    vs = 1 - (1 - s1)...(1 - sm)          (0 with no supporter)
    strength = v0 - v0 * (va - vs)         when va >= vs
             = v0 + (1 - v0) * (vs - va)   when vs > va

A map's supports and undercuts go through steps, as in `translation`: a
step from its premises is as strong as its weakest premise (a linked step
needs all of them; a convergent step has one), lowered by whatever undercuts
it (DF-QuAD with that base score and only attackers: m * (1 - va)); the step
then supports its conclusion with that strength. A rebuttal or an
undermining attacks the claim directly; a contradiction is two attacks.

On a map without cycles the strengths are computed in one pass, from the
leaves up. Where attacks or supports run in a circle, the equations are
solved by iteration from the base scores, at most `MAX_ROUNDS` rounds, until
no strength moves by more than `TOLERANCE`; `Strengths.converged` says
whether it settled.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping

import attrs

from argmap.evaluate.likelihood import DEFAULT_BASE, base_score
from argmap.model import Argument, ArgumentMap, AttackKind, Ref, Support

__all__ = ["MAX_ROUNDS", "TOLERANCE", "Strengths", "aggregate", "combine", "dfquad"]

MAX_ROUNDS = 1_000
TOLERANCE = 1e-9


def aggregate(strengths: Iterable[float]) -> float:
    """DF-QuAD's aggregation of attackers' (or supporters') strengths: 1 - the product of (1 - each); 0 for none."""
    rest = 1.0
    for strength in strengths:
        rest *= 1.0 - strength
    return 1.0 - rest


def combine(base: float, attack: float, support: float) -> float:
    """DF-QuAD's combination: the base score moved towards 0 by the stronger attack, towards 1 by stronger support."""
    if attack >= support:
        return base - base * (attack - support)
    return base + (1.0 - base) * (support - attack)


@attrs.frozen
class Strengths:
    """Each claim's base score and strength; whether the iteration settled, and in how many rounds."""

    strength: Mapping[str, float]
    base: Mapping[str, float]
    converged: bool = True
    rounds: int = 0


@attrs.frozen
class _Graph:
    """The map as DF-QuAD sees it: claims, steps (`step` index), and who attacks and supports whom."""

    claims: tuple[str, ...]
    steps: tuple[Support, ...]
    # For each claim: the claims attacking it, and the steps supporting it.
    attackers: Mapping[str, tuple[str, ...]]
    supporters: Mapping[str, tuple[int, ...]]
    # For each step: the claims undercutting it.
    undercutters: Mapping[int, tuple[str, ...]]


def _graph(argument_map: ArgumentMap, withdrawn: frozenset[str]) -> _Graph:
    claims = tuple(c.id for c in argument_map.claims if c.id not in withdrawn)
    known = set(claims)
    groups = {a.id: a for a in argument_map.arguments}

    def named(ref_id: str) -> list[str]:
        # An argument's name, where a claim is expected, stands for its conclusion (as in `translation`).
        if ref_id in known:
            return [ref_id]
        group = groups.get(ref_id)
        return [c.id for c in group.conclusions if c.id in known] if group else []

    steps = tuple(
        s for s in argument_map.supports if s.conclusion.id in known and all(p.id in known for p in s.premises)
    )
    into: dict[str, list[int]] = {}
    for number, step in enumerate(steps):
        into.setdefault(step.conclusion.id, []).append(number)
    attackers: dict[str, set[str]] = {c: set() for c in claims}
    undercutters: dict[int, set[str]] = {n: set() for n in range(len(steps))}
    for attack in argument_map.attacks:
        for attacker in named(attack.attacker.id):
            if attack.kind is AttackKind.UNDERCUT:
                for number in _undercut(attack.target.id, attack.inference_to, into, steps, groups):
                    undercutters[number].add(attacker)
            else:
                for target in named(attack.target.id):
                    if target != attacker:
                        attackers[target].add(attacker)
    for contradiction in argument_map.contradictions:
        for left in named(contradiction.left.id):
            for right in named(contradiction.right.id):
                if left != right:
                    attackers[left].add(right)
                    attackers[right].add(left)
    return _Graph(
        claims,
        steps,
        {c: tuple(sorted(a)) for c, a in attackers.items()},
        {c: tuple(n) for c, n in into.items()},
        {n: tuple(sorted(u)) for n, u in undercutters.items()},
    )


def _undercut(
    target: str,
    to: Ref | None,
    into: Mapping[str, list[int]],
    steps: tuple[Support, ...],
    groups: Mapping[str, Argument],
) -> list[int]:
    """The steps an undercut hits: one step, an argument's steps into its conclusion, or every step into a claim."""
    if to is not None:
        return [n for n in into.get(to.id, []) if any(p.id == target for p in steps[n].premises)]
    group = groups.get(target)
    if group is not None:
        return [n for c in group.conclusions for n in into.get(c.id, []) if steps[n].argument == target]
    return list(into.get(target, []))


def dfquad(
    argument_map: ArgumentMap,
    *,
    base: Callable[[str], float] | None = None,
    withdrawn: Iterable[str] = (),
) -> Strengths:
    """Each claim's DF-QuAD strength in the map.

    `base` gives a claim's base score by id (default: from its probability or
    likelihood, `likelihood.base_score`). Claims in `withdrawn` are taken out
    of the map first, with every link that needs them.
    """
    graph = _graph(argument_map, frozenset(withdrawn))
    if base is None:
        table = {c.id: base_score(c) for c in argument_map.claims}
        scores = {c: table.get(c, DEFAULT_BASE) for c in graph.claims}
    else:
        scores = {c: base(c) for c in graph.claims}
    order = _order(graph)
    strength = dict(scores)
    if order is not None:
        for claim in order:
            strength[claim] = _claim_strength(claim, graph, scores, strength)
        return Strengths(strength, scores, True, 1)
    for rounds in range(1, MAX_ROUNDS + 1):
        new = {c: _claim_strength(c, graph, scores, strength) for c in graph.claims}
        moved = max((abs(new[c] - strength[c]) for c in graph.claims), default=0.0)
        strength = new
        if moved <= TOLERANCE:
            return Strengths(strength, scores, True, rounds)
    return Strengths(strength, scores, False, MAX_ROUNDS)


def _step_strength(number: int, graph: _Graph, strength: Mapping[str, float]) -> float:
    step = graph.steps[number]
    weakest = min(strength[p.id] for p in step.premises)
    return weakest * (1.0 - aggregate(strength[u] for u in graph.undercutters[number]))


def _claim_strength(claim: str, graph: _Graph, scores: Mapping[str, float], strength: Mapping[str, float]) -> float:
    attack = aggregate(strength[a] for a in graph.attackers[claim])
    support = aggregate(_step_strength(n, graph, strength) for n in graph.supporters.get(claim, ()))
    return combine(scores[claim], attack, support)


def _order(graph: _Graph) -> list[str] | None:
    """The claims, each after everything its strength depends on; None when they depend on each other in a circle."""
    needs: dict[str, set[str]] = {c: set(graph.attackers[c]) for c in graph.claims}
    for claim, numbers in graph.supporters.items():
        for number in numbers:
            needs[claim].update(p.id for p in graph.steps[number].premises)
            needs[claim].update(graph.undercutters[number])
    waiting = {c: len(n) for c, n in needs.items()}
    used_by: dict[str, list[str]] = {}
    for claim, needed in needs.items():
        for other in needed:
            used_by.setdefault(other, []).append(claim)
    ready = [c for c, n in waiting.items() if n == 0]
    order: list[str] = []
    while ready:
        claim = ready.pop()
        order.append(claim)
        for user in used_by.get(claim, ()):
            waiting[user] -= 1
            if waiting[user] == 0:
                ready.append(user)
    return order if len(order) == len(graph.claims) else None
