"""Linchpins: the single claims, sources and actors a conclusion hangs on (Heuer's linchpin analysis).

For each top conclusion (or each one named), every claim it depends on, and
every source and actor behind those claims, is withdrawn in turn:

- withdrawing a claim takes it out of the map: it attacks nothing, and a step
  it is a premise of falls with it (so a conclusion whose every support
  needed it falls too, as when the premise is defeated);
- withdrawing a source takes out the claims that rest on it alone (it is
  their only source, cited or quoted, by the claim or by its argument);
- withdrawing an actor takes out the claims it alone holds.

A withdrawal that changes the conclusion's grounded status (in, out,
undecided, or gone when the conclusion itself is taken out), or moves its
DF-QuAD strength (`gradual`) by more than the threshold, makes a linchpin.

Only what lies downstream of a withdrawal and upstream of the conclusion
can change, so each withdrawal is worked out on that cone alone, the rest of
the map keeping its labels and strengths: in practice time grows with the
size of what the conclusion rests on times its depth, not with the square
of the map. The statuses are the grounded labelling of the translation
(`translation`), worked out on claims and steps directly; the tests hold
them to `evaluate`'s on the seed and on generated maps.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

import attrs

from argmap.evaluate.gradual import aggregate, combine
from argmap.evaluate.likelihood import base_score
from argmap.model import Argument, ArgumentMap, AttackKind, Ref, Status

__all__ = [
    "DEFAULT_THRESHOLD",
    "Linchpin",
    "Sensitivity",
    "claim_statuses",
    "foundations",
    "sensitivity",
]

DEFAULT_THRESHOLD = 0.1
_IN, _OUT, _UNDEC = Status.IN, Status.OUT, Status.UNDEC
# Past this many rounds a circle of strengths is left at its last values (see `gradual.MAX_ROUNDS`).
_ROUNDS = 1_000
_TOLERANCE = 1e-9


@attrs.frozen
class Linchpin:
    """One withdrawal that matters: what was withdrawn, and the conclusion's status and strength after it."""

    kind: str  # "claim", "source" or "actor"
    id: str
    status: Status | None  # None: the conclusion itself is withdrawn with it
    strength: float | None
    withdrawn: tuple[str, ...]  # the claims it takes out


@attrs.frozen
class Sensitivity:
    """A conclusion's status and strength, and the withdrawals that flip the one or move the other."""

    conclusion: str
    status: Status
    strength: float
    linchpins: tuple[Linchpin, ...]
    sources: tuple[str, ...]  # every source behind the claims that support it, itself included
    actors: tuple[str, ...]  # every actor holding those claims


