"""`argmap lsp`: the language server, over stdio, built on pygls.

Each open file is checked through the map it belongs to (`project.IncludeGraph`),
with the editor's unsaved texts standing in for the files on disk, a short
while after the user stops typing. The check runs in a worker thread, one at
a time, so the server keeps answering meanwhile; its result (`Analysis`)
answers every request about that map until the next one. A request about a
map with changes not yet checked checks them first. Nothing a document holds
stops the server: a failure is logged and the server carries on.
"""

from __future__ import annotations

import asyncio
import logging
import os
import sys
from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from lsprotocol import types
from pygls.exceptions import JsonRpcException
from pygls.lsp.server import LanguageServer
from pygls.uris import to_fs_path

from argmap import __version__
from argmap.edit.fmt import DEFAULT_LINE_LENGTH, FormatError, format_text
from argmap.edit.lsp import features
from argmap.edit.lsp.analysis import Analysis, analyse
from argmap.edit.lsp.features import Places, RenameRefused, uri_of
from argmap.edit.lsp.project import IncludeGraph, MapReader
from argmap.errors import ArgmapError
from argmap.read.config import Settings, load_settings
from argmap.read.loader import find_project_root

__all__ = ["ArgmapLanguageServer", "serve"]

logger = logging.getLogger("argmap.lsp")

_REQUEST_FAILED = int(types.LSPErrorCodes.RequestFailed)
# What reading a file reports (syntax, encoding, includes, size, refused files): gone once it reads.
_READING_ERRORS = frozenset(("AM001", "AM002", "AM003", "AM004", "AM005"))
# How long the user may pause typing before the map is checked again.
DEFAULT_DEBOUNCE = 0.05


