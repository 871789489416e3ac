"""`argmap export`: the JSON of docs/json.md on stdout, exit 0; 1 for a map error, 2 for usage or I/O."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tracemalloc
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from argmap import __version__
from argmap.cli import main
from argmap.formats.export import json_pieces, to_data
from argmap.read.parser import parse

ALL_CONSTRUCTS = Path(__file__).parent / "parser" / "all_constructs.arg"

SPAN_KEYS = ["file", "line", "column", "end_line", "end_column"]
KEYS = {
    "sources": ["id", "title", "file", "reliability", "tags", "notes", "span"],
    "actors": ["id", "name", "role", "unnamed", "tags", "notes", "span"],
    "claims": ["id", "text", "kind", "actors", "quotes", "citations", "likelihood", "probability", "confidence",
               "credibility", "tags", "notes", "argument", "span"],
    "arguments": ["id", "title", "premises", "conclusions", "actors", "citations", "tags", "notes", "span"],
    "supports": ["premises", "conclusion", "linked", "argument", "implicit", "span"],
    "attacks": ["attacker", "kind", "target", "inference_to", "argument", "span"],
    "contradictions": ["left", "right", "acknowledged", "argument", "span"],
    "acknowledgements": ["rule", "reason", "target", "span"],
    "expectations": ["claim", "status", "span"],
    "hypotheses": ["id", "question", "members", "span"],
    "cell_overrides": ["hypothesis", "evidence", "cell", "reason", "span"],
    "preferences": ["better", "worse", "span"],
}  # fmt: skip
TOP_KEYS = ["argmap", "generator", "title", "files", "includes", *KEYS]


def run(*args: str) -> Any:
    return CliRunner().invoke(main, list(args))


@pytest.fixture
def full_map(tmp_path: Path) -> Path:
    """Every construct, in a file of its own with no include."""
    path = tmp_path / "full.arg"
    text = ALL_CONSTRUCTS.read_text(encoding="utf-8").replace('include "other.arg"\n', "")
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def exported(full_map: Path) -> dict[str, Any]:
    result = run("export", "--format", "json", str(full_map))
    assert result.exit_code == 0, result.stderr
    data: dict[str, Any] = json.loads(result.stdout)
    return data


def test_version() -> None:
    result = run("--version")
    assert (result.exit_code, result.stdout) == (0, f"argmap, version {__version__}\n")


def test_json_has_the_documented_top_level_keys_in_order(exported: dict[str, Any]) -> None:
    assert list(exported) == TOP_KEYS
    assert exported["argmap"] == 1
    assert exported["generator"] == f"argmap {__version__}"


@pytest.mark.parametrize("section", list(KEYS))
def test_json_objects_have_the_documented_keys_in_order(exported: dict[str, Any], section: str) -> None:
    assert exported[section], f"the fixture must hold at least one of {section}"
    for item in exported[section]:
        assert list(item) == KEYS[section]
        assert list(item["span"]) == SPAN_KEYS


def test_json_references_are_ids_and_kinds_are_words(exported: dict[str, Any]) -> None:
    won = next(c for c in exported["claims"] if c["id"] == "won")
    assert won["kind"] == "conclusion"
    assert won["actors"] == ["felgenhauer"]
    assert won["quotes"][0]["source"] == "monitor"
    assert won["probability"] == 0.8
    assert {a["kind"] for a in exported["attacks"]} == {"rebut", "undermine", "undercut"}
    assert {e["status"] for e in exported["expectations"]} == {"in", "out", "undec"}


def test_json_keeps_non_ascii_text_as_is(full_map: Path) -> None:
    assert "Khatami’s" in run("export", str(full_map)).stdout


def test_json_is_the_default_format(full_map: Path) -> None:
    assert run("export", str(full_map)).stdout == run("export", "-f", "json", str(full_map)).stdout


def test_map_error_exits_1_with_located_message_and_nothing_on_stdout(tmp_path: Path) -> None:
    bad = tmp_path / "bad.arg"
    bad.write_text('claim a: "never closed\n', encoding="utf-8")
    result = run("export", str(bad))
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.splitlines()[0] == f"{bad}:1:10: this text is never closed: a '\"' is missing at its end"


def test_include_error_exits_1(tmp_path: Path) -> None:
    (tmp_path / "argmap.toml").touch()
    index = tmp_path / "index.arg"
    index.write_text('include "missing.arg"\n', encoding="utf-8")
    result = run("export", str(index))
    assert result.exit_code == 1
    assert result.stderr.startswith(f"{index}:1:9: included file 'missing.arg' does not exist")


def test_include_outside_the_project_needs_the_option(tmp_path: Path) -> None:
    (tmp_path / "project").mkdir()
    (tmp_path / "project" / "argmap.toml").touch()
    (tmp_path / "outside.arg").write_text('claim o: "O"\n', encoding="utf-8")
    index = tmp_path / "project" / "index.arg"
    index.write_text('include "../outside.arg"\n', encoding="utf-8")
    assert run("export", str(index)).exit_code == 1
    assert run("export", "--allow-outside-root", str(index)).exit_code == 0


def test_missing_file_exits_2(tmp_path: Path) -> None:
    result = run("export", str(tmp_path / "nope.arg"))
    assert result.exit_code == 2
    assert "does not exist" in result.stderr


def test_folder_exits_2(tmp_path: Path) -> None:
    assert run("export", str(tmp_path)).exit_code == 2


def test_unknown_format_exits_2(full_map: Path) -> None:
    result = run("export", "--format", "yaml", str(full_map))
    assert result.exit_code == 2
    assert "yaml" in result.stderr


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root reads any file")
def test_unreadable_file_exits_2(full_map: Path) -> None:
    full_map.chmod(0)
    result = run("export", str(full_map))
    assert result.exit_code == 2
    assert result.stderr.startswith("argmap: ")


@pytest.mark.parametrize(
    "content",
    [b'claim a: "x" @', b"\xff\xfe\x00", bytes(range(256)), b"argument a {", b"}" * 50, b'"' * 7],
    ids=["stray", "bad-utf16", "all-bytes", "argument-no-title", "braces", "quotes"],
)
def test_broken_files_exit_1_without_traceback_in_a_real_process(tmp_path: Path, content: bytes) -> None:
    bad = tmp_path / "bad.arg"
    bad.write_bytes(content)
    done = subprocess.run([sys.executable, "-m", "argmap", "export", str(bad)], capture_output=True, text=True,
                          timeout=60, check=False)  # fmt: skip
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert done.stderr.startswith(f"{bad}:")
    assert done.stdout == ""


def test_json_written_in_pieces_is_the_text_a_single_dump_gives() -> None:
    argument_map = parse(ALL_CONSTRUCTS.read_text(encoding="utf-8"), str(ALL_CONSTRUCTS))
    whole = json.dumps(to_data(argument_map), ensure_ascii=False, indent=2) + "\n"
    assert "".join(json_pieces(argument_map)) == whole


def test_the_json_of_a_large_map_is_never_held_whole() -> None:
    argument_map = parse("".join(f'claim c{i}: "Claim number {i}." by a{i % 7}\n' for i in range(20_000)), "m.arg")
    tracemalloc.start()
    try:
        written = sum(len(piece) for piece in json_pieces(argument_map))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert written > 5_000_000 and peak < written / 10


def test_map_text_that_a_terminal_acts_on_is_escaped_in_the_json_and_reads_back_the_same() -> None:
    text = "Left \u202eright\u202c, next\u0085line, bell\u0007."
    amap = parse(f'claim a: "{text}"\n', path="bidi.arg")
    exported = "".join(json_pieces(amap))
    assert not any(c in exported for c in "\u202e\u202c\u0085\u0007")
    assert "\\u202e" in exported and json.loads(exported)["claims"][0]["text"] == text


def test_a_file_name_that_is_not_utf8_exports_as_valid_json() -> None:
    name = os.fsdecode(b"caf\xff.arg")
    exported = "".join(json_pieces(parse('claim a: "A."\n', path=name)))
    assert json.loads(exported.encode("utf-8"))["claims"][0]["span"]["file"] == "caf\\xff.arg"
