"""ICD 203's expressions of likelihood and the probabilities they stand for: read by the checks and the strengths."""

from __future__ import annotations

from argmap.model import Claim

__all__ = [
    "DEFAULT_BASE",
    "ICD203",
    "ICD203_ALTERNATE",
    "ICD203_STANDARD_ADVERBS",
    "ICD203_SYNONYMS",
    "base_score",
    "term_range",
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
# ICD 203 gives each row two words: the first list's (above, and its adverb "almost certainly"),
# and the second list's, with its adverbs. A project keeps to one: its `likelihood-terms` setting (AM401, AM404).
ICD203_STANDARD_ADVERBS: dict[str, str] = {"almost certainly": "almost certain"}
ICD203_ALTERNATE: dict[str, str] = {
    "remote": "almost no chance",
    "highly improbable": "very unlikely",
    "improbable": "unlikely",
    "improbably": "unlikely",
    "roughly even odds": "roughly even chance",
    "probable": "likely",
    "probably": "likely",
    "highly probable": "very likely",
    "nearly certain": "almost certain",
    "nearly certainly": "almost certain",
}
# Every word that stands for a row of the table, mapped to the row's first-list term.
ICD203_SYNONYMS: dict[str, str] = {**ICD203_STANDARD_ADVERBS, **ICD203_ALTERNATE}

# A claim that states no likelihood is given this much: nothing said either way.
DEFAULT_BASE = 0.5


def term_range(term: str) -> tuple[float, float] | None:
    """The probability range of an ICD 203 term or its synonym, as written; None when it is not one."""
    return ICD203.get(ICD203_SYNONYMS.get(term, term))


def base_score(claim: Claim) -> float:
    """How likely a claim is taken to be before any argument: its probability, else the middle of its term's range.

    A claim with neither (or with a term that is not ICD 203's) is given `DEFAULT_BASE`.
    """
    if claim.probability is not None:
        return claim.probability
    found = term_range(claim.likelihood) if claim.likelihood is not None else None
    return (found[0] + found[1]) / 2 if found is not None else DEFAULT_BASE
