"""Exporters: a map as text in another format, one function per format name.

`FORMATS` is the registry the CLI takes its `--format` choices from;
`PIECES` gives the same text in pieces, for a caller that writes as it goes
(the JSON of a large map is dozens of times its size, and never held whole).
"""

from __future__ import annotations

import enum
import itertools
import json
from collections.abc import Callable, Iterable, Iterator
from typing import Any

import attrs

from argmap import __version__, evaluate
from argmap.diagnostics import file_text, json_safe
from argmap.evaluate import framework
from argmap.model import ArgumentMap, Ref, Span

__all__ = [
    "FORMATS",
    "JSON_SCHEMA_VERSION",
    "PIECES",
    "apx_pieces",
    "iccma_pieces",
    "in_stable_order",
    "json_pieces",
    "to_apx",
    "to_data",
    "to_iccma",
    "to_json",
]

JSON_SCHEMA_VERSION = 1

# How many chunks (the JSON encoder's, or lines) a piece gathers before it is handed on.
_PIECE_CHUNKS = 1 << 13


def _plain(value: Any) -> Any:
    if isinstance(value, Ref):
        return value.id
    if isinstance(value, Span):
        return {"file": file_text(value.file), "line": value.line, "column": value.column,
                "end_line": value.end_line, "end_column": value.end_column}  # fmt: skip
    if isinstance(value, enum.Enum):
        return value.value
    if attrs.has(type(value)):
        return {f.name: _plain(getattr(value, f.name)) for f in attrs.fields(type(value)) if _exported(f)}
    if isinstance(value, tuple | list):
        return [_plain(item) for item in value]
    return value


def _ref(ref: Ref | None) -> str:
    return "" if ref is None else ref.id


def in_stable_order(argument_map: ArgumentMap) -> ArgumentMap:
    """The map with its lists ordered by what they say, not where it was written: things by id, links by their ends.

    Adding a claim then adds its lines to the export and moves no others, and a
    map split over other files, or its statements written in another order,
    exports in the same order (docs/json.md). Sorting is stable: repeated ids keep
    the order they were written in.
    """
    m = argument_map
    return attrs.evolve(
        m,
        sources=tuple(sorted(m.sources, key=lambda s: s.id)),
        actors=tuple(sorted(m.actors, key=lambda a: a.id)),
        claims=tuple(sorted(m.claims, key=lambda c: c.id)),
        arguments=tuple(sorted(m.arguments, key=lambda a: a.id)),
        supports=tuple(sorted(m.supports, key=lambda s: (s.conclusion.id, [p.id for p in s.premises], s.linked,
                                                         s.argument or ""))),
        attacks=tuple(sorted(m.attacks, key=lambda a: (a.target.id, _ref(a.inference_to), a.attacker.id,
                                                       a.kind.value, a.argument or ""))),
        contradictions=tuple(sorted(m.contradictions, key=lambda c: (c.left.id, c.right.id))),
        acknowledgements=tuple(sorted(m.acknowledgements, key=lambda a: (a.rule, _ref(a.target), a.reason))),
        expectations=tuple(sorted(m.expectations, key=lambda e: (e.claim.id, e.status.value))),
        hypotheses=tuple(sorted(m.hypotheses, key=lambda h: h.id)),
        cell_overrides=tuple(sorted(m.cell_overrides, key=lambda o: (o.hypothesis.id, o.evidence.id))),
    )  # fmt: skip


def to_data(argument_map: ArgumentMap) -> dict[str, Any]:
    """The map as JSON-ready data: the shape documented in docs/json.md."""
    data = _plain(in_stable_order(argument_map))
    return {"argmap": JSON_SCHEMA_VERSION, "generator": f"argmap {__version__}", **data}


def to_json(argument_map: ArgumentMap) -> str:
    """The whole map as indented JSON, keys in a stable order."""
    return "".join(json_pieces(argument_map))


def json_pieces(argument_map: ArgumentMap) -> Iterator[str]:
    """`to_json`'s text in pieces of tens of kilobytes, in order.

    `json.dumps` with an indent gathers the whole text as millions of small
    strings before joining them, several times the text itself (300 MB for a
    1 MB map); here they are joined a piece at a time as the encoder makes them.
    """
    # The model is handed to the encoder as it is, each object made plain only when the encoder reaches it
    # (`_one_level`): `to_data` of a large map would hold a dict for every node and span at once.
    encoder = json.JSONEncoder(ensure_ascii=False, indent=2, default=_one_level)
    stable = in_stable_order(argument_map)
    top = {"argmap": JSON_SCHEMA_VERSION, "generator": f"argmap {__version__}", **_one_level(stable)}
    # Map text may hold bidi overrides or C1 controls that JSON leaves as they are: escaped, so the
    # export is as safe to print on a terminal as check's output.
    for piece in _gathered(encoder.iterencode(top)):
        yield json_safe(piece)
    yield "\n"


def _one_level(value: Any) -> Any:
    """What `_plain` makes of `value`, one level deep: what it holds is left to the encoder (and to this again)."""
    if isinstance(value, Ref):
        return value.id
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, Span):
        return _plain(value)  # its file name as valid Unicode
    cls = type(value)
    names = _FIELD_NAMES.get(cls)
    if names is None:
        if not attrs.has(cls):
            raise TypeError(f"{cls.__name__} is not part of a map's JSON")
        names = _FIELD_NAMES[cls] = tuple(field.name for field in attrs.fields(cls) if _exported(field))
    return {name: getattr(value, name) for name in names}


# Each model class's field names, in order, looked up once: the encoder asks for every span and node.
_FIELD_NAMES: dict[type, tuple[str, ...]] = {}


def _exported(field: attrs.Attribute[Any]) -> bool:
    """Whether a model field is part of the JSON (a value's own span is not: see docs/json.md)."""
    return bool(field.metadata.get("exported", True))


def _gathered(chunks: Iterable[str]) -> Iterator[str]:
    """`chunks` joined `_PIECE_CHUNKS` at a time (the encoder's chunks are a few characters each)."""
    chunks = iter(chunks)
    while piece := "".join(itertools.islice(chunks, _PIECE_CHUNKS)):
        yield piece


def to_iccma(argument_map: ArgumentMap) -> str:
    """The map's argumentation framework (docs/evaluation.md) in ICCMA 2023 format, numbers mapped in `#` lines."""
    return "".join(iccma_pieces(argument_map))


def iccma_pieces(argument_map: ArgumentMap) -> Iterator[str]:
    """`to_iccma`'s text in pieces, written from the translation's numbers: the framework is never spelled out."""
    translation = evaluate.translate(argument_map)
    return _gathered(framework.iccma_lines(translation.names, translation.numbered_attacks()))


def to_apx(argument_map: ArgumentMap) -> str:
    """The map's argumentation framework (docs/evaluation.md) as ASPARTIX `arg`/`att` facts."""
    return "".join(apx_pieces(argument_map))


def apx_pieces(argument_map: ArgumentMap) -> Iterator[str]:
    """`to_apx`'s text in pieces, written from the translation's numbers."""
    translation = evaluate.translate(argument_map)
    return _gathered(framework.apx_lines(translation.names, translation.numbered_attacks()))


FORMATS: dict[str, Callable[[ArgumentMap], str]] = {
    "json": to_json,
    "iccma": to_iccma,
    "apx": to_apx,
}

PIECES: dict[str, Callable[[ArgumentMap], Iterable[str]]] = {
    "json": json_pieces,
    "iccma": iccma_pieces,
    "apx": apx_pieces,
}
