"""Evaluation: which claims of a map stand, under formal semantics, and why.

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
from collections.abc import Callable, Mapping

import attrs

from argmap.framework import (
    _IN,
    _OUT,
    _UNDEC,
    DEFAULT_LIMIT,
    Extensions,
    Framework,
    _components,
    _grounded_codes,
    grounded,
    has_odd_cycle,
    preferred_and_stable,
    strongly_connected,
)
from argmap.gcpause import paused_gc
from argmap.model import Argument, ArgumentMap, Attack, AttackKind, Status, Support

__all__ = [
    "ClaimStatus",
    "Evaluation",
    "Labelling",
    "Node",
    "NodeKind",
    "StepStatus",
    "Translation",
    "evaluate",
    "translate",
]


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


@attrs.frozen
class Translation:
    """A map as a framework, with what each argument stands for and why each attack is there."""

    framework: Framework
    nodes: Mapping[str, Node]
    # Why each attack exists: rebuts, undermines, undercuts, contradicts, or one of the helper links.
    why: Mapping[tuple[str, str], str]
    steps: tuple[tuple[str, Support], ...]


def _step_name(premises: list[str], conclusion: str, taken: Mapping[str, object]) -> str:
    base = f"step:{'+'.join(premises)}->{conclusion}"
    name, n = base, 1
    while name in taken:
        n += 1
        name = f"{base}({n})"
    return name


def translate(argument_map: ArgumentMap) -> Translation:
    """The framework a map stands for. Links that name unknown ids are left out (`argmap check` reports them)."""
    with paused_gc():
        return _translate(argument_map)


def _translate(argument_map: ArgumentMap) -> Translation:
    claims = argument_map.claims_by_id()
    groups = {a.id: a for a in argument_map.arguments}

    def named(ref_id: str) -> list[str]:
        # An argument's name, where a claim is expected, stands for its conclusion.
        if ref_id in claims:
            return [ref_id]
        group = groups.get(ref_id)
        return [c.id for c in group.conclusions if c.id in claims] if group else []

    nodes: dict[str, Node] = {c: Node(c, NodeKind.CLAIM, c) for c in claims}
    # Each argument's number in the framework (its place in `nodes`), and each attack by number, so the
    # framework need not look every name up again.
    number = dict(zip(nodes, range(len(nodes)), strict=True))
    why: dict[tuple[str, str], str] = {}
    pairs: list[tuple[int, int]] = []
    steps: list[tuple[str, Support]] = []

    def link(source: str, target: str, reason: str) -> None:
        key = (source, target)
        if key not in why:
            why[key] = reason
            pairs.append((number[source], number[target]))

    # The loop below runs once per support and premise of a large map, so its links are written out. A
    # link to an argument made just now cannot be there already; any other is added only if it is new.
    is_claim = claims.__contains__
    for support in argument_map.supports:
        conclusion = support.conclusion.id
        premises = [p.id for p in support.premises]
        if conclusion not in claims or not all(map(is_claim, premises)):
            continue
        step = _step_name(premises, conclusion, nodes)
        nodes[step] = Node(step, NodeKind.STEP, conclusion, support)
        step_number = number[step] = len(number)
        steps.append((step, support))
        unsupported = f"unsupported:{conclusion}"
        unsupported_number = number.get(unsupported)
        if unsupported_number is None:
            nodes[unsupported] = Node(unsupported, NodeKind.UNSUPPORTED, conclusion)
            unsupported_number = number[unsupported] = len(number)
            why[(step, unsupported)] = "supports"
            why[(unsupported, conclusion)] = "unsupported"
            pairs += ((step_number, unsupported_number), (unsupported_number, number[conclusion]))
        else:
            why[(step, unsupported)] = "supports"
            pairs.append((step_number, unsupported_number))
            link(unsupported, conclusion, "unsupported")
        for premise in dict.fromkeys(premises):
            denial = f"not:{premise}"
            denial_number = number.get(denial)
            if denial_number is None:
                nodes[denial] = Node(denial, NodeKind.NOT, premise)
                denial_number = number[denial] = len(number)
                why[(premise, denial)] = "holds"
                pairs.append((number[premise], denial_number))
            else:
                link(premise, denial, "holds")
            why[(denial, step)] = "premise"
            pairs.append((denial_number, step_number))

    into: dict[str, list[tuple[str, Support]]] = {}
    for step, support in steps:
        into.setdefault(support.conclusion.id, []).append((step, support))
    for attack in argument_map.attacks:
        for attacker in named(attack.attacker.id):
            if attack.kind is AttackKind.UNDERCUT:
                for step in _undercut_steps(attack, into, groups):
                    link(attacker, step, "undercuts")
            else:
                for target in named(attack.target.id):
                    link(attacker, target, f"{attack.kind.value}s")
    for contradiction in argument_map.contradictions:
        for left in named(contradiction.left.id):
            for right in named(contradiction.right.id):
                link(left, right, "contradicts")
                link(right, left, "contradicts")

    framework = Framework._numbered(tuple(nodes), tuple(why), number, pairs)
    return Translation(framework, nodes, why, tuple(steps))


def _undercut_steps(
    attack: Attack, into: Mapping[str, list[tuple[str, Support]]], groups: Mapping[str, Argument]
) -> list[str]:
    """The steps an undercut hits: one step, an argument's step into its conclusion, or every step into a claim."""
    target = attack.target.id
    if attack.inference_to is not None:
        steps = into.get(attack.inference_to.id, [])
        return [n for n, s in steps if any(p.id == target for p in s.premises)]
    if target in groups:
        return [n for c in groups[target].conclusions for n, s in into.get(c.id, []) if s.argument == target]
    return [n for n, _ in into.get(target, [])]


