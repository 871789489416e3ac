"""AM4xx: estimative language (ICD 203) and source grades (Admiralty code).

A probability outside 0 to 1 and a credibility outside 1 to 6 are refused
by the parser already (AM001), so no rule here repeats them.
"""

from __future__ import annotations

from collections.abc import Iterator

from argmap.checks.index import MapIndex
from argmap.checks.registry import Hit, rule
from argmap.diagnostics import Severity
from argmap.evaluate.likelihood import ICD203, ICD203_ALTERNATE, ICD203_STANDARD_ADVERBS, ICD203_SYNONYMS, term_range
from argmap.model import Claim

__all__ = [
    "ICD203",
    "ICD203_ALTERNATE",
    "ICD203_SYNONYMS",
    "bad_preference",
    "bad_reliability",
    "high_confidence_thin_sourcing",
    "likelihood_on_unnamed_hearsay",
    "mixed_likelihood_lists",
    "probability_outside_term",
    "term_range",
    "unknown_estimative_term",
]

RELIABILITY = "ABCDEF"
STANDARD, ALTERNATE = "ICD 203's first list", "ICD 203's second list"


def _list_of(term: str) -> str | None:
    """Which of ICD 203's two word lists a term belongs to; None for a word in neither."""
    if term in ICD203 or term in ICD203_STANDARD_ADVERBS:
        return STANDARD
    return ALTERNATE if term in ICD203_ALTERNATE else None


def _bounds(term: str) -> tuple[float, float] | None:
    """A term's range, stretched to 0 and 1 at the ends of the scale."""
    found = term_range(term)
    if found is None:
        return None
    low, high = found
    return (0.0 if low == 0.01 else low, 1.0 if high == 0.99 else high)


@rule("AM401", "unknown-estimative-term")
def unknown_estimative_term(index: MapIndex) -> Iterator[Hit]:
    """A `likelihood` is not one of the project's ICD 203 expressions of likelihood, written in lower case.

    The terms are ICD 203's first list: almost no chance, very unlikely,
    unlikely, roughly even chance, likely, very likely, almost certain (and
    "almost certainly"). A project whose settings say `likelihood-terms =
    "alternate"` writes ICD 203's second list instead: remote, highly
    improbable, improbable, roughly even odds, probable, highly probable,
    nearly certain (and "improbably", "probably", "nearly certainly"). A term
    of the other list is reported with its counterpart; a map written in the
    other list throughout is reported once instead (AM404).

    Bad:
        claim deals: "Russia and Iran will sign arms deals this summer." likelihood "pretty likely"

    Good:
        claim deals: "Russia and Iran will sign arms deals this summer." likelihood "likely"
    """
    kept = _chosen(index)
    accepted = _words(kept)
    whole_map_elsewhere = _written_in_the_other_list(index)
    for claim in index.map.claims:
        if claim.likelihood is None or claim.likelihood in accepted:
            continue
        where = claim.likelihood_span or claim.span  # the caret on the term itself
        lower = " ".join(claim.likelihood.lower().split())
        if lower in accepted:
            hint = f'ICD 203\'s terms are written in lower case: likelihood "{lower}"'
        elif _list_of(lower) is not None:
            if whole_map_elsewhere:
                continue  # AM404's report, once for the map
            yield Hit(
                f"'{claim.likelihood}' is from {_list_of(lower)}, but this project uses {kept}",
                where,
                _counterpart_hint(lower, kept),
                subjects=(claim.id,),
            )
            continue
        else:
            near = index.suggest(lower, accepted, "estimative terms")
            hint = f"did you mean '{near}'?" if near else f"use one of: {', '.join(_table_words(kept))}"
        yield Hit(f"'{claim.likelihood}' is not an ICD 203 estimative term", where, hint, subjects=(claim.id,))


@rule("AM402", "probability-outside-term")
def probability_outside_term(index: MapIndex) -> Iterator[Hit]:
    """A claim's `probability` falls outside the range of its own `likelihood` term.

    Bad:
        claim deals: "Arms deals will be signed." likelihood "likely" probability 30%

    Good:
        claim deals: "Arms deals will be signed." likelihood "likely" probability 70%
    """
    for claim in index.map.claims:
        if claim.likelihood is None or claim.probability is None or not 0.0 <= claim.probability <= 1.0:
            continue
        bounds = _bounds(claim.likelihood)
        if bounds is None:
            continue
        low, high = bounds
        if not low <= claim.probability <= high:
            fitting = next((t for t, (lo, hi) in ICD203.items() if lo <= claim.probability <= hi), None)
            hint = f"'{claim.likelihood}' means {low:.0%} to {high:.0%}"
            hint += f"; {claim.probability:.0%} is '{fitting}'" if fitting else ""
            yield Hit(
                f"probability {claim.probability:.0%} does not fit '{claim.likelihood}'",
                claim.probability_span or claim.span,
                hint,
                subjects=(claim.id,),
            )


