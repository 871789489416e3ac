"""AM6xx: findings about the argument itself. The map is sound; the reasoning it records is in tension.

AM601 lives here; the evaluation's findings take AM610 to AM699.
"""

from __future__ import annotations

from collections.abc import Iterator

from argmap.checks.index import MapIndex
from argmap.checks.registry import Hit, rule
from argmap.diagnostics import Category, Severity
from argmap.model import Ref

__all__ = ["actor_on_both_sides"]


@rule("AM601", "actor-on-both-sides", Severity.WARNING, Category.FINDING)
def actor_on_both_sides(index: MapIndex) -> Iterator[Hit]:
    """An actor is committed to both claims of a contradiction.

    An actor is committed to a claim written `by` it, or to a premise or
    conclusion of an argument written `by` it. Write `acknowledged "why"` on
    the contradiction when the tension is the point, as in the seed: the
    finding is still reported, marked, and does not fail the check.

    Bad:
        actor kremlin "The Kremlin"
        claim fight: "Russia must battle international terrorism." by kremlin
        claim befriend: "Russia befriends states that sponsor terrorism." by kremlin
        fight contradicts befriend

    Good:
        actor kremlin "The Kremlin"
        claim fight: "Russia must battle international terrorism." by kremlin
        claim befriend: "Russia befriends states that sponsor terrorism." by kremlin
        fight contradicts befriend acknowledged "the piece calls this a major contradiction"
    """
    shared: dict[tuple[str, str], list[Ref]] = {}  # the actors on both sides of each pair, worked out once
    for contradiction in index.map.contradictions:
        left, right = contradiction.left.id, contradiction.right.id
        if left == right:
            continue  # AM203
        both = shared.get((left, right))
        if both is None:
            both = shared[left, right] = _on_both(index, left, right)
        hint = None if contradiction.acknowledged else (
            "acknowledge it on the contradiction if the tension is the point, or revise one side"
        )
        for actor in both[:_ACTORS_ONE_BY_ONE]:
            known = index.actors.get(actor.id)
            name = known.name if known is not None else actor.id
            yield Hit(
                f"actor '{actor.id}' ({name}) is committed to both '{left}' and '{right}', which contradict each other",
                contradiction.span,
                hint,
                related=tuple(
                    (index.claims[c].span, f"'{c}' held by {actor.id}") for c in (left, right) if c in index.claims
                ),
                subjects=(actor.id, left, right),
                acknowledged=contradiction.acknowledged,
            )
        rest = both[_ACTORS_ONE_BY_ONE:]
        if rest:
            named = ", ".join(f"'{actor.id}'" for actor in rest[:3])
            yield Hit(
                f"{len(rest)} more actors ({named}{', ...' if len(rest) > 3 else ''}) are committed to both "
                f"'{left}' and '{right}', which contradict each other",
                contradiction.span,
                hint,
                subjects=(left, right),
                acknowledged=contradiction.acknowledged,
            )


# Actors reported one by one on each contradiction; any more share one report, so that a contradiction
# written many times between claims held by many actors costs reports in proportion to the map.
_ACTORS_ONE_BY_ONE = 10


def _on_both(index: MapIndex, left: str, right: str) -> list[Ref]:
    """The actors committed to both claims, in the order `left` names them.

    The shorter side is looked up in the longer one's set, so a claim held by
    thousands of actors costs each of its contradictions only the other side's length.
    """
    on_left, on_right = index.commitments.get(left, ()), index.commitments.get(right, ())
    if len(on_left) <= len(on_right):
        right_ids = index.memo(f"actor-ids:{right}", lambda: {a.id for a in on_right})
        return [actor for actor in on_left if actor.id in right_ids]
    order = index.memo(f"actor-order:{left}", lambda: {a.id: n for n, a in enumerate(on_left)})
    found = [order[a.id] for a in on_right if a.id in order]
    return [on_left[n] for n in sorted(found)]
