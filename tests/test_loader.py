"""`argmap.load`: bytes to text, and includes followed across files with every error located."""

from __future__ import annotations

import codecs
import os
import time
from pathlib import Path

import pytest

import argmap
from argmap.read import loader
from argmap.read.loader import decode, find_maps, load, read_text


def write(root: Path, files: dict[str, str | bytes]) -> None:
    """Files under `root`, text as UTF-8; `root` is marked as the project folder."""
    (root / "argmap.toml").touch()
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")


def claim_ids(m: argmap.ArgumentMap) -> list[str]:
    return [c.id for c in m.claims]


def load_error(path: Path, **options: bool) -> argmap.MapError:
    with pytest.raises(argmap.MapError) as caught:
        load(path, **options)
    return caught.value


# --- includes -----------------------------------------------------------------------


def test_include_path_is_relative_to_the_including_file(tmp_path: Path) -> None:
    write(tmp_path, {"index.arg": 'include "parts/a.arg"\n', "parts/a.arg": 'include "b.arg"\nclaim a: "A"\n',
                     "parts/b.arg": 'claim b: "B"\n'})  # fmt: skip
    assert claim_ids(load(tmp_path / "index.arg")) == ["a", "b"]


def test_ids_from_every_file_are_merged_in_order(tmp_path: Path) -> None:
    write(tmp_path, {"index.arg": 'title "T"\ninclude "a.arg"\nclaim top: "T"\na supports top\n',
                     "a.arg": 'title "ignored"\nclaim a: "A"\n'})  # fmt: skip
    m = load(tmp_path / "index.arg")
    assert claim_ids(m) == ["top", "a"]
    assert m.title == "T"
    assert [s.conclusion.id for s in m.supports] == ["top"]
    assert [Path(f).name for f in m.files] == ["index.arg", "a.arg"]


def test_diamond_include_is_read_once(tmp_path: Path) -> None:
    write(tmp_path, {"index.arg": 'include "a.arg"\ninclude "b.arg"\n', "a.arg": 'include "c.arg"\n',
                     "b.arg": 'include "c.arg"\n', "c.arg": 'claim c: "C"\n'})  # fmt: skip
    m = load(tmp_path / "index.arg")
    assert claim_ids(m) == ["c"]
    assert len(m.files) == 4


def test_spans_in_an_included_file_name_that_file(tmp_path: Path) -> None:
    write(tmp_path, {"index.arg": 'include "sub/a.arg"\n', "sub/a.arg": '\nclaim a: "A"\n'})
    (claim,) = load(tmp_path / "index.arg").claims
    assert Path(claim.span.file) == tmp_path / "sub" / "a.arg"
    assert (claim.span.line, claim.span.column) == (2, 7)


def test_syntax_error_in_an_included_file_points_into_that_file(tmp_path: Path) -> None:
    write(tmp_path, {"index.arg": 'claim ok: "fine"\ninclude "a.arg"\n', "a.arg": 'claim b: "ok"\nclaim bad: "x" @\n'})
    error = load_error(tmp_path / "index.arg")
    assert error.report().splitlines()[0] == f"{tmp_path / 'a.arg'}:2:16: unexpected character '@'"
    assert error.report().splitlines()[1] == '    claim bad: "x" @'


def test_missing_include_points_at_the_include_line(tmp_path: Path) -> None:
    write(tmp_path, {"index.arg": '# first\ninclude "nope.arg"\n'})
    error = load_error(tmp_path / "index.arg")
    assert error.diagnostic.code == "AM003"
    assert error.report().splitlines()[:2] == [
        f"{tmp_path / 'index.arg'}:2:9: included file 'nope.arg' does not exist", '    include "nope.arg"',
    ]  # fmt: skip


def test_include_cycle_is_an_error_naming_the_cycle(tmp_path: Path) -> None:
    write(tmp_path, {"index.arg": 'include "a.arg"\n', "a.arg": 'include "b.arg"\n', "b.arg": 'include "a.arg"\n'})
    error = load_error(tmp_path / "index.arg")
    assert "include cycle" in error.diagnostic.message
    assert Path(error.diagnostic.span.file).name == "b.arg"
    assert error.diagnostic.message.count("a.arg") == 3


