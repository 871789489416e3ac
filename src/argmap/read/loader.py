"""Files to model: reading bytes as text, and following includes across files."""

from __future__ import annotations

import codecs
import os
import re
from pathlib import Path
from typing import NoReturn

from argmap.diagnostics import Diagnostic
from argmap.errors import IncludeError, ParseError
from argmap.model import ArgumentMap, Ref, Span
from argmap.read.parser import parse, too_large
from argmap.read.vocabulary import MAX_MAP_SIZE, SIZE_ERROR

__all__ = [
    "ENCODING_ERROR",
    "INCLUDE_ERROR",
    "MAX_MAP_SIZE",
    "MAX_TOTAL_SIZE",
    "SIZE_ERROR",
    "decode",
    "find_maps",
    "find_project_root",
    "load",
    "merge",
    "read_text",
]

ENCODING_ERROR = "AM002"
INCLUDE_ERROR = "AM003"
PROJECT_MARKERS = ("argmap.toml", "pyproject.toml", ".git")
# A map with all its includes (a generated map of 100,000 arguments is about 64 MB
# in parts); each file on its own is held to MAX_MAP_SIZE.
MAX_TOTAL_SIZE = 20 * MAX_MAP_SIZE


_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),  # before UTF-16: its BOM starts with UTF-16's little-endian one
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def decode(data: bytes, name: str) -> str:
    """The text of a map file: UTF-8 with or without a BOM, or UTF-16 (or UTF-32) with its BOM.

    Anything else raises a `ParseError` that names the first byte that is not
    UTF-8, by line, column and byte offset.
    """
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    else:
        for bom, encoding in _BOMS:
            if data.startswith(bom):
                try:
                    return data.decode(encoding)
                except UnicodeDecodeError as error:
                    _encoding_error(
                        data, name, error.start,
                        f"the file starts as {encoding.upper()} but is not valid {encoding.upper()}: "
                        f"bad data at byte offset {error.start}",
                    )  # fmt: skip
    if _looks_like_utf16(data):
        _encoding_error(
            data, name, data.index(0),
            "the file looks like UTF-16 without a byte order mark; argmap reads UTF-8, or UTF-16 with its mark",
            hint="save the file as UTF-8",
        )  # fmt: skip
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        byte = data[error.start]
        _encoding_error(
            data, name, error.start,
            f"the file is not UTF-8 text: byte 0x{byte:02X} at byte offset {error.start} is not valid UTF-8",
        )  # fmt: skip


def _looks_like_utf16(data: bytes) -> bool:
    """Every other byte of the start is NUL: ASCII text saved as UTF-16 with no BOM."""
    head = data[:64]
    return len(head) >= 4 and (head[1::2].count(0) == len(head[1::2]) or head[0::2].count(0) == len(head[0::2]))


_LATIN_HINT = "save the file as UTF-8 (files written as Latin-1 or Windows-1252 are the usual cause)"


def _encoding_error(data: bytes, name: str, offset: int, message: str, hint: str = _LATIN_HINT) -> NoReturn:
    line_start = data.rfind(b"\n", 0, offset) + 1
    line = data.count(b"\n", 0, offset) + 1
    column = len(data[line_start:offset].decode("utf-8", errors="replace")) + 1
    line_end = data.find(b"\n", offset)
    line_text = data[line_start : line_end if line_end >= 0 else len(data)].decode("utf-8", errors="replace")
    raise ParseError(
        Diagnostic(
            ENCODING_ERROR,
            message,
            Span(name, line, column, line, column + 1),
            name="not-utf8",
            hint=hint,
            line_text=line_text.rstrip("\r"),
        )
    )


def read_text(path: str | Path) -> str:
    """A map file's text; `OSError` when it cannot be read, `ParseError` when it is not text or too large.

    Reads at most one byte past `MAX_MAP_SIZE`, so a huge file (or an endless
    one such as /dev/zero) costs no more than a map at the limit.
    """
    name = str(path)
    with open(path, "rb") as file:
        data = file.read(MAX_MAP_SIZE + 1)
    if len(data) > MAX_MAP_SIZE:
        start = data[:200].decode("utf-8", errors="replace")
        raise too_large(name, start, f"the file is larger than {MAX_MAP_SIZE:,} bytes")
    return decode(data, name)


def find_project_root(path: Path) -> Path:
    """The nearest folder above `path` holding argmap.toml, pyproject.toml or .git; else its own folder."""
    start = path.resolve().parent
    for folder in (start, *start.parents):
        if any((folder / marker).exists() for marker in PROJECT_MARKERS):
            return folder
    return start


def _include_error(ref: Ref, message: str, hint: str | None = None) -> IncludeError:
    return IncludeError(Diagnostic(INCLUDE_ERROR, message, ref.span, name="bad-include", hint=hint))


def _too_large_with(ref: Ref, shown: str) -> IncludeError:
    message = f"with '{shown}' the map and its includes pass {MAX_TOTAL_SIZE:,} characters, the most argmap reads"
    return IncludeError(Diagnostic(SIZE_ERROR, message, ref.span, name="too-large",
                                   hint="split it into maps that are checked and drawn on their own"))  # fmt: skip


