"""Map to framework: the translation behind `argmap eval`.

A map becomes an abstract argumentation framework (`translate`), ASPIC+-style:
a claim falls when it is attacked by a claim that stands, and a conclusion
falls when every support for it falls; a support falls when any of its
premises falls or its step is undercut. The framework has one argument per
claim and per step, plus two kinds of helper arguments that turn "needs" into
attacks (support as a double attack, after Boella, Gabbay, van der Torre and
Villata's meta-argumentation):

- `step:P1+P2->C`, the step from the premises to C; it stands while all its
  premises stand and nothing that undercuts it does;
- `not:P`, "P does not hold", attacked by P and attacking every step that
  needs P, so a step falls as soon as one premise falls;
- `unsupported:C`, "no step into C stands", attacked by each step into C and
  attacking C, so a conclusion falls once all its supports have fallen.

A claim with no support is taken as given (an ordinary premise) until it is
attacked. docs/evaluation.md writes the translation down with the seed map as
its worked example.
"""

from __future__ import annotations

import enum
import functools
from collections.abc import Iterator, Mapping

import attrs

from argmap.evaluate.framework import (
    Framework,
    _label_grounded,
)
from argmap.gcpause import paused_gc
from argmap.model import Argument, ArgumentMap, Attack, AttackKind, Support

__all__ = ["Node", "NodeKind", "Translation", "translate"]


class NodeKind(enum.Enum):
    """What an argument of the translated framework stands for."""

    CLAIM = "claim"
    STEP = "step"
    NOT = "not"
    UNSUPPORTED = "unsupported"


@attrs.frozen
class Node:
    """One argument of the framework: its name, what it stands for and the claim it speaks of."""

    name: str
    kind: NodeKind
    claim: str
    support: Support | None = None


class Translation:
    """A map as a framework, with what each argument stands for and why each attack is there.

    `translate` numbers the arguments and links them as it goes (`_Graph`),
    which is all `Labelling` reads; the names, the framework, `nodes` and
    `why` are written out from the numbers the first time they are read.
    """

    def __init__(self, graph: _Graph):
        self._graph = graph

    @functools.cached_property
    def framework(self) -> Framework:
        """The framework: one argument per claim, step and helper, in the order they were made."""
        graph, names = self._graph, self._names
        with paused_gc():
            attacks = tuple((names[source], names[target]) for source, target, _ in graph.attacks)
            return Framework._numbered(names, attacks, self._index, graph.attackers, graph.targets, graph.codes)

    @property
    def names(self) -> tuple[str, ...]:
        """Every argument's name, in the framework's order (numbered from 0)."""
        return self._names

    @property
    def sizes(self) -> tuple[int, int]:
        """How many arguments and attacks the framework has, without writing it out."""
        return len(self._graph.kinds), len(self._graph.attacks)

    def numbered_attacks(self) -> Iterator[tuple[int, int]]:
        """Each attack once, in the framework's order, as (attacker, attacked) argument numbers."""
        return ((source, target) for source, target, _ in self._graph.attacks)

    @functools.cached_property
    def nodes(self) -> Mapping[str, Node]:
        """What each argument stands for, keyed by name, in framework order."""
        graph = self._graph
        supports: dict[int, Support] = dict(graph.steps)
        with paused_gc():
            return {
                name: Node(name, kind, claim, supports.get(number))
                for number, (name, kind, claim) in enumerate(zip(self._names, graph.kinds, graph.about, strict=True))
            }

    @functools.cached_property
    def why(self) -> Mapping[tuple[str, str], str]:
        """Why each attack exists: rebuts, undermines, undercuts, contradicts, or one of the helper links."""
        names = self._names
        with paused_gc():
            return {(names[source], names[target]): reason for source, target, reason in self._graph.attacks}

    @functools.cached_property
    def steps(self) -> tuple[tuple[str, Support], ...]:
        """Each step's name and the support it stands for, in the map's order."""
        names = self._names
        return tuple((names[number], support) for number, support in self._graph.steps)

    @functools.cached_property
    def _names(self) -> tuple[str, ...]:
        graph = self._graph
        names = dict.fromkeys(graph.about[: graph.claim_count])
        supports = iter(graph.steps)
        counts: dict[str, int] = {}
        with paused_gc():
            for kind, claim in zip(graph.kinds[graph.claim_count :], graph.about[graph.claim_count :], strict=True):
                if kind is NodeKind.STEP:
                    premises = [p.id for p in next(supports)[1].premises]
                    base = f"step:{'+'.join(premises)}->{claim}"
                else:
                    base = f"{kind.value}:{claim}"
                names[_fresh(base, names, counts)] = None
            return tuple(names)

    @functools.cached_property
    def _index(self) -> dict[str, int]:
        names = self._names
        return dict(zip(names, range(len(names)), strict=True))

    def _number(self, name: str) -> int | None:
        """An argument's number, from its name (None for a name the framework lacks)."""
        number = self._graph.number.get(name)  # a claim's, without writing the names out
        return number if number is not None else self._index.get(name)


