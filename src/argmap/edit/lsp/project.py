"""The files of a project as the editor sees them: which map a file belongs to, and reading that map.

An editor holds unsaved texts; they stand in for the files on disk. Every
other file is read as `argmap check` reads it: inside the project folder
only, a regular file only, never past `MAX_MAP_SIZE` (SECURITY.md). A file
that is part of a split map is checked through the map that includes it:
the map that includes it and is included by nothing, nearest to it.
"""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path

import attrs

from argmap.diagnostics import Diagnostic
from argmap.errors import MapError, ParseError
from argmap.files import NotRegularFile, read_regular
from argmap.model import ArgumentMap, Ref, Span
from argmap.read.loader import INCLUDE_ERROR, MAX_TOTAL_SIZE, FileRefused, confine, decode, merge
from argmap.read.parser import parse, too_large
from argmap.read.vocabulary import MAX_MAP_SIZE, SYNTAX_ERROR

__all__ = ["IncludeGraph", "Loaded", "MapReader", "read_map_text"]

logger = logging.getLogger("argmap.lsp")

# A workspace is searched for the maps that include a file; past this many `.arg` files or
# folders, no further (a map saved in a home folder with no project marker has all of it as its project).
MAX_SCANNED_FILES = 5_000
MAX_SCANNED_FOLDERS = 5_000
# Folders no map lives in: the search for including maps skips them.
_SKIPPED_FOLDERS = frozenset({"node_modules", "__pycache__", "venv", "site-packages"})
# Blanks, not `\s`: `\s*` would run over every blank line after each line start, and back.
_INCLUDE_LINE = re.compile(r'^[^\S\n]*include\s+"([^"\n]*)"', re.MULTILINE)


def read_map_text(path: Path, project: Path, opened: Mapping[Path, str]) -> str:
    """The text of a map file: the editor's when it holds the file, else the file's, read as `check` reads it.

    Raises `ParseError` for a text too large or not UTF-8, `FileRefused` for a
    file outside `project` or round a loop, `OSError` for one that cannot be read.
    """
    if path in opened:
        text = opened[path]
        if len(text) > MAX_MAP_SIZE // 4 and len(text.encode("utf-8", "surrogatepass")) > MAX_MAP_SIZE:
            raise too_large(str(path), text[:200], f"the file is larger than {MAX_MAP_SIZE:,} bytes")
        return text
    resolved = confine(path, project)
    try:
        data = read_regular(resolved, MAX_MAP_SIZE, follow_links=False)
    except NotRegularFile:
        raise FileRefused("is not a regular file (a pipe, a device or a socket)") from None
    if len(data) > MAX_MAP_SIZE:
        start = data[:200].decode("utf-8", "replace")
        raise too_large(str(path), start, f"the file is larger than {MAX_MAP_SIZE:,} bytes")
    return decode(data, str(path))


@attrs.frozen
class Loaded:
    """A map read with its includes: each file's text and model, what could not be read, and the map when all could.

    `parsed` holds, for a file that does not parse now, the last model it
    gave, so that going to a definition still works while the user types;
    `map` is None whenever `errors` is not empty, since checking a map with a
    file missing would report every id that file defines as undefined.
    """

    top: Path
    files: tuple[Path, ...]
    texts: Mapping[Path, str]
    parsed: Mapping[Path, ArgumentMap]
    errors: tuple[Diagnostic, ...]
    map: ArgumentMap | None

    def navigation_map(self) -> ArgumentMap:
        """Everything the files say, the last good model standing in for a file that does not parse."""
        return merge([self.parsed[f] for f in self.files if f in self.parsed] or [ArgumentMap()])