class ArgmapLanguageServer(LanguageServer):
    """The server's state: the maps it has checked, and which map each open file belongs to."""

    def __init__(self) -> None:
        super().__init__("argmap", __version__, text_document_sync_kind=types.TextDocumentSyncKind.Incremental)
        self.reader = MapReader()
        self.worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="argmap-check")
        self.debounce = DEFAULT_DEBOUNCE
        self.chosen_map: Path | None = None
        self.analyses: dict[Path, tuple[int, Analysis]] = {}
        self.generations: dict[Path, int] = {}
        self.published: dict[Path, set[str]] = {}
        self.last_sent: dict[str, list[types.Diagnostic]] = {}
        self.uris: dict[str, str] = {}
        self.graphs: dict[Path, IncludeGraph] = {}
        self.includes_seen: dict[Path, list[str]] = {}
        self.settings: dict[Path, Settings] = {}
        self._lock: asyncio.Lock | None = None
        self._waiting: set[asyncio.Future[None]] = set()

    # --- files and maps ------------------------------------------------------------

    def opened(self) -> dict[Path, str]:
        """The texts the editor holds, by resolved path (files only: an untitled buffer has no place)."""
        texts: dict[Path, str] = {}
        for uri, document in list(self.workspace.text_documents.items()):
            path = _path_of(uri)
            if path is not None:
                texts[path] = document.source
                self.uris[str(path)] = uri
        return texts

    def uri(self, file: str) -> str:
        """The URI the editor knows a file by (the one it opened it with), else the file's own."""
        return self.uris.get(file) or uri_of(file)

    def graph(self, path: Path) -> IncludeGraph:
        """The include graph of the project a file is in."""
        root = find_project_root(path)
        if root not in self.graphs:
            self.graphs[root] = IncludeGraph(root, self.opened)
        return self.graphs[root]

    def map_of(self, path: Path) -> Path:
        """The map a file is checked through: the chosen one when it reaches the file, else the nearest index."""
        graph = self.graph(path)
        chosen = self.chosen_map
        if chosen is not None and path in graph.reached_from(chosen):
            return chosen
        return graph.map_of(path)

    def settings_of(self, top: Path) -> Settings:
        """The project's `[tool.argmap]` settings (rules selected, line length); the defaults when unreadable."""
        root = find_project_root(top)
        if root not in self.settings:
            try:
                self.settings[root] = load_settings(start=top.parent)
            except (ArgmapError, OSError, ValueError) as error:
                logger.warning("argmap: settings not read: %s", error)
                self.settings[root] = Settings()
        return self.settings[root]

    def note_includes(self, path: Path, text: str) -> None:
        """Scan the project again when a file's includes change (the map a file belongs to may change)."""
        written = [line.strip() for line in text.splitlines() if line.lstrip().startswith("include")]
        if self.includes_seen.get(path) != written:
            self.includes_seen[path] = written
            self.graph(path).forget()

    # --- checking ------------------------------------------------------------------

    @property
    def lock(self) -> asyncio.Lock:
        """One check at a time: the results are published in the order the changes came."""
        if self._lock is None:
            self._lock = asyncio.Lock()
        return self._lock

    def changed(self, path: Path) -> None:
        """A file changed: check its map once the user pauses."""
        top = self.map_of(path)
        generation = self.generations[top] = self.generations.get(top, 0) + 1
        task = asyncio.ensure_future(self._later(top, generation))
        self._waiting.add(task)  # held until done: the loop keeps only a weak reference
        task.add_done_callback(self._waiting.discard)

    async def _later(self, top: Path, generation: int) -> None:
        await asyncio.sleep(self.debounce)
        if self.generations.get(top) == generation:  # else a later change has its own turn
            await self.current(top)

    async def current(self, top: Path, wait: bool = True) -> Analysis | None:
        """The analysis of a map with every change so far: the last one, or a new check.

        Without `wait`, while a check is running the last analysis answers (a
        hover, a completion): a large map's check does not hold the editor up.
        """
        known = self.analyses.get(top)
        if not wait and known is not None and self.lock.locked():
            return known[1]
        async with self.lock:
            generation = self.generations.setdefault(top, 0)
            known = self.analyses.get(top)
            if known is not None and known[0] == generation:
                return known[1]
            opened = self.opened()
            versions = {uri: document.version for uri, document in self.workspace.text_documents.items()}
            settings = self.settings_of(top)
            try:
                analysis = await asyncio.get_running_loop().run_in_executor(
                    self.worker, analyse, self.reader, top, find_project_root(top), opened,
                    settings.select, settings.ignore, settings.likelihood_terms,
                )  # fmt: skip
            except Exception:  # a bug, or a map past what can be checked: the server carries on
                logger.exception("argmap: checking %s failed", top)
                return known[1] if known is not None else None
            self.analyses[top] = (generation, analysis)
            self.publish(top, analysis, versions)
            return analysis

    def publish(self, top: Path, analysis: Analysis, versions: Mapping[str, int | None]) -> None:
        """Send each file's diagnostics, and empty lists to files that had some and have none now.

        A file's diagnostics go out only when they differ from those last sent
        for it (typing in one file of a split map leaves the others' alone),
        with the version of the document they were found in, when it is open.
        """
        places = Places(self.workspace.position_codec, analysis.text_of)
        now: dict[str, list[types.Diagnostic]] = {}
        for file, found in analysis.diagnostics.items():
            if os.path.isabs(file):  # else a place no file has
                now[self.uri(file)] = features.lsp_diagnostics(found, places)
        if not analysis.checked:
            # The other files keep their reports but for the reading errors fixed since.
            for uri in self.published.get(top, set()) - set(now):
                now[uri] = [d for d in self.last_sent.get(uri, []) if str(d.code) not in _READING_ERRORS]
        for uri in self.published.get(top, set()) - set(now):
            now[uri] = []
        for uri, diagnostics in now.items():
            if self.last_sent.get(uri) != diagnostics:
                self.last_sent[uri] = diagnostics
                params = types.PublishDiagnosticsParams(uri=uri, diagnostics=diagnostics, version=versions.get(uri))
                self.text_document_publish_diagnostics(params)
        self.published[top] = {uri for uri, diagnostics in now.items() if diagnostics}  # to clear when they go

    async def analysis_at(self, uri: str, wait: bool = False) -> tuple[Analysis, str, Places] | None:
        """The analysis of the map a document belongs to, its file name, and places for answering."""
        path = _path_of(uri)
        if path is None:
            return None
        analysis = await self.current(self.map_of(path), wait)
        if analysis is None:
            return None
        return analysis, str(path), Places(self.workspace.position_codec, analysis.text_of)

    async def at(self, uri: str, position: types.Position, wait: bool = False) -> features.At | None:
        """The place a request is about, with the analysis of its map (`wait`: with every change so far)."""
        found = await self.analysis_at(uri, wait)
        if found is None:
            return None
        analysis, file, places = found
        line, column = places.place(file, position)
        return features.At(analysis, file, line, column, places)

    def line_length(self, path: Path) -> int:
        """The width `fmt` fills texts to in this file's project."""
        return self.settings_of(path).line_length or DEFAULT_LINE_LENGTH


