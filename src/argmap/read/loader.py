"""Files to model: reading bytes as text, following includes across files, and which files a map may name.

A map is untrusted input (see SECURITY.md): the files it makes argmap read,
its includes and its source files, stay inside the project folder unless
`--allow-outside-root` is given, must be regular files, and are read no
further than a size limit.
"""

from __future__ import annotations

import codecs
import errno
import os
import re
from pathlib import Path
from typing import NoReturn

from argmap.diagnostics import Diagnostic
from argmap.errors import IncludeError, ParseError
from argmap.files import NotRegularFile, read_regular
from argmap.model import ArgumentMap, Ref, Source, Span
from argmap.read.parser import parse, too_large
from argmap.read.vocabulary import MAX_MAP_SIZE, SIZE_ERROR

__all__ = [
    "ENCODING_ERROR",
    "INCLUDE_ERROR",
    "MAP_FILE_ERROR",
    "MAX_MAP_SIZE",
    "MAX_SOURCE_SIZE",
    "MAX_TOTAL_SIZE",
    "SIZE_ERROR",
    "FileRefused",
    "confine",
    "decode",
    "find_maps",
    "find_project_root",
    "load",
    "merge",
    "read_source_text",
    "read_text",
    "source_path",
]

ENCODING_ERROR = "AM002"
INCLUDE_ERROR = "AM003"
# A map file that is a symbolic link out of the project, round a loop, or to no file.
MAP_FILE_ERROR = "AM005"
PROJECT_MARKERS = ("argmap.toml", "pyproject.toml", ".git")
# A map with all its includes (a generated map of 100,000 arguments is about 64 MB
# in parts); each file on its own is held to MAX_MAP_SIZE.
MAX_TOTAL_SIZE = 20 * MAX_MAP_SIZE
# A source file quotes are checked against: a long report or a book is a few MB.
MAX_SOURCE_SIZE = MAX_MAP_SIZE


_BOMS = (  # the mark, the encoding it names, and the codec that reads what follows it
    (codecs.BOM_UTF32_LE, "utf-32", "utf-32-le"),  # before UTF-16: its BOM starts with UTF-16's little-endian one
    (codecs.BOM_UTF32_BE, "utf-32", "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16", "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16", "utf-16-be"),
)


