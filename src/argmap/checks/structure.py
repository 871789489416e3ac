"""AM2xx: the shape of the reasoning. Circles, self-reference, mixed signals, malformed arguments."""

from __future__ import annotations

import itertools
from collections.abc import Iterator

from argmap.checks.index import MapIndex
from argmap.checks.registry import Hit, rule
from argmap.evaluate.framework import Framework, strongly_connected
from argmap.model import Attack, AttackKind, Span, Support

__all__ = [
    "argument_conclusions",
    "argument_without_premises",
    "attack_kind_mismatch",
    "circular_support",
    "self_attack",
    "self_support",
    "support_and_attack",
]


def _cycle_through(start: str, graph: dict[str, list[str]], members: set[str]) -> list[str]:
    """A shortest cycle from `start` back to itself inside one component (breadth first)."""
    came_from: dict[str, str] = {}
    frontier = [start]
    while frontier:
        following: list[str] = []
        for node in frontier:
            for successor in graph.get(node, []):
                if successor not in members or successor in came_from:
                    continue
                came_from[successor] = node
                if successor == start:
                    path = [start]
                    while path[-1] != start or len(path) == 1:
                        path.append(came_from[path[-1]])
                    return path[::-1]
                following.append(successor)
        frontier = following
    return [start, start]  # pragma: no cover - a component always has a cycle


def _acyclic(graph: dict[str, list[str]]) -> bool:
    """Whether a graph has no cycle: every node peels off once nothing left points to it (Kahn)."""
    pointing: dict[str, int] = {}
    for successors in graph.values():
        for successor in successors:
            pointing[successor] = pointing.get(successor, 0) + 1
    ready = [node for node in graph if node not in pointing]
    peeled = 0
    while ready:
        node = ready.pop()
        peeled += 1
        for successor in graph.get(node, ()):
            pointing[successor] -= 1
            if not pointing[successor]:
                ready.append(successor)
    return peeled == len(graph.keys() | pointing.keys())


@rule("AM201", "circular-support")
def circular_support(index: MapIndex) -> Iterator[Hit]:
    """Claims support each other in a circle: circular reasoning.

    Reported once per circle, at the support that closes it, with the whole
    circle spelled out.

    Bad:
        claim a: "Moscow needs the money."
        claim b: "Moscow will sell the arms."
        a supports b
        b supports a

    Good:
        claim a: "Moscow needs the money."
        claim b: "Moscow will sell the arms."
        a supports b
    """
    graph: dict[str, list[str]] = {}
    edge: dict[tuple[str, str], Support] = {}
    for support in index.map.supports:
        for premise in support.premises:
            if premise.id == support.conclusion.id:
                continue  # self-support is AM202
            graph.setdefault(premise.id, []).append(support.conclusion.id)
            edge.setdefault((premise.id, support.conclusion.id), support)
    if _acyclic(graph):
        return  # the usual case, told apart in one pass without finding components
    nodes = dict.fromkeys(n for pair in edge for n in pair)
    # The support graph read as a framework only to borrow its strongly connected components.
    components = strongly_connected(Framework.of(nodes, edge))
    for component in (c for c in components if len(c) > 1):
        members = set(component)
        cycle = _cycle_through(min(component), graph, members)
        links = [edge[(a, b)] for a, b in itertools.pairwise(cycle)]
        closing = max(links, key=lambda s: (s.span.file, s.span.line, s.span.column))
        others = [s for s in links if s is not closing][:_SHOWN]
        yield Hit(
            f"circular support: {_spell(cycle)}",
            closing.span,
            "a claim cannot be a reason for itself, however long the way round; break one link",
            related=tuple((s.span, f"{s.premises[0].id} supports {s.conclusion.id}") for s in others),
            subjects=tuple(dict.fromkeys(cycle)),
        )


_SHOWN = 10


def _spell(cycle: list[str]) -> str:
    """`a -> b -> c -> a`; a long circle is cut in the middle and its length given."""
    if len(cycle) <= _SHOWN + 2:
        return " -> ".join(cycle)
    return f"{' -> '.join(cycle[:_SHOWN])} -> ... -> {cycle[-2]} -> {cycle[-1]} ({len(cycle) - 1} claims)"