class _Graph:
    """Claims and steps, numbered, with who attacks, supports and undercuts whom, both ways."""

    def __init__(self, amap: ArgumentMap):
        claims = amap.claims_by_id()
        self.ids = list(claims)
        self.number = {c: n for n, c in enumerate(self.ids)}
        self.base = [base_score(claims[c]) for c in self.ids]
        number = self.number
        groups = {a.id: a for a in amap.arguments}

        def named(ref_id: str) -> list[int]:
            if ref_id in number:
                return [number[ref_id]]
            group = groups.get(ref_id)
            return [number[c.id] for c in group.conclusions if c.id in number] if group else []

        count = len(self.ids)
        self.steps: list[tuple[list[int], int]] = []  # (premises, conclusion)
        self.step_args: list[str | None] = []
        self.into: list[list[int]] = [[] for _ in range(count)]  # steps into each claim
        for support in amap.supports:
            if support.conclusion.id in number and all(p.id in number for p in support.premises):
                self.into[number[support.conclusion.id]].append(len(self.steps))
                self.steps.append(([number[p.id] for p in support.premises], number[support.conclusion.id]))
                self.step_args.append(support.argument)
        self.attackers: list[set[int]] = [set() for _ in range(count)]
        self.undercutters: list[set[int]] = [set() for _ in self.steps]
        for attack in amap.attacks:
            for attacker in named(attack.attacker.id):
                if attack.kind is AttackKind.UNDERCUT:
                    for step in self._undercut(attack.target.id, attack.inference_to, groups):
                        self.undercutters[step].add(attacker)
                else:
                    for target in named(attack.target.id):
                        if target != attacker:
                            self.attackers[target].add(attacker)
        for contradiction in amap.contradictions:
            for left in named(contradiction.left.id):
                for right in named(contradiction.right.id):
                    if left != right:
                        self.attackers[left].add(right)
                        self.attackers[right].add(left)
        # What each claim's label and strength depend on, and the reverse.
        self.needs: list[set[int]] = [set(a) for a in self.attackers]
        for claim in range(count):
            for step in self.into[claim]:
                self.needs[claim].update(self.steps[step][0])
                self.needs[claim].update(self.undercutters[step])
        self.used_by: list[list[int]] = [[] for _ in range(count)]
        for claim, needed in enumerate(self.needs):
            for other in needed:
                self.used_by[other].append(claim)

    def _undercut(self, target: str, to: Ref | None, groups: Mapping[str, Argument]) -> list[int]:
        number = self.number
        if to is not None:
            steps = self.into[number[to.id]] if to.id in number else []
            return [s for s in steps if target in number and number[target] in self.steps[s][0]]
        group = groups.get(target)
        if group is not None:
            return [
                s for c in group.conclusions if c.id in number
                for s in self.into[number[c.id]] if self.step_args[s] == target
            ]  # fmt: skip
        return list(self.into[number[target]]) if target in number else []

    def upstream(self, claim: int) -> set[int]:
        """Every claim `claim`'s label and strength depend on, through any number of links, itself included."""
        seen = {claim}
        stack = [claim]
        while stack:
            for other in self.needs[stack.pop()]:
                if other not in seen:
                    seen.add(other)
                    stack.append(other)
        return seen

    def downstream(self, starts: Iterable[int], within: set[int]) -> set[int]:
        """The claims of `within` that depend on any of `starts`, those included."""
        seen = {s for s in starts if s in within}
        stack = list(seen)
        while stack:
            for other in self.used_by[stack.pop()]:
                if other in within and other not in seen:
                    seen.add(other)
                    stack.append(other)
        return seen

    # --- grounded labels ----------------------------------------------------------

    def _step_label(self, step: int, label: Sequence[Status | None]) -> Status | None:
        premises, _ = self.steps[step]
        found = [label[p] for p in premises] + [_flip(label[u]) for u in self.undercutters[step]]
        if any(f is _OUT for f in found):
            return _OUT
        return _IN if all(f is _IN for f in found) else None

    def _claim_label(self, claim: int, label: Sequence[Status | None]) -> Status | None:
        against = [label[a] for a in self.attackers[claim]]
        if any(a is _IN for a in against):
            return _OUT
        steps = [self._step_label(s, label) for s in self.into[claim]]
        if steps and all(s is _OUT for s in steps):
            return _OUT
        if all(a is _OUT for a in against) and (not steps or any(s is _IN for s in steps)):
            return _IN
        return None

    def _label_circle(self, circle: list[int], label: list[Status | None]) -> None:
        """The grounded labels of claims that depend on each other: the least fixed point, from undecided."""
        for claim in circle:
            label[claim] = None
        waiting = set(circle)
        while waiting:
            changed = set()
            for claim in waiting:
                found = self._claim_label(claim, label)
                if found is not None:
                    label[claim] = found
                    changed.add(claim)
            if not changed:
                break
            waiting -= changed
        for claim in waiting:
            label[claim] = _UNDEC

    # --- DF-QuAD strengths --------------------------------------------------------

    def _strength(self, claim: int, strength: Sequence[float]) -> float:
        attack = aggregate(strength[a] for a in self.attackers[claim])
        support = aggregate(
            min(strength[p] for p in self.steps[s][0]) * (1.0 - aggregate(strength[u] for u in self.undercutters[s]))
            for s in self.into[claim]
        )
        return combine(self.base[claim], attack, support)

    def _strength_circle(self, circle: list[int], strength: list[float]) -> None:
        """The strengths of claims that depend on each other: iterated from their base scores until settled."""
        for claim in circle:
            strength[claim] = self.base[claim]
        for _ in range(_ROUNDS):
            moved = 0.0
            new = [(c, self._strength(c, strength)) for c in circle]
            for claim, value in new:
                moved = max(moved, abs(value - strength[claim]))
                strength[claim] = value
            if moved <= _TOLERANCE:
                break

    def recompute(self, cone: set[int], label: list[Status | None], strength: list[float]) -> None:
        """The labels and strengths of the claims in `cone`, the others' kept.

        Claim by claim, each after what it needs; claims that need each other
        in a circle are solved together (`_label_circle`, `_strength_circle`)
        once what the circle needs from outside is known.
        """
        for group in self._in_order(cone):
            if len(group) == 1 and group[0] not in self.needs[group[0]]:
                claim = group[0]
                label[claim] = self._claim_label(claim, label) or _UNDEC
                strength[claim] = self._strength(claim, strength)
            else:
                self._label_circle(group, label)
                self._strength_circle(group, strength)

    def _in_order(self, cone: set[int]) -> list[list[int]]:
        """The claims of `cone` in groups that need each other (strongly connected), each after what it needs.

        Tarjan's algorithm, without recursion: a group is finished only after
        every group it needs, which is the order to work them out in.
        """
        index: dict[int, int] = {}
        low: dict[int, int] = {}
        stack: list[int] = []
        on_stack: set[int] = set()
        groups: list[list[int]] = []
        for root in cone:
            if root in index:
                continue
            work = [(root, iter([n for n in self.needs[root] if n in cone]))]
            index[root] = low[root] = len(index)
            stack.append(root)
            on_stack.add(root)
            while work:
                node, children = work[-1]
                for child in children:
                    if child not in index:
                        index[child] = low[child] = len(index)
                        stack.append(child)
                        on_stack.add(child)
                        work.append((child, iter([n for n in self.needs[child] if n in cone])))
                        break
                    if child in on_stack:
                        low[node] = min(low[node], index[child])
                else:
                    work.pop()
                    if work:
                        parent = work[-1][0]
                        low[parent] = min(low[parent], low[node])
                    if low[node] == index[node]:
                        group = []
                        while True:
                            member = stack.pop()
                            on_stack.discard(member)
                            group.append(member)
                            if member == node:
                                break
                        groups.append(sorted(group))
        return groups


