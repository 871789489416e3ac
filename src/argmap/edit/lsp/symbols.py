"""Where each id of a map is defined and used: the index behind go to definition, references, rename and hover."""

from __future__ import annotations

import bisect
from collections.abc import Iterator

import attrs

from argmap.model import UNKNOWN_SPAN, ArgumentMap, Quote, Ref, Span

__all__ = ["ACTOR", "ARGUMENT", "CLAIM", "INCLUDE", "SOURCE", "Occurrence", "Symbols"]

CLAIM, ARGUMENT, ACTOR, SOURCE, INCLUDE = "claim", "argument", "actor", "source", "include"


@attrs.frozen
class Occurrence:
    """One place an id is written: where it is defined, or a use of it."""

    id: str
    span: Span
    definition: bool


class Symbols:
    """Every id's definitions and uses in a map, and which one is written at a place."""

    def __init__(self, argument_map: ArgumentMap) -> None:
        self.map = argument_map
        self.kinds: dict[str, str] = {}
        self.definitions: dict[str, list[Occurrence]] = {}
        self.uses: dict[str, list[Occurrence]] = {}
        by_span: dict[Span, Occurrence] = {}
        for kind, node_id, span in _definitions(argument_map):
            self.kinds.setdefault(node_id, kind)
            found = Occurrence(node_id, span, True)
            self.definitions.setdefault(node_id, []).append(found)
            by_span[span] = found
        for ref in _uses(argument_map):
            # `premise axis: "..."` inside an argument is the claim's own definition, written once.
            if ref.span.file != UNKNOWN_SPAN.file and ref.span not in by_span:
                found = by_span[ref.span] = Occurrence(ref.id, ref.span, False)
                self.uses.setdefault(ref.id, []).append(found)
        self.includes = {ref.span: ref for ref in argument_map.includes}
        self._by_file: dict[str, list[Occurrence]] = {}
        for found in by_span.values():
            self._by_file.setdefault(found.span.file, []).append(found)
        for occurrences in self._by_file.values():
            occurrences.sort(key=lambda o: (o.span.line, o.span.column))
        self._starts = {file: [(o.span.line, o.span.column) for o in found] for file, found in self._by_file.items()}
        self.quotes = [quote for claim in argument_map.claims for quote in claim.quotes]

    def at(self, file: str, line: int, column: int) -> Occurrence | None:
        """The id written at a place (1-based line and column), when one is; the place may be just past its end."""
        starts = self._starts.get(file)
        if not starts:
            return None
        index = bisect.bisect_right(starts, (line, column)) - 1
        if index < 0:
            return None
        found = self._by_file[file][index]
        span = found.span
        if span.line == line and span.column <= column <= span.end_column:
            return found
        return None

    def include_at(self, file: str, line: int, column: int) -> Ref | None:
        """The include whose file name is written at a place."""
        found = (ref for span, ref in self.includes.items() if span.file == file and _inside(span, line, column))
        return next(found, None)

    def quote_at(self, file: str, line: int, column: int) -> Quote | None:
        """The quote written at a place (its source's id or its words)."""
        return next((q for q in self.quotes if q.span.file == file and _inside(q.span, line, column)), None)

    def everywhere(self, node_id: str) -> list[Occurrence]:
        """Every place an id is written, definitions first."""
        return [*self.definitions.get(node_id, ()), *self.uses.get(node_id, ())]

    def in_file(self, file: str) -> list[Occurrence]:
        """The ids written in one file, in order."""
        return self._by_file.get(file, [])


def _inside(span: Span, line: int, column: int) -> bool:
    return (span.line, span.column) <= (line, column) <= (span.end_line, span.end_column)


def _definitions(m: ArgumentMap) -> Iterator[tuple[str, str, Span]]:
    for source in m.sources:
        yield SOURCE, source.id, source.span
    for actor in m.actors:
        yield ACTOR, actor.id, actor.span
    for claim in m.claims:
        yield CLAIM, claim.id, claim.span
    for argument in m.arguments:
        yield ARGUMENT, argument.id, argument.span


def _uses(m: ArgumentMap) -> Iterator[Ref]:
    for claim in m.claims:
        yield from claim.actors
        yield from (quote.source for quote in claim.quotes)
        yield from claim.citations
    for argument in m.arguments:
        yield from argument.premises
        yield from argument.conclusions
        yield from argument.actors
        yield from argument.citations
    for support in m.supports:
        if not support.implicit:  # an argument's own step is written nowhere
            yield from support.premises
            yield support.conclusion
    for attack in m.attacks:
        yield attack.attacker
        yield attack.target
        if attack.inference_to is not None:
            yield attack.inference_to
    for contradiction in m.contradictions:
        yield contradiction.left
        yield contradiction.right
    for acknowledgement in m.acknowledgements:
        if acknowledgement.target is not None:
            yield acknowledgement.target
    for expectation in m.expectations:
        yield expectation.claim
