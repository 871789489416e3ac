"""`argmap.files`: reading files a map names and writing results, without ever being turned against the machine."""

from __future__ import annotations

import os
import stat
import threading
from pathlib import Path

import pytest

from argmap.files import NotRegularFile, RefusedWrite, read_regular, write_atomic
from blocking import deadline  # tests/blocking.py

needs_fifo = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")


# --- reading ------------------------------------------------------------------------


def test_read_regular_stops_one_byte_past_the_limit(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    path.write_bytes(b"x" * 1000)
    assert read_regular(path, 10) == b"x" * 11


@needs_fifo
def test_read_regular_refuses_a_named_pipe_without_waiting_for_a_writer(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe")
    with deadline(5), pytest.raises(NotRegularFile):
        read_regular(tmp_path / "pipe", 100)


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="needs /dev/zero")
def test_read_regular_refuses_a_device_without_reading_it() -> None:
    with pytest.raises(NotRegularFile):
        read_regular("/dev/zero", 100)


def test_read_regular_names_a_folder_as_one(tmp_path: Path) -> None:
    with pytest.raises(IsADirectoryError):
        read_regular(tmp_path, 100)


def test_read_regular_without_following_links_refuses_a_link(tmp_path: Path) -> None:
    (tmp_path / "real.txt").write_text("text")
    (tmp_path / "link.txt").symlink_to(tmp_path / "real.txt")
    with pytest.raises(OSError):
        read_regular(tmp_path / "link.txt", 100, follow_links=False)


# --- writing ------------------------------------------------------------------------


def device(path: Path, like: str) -> Path:
    """A character device node at `path` standing for the device `like` (as root); skips where none can be made."""
    try:
        os.mknod(path, stat.S_IFCHR | 0o666, os.stat(like).st_rdev)
    except (OSError, AttributeError) as error:
        pytest.skip(f"cannot make a device node here: {error}")
    return path


def test_writing_to_the_null_device_discards_the_data_and_leaves_the_device(tmp_path: Path) -> None:
    null = device(tmp_path / "null", os.devnull)  # the same device as /dev/null, which a regression would replace
    write_atomic(null, b"picture")
    assert stat.S_ISCHR(os.lstat(null).st_mode) and sorted(os.listdir(tmp_path)) == ["null"]


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="needs /dev/zero")
def test_writing_over_any_other_device_is_refused_and_leaves_it(tmp_path: Path) -> None:
    zero = device(tmp_path / "zero", "/dev/zero")
    with pytest.raises(RefusedWrite, match="a device"):
        write_atomic(zero, b"picture")
    assert stat.S_ISCHR(os.lstat(zero).st_mode)


@needs_fifo
def test_writing_over_a_named_pipe_is_refused_and_leaves_it(tmp_path: Path) -> None:
    target = tmp_path / "map.svg"
    os.mkfifo(target)
    with deadline(5), pytest.raises(RefusedWrite, match="a named pipe"):
        write_atomic(target, b"picture")
    assert stat.S_ISFIFO(os.lstat(target).st_mode)


def test_writing_over_a_symbolic_link_is_refused_and_leaves_link_and_target(tmp_path: Path) -> None:
    (tmp_path / "elsewhere.txt").write_bytes(b"precious")
    link = tmp_path / "map.svg"
    link.symlink_to(tmp_path / "elsewhere.txt")
    with pytest.raises(RefusedWrite, match="a symbolic link"):
        write_atomic(link, b"picture")
    assert link.is_symlink() and (tmp_path / "elsewhere.txt").read_bytes() == b"precious"


def test_writing_over_a_folder_is_refused(tmp_path: Path) -> None:
    (tmp_path / "map.svg").mkdir()
    with pytest.raises(RefusedWrite, match="a folder"):
        write_atomic(tmp_path / "map.svg", b"picture")


def test_refused_write_leaves_no_temporary_file(tmp_path: Path) -> None:
    (tmp_path / "map.svg").symlink_to(tmp_path / "elsewhere.txt")
    with pytest.raises(RefusedWrite):
        write_atomic(tmp_path / "map.svg", b"picture")
    assert sorted(os.listdir(tmp_path)) == ["map.svg"]


def test_replaced_file_keeps_its_permissions_but_not_setuid_setgid_or_sticky(tmp_path: Path) -> None:
    target = tmp_path / "map.svg"
    target.write_bytes(b"old")
    os.chmod(target, 0o6754 | stat.S_ISVTX)
    write_atomic(target, b"new")
    assert stat.S_IMODE(target.stat().st_mode) == 0o754


def test_new_file_gets_the_umask_without_the_umask_being_changed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    umask = os.umask(0o027)
    try:
        # Setting the umask, even to put it back, is not safe while other threads create files.
        monkeypatch.setattr(os, "umask", lambda mask: pytest.fail("write_atomic changed the umask"))
        write_atomic(tmp_path / "map.svg", b"x")
    finally:
        monkeypatch.undo()
        os.umask(umask)
    assert stat.S_IMODE((tmp_path / "map.svg").stat().st_mode) == 0o640


def test_writes_from_several_threads_each_land_whole(tmp_path: Path) -> None:
    targets = [tmp_path / f"map{i}.svg" for i in range(8)]
    threads = [threading.Thread(target=write_atomic, args=(t, t.name.encode() * 1000)) for t in targets]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert all(t.read_bytes() == t.name.encode() * 1000 for t in targets)
    assert sorted(os.listdir(tmp_path)) == sorted(t.name for t in targets)


def test_a_very_long_target_name_still_gets_a_temporary_file(tmp_path: Path) -> None:
    target = tmp_path / ("m" * 250 + ".svg")
    write_atomic(target, b"x")
    assert target.read_bytes() == b"x"
