"""Reviewing a change to a map: what the change says (`diff`) and what it does to the argument (`meaning`).

`compare` reads two maps (the map before a change and after it) and gives a
`Review`: the model-level differences matched by id, with renames found by
their text, and the claims whose evaluated status flips, the findings that
appear, go or become acknowledged, and the `expect` lines that now fail.
`FORMATS` writes a review as text, Markdown or JSON (docs/diff.md).
"""

from __future__ import annotations

from argmap.review.diff import Changed, FieldChange, Item, Link, MapDiff, diff_maps
from argmap.review.meaning import FindingChange, Meaning, Review, StatusFlip, compare, meaning
from argmap.review.output import FORMATS

__all__ = [
    "FORMATS",
    "Changed",
    "FieldChange",
    "FindingChange",
    "Item",
    "Link",
    "MapDiff",
    "Meaning",
    "Review",
    "StatusFlip",
    "compare",
    "diff_maps",
    "meaning",
]