def decode(data: bytes, name: str) -> str:
    """The text of a map file: UTF-8 with or without a BOM, or UTF-16 (or UTF-32) with its BOM.

    Anything else raises a `ParseError` that names the first byte that is not
    UTF-8, by line, column and byte offset.
    """
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    else:
        for bom, encoding, codec in _BOMS:
            if data.startswith(bom):
                try:
                    return data[len(bom) :].decode(codec)
                except UnicodeDecodeError as error:
                    _encoding_error(
                        data[len(bom) :], name, error.start,
                        f"the file starts as {encoding.upper()} but is not valid {encoding.upper()}: "
                        f"bad data at byte offset {len(bom) + error.start}",
                        codec=codec,
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


def _encoding_error(
    data: bytes, name: str, offset: int, message: str, hint: str = _LATIN_HINT, codec: str = "utf-8"
) -> NoReturn:
    """Raise AM002 for the bad byte at `offset` of `data`, text in `codec` up to there.

    The place is counted as for every other diagnostic: CRLF, CR and LF each
    end a line, and a column counts characters, not bytes.
    """
    before = data[:offset].decode(codec, errors="replace")
    after = data[offset:].decode(codec, errors="replace")
    line_start = max(before.rfind("\n"), before.rfind("\r")) + 1
    line = before.count("\n") + before.count("\r") - before.count("\r\n") + 1
    column = len(before) - line_start + 1
    line_text = before[line_start:] + _LINE_END.split(after, maxsplit=1)[0]
    raise ParseError(
        Diagnostic(
            ENCODING_ERROR,
            message,
            Span(name, line, column, line, column + 1),
            name="not-utf8",
            hint=hint,
            line_text=line_text,
        )
    )


_LINE_END = re.compile(r"\r\n|\r|\n")


def read_text(path: str | Path) -> str:
    """A map file's text; `OSError` when it cannot be read, `ParseError` when it is not text or too large.

    Reads at most one byte past `MAX_MAP_SIZE`, so a huge file (or an endless
    one such as /dev/zero) costs no more than a map at the limit.
    """
    with open(path, "rb") as file:
        data = file.read(MAX_MAP_SIZE + 1)
    return _map_text(data, str(path))


def _map_text(data: bytes, name: str) -> str:
    """The text of a map file's bytes (read up to one past the limit); `ParseError` when too large or not text."""
    if len(data) > MAX_MAP_SIZE:
        start = data[:200].decode("utf-8", errors="replace")
        raise too_large(name, start, f"the file is larger than {MAX_MAP_SIZE:,} bytes")
    return decode(data, name)


# --- which files a map may make argmap read ------------------------------------------


class FileRefused(Exception):
    """A file argmap will not read.

    `reason` completes a sentence about the file ("'notes.txt' ..."); `hint` says what to do about it.
    """

    def __init__(self, reason: str, hint: str | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.hint = hint


_LOOP = "its symbolic links go round in a loop"
_OUTSIDE_HINT = "move the file into the project, or allow it with --allow-outside-root"


def find_project_root(path: Path) -> Path:
    """The nearest folder above the file `path` holding argmap.toml, pyproject.toml or .git; else its own folder.

    The file's own folder is where the search starts, not its target's: a
    map that is a symbolic link belongs to the project the link is in.
    """
    return _project_of(Path(os.path.abspath(path)).parent.resolve())


def _project_of(folder: Path) -> Path:
    """The nearest folder at or above `folder` (resolved) that holds a project marker; else `folder`."""
    for candidate in (folder, *folder.parents):
        if any((candidate / marker).exists() for marker in PROJECT_MARKERS):
            return candidate
    return folder


def confine(target: Path, project: Path, allow_outside_root: bool = False) -> Path:
    """`target` with its links resolved, when argmap may read it: inside `project`, or anywhere when allowed.

    Raises `FileNotFoundError` when nothing is there, and `FileRefused` for a
    link loop or a path that (links followed) leads outside the project.
    Whether it is a regular file is judged on the open file (`read_regular`).
    """
    try:
        resolved = target.resolve(strict=True)
    except FileNotFoundError:
        if os.path.lexists(target) and _opens(target):
            # A link with no name at its end: /dev/stdin or /proc/self/fd/N on a pipe, a socket, a deleted file.
            raise FileRefused("is not a regular file (a pipe, a device or a socket)") from None
        raise
    except RuntimeError:  # how Python before 3.13 reports a loop
        raise FileRefused(f"cannot be opened: {_LOOP}") from None
    except OSError as error:
        raise FileRefused(f"cannot be opened: {_LOOP if error.errno == errno.ELOOP else _reason(error)}") from None
    if not allow_outside_root and not resolved.is_relative_to(project):
        raise FileRefused(f"is outside the project folder {project}", _OUTSIDE_HINT)
    return resolved


def _opens(path: Path) -> bool:
    try:
        os.stat(path)
    except OSError:
        return False
    return True


def source_path(source: Source) -> Path | None:
    """Where a source's `file` is: relative to the `.arg` file that declares the source."""
    if source.file is None:
        return None
    return Path(source.span.file).parent / source.file


def read_source_text(resolved: Path) -> str:
    """The text of a source file that `confine` let through, read with no more than `MAX_SOURCE_SIZE` bytes.

    Decoded leniently, since quotes are compared with it, not parsed. Raises
    `FileRefused` for a file past the limit or not a regular file (a pipe, a
    device: nothing is read from either), `IsADirectoryError` for a folder and
    `OSError` when it cannot be read.
    """
    try:
        data = read_regular(resolved, MAX_SOURCE_SIZE, follow_links=False)
    except NotRegularFile:
        raise FileRefused("is not a regular file (a pipe, a device or a socket)", "name a text file") from None
    if len(data) > MAX_SOURCE_SIZE:
        raise FileRefused(
            f"is larger than {MAX_SOURCE_SIZE:,} bytes, the most argmap reads of a source",
            "save the part the map quotes as a file of its own",
        )
    return data.decode("utf-8", errors="replace").removeprefix("\ufeff")


# --- loading a map and its includes ---------------------------------------------------


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
    `find_project_root`) unless `allow_outside_root` is set, and so must the
    map itself when it is a symbolic link. Every diagnostic points into the
    file where the problem was written.
    """
    top = Path(path)
    project = Path(root).resolve() if root is not None else find_project_root(top)
    top_resolved, top_text = _read_top(top, project, allow_outside_root)
    total_size = len(top_text)
    first = parse(top_text, str(path))
    maps: list[ArgumentMap] = [first]
    seen: set[Path] = {top_resolved}
    # Depth-first, iterative so a long chain of includes cannot exhaust the stack.
    # Each frame: (resolved file, its map, index of the next include to follow).
    stack: list[tuple[Path, ArgumentMap, int]] = [(top_resolved, first, 0)]
    # The files of the stack, in its order: finding a cycle is one lookup, not a walk of the chain.
    open_files: dict[Path, None] = {top_resolved: None}
    while stack:
        current, current_map, index = stack[-1]
        if index >= len(current_map.includes):
            stack.pop()
            del open_files[current]
            continue
        stack[-1] = (current, current_map, index + 1)
        ref = current_map.includes[index]
        resolved = _include_target(ref, project, allow_outside_root)
        if resolved in open_files:
            raise _cycle_error(ref, list(open_files), resolved)
        if resolved in seen:
            continue
        name = os.path.normpath(Path(ref.span.file).parent / ref.id)
        text = _read_include(ref, resolved, name)
        total_size += len(text)
        if total_size > MAX_TOTAL_SIZE:
            raise _too_large_with(ref, _shorten_path(ref.id))
        included = parse(text, name)
        seen.add(resolved)
        maps.append(included)
        stack.append((resolved, included, 0))
        open_files[resolved] = None
    return merge(maps)


def _cycle_error(ref: Ref, chain: list[Path], resolved: Path) -> IncludeError:
    """An include of `resolved`, a file still being read (`chain`, outermost first): the cycle spelled out."""
    loop = " -> ".join(_shown(p) for p in [*chain[chain.index(resolved) :], resolved])
    what = "includes itself" if resolved == chain[-1] else "is part of an include cycle"
    return _include_error(ref, f"'{_shorten_path(ref.id)}' {what}: {loop}", "remove one of the includes in the cycle")


def _read_top(top: Path, project: Path, allow_outside_root: bool) -> tuple[Path, str]:
    """The map file named on the command line, resolved, and its text.

    A file named directly is read as it is. A symbolic link (as a folder scan
    finds them, or as a pull request may add one) is followed only inside the
    project, and only to a regular file: reported at the link (AM005) otherwise,
    without reading the file it points to.
    """
    if not top.is_symlink():
        return top.resolve(), read_text(top)
    try:
        resolved = confine(top, project, allow_outside_root)
        return resolved, _map_text(read_regular(resolved, MAX_MAP_SIZE, follow_links=False), str(top))
    except FileNotFoundError:
        raise _map_file_error(top, "is a symbolic link to a file that does not exist") from None
    except FileRefused as refusal:
        raise _map_file_error(top, f"is a symbolic link to a file that {refusal.reason}", refusal.hint) from None
    except IsADirectoryError:
        raise _map_file_error(top, "is a symbolic link to a folder") from None
    except NotRegularFile:
        raise _map_file_error(top, "is a symbolic link to something that is not a regular file") from None


def _map_file_error(top: Path, what: str, hint: str | None = None) -> IncludeError:
    message = f"map file '{_shorten_path(str(top))}' {what}; argmap does not follow it"
    # The line is given (empty) so that no report goes to read it from the file the link points to.
    return IncludeError(Diagnostic(MAP_FILE_ERROR, message, Span(str(top), 1, 1, 1, 1), name="refused-map-file",
                                   hint=hint or "replace the link with the map file itself", line_text=""))  # fmt: skip


def _include_target(ref: Ref, project: Path, allow_outside_root: bool) -> Path:
    """The file an include names, resolved, if it may be read; an `IncludeError` at the include otherwise."""
    if not ref.id.strip():
        raise _include_error(ref, "an include needs a file name", 'write it as: include "arms.arg"')
    target = Path(ref.span.file).parent / ref.id
    shown = _shorten_path(ref.id)
    try:
        return confine(target, project, allow_outside_root)
    except FileNotFoundError:
        raise _include_error(ref, f"included file '{shown}' does not exist", f"looked for {target}") from None
    except FileRefused as refusal:
        raise _include_error(ref, f"included file '{shown}' {refusal.reason}", refusal.hint) from None


def _read_include(ref: Ref, resolved: Path, name: str) -> str:
    """An included file's text, read from its resolved path; an `IncludeError` at the include when it cannot be."""
    shown = _shorten_path(ref.id)
    try:
        # Links are already resolved: a link put in their place since would not be followed.
        data = read_regular(resolved, MAX_MAP_SIZE, follow_links=False)
    except IsADirectoryError:
        raise _include_error(ref, f"'{shown}' is a folder, not a map file", "include .arg files one by one") from None
    except NotRegularFile:
        # A pipe or a device could block the read forever, or never end: it is not even opened for long.
        raise _include_error(ref, f"'{shown}' is not a regular file (a pipe, a device or a socket)") from None
    except OSError as error:
        raise _include_error(ref, f"included file '{shown}' cannot be read: {_reason(error)}") from None
    return _map_text(data, name)


# --- the maps in a folder --------------------------------------------------------------


def find_maps(paths: list[str | Path] | tuple[str | Path, ...]) -> list[Path]:
    """The maps to work on: files as given, and for each folder its top-level maps.

    A folder's top-level maps are the `.arg` files below it that no other
    `.arg` file there includes, so a map split over several files is taken
    once, through its index, and never file by file. Sorted for a stable order.
    Symbolic links to folders are not followed; a symbolic link named `.arg`
    is listed but read only when it leads to a file inside the project, so
    that loading it reports a link out of the project or round a loop.
    """
    found: list[Path] = []
    for given in paths:
        path = Path(given)
        found.extend(_top_level_maps(path) if path.is_dir() else [path])
    return found


def _top_level_maps(folder: Path) -> list[Path]:
    project = _project_of(folder.resolve())
    files = sorted(p for p in folder.rglob("*.arg") if p.is_symlink() or p.is_file())
    where = {file: _resolved(file) for file in files}
    includes: dict[Path, list[Path]] = {}
    for file in files:
        text = _scanned_text(file, project)
        if text is not None:
            includes[where[file]] = [_resolved(file.parent / m.group(1)) for m in _INCLUDE_LINE.finditer(text)]
    included = {target for targets in includes.values() for target in targets}
    tops = [f for f in files if where[f] not in included]
    # Files that only include each other in a circle have no top; take the
    # first of each circle, so the cycle is reported rather than skipped.
    reached = _reachable([where[f] for f in tops], includes)
    for file in files:
        if where[file] not in reached:
            tops.append(file)
            reached |= _reachable([where[file]], includes)
    return sorted(tops)


def _scanned_text(file: Path, project: Path) -> str | None:
    """A map file's text, to find its includes; None for a file not to read or that cannot be (loading says why)."""
    try:
        resolved = confine(file, project)
        return _map_text(read_regular(resolved, MAX_MAP_SIZE, follow_links=False), str(file))
    except (OSError, FileRefused, ParseError):
        return None


def _resolved(path: Path) -> Path:
    """`path` with its links resolved as far as they go; a loop leaves it as written (made absolute)."""
    try:
        return path.resolve()
    except (OSError, RuntimeError):
        return Path(os.path.abspath(path))


def _reachable(starts: list[Path], includes: dict[Path, list[Path]]) -> set[Path]:
    seen = set(starts)
    todo = list(starts)
    while todo:
        for target in includes.get(todo.pop(), ()):
            if target not in seen:
                seen.add(target)
                todo.append(target)
    return seen


# Blanks, not `\s`: `\s*` would run over every blank line after each line start, and back.
_INCLUDE_LINE = re.compile(r'^[^\S\n]*include\s+"([^"\n]*)"', re.MULTILINE)


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
        hypotheses=tuple(x for m in maps for x in m.hypotheses),
        cell_overrides=tuple(x for m in maps for x in m.cell_overrides),
        preferences=tuple(x for m in maps for x in m.preferences),
    )
