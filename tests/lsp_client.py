"""What the language server's tests share: a project copied to a temporary folder, and waiting for diagnostics."""

from __future__ import annotations

import asyncio
import shutil
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from lsprotocol import types
from pygls.uris import from_fs_path
from pytest_lsp import ClientServerConfig, LanguageClient

ROOT = Path(__file__).resolve().parents[1]
SERVER = ClientServerConfig(server_command=[sys.executable, "-m", "argmap", "lsp"])
# Long enough for a loaded machine (CI runs on 2 cores); a passing test never waits this long.
PATIENCE = 20.0


def seed_project(folder: Path) -> Path:
    """The seed's maps and the article they quote, copied into `folder`, which becomes a project (`.git`)."""
    shutil.copytree(ROOT / "maps", folder / "maps")
    shutil.copytree(ROOT / "seeds", folder / "seeds")
    (folder / ".git").mkdir()
    return folder


def uri(path: Path) -> str:
    """A file's URI as an editor sends it."""
    found = from_fs_path(str(path))
    assert found is not None
    return found


async def start(client: LanguageClient, root: Path, options: dict[str, object] | None = None) -> None:
    """Initialise the session with `root` as the workspace."""
    await client.initialize_session(
        types.InitializeParams(
            capabilities=types.ClientCapabilities(),
            root_uri=uri(root),
            workspace_folders=[types.WorkspaceFolder(uri=uri(root), name="project")],
            initialization_options=options,
        )
    )


def open_file(client: LanguageClient, path: Path, text: str | None = None) -> str:
    """Open a file in the editor (its text on disk, or `text` as unsaved); its URI."""
    address = uri(path)
    content = path.read_text(encoding="utf-8") if text is None else text
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(uri=address, language_id="argmap", version=1, text=content)
        )
    )
    return address


def change(client: LanguageClient, address: str, text: str, version: int) -> None:
    """Replace a document's whole text, as an editor may send it."""
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(version=version, uri=address),
            content_changes=[types.TextDocumentContentChangeWholeDocument(text=text)],
        )
    )


async def diagnostics_until(
    client: LanguageClient, address: str, wanted: Callable[[Sequence[types.Diagnostic]], bool]
) -> Sequence[types.Diagnostic]:
    """The diagnostics of a document once they are as `wanted` (the server publishes a while after a change)."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + PATIENCE
    while loop.time() < deadline:
        found = client.diagnostics.get(address)
        if found is not None and wanted(found):
            return found
        await asyncio.sleep(0.02)
    raise AssertionError(f"diagnostics of {address} never came as wanted; last: {client.diagnostics.get(address)}")


def codes(found: Sequence[types.Diagnostic]) -> list[str]:
    """The rule codes of some diagnostics."""
    return [str(d.code) for d in found]


def position_of(text: str, word: str, occurrence: int = 0, offset: int = 1) -> types.Position:
    """The position `offset` characters into the `occurrence`-th time `word` is written in `text`."""
    at = -1
    for _ in range(occurrence + 1):
        at = text.index(word, at + 1)
    line = text.count("\n", 0, at)
    return types.Position(line=line, character=at - (text.rfind("\n", 0, at) + 1) + offset)
