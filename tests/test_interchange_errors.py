"""`argmap import` of a malformed or hostile file: one located line on stderr, exit 2, never a traceback.

Each file names what is wrong and where: the file, and the line and column
where the JSON or the Argdown says, or the node.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from argmap.cli import main
from argmap.formats import aif

_CYCLE = {
    "nodes": [{"nodeID": "1", "type": "I", "text": "a"}, {"nodeID": "2", "type": "I", "text": "b"},
              {"nodeID": "3", "type": "RA", "text": "x"}, {"nodeID": "4", "type": "RA", "text": "y"}],
    "edges": [{"fromID": "1", "toID": "3"}, {"fromID": "3", "toID": "4"}, {"fromID": "4", "toID": "3"},
              {"fromID": "3", "toID": "2"}],
}  # fmt: skip
_NODE = {"nodeID": "1", "type": "I", "text": "a"}


def _with_claim_id(claim_id: str) -> dict[str, object]:
    """A one-node AIF file whose argmap object names its claim `claim_id`."""
    return {"nodes": [_NODE], "edges": [], "argmap": {"version": 1, "nodes": {"1": {"claim": {"id": claim_id}}}}}


CASES: dict[str, tuple[str, str | bytes, list[str]]] = {
    "broken JSON": ("bad.json", '{"nodes": [\n  {"nodeID": "1",, }\n]}', ["bad.json:2:18:", "not valid JSON"]),
    "a list, not an object": ("list.json", "[1, 2]", ["list.json:", "a JSON object with 'nodes' and 'edges'"]),
    "no edges": ("noedges.json", json.dumps({"nodes": []}), ["'edges' should be a list"]),
    "an edge to an unknown node": (
        "unknown.json", json.dumps({"nodes": [_NODE], "edges": [{"fromID": "1", "toID": "99"}]}),
        ["unknown.json: edge 1:", "no node '99'"],
    ),
    "OVA edge to an unknown node": (
        "ova.json", json.dumps({"nodes": [{"id": 1, "type": "I", "text": "a"}],
                                "edges": [{"from": {"id": 7}, "to": {"id": 1}}]}),
        ["ova.json: edge 1:", "no node '7'"],
    ),
    "a cycle of RA-nodes": (
        "cycle.json", json.dumps(_CYCLE), ["cycle.json: node 3:", "form a cycle", "RA 3 -> RA 4 -> RA 3"],
    ),
    "a text with a control character": (
        "bell.json",
        json.dumps({"nodes": [{"nodeID": "5", "type": "I", "text": "clear \u001b[2J screen"}], "edges": []}),
        ["bell.json: node 5:", "U+001B"],
    ),
    "a node id that is not a name": (
        "id.json", json.dumps({"nodes": [{"nodeID": [1], "type": "I", "text": "a"}], "edges": []}),
        ["id.json: node 1:", "a string or a number"],
    ),
    "two nodes of one id": (
        "twice.json", json.dumps({"nodes": [_NODE, _NODE], "edges": []}), ["node 1: a second node"],
    ),
    "an RA-node with no conclusion": (
        "ra.json", json.dumps({"nodes": [_NODE, {"nodeID": "2", "type": "RA", "text": "x"}],
                               "edges": [{"fromID": "1", "toID": "2"}]}),
        ["ra.json: node 2:", "exactly one conclusion"],
    ),
    "deep nesting": ("deep.json", "[" * 100_000 + "]" * 100_000, ["deep.json:", "nested too deeply"]),
    "not UTF-8": ("latin.json", b'{"nodes": [\n {"text": "caf\xe9"}]}', ["latin.json:2:15:", "not UTF-8"]),
    "an Argdown title never closed": ("open.argdown", "# Head\n\n[Title: text\n", ["open.argdown:3:1:", "no ']'"]),
    "an Argdown conclusion missing": (
        "pcs.argdown", "(1) [a]: A.\n----\n", ["pcs.argdown:2:1:", "without a conclusion"],
    ),
    "an Argdown control character": ("ctl.argdown", "[a]: x \x1b]0;title\x07\n", ["ctl.argdown:1:1:", "U+001B"]),
    "an unknown extension": ("map.txt", "{}", ["map.txt:", "--from"]),
    "argmap's object giving an id that is no id": (
        "words.json",
        json.dumps(_with_claim_id("a b")),
        ["words.json: node 1:", "the id 'a b' is not an id"],
    ),
    "argmap's object giving a keyword as a claim's id": (
        "keyword.json",
        json.dumps(_with_claim_id("source")),
        ["keyword.json:", "cannot be written as a .arg map"],
    ),
}  # fmt: skip


def _invoke(path: Path, *extra: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["import", str(path), *extra])
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize("case", sorted(CASES))
def test_a_hostile_file_is_one_located_line_and_exit_2(tmp_path: Path, case: str) -> None:
    name, content, expected = CASES[case]
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    code, out, err = _invoke(path)
    assert code == 2, err
    assert out == ""
    lines = err.splitlines()
    assert len(lines) == 1 and lines[0].startswith("argmap: ") and "Traceback" not in err
    for part in expected:
        assert part in lines[0]


def test_a_file_of_100_mb_is_refused_after_reading_no_more_than_the_limit(tmp_path: Path) -> None:
    path = tmp_path / "huge.json"
    with open(path, "wb") as file:
        file.truncate(100_000_000)  # sparse: no disk, and nothing to wait for
    code, out, err = _invoke(path)
    assert code == 2 and out == ""
    assert err.strip() == f"argmap: {path}: the file is larger than 50,000,000 bytes, the most argmap imports"


def test_huge_counts_are_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(aif, "MAX_ITEMS", 10)
    path = tmp_path / "many.json"
    path.write_text(json.dumps({"nodes": [_NODE] * 11, "edges": []}), encoding="utf-8")
    code, _, err = _invoke(path)
    assert code == 2 and "11 nodes, more than the 10 argmap imports" in err


def test_unclosed_comments_by_the_thousand_read_in_time(tmp_path: Path) -> None:
    path = tmp_path / "comments.argdown"
    path.write_text("[a]: text /* never closed\n" * 20_000 + "<!-- " * 20_000, encoding="utf-8")
    started = time.perf_counter()
    code, out, _ = _invoke(path)
    assert code == 0 and "claim a" in out
    assert time.perf_counter() - started < 30  # a pattern searching from each `/*` took minutes


def test_in_a_real_process_an_error_is_one_line_and_no_traceback(tmp_path: Path) -> None:
    path = tmp_path / "cycle.json"
    path.write_text(json.dumps(_CYCLE), encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "argmap", "import", str(path)], capture_output=True, text=True,
        env={**os.environ, "ARGMAP_DEBUG": ""},
    )  # fmt: skip
    assert done.returncode == 2 and done.stdout == ""
    assert len(done.stderr.splitlines()) == 1 and "Traceback" not in done.stderr


def test_a_failed_import_leaves_the_output_file_as_it_was(tmp_path: Path) -> None:
    target = tmp_path / "map.arg"
    target.write_text('claim kept: "Here before."\n', encoding="utf-8")
    path = tmp_path / "bad.json"
    path.write_text("{", encoding="utf-8")
    code, _, _ = _invoke(path, "-o", str(target))
    assert code == 2
    assert target.read_text(encoding="utf-8") == 'claim kept: "Here before."\n'