def test_self_include_is_an_error(tmp_path: Path) -> None:
    write(tmp_path, {"index.arg": 'claim a: "x"\ninclude "index.arg"\n'})
    error = load_error(tmp_path / "index.arg")
    assert "includes itself" in error.diagnostic.message
    assert error.diagnostic.span.line == 2


def test_include_of_a_folder_is_an_error(tmp_path: Path) -> None:
    write(tmp_path, {"index.arg": 'include "parts"\n', "parts/a.arg": ""})
    assert "is a folder" in load_error(tmp_path / "index.arg").diagnostic.message


def test_include_without_a_file_name_is_an_error(tmp_path: Path) -> None:
    write(tmp_path, {"index.arg": 'include ""\n'})
    assert load_error(tmp_path / "index.arg").diagnostic.message == "an include needs a file name"


def test_include_through_a_symlink_loop_is_an_error(tmp_path: Path) -> None:
    write(tmp_path, {"index.arg": 'include "loop.arg"\n'})
    (tmp_path / "loop.arg").symlink_to(tmp_path / "other.arg")
    (tmp_path / "other.arg").symlink_to(tmp_path / "loop.arg")
    error = load_error(tmp_path / "index.arg")
    assert error.diagnostic.message.startswith("included file 'loop.arg' cannot be opened")


def test_include_outside_the_project_folder_is_refused(tmp_path: Path) -> None:
    write(tmp_path, {"project/index.arg": 'include "../elsewhere.arg"\n', "elsewhere.arg": 'claim e: "E"\n'})
    (tmp_path / "project" / "argmap.toml").touch()
    error = load_error(tmp_path / "project" / "index.arg")
    assert "outside the project folder" in error.diagnostic.message
    assert "--allow-outside-root" in (error.diagnostic.hint or "")


def test_include_outside_the_project_folder_is_read_when_allowed(tmp_path: Path) -> None:
    write(tmp_path, {"project/index.arg": 'include "../elsewhere.arg"\n', "elsewhere.arg": 'claim e: "E"\n'})
    (tmp_path / "project" / "argmap.toml").touch()
    assert claim_ids(load(tmp_path / "project" / "index.arg", allow_outside_root=True)) == ["e"]


def test_symlink_inside_the_project_to_a_file_outside_is_refused(tmp_path: Path) -> None:
    write(tmp_path, {"project/index.arg": 'include "link.arg"\n', "secret.arg": 'claim s: "S"\n'})
    (tmp_path / "project" / "argmap.toml").touch()
    (tmp_path / "project" / "link.arg").symlink_to(tmp_path / "secret.arg")
    assert "outside the project folder" in load_error(tmp_path / "project" / "index.arg").diagnostic.message


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="needs /dev/zero")
def test_include_of_an_endless_device_is_refused_without_reading_it(tmp_path: Path) -> None:
    write(tmp_path, {"index.arg": 'include "/dev/zero"\n'})
    error = load_error(tmp_path / "index.arg", allow_outside_root=True)
    assert "not a regular file" in error.diagnostic.message


@pytest.mark.skipif(not os.path.isdir("/proc/self/fd"), reason="needs /proc")
def test_include_of_a_pipe_with_no_name_is_refused_without_blocking(tmp_path: Path) -> None:
    read_end, write_end = os.pipe()  # as /dev/stdin is, when input comes through a pipe
    try:
        write(tmp_path, {"index.arg": f'include "/proc/self/fd/{read_end}"\n'})
        error = load_error(tmp_path / "index.arg", allow_outside_root=True)
    finally:
        os.close(read_end)
        os.close(write_end)
    assert "not a regular file" in error.diagnostic.message


def test_include_through_a_symlink_loop_says_it_is_a_loop(tmp_path: Path) -> None:
    write(tmp_path, {"index.arg": 'include "loop.arg"\n'})
    (tmp_path / "loop.arg").symlink_to("loop.arg")
    assert load_error(tmp_path / "index.arg").diagnostic.message.endswith("go round in a loop")


# --- the map file itself ------------------------------------------------------------


