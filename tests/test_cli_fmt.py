"""`argmap fmt`: rewrites maps in place, or with --check / --diff only says what would change; `-` for editors.

Exit 0 when nothing is to report; 1 when a file would change (--check) or is
not a valid map; 2 for usage and I/O errors.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from argmap.cli import main

MESSY = 'claim   c:"The hedge stands."   by analysts\nexpect c   in\n'
TIDY = 'claim c: "The hedge stands."\n  by analysts\n\nexpect c in\n'
LONG = 'claim c: "one two three four five six seven eight nine ten eleven twelve"\n'


@pytest.fixture(autouse=True)
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A project folder of its own, worked in, so no settings from above it apply."""
    (tmp_path / "argmap.toml").write_text("", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def run(*args: str, stdin: str | None = None) -> Any:
    return CliRunner().invoke(main, ["fmt", *args], input=stdin)


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


# --- in place ------------------------------------------------------------------------


def test_fmt_rewrites_a_file_in_its_layout(project: Path) -> None:
    path = write(project / "a.arg", MESSY)
    result = run(str(path))
    assert result.exit_code == 0, result.stderr
    assert path.read_text(encoding="utf-8") == TIDY
    assert f"reformatted {path}" in result.stderr


def test_fmt_leaves_a_file_already_in_its_layout_untouched(project: Path) -> None:
    path = write(project / "a.arg", TIDY)
    os.utime(path, (1_000_000, 1_000_000))
    result = run(str(path))
    assert result.exit_code == 0, result.stderr
    assert path.stat().st_mtime == 1_000_000
    assert "0 files reformatted, 1 file left unchanged." in result.stderr


def test_fmt_leaves_no_temporary_file_behind(project: Path) -> None:
    write(project / "maps" / "a.arg", MESSY)
    assert run("maps").exit_code == 0
    assert os.listdir(project / "maps") == ["a.arg"]


def test_a_failed_write_leaves_the_file_as_it_was(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write(project / "a.arg", MESSY)

    def disk_full(*args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", disk_full)
    result = run(str(path))
    assert result.exit_code == 2
    assert "No space left on device" in result.stderr and "left as it is" in result.stderr
    assert path.read_text(encoding="utf-8") == MESSY
    assert set(os.listdir(project)) == {"argmap.toml", "a.arg"}  # no temporary left behind


def test_a_map_reached_through_a_symbolic_link_is_not_written_through_it(project: Path) -> None:
    target = write(project / "real.arg", MESSY)
    link = project / "link.arg"
    link.symlink_to(target)
    result = run(str(link))
    assert result.exit_code == 2
    assert "symbolic link" in result.stderr and "left as it is" in result.stderr
    assert link.is_symlink() and target.read_text(encoding="utf-8") == MESSY


def test_a_folder_means_every_arg_file_below_it(project: Path) -> None:
    first = write(project / "maps" / "a.arg", MESSY)
    second = write(project / "maps" / "deeper" / "b.arg", MESSY)
    other = write(project / "maps" / "notes.txt", MESSY)
    assert run("maps").exit_code == 0
    assert first.read_text(encoding="utf-8") == second.read_text(encoding="utf-8") == TIDY
    assert other.read_text(encoding="utf-8") == MESSY


def test_a_file_that_is_not_a_map_is_reported_located_and_left_untouched(project: Path) -> None:
    broken = write(project / "broken.arg", 'claim c: "C."\n  by\n')
    fine = write(project / "fine.arg", MESSY)
    result = run(str(broken), str(fine))
    assert result.exit_code == 1
    assert f"{broken}:2:" in result.stderr and "Traceback" not in result.stderr
    assert broken.read_text(encoding="utf-8") == 'claim c: "C."\n  by\n'
    assert fine.read_text(encoding="utf-8") == TIDY
    assert "1 file could not be formatted" in result.stderr


def test_a_file_that_is_not_utf8_is_reported_and_left_untouched(project: Path) -> None:
    path = project / "latin.arg"
    path.write_bytes(b'claim c: "caf\xe9"\n')
    result = run(str(path))
    assert result.exit_code == 1
    assert f"{path}:1:14: the file is not UTF-8 text" in result.stderr
    assert path.read_bytes() == b'claim c: "caf\xe9"\n'


# --- --check and --diff ----------------------------------------------------------------


def test_check_lists_the_files_that_would_change_exits_1_and_writes_nothing(project: Path) -> None:
    messy = write(project / "messy.arg", MESSY)
    tidy = write(project / "tidy.arg", TIDY)
    result = run("--check", str(messy), str(tidy))
    assert result.exit_code == 1
    assert f"would reformat {messy}" in result.stderr and f"would reformat {tidy}" not in result.stderr
    assert "1 file would be reformatted, 1 file already formatted." in result.stderr
    assert messy.read_text(encoding="utf-8") == MESSY


def test_check_exits_0_when_every_file_is_in_its_layout(project: Path) -> None:
    write(project / "maps" / "tidy.arg", TIDY)
    result = run("--check", "maps")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""


def test_diff_prints_a_unified_diff_and_writes_nothing(project: Path) -> None:
    path = write(project / "a.arg", MESSY)
    result = run("--diff", str(path))
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith(f"--- {path}\t(original)\n+++ {path}\t(formatted)\n@@ ")
    assert '-claim   c:"The hedge stands."   by analysts\n' in result.stdout
    assert '+claim c: "The hedge stands."\n+  by analysts\n' in result.stdout
    assert path.read_text(encoding="utf-8") == MESSY


def test_check_with_diff_prints_the_diff_and_exits_1(project: Path) -> None:
    path = write(project / "a.arg", MESSY)
    result = run("--check", "--diff", str(path))
    assert result.exit_code == 1
    assert result.stdout.startswith(f"--- {path}")


# --- the map on stdin --------------------------------------------------------------------


def test_dash_reads_the_map_on_stdin_and_writes_its_layout_to_stdout() -> None:
    result = run("-", stdin=MESSY)
    assert result.exit_code == 0, result.stderr
    assert result.stdout == TIDY


def test_dash_with_check_prints_nothing_and_exits_1_when_the_map_would_change() -> None:
    result = run("--check", "-", stdin=MESSY)
    assert (result.exit_code, result.stdout) == (1, "")
    assert "would reformat <stdin>" in result.stderr


def test_dash_with_a_map_that_is_not_valid_reports_it_under_the_given_name_and_prints_nothing() -> None:
    result = run("-", "--stdin-filename", "maps/a.arg", stdin='claim c: "C."\n  by\n')
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr.startswith("maps/a.arg:2:")


def test_dash_with_other_paths_is_a_usage_error(project: Path) -> None:
    path = write(project / "a.arg", MESSY)
    result = run("-", str(path))
    assert result.exit_code == 2
    assert "'-'" in result.stderr
    assert path.read_text(encoding="utf-8") == MESSY


# --- the line length --------------------------------------------------------------------


def test_the_line_length_comes_from_tool_argmap_in_pyproject(project: Path) -> None:
    (project / "argmap.toml").unlink()
    write(project / "pyproject.toml", "[tool.argmap]\nline-length = 40\n")
    result = run("-", stdin=LONG)
    assert result.exit_code == 0, result.stderr
    assert result.stdout == 'claim c: "one two three four five six\n    seven eight nine ten eleven twelve"\n'


def test_the_line_length_option_wins_over_the_settings(project: Path) -> None:
    write(project / "argmap.toml", "line-length = 40\n")
    result = run("--line-length", "200", "-", stdin=LONG)
    assert result.stdout == LONG


def test_a_line_length_in_the_settings_that_is_not_a_whole_number_is_a_usage_error(project: Path) -> None:
    write(project / "argmap.toml", 'line-length = "wide"\n')
    result = run("-", stdin=LONG)
    assert result.exit_code == 2
    assert "'line-length' must be a whole number, 20 or more" in result.stderr


def test_a_line_length_below_twenty_is_a_usage_error() -> None:
    result = run("--line-length", "5", "-", stdin=LONG)
    assert result.exit_code == 2
    assert "--line-length" in result.stderr


def test_a_file_name_with_control_characters_is_shown_escaped(project: Path) -> None:
    path = write(project / "m\x1b]0;owned\x07.arg", MESSY)
    result = run("--check", str(path))
    assert result.exit_code == 1
    assert "would reformat" in result.stderr and "m\\x1b]0;owned\\x07.arg" in result.stderr
    assert "\x1b" not in result.stderr