def _fresh(base: str, taken: Mapping[str, object], counts: dict[str, int]) -> str:
    """`base`, or with a count after it if that name is taken (two supports with the same premises and conclusion).

    `counts` remembers, for each base, the last count given, so that the
    n-th support written the same way costs one look-up, not n.
    """
    n = counts.get(base, 1)
    name = base if n == 1 else f"{base}({n})"
    if name in taken:  # rare: only a name taken already is counted on, and remembered
        while name in taken:
            n += 1
            name = f"{base}({n})"
        counts[base] = n
    return name


class _Graph:
    """The framework by number, as `translate` makes it.

    The claims come first (0 to `claim_count - 1`, in the map's order), then
    each step followed by the helpers it is the first to need. Per number:
    what the argument stands for (`kinds`), the claim it speaks of (`about`:
    a claim's own id, a step's conclusion, a helper's claim), and its
    attackers and targets in the order the attacks were made.
    """

    def __init__(self, claims: list[str]):
        count = self.claim_count = len(claims)
        self.number = dict(zip(claims, range(count), strict=True))  # each claim's number, by id
        self.kinds = [NodeKind.CLAIM] * count
        self.about = claims
        self.attackers: list[list[int]] = [[] for _ in range(count)]
        self.targets: list[list[int]] = [[] for _ in range(count)]
        self.attacks: list[tuple[int, int, str]] = []  # (attacker, attacked, why), each attack once, in order
        self.steps: list[tuple[int, Support]] = []  # each step's number and support, in order
        self.codes: bytes | None = None  # the grounded labelling, once worked out
        self.denials: list[int] = []  # the helpers `not:`, in order

    def link(self, source: int, target: int, reason: str) -> None:
        """An attack (the caller knows it is new)."""
        self.attacks.append((source, target, reason))
        self.attackers[target].append(source)
        self.targets[source].append(target)

    def grounded(self) -> bytes:
        """Each argument's grounded label as a code."""
        if self.codes is None:
            self.codes = _label_grounded(self.attackers, self.targets)
        return self.codes


def translate(argument_map: ArgumentMap) -> Translation:
    """The framework a map stands for. Links that name unknown ids are left out (`argmap check` reports them)."""
    with paused_gc():
        return Translation(_translate(argument_map))