SECRET = "TOKEN=do-not-print-me"


def project_with_a_link_out(tmp_path: Path) -> Path:
    """A project whose map is a symbolic link to a file outside it, holding a secret; the link's path."""
    write(tmp_path, {"outside/secret.arg": f"{SECRET}\n", "project/argmap.toml": ""})
    link = tmp_path / "project" / "map.arg"
    link.symlink_to(tmp_path / "outside" / "secret.arg")
    return link


def test_map_that_links_out_of_the_project_is_refused_at_the_link(tmp_path: Path) -> None:
    link = project_with_a_link_out(tmp_path)
    error = load_error(link)
    assert (error.diagnostic.code, str(error.diagnostic.span)) == ("AM005", f"{link}:1:1")
    assert "outside the project folder" in error.diagnostic.message


def test_refused_map_link_shows_nothing_of_the_file_it_points_to(tmp_path: Path) -> None:
    assert SECRET not in load_error(project_with_a_link_out(tmp_path)).report()


def test_map_that_links_out_of_the_project_is_read_when_allowed(tmp_path: Path) -> None:
    write(tmp_path, {"outside/real.arg": 'claim e: "E"\n', "project/argmap.toml": ""})
    (tmp_path / "project" / "map.arg").symlink_to(tmp_path / "outside" / "real.arg")
    assert claim_ids(load(tmp_path / "project" / "map.arg", allow_outside_root=True)) == ["e"]


def test_map_that_links_inside_the_project_is_read(tmp_path: Path) -> None:
    write(tmp_path, {"parts/real.arg": 'claim e: "E"\n'})
    (tmp_path / "map.arg").symlink_to(tmp_path / "parts" / "real.arg")
    assert claim_ids(load(tmp_path / "map.arg")) == ["e"]


def test_map_that_is_a_symlink_loop_is_refused_as_a_loop(tmp_path: Path) -> None:
    write(tmp_path, {})
    (tmp_path / "loop.arg").symlink_to("loop.arg")
    error = load_error(tmp_path / "loop.arg")
    assert error.diagnostic.code == "AM005" and "loop" in error.diagnostic.message


def test_map_that_links_to_nothing_is_refused_at_the_link(tmp_path: Path) -> None:
    write(tmp_path, {})
    (tmp_path / "gone.arg").symlink_to("nowhere.arg")
    assert "does not exist" in load_error(tmp_path / "gone.arg").diagnostic.message


# --- cost ----------------------------------------------------------------------------


def test_long_include_chain_loads_without_recursion(tmp_path: Path) -> None:
    count = 300
    write(tmp_path, {f"f{i}.arg": f'claim c{i}: "x"\ninclude "f{i + 1}.arg"\n' for i in range(count)})
    write(tmp_path, {f"f{count}.arg": ""})
    assert len(load(tmp_path / "f0.arg").claims) == count


def test_map_and_includes_past_the_total_limit_are_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(loader, "MAX_TOTAL_SIZE", 80)
    write(tmp_path, {"index.arg": 'include "a.arg"\ninclude "b.arg"\n', "a.arg": "#" * 30, "b.arg": "#" * 30})
    error = load_error(tmp_path / "index.arg")
    assert "'b.arg'" in error.diagnostic.message
    assert "80 characters" in error.diagnostic.message
    assert error.diagnostic.code == "AM004"


def load_seconds(folder: Path, files: dict[str, str]) -> float:
    """CPU seconds to load `folder/f0.arg`, written with `files`."""
    folder.mkdir()
    write(folder, files)
    start = time.process_time()
    load(folder / "f0.arg")
    return time.process_time() - start


def test_an_include_deep_in_a_chain_costs_no_more_than_one_near_the_top(tmp_path: Path) -> None:
    count = 1500
    chain = {f"f{i}.arg": f'claim c{i}: "x"\ninclude "f{i + 1}.arg"\n' for i in range(count)}
    star = {"f0.arg": "".join(f'include "f{i}.arg"\n' for i in range(1, count + 1))}
    star.update({f"f{i}.arg": f'claim c{i}: "x"\n' for i in range(1, count)})
    deep = load_seconds(tmp_path / "chain", {**chain, f"f{count}.arg": ""})
    shallow = load_seconds(tmp_path / "star", {**star, f"f{count}.arg": ""})
    # The same files either way; looking for a cycle by walking the whole chain at each include made it 3x.
    assert deep < 2 * shallow


