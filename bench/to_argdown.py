"""A loaded .arg map written in Argdown, so Argdown can be timed on the seed maps.

Arguments become premise-conclusion structures; every other claim a statement;
supports, attacks and contradictions outside an argument's own inference
become Argdown relations (`+>`, `->`, `_>`, `><`).

    python bench/to_argdown.py maps/khatami.arg > bench/out/khatami.argdown
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Iterator
from pathlib import Path

import argmap
from argmap.model import ArgumentMap, AttackKind

__all__ = ["convert", "to_argdown"]

_SPECIAL = re.compile(r"([\[\]<>#*_@\\+\-])")


def _text(text: str) -> str:
    """Argdown text with its markup characters escaped, on one line."""
    return _SPECIAL.sub(r"\\\1", " ".join(text.split()))


def _lines(m: ArgumentMap) -> Iterator[str]:
    title = m.title or "Argument map"
    yield f"===\ntitle: {json.dumps(' '.join(title.split()))}\n===\n\n# {_text(title)}\n\n"
    texts = m.claims_by_id()
    in_arguments: set[str] = set()
    for argument in m.arguments:
        in_arguments.update(r.id for r in (*argument.premises, *argument.conclusions))
    for claim in m.claims:
        if claim.id not in in_arguments:
            yield f"[{claim.id}]: {_text(claim.text)}\n\n"
    for argument in m.arguments:
        yield f"<{argument.id}>: {_text(argument.title)}\n\n"
        number = 0
        for ref in argument.premises:
            number += 1
            yield f"({number}) [{ref.id}]: {_text(texts[ref.id].text if ref.id in texts else ref.id)}\n"
        yield "----\n"
        for ref in argument.conclusions:
            number += 1
            yield f"({number}) [{ref.id}]: {_text(texts[ref.id].text if ref.id in texts else ref.id)}\n"
        yield "\n"
    for support in m.supports:
        if support.implicit:
            continue
        for premise in support.premises:
            yield f"[{premise.id}]\n    +> [{support.conclusion.id}]\n\n"
    for attack in m.attacks:
        if attack.kind is AttackKind.UNDERCUT:
            if attack.inference_to is None:
                yield f"[{attack.attacker.id}]\n    _> <{attack.target.id}>\n\n"
            continue  # a single step has no name in Argdown
        yield f"[{attack.attacker.id}]\n    -> [{attack.target.id}]\n\n"
    for contradiction in m.contradictions:
        yield f"[{contradiction.left.id}]\n    >< [{contradiction.right.id}]\n\n"


def to_argdown(m: ArgumentMap) -> str:
    """The map as Argdown text."""
    return "".join(_lines(m))


def convert(path: str | Path) -> str:
    """Load the map at `path` (includes followed) and write it as Argdown."""
    return to_argdown(argmap.load(path))


if __name__ == "__main__":
    sys.stdout.write(convert(sys.argv[1]))
