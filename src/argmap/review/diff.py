"""What a change says, thing by thing: two maps compared by id, a renamed id found by its unchanged text.

Only what the map says counts: where it was written (spans, files, the
include lines that gather them), the layout and the comments do not, so a
reformatted map or one split over other files compares equal. Lists whose
order says nothing (actors, sources cited, tags, an argument's premises) are
compared as sets; quotes and notes keep their order.
"""

from __future__ import annotations

import difflib
import os
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import attrs

from argmap.model import (
    Acknowledgement,
    Actor,
    Argument,
    ArgumentMap,
    Attack,
    AttackKind,
    CellOverride,
    Claim,
    Contradiction,
    Expectation,
    HypothesisSet,
    Source,
    Support,
)

__all__ = [
    "KINDS",
    "LINK_KINDS",
    "Changed",
    "FieldChange",
    "Item",
    "Link",
    "MapDiff",
    "Value",
    "diff_maps",
    "link",
    "word_diff",
]

# A field's value as the review shows it: JSON-ready.
Value = str | int | float | bool | tuple[str, ...] | None

# The things with ids, in the order a review lists them.
KINDS = ("claim", "argument", "hypotheses", "actor", "source")
# The links, in the order a review lists them.
LINK_KINDS = (
    "support",
    "linked-support",
    "rebut",
    "undermine",
    "undercut",
    "contradiction",
    "acknowledged-contradiction",
    "acknowledgement",
    "expectation",
    "ach-cell",
)
# Past this many words in the two texts together, a changed text is shown whole rather than word by word:
# the word diff takes time that grows with the product of the two lengths.
WORD_DIFF_LIMIT = 4_000


@attrs.frozen
class FieldChange:
    """One field of a thing that changed; `words`, for a text, says which words went (`-`) and came (`+`)."""

    field: str
    old: Value
    new: Value
    words: tuple[tuple[str, str], ...] = ()


@attrs.frozen
class Item:
    """A claim, argument, actor or source that is only in one of the two maps."""

    kind: str
    id: str
    label: str  # a claim's text, an argument's or a source's title, an actor's name
    detail: str | None = None  # a claim's keyword, a source's reliability, an actor's role


@attrs.frozen
class Changed:
    """A thing in both maps whose fields differ, or whose id was renamed (`old_id`), or both."""

    kind: str
    id: str
    label: str
    changes: tuple[FieldChange, ...]
    old_id: str | None = None


@attrs.frozen
class Link:
    """A link, an acknowledgement or an expectation, as the map would write it; `ends` are the ids it joins."""

    kind: str
    text: str
    ends: tuple[str, ...]


@attrs.frozen
class MapDiff:
    """Everything that differs between two maps, each list in a stable order."""

    title: FieldChange | None = None
    added: tuple[Item, ...] = ()
    removed: tuple[Item, ...] = ()
    changed: tuple[Changed, ...] = ()
    links_added: tuple[Link, ...] = ()
    links_removed: tuple[Link, ...] = ()
    # Every rename, old id to new, whatever it names.
    renames: Mapping[str, str] = attrs.field(factory=dict, eq=False)

    @property
    def empty(self) -> bool:
        """Nothing differs."""
        return not (self.title or self.added or self.removed or self.changed or self.links_added or self.links_removed)