@rule("AM404", "mixed-likelihood-lists")
def mixed_likelihood_lists(index: MapIndex) -> Iterator[Hit]:
    """A map writes its likelihoods from the ICD 203 word list the project's settings do not choose.

    ICD 203 gives each row of its table two words: "likely" or "probable",
    "almost certain" or "nearly certain". A project keeps to one list, the
    one its `likelihood-terms` setting names ("standard", the default: the
    first list; "alternate": the second), so that a reader never wonders
    whether "probable" beside "very likely" means something else. A map
    mixing the lists has each term of the other list reported by AM401; a
    map written in the other list throughout is reported here, once: the
    fix is most likely the setting.

    Bad:
        claim deals: "Arms deals will be signed." likelihood "highly probable"
        claim paid: "Iran will pay in cash." likelihood "probable"

    Good:
        claim deals: "Arms deals will be signed." likelihood "very likely"
        claim paid: "Iran will pay in cash." likelihood "likely"
    """
    if not _written_in_the_other_list(index):
        return
    kept = _chosen(index)
    claims = [c for c in index.map.claims if c.likelihood is not None and _list_of(_lower(c.likelihood)) is not None]
    other = STANDARD if kept == ALTERNATE else ALTERNATE
    setting = "standard" if other == STANDARD else "alternate"
    first = claims[0]
    count = f"all {len(claims)} of its likelihoods" if len(claims) > 1 else "its likelihood"
    yield Hit(
        f"this map writes {count} from {other}, but this project uses {kept}",
        first.likelihood_span or first.span,
        f'set likelihood-terms = "{setting}" in argmap.toml or [tool.argmap], or write the terms from {kept} '
        f"(likelihood \"{_counterpart(_lower(first.likelihood or ''), kept)}\" for '{first.likelihood}')",
        related=tuple((c.likelihood_span or c.span, f"'{c.likelihood}' from {other}") for c in claims[1:50]),
        subjects=tuple(c.id for c in claims),
    )


def _lower(term: str) -> str:
    return " ".join(term.lower().split())


def _chosen(index: MapIndex) -> str:
    """The word list the project's `likelihood-terms` setting chooses."""
    return ALTERNATE if index.likelihood_terms == "alternate" else STANDARD


def _words(kept: str) -> list[str]:
    """The words of one list, in the table's order."""
    return [*ICD203, *ICD203_STANDARD_ADVERBS] if kept == STANDARD else list(ICD203_ALTERNATE)


def _counterpart(term: str, kept: str) -> str:
    """The kept list's word for the same row: "likely" for "probable", "nearly certainly" for "almost certainly"."""
    row = ICD203_SYNONYMS.get(term, term)
    if kept == STANDARD:
        return row
    adverb = term in ICD203_STANDARD_ADVERBS
    return next(w for w, r in ICD203_ALTERNATE.items() if r == row and w.endswith("ly") == adverb)


def _counterpart_hint(term: str, kept: str) -> str:
    setting = "alternate" if kept == STANDARD else "standard"
    return (
        f'write likelihood "{_counterpart(term, kept)}", or set likelihood-terms = "{setting}" '
        f"in argmap.toml or [tool.argmap] to write {_other(kept)}"
    )


def _table_words(kept: str) -> list[str]:
    """The seven words of one list, one a row."""
    return list(ICD203) if kept == STANDARD else [w for w in ICD203_ALTERNATE if not w.endswith("ly")]


def _other(kept: str) -> str:
    return ALTERNATE if kept == STANDARD else STANDARD


def _written_in_the_other_list(index: MapIndex) -> bool:
    """Whether the map has likelihoods of ICD 203's lists and every one is from the list the settings do not choose."""

    def judge() -> bool:
        kept = _chosen(index)
        found = {_list_of(_lower(c.likelihood)) for c in index.map.claims if c.likelihood is not None}
        found.discard(None)
        return bool(found) and kept not in found

    return index.memo("likelihood-lists", judge)


def _sources_of(index: MapIndex, claim: Claim) -> set[str]:
    """The sources a claim rests on: cited or quoted by it, or cited by the argument it was written in."""
    found = {r.id for r in claim.citations} | {q.source.id for q in claim.quotes}
    argument = index.arguments.get(claim.argument) if claim.argument is not None else None
    if argument is not None:
        found |= {r.id for r in argument.citations}
    return found


