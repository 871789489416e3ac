"""The VS Code extension in editors/vscode/: a TextMate grammar that knows the language, a client for `argmap lsp`.

The grammar's fixtures run through `vscode-tmgrammar-test`, installed from npm
into `.cache/npm/tools/` the first time; without npm those tests are skipped.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import argmap
from argmap.checks.estimative import ICD203, ICD203_SYNONYMS
from argmap.read.vocabulary import ACH_CELLS, CONFIDENCE_LEVELS, KEYWORDS, grammar_text

ROOT = Path(__file__).resolve().parents[1]
EXTENSION = ROOT / "editors" / "vscode"
GRAMMAR = EXTENSION / "syntaxes" / "argmap.tmLanguage.json"
FIXTURES = sorted((EXTENSION / "tests").glob("*.test.arg"))
TOOLS = ROOT / ".cache" / "npm" / "tools"
TMGRAMMAR_TEST_VERSION = "0.1.3"


def _regexes(node: Any) -> list[str]:
    """Every `match`, `begin` and `end` pattern of a TextMate grammar, however deep."""
    if isinstance(node, dict):
        own = [node[k] for k in ("match", "begin", "end") if isinstance(node.get(k), str)]
        return own + [r for value in node.values() for r in _regexes(value)]
    if isinstance(node, list):
        return [r for value in node for r in _regexes(value)]
    return []


def _alternatives(regexes: list[str]) -> set[str]:
    """The words the grammar's patterns list as alternatives, `\\s+` read as one space: `supports|support`."""
    words: set[str] = set()
    for regex in regexes:
        for group in re.findall(r"\((?:\?:|\?i\))?([^()]*)\)", regex):
            words.update(part.replace(r"\s+", " ") for part in group.split("|"))
    return words


@pytest.fixture(scope="module")
def grammar() -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(GRAMMAR.read_text(encoding="utf-8"))
    return loaded


def test_every_keyword_of_the_language_is_in_the_textmate_grammar(grammar: dict[str, Any]) -> None:
    rules = re.sub(r"//[^\n]*", "", grammar_text())  # its comments quote map text: "observers", "critics"
    literals = set(re.findall(r'"([a-z]+)"', rules))  # the Lark grammar's keywords, `"in" | "out"` and "and" too
    assert {"in", "out", "undec", "and"} <= literals  # the grammar is read as intended
    missing = sorted((set(KEYWORDS) | literals) - _alternatives(_regexes(grammar)))
    assert not missing, f"the TextMate grammar does not highlight {missing}: add them to {GRAMMAR.relative_to(ROOT)}"


def test_every_ach_cell_is_in_the_textmate_grammar(grammar: dict[str, Any]) -> None:
    assert set(ACH_CELLS) <= _alternatives([grammar["repository"]["ach"]["match"]])


def test_every_confidence_level_is_in_the_textmate_grammar(grammar: dict[str, Any]) -> None:
    assert set(CONFIDENCE_LEVELS) <= _alternatives([grammar["repository"]["confidence"]["match"]])


def test_every_icd203_term_and_synonym_is_in_the_textmate_grammar(grammar: dict[str, Any]) -> None:
    estimative = grammar["repository"]["estimative"]["match"]
    missing = sorted({*ICD203, *ICD203_SYNONYMS} - _alternatives([estimative]))
    assert not missing, f"the TextMate grammar does not highlight the ICD 203 terms {missing}"


def test_the_grammar_reads_ids_as_the_language_does(grammar: dict[str, Any]) -> None:
    """An id starts with a letter or `_` and goes on with letters, digits, `_` or `-` (grammar/argmap.lark's ID)."""
    assert r"ID: /[^\W\d][\w\-]*/" in grammar_text()
    assert grammar["repository"]["id"]["match"].endswith(r"[_\p{L}][-_\p{L}\p{N}]*")