@rule("AM202", "self-support")
def self_support(index: MapIndex) -> Iterator[Hit]:
    """A claim is given as a reason for itself.

    Bad:
        claim won: "Tehran outplayed Moscow."
        won supports won

    Good:
        claim won: "Tehran outplayed Moscow."
        claim leverage: "The arms offer gave Iran leverage."
        leverage supports won
    """
    for support in index.map.supports:
        if any(p.id == support.conclusion.id for p in support.premises):
            yield Hit(
                f"'{support.conclusion.id}' supports itself",
                support.span,
                "a claim cannot be its own reason",
                subjects=(support.conclusion.id,),
            )


@rule("AM203", "self-attack")
def self_attack(index: MapIndex) -> Iterator[Hit]:
    """A claim attacks or contradicts itself.

    Bad:
        claim doubt: "This is only speculation."
        doubt rebuts doubt

    Good:
        claim won: "Tehran outplayed Moscow."
        claim doubt: "This is only speculation."
        doubt rebuts won
    """
    for attack in index.map.attacks:
        if attack.attacker.id == attack.target.id:
            yield Hit(
                f"'{attack.attacker.id}' attacks itself",
                attack.span,
                "point the attack at the claim it is meant to weaken",
                subjects=(attack.attacker.id,),
            )
    for contradiction in index.map.contradictions:
        if contradiction.left.id == contradiction.right.id:
            yield Hit(
                f"'{contradiction.left.id}' contradicts itself",
                contradiction.span,
                "a contradiction needs two different claims",
                subjects=(contradiction.left.id,),
            )


def _verb(attack: Attack) -> str:
    return {AttackKind.REBUT: "rebuts", AttackKind.UNDERMINE: "undermines", AttackKind.UNDERCUT: "undercuts"}[
        attack.kind
    ]


@rule("AM204", "support-and-attack")
def support_and_attack(index: MapIndex) -> Iterator[Hit]:
    """One claim both supports and attacks (or contradicts) the same target.

    Bad:
        claim won: "Tehran outplayed Moscow."
        claim deal: "Moscow got the deal it wanted."
        deal supports won
        deal rebuts won

    Good:
        claim won: "Tehran outplayed Moscow."
        claim deal: "Moscow got the deal it wanted."
        deal rebuts won
    """
    # The first support from each premise to each conclusion: an attack or a contradiction between the same
    # two claims is looked up, never searched for, and reported once whatever the number of such supports.
    first: dict[tuple[str, str], Support] = {}
    for support in index.map.supports:
        for premise in support.premises:
            first.setdefault((premise.id, support.conclusion.id), support)
    for attack in index.map.attacks:
        aims = dict.fromkeys(ref.id for ref in (attack.target, attack.inference_to) if ref is not None)
        for aim in aims:
            along = first.get((attack.attacker.id, aim))
            if along is not None:
                yield _supports_and(_verb(attack), attack.attacker.id, aim, attack.span, along)
    for contradiction in index.map.contradictions:
        left, right = contradiction.left.id, contradiction.right.id
        for one, other in dict.fromkeys(((left, right), (right, left))):
            along = first.get((one, other))
            if along is not None:
                yield _supports_and("contradicts", one, other, contradiction.span, along)


def _supports_and(verb: str, premise: str, target: str, span: Span, support: Support) -> Hit:
    """AM204's report: `premise` supports `target` (at `support`) and `verb`s it at `span`."""
    return Hit(
        f"'{premise}' both supports and {verb} '{target}'",
        span,
        "decide which way it cuts, or split it into two claims",
        related=((support.span, f"{premise} supports {target}"),),
        subjects=(premise, target),
    )


