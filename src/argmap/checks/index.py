"""The map as the rules see it: lookups built once per run, shared by every rule.

Each table is built the first time a rule asks for it, so a run that selects
a few rules pays only for what they use. Everything here is linear in the
size of the map.
"""

from __future__ import annotations

import functools
from collections import defaultdict
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, TypeVar

import attrs

from argmap.model import Actor, Argument, ArgumentMap, Attack, Claim, ClaimKind, Contradiction, Ref, Source, Support
from argmap.read.loader import FileRefused, confine, find_project_root, read_source_text, source_path

__all__ = ["MapIndex", "Node", "SourceFile"]

Node = Source | Actor | Claim | Argument
T = TypeVar("T")

# Looking for a near id is quadratic in the worst case; beyond this many ids
# only ids sharing the first letter are compared.
_SUGGEST_ALL_BELOW = 5000


@attrs.frozen
class SourceFile:
    """A source's file as the rules see it: its text, or why there is none.

    `missing` says why there is no file to read (AM302: "does not exist", "is
    a folder"); `refused` why argmap will not read the one there (AM303:
    outside the project, not a regular file, too large), with `hint`.
    """

    resolved: Path | None = None
    text: str | None = None
    missing: str | None = None
    refused: str | None = None
    hint: str | None = None


class MapIndex:
    """Read-only lookups over one map; `memo` lets a rule share any other result for the run.

    Source files are read only inside `root` (by default the project the
    map's first file is in) unless `allow_outside_root` is set: the rules
    for includes (`argmap.read.loader.confine`).
    """

    def __init__(self, argument_map: ArgumentMap, *, root: Path | None = None, allow_outside_root: bool = False):
        self.map = argument_map
        self.allow_outside_root = allow_outside_root
        self._root = root
        self._memo: dict[str, Any] = {}

    @functools.cached_property
    def project(self) -> Path:
        """The project folder source files must be in: the one given, or the one the map's first file is in."""
        if self._root is not None:
            return self._root.resolve()
        return find_project_root(Path(self.map.files[0] if self.map.files else "map.arg"))

    def memo(self, key: str, build: Callable[[], T]) -> T:
        """`build()` the first time `key` is asked for in this run, the same value after."""
        if key not in self._memo:
            self._memo[key] = build()
        result: T = self._memo[key]
        return result

    # --- definitions -----------------------------------------------------

    @functools.cached_property
    def claims(self) -> dict[str, Claim]:
        """Claims by id; with duplicates the first definition wins."""
        return self.map.claims_by_id()

    @functools.cached_property
    def arguments(self) -> dict[str, Argument]:
        """Arguments by id; the first definition wins."""
        return _first_by_id(self.map.arguments)

    @functools.cached_property
    def sources(self) -> dict[str, Source]:
        """Sources by id; the first definition wins."""
        return _first_by_id(self.map.sources)

    @functools.cached_property
    def actors(self) -> dict[str, Actor]:
        """Actors by id; the first definition wins."""
        return _first_by_id(self.map.actors)

    def defines(self, node_id: str) -> bool:
        """Whether anything in the map (claim, argument, source, actor) has this id."""
        return any(node_id in table for table in (self.claims, self.arguments, self.sources, self.actors))

    def kind_of(self, node_id: str) -> str | None:
        """What an id names, in a reader's words, or None when nothing has it."""
        for table, word in (
            (self.claims, "a claim"),
            (self.arguments, "an argument"),
            (self.actors, "an actor"),
            (self.sources, "a source"),
        ):
            if node_id in table:
                return word
        return None

    @functools.cached_property
    def all_ids(self) -> list[str]:
        """Every defined id, once, in the order written."""
        return list(dict.fromkeys(node.id for node in self.map.nodes()))

    def suggest(self, wrong: str, candidates: Iterable[str] | None = None) -> str | None:
        """The id (or word) closest to `wrong`, for a "did you mean"."""
        pool = list(candidates) if candidates is not None else self.all_ids
        if len(pool) > _SUGGEST_ALL_BELOW:
            pool = [c for c in pool if c[:1].lower() == wrong[:1].lower()][:_SUGGEST_ALL_BELOW]
        import difflib  # only a map with a mistake needs it: kept out of every check's start-up

        near = difflib.get_close_matches(wrong, pool, n=1, cutoff=0.6)
        return near[0] if near else None

    # --- links -----------------------------------------------------------

    @functools.cached_property
    def supports_into(self) -> dict[str, list[Support]]:
        """Supports by the id of their conclusion."""
        table: dict[str, list[Support]] = defaultdict(list)
        for support in self.map.supports:
            table[support.conclusion.id].append(support)
        return table

    @functools.cached_property
    def supports_from(self) -> dict[str, list[Support]]:
        """Supports by the id of each of their premises."""
        table: dict[str, list[Support]] = defaultdict(list)
        for support in self.map.supports:
            for premise in support.premises:
                table[premise.id].append(support)
        return table

    @functools.cached_property
    def attacks_by(self) -> dict[str, list[Attack]]:
        """Attacks by the id of their attacker."""
        table: dict[str, list[Attack]] = defaultdict(list)
        for attack in self.map.attacks:
            table[attack.attacker.id].append(attack)
        return table

    @functools.cached_property
    def contradictions_of(self) -> dict[str, list[Contradiction]]:
        """Contradictions by the id of either side."""
        table: dict[str, list[Contradiction]] = defaultdict(list)
        for contradiction in self.map.contradictions:
            table[contradiction.left.id].append(contradiction)
            if contradiction.right.id != contradiction.left.id:
                table[contradiction.right.id].append(contradiction)
        return table

    @functools.cached_property
    def premise_ids(self) -> set[str]:
        """Ids used as a premise anywhere: in a support, an argument, or written with `premise`."""
        ids = {p.id for s in self.map.supports for p in s.premises}
        ids.update(p.id for a in self.map.arguments for p in a.premises)
        ids.update(c.id for c in self.map.claims if c.kind is ClaimKind.PREMISE)
        return ids

    @functools.cached_property
    def linked_ids(self) -> set[str]:
        """Ids that take part in a support, attack, contradiction or an argument's premises and conclusions."""
        ids: set[str] = set()
        for s in self.map.supports:
            ids.update(p.id for p in s.premises)
            ids.add(s.conclusion.id)
        for a in self.map.attacks:
            ids.update(r.id for r in (a.attacker, a.target, a.inference_to) if r is not None)
        for c in self.map.contradictions:
            ids.update((c.left.id, c.right.id))
        for argument in self.map.arguments:
            ids.update(r.id for r in (*argument.premises, *argument.conclusions))
        return ids

    @functools.cached_property
    def commitments(self) -> dict[str, list[Ref]]:
        """The actors committed to each claim: named with `by` on the claim or on its argument."""
        table: dict[str, list[Ref]] = defaultdict(list)
        for claim in self.map.claims:
            table[claim.id].extend(claim.actors)
        for argument in self.map.arguments:
            if not argument.actors:
                continue
            members = {r.id for r in (*argument.premises, *argument.conclusions)}
            for member in members:
                table[member].extend(argument.actors)
        for claim in self.map.claims:
            if claim.argument is not None and claim.argument in self.arguments:
                table[claim.id].extend(self.arguments[claim.argument].actors)
        # One actor per id, the last named winning; most claims name one actor or none.
        return {k: v if len(v) < 2 else list({r.id: r for r in v}.values()) for k, v in table.items()}

    # --- source texts ----------------------------------------------------

    def source_path(self, source: Source) -> Path | None:
        """Where a source's `file` is, relative to the `.arg` file that declares it."""
        return source_path(source)

    def source_file(self, source: Source) -> SourceFile | None:
        """What reading a source's `file` gave (None: it has no `file`), once a run for each file."""
        path = source_path(source)
        if path is None:
            return None
        return self.memo(f"source-file:{path}", lambda: self._open_source(path))

    def resolved_source_path(self, source: Source) -> Path | None:
        """The file a source's text was read from, its links resolved; None when none was read."""
        found = self.source_file(source)
        return found.resolved if found is not None and found.text is not None else None

    def source_text(self, source: Source) -> str | None:
        """A source file's text, read once per run; None when there is none, or argmap will not read it."""
        found = self.source_file(source)
        return found.text if found is not None else None

    def _open_source(self, path: Path) -> SourceFile:
        try:
            resolved = confine(path, self.project, self.allow_outside_root)
        except FileNotFoundError:
            return SourceFile(missing="does not exist")
        except FileRefused as refusal:
            return SourceFile(refused=refusal.reason, hint=refusal.hint)
        # Keyed by the file itself: read once however many paths lead to it.
        return self.memo(f"source-text:{resolved}", lambda: _read_source(resolved))


def _first_by_id(nodes: Iterable[Any]) -> dict[str, Any]:
    table: dict[str, Any] = {}
    for node in nodes:
        table.setdefault(node.id, node)
    return table


def _read_source(resolved: Path) -> SourceFile:
    try:
        return SourceFile(resolved, read_source_text(resolved))
    except FileRefused as refusal:
        return SourceFile(resolved, refused=refusal.reason, hint=refusal.hint)
    except IsADirectoryError:
        return SourceFile(resolved, missing="is a folder")
    except OSError as error:
        return SourceFile(resolved, missing=f"cannot be read: {error.strerror or error}")
