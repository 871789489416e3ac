"""AM617-AM618: a top conclusion that hangs on one source, or on one unnamed actor (linchpins).

The "single source" failure of many post-mortems: however many claims lead
to a conclusion, they all come from one place, or one crowd nobody names.
`argmap eval --sensitivity` shows what each withdrawal does; these findings
flag the plainest case in `argmap check`.
"""

from __future__ import annotations

from collections.abc import Iterator

from argmap.checks.index import MapIndex
from argmap.checks.registry import Hit, rule
from argmap.diagnostics import Category, Severity
from argmap.evaluate.sensitivity import foundations

__all__ = ["conclusion_on_single_source", "conclusion_on_unnamed_actor"]


def _foundations(index: MapIndex) -> dict[str, tuple[tuple[str, ...], tuple[str, ...]]]:
    return index.memo("linchpins.foundations", lambda: foundations(index.map))


@rule("AM617", "conclusion-on-single-source", Severity.WARNING, Category.FINDING, group="evaluation")
def conclusion_on_single_source(index: MapIndex) -> Iterator[Hit]:
    """A top conclusion, and every claim that supports it, rest on one source, in a map that has others.

    Withdraw that source and the whole line of argument goes: corroborate it,
    or acknowledge that the map reports one source's account. A map of one
    source (the notes on one report, say) is not held to it: there is nothing
    else to corroborate with.

    Bad:
        source monitor "The Monitor"
        source ap "Associated Press"
        claim cash: "Moscow wants cash." cite monitor
        claim unresolved: "How Iran will pay is unresolved." cite monitor
        claim accord: "A standard accord was signed." cite ap
        claim modest: "The visit achieved little." cite ap
        cash supports unresolved
        accord supports modest

    Good:
        source monitor "The Monitor"
        source ap "Associated Press"
        claim cash: "Moscow wants cash." cite ap
        claim unresolved: "How Iran will pay is unresolved." cite monitor
        cash supports unresolved
    """
    if len(index.sources) < 2:
        return
    claims = index.claims
    for conclusion, (sources, _) in _foundations(index).items():
        if len(sources) != 1:
            continue  # corroborated, or resting on no source at all (AM405 and the quotes' rules speak of those)
        said = f"a single source ({sources[0]})"
        yield Hit(
            f"top conclusion '{conclusion}' and every claim supporting it rest on {said}",
            claims[conclusion].span,
            "cite a corroborating source, or acknowledge that the map reports one account",
            subjects=(conclusion,),
        )


@rule("AM618", "conclusion-on-unnamed-actor", Severity.WARNING, Category.FINDING, group="evaluation")
def conclusion_on_unnamed_actor(index: MapIndex) -> Iterator[Hit]:
    """A top conclusion, and every claim that supports it, are held by one unnamed actor alone.

    "Observers say": withdraw the observers, and nothing is left of it.

    Bad:
        actor observers "Observers" unnamed
        source monitor "The Monitor"
        source ap "Associated Press"
        claim axis: "Moscow and Tehran form an axis." by observers cite monitor
        claim partnership: "A strategic partnership was expected." by observers cite ap
        axis supports partnership

    Good:
        actor observers "Observers" unnamed
        actor powell "Colin Powell"
        source monitor "The Monitor"
        source ap "Associated Press"
        claim axis: "Moscow and Tehran form an axis." by powell cite monitor
        claim partnership: "A strategic partnership was expected." by observers cite ap
        axis supports partnership
    """
    actors, claims = index.actors, index.claims
    for conclusion, (_, held_by) in _foundations(index).items():
        if len(held_by) != 1:
            continue
        actor = actors.get(held_by[0])
        if actor is None or not actor.unnamed:
            continue
        yield Hit(
            f"top conclusion '{conclusion}' and every claim supporting it are held by '{actor.id}' alone, "
            "an actor the map does not name",
            claims[conclusion].span,
            "name who holds it, or add what others say",
            subjects=(conclusion,),
        )
