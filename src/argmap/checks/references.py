"""AM1xx: ids and references. Every id used must be defined, and defined once."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping

from argmap.checks.index import SUGGESTION_WORK, MapIndex, Node
from argmap.checks.registry import Hit, rule
from argmap.model import Argument, Claim, Ref

__all__ = ["duplicate_id", "undefined_reference", "unknown_actor", "unknown_source"]


def _claim_uses(index: MapIndex) -> Iterator[tuple[Ref, bool]]:
    """Every use of an id that must name a claim; the flag allows an argument too (an undercut's target)."""
    m = index.map
    for support in m.supports:
        for premise in support.premises:
            yield premise, False
        if not support.implicit:
            yield support.conclusion, False
    for attack in m.attacks:
        yield attack.attacker, False
        # Any attack may name an argument here: AM207 says which kinds may not.
        yield attack.target, attack.inference_to is None
        if attack.inference_to is not None:
            yield attack.inference_to, False
    for contradiction in m.contradictions:
        yield contradiction.left, False
        yield contradiction.right, False
    for argument in m.arguments:
        yield from ((r, False) for r in (*argument.premises, *argument.conclusions))
    for expectation in m.expectations:
        yield expectation.claim, False


def _claims_and_arguments(index: MapIndex) -> Iterator[Claim | Argument]:
    yield from index.map.claims
    yield from index.map.arguments


def _did_you_mean(index: MapIndex, wrong: str, candidates: list[str] | None, pool: str) -> str | None:
    """"did you mean" the nearest of `candidates` (every id when None), or why there is no suggestion."""
    near = index.suggest(wrong, candidates, pool)
    if near:
        return f"did you mean '{near}'?"
    if index.suggestions_spent:
        return f"no suggestion: looking for near ids has reached its limit for this run ({SUGGESTION_WORK:,} steps)"
    return None


@rule("AM101", "undefined-reference")
def undefined_reference(index: MapIndex) -> Iterator[Hit]:
    """A link, argument member or `expect` names a claim that is not defined.

    Bad:
        claim won: "Tehran outplayed Moscow."
        levrage supports won

    Good:
        claim won: "Tehran outplayed Moscow."
        claim leverage: "The arms offer gave Iran leverage."
        leverage supports won
    """
    claims, arguments = index.claims, index.arguments
    pools: dict[bool, list[str]] = {}  # the ids to suggest from, made at the first undefined one
    for ref, argument_allowed in _claim_uses(index):
        if ref.id in claims or (argument_allowed and ref.id in arguments):
            continue
        what = "a claim or an argument" if argument_allowed else "a claim"
        other = index.kind_of(ref.id)
        if other is not None:
            yield Hit(
                f"'{ref.id}' is {other}, not {what}",
                ref.span,
                "links, arguments and `expect` name claims",
                subjects=(ref.id,),
            )
            continue
        pool = pools.get(argument_allowed)
        if pool is None:
            pool = pools[argument_allowed] = [*claims, *arguments] if argument_allowed else list(claims)
        yield Hit(
            f"'{ref.id}' is not defined: no {what.removeprefix('a ').removeprefix('an ')} has this id",
            ref.span,
            _did_you_mean(index, ref.id, pool, "claims and arguments" if argument_allowed else "claims"),
            subjects=(ref.id,),
        )
    for ack in index.map.acknowledgements:
        if ack.target is not None and not index.defines(ack.target.id):
            yield Hit(
                f"'{ack.target.id}' is not defined: the acknowledgement points at nothing",
                ack.target.span,
                _did_you_mean(index, ack.target.id, None, "ids"),
                subjects=(ack.target.id,),
            )


@rule("AM102", "duplicate-id")
def duplicate_id(index: MapIndex) -> Iterator[Hit]:
    """Two claims or arguments (or two sources, or two actors) share an id.

    Claims and arguments share one set of ids, since an undercut may name
    either; sources and actors each have their own.

    Bad:
        claim won: "Tehran outplayed Moscow."
        claim won: "Moscow outplayed Tehran."

    Good:
        claim won: "Tehran outplayed Moscow."
        claim lost: "Moscow outplayed Tehran."
    """
    m = index.map
    groups: tuple[tuple[Node, ...], ...] = ((*m.claims, *m.arguments), m.sources, m.actors)
    for group in groups:
        first: dict[str, Node] = {}
        for node in group:
            seen = first.setdefault(node.id, node)
            if seen is node:
                continue
            where = seen.span
            yield Hit(
                f"'{node.id}' is defined twice; first at {where}",
                node.span,
                "give each one its own id",
                related=((where, f"'{node.id}' first defined here"),),
                subjects=(node.id,),
            )


@rule("AM103", "unknown-actor")
def unknown_actor(index: MapIndex) -> Iterator[Hit]:
    """A `by` names an actor that is not declared with `actor`.

    Bad:
        claim won: "Tehran outplayed Moscow." by felgenhaur

    Good:
        actor felgenhauer "Pavel Felgenhauer"
        claim won: "Tehran outplayed Moscow." by felgenhauer
    """
    actors = index.actors
    uses = ((ref, node.id) for node in _claims_and_arguments(index) for ref in node.actors if ref.id not in actors)
    yield from _undeclared(index, uses, actors, "actor", '"Full name"')


@rule("AM104", "unknown-source")
def unknown_source(index: MapIndex) -> Iterator[Hit]:
    """A `cite` or `quote` names a source that is not declared with `source`.

    Bad:
        claim won: "Tehran outplayed Moscow." cite segodyna

    Good:
        source segodnya "Segodnya, March 15"
        claim won: "Tehran outplayed Moscow." cite segodnya
    """
    sources = index.sources
    uses = (
        (ref, node.id)
        for node in _claims_and_arguments(index)
        for ref in (*node.citations, *(q.source for q in (node.quotes if isinstance(node, Claim) else ())))
        if ref.id not in sources
    )
    yield from _undeclared(index, uses, sources, "source", '"Title"')


def _undeclared(
    index: MapIndex, uses: Iterable[tuple[Ref, str]], declared: Mapping[str, object], word: str, example: str
) -> Iterator[Hit]:
    """A hit for each use of an id that names no declared `word` (actor or source)."""
    pool = list(declared)
    for ref, user in uses:
        if ref.id in declared:
            continue
        other = index.kind_of(ref.id)
        message = (
            f"'{ref.id}' is {other}, not {'an' if word[0] in 'aeiou' else 'a'} {word}"
            if other
            else (f"{word} '{ref.id}' is not declared")
        )
        near = index.suggest(ref.id, pool, f"{word}s")
        hint = f"did you mean '{near}'?" if near else f"declare it: {word} {ref.id} {example}"
        yield Hit(message, ref.span, hint, subjects=(ref.id, user))