def _path_of(uri: str) -> Path | None:
    if not uri.startswith("file:"):
        return None
    path = to_fs_path(uri)
    if path is None:
        return None
    try:
        return Path(path).resolve()
    except (OSError, RuntimeError):
        return Path(os.path.abspath(path))


def _options(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


server = ArgmapLanguageServer()


@server.feature(types.INITIALIZE)
def initialize(ls: ArgmapLanguageServer, params: types.InitializeParams) -> None:
    """Settings from the editor: `map` (the map to check files through) and `debounce` (milliseconds)."""
    options = _options(params.initialization_options)
    options = _options(options.get("argmap", options))
    root = _path_of(params.root_uri) if params.root_uri else None
    chosen = options.get("map")
    if isinstance(chosen, str) and chosen:
        base = root or Path.cwd()
        ls.chosen_map = (base / chosen).resolve()
    debounce = options.get("debounce")
    if isinstance(debounce, int | float) and 0 <= debounce <= 10_000:
        ls.debounce = debounce / 1000


def document_changed(
    ls: ArgmapLanguageServer,
    params: types.DidOpenTextDocumentParams
    | types.DidChangeTextDocumentParams
    | types.DidSaveTextDocumentParams
    | types.DidCloseTextDocumentParams,
) -> None:
    """A document opened, changed, saved or closed (the file on disk stands in for a closed one)."""
    _changed(ls, params.text_document.uri)


for _event in (
    types.TEXT_DOCUMENT_DID_OPEN,
    types.TEXT_DOCUMENT_DID_CHANGE,
    types.TEXT_DOCUMENT_DID_SAVE,
    types.TEXT_DOCUMENT_DID_CLOSE,
):
    server.feature(_event)(document_changed)


@server.feature(types.WORKSPACE_DID_CHANGE_WATCHED_FILES)
def did_change_watched_files(ls: ArgmapLanguageServer, params: types.DidChangeWatchedFilesParams) -> None:
    for graph in ls.graphs.values():
        graph.forget()
    for top in list(ls.analyses):
        ls.changed(top)


def _changed(ls: ArgmapLanguageServer, uri: str) -> None:
    path = _path_of(uri)
    if path is None:
        return
    try:
        document = ls.workspace.text_documents.get(uri)
        if document is not None:
            ls.note_includes(path, document.source)
        ls.changed(path)
    except Exception:  # never let one document stop the server
        logger.exception("argmap: could not take in the change to %s", uri)


@server.feature(types.TEXT_DOCUMENT_DEFINITION)
async def definition(ls: ArgmapLanguageServer, params: types.DefinitionParams) -> list[types.Location]:
    at = await ls.at(params.text_document.uri, params.position)
    return features.definition(at) if at is not None else []


@server.feature(types.TEXT_DOCUMENT_REFERENCES)
async def references(ls: ArgmapLanguageServer, params: types.ReferenceParams) -> list[types.Location]:
    at = await ls.at(params.text_document.uri, params.position)
    return features.references(at, params.context.include_declaration) if at is not None else []


@server.feature(types.TEXT_DOCUMENT_HOVER)
async def hover(ls: ArgmapLanguageServer, params: types.HoverParams) -> types.Hover | None:
    at = await ls.at(params.text_document.uri, params.position)
    return features.hover(at) if at is not None else None


@server.feature(types.TEXT_DOCUMENT_COMPLETION, types.CompletionOptions(trigger_characters=[" ", '"', ","]))
async def completion(ls: ArgmapLanguageServer, params: types.CompletionParams) -> types.CompletionList:
    found = await ls.analysis_at(params.text_document.uri)
    document = ls.workspace.text_documents.get(params.text_document.uri)
    lines = document.lines if document is not None else []
    if found is None or params.position.line > len(lines):
        return types.CompletionList(is_incomplete=False, items=[])
    analysis = found[0]
    if params.position.line == len(lines):  # the empty line after the text's last line end
        line_text, column = "", 1
    else:
        line_text = lines[params.position.line].rstrip("\r\n")
        column = document.position_codec.position_from_client_units(lines, params.position).character + 1  # type: ignore[union-attr]
    return types.CompletionList(is_incomplete=False, items=features.completions(analysis, line_text, column))


@server.feature(types.TEXT_DOCUMENT_PREPARE_RENAME)
async def prepare_rename(ls: ArgmapLanguageServer, params: types.PrepareRenameParams) -> types.Range | None:
    at = await ls.at(params.text_document.uri, params.position, wait=True)
    if at is None:
        return None
    try:
        return at.places.range(features.rename_target(at).span)
    except RenameRefused:
        return None


@server.feature(types.TEXT_DOCUMENT_RENAME)
async def rename(ls: ArgmapLanguageServer, params: types.RenameParams) -> types.WorkspaceEdit:
    at = await ls.at(params.text_document.uri, params.position, wait=True)  # renames what is written now
    if at is None:
        raise JsonRpcException("this document is not a map file on disk", _REQUEST_FAILED)
    try:
        edit = features.rename(at, params.new_name)
    except RenameRefused as refusal:  # said to the user as it is, not as a failure of the server
        raise JsonRpcException(str(refusal), _REQUEST_FAILED) from None
    if edit.changes:  # the URIs the editor knows the files by
        edit.changes = {ls.uri(to_fs_path(uri) or uri): edits for uri, edits in edit.changes.items()}
    return edit


@server.feature(types.TEXT_DOCUMENT_DOCUMENT_SYMBOL)
async def document_symbols(ls: ArgmapLanguageServer, params: types.DocumentSymbolParams) -> list[types.DocumentSymbol]:
    found = await ls.analysis_at(params.text_document.uri)
    if found is None:
        return []
    analysis, file, places = found
    return features.document_symbols(analysis, file, places)


@server.feature(types.TEXT_DOCUMENT_FORMATTING)
def formatting(ls: ArgmapLanguageServer, params: types.DocumentFormattingParams) -> list[types.TextEdit] | None:
    document = ls.workspace.text_documents.get(params.text_document.uri)
    path = _path_of(params.text_document.uri)
    if document is None:
        return None
    text = document.source
    width = ls.line_length(path) if path is not None else DEFAULT_LINE_LENGTH
    try:
        formatted = format_text(text, str(path or "<buffer>"), width)
    except (ArgmapError, FormatError, RecursionError) as error:
        logger.info("argmap: not formatted: %s", str(error).split("\n", 1)[0])
        return None  # a map that does not parse is left as it is; its diagnostics say why
    except Exception:  # a fault of the formatter on this text: the buffer is left as it is
        logger.exception("argmap: formatting %s failed", params.text_document.uri)
        return None
    if formatted == text:
        return []
    lines = document.lines
    end = types.Position(line=len(lines), character=0)
    return [types.TextEdit(range=types.Range(start=types.Position(line=0, character=0), end=end), new_text=formatted)]


@server.feature(
    types.TEXT_DOCUMENT_CODE_ACTION, types.CodeActionOptions(code_action_kinds=[types.CodeActionKind.QuickFix])
)
async def code_action(ls: ArgmapLanguageServer, params: types.CodeActionParams) -> list[types.CodeAction]:
    found = await ls.analysis_at(params.text_document.uri)
    document = ls.workspace.text_documents.get(params.text_document.uri)
    if found is None or document is None:
        return []
    return features.code_actions(
        found[0], found[1], params.text_document.uri, params.context.diagnostics, document.source
    )


def serve() -> None:
    """Run the server over stdin and stdout until the editor ends it; logs go to stderr."""
    logging.basicConfig(level=logging.WARNING, format="%(message)s")
    # pygls closes the stream it writes to when the editor says `exit`: give it a stream of its
    # own, so that the command's own stdout is still there to flush as it ends.
    with os.fdopen(os.dup(sys.stdout.fileno()), "wb") as out:
        server.start_io(sys.stdin.buffer, out)