class MapReader:
    """Reads maps with the editor's texts in place of the files, remembering each file's model.

    A file whose text has not changed is not parsed again: typing in one file
    of a split map parses that file only.
    """

    def __init__(self) -> None:
        self._models: dict[Path, tuple[str, ArgumentMap | MapError]] = {}
        self._last_good: dict[Path, ArgumentMap] = {}

    def _parse(self, path: Path, text: str) -> ArgumentMap | MapError:
        known = self._models.get(path)
        if known is not None and known[0] == text:
            return known[1]
        result: ArgumentMap | MapError
        try:
            result = parse(text, str(path))
        except MapError as error:
            result = error
        except Exception as error:  # a fault of the reader on this text: said where the user looks, not fatal
            logger.exception("argmap: reading %s failed", path)
            result = ParseError(Diagnostic(SYNTAX_ERROR, f"argmap could not read this file: {type(error).__name__}: "
                                           f"{error}", Span(str(path), 1, 1, 1, 1), name="syntax-error"))  # fmt: skip
        else:
            self._last_good[path] = result
        self._models[path] = (text, result)
        return result

    def load(self, top: Path, project: Path, opened: Mapping[Path, str]) -> Loaded:
        """The map `top` with every file it includes, `opened` standing in for files on disk."""
        files: list[Path] = []
        texts: dict[Path, str] = {}
        parsed: dict[Path, ArgumentMap] = {}
        errors: list[Diagnostic] = []
        total = 0

        def visit(path: Path, ref: Ref | None) -> ArgumentMap | None:
            nonlocal total
            try:
                text = read_map_text(path, project, opened)
            except MapError as error:
                errors.extend(error.diagnostics)
                return None
            except FileRefused as refusal:
                errors.extend(_at(ref, f"'{_shown(ref)}' {refusal.reason}", refusal.hint) if ref else [])
                return None
            except IsADirectoryError:
                errors.extend(_at(ref, f"'{_shown(ref)}' is a folder, not a map file") if ref else [])
                return None
            except OSError as error:
                what = "does not exist" if isinstance(error, FileNotFoundError) else f"cannot be read: {error.strerror}"
                errors.extend(_at(ref, f"included file '{_shown(ref)}' {what}") if ref else [])
                return None
            total += len(text)
            if total > MAX_TOTAL_SIZE and ref is not None:
                errors.extend(_at(ref, f"with '{_shown(ref)}' the map passes {MAX_TOTAL_SIZE:,} characters"))
                return None
            files.append(path)
            texts[path] = text
            model = self._parse(path, text)
            if isinstance(model, MapError):
                errors.extend(_all_diagnostics(model))
                last = self._last_good.get(path)
                if last is not None:
                    parsed[path] = last
                return last
            parsed[path] = model
            return model

        top_model = visit(top, None)
        # Depth-first, iteratively, as `argmap.read.loader.load` does: (file, its model, next include).
        stack: list[tuple[Path, ArgumentMap, int]] = [(top, top_model, 0)] if top_model is not None else []
        open_files: dict[Path, None] = {top: None}
        seen = {top}
        while stack:
            current, model, index = stack[-1]
            if index >= len(model.includes):
                stack.pop()
                open_files.pop(current, None)
                continue
            stack[-1] = (current, model, index + 1)
            ref = model.includes[index]
            target = _resolved(current.parent / ref.id)
            if target in open_files:
                errors.extend(_at(ref, f"'{_shown(ref)}' is part of an include cycle", "remove one of the includes"))
                continue
            if target in seen:
                continue
            seen.add(target)
            included = visit(target, ref)
            if included is not None:
                stack.append((target, included, 0))
                open_files[target] = None
        unique = tuple(dict.fromkeys(errors))
        whole = None if unique else merge([parsed[f] for f in files])
        return Loaded(top, tuple(files), texts, parsed, unique, whole)

    def forget(self, path: Path) -> None:
        """Drop what is remembered of a file (closed, or deleted)."""
        self._models.pop(path, None)