def test_the_manifest_contributes_the_language_its_grammar_and_configuration(grammar: dict[str, Any]) -> None:
    manifest = json.loads((EXTENSION / "package.json").read_text(encoding="utf-8"))
    (language,) = manifest["contributes"]["languages"]
    (contributed,) = manifest["contributes"]["grammars"]
    assert language["id"] == contributed["language"] == "argmap"
    assert language["extensions"] == [".arg"]
    assert contributed["scopeName"] == grammar["scopeName"] == "source.argmap"
    assert (EXTENSION / contributed["path"]).resolve() == GRAMMAR
    configuration = json.loads((EXTENSION / language["configuration"]).read_text(encoding="utf-8"))
    assert configuration["comments"] == {"lineComment": "#"}
    assert ["{", "}"] in configuration["brackets"]
    assert {"open": '"', "close": '"', "notIn": ["string", "comment"]} in configuration["autoClosingPairs"]
    assert manifest["contributes"]["configuration"]["properties"]["argmap.server.path"]["default"] == "argmap"
    assert (EXTENSION / manifest["main"]).is_file()


@pytest.mark.parametrize("fixture", FIXTURES, ids=lambda p: p.name)
def test_each_fixture_is_a_map_argmap_reads(fixture: Path) -> None:
    """The assertions are comments, so a fixture is still a map: what it highlights is the language as it is."""
    parsed = argmap.parse(fixture.read_text(encoding="utf-8"), path=str(fixture))
    assert parsed.claims or parsed.sources


def _tool() -> Path:
    """vscode-tmgrammar-test, installed with npm into the cache on first use (skips the test without npm)."""
    program = TOOLS / "node_modules" / ".bin" / "vscode-tmgrammar-test"
    if program.exists():
        return program
    if shutil.which("npm") is None:
        pytest.skip("npm is not installed: the TextMate grammar's fixtures need vscode-tmgrammar-test from npm")
    TOOLS.mkdir(parents=True, exist_ok=True)
    (TOOLS / "package.json").write_text('{"private": true}\n', encoding="utf-8")
    subprocess.run(
        ["npm", "install", "--no-audit", "--no-fund", "--ignore-scripts", "--cache", str(TOOLS.parent / "_cacache"),
         f"vscode-tmgrammar-test@{TMGRAMMAR_TEST_VERSION}"],
        cwd=TOOLS, check=True, capture_output=True, timeout=600,
    )  # fmt: skip
    return program