def test_missing_top_file_is_an_os_error(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        load(tmp_path / "nope.arg")


def test_folder_lists_its_top_level_maps_only(tmp_path: Path) -> None:
    write(tmp_path, {"index.arg": 'include "part.arg"\n', "part.arg": "", "alone.arg": "", "notes.txt": ""})
    assert [p.name for p in find_maps([tmp_path])] == ["alone.arg", "index.arg"]


def test_folder_lists_a_link_out_of_the_project_for_loading_to_refuse(tmp_path: Path) -> None:
    link = project_with_a_link_out(tmp_path)
    assert find_maps([link.parent]) == [link]
    assert load_error(link).diagnostic.code == "AM005"


def test_folder_with_a_symlink_loop_still_lists_its_other_maps(tmp_path: Path) -> None:
    write(tmp_path, {"index.arg": 'include "loop.arg"\n', "alone.arg": ""})
    (tmp_path / "loop.arg").symlink_to("loop.arg")
    (tmp_path / "twisted.arg").symlink_to("twisted.arg")
    assert [p.name for p in find_maps([tmp_path])] == ["alone.arg", "index.arg", "twisted.arg"]


def test_folder_scan_does_not_enter_a_linked_folder(tmp_path: Path) -> None:
    write(tmp_path, {"project/argmap.toml": "", "elsewhere/far.arg": ""})
    (tmp_path / "project" / "linked").symlink_to(tmp_path / "elsewhere")
    assert find_maps([tmp_path / "project"]) == []


def test_folder_scan_time_does_not_grow_with_blank_lines_squared(tmp_path: Path) -> None:
    write(tmp_path, {"index.arg": "\n" * 200_000 + 'include "part.arg"\n', "part.arg": ""})
    start = time.process_time()
    found = find_maps([tmp_path])
    # Matching `include` from every line start over all the blank lines after it took minutes here.
    assert time.process_time() - start < 2 and [p.name for p in found] == ["index.arg"]


# --- bytes to text ------------------------------------------------------------------

TEXT = 'claim a: "Tehran’s “defensive” arms – e\u0301 שלום"\n'


@pytest.mark.parametrize(
    "data",
    [TEXT.encode(), codecs.BOM_UTF8 + TEXT.encode(), TEXT.encode("utf-16"), TEXT.encode("utf-32"),
     codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be")],
    ids=["utf-8", "utf-8-bom", "utf-16-le-bom", "utf-32-bom", "utf-16-be-bom"],
)  # fmt: skip
def test_readable_encodings_give_the_same_map(tmp_path: Path, data: bytes) -> None:
    write(tmp_path, {"m.arg": data})
    assert load(tmp_path / "m.arg") == argmap.parse(TEXT, str(tmp_path / "m.arg"))


def test_right_to_left_and_combining_characters_are_kept(tmp_path: Path) -> None:
    write(tmp_path, {"m.arg": TEXT})
    assert load(tmp_path / "m.arg").claims[0].text.endswith("e\u0301 שלום")


def test_latin1_file_is_refused_naming_the_byte_offset(tmp_path: Path) -> None:
    write(tmp_path, {"m.arg": 'claim a: "x"\nclaim b: "caf\xe9"\n'.encode("latin-1")})
    error = load_error(tmp_path / "m.arg")
    assert error.diagnostic.code == "AM002"
    assert error.report().splitlines()[0] == (
        f"{tmp_path / 'm.arg'}:2:14: the file is not UTF-8 text: byte 0xE9 at byte offset 26 is not valid UTF-8"
    )


def test_utf16_without_byte_order_mark_is_named(tmp_path: Path) -> None:
    write(tmp_path, {"m.arg": 'claim a: "x"\n'.encode("utf-16-le")})
    assert "UTF-16 without a byte order mark" in load_error(tmp_path / "m.arg").diagnostic.message


def test_broken_utf16_is_refused(tmp_path: Path) -> None:
    write(tmp_path, {"m.arg": codecs.BOM_UTF16_LE + b"c\x00\x00\xd8"})  # a lone high surrogate
    assert "not valid UTF-16" in load_error(tmp_path / "m.arg").diagnostic.message


def test_encoded_surrogate_in_utf8_is_refused(tmp_path: Path) -> None:
    write(tmp_path, {"m.arg": b'claim a: "\xed\xa0\x80"\n'})
    assert load_error(tmp_path / "m.arg").diagnostic.message.startswith("the file is not UTF-8 text: byte 0xED")


def test_nul_byte_is_refused_with_its_place(tmp_path: Path) -> None:
    write(tmp_path, {"m.arg": b'claim a: "x"\nclaim b: "\x00"\n'})
    error = load_error(tmp_path / "m.arg")
    assert str(error.diagnostic.span) == f"{tmp_path / 'm.arg'}:2:11"


def test_crlf_and_mixed_line_ends_count_lines_alike(tmp_path: Path) -> None:
    write(tmp_path, {"m.arg": b'claim a: "x"\r\nclaim b: "y"\rclaim c: "z"\nclaim d: @'})
    error = load_error(tmp_path / "m.arg")
    assert (error.diagnostic.span.line, error.diagnostic.span.column) == (4, 10)


def test_random_bytes_are_refused_as_not_text(tmp_path: Path) -> None:
    write(tmp_path, {"m.arg": bytes(range(128, 256)) * 4})
    assert load_error(tmp_path / "m.arg").diagnostic.code == "AM002"


def test_file_past_the_size_limit_is_refused_without_reading_it_all(tmp_path: Path) -> None:
    path = tmp_path / "huge.arg"
    with open(path, "wb") as file:
        file.truncate(100 * 1024 * 1024)  # sparse: costs no disk
    with pytest.raises(argmap.ParseError) as caught:
        read_text(path)
    assert caught.value.diagnostic.code == "AM004"
    assert str(caught.value.diagnostic.span) == f"{path}:1:1"


def test_decode_names_the_line_and_column_of_a_bad_byte() -> None:
    with pytest.raises(argmap.ParseError) as caught:
        decode("ab\ncd\xff".encode("latin-1"), "x.arg")
    assert str(caught.value.diagnostic.span) == "x.arg:2:3"


@pytest.mark.parametrize("line_end", ["\n", "\r\n", "\r"], ids=["lf", "crlf", "cr"])
def test_a_bad_byte_is_placed_by_lines_whatever_the_line_ends(line_end: str) -> None:
    data = line_end.join(['claim a: "x"', 'claim b: "y"', 'claim c: "caf\xe9"', ""]).encode("latin-1")
    with pytest.raises(argmap.ParseError) as caught:
        decode(data, "x.arg")
    assert str(caught.value.diagnostic.span) == "x.arg:3:14"
    assert caught.value.diagnostic.line_text == 'claim c: "caf\N{REPLACEMENT CHARACTER}"'


def test_bad_utf16_is_placed_by_characters_and_lines() -> None:
    data = codecs.BOM_UTF16_BE + 'claim a: "x"\r\nclaim b: "'.encode("utf-16-be") + b"\xdc\x00" + b'\x00"'
    with pytest.raises(argmap.ParseError) as caught:
        decode(data, "x.arg")
    assert str(caught.value.diagnostic.span) == "x.arg:2:11"
    assert "bad data at byte offset 50" in caught.value.diagnostic.message


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="needs /dev/zero")
def test_endless_file_is_refused_at_the_size_limit() -> None:
    with pytest.raises(argmap.ParseError) as caught:
        read_text("/dev/zero")
    assert caught.value.diagnostic.code == "AM004"


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_include_of_a_named_pipe_is_refused_without_blocking(tmp_path: Path) -> None:
    write(tmp_path, {"index.arg": 'include "pipe.arg"\n'})
    os.mkfifo(tmp_path / "pipe.arg")
    assert "not a regular file" in load_error(tmp_path / "index.arg").diagnostic.message
