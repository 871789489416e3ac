"""A map written back as `.arg` text: what an import produces, before `argmap fmt` lays it out.

`to_arg` writes each statement once, on one line, so that reading the text
gives the very map it was written from: every list keeps its order, each
argument's block holds the claims and links that name it, and the linked
support an argument gets implicitly is left for the reader to add again.
`IdMaker` turns a name from another tool ("Higher fines deter", "17") into
an id the language accepts (`c_higher_fines_deter`), each one once.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Callable, Iterator, Sequence
from typing import Any, TypeVar

from argmap.model import (
    Acknowledgement,
    Argument,
    ArgumentMap,
    Attack,
    AttackKind,
    Claim,
    ClaimKind,
    Contradiction,
    Ref,
    Support,
)

__all__ = ["RESERVED_IDS", "IdMaker", "is_id", "spelt_as_id", "text_literal", "to_arg"]

# Every word of the language, and `and`: spelt as an id at the start of a line, each would read as the keyword.
RESERVED_IDS = frozenset({
    "title", "include", "source", "actor", "claim", "premise", "conclusion", "objection", "rebuttal",
    "argument", "acknowledge", "expect", "file", "reliability", "role", "unnamed", "by", "quote", "cite",
    "likelihood", "confidence", "probability", "credibility", "tags", "note", "acknowledged", "supports", "support",
    "together", "rebuts", "rebut", "undermines", "undermine", "undercuts", "undercut", "contradicts", "to",
    "on", "and", "in", "out", "undec",
})  # fmt: skip
_ID = re.compile(r"[^\W\d][\w\-]*")
_SLUG_WORDS = 5
_SLUG_LENGTH = 40

T = TypeVar("T")


def spelt_as_id(word: str) -> bool:
    """Whether `word` is spelt as the language's ids are (a keyword included): for a tag, a rule, a grade."""
    return _ID.fullmatch(word) is not None


def is_id(word: str) -> bool:
    """Whether `word` may be written as an id of a claim, an argument, an actor or a source."""
    return _ID.fullmatch(word) is not None and word not in RESERVED_IDS


class IdMaker:
    """Ids for things named by another tool: the name itself when it is a valid id, else one made from its words.

    Every id it gives is new: a second "Higher fines" becomes `c_higher_fines_2`.
    """

    def __init__(self, taken: Sequence[str] = ()) -> None:
        self.taken: set[str] = set(taken)

    def make(self, name: str, prefix: str, fallback: str = "") -> str:
        """An unused id for `name`; `prefix` (`c_`) starts one made from words, `fallback` stands in for no words."""
        if is_id(name) and name not in self.taken:
            return self._take(name)
        base = prefix + (_slug(name) or _slug(fallback) or "item")
        if not is_id(base):  # a number, or a keyword: words put before it make it an id
            base = f"id_{base}"
        candidate, number = base, 1
        while candidate in self.taken or not is_id(candidate):
            number += 1
            candidate = f"{base}_{number}"
        return self._take(candidate)

    def _take(self, ident: str) -> str:
        self.taken.add(ident)
        return ident