@attrs.frozen
class ClaimStatus:
    """A claim's grounded status, the reason for it, and its standing under preferred semantics."""

    claim: str
    status: Status
    reason: str
    credulous: bool | None  # in some preferred extension; None when not computed
    skeptical: bool | None  # in every preferred extension; None when not computed


@attrs.frozen
class StepStatus:
    """A support step's grounded status and the reason for it."""

    name: str
    support: Support
    status: Status
    reason: str


@attrs.frozen
class Evaluation:
    """Everything `evaluate` found about one map."""

    translation: Translation
    labels: Mapping[str, Status]
    claims: tuple[ClaimStatus, ...]
    steps: tuple[StepStatus, ...]
    preferred: Extensions
    stable: Extensions
    # Checks look claims up one by one; a scan per look-up made them quadratic.
    _by_id: dict[str, ClaimStatus] = attrs.field(init=False, eq=False, repr=False)

    @_by_id.default
    def _index_claims(self) -> dict[str, ClaimStatus]:
        return {c.claim: c for c in reversed(self.claims)}  # the first result for an id wins

    @property
    def statuses(self) -> dict[str, Status]:
        """Each claim's grounded status, keyed by claim id."""
        return {c.claim: c.status for c in self.claims}

    def claim(self, claim_id: str) -> ClaimStatus | None:
        """The result for one claim, or None for an unknown id."""
        return self._by_id.get(claim_id)

    def odd_cycles(self) -> list[tuple[str, ...]]:
        """The claims on each undecided cycle of odd length: what leaves a map without a stable extension."""
        return _odd_cycles(self.translation, self.labels)

    def claim_extensions(self, extensions: Extensions) -> tuple[frozenset[str], ...] | None:
        """The extensions reduced to claims, helpers left out (None when not computed)."""
        if extensions.extensions is None:
            return None
        nodes = self.translation.nodes
        return tuple(frozenset(a for a in e if nodes[a].kind is NodeKind.CLAIM) for e in extensions.extensions)


def evaluate(argument_map: ArgumentMap, limit: int = DEFAULT_LIMIT) -> Evaluation:
    """Translate the map, label it (grounded), search preferred and stable within `limit` steps, explain each status."""
    return Labelling(translate(argument_map), limit).evaluation()