def _flip(status: Status | None) -> Status | None:
    """An undercutter's label as its step sees it: an undercutter in makes the step out."""
    return _OUT if status is _IN else _IN if status is _OUT else None


def claim_statuses(amap: ArgumentMap) -> dict[str, Status]:
    """Each claim's grounded status, worked out on claims and steps directly (as `evaluate` finds it)."""
    graph = _Graph(amap)
    label: list[Status | None] = [None] * len(graph.ids)
    graph.recompute(set(range(len(graph.ids))), label, [0.0] * len(graph.ids))
    return {c: label[n] or _UNDEC for n, c in enumerate(graph.ids)}


def _grounds(amap: ArgumentMap, graph: _Graph) -> tuple[list[set[str]], list[set[str]]]:
    """Each claim's sources (cited or quoted, by it or by its argument) and actors (its own, else its argument's)."""
    claims = amap.claims_by_id()
    arguments = {a.id: a for a in amap.arguments}
    sources_of: list[set[str]] = []
    actors_of: list[set[str]] = []
    for claim_id in graph.ids:
        claim = claims[claim_id]
        argument = arguments.get(claim.argument) if claim.argument is not None else None
        sources = {r.id for r in claim.citations} | {q.source.id for q in claim.quotes}
        sources |= {r.id for r in argument.citations} if argument is not None else set()
        sources_of.append(sources)
        actors_of.append({r.id for r in claim.actors} or ({r.id for r in argument.actors} if argument else set()))
    return sources_of, actors_of