def word_diff(old: str, new: str) -> tuple[tuple[str, str], ...]:
    """`old` turned into `new` word by word: runs of words kept (`=`), taken out (`-`) and put in (`+`)."""
    before, after = old.split(), new.split()
    if len(before) + len(after) > WORD_DIFF_LIMIT:
        return (("-", old), ("+", new))
    pieces: list[tuple[str, str]] = []
    matcher = difflib.SequenceMatcher(None, before, after, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            pieces.append(("=", " ".join(before[i1:i2])))
            continue
        if i2 > i1:
            pieces.append(("-", " ".join(before[i1:i2])))
        if j2 > j1:
            pieces.append(("+", " ".join(after[j1:j2])))
    return tuple(pieces)


# --- the things with ids ------------------------------------------------------------


Thing = Claim | Argument | Actor | Source | HypothesisSet


def _first_by_id(things: Iterable[Thing]) -> dict[str, Any]:
    """Things keyed by id; with a repeated id, the first one written wins (as everywhere in argmap)."""
    found: dict[str, Any] = {}
    for thing in things:
        found.setdefault(thing.id, thing)
    return found


def _label(thing: Thing) -> str:
    if isinstance(thing, Claim):
        return thing.text
    if isinstance(thing, Actor):
        return thing.name
    if isinstance(thing, HypothesisSet):
        return thing.question
    return thing.title


def _detail(thing: Thing) -> str | None:
    if isinstance(thing, Claim):
        return thing.kind.value
    if isinstance(thing, Actor):
        return thing.role
    if isinstance(thing, Source):
        return thing.reliability
    return None


def _spaced(text: str) -> str:
    """Text with its runs of white space made one: how a rename is recognised."""
    return " ".join(text.split())


def _renames(old: Mapping[str, Thing], new: Mapping[str, Thing]) -> dict[str, str]:
    """Ids that went from `old` while one with the same text (title, name) came into `new`: renamed.

    Several gone and come with one text are paired in the order written.
    """
    gone: dict[str, list[str]] = {}
    for ident, thing in old.items():
        if ident not in new:
            gone.setdefault(_spaced(_label(thing)), []).append(ident)
    found: dict[str, str] = {}
    for ident, thing in new.items():
        if ident in old:
            continue
        candidates = gone.get(_spaced(_label(thing)))
        if candidates:
            found[candidates.pop(0)] = ident
    return found


@attrs.frozen
class _Renames:
    """Old ids as the new map names them, by what they name."""

    claims: Mapping[str, str]
    arguments: Mapping[str, str]
    actors: Mapping[str, str]
    sources: Mapping[str, str]
    hypotheses: Mapping[str, str] = attrs.field(factory=dict)

    @property
    def renamed(self) -> bool:
        return bool(self.claims or self.arguments or self.actors or self.sources or self.hypotheses)

    def claim(self, ident: str) -> str:
        return self.claims.get(ident, ident)

    def argument(self, ident: str | None) -> str | None:
        return None if ident is None else self.arguments.get(ident, ident)

    def actor(self, ident: str) -> str:
        return self.actors.get(ident, ident)

    def source(self, ident: str) -> str:
        return self.sources.get(ident, ident)

    def any(self, ident: str) -> str:
        """An id that may name a claim or an argument (an undercut's target), or anything (an acknowledgement's)."""
        for table in (self.claims, self.arguments, self.actors, self.sources, self.hypotheses):
            if ident in table:
                return table[ident]
        return ident


_SAME = _Renames({}, {}, {}, {})


def _ids(values: Iterable[str]) -> tuple[str, ...]:
    return tuple(sorted(set(values)))


def _notes(notes: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(_spaced(note) for note in notes)


def _source_file(source: Source, top: str | None) -> str | None:
    """Where a source's file is, from the map's top file's folder: the same file however the map is split."""
    if source.file is None or top is None:
        return source.file
    where = os.path.normpath(os.path.join(os.path.dirname(source.span.file), source.file))
    return Path(os.path.relpath(where, os.path.dirname(top) or ".")).as_posix()


def _fields(thing: Thing, names: _Renames, top: str | None = None) -> dict[str, Value]:
    """A thing's fields as compared and shown, its references named as the new map names them."""
    if isinstance(thing, Claim):
        return {
            "text": _spaced(thing.text),
            "kind": thing.kind.value,
            "actors": _ids(names.actor(r.id) for r in thing.actors),
            "sources": _ids(names.source(r.id) for r in thing.citations),
            "quotes": tuple(f'{names.source(q.source.id)} "{_spaced(q.text)}"' for q in thing.quotes),
            "likelihood": thing.likelihood,
            "probability": thing.probability,
            "confidence": thing.confidence,
            "credibility": thing.credibility,
            "argument": names.argument(thing.argument),
            "tags": _ids(thing.tags),
            "notes": _notes(thing.notes),
        }
    if isinstance(thing, Argument):
        return {
            "title": _spaced(thing.title),
            "premises": _ids(names.claim(r.id) for r in thing.premises),
            "conclusions": _ids(names.claim(r.id) for r in thing.conclusions),
            "actors": _ids(names.actor(r.id) for r in thing.actors),
            "sources": _ids(names.source(r.id) for r in thing.citations),
            "tags": _ids(thing.tags),
            "notes": _notes(thing.notes),
        }
    if isinstance(thing, HypothesisSet):
        return {"question": _spaced(thing.question), "members": _ids(names.claim(r.id) for r in thing.members)}
    if isinstance(thing, Actor):
        role = _spaced(thing.role) if thing.role is not None else None
        return {"name": _spaced(thing.name), "role": role, "unnamed": thing.unnamed, "tags": _ids(thing.tags),
                "notes": _notes(thing.notes)}  # fmt: skip
    return {"title": _spaced(thing.title), "file": _source_file(thing, top), "reliability": thing.reliability,
            "tags": _ids(thing.tags), "notes": _notes(thing.notes)}  # fmt: skip


# The fields whose change is shown word by word.
_TEXTS = frozenset({"text", "title", "name", "role", "question"})


def _changes(old: Thing, new: Thing, names: _Renames, tops: tuple[str | None, str | None]) -> tuple[FieldChange, ...]:
    before, after = _fields(old, names, tops[0]), _fields(new, _SAME, tops[1])
    found = []
    for field, value in after.items():
        was = before[field]
        if was == value:
            continue
        words = word_diff(was, value) if field in _TEXTS and isinstance(was, str) and isinstance(value, str) else ()
        found.append(FieldChange(field, was, value, words))
    return tuple(found)


def _things(
    kind: str,
    old: Mapping[str, Thing],
    new: Mapping[str, Thing],
    renamed: Mapping[str, str],
    names: _Renames,
    tops: tuple[str | None, str | None],
) -> tuple[list[Item], list[Item], list[Changed]]:
    """What was added, removed and changed among the things of one kind."""
    came = {new_id: old_id for old_id, new_id in renamed.items()}
    added = [Item(kind, i, _label(t), _detail(t)) for i, t in new.items() if i not in old and i not in came]
    removed = [Item(kind, i, _label(t), _detail(t)) for i, t in old.items() if i not in new and i not in renamed]
    changed = []
    for ident, thing in new.items():
        was_id = came.get(ident, ident)
        if was_id not in old:
            continue
        # Equal things (spans aside) have equal fields when no id was renamed: most things, in most changes.
        same = not names.renamed and old[was_id] == thing and not isinstance(thing, Source)
        changes = () if same else _changes(old[was_id], thing, names, tops)
        if changes or was_id != ident:
            changed.append(Changed(kind, ident, _label(thing), changes, was_id if was_id != ident else None))
    return added, removed, changed


# --- links ---------------------------------------------------------------------------


def _support(support: Support, names: _Renames) -> Link:
    premises = [names.claim(p.id) for p in support.premises]
    conclusion = names.claim(support.conclusion.id)
    if support.linked:
        premises.sort()
        text = f"{' and '.join(premises)} together support {conclusion}"
    else:
        text = f"{', '.join(premises)} {'supports' if len(premises) == 1 else 'support'} {conclusion}"
    argument = names.argument(support.argument)
    if argument is not None:
        text += f" (in argument {argument})"
    return Link("linked-support" if support.linked else "support", text, (*premises, conclusion))


_VERBS = {AttackKind.REBUT: "rebuts", AttackKind.UNDERMINE: "undermines", AttackKind.UNDERCUT: "undercuts"}


def _attack(attack: Attack, names: _Renames) -> Link:
    attacker = names.claim(attack.attacker.id)
    target = names.any(attack.target.id)
    text = f"{attacker} {_VERBS[attack.kind]} {target}"
    ends: tuple[str, ...] = (attacker, target)
    if attack.inference_to is not None:
        to = names.claim(attack.inference_to.id)
        text += f" to {to}"
        ends = (*ends, to)
    return Link(attack.kind.value, text, ends)


def _contradiction(contradiction: Contradiction, names: _Renames) -> Link:
    left, right = sorted((names.claim(contradiction.left.id), names.claim(contradiction.right.id)))
    if contradiction.acknowledged is None:
        return Link("contradiction", f"{left} contradicts {right}", (left, right))
    reason = _spaced(contradiction.acknowledged)
    return Link("acknowledged-contradiction", f'{left} contradicts {right} acknowledged "{reason}"', (left, right))


def _acknowledgement(acknowledgement: Acknowledgement, names: _Renames) -> Link:
    target = names.any(acknowledgement.target.id) if acknowledgement.target is not None else None
    on = f" on {target}" if target is not None else ""
    text = f'acknowledge {acknowledgement.rule}{on} "{_spaced(acknowledgement.reason)}"'
    return Link("acknowledgement", text, (target,) if target is not None else ())


def _expectation(expectation: Expectation, names: _Renames) -> Link:
    claim = names.claim(expectation.claim.id)
    return Link("expectation", f"expect {claim} {expectation.status.value}", (claim,))


def _cell(override: CellOverride, names: _Renames) -> Link:
    claims = (names.claim(override.hypothesis.id), names.claim(override.evidence.id))
    return Link("ach-cell", f'ach {claims[0]} {claims[1]} {override.cell} "{_spaced(override.reason)}"', claims)


def _links(amap: ArgumentMap, names: _Renames) -> Counter[Link]:
    makers: Sequence[tuple[Iterable[Any], Callable[[Any, _Renames], Link]]] = (
        (amap.supports, _support),
        (amap.attacks, _attack),
        (amap.contradictions, _contradiction),
        (amap.acknowledgements, _acknowledgement),
        (amap.expectations, _expectation),
        (amap.cell_overrides, _cell),
    )
    return Counter(make(thing, names) for things, make in makers for thing in things)


def link(thing: Support | Attack | Contradiction | Acknowledgement | Expectation | CellOverride) -> Link:
    """A link of a map as a review shows it."""
    if isinstance(thing, Support):
        return _support(thing, _SAME)
    if isinstance(thing, Attack):
        return _attack(thing, _SAME)
    if isinstance(thing, Contradiction):
        return _contradiction(thing, _SAME)
    if isinstance(thing, Acknowledgement):
        return _acknowledgement(thing, _SAME)
    if isinstance(thing, CellOverride):
        return _cell(thing, _SAME)
    return _expectation(thing, _SAME)


def _link_order(link: Link) -> tuple[int, str]:
    return (LINK_KINDS.index(link.kind), link.text)


def _thing_order(thing: Item | Changed) -> tuple[int, str]:
    return (KINDS.index(thing.kind), thing.id)


# --- the whole map -----------------------------------------------------------------


def diff_maps(old: ArgumentMap, new: ArgumentMap) -> MapDiff:
    """What differs between `old` and `new`, matched by id.

    An id gone from `old` whose text (title, name) came back in `new` under another id is a rename.
    """
    tables = {
        "claim": (_first_by_id(old.claims), _first_by_id(new.claims)),
        "argument": (_first_by_id(old.arguments), _first_by_id(new.arguments)),
        "actor": (_first_by_id(old.actors), _first_by_id(new.actors)),
        "source": (_first_by_id(old.sources), _first_by_id(new.sources)),
        "hypotheses": (_first_by_id(old.hypotheses), _first_by_id(new.hypotheses)),
    }
    renamed = {kind: _renames(before, after) for kind, (before, after) in tables.items()}
    names = _Renames(renamed["claim"], renamed["argument"], renamed["actor"], renamed["source"], renamed["hypotheses"])
    tops = (old.files[0] if old.files else None, new.files[0] if new.files else None)
    added: list[Item] = []
    removed: list[Item] = []
    changed: list[Changed] = []
    for kind, (before, after) in tables.items():
        more, fewer, other = _things(kind, before, after, renamed[kind], names, tops)
        added += more
        removed += fewer
        changed += other
    old_links, new_links = _links(old, names), _links(new, _SAME)
    title = FieldChange("title", old.title, new.title) if old.title != new.title else None
    return MapDiff(
        title=title,
        added=tuple(sorted(added, key=_thing_order)),
        removed=tuple(sorted(removed, key=_thing_order)),
        changed=tuple(sorted(changed, key=_thing_order)),
        links_added=tuple(sorted((new_links - old_links).elements(), key=_link_order)),
        links_removed=tuple(sorted((old_links - new_links).elements(), key=_link_order)),
        renames={old_id: new_id for table in renamed.values() for old_id, new_id in table.items()},
    )