def load(path: str | Path, *, root: str | Path | None = None, allow_outside_root: bool = False) -> ArgumentMap:
    """Parse a map file and every file it includes into one map.

    Include paths are relative to the including file. Each file is read once
    however often it is included; an include that leads back to a file still
    being read is a cycle. Includes must stay inside the project root (see
    `find_project_root`) unless `allow_outside_root` is set. Every diagnostic
    points into the file where the problem was written.
    """
    top = Path(path)
    project = Path(root).resolve() if root is not None else find_project_root(top)
    maps: list[ArgumentMap] = []
    seen: set[Path] = set()
    # Depth-first, iterative so a long chain of includes cannot exhaust the stack.
    # Each frame: (resolved file, its map, index of the next include to follow).
    top_text = read_text(top)
    total_size = len(top_text)
    first = parse(top_text, str(path))
    top_resolved = top.resolve()
    seen.add(top_resolved)
    maps.append(first)
    stack: list[tuple[Path, ArgumentMap, int]] = [(top_resolved, first, 0)]
    while stack:
        current, current_map, index = stack.pop()
        if index >= len(current_map.includes):
            continue
        stack.append((current, current_map, index + 1))
        ref = current_map.includes[index]
        if not ref.id.strip():
            raise _include_error(ref, "an include needs a file name", 'write it as: include "arms.arg"')
        target = Path(ref.span.file).parent / ref.id
        shown = _shorten_path(ref.id)
        try:
            resolved = target.resolve(strict=True)
        except FileNotFoundError:
            raise _include_error(ref, f"included file '{shown}' does not exist", f"looked for {target}") from None
        except (OSError, RuntimeError) as error:
            raise _include_error(ref, f"included file '{shown}' cannot be opened: {_reason(error)}") from None
        chain = [frame[0] for frame in stack]
        if resolved in chain:
            loop = " -> ".join(_shown(p) for p in [*chain[chain.index(resolved) :], resolved])
            what = "includes itself" if resolved == current else "is part of an include cycle"
            raise _include_error(ref, f"'{shown}' {what}: {loop}", "remove one of the includes in the cycle")
        if resolved in seen:
            continue
        if resolved.is_dir():
            raise _include_error(ref, f"'{shown}' is a folder, not a map file", "include .arg files one by one")
        if not resolved.is_file():
            # A pipe or a device could block the read forever, or never end.
            raise _include_error(ref, f"'{shown}' is not a regular file (a pipe, a device or a socket)")
        if not allow_outside_root and not resolved.is_relative_to(project):
            raise _include_error(
                ref,
                f"'{shown}' is outside the project folder {project}",
                "move the file into the project, or allow it with --allow-outside-root",
            )
        name = os.path.normpath(target)
        try:
            text = read_text(name)
        except OSError as error:
            raise _include_error(ref, f"included file '{shown}' cannot be read: {_reason(error)}") from None
        total_size += len(text)
        if total_size > MAX_TOTAL_SIZE:
            raise _too_large_with(ref, shown)
        included = parse(text, name)
        seen.add(resolved)
        maps.append(included)
        stack.append((resolved, included, 0))
    return merge(maps)


def find_maps(paths: list[str | Path] | tuple[str | Path, ...]) -> list[Path]:
    """The maps to work on: files as given, and for each folder its top-level maps.

    A folder's top-level maps are the `.arg` files below it that no other
    `.arg` file there includes, so a map split over several files is taken
    once, through its index, and never file by file. Sorted for a stable order.
    """
    found: list[Path] = []
    for given in paths:
        path = Path(given)
        if not path.is_dir():
            found.append(path)
            continue
        files = sorted(p for p in path.rglob("*.arg") if p.is_file())
        includes: dict[Path, list[Path]] = {}
        for file in files:
            try:
                text = read_text(file)
            except (OSError, ParseError):
                continue  # reported when the file itself is loaded
            includes[file.resolve()] = [(file.parent / m.group(1)).resolve() for m in _INCLUDE_LINE.finditer(text)]
        included = {target for targets in includes.values() for target in targets}
        tops = [f for f in files if f.resolve() not in included]
        # Files that only include each other in a circle have no top; take the
        # first of each circle, so the cycle is reported rather than skipped.
        reached = _reachable([f.resolve() for f in tops], includes)
        for file in files:
            if file.resolve() not in reached:
                tops.append(file)
                reached |= _reachable([file.resolve()], includes)
        found.extend(sorted(tops))
    return found


def _reachable(starts: list[Path], includes: dict[Path, list[Path]]) -> set[Path]:
    seen = set(starts)
    todo = list(starts)
    while todo:
        for target in includes.get(todo.pop(), ()):
            if target not in seen:
                seen.add(target)
                todo.append(target)
    return seen


_INCLUDE_LINE = re.compile(r'^\s*include\s+"([^"\n]*)"', re.MULTILINE)


def _shorten_path(written: str, most: int = 60) -> str:
    return written if len(written) <= most else "..." + written[3 - most :]


def _reason(error: BaseException) -> str:
    return getattr(error, "strerror", None) or str(error)


def _shown(path: Path) -> str:
    try:
        return os.path.relpath(path)
    except ValueError:
        return str(path)


def merge(maps: list[ArgumentMap]) -> ArgumentMap:
    """One map holding everything the given maps say, in order; the first title wins."""
    if len(maps) == 1:
        return maps[0]
    return ArgumentMap(
        title=next((m.title for m in maps if m.title is not None), None),
        files=tuple(f for m in maps for f in m.files),
        includes=tuple(i for m in maps for i in m.includes),
        sources=tuple(x for m in maps for x in m.sources),
        actors=tuple(x for m in maps for x in m.actors),
        claims=tuple(x for m in maps for x in m.claims),
        arguments=tuple(x for m in maps for x in m.arguments),
        supports=tuple(x for m in maps for x in m.supports),
        attacks=tuple(x for m in maps for x in m.attacks),
        contradictions=tuple(x for m in maps for x in m.contradictions),
        acknowledgements=tuple(x for m in maps for x in m.acknowledgements),
        expectations=tuple(x for m in maps for x in m.expectations),
    )
