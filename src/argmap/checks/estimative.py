"""AM4xx: estimative language (ICD 203) and source grades (Admiralty code).

A probability outside 0 to 1 and a credibility outside 1 to 6 are refused
by the parser already (AM001), so no rule here repeats them.
"""

from __future__ import annotations

from collections.abc import Iterator

from argmap.checks.index import MapIndex
from argmap.checks.registry import Hit, rule

__all__ = [
    "ICD203",
    "ICD203_SYNONYMS",
    "bad_reliability",
    "probability_outside_term",
    "term_range",
    "unknown_estimative_term",
]

# ICD 203's seven expressions of likelihood and the probabilities each stands for.
ICD203: dict[str, tuple[float, float]] = {
    "almost no chance": (0.01, 0.05),
    "very unlikely": (0.05, 0.20),
    "unlikely": (0.20, 0.45),
    "roughly even chance": (0.45, 0.55),
    "likely": (0.55, 0.80),
    "very likely": (0.80, 0.95),
    "almost certain": (0.95, 0.99),
}
# The paired words ICD 203 allows in the same row.
ICD203_SYNONYMS: dict[str, str] = {
    "remote": "almost no chance",
    "highly improbable": "very unlikely",
    "improbable": "unlikely",
    "roughly even odds": "roughly even chance",
    "probable": "likely",
    "highly probable": "very likely",
    "nearly certain": "almost certain",
    # the adverbs ICD 203 gives beside its adjectives
    "improbably": "unlikely",
    "probably": "likely",
    "almost certainly": "almost certain",
    "nearly certainly": "almost certain",
}
RELIABILITY = "ABCDEF"


def term_range(term: str) -> tuple[float, float] | None:
    """The probability range of an ICD 203 term or its synonym, any case; None when it is not one."""
    word = " ".join(term.lower().split())
    return ICD203.get(ICD203_SYNONYMS.get(word, word))


def _bounds(term: str) -> tuple[float, float] | None:
    """A term's range, stretched to 0 and 1 at the ends of the scale."""
    found = term_range(term)
    if found is None:
        return None
    low, high = found
    return (0.0 if low == 0.01 else low, 1.0 if high == 0.99 else high)


@rule("AM401", "unknown-estimative-term")
def unknown_estimative_term(index: MapIndex) -> Iterator[Hit]:
    """A `confidence` is not one of ICD 203's expressions of likelihood.

    The terms are: almost no chance (remote), very unlikely (highly improbable),
    unlikely (improbable), roughly even chance (roughly even odds), likely
    (probable), very likely (highly probable), almost certain (nearly certain).

    Bad:
        claim deals: "Russia and Iran will sign arms deals this summer." confidence "pretty likely"

    Good:
        claim deals: "Russia and Iran will sign arms deals this summer." confidence "likely"
    """
    words = [*ICD203, *ICD203_SYNONYMS]
    for claim in index.map.claims:
        if claim.confidence is None or term_range(claim.confidence) is not None:
            continue
        near = index.suggest(claim.confidence.lower(), words, "estimative terms")
        hint = f"did you mean '{near}'?" if near else f"use one of: {', '.join(ICD203)}"
        where = claim.confidence_span or claim.span  # the caret on the term itself
        yield Hit(f"'{claim.confidence}' is not an ICD 203 estimative term", where, hint, subjects=(claim.id,))


@rule("AM402", "probability-outside-term")
def probability_outside_term(index: MapIndex) -> Iterator[Hit]:
    """A claim's `probability` falls outside the range of its own `confidence` term.

    Bad:
        claim deals: "Arms deals will be signed." confidence "likely" probability 30%

    Good:
        claim deals: "Arms deals will be signed." confidence "likely" probability 70%
    """
    for claim in index.map.claims:
        if claim.confidence is None or claim.probability is None or not 0.0 <= claim.probability <= 1.0:
            continue
        bounds = _bounds(claim.confidence)
        if bounds is None:
            continue
        low, high = bounds
        if not low <= claim.probability <= high:
            fitting = next((t for t, (lo, hi) in ICD203.items() if lo <= claim.probability <= hi), None)
            hint = f"'{claim.confidence}' means {low:.0%} to {high:.0%}"
            hint += f"; {claim.probability:.0%} is '{fitting}'" if fitting else ""
            yield Hit(
                f"probability {claim.probability:.0%} does not fit '{claim.confidence}'",
                claim.probability_span or claim.span,
                hint,
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