def test_the_textmate_grammar_scopes_the_seed_maps_as_the_fixtures_assert() -> None:
    assert len(FIXTURES) >= 4
    done = subprocess.run(
        [str(_tool()), "--compact", *(str(p.relative_to(EXTENSION)) for p in FIXTURES)],
        cwd=EXTENSION, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr


def test_the_tool_fails_on_a_wrong_assertion(tmp_path: Path) -> None:
    """The fixtures' passing means something: the same tool refuses a scope the grammar does not give."""
    wrong = tmp_path / "wrong.test.arg"
    wrong.write_text('# SYNTAX TEST "source.argmap"\nexpect won out\n#          ^^^ keyword.other.detail.argmap\n')
    done = subprocess.run(
        [str(_tool()), "--compact", "--grammar", str(GRAMMAR), str(wrong)], capture_output=True, text=True, timeout=120
    )
    assert done.returncode != 0
    assert "constant.language.status.argmap" in done.stdout + done.stderr


# The client, run by Node.js with stand-ins for the `vscode` module and the language client library.
CLIENT_CHECK = r"""
const Module = require("module");
const made = [];
const stubs = {
  vscode: {
    workspace: {
      workspaceFolders: [{ uri: { fsPath: "/home/analyst/maps" } }],
      getConfiguration: () => ({ get: (key) => ({ "server.path": "${workspaceFolder}/.venv/bin/argmap",
                                                   "server.args": ["--log", "${workspaceFolder}/lsp.log"] })[key] }),
      createFileSystemWatcher: (glob) => ({ glob }),
      onDidChangeConfiguration: () => ({ dispose() {} }),
    },
    commands: { registerCommand: (name) => ({ name }), executeCommand: async () => undefined },
    window: { showErrorMessage: async () => undefined },
  },
  "vscode-languageclient/node": {
    TransportKind: { stdio: 0 },
    LanguageClient: class {
      constructor(id, name, server, client) { made.push({ id, name, server, client }); }
      async start() {}
      async stop() {}
    },
  },
};
const load = Module._load;
Module._load = function (request, ...rest) {
  return request in stubs ? stubs[request] : load.call(this, request, ...rest);
};
const extension = require(process.argv[1]);
const context = { subscriptions: [] };
extension.activate(context).then(() => {
  const { server, client } = made[0];
  console.log(JSON.stringify({ server, selector: client.documentSelector, watched: client.synchronize.fileEvents.glob,
                               commands: context.subscriptions.map((s) => s.name).filter(Boolean) }));
});
"""


def test_the_client_starts_argmap_lsp_from_the_setting() -> None:
    node = shutil.which("node")
    if node is None:
        pytest.skip("Node.js is not installed: the extension's client runs on it")
    done = subprocess.run(
        [node, "-e", CLIENT_CHECK, str(EXTENSION / "extension.js")], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    started = json.loads(done.stdout)
    assert started["server"] == {
        "command": "/home/analyst/maps/.venv/bin/argmap",
        "args": ["lsp", "--log", "/home/analyst/maps/lsp.log"],
        "transport": 0,
    }
    assert {"scheme": "file", "language": "argmap"} in started["selector"]
    assert started["watched"] == "**/*.arg"
    assert started["commands"] == ["argmap.restartServer"]


def _message(payload: dict[str, Any]) -> bytes:
    body = json.dumps(payload).encode()
    return b"Content-Length: %d\r\n\r\n%s" % (len(body), body)


def _messages(data: bytes) -> list[dict[str, Any]]:
    """The JSON-RPC messages in what a server wrote, each after its `Content-Length` header."""
    found: list[dict[str, Any]] = []
    while data:
        header, _, rest = data.partition(b"\r\n\r\n")
        length_field = re.search(rb"Content-Length: *(\d+)", header, re.IGNORECASE)
        assert length_field is not None, header
        length = int(length_field.group(1))
        found.append(json.loads(rest[:length]))
        data = rest[length:]
    return found


def test_the_server_the_client_starts_answers_over_stdio(tmp_path: Path) -> None:
    """The client runs `argmap lsp` with `--stdio` added (vscode-languageclient's stdio transport): it must answer."""
    initialize = {"processId": None, "rootUri": tmp_path.as_uri(), "capabilities": {}}
    conversation = b"".join(
        _message(m)
        for m in (
            {"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": initialize},
            {"jsonrpc": "2.0", "method": "initialized", "params": {}},
            {"jsonrpc": "2.0", "id": 2, "method": "shutdown"},
            {"jsonrpc": "2.0", "method": "exit"},
        )
    )
    done = subprocess.run(
        [sys.executable, "-c", "from argmap.cli import run; run()", "lsp", "--stdio"],
        input=conversation, capture_output=True, cwd=tmp_path, timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    answers = {m["id"]: m for m in _messages(done.stdout) if "id" in m}
    capabilities = answers[1]["result"]["capabilities"]
    assert capabilities["definitionProvider"] and capabilities["renameProvider"] and capabilities["hoverProvider"]
    assert answers[2]["result"] is None


@pytest.mark.slow
def test_the_build_script_packages_the_extension_with_its_client_library(tmp_path: Path) -> None:
    import zipfile

    if shutil.which("npm") is None:
        pytest.skip("npm is not installed: scripts/build_vsix.py installs @vscode/vsce with it")
    vsix = tmp_path / "argmap.vsix"
    done = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "build_vsix.py"), "-o", str(vsix)],
        capture_output=True, text=True, timeout=900,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    names = set(zipfile.ZipFile(vsix).namelist())
    for packed in ("package.json", "extension.js", "language-configuration.json", "syntaxes/argmap.tmLanguage.json",
                   "node_modules/vscode-languageclient/node.js"):  # fmt: skip
        assert f"extension/{packed}" in names
    assert not any(name.startswith("extension/tests/") for name in names)
    manifest = json.loads(zipfile.ZipFile(vsix).read("extension/package.json"))
    assert manifest["contributes"]["languages"][0]["extensions"] == [".arg"]