def _translate(argument_map: ArgumentMap) -> _Graph:
    graph = _Graph(list(dict.fromkeys(c.id for c in argument_map.claims)))  # duplicate ids: the first counts
    number, kinds, about, attackers, targets, attacks = (
        graph.number,
        graph.kinds,
        graph.about,
        graph.attackers,
        graph.targets,
        graph.attacks,
    )
    step_kind, unsupported_kind, not_kind = NodeKind.STEP, NodeKind.UNSUPPORTED, NodeKind.NOT
    # The helpers made so far, by the number of the claim they speak of.
    unsupported = [-1] * graph.claim_count
    denial = [-1] * graph.claim_count

    # Once per support and premise of a large map, so its arguments and links are made in line (as
    # `_Graph.link` would). Each link made here is new: every one ends at, or starts from, a helper or a
    # step made just now.
    for support in argument_map.supports:
        conclusion_id = support.conclusion.id
        conclusion = number.get(conclusion_id)
        if conclusion is None:
            continue
        try:
            premises = [number[p.id] for p in support.premises]
        except KeyError:
            continue
        step = len(kinds)
        needs: list[int] = []  # the step's attackers: the helper `not:` of each premise
        supports: list[int] = []  # what the step attacks: the helper `unsupported:` of its conclusion
        kinds.append(step_kind)
        about.append(conclusion_id)
        attackers.append(needs)
        targets.append(supports)
        graph.steps.append((step, support))
        helper = unsupported[conclusion]
        if helper < 0:
            helper = unsupported[conclusion] = len(kinds)
            kinds.append(unsupported_kind)
            about.append(conclusion_id)
            attackers.append([step])
            targets.append([conclusion])
            attackers[conclusion].append(helper)
            attacks += ((step, helper, "supports"), (helper, conclusion, "unsupported"))
        else:
            attackers[helper].append(step)
            attacks.append((step, helper, "supports"))
        supports.append(helper)
        for premise in premises if len(premises) == 1 else dict.fromkeys(premises):
            helper = denial[premise]
            if helper < 0:
                helper = denial[premise] = len(kinds)
                graph.denials.append(helper)
                kinds.append(not_kind)
                about.append(about[premise])
                attackers.append([premise])
                targets.append([step])
                targets[premise].append(helper)
                attacks += ((premise, helper, "holds"), (helper, step, "premise"))
            else:
                targets[helper].append(step)
                attacks.append((helper, step, "premise"))
            needs.append(helper)

    # The map's own attacks run from a claim to a claim or a step, which no helper link does: they need
    # only be told apart from each other.
    groups = {a.id: a for a in argument_map.arguments}
    made: set[tuple[int, int]] = set()

    def named(ref_id: str) -> list[int]:
        # An argument's name, where a claim is expected, stands for its conclusion.
        found = number.get(ref_id)
        if found is not None:
            return [found]
        group = groups.get(ref_id)
        return [number[c.id] for c in group.conclusions if c.id in number] if group else []

    def attack(source: int, target: int, reason: str) -> None:
        if (source, target) not in made:
            made.add((source, target))
            graph.link(source, target, reason)

    into: dict[str, list[tuple[int, Support]]] = {}
    for step, support in graph.steps:
        into.setdefault(support.conclusion.id, []).append((step, support))
    for an_attack in argument_map.attacks:
        for attacker in named(an_attack.attacker.id):
            if an_attack.kind is AttackKind.UNDERCUT:
                for step in _undercut_steps(an_attack, into, groups):
                    attack(attacker, step, "undercuts")
            else:
                for target in named(an_attack.target.id):
                    attack(attacker, target, f"{an_attack.kind.value}s")
    for contradiction in argument_map.contradictions:
        for left in named(contradiction.left.id):
            for right in named(contradiction.right.id):
                attack(left, right, "contradicts")
                attack(right, left, "contradicts")
    return graph


def _undercut_steps(
    attack: Attack, into: Mapping[str, list[tuple[int, Support]]], groups: Mapping[str, Argument]
) -> list[int]:
    """The steps an undercut hits: one step, an argument's step into its conclusion, or every step into a claim."""
    target = attack.target.id
    if attack.inference_to is not None:
        steps = into.get(attack.inference_to.id, [])
        return [n for n, s in steps if any(p.id == target for p in s.premises)]
    if target in groups:
        return [n for c in groups[target].conclusions for n, s in into.get(c.id, []) if s.argument == target]
    return [n for n, _ in into.get(target, [])]
