"""A map is untrusted input: the files it makes argmap read, and the files `render` writes.

Each test builds a project in tmp_path (marked by its own argmap.toml) and,
beside it, an "outside" folder with a secret the map must not be able to
print. The classes of attack are SECURITY.md's: a source file outside the
project, a source or an include that is a pipe or a device, a map in a folder
that links out of the project or round a loop, and outputs that are links,
devices or the map's own inputs.
"""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from argmap.checks import run_checks
from argmap.checks.sources import MAX_PASSAGE
from argmap.cli import main
from argmap.diagnostics import Diagnostic
from argmap.files import read_regular
from argmap.read import loader
from argmap.read.loader import load
from blocking import deadline  # tests/blocking.py

SECRET = "TOKEN=do-not-print-me"
needs_fifo = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A project folder (the working directory), with a secret in a folder beside it."""
    (tmp_path / "outside").mkdir()
    (tmp_path / "outside" / "secret.txt").write_text(f"{SECRET}\n", encoding="utf-8")
    root = tmp_path / "project"
    root.mkdir()
    (root / "argmap.toml").touch()
    monkeypatch.chdir(root)
    return root


def quoting(source_file: str, quote: str = "a passage the source does not hold") -> str:
    """A map with one source, its `file` as given, and a claim misquoting it."""
    return (
        f'source s "The source" file "{source_file}"\n'
        f'claim a: "A." quote s "{quote}"\n'
        'claim b: "B."\n'
        "a supports b\n"
    )


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def check(*args: str) -> Result:
    return CliRunner().invoke(main, ["check", *args])


def render(*args: str) -> Result:
    return CliRunner().invoke(main, ["render", *args])


def codes(diagnostics: list[Diagnostic]) -> list[str]:
    return [d.code for d in diagnostics]


# --- source files outside the project (items 1 and 14's reading side) -----------------


@pytest.mark.parametrize("output_format", ["full", "concise", "json", "sarif", "github"])
def test_source_outside_the_project_is_refused_and_never_shown(project: Path, output_format: str) -> None:
    write(project, "map.arg", quoting("../outside/secret.txt"))
    result = check("map.arg", "--output-format", output_format)
    assert result.exit_code == 1 and "AM303" in result.stdout
    assert SECRET not in result.stdout + result.stderr


def test_source_given_by_absolute_path_outside_the_project_is_refused(project: Path) -> None:
    write(project, "map.arg", quoting(str(project.parent / "outside" / "secret.txt")))
    assert codes(run_checks(load(project / "map.arg"), ["AM3"])) == ["AM303"]


def test_source_linked_from_inside_the_project_to_outside_is_refused(project: Path) -> None:
    (project / "seed.txt").symlink_to(project.parent / "outside" / "secret.txt")
    write(project, "map.arg", quoting("seed.txt"))
    found = run_checks(load(project / "map.arg"), ["AM3"])
    assert codes(found) == ["AM303"] and "outside the project folder" in found[0].message


def test_refused_source_is_reported_at_its_declaration_with_what_to_do(project: Path) -> None:
    write(project, "map.arg", quoting("../outside/secret.txt"))
    [found] = run_checks(load(project / "map.arg"), ["AM3"])
    assert (found.span.line, found.span.column) == (1, 8)
    assert "--allow-outside-root" in (found.hint or "")


def test_source_outside_the_project_is_read_when_allowed(project: Path) -> None:
    write(project, "map.arg", quoting("../outside/secret.txt", SECRET))
    result = check("map.arg", "--allow-outside-root", "--output-format", "json")
    assert result.exit_code == 0, result.stdout
    assert not [d for d in json.loads(result.stdout)["diagnostics"] if d["code"].startswith("AM3")]


def test_source_inside_the_project_is_checked_as_before(project: Path) -> None:
    write(project, "seeds/piece.txt", "Tehran outplayed Moscow in the talks.\n")
    write(project, "maps/map.arg", quoting("../seeds/piece.txt", "Tehran outplayed Moscow"))
    assert codes(run_checks(load(project / "maps" / "map.arg"), ["AM3"])) == []


# --- pipes, devices and huge files as sources or includes (item 3) -------------------


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="needs /dev/zero")
@pytest.mark.parametrize("device", ["/dev/zero", "/dev/stdin"])
def test_endless_or_blocking_device_as_a_source_is_refused_at_once(project: Path, device: str) -> None:
    write(project, "map.arg", quoting(device))
    with deadline(10):
        result = check("map.arg", "--allow-outside-root", "--output-format", "concise")
    assert result.exit_code == 1 and "AM303" in result.stdout


@needs_fifo
def test_named_pipe_in_the_project_as_a_source_is_refused_without_blocking(project: Path) -> None:
    os.mkfifo(project / "feed.txt")
    write(project, "map.arg", quoting("feed.txt"))
    with deadline(10):
        found = run_checks(load(project / "map.arg"), ["AM3"])
    assert codes(found) == ["AM303"] and "not a regular file" in found[0].message


@needs_fifo
def test_named_pipe_in_the_project_as_an_include_is_refused_without_blocking(project: Path) -> None:
    os.mkfifo(project / "part.arg")
    write(project, "map.arg", 'include "part.arg"\n')
    with deadline(10):
        result = check("map.arg", "--output-format", "concise")
    assert result.exit_code == 1 and "AM003" in result.stdout and "not a regular file" in result.stdout


def test_source_past_the_size_limit_is_refused_naming_the_limit(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(loader, "MAX_SOURCE_SIZE", 100)
    write(project, "piece.txt", "x" * 101)
    write(project, "map.arg", quoting("piece.txt"))
    [found] = run_checks(load(project / "map.arg"), ["AM3"])
    assert found.code == "AM303" and "larger than 100 bytes" in found.message


def test_source_named_by_several_paths_is_read_once(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    reads: list[str] = []

    def counted(path: str | Path, most: int, *, follow_links: bool = True) -> bytes:
        reads.append(str(path))
        return read_regular(path, most, follow_links=follow_links)

    monkeypatch.setattr(loader, "read_regular", counted)
    write(project, "seeds/piece.txt", "Tehran outplayed Moscow.\n")
    (project / "seeds" / "alias.txt").symlink_to("piece.txt")
    text = (
        'source one "One" file "seeds/piece.txt"\nsource two "Two" file "./seeds/../seeds/alias.txt"\n'
        'claim a: "A." quote one "Tehran" quote two "Moscow" quote two "outplayed"\n'
    )
    write(project, "map.arg", text)
    amap = load(project / "map.arg")
    reads.clear()
    run_checks(amap, ["AM3"])
    assert reads == [str(project / "seeds" / "piece.txt")]


def test_misquote_hint_shows_at_most_a_bounded_passage(project: Path) -> None:
    write(project, "piece.txt", " ".join(["word"] * 5000) + "\n")
    write(project, "map.arg", quoting("piece.txt", " ".join(["word"] * 900) + " missing"))
    [found] = run_checks(load(project / "map.arg"), ["AM301"])
    passage = (found.hint or "").split('"', 1)[1]
    assert len(passage) <= MAX_PASSAGE + len(' ..."')


# --- folders that link out of the project or round a loop (items 7 and 13) -----------


def test_folder_map_linking_out_of_the_project_is_reported_not_printed(project: Path) -> None:
    write(project, "maps/real.arg", 'claim a: "A."\n')
    (project / "maps" / "x.arg").symlink_to(project.parent / "outside" / "secret.txt")
    result = check("maps", "--output-format", "full")
    assert result.exit_code == 1 and "AM005" in result.stdout
    assert SECRET not in result.stdout + result.stderr


def test_folder_with_a_symlink_loop_reports_it_and_checks_the_other_maps(project: Path) -> None:
    write(project, "maps/real.arg", 'claim a: "A."\nclaim b: "B."\na supports c\n')
    (project / "maps" / "loop.arg").symlink_to("loop.arg")
    write(project, "maps/index.arg", 'include "loop.arg"\n')
    result = check("maps", "--output-format", "concise")
    assert result.exit_code == 1, result.output
    assert "internal error" not in result.stderr
    assert "loop" in result.stdout and "AM101" in result.stdout  # the other map is still checked


# --- what render writes (items 2 and 14) ----------------------------------------------


SMALL_MAP = 'claim a: "A."\nclaim b: "B."\na supports b\n'


def test_render_onto_a_source_file_of_the_map_is_refused_and_leaves_it(project: Path) -> None:
    piece = write(project, "piece.txt", "Tehran outplayed Moscow.\n")
    write(project, "map.arg", quoting("piece.txt", "Tehran outplayed Moscow"))
    result = render("map.arg", "-o", "piece.txt", "--format", "dot")
    assert result.exit_code == 2 and "refusing to write over a source file" in result.stderr
    assert piece.read_text(encoding="utf-8") == "Tehran outplayed Moscow.\n"


def test_render_onto_a_symbolic_link_is_refused_and_leaves_link_and_target(project: Path) -> None:
    write(project, "map.arg", SMALL_MAP)
    (project / "map.dot").symlink_to(project.parent / "outside" / "secret.txt")
    result = render("map.arg", "-o", "map.dot")
    assert result.exit_code == 2 and "symbolic link" in result.stderr
    assert (project / "map.dot").is_symlink()
    assert (project.parent / "outside" / "secret.txt").read_text(encoding="utf-8") == f"{SECRET}\n"


def test_render_to_a_null_device_draws_and_leaves_the_device(project: Path) -> None:
    try:
        os.mknod(project / "null", stat.S_IFCHR | 0o666, os.stat(os.devnull).st_rdev)
    except (OSError, AttributeError) as error:
        pytest.skip(f"cannot make a device node here: {error}")
    write(project, "map.arg", SMALL_MAP)
    result = render("map.arg", "-o", "null", "--format", "dot")
    assert result.exit_code == 0, result.stderr
    assert stat.S_ISCHR(os.lstat(project / "null").st_mode)


@needs_fifo
def test_render_onto_a_named_pipe_is_refused_without_blocking(project: Path) -> None:
    write(project, "map.arg", SMALL_MAP)
    os.mkfifo(project / "map.dot")
    with deadline(10):
        result = render("map.arg", "-o", "map.dot")
    assert result.exit_code == 2 and "named pipe" in result.stderr
