"""AM5xx: warnings. The map holds together, but a reader should look twice here."""

from __future__ import annotations

from collections.abc import Iterator

from argmap.checks.index import MapIndex
from argmap.checks.registry import Hit, rule
from argmap.diagnostics import Severity
from argmap.model import Claim

__all__ = ["key_assumption", "unlinked_claim", "unnamed_only_premise"]


@rule("AM501", "unlinked-claim", Severity.WARNING)
def unlinked_claim(index: MapIndex) -> Iterator[Hit]:
    """A claim takes part in no support, attack, contradiction or argument.

    Bad:
        claim won: "Tehran outplayed Moscow."
        claim stray: "The talks lasted three days."
        claim doubt: "That is only speculation."
        doubt rebuts won

    Good:
        claim won: "Tehran outplayed Moscow."
        claim doubt: "That is only speculation."
        doubt rebuts won
    """
    for claim in index.map.claims:
        if claim.id not in index.linked_ids:
            yield Hit(
                f"claim '{claim.id}' is linked to nothing",
                claim.span,
                "link it to the claims it bears on, or leave it out of the map",
                subjects=(claim.id,),
            )


def _sourced(index: MapIndex, claim: Claim) -> bool:
    if claim.quotes or claim.citations:
        return True
    argument = index.arguments.get(claim.argument) if claim.argument is not None else None
    return argument is not None and bool(argument.citations)


@rule("AM502", "key-assumption", Severity.WARNING)
def key_assumption(index: MapIndex) -> Iterator[Hit]:
    """A premise has no source and nothing supporting it: a key assumption the argument takes on trust.

    Name it in the briefing, or give it a source (`quote`, `cite`) or a reason.

    Bad:
        claim won: "Tehran outplayed Moscow."
        claim leverage: "The arms offer gave Iran leverage."
        leverage supports won

    Good:
        source monitor "The Monitor"
        claim won: "Tehran outplayed Moscow."
        claim leverage: "The arms offer gave Iran leverage." cite monitor
        leverage supports won
    """
    for claim in index.map.claims:
        if claim.id in index.premise_ids and claim.id not in index.supports_into and not _sourced(index, claim):
            yield Hit(
                f"premise '{claim.id}' has no source and no support: a key assumption",
                claim.span,
                "cite a source, quote one, or support it with another claim",
                subjects=(claim.id,),
            )


@rule("AM503", "unnamed-only-premise", Severity.WARNING)
def unnamed_only_premise(index: MapIndex) -> Iterator[Hit]:
    """A premise the conclusion needs is attributed only to unnamed actors ("observers", "critics").

    A premise is needed when it is linked with others (the conclusion falls
    without it) or is the only reason given for its conclusion.

    Bad:
        actor observers "most observers" unnamed
        claim deals: "Arms deals will be signed this summer." by observers
        claim revenue: "Russian arms makers will earn billions."
        deals supports revenue

    Good:
        actor observers "most observers" unnamed
        actor segodnya "Segodnya" role "newspaper"
        claim deals: "Arms deals will be signed this summer." by observers, segodnya
        claim revenue: "Russian arms makers will earn billions."
        deals supports revenue
    """
    if not any(actor.unnamed for actor in index.actors.values()):
        return  # only an unnamed actor can make a premise hearsay
    needed: dict[str, str] = {}
    for support in index.map.supports:
        only_reason = len(index.supports_into.get(support.conclusion.id, ())) == 1
        if support.linked or only_reason:
            for premise in support.premises:
                needed.setdefault(premise.id, support.conclusion.id)
    for claim_id, conclusion in needed.items():
        claim = index.claims.get(claim_id)
        actors = index.commitments.get(claim_id, [])
        if claim is None or not actors:
            continue
        known = [index.actors.get(a.id) for a in actors]
        if all(actor is not None and actor.unnamed for actor in known):
            names = ", ".join(actor.name for actor in known if actor is not None)
            yield Hit(
                f"'{conclusion}' needs premise '{claim_id}', which only unnamed actors hold ({names})",
                claim.span,
                "name who says it, or flag the conclusion as resting on hearsay",
                subjects=(claim_id, conclusion, *(a.id for a in actors)),
            )
