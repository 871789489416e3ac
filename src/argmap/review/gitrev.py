"""A map as it was at a git revision, read through git itself: `argmap diff --git REV`.

Git is run with argument lists, never a shell, each run within a time limit
and its output read no further than a size limit. The revision's `.arg` files
are copied (as git stores them, with no filters or conversions) into a
temporary folder that stands for the repository, and the map is loaded from
there: its includes are followed inside that revision and, like the source
files its quotes are checked against, confined to the repository. A symbolic
link or a submodule of the revision is not copied, so nothing it points to
is read.
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import tempfile
import threading
from collections.abc import Callable, Iterator
from pathlib import Path, PurePosixPath

import attrs

from argmap.edit.migrate import migrate_text
from argmap.errors import MapError, UsageError
from argmap.files import write_atomic
from argmap.model import ArgumentMap
from argmap.read.loader import MAX_SOURCE_SIZE, MAX_TOTAL_SIZE, load
from argmap.read.vocabulary import MAX_MAP_SIZE

__all__ = ["GIT_TIMEOUT", "GitError", "OldMap", "OldMapUnreadable", "map_at_revision"]

# Each run of git: seconds, and bytes of output read (a listing of a large repository is a few MB).
GIT_TIMEOUT = 60.0
LISTING_LIMIT = 64 * 1024 * 1024
_REGULAR_MODES = (b"100644", b"100755")


class GitError(UsageError):
    """Git could not give what `diff --git` asked for: no repository, an unknown revision, git missing."""


class OldMapUnreadable(GitError):
    """The map at the revision is not a map argmap can read; `report` says why, as `argmap check` would."""

    def __init__(self, message: str, report: str) -> None:
        super().__init__(message)
        self.report = report


@attrs.frozen
class OldMap:
    """The map at the revision (None when the file did not exist there), its name, and how to name its files."""

    map: ArgumentMap | None
    name: str
    # Writes the copy's file names (in messages, in places) as `REV:path`, as the repository names them.
    rename: Callable[[str], str]


def _git(folder: Path, args: list[str], limit: int, timeout: float = GIT_TIMEOUT) -> bytes:
    """What `git ARGS` run in `folder` prints, read to at most `limit` bytes within `timeout` seconds."""
    env = {**os.environ, "GIT_TERMINAL_PROMPT": "0", "LC_ALL": "C", "GIT_PAGER": "cat", "GIT_OPTIONAL_LOCKS": "0"}
    argv = ["git", "-c", "core.fsmonitor=false", "-C", str(folder), *args]
    try:
        process = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                   env=env)  # fmt: skip
    except FileNotFoundError:
        raise GitError("git is not installed, or not on PATH: --git needs it") from None
    expired = threading.Event()

    def stop() -> None:
        expired.set()
        process.kill()

    timer = threading.Timer(timeout, stop)
    timer.start()
    try:
        assert process.stdout is not None and process.stderr is not None
        chunks, size = [], 0
        while chunk := os.read(process.stdout.fileno(), 1 << 16):
            size += len(chunk)
            if size > limit:
                process.kill()
                raise GitError(f"git {args[0]} printed more than {limit:,} bytes; argmap reads no more")
            chunks.append(chunk)
        errors = process.stderr.read(1 << 16)
        status = process.wait()
    finally:
        timer.cancel()
        timer.join()  # gone before the checks look for other threads (they fork only without any)
        if process.poll() is None:
            process.kill()
            process.wait()
        if process.stdout is not None:
            process.stdout.close()
        if process.stderr is not None:
            process.stderr.close()
    if expired.is_set():
        raise GitError(f"git {args[0]} took longer than {timeout:g} seconds")
    if status != 0:
        message = errors.decode("utf-8", "replace").strip().splitlines()
        raise GitError(f"git {args[0]} failed: {message[-1] if message else f'exit status {status}'}")
    return b"".join(chunks)


def _revision(folder: Path, revision: str) -> str:
    """The commit `revision` names, as its full hash; a usage error for anything else."""
    if not revision or revision.startswith("-") or "\x00" in revision:
        raise GitError(f"'{revision}' is not a git revision")
    try:
        out = _git(folder, ["rev-parse", "--verify", "--quiet", "--end-of-options", f"{revision}^{{commit}}"], 4096)
    except GitError:
        raise GitError(f"'{revision}' names no commit in this repository") from None
    return out.decode("ascii", "replace").strip()


def _listing(top: Path, commit: str) -> dict[str, tuple[str, int]]:
    """Every regular file of the commit: its path from the repository's top, to its blob and size."""
    out = _git(top, ["ls-tree", "-r", "-l", "-z", "--full-tree", commit], LISTING_LIMIT)
    files: dict[str, tuple[str, int]] = {}
    for entry in out.split(b"\0"):
        if not entry:
            continue
        head, _, path = entry.partition(b"\t")
        mode, kind, blob, size = head.split()
        if kind == b"blob" and mode in _REGULAR_MODES:
            files[os.fsdecode(path)] = (blob.decode("ascii"), int(size))
    return files