class Labelling:
    """The labels and extensions `evaluate` finds, with each reason worked out only when asked for.

    `argmap check` reads a few reasons (those its findings quote) out of the
    tens of thousands a large map has; `evaluation()` explains every claim and
    step, with the same reasons.
    """

    def __init__(self, translation: Translation, limit: int = DEFAULT_LIMIT):
        framework = translation.framework
        self.translation = translation
        self.labels = grounded(framework)
        self._explainer = _Explainer(translation)
        self.preferred, self.stable = preferred_and_stable(framework, limit)
        self._credulous, self._skeptical = _credulous_and_skeptical(self.preferred)
        self._claims: dict[str, ClaimStatus] = {}

    @functools.cached_property
    def claim_ids(self) -> tuple[str, ...]:
        """The claims, in the order `Evaluation.claims` gives them."""
        return tuple(name for name, node in self.translation.nodes.items() if node.kind is NodeKind.CLAIM)

    @functools.cached_property
    def statuses(self) -> dict[str, Status]:
        """Each claim's grounded status, keyed by claim id (read-only: shared by every caller)."""
        labels = self.labels
        return {name: labels[name] for name in self.claim_ids}

    def reason(self, name: str) -> str:
        """Why a claim or step has its grounded status."""
        return self._explainer.reason(name)

    def credulous(self, claim_id: str) -> bool | None:
        """In some preferred extension (None when they were not computed)."""
        return self._credulous(claim_id)

    def skeptical(self, claim_id: str) -> bool | None:
        """In every preferred extension, and there is one (None when they were not computed)."""
        return self._skeptical(claim_id)

    def claim(self, claim_id: str) -> ClaimStatus | None:
        """The result for one claim, as `Evaluation.claim` gives it; None for an id that is not a claim."""
        found = self._claims.get(claim_id)
        if found is None:
            node = self.translation.nodes.get(claim_id)
            if node is None or node.kind is not NodeKind.CLAIM:
                return None
            found = self._claims[claim_id] = self._claim_status(claim_id)
        return found

    def _claim_status(self, name: str) -> ClaimStatus:
        return ClaimStatus(name, self.labels[name], self.reason(name), self._credulous(name), self._skeptical(name))

    def odd_cycles(self) -> list[tuple[str, ...]]:
        """As `Evaluation.odd_cycles`."""
        return _odd_cycles(self.translation, self.labels)

    def evaluation(self) -> Evaluation:
        """Everything explained: every claim's and every step's status with its reason."""
        labels, reason = self.labels, self.reason
        claims = tuple(self._claim_status(name) for name in self.claim_ids)
        steps = tuple(StepStatus(name, support, labels[name], reason(name)) for name, support in self.translation.steps)
        return Evaluation(self.translation, labels, claims, steps, self.preferred, self.stable)


def _odd_cycles(translation: Translation, labels: Mapping[str, Status]) -> list[tuple[str, ...]]:
    framework, nodes = translation.framework, translation.nodes
    undecided = [a for a in framework.arguments if labels[a] is Status.UNDEC]
    found = []
    for component in strongly_connected(framework, undecided):
        if has_odd_cycle(framework, component):
            claims = tuple(a for a in component if nodes[a].kind is NodeKind.CLAIM)
            found.append(claims or tuple(dict.fromkeys(nodes[a].claim for a in component)))
    return found


def _credulous_and_skeptical(
    extensions: Extensions,
) -> tuple[Callable[[str], bool | None], Callable[[str], bool | None]]:
    """`extensions.credulous` and `.skeptical`, with the union and intersection taken once rather than per claim."""
    found = extensions.extensions
    if found is None:
        return extensions.credulous, extensions.skeptical
    union = frozenset[str]().union(*found)
    common = frozenset.intersection(*found) if found else frozenset[str]()
    return union.__contains__, common.__contains__


def _listed(items: list[str], most: int = 3) -> str:
    return _listing(items[:most], len(items), most)


def _listing(shown: list[str], count: int, most: int = 3) -> str:
    """The first `most` of `count` items, then how many more there are."""
    words = ", ".join(shown[:-1]) + (" and " if len(shown) > 1 else "") + shown[-1]
    return words + (f" and {count - most} more" if count > most else "")


class _Cycle:
    """An undecided strongly connected component that holds a cycle, as the explainer needs it."""

    def __init__(self, members: list[int], claims: list[str]):
        self.members = members
        self.claims = claims  # the claims on it, in framework order
        self.claim_set = set(claims)
        self.odd: bool | None = None  # whether it holds an odd cycle, once asked