def foundations(amap: ArgumentMap) -> dict[str, tuple[tuple[str, ...], tuple[str, ...]]]:
    """For each top conclusion, the sources and the actors behind it and every claim that supports it."""
    graph = _Graph(amap)
    sources_of, actors_of = _grounds(amap, graph)
    found = {}
    for conclusion in amap.top_conclusions():
        supporting = _supporting(graph, graph.number[conclusion])
        found[conclusion] = (
            tuple(sorted(set().union(*(sources_of[c] for c in supporting)))),
            tuple(sorted(set().union(*(actors_of[c] for c in supporting)))),
        )
    return found


def sensitivity(
    amap: ArgumentMap, conclusions: Iterable[str] | None = None, threshold: float = DEFAULT_THRESHOLD
) -> list[Sensitivity]:
    """For each conclusion (default: the map's top conclusions), the withdrawals that flip or move it."""
    graph = _Graph(amap)
    count = len(graph.ids)
    chosen = amap.top_conclusions() if conclusions is None else list(conclusions)
    upstreams = {c: graph.upstream(graph.number[c]) for c in chosen}
    # Only what the conclusions rest on is worked out: nothing else bears on them.
    label: list[Status | None] = [None] * count
    strength = list(graph.base)
    graph.recompute(set().union(*upstreams.values()), label, strength)
    sources_of, actors_of = _grounds(amap, graph)
    found: list[Sensitivity] = []
    for conclusion_id in chosen:
        target = graph.number[conclusion_id]
        upstream = upstreams[conclusion_id]
        before_label, before_strength = label[target] or _UNDEC, strength[target]
        withdrawals: list[tuple[str, str, set[int]]] = [
            ("claim", graph.ids[c], {c}) for c in sorted(upstream) if c != target
        ]
        by_source: dict[str, set[int]] = {}
        by_actor: dict[str, set[int]] = {}
        for number in upstream:
            if len(sources_of[number]) == 1:
                by_source.setdefault(next(iter(sources_of[number])), set()).add(number)
            if len(actors_of[number]) == 1:
                by_actor.setdefault(next(iter(actors_of[number])), set()).add(number)
        withdrawals += [("source", s, c) for s, c in sorted(by_source.items())]
        withdrawals += [("actor", a, c) for a, c in sorted(by_actor.items())]
        linchpins: list[Linchpin] = []
        for kind, ident, taken in withdrawals:
            names = tuple(graph.ids[c] for c in sorted(taken))
            if target in taken:
                linchpins.append(Linchpin(kind, ident, None, None, names))
                continue
            after = _withdrawn(graph, taken, target, upstream, label, strength)
            if after[0] is not before_label or abs(after[1] - before_strength) > threshold:
                linchpins.append(Linchpin(kind, ident, after[0], after[1], names))
        supporting = _supporting(graph, target)
        found.append(
            Sensitivity(
                conclusion_id,
                before_label,
                before_strength,
                tuple(linchpins),
                tuple(sorted(set().union(*(sources_of[c] for c in supporting)))),
                tuple(sorted(set().union(*(actors_of[c] for c in supporting)))),
            )
        )
    return found


def _withdrawn(
    graph: _Graph, taken: set[int], target: int, upstream: set[int], label: list[Status | None], strength: list[float]
) -> tuple[Status, float]:
    """The target's label and strength with the claims `taken` out: only the cone between them is worked out again."""
    cone = graph.downstream(taken, upstream) - taken
    saved = {c: (label[c], strength[c]) for c in cone | taken}
    try:
        for claim in taken:
            # Out of the map: it neither attacks nor supports (an attacker out, a premise that fails its step,
            # a strength of 0 for nothing).
            label[claim], strength[claim] = _WITHDRAWN_LABEL, 0.0
        graph.recompute(cone, label, strength)
        return label[target] or _UNDEC, strength[target]
    finally:
        for claim, (was_label, was_strength) in saved.items():
            label[claim], strength[claim] = was_label, was_strength


_WITHDRAWN_LABEL = _OUT


def _supporting(graph: _Graph, target: int) -> set[int]:
    """The conclusion and every claim that supports it, through any number of steps."""
    seen = {target}
    stack = [target]
    while stack:
        for step in graph.into[stack.pop()]:
            for premise in graph.steps[step][0]:
                if premise not in seen:
                    seen.add(premise)
                    stack.append(premise)
    return seen
