"""Labelling: each claim's status under grounded semantics, its standing under preferred, and the reason.

`evaluate` labels the framework `translate` made of a map; `Labelling` works
each reason out only when it is asked for.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator, Mapping

import attrs

from argmap.evaluate.framework import (
    _IN,
    _OUT,
    _STATUS,
    _UNDEC,
    DEFAULT_LIMIT,
    Extensions,
    _components,
    _has_odd_cycle,
    _Search,
)
from argmap.evaluate.translation import NodeKind, Translation, _Graph, translate
from argmap.model import ArgumentMap, Status, Support

__all__ = ["ClaimStatus", "Evaluation", "Labelling", "StepStatus", "evaluate"]


@attrs.frozen
class ClaimStatus:
    """A claim's grounded status, the reason for it, and its standing under preferred semantics."""

    claim: str
    status: Status
    reason: str
    credulous: bool | None  # in some preferred extension; None when the search did not settle it
    skeptical: bool | None  # in every preferred extension; None when the search did not settle it


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

    def _repr_html_(self) -> str:
        """A notebook's view: each claim, its status and why, as a table (IPython's display hook)."""
        import html

        words = {Status.IN: "accepted", Status.OUT: "defeated", Status.UNDEC: "undecided"}
        rows = "".join(
            f"<tr><td><code>{html.escape(c.claim)}</code></td><td>{words[c.status]}</td><td>{html.escape(c.reason)}</td></tr>"
            for c in self.claims
        )
        return f"<table><tr><th>claim</th><th>status</th><th>why</th></tr>{rows}</table>"

    def odd_cycles(self) -> list[tuple[str, ...]]:
        """The claims on each undecided cycle of odd length: what leaves a map without a stable extension."""
        return _odd_cycles(self.translation._graph)

    def claim_extensions(self, extensions: Extensions) -> tuple[frozenset[str], ...] | None:
        """The extensions reduced to claims, helpers left out (None when not listed: see `Extensions`)."""
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
    step, with the same reasons. Everything is worked out by argument number:
    the labels and extensions by name only when they are read.
    """

    def __init__(self, translation: Translation, limit: int = DEFAULT_LIMIT):
        self.translation = translation
        self.limit = limit
        graph = self._graph = translation._graph
        self._codes = graph.grounded()
        self._explainer = _Explainer(graph)
        self._claims: dict[str, ClaimStatus] = {}

    @functools.cached_property
    def _search(self) -> _Search:
        """The preferred and stable search, made the first time anything asks for what it finds.

        A caller after grounded statuses and reasons alone (`render --status`) never pays for it.
        """
        graph = self._graph
        return _Search(graph.attackers, graph.targets, self._codes, self.limit)

    @property
    def _in_some(self) -> frozenset[int]:
        """The arguments in some preferred extension (exact outside the parts the search left unsettled)."""
        return self._search.in_some("preferred")

    @property
    def _in_every(self) -> frozenset[int]:
        """The arguments in every preferred extension (exact outside the unsettled parts)."""
        return self._search.in_every("preferred")

    @property
    def _unsettled(self) -> frozenset[int]:
        return self._search.unsettled

    @functools.cached_property
    def labels(self) -> Mapping[str, Status]:
        """Every argument's grounded label, keyed by name, in framework order (read from the codes when asked)."""
        return _Labels(self.translation, self._codes)

    @functools.cached_property
    def preferred(self) -> Extensions:
        """The preferred extensions (not computed, in part, when the search hit its limit)."""
        return self._search.named(self.translation._names, "preferred")

    @functools.cached_property
    def stable(self) -> Extensions:
        """The stable extensions (not computed, in part, when the search hit its limit)."""
        return self._search.named(self.translation._names, "stable")

    @property
    def no_stable_extension(self) -> bool:
        """The map has no stable extension: a part of it has none (whether or not every part was searched)."""
        return self._search.count("stable") == 0

    def unsettled_claims(self) -> list[str]:
        """The claims of the parts the preferred and stable search left unsettled, in framework order.

        A helper or a step speaks of a claim: its claim stands in for it.
        """
        about = self._graph.about
        return list(dict.fromkeys(about[n] for n in sorted(self._unsettled)))

    @functools.cached_property
    def claim_ids(self) -> tuple[str, ...]:
        """The claims, in the order `Evaluation.claims` gives them."""
        graph = self._graph
        return tuple(graph.about[: graph.claim_count])

    @functools.cached_property
    def statuses(self) -> dict[str, Status]:
        """Each claim's grounded status, keyed by claim id (read-only: shared by every caller)."""
        return dict(zip(self.claim_ids, map(_STATUS.__getitem__, self._codes), strict=False))

    def reason(self, name: str) -> str:
        """Why a claim or step has its grounded status."""
        return self._explainer.reason(self._numbered(name))

    def credulous(self, claim_id: str) -> bool | None:
        """In some preferred extension (None when the search left its part unsettled)."""
        return self._in(claim_id, self._in_some)

    def skeptical(self, claim_id: str) -> bool | None:
        """In every preferred extension, and there is one (None when the search left its part unsettled)."""
        return self._in(claim_id, self._in_every)

    def _in(self, name: str, extension: frozenset[int]) -> bool | None:
        number = self.translation._number(name)
        if number is None:
            return False
        return None if number in self._unsettled else number in extension

    def _numbered(self, name: str) -> int:
        number = self.translation._number(name)
        if number is None:
            raise KeyError(name)
        return number

    def claim(self, claim_id: str) -> ClaimStatus | None:
        """The result for one claim, as `Evaluation.claim` gives it; None for an id that is not a claim."""
        found = self._claims.get(claim_id)
        if found is None:
            if claim_id not in self._graph.number:
                return None
            found = self._claims[claim_id] = self._claim_status(claim_id)
        return found

    def defeated_head_on(self, claim_id: str) -> bool:
        """Whether a claim that attacks this claim is in (it is out whatever supports it)."""
        graph, codes = self._graph, self._codes
        kinds = graph.kinds
        return any(kinds[a] is NodeKind.CLAIM and codes[a] == _IN for a in graph.attackers[graph.number[claim_id]])

    def steps_on_a_defeated_premise(self) -> list[Support]:
        """The supports, in the map's order, with a premise out under grounded semantics."""
        codes, targets, supports = self._codes, self._graph.targets, self._explainer.supports
        # A premise is out exactly when its helper `not:` is in (the premise is its one attacker); the
        # helper attacks each step that needs the premise. Steps are numbered in the map's order.
        needing = {step for denial in self._graph.denials if codes[denial] == _IN for step in targets[denial]}
        return [supports[step] for step in sorted(needing)]

    def accepted_in_some_preferred_only(self) -> list[str]:
        """The claims in some preferred extension but not in all, in claim order (unsettled ones left out)."""
        claims = self._graph.claim_count
        return [self._graph.about[n] for n in sorted(self._in_some - self._in_every) if n < claims]

    def _claim_status(self, name: str) -> ClaimStatus:
        number = self._graph.number[name]
        status = _STATUS[self._codes[number]]
        return ClaimStatus(name, status, self._explainer.reason(number), self.credulous(name), self.skeptical(name))

    def odd_cycles(self) -> list[tuple[str, ...]]:
        """As `Evaluation.odd_cycles`."""
        return _odd_cycles(self._graph)

    def evaluation(self) -> Evaluation:
        """Everything explained: every claim's and every step's status with its reason."""
        reason, codes = self._explainer.reason, self._codes
        claims = tuple(self._claim_status(name) for name in self.claim_ids)
        steps = tuple(
            StepStatus(name, support, _STATUS[codes[number]], reason(number))
            for (name, support), (number, _) in zip(self.translation.steps, self._graph.steps, strict=True)
        )
        return Evaluation(self.translation, self.labels, claims, steps, self.preferred, self.stable)