class _Explainer:
    """The reason behind each grounded label, in the analyst's words.

    Works on the framework's argument numbers: a large map asks for tens of
    thousands of reasons, and each looks at the labels of a few neighbours.
    """

    def __init__(self, translation: Translation):
        self.translation = translation
        framework = self.framework = translation.framework
        self.names = framework.arguments
        self.number = framework._index
        self.attackers = framework._attackers
        self.codes = _grounded_codes(framework)
        nodes = translation.nodes
        self.kinds = [nodes[name].kind for name in self.names]
        self.cycle: dict[int, _Cycle] = {}
        self.outs: dict[int, str] = {}
        undecided = [i for i, code in enumerate(self.codes) if code == _UNDEC]
        if not undecided:
            return
        for component in _components(framework._targets, undecided):
            if len(component) > 1 or component[0] in self.attackers[component[0]]:
                claims = [self.names[m] for m in component if self.kinds[m] is NodeKind.CLAIM]
                cycle = _Cycle(component, claims)
                for member in component:
                    self.cycle[member] = cycle

    def reason(self, name: str) -> str:
        number = self.number[name]
        code = self.codes[number]
        if code == _IN:
            return self._in(number)
        if code == _OUT:
            return self._out(number)
        return self._undecided(number)

    def _in(self, number: int) -> str:
        attackers = self.attackers[number]
        kinds = self.kinds
        kind = kinds[number]
        if not attackers and kind is not NodeKind.STEP:
            return "not attacked"
        parts = []
        if kind is NodeKind.STEP:
            support = _support(self.translation, self.names[number])
            premises = [p.id for p in support.premises]
            many = len(premises) > 1
            parts.append(f"its premise{'s' if many else ''} {_listed(premises)} stand{'' if many else 's'}")
        supported = next((a for a in attackers if kinds[a] is NodeKind.UNSUPPORTED), None)
        if supported is not None:
            codes, names = self.codes, self.names
            standing = [names[s] for s in self.attackers[supported] if codes[s] == _IN]
            held = dict.fromkeys(p.id for s in standing for p in _support(self.translation, s).premises)
            parts.append(f"supported by {_listed(list(held))}")
        opponents = [self.names[a] for a in attackers if kinds[a] is NodeKind.CLAIM]
        if opponents:
            one = len(opponents) == 1
            who = "undercutter" if kind is NodeKind.STEP else "attacker"
            parts.append(f"its {who}{'' if one else 's'} {_listed(opponents)} {'is' if one else 'are'} out")
        return "; ".join(parts) or "not attacked"

    def _out(self, number: int) -> str:
        # A step's reason is asked for itself and again for each conclusion it fails to support.
        known = self.outs.get(number)
        if known is None:
            known = self.outs[number] = self._explain_out(number)
        return known

    def _explain_out(self, number: int) -> str:
        codes = self.codes
        winner = next(a for a in self.attackers[number] if codes[a] == _IN)
        kind = self.kinds[winner]
        if kind is NodeKind.CLAIM:
            verb = "undercut" if self.kinds[number] is NodeKind.STEP else "attacked"
            return f"{verb} by {self.names[winner]}, which is in"
        if kind is NodeKind.NOT:
            return f"its premise {self.translation.nodes[self.names[winner]].claim} is out"
        # Every step into the conclusion has fallen.
        fallen = self.attackers[winner]
        reasons = list(dict.fromkeys(self._out(step) for step in fallen))
        if len(fallen) == 1:
            return f"its support falls: {reasons[0]}"
        return f"none of its {len(fallen)} supports stands: {'; '.join(reasons)}"

    def _undecided(self, number: int) -> str:
        nodes, names, kinds = self.translation.nodes, self.names, self.kinds
        own = nodes[names[number]].claim
        cycle = self.cycle.get(number)
        if cycle is not None:
            others = _without(cycle, own)
            if others:
                return f"in a cycle with {others}"
            if number in self.attackers[number]:
                return "attacks itself"
            if cycle.odd is None:
                cycle.odd = has_odd_cycle(self.framework, [names[m] for m in cycle.members])
            if cycle.odd:
                return "in a cycle with itself: it attacks what it stands on"
            return "in a cycle with itself: it stands only on its own support"
        # Not on a cycle: it waits on an undecided claim upstream (a claim is at most three links away).
        codes = self.codes
        seen = {number}
        frontier = [number]
        while frontier:
            following = []
            for current in frontier:
                for attacker in self.attackers[current]:
                    if codes[attacker] != _UNDEC or attacker in seen:
                        continue
                    if kinds[attacker] is NodeKind.CLAIM and names[attacker] != own:
                        return f"depends on {names[attacker]}, which is undecided"
                    seen.add(attacker)
                    following.append(attacker)
            frontier = following
        return "undecided"  # pragma: no cover - an undecided argument always has an undecided attacker


def _without(cycle: _Cycle, own: str, most: int = 3) -> str:
    """`_listed` of the cycle's claims other than `own` ("" when there are none), in time independent of its length."""
    shown = [c for c in cycle.claims[: most + 1] if c != own][:most]
    if not shown:
        return ""
    return _listing(shown, len(cycle.claims) - (own in cycle.claim_set), most)


def _support(translation: Translation, step: str) -> Support:
    support = translation.nodes[step].support
    assert support is not None
    return support