@rule("AM205", "argument-without-premises")
def argument_without_premises(index: MapIndex) -> Iterator[Hit]:
    """An argument block has no premise.

    Bad:
        argument outplayed "Tehran outplayed Moscow" {
          conclusion won: "Tehran outplayed Moscow."
        }

    Good:
        argument outplayed "Tehran outplayed Moscow" {
          premise leverage: "The arms offer gave Iran leverage."
          conclusion won: "Tehran outplayed Moscow."
        }
    """
    for argument in index.map.arguments:
        if not argument.premises:
            yield Hit(
                f"argument '{argument.id}' has no premises",
                argument.span,
                'add the premises it rests on with `premise ID: "..."`',
                subjects=(argument.id,),
            )


@rule("AM206", "argument-conclusions")
def argument_conclusions(index: MapIndex) -> Iterator[Hit]:
    """An argument block has no conclusion, or more than one.

    Bad:
        argument outplayed "Tehran outplayed Moscow" {
          premise leverage: "The arms offer gave Iran leverage."
        }

    Good:
        argument outplayed "Tehran outplayed Moscow" {
          premise leverage: "The arms offer gave Iran leverage."
          conclusion won: "Tehran outplayed Moscow."
        }
    """
    for argument in index.map.arguments:
        if not argument.conclusions:
            yield Hit(
                f"argument '{argument.id}' has no conclusion",
                argument.span,
                'add what it argues for with `conclusion ID: "..."`',
                subjects=(argument.id,),
            )
        elif len(argument.conclusions) > 1:
            names = ", ".join(f"'{c.id}'" for c in argument.conclusions)
            yield Hit(
                f"argument '{argument.id}' has {len(argument.conclusions)} conclusions ({names})",
                argument.conclusions[1].span,
                "split it into one argument per conclusion",
                subjects=(argument.id,),
            )


@rule("AM207", "attack-kind-mismatch")
def attack_kind_mismatch(index: MapIndex) -> Iterator[Hit]:
    """An attack's kind does not fit what it hits.

    An undermine must hit a premise, a rebut a claim (not an argument), and
    an undercut an argument's inference or an existing step `X to Y`.

    Bad:
        claim won: "Tehran outplayed Moscow."
        claim doubt: "That is only speculation."
        doubt undermines won

    Good:
        claim won: "Tehran outplayed Moscow."
        claim doubt: "That is only speculation."
        doubt rebuts won
    """
    for attack in index.map.attacks:
        problem = _kind_problem(index, attack)
        if problem is not None:
            message, hint = problem
            yield Hit(message, attack.span, hint, subjects=(attack.attacker.id, attack.target.id))


def _kind_problem(index: MapIndex, attack: Attack) -> tuple[str, str] | None:
    target = attack.target.id
    if attack.kind is AttackKind.UNDERCUT:
        if attack.inference_to is not None:
            step = attack.inference_to.id
            if (
                target in index.claims
                and step in index.claims
                and not any(s.conclusion.id == step for s in index.supports_from.get(target, ()))
            ):
                return (
                    f"'{attack.attacker.id}' undercuts the step {target} -> {step}, but '{target}' does not "
                    f"support '{step}'",
                    f"add '{target} supports {step}', or undercut a step that exists",
                )
            return None
        if target in index.claims and target not in index.arguments:
            into = [s.conclusion.id for s in index.supports_from.get(target, ())]
            hint = (
                f"an undercut attacks an inference: name an argument, or a step like "
                f"'{attack.attacker.id} undercuts {target} to {into[0] if into else 'CONCLUSION'}'; "
                f"to attack the claim itself use rebuts"
            )
            return f"'{attack.attacker.id}' undercuts '{target}', which is a claim, not an inference", hint
        return None
    if target in index.arguments and target not in index.claims:
        conclusion = index.arguments[target].conclusion
        aim = f"'{conclusion.id}'" if conclusion else "its conclusion"
        return (
            f"'{attack.attacker.id}' {_verb(attack)} argument '{target}'; only an undercut can attack an argument",
            f"undercut '{target}', or {attack.kind.value} {aim} instead",
        )
    if attack.kind is AttackKind.UNDERMINE and target in index.claims and target not in index.premise_ids:
        return (
            f"'{attack.attacker.id}' undermines '{target}', which is not a premise of anything",
            f"an undermine hits a premise; to attack a conclusion write '{attack.attacker.id} rebuts {target}'",
        )
    return None