def _all_diagnostics(error: MapError) -> list[Diagnostic]:
    """Every diagnostic a parse error carries: its own, and those of each error in `errors` when it lists them."""
    found = list(error.diagnostics)
    for each in getattr(error, "errors", None) or ():
        if isinstance(each, Diagnostic):
            found.append(each)
        elif isinstance(each, MapError):
            found.extend(each.diagnostics)
    return list(dict.fromkeys(found))


def _at(ref: Ref | None, message: str, hint: str | None = None) -> list[Diagnostic]:
    if ref is None:
        return []
    return [Diagnostic(INCLUDE_ERROR, message, ref.span, name="bad-include", hint=hint)]


def _shown(ref: Ref | None) -> str:
    written = ref.id if ref is not None else ""
    return written if len(written) <= 60 else "..." + written[-57:]


def _resolved(path: Path) -> Path:
    try:
        return path.resolve()
    except (OSError, RuntimeError):
        return Path(os.path.abspath(path))


class IncludeGraph:
    """Which `.arg` files include which, below a folder: to find the map a file belongs to.

    Built on first use, at most `MAX_SCANNED_FILES` files, each read as a map
    file is (or taken from the editor); `forget` drops it after a change to
    anyone's includes.
    """

    def __init__(self, root: Path, texts: Callable[[], Mapping[Path, str]]) -> None:
        self.root = root
        self._texts = texts
        self._includes: dict[Path, list[Path]] | None = None

    def forget(self) -> None:
        """Scan again next time: a file was added, removed, or its includes changed."""
        self._includes = None

    def _graph(self) -> dict[Path, list[Path]]:
        if self._includes is None:
            opened = self._texts()
            includes: dict[Path, list[Path]] = {}
            for path in _arg_files(self.root):
                try:
                    text = read_map_text(path, self.root, opened)
                except (MapError, FileRefused, OSError):
                    continue
                includes[path] = [_resolved(path.parent / m.group(1)) for m in _INCLUDE_LINE.finditer(text)]
            for path, text in opened.items():  # opened, not yet saved
                if path.is_relative_to(self.root) and path not in includes:
                    includes[path] = [_resolved(path.parent / m.group(1)) for m in _INCLUDE_LINE.finditer(text)]
            self._includes = includes
        return self._includes

    def reached_from(self, top: Path) -> set[Path]:
        """The files a map reaches through its includes, itself among them, as last scanned."""
        return _reachable(top, self._graph())

    def map_of(self, path: Path) -> Path:
        """The map `path` is checked through: the nearest file included by nothing that reaches it, else itself."""
        graph = self._graph()
        included = {target for targets in graph.values() for target in targets}
        if path not in included:
            return path
        tops = [top for top in graph if top not in included and path in _reachable(top, graph)]
        if not tops:
            return path  # only a circle of includes reaches it: the file itself shows the cycle
        return min(tops, key=lambda top: (_distance(top, path), str(top)))


def _distance(top: Path, path: Path) -> int:
    """How far apart two files' folders are, in folders up and down."""
    common = Path(os.path.commonpath([top.parent, path.parent]))
    return len(top.parent.relative_to(common).parts) + len(path.parent.relative_to(common).parts)


def _reachable(start: Path, graph: Mapping[Path, list[Path]]) -> set[Path]:
    seen = {start}
    todo = [start]
    while todo:
        for target in graph.get(todo.pop(), ()):
            if target not in seen:
                seen.add(target)
                todo.append(target)
    return seen


def _arg_files(root: Path) -> Iterator[Path]:
    """The `.arg` files below `root`, not in hidden or tool folders, never following a link to a folder; bounded."""
    count = 0
    for folders, (folder, subfolders, names) in enumerate(os.walk(root), start=1):
        if folders > MAX_SCANNED_FOLDERS:
            return
        subfolders[:] = sorted(d for d in subfolders if not d.startswith(".") and d not in _SKIPPED_FOLDERS)
        for name in sorted(names):
            if name.endswith(".arg"):
                count += 1
                if count > MAX_SCANNED_FILES:
                    return
                yield _resolved(Path(folder) / name)
