"""The map as the rules see it: lookups built once per run, shared by every rule.

Each table is built the first time a rule asks for it, so a run that selects
a few rules pays only for what they use. Everything here is linear in the
size of the map.
"""

from __future__ import annotations

import bisect
import functools
from collections import defaultdict
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, TypeVar

import attrs

from argmap.model import Actor, Argument, ArgumentMap, Claim, ClaimKind, Ref, Source, Support
from argmap.read.config import LIKELIHOOD_TERMS
from argmap.read.loader import FileRefused, confine, find_project_root, read_source_text, source_path

__all__ = ["MapIndex", "Node", "SourceFile"]

Node = Source | Actor | Claim | Argument
T = TypeVar("T")

# "Did you mean": an unknown id is compared with the ids that sort next to it (a shared beginning) and
# those whose reversal sorts next to its reversal (a shared ending), at most _NEIGHBOURS of each, and only
# on their first _COMPARED characters. Comparing two ids costs up to the product of their lengths (difflib's
# ratio), so a run may compare SUGGESTION_WORK pairs of characters in all (about a second at worst); past
# that, a report goes without a suggestion, and says so.
_NEIGHBOURS = 50
_COMPARED = 64
_CUTOFF = 0.6
SUGGESTION_WORK = 4_000_000


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

    Source files are read only inside the project the map's first file is
    in unless `allow_outside_root` is set: the rules for includes
    (`argmap.read.loader.confine`). `likelihood_terms` is the project's
    `likelihood-terms` setting: which of ICD 203's word lists its
    likelihoods are written in ("standard" or "alternate").
    """

    def __init__(
        self, argument_map: ArgumentMap, *, allow_outside_root: bool = False, likelihood_terms: str = "standard"
    ):
        if likelihood_terms not in LIKELIHOOD_TERMS:
            raise ValueError(f"likelihood_terms must be one of {', '.join(LIKELIHOOD_TERMS)}, not {likelihood_terms!r}")
        self.map = argument_map
        self.allow_outside_root = allow_outside_root
        self.likelihood_terms = likelihood_terms
        self._memo: dict[str, Any] = {}

    @functools.cached_property
    def project(self) -> Path:
        """The project folder source files must be in: the one the map's first file is in."""
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
        """Whether anything in the map (claim, argument, source, actor, hypothesis set) has this id."""
        return any(node_id in table for table in (self.claims, self.arguments, self.sources, self.actors)) or any(
            s.id == node_id for s in self.map.hypotheses
        )

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

    def suggest(self, wrong: str, candidates: Iterable[str] | None, pool: str) -> str | None:
        """The id (or word) closest to `wrong`, for a "did you mean"; None when none is close enough.

        `candidates` (every id when None) are named `pool`: a run sorts them
        once and answers each `wrong` once, however often it is asked. None
        too once the run's comparisons are spent (`suggestions_spent`).
        """
        ids = self.all_ids if candidates is None else candidates
        neighbours = self.memo(f"suggest-pool:{pool}", lambda: _Neighbours(ids))
        return self.memo(f"suggest:{pool}:{wrong}", lambda: self._suggestions.near(wrong, neighbours))

    @property
    def suggestions_spent(self) -> bool:
        """Whether this run has done all the comparing "did you mean" may do (`SUGGESTION_WORK`)."""
        return self._suggestions.spent

    @functools.cached_property
    def _suggestions(self) -> _Suggestions:
        return _Suggestions(SUGGESTION_WORK)

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


class _Neighbours:
    """A pool of ids sorted by their beginning and by their ending, to find those near an unknown one."""

    def __init__(self, candidates: Iterable[str]):
        ids = list(dict.fromkeys(candidates))
        self.forward = sorted(ids)
        self.backward = sorted(ids, key=_reversed)
        self.backward_keys = [_reversed(i) for i in self.backward]

    def around(self, wrong: str) -> list[str]:
        """The ids that sort next to `wrong`, by beginning and by ending: all of them, in a small pool."""
        if len(self.forward) <= 4 * _NEIGHBOURS:
            return self.forward
        at = bisect.bisect_left(self.forward, wrong)
        near = self.forward[max(at - _NEIGHBOURS, 0) : at + _NEIGHBOURS]
        at = bisect.bisect_left(self.backward_keys, _reversed(wrong))
        near += self.backward[max(at - _NEIGHBOURS, 0) : at + _NEIGHBOURS]
        return list(dict.fromkeys(near))


def _reversed(text: str) -> str:
    return text[::-1]


class _Suggestions:
    """The comparing "did you mean" may still do in a run, and the comparing itself."""

    def __init__(self, work: int):
        self.left = work
        self.spent = False

    def near(self, wrong: str, neighbours: _Neighbours) -> str | None:
        """The id most like `wrong` among its neighbours, as difflib's `get_close_matches` picks it.

        A ratio of at least 0.6, the greater id on a tie. None when the run's
        comparing is spent before every neighbour has been looked at.
        """
        candidates = neighbours.around(wrong)
        if not candidates:
            return None
        import difflib  # only a map with a mistake needs it: kept out of every check's start-up

        target = wrong[:_COMPARED]
        matcher = difflib.SequenceMatcher()
        matcher.set_seq2(target)
        best: tuple[float, str] | None = None
        for candidate in candidates:
            compared = candidate[:_COMPARED]
            if not self._spend(len(compared) + len(target)):  # the quick bounds: a count of characters
                return None
            matcher.set_seq1(compared)
            if matcher.real_quick_ratio() < _CUTOFF or matcher.quick_ratio() < _CUTOFF:
                continue
            if not self._spend(len(compared) * len(target)):  # the ratio itself: at worst every pair
                return None
            score = matcher.ratio()
            if score >= _CUTOFF and (best is None or (score, candidate) > best):
                best = (score, candidate)
        return None if best is None else best[1]

    def _spend(self, work: int) -> bool:
        if self.spent or work > self.left:
            self.spent = True
            return False
        self.left -= work
        return True


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