def _copy(top: Path, listing: dict[str, tuple[str, int]], path: str, into: Path, limit: int) -> bool:
    """Copy one file of the revision into the stand-in folder; False when it is not there or too large."""
    found = listing.get(path)
    if found is None or found[1] > limit:
        return False
    blob, size = found
    data = _git(top, ["cat-file", "blob", blob], size)
    if path.endswith(".arg"):
        data = _current_spelling(data)
    target = into / path
    target.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(target, data)
    return True


def _current_spelling(data: bytes) -> bytes:
    """A map file of the revision in today's spelling (`argmap fmt --fix`), so history from before a
    change of spelling still reads; the rewrites keep every line and column where they were."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return data  # the reader reports it, at its place
    return migrate_text(text).encode("utf-8")


def _inside(path: str) -> str | None:
    """A path from the repository's top with `..` worked out; None when it leaves the repository."""
    parts: list[str] = []
    for part in PurePosixPath(path).parts:
        if part in ("", "."):
            continue
        if part == "..":
            if not parts:
                return None
            parts.pop()
        else:
            parts.append(part)
    return "/".join(parts) if parts else None


@contextlib.contextmanager
def map_at_revision(revision: str, map_path: Path) -> Iterator[OldMap]:
    """The map at `map_path` as it was at `revision`, loaded from a copy that lasts as long as the `with` block.

    Raises `GitError` when `map_path` is not in a git repository or
    `revision` names no commit there, and `MapError` when the old map cannot
    be read (reported at `REV:path`).
    """
    folder = map_path.parent if map_path.parent != Path("") else Path(".")
    try:
        top = Path(_git(folder, ["rev-parse", "--show-toplevel"], 1 << 16).decode("utf-8", "surrogateescape").strip())
    except GitError:
        raise GitError(f"{map_path} is not in a git repository") from None
    commit = _revision(folder, revision)
    relative = Path(os.path.relpath(map_path.resolve(), top.resolve())).as_posix()
    if relative.startswith("../"):
        raise GitError(f"{map_path} is outside the repository at {top}")
    listing = _listing(top, commit)
    name = f"{revision}:{relative}"
    with tempfile.TemporaryDirectory(prefix="argmap-diff-") as scratch:
        copy = Path(scratch)
        (copy / ".git").mkdir()  # marks the copy as the project: nothing outside it is read
        prefix = str(copy) + os.sep

        def rename(text: str) -> str:
            # A file in the copy is the revision's file; the copy itself (a project folder named in a
            # message) is the repository, as a message about the map on disk names it.
            return text.replace(prefix, f"{revision}:").replace(str(copy), str(top))

        if relative not in listing:
            yield OldMap(None, name, rename)
            return
        total = 0
        for path, (_, size) in sorted(listing.items()):
            if path.endswith(".arg") and size <= MAX_MAP_SIZE:
                total += size
                if total > MAX_TOTAL_SIZE:
                    raise GitError(f"the .arg files at {revision} pass {MAX_TOTAL_SIZE:,} bytes, the most argmap reads")
                _copy(top, listing, path, copy, MAX_MAP_SIZE)
        try:
            loaded = load(copy / relative, root=copy)
        except MapError as error:  # reported while the copy is there to quote lines from, at `REV:path`
            raise OldMapUnreadable(f"the map at {revision} cannot be read", rename(error.report())) from None
        for source in loaded.sources:
            if source.file is None:
                continue
            declared = Path(source.span.file).parent / source.file
            wanted = _inside(Path(os.path.relpath(declared, copy)).as_posix())
            if wanted is not None:
                _copy(top, listing, wanted, copy, MAX_SOURCE_SIZE)
        yield OldMap(loaded, name, rename)