class _Labels(Mapping[str, Status]):
    """Every argument's grounded label by name, read from the codes as it is asked for.

    A dict of them would hold an entry for each of the tens of thousands of
    helpers a large map has, which only a caller going through them all needs.
    """

    def __init__(self, translation: Translation, codes: bytes):
        self._translation = translation
        self._codes = codes

    def __getitem__(self, name: str) -> Status:
        number = self._translation._number(name)
        if number is None:
            raise KeyError(name)
        return _STATUS[self._codes[number]]

    def __iter__(self) -> Iterator[str]:
        return iter(self._translation._names)

    def __len__(self) -> int:
        return len(self._codes)


def _odd_cycles(graph: _Graph) -> list[tuple[str, ...]]:
    codes, kinds, about = graph.grounded(), graph.kinds, graph.about
    undecided = [i for i, code in enumerate(codes) if code == _UNDEC]
    found = []
    for component in _components(graph.targets, undecided):
        if _has_odd_cycle(graph.attackers, graph.targets, component):
            claims = tuple(about[a] for a in component if kinds[a] is NodeKind.CLAIM)
            found.append(claims or tuple(dict.fromkeys(about[a] for a in component)))
    return found


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

    Works on argument numbers: a large map asks for tens of thousands of
    reasons, and each looks at the labels of a few neighbours.
    """

    def __init__(self, graph: _Graph):
        self.graph = graph
        self.about = graph.about
        self.kinds = graph.kinds
        self.attackers = graph.attackers
        self.codes = graph.grounded()
        self.cycle: dict[int, _Cycle] = {}
        self.outs: dict[int, str] = {}
        self.texts: dict[str, str] = {}
        undecided = [i for i, code in enumerate(self.codes) if code == _UNDEC]
        if not undecided:
            return
        for component in _components(graph.targets, undecided):
            if len(component) > 1 or component[0] in self.attackers[component[0]]:
                claims = [self.about[m] for m in component if self.kinds[m] is NodeKind.CLAIM]
                cycle = _Cycle(component, claims)
                for member in component:
                    self.cycle[member] = cycle

    @functools.cached_property
    def supports(self) -> dict[int, Support]:
        """Each step's support, by number."""
        return dict(self.graph.steps)

    def reason(self, number: int) -> str:
        code = self.codes[number]
        if code == _IN:
            text = self._in(number)
        elif code == _OUT:
            text = self._out(number)
        else:
            text = self._undecided(number)
        # Many steps share a reason ("its premise a stands"): each text is kept once.
        return self.texts.setdefault(text, text)

    def _in(self, number: int) -> str:
        attackers = self.attackers[number]
        kinds = self.kinds
        kind = kinds[number]
        if not attackers and kind is not NodeKind.STEP:
            return "not attacked"
        parts = []
        if kind is NodeKind.STEP:
            premises = [p.id for p in self.supports[number].premises]
            many = len(premises) > 1
            parts.append(f"its premise{'s' if many else ''} {_listed(premises)} stand{'' if many else 's'}")
        supported = next((a for a in attackers if kinds[a] is NodeKind.UNSUPPORTED), None)
        if supported is not None:
            codes, supports = self.codes, self.supports
            standing = [s for s in self.attackers[supported] if codes[s] == _IN]
            held = dict.fromkeys(p.id for s in standing for p in supports[s].premises)
            parts.append(f"supported by {_listed(list(held))}")
        opponents = [self.about[a] for a in attackers if kinds[a] is NodeKind.CLAIM]
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
            return f"{verb} by {self.about[winner]}, which is in"
        if kind is NodeKind.NOT:
            return f"its premise {self.about[winner]} is out"
        # Every step into the conclusion has fallen.
        fallen = self.attackers[winner]
        reasons = list(dict.fromkeys(self._out(step) for step in fallen))
        if len(fallen) == 1:
            return f"its support falls: {reasons[0]}"
        return f"none of its {len(fallen)} supports stands: {'; '.join(reasons)}"

    def _undecided(self, number: int) -> str:
        about, kinds = self.about, self.kinds
        own = about[number]
        cycle = self.cycle.get(number)
        if cycle is not None:
            others = _without(cycle, own)
            if others:
                return f"in a cycle with {others}"
            if number in self.attackers[number]:
                return "attacks itself"
            if cycle.odd is None:
                cycle.odd = _has_odd_cycle(self.attackers, self.graph.targets, cycle.members)
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
                    if kinds[attacker] is NodeKind.CLAIM and about[attacker] != own:
                        return f"depends on {about[attacker]}, which is undecided"
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
