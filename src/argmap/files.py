"""Files argmap reads or writes on a user's behalf, handled safely: what every stage shares.

A map, its includes and its source files may come from anyone (a pull
request checked in CI), so they are read with `read_regular`: regular files
only, opened without blocking and never past a size limit, so a pipe, a
device or an endless file costs nothing. Results are written with
`write_atomic`, used by `render` for pictures and by `fmt` for maps rewritten
in place; it never replaces anything but a regular file. Both live below the
stages so that no stage has to import another for them.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

__all__ = ["NotRegularFile", "RefusedWrite", "read_regular", "write_atomic"]


class NotRegularFile(OSError):
    """The path names a pipe, a device, a socket or a folder: nothing argmap reads as a file."""


class RefusedWrite(OSError):
    """The output path names something argmap will not replace: a symbolic link, a folder, a pipe, a device."""


# O_NONBLOCK: opening a named pipe for reading would otherwise wait for a writer, forever.
_READ_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)
_NO_FOLLOW = getattr(os, "O_NOFOLLOW", 0)


def read_regular(path: str | Path, most: int, *, follow_links: bool = True) -> bytes:
    """The bytes of a regular file, at most `most + 1` of them (one past `most` tells the caller it is larger).

    What the path names is judged on the open file, not on the name, so it
    cannot change in between: a folder raises `IsADirectoryError`, a pipe, a
    device or a socket `NotRegularFile`, and nothing is read from either.
    With `follow_links` false a symbolic link is not opened at all (`OSError`,
    ELOOP): for a path already resolved, which must not be swapped for a link.
    """
    fd = os.open(path, _READ_FLAGS | (0 if follow_links else _NO_FOLLOW))
    with os.fdopen(fd, "rb") as file:
        mode = os.fstat(fd).st_mode
        if stat.S_ISDIR(mode):
            raise IsADirectoryError(errno.EISDIR, "is a folder", str(path))
        if not stat.S_ISREG(mode):
            raise NotRegularFile(errno.EINVAL, "not a regular file (a pipe, a device or a socket)", str(path))
        return file.read(most + 1)


def write_atomic(path: str | Path, data: bytes) -> None:
    """Write `data` to `path` through a temporary file in the same folder, then rename it into place.

    A failure or a kill at any moment leaves either the old file or the new
    one, never a part of either. Only a regular file is ever replaced; it
    keeps its permission bits, but never its setuid, setgid or sticky bit.
    The null device is written in place (`-o /dev/null` draws and discards).
    Anything else raises `RefusedWrite` and is left as it was: a symbolic
    link (argmap does not write through links, nor replace them), a folder,
    a pipe, a socket or any other device.
    """
    target = Path(path)
    try:
        existing: os.stat_result | None = os.lstat(target)
    except FileNotFoundError:
        existing = None
    if existing is not None and _is_null_device(existing):
        with open(target, "wb") as device:
            device.write(data)
        return
    if existing is not None and not stat.S_ISREG(existing.st_mode):
        raise RefusedWrite(f"refusing to replace {target}: it is {_what_is(target, existing)}, not a regular file")
    fd, temporary = _create_temporary(target)
    try:
        with os.fdopen(fd, "wb") as handle:
            if existing is not None:
                # Only the permission bits: setuid, setgid and sticky are never carried to a new file.
                os.fchmod(handle.fileno(), stat.S_IMODE(existing.st_mode) & 0o777)
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, target)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def _create_temporary(target: Path) -> tuple[int, Path]:
    """A new, empty file beside `target`, open for writing, with the mode a new file gets.

    Created with mode 0o666 for the umask to narrow, as any new file is: the
    umask need not be read (which would mean setting it, for every thread).
    """
    folder = target.parent
    for _ in range(100):
        # Short enough that a long target name cannot make the temporary's too long. The
        # random part is what `secrets.token_hex(8)` gives, without importing `secrets`
        # (random, hashlib, hmac) into every command that reads a map through this module.
        temporary = folder / f".{target.name[:64]}.{os.urandom(8).hex()}.tmp"
        try:
            flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NO_FOLLOW | getattr(os, "O_CLOEXEC", 0)
            return os.open(temporary, flags | getattr(os, "O_BINARY", 0), 0o666), temporary
        except FileExistsError:
            continue
    raise FileExistsError(errno.EEXIST, "no free name for a temporary file", str(folder))


def _is_null_device(found: os.stat_result) -> bool:
    if not stat.S_ISCHR(found.st_mode):
        return False
    try:
        null = os.stat(os.devnull)
    except OSError:
        return False
    return stat.S_ISCHR(null.st_mode) and found.st_rdev == null.st_rdev


def _what_is(target: Path, found: os.stat_result) -> str:
    """What a path that is not a regular file is, in a reader's words."""
    mode = found.st_mode
    if stat.S_ISLNK(mode):
        return f"a symbolic link (to {os.readlink(target)}); give the file itself"
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "a device"