@rule("AM405", "high-confidence-thin-sourcing", Severity.WARNING)
def high_confidence_thin_sourcing(index: MapIndex) -> Iterator[Hit]:
    """A claim is held with `confidence high` but rests on no source, or on a single one.

    ICD 203: high confidence generally indicates judgments based on
    high-quality information from multiple sources. One source, however good,
    is the "single source" failure of many post-mortems; say moderate, or cite
    the corroboration.

    Bad:
        source monitor "The Monitor"
        claim deals: "Arms deals will be signed." cite monitor likelihood "likely" confidence high

    Good:
        source monitor "The Monitor"
        source ap "Associated Press"
        claim deals: "Arms deals will be signed." cite monitor, ap likelihood "likely" confidence high
    """
    for claim in index.map.claims:
        if claim.confidence != "high":
            continue
        sources = sorted(_sources_of(index, claim))
        if len(sources) > 1:
            continue
        said = f"a single source ({sources[0]})" if sources else "no source"
        yield Hit(
            f"'{claim.id}' is held with high confidence but rests on {said}",
            claim.confidence_span or claim.span,
            "cite the corroborating sources, or write confidence moderate",
            subjects=(claim.id,),
        )


@rule("AM406", "likelihood-on-unnamed-hearsay", Severity.WARNING)
def likelihood_on_unnamed_hearsay(index: MapIndex) -> Iterator[Hit]:
    """A claim given a likelihood is held only by unnamed actors, and cites no source.

    "Most observers are suggesting that a deal is likely": the likelihood is
    theirs, and nothing says who they are or where they said it. Cite where
    the judgment was reported, name who made it, or acknowledge it.

    Bad:
        actor observers "Most observers" unnamed
        claim deals: "Arms deals will be signed." by observers likelihood "likely"

    Good:
        actor observers "Most observers" unnamed
        source monitor "The Monitor"
        claim deals: "Arms deals will be signed." by observers cite monitor likelihood "likely"
    """
    actors = index.actors
    for claim in index.map.claims:
        if (claim.likelihood is None and claim.probability is None) or not claim.actors:
            continue
        known = [actors.get(r.id) for r in claim.actors]
        if not all(actor is not None and actor.unnamed for actor in known) or _sources_of(index, claim):
            continue
        names = ", ".join(r.id for r in claim.actors)
        yield Hit(
            f"'{claim.id}' is given a likelihood, but only unnamed actors hold it ({names}) and no source is cited",
            claim.likelihood_span or claim.probability_span or claim.span,
            "cite where the judgment was reported, or name who made it",
            subjects=(claim.id,),
        )


@rule("AM403", "bad-reliability")
def bad_reliability(index: MapIndex) -> Iterator[Hit]:
    """A source's `reliability` is not an Admiralty grade A to F.

    A: completely reliable, B: usually reliable, C: fairly reliable, D: not
    usually reliable, E: unreliable, F: reliability cannot be judged.

    Bad:
        source segodnya "Segodnya, March 15" reliability G

    Good:
        source segodnya "Segodnya, March 15" reliability C
    """
    for source in index.map.sources:
        if source.reliability is not None and source.reliability not in RELIABILITY:
            hint = (
                f"grades are capital letters: write {source.reliability.upper()}"
                if source.reliability.upper() in RELIABILITY
                else "grades run from A (completely reliable) to F (cannot be judged)"
            )
            yield Hit(
                f"reliability '{source.reliability}' is not an Admiralty grade A to F",
                source.reliability_span or source.span,
                hint,
                subjects=(source.id,),
            )


@rule("AM407", "bad-preference")
def bad_preference(index: MapIndex) -> Iterator[Hit]:
    """A `prefer A over B` line names something that is not a claim or a source, or one of each.

    A preference orders two claims, or two sources; any other id (an actor, an
    argument, a typo) would be ignored by the evaluation, silently.

    Bad:
        source nyt "The New York Times"
        claim warning: "The weapons could be turned against Russia." cite nyt
        prefer warning over nyt

    Good:
        source nyt "The New York Times"
        source segodnya "Segodnya"
        claim warning: "The weapons could be turned against Russia." cite nyt
        prefer nyt over segodnya
    """
    claims, sources = index.claims, index.sources
    for preference in index.map.preferences:
        kinds = []
        for ref in (preference.better, preference.worse):
            kind = "claim" if ref.id in claims else "source" if ref.id in sources else None
            if kind is None:
                near = index.suggest(ref.id, [*claims, *sources], "claims and sources")
                hint = f"did you mean '{near}'?" if near else "a preference orders two claims, or two sources"
                yield Hit(f"'{ref.id}' is neither a claim nor a source", ref.span, hint, subjects=(ref.id,))
            kinds.append(kind)
        if None not in kinds and kinds[0] != kinds[1]:
            yield Hit(
                f"'{preference.better.id}' is a {kinds[0]} and '{preference.worse.id}' a {kinds[1]}: "
                "a preference orders two of a kind",
                preference.span,
                "prefer one claim over another, or one source over another",
                subjects=(preference.better.id, preference.worse.id),
            )
