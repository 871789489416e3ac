"""Maps in and out of other tools: the registry of interchange formats, and reading a file to import.

`EXPORTS` gives the text of a map in AIF, Argdown or GraphML; `TABLES`
(argmap.formats.table) writes the CSV folder. `import_file` reads a file
another tool wrote (AIF or OVA JSON, Argdown), bounded in size and checked
as it goes, into an `Imported` map: the `.arg` text comes from
`argmap.formats.argtext.to_arg`.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from argmap.files import read_regular
from argmap.formats.aif import from_aif, to_aif
from argmap.formats.argdown import to_argdown
from argmap.formats.argdown_import import from_argdown
from argmap.formats.graphml import to_graphml
from argmap.formats.imported import MAX_IMPORT_BYTES, Imported, ImportFailure, load_json
from argmap.model import ArgumentMap

__all__ = ["EXPORTS", "IMPORTS", "SUFFIXES", "format_of", "import_file", "import_text"]

EXPORTS: dict[str, Callable[[ArgumentMap], str]] = {
    "aif": to_aif,
    "argdown": to_argdown,
    "graphml": to_graphml,
}


def _aif(text: str, name: str) -> Imported:
    return from_aif(load_json(text, name), name)


IMPORTS: dict[str, Callable[[str, str], Imported]] = {"aif": _aif, "argdown": from_argdown}
# The format a file's name suggests: AIFdb and OVA both write `.json`.
SUFFIXES = {".json": "aif", ".aif": "aif", ".argdown": "argdown", ".ad": "argdown"}


def format_of(path: str | Path, given: str | None = None) -> str:
    """The format to read `path` in: `given`, or the one its extension names."""
    if given is not None:
        return given
    suffix = Path(path).suffix.lower()
    if suffix not in SUFFIXES:
        known = ", ".join(sorted(SUFFIXES))
        raise ImportFailure(f"{path}: cannot tell the format from the extension '{suffix}' (argmap reads {known}); "
                            "give --from aif or --from argdown")  # fmt: skip
    return SUFFIXES[suffix]


def import_text(text: str, name: str, fmt: str) -> Imported:
    """The map in `text`, written in `fmt`; `name` locates errors."""
    return IMPORTS[fmt](text, name)


def import_file(path: str | Path, fmt: str | None = None, most: int = MAX_IMPORT_BYTES) -> Imported:
    """The map in the file at `path`: at most `most` bytes of UTF-8, read as `fmt` or as its extension says."""
    fmt = format_of(path, fmt)
    data = read_regular(path, most)
    if len(data) > most:
        raise ImportFailure(f"{path}: the file is larger than {most:,} bytes, the most argmap imports")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        column = error.start - (data.rfind(b"\n", 0, error.start) + 1) + 1
        raise ImportFailure(f"{path}:{line}:{column}: not UTF-8 (byte 0x{data[error.start]:02x})") from None
    return import_text(text.removeprefix("\ufeff"), str(path), fmt)
