"""AM6xx: findings about the argument itself. The map is sound; the reasoning it records is in tension.

AM601 lives here; the evaluation's findings take AM610 to AM699.
"""

from __future__ import annotations

from collections.abc import Iterator

from argmap.checks.index import MapIndex
from argmap.checks.registry import Hit, rule
from argmap.diagnostics import Category, Severity

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
    for contradiction in index.map.contradictions:
        left, right = contradiction.left.id, contradiction.right.id
        if left == right:
            continue  # AM203
        on_right = {a.id for a in index.commitments.get(right, ())}
        for actor in index.commitments.get(left, ()):
            if actor.id not in on_right:
                continue
            known = index.actors.get(actor.id)
            name = known.name if known is not None else actor.id
            yield Hit(
                f"actor '{actor.id}' ({name}) is committed to both '{left}' and '{right}', which contradict each other",
                contradiction.span,
                None
                if contradiction.acknowledged
                else "acknowledge it on the contradiction if the tension is the point, or revise one side",
                related=tuple(
                    (index.claims[c].span, f"'{c}' held by {actor.id}") for c in (left, right) if c in index.claims
                ),
                subjects=(actor.id, left, right),
                acknowledged=contradiction.acknowledged,
            )