def _slug(text: str) -> str:
    """The first words of `text` in lower-case ASCII, joined by `_`: "Higher fines deter." -> `higher_fines_deter`."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()
    words = re.findall(r"[a-z0-9]+", plain)[:_SLUG_WORDS]
    return "_".join(words)[:_SLUG_LENGTH].strip("_")


def text_literal(text: str) -> str:
    """`text` as a `.arg` text token: quotes and backslashes escaped, line breaks folded to a space as readers do."""
    folded = re.sub(r"[ \t]*\n\s*", " ", text)
    return '"' + folded.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _tags(tags: Sequence[str]) -> list[str]:
    """A `tags` detail, or none: the tags on one line, as `fmt` keeps them."""
    return [f"tags {', '.join(tags)}"] if tags else []


def _ids(refs: Sequence[Ref]) -> str:
    return ", ".join(ref.id for ref in refs)


def _number(value: float) -> str:
    if math.isfinite(value) and value == int(value):
        return str(int(value))
    written = repr(value)
    return written if "e" not in written else f"{value:.20f}".rstrip("0")


def _claim(claim: Claim, kind: ClaimKind | None = None) -> str:
    parts = [f"{(kind or claim.kind).value} {claim.id}: {text_literal(claim.text)}"]
    if claim.actors:
        parts.append(f"by {_ids(claim.actors)}")
    parts.extend(f"quote {quote.source.id} {text_literal(quote.text)}" for quote in claim.quotes)
    if claim.citations:
        parts.append(f"cite {_ids(claim.citations)}")
    if claim.likelihood is not None:
        parts.append(f"likelihood {text_literal(claim.likelihood)}")
    if claim.probability is not None:
        parts.append(f"probability {_number(claim.probability)}")
    if claim.confidence is not None:
        parts.append(f"confidence {claim.confidence}")
    if claim.credibility is not None:
        parts.append(f"credibility {claim.credibility}")
    parts.extend(_tags(claim.tags))
    parts.extend(f"note {text_literal(note)}" for note in claim.notes)
    return " ".join(parts)


def _support(support: Support) -> str:
    if support.linked and len(support.premises) >= 2:
        return f"{' and '.join(ref.id for ref in support.premises)} together support {support.conclusion.id}"
    return f"{_ids(support.premises)} supports {support.conclusion.id}"


def _attack(attack: Attack) -> str:
    verb = {AttackKind.REBUT: "rebuts", AttackKind.UNDERMINE: "undermines", AttackKind.UNDERCUT: "undercuts"}
    step = f" to {attack.inference_to.id}" if attack.inference_to is not None else ""
    return f"{attack.attacker.id} {verb[attack.kind]} {attack.target.id}{step}"


def _contradiction(contradiction: Contradiction) -> str:
    reason = "" if contradiction.acknowledged is None else f" acknowledged {text_literal(contradiction.acknowledged)}"
    return f"{contradiction.left.id} contradicts {contradiction.right.id}{reason}"


def _acknowledgement(acknowledgement: Acknowledgement) -> str:
    on = f" on {acknowledgement.target.id}" if acknowledgement.target is not None else ""
    return f"acknowledge {acknowledgement.rule}{on} {text_literal(acknowledgement.reason)}"


def _header(argument: Argument) -> str:
    parts = [f"argument {argument.id} {text_literal(argument.title)}"]
    if argument.actors:
        parts.append(f"by {_ids(argument.actors)}")
    if argument.citations:
        parts.append(f"cite {_ids(argument.citations)}")
    parts.extend(_tags(argument.tags))
    parts.extend(f"note {text_literal(note)}" for note in argument.notes)
    return " ".join(parts) + " {"


class _Queue:
    """One of the map's lists, read from the front: the statements written outside arguments, then each block's."""

    def __init__(self, items: Sequence[Any], write: Callable[[Any], str]) -> None:
        self.items = items
        self.write = write
        self.at = 0

    def outside(self) -> Iterator[Any]:
        """The items up to the next one that belongs to an argument."""
        while self.at < len(self.items) and self.items[self.at].argument is None:
            self.at += 1
            yield self.items[self.at - 1]

    def block(self, name: str) -> list[Any]:
        """The run of items that belong to the argument `name`, from here."""
        start = self.at
        while self.at < len(self.items) and self.items[self.at].argument == name:
            self.at += 1
        return list(self.items[start : self.at])

    def rest(self) -> Iterator[Any]:
        yield from self.items[self.at :]
        self.at = len(self.items)


def to_arg(argument_map: ArgumentMap, comments: dict[str, list[str]] | None = None) -> str:
    """The map as `.arg` text that reads back as the same map.

    `comments` (lines, by id) are written before the claim or argument with that id.

    Each statement takes one line: `argmap.edit.format_text` gives it the canonical layout.
    """
    comments = comments or {}
    lines: list[str] = []
    if argument_map.title is not None:
        lines.append(f"title {text_literal(argument_map.title)}")
    for source in argument_map.sources:
        parts = [f"source {source.id} {text_literal(source.title)}"]
        if source.file is not None:
            parts.append(f"file {text_literal(source.file)}")
        if source.reliability is not None:
            parts.append(f"reliability {source.reliability}")
        parts.extend(_tags(source.tags))
        parts.extend(f"note {text_literal(note)}" for note in source.notes)
        lines.append(" ".join(parts))
    for actor in argument_map.actors:
        parts = [f"actor {actor.id} {text_literal(actor.name)}"]
        if actor.unnamed:
            parts.append("unnamed")
        if actor.role is not None:
            parts.append(f"role {text_literal(actor.role)}")
        parts.extend(_tags(actor.tags))
        parts.extend(f"note {text_literal(note)}" for note in actor.notes)
        lines.append(" ".join(parts))

    def claim_line(claim: Claim) -> str:
        return "".join(f"# {line}\n" for line in comments.get(claim.id, ())) + _claim(claim)

    queues = [
        _Queue(argument_map.claims, claim_line),
        _Queue([s for s in argument_map.supports if not s.implicit], _support),
        _Queue(argument_map.attacks, _attack),
        _Queue(argument_map.contradictions, _contradiction),
    ]
    for argument in argument_map.arguments:
        for queue in queues:
            lines.extend(queue.write(item) for item in queue.outside())
        lines.extend(f"# {line}" for line in comments.get(argument.id, ()))
        lines.append(_header(argument))
        claims, *links = (queue.block(argument.id) for queue in queues)
        lines.extend(f"  {line}" for line in _members(argument, claims, claim_line))
        for queue, items in zip(queues[1:], links, strict=True):
            lines.extend(f"  {queue.write(item)}" for item in items)
        lines.append("}")
    for queue in queues:
        lines.extend(queue.write(item) for item in queue.rest())
    lines.extend(_acknowledgement(a) for a in argument_map.acknowledgements)
    lines.extend(f"expect {e.claim.id} {e.status.value}" for e in argument_map.expectations)
    for hypotheses in argument_map.hypotheses:
        lines.append(f"hypotheses {hypotheses.id} {text_literal(hypotheses.question)} {{ {_ids(hypotheses.members)} }}")
    lines.extend(
        f"ach {o.hypothesis.id} {o.evidence.id} {o.cell} {text_literal(o.reason)}" for o in argument_map.cell_overrides
    )
    lines.extend(f"prefer {p.better.id} over {p.worse.id}" for p in argument_map.preferences)
    return "\n".join(lines) + "\n"


def _members(argument: Argument, claims: list[Claim], claim_line: Callable[[Claim], str]) -> Iterator[str]:
    """The block's claims, and `premise ID` / `conclusion ID` for members written elsewhere, in the argument's order."""
    pending = {ClaimKind.PREMISE: list(argument.premises), ClaimKind.CONCLUSION: list(argument.conclusions)}
    for claim in claims:
        refs = pending.get(claim.kind)
        if refs is not None and any(ref.id == claim.id for ref in refs):
            while refs[0].id != claim.id:
                yield f"{claim.kind.value} {refs.pop(0).id}"
            refs.pop(0)
            yield claim_line(claim)
        else:
            yield claim_line(claim)
    for kind, refs in pending.items():
        yield from (f"{kind.value} {ref.id}" for ref in refs)
