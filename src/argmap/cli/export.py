"""`argmap export`: a map in a machine format, or in another tool's (AIF, Argdown, GraphML, CSV)."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import click

from argmap.cli.common import handle_errors, load_map
from argmap.errors import UsageError
from argmap.files import write_atomic
from argmap.formats.export import FORMATS, PIECES
from argmap.formats.interchange import EXPORTS
from argmap.formats.table import tables

__all__ = ["export"]

# CSV is two tables, so a folder: it has no text to print.
_CSV = "csv"


@click.command()
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option("--format", "-f", "fmt", type=click.Choice(sorted({*FORMATS, *EXPORTS, _CSV})), default="json",
              show_default=True, help="Output format.")  # fmt: skip
@click.option("--output", "-o", type=click.Path(), default=None,
              help="Write to this file (for csv: this folder) instead of standard output.")  # fmt: skip
@click.option("--bom", is_flag=True, help="csv: start each file with a UTF-8 byte order mark, for spreadsheets.")
@click.option("--allow-outside-root", is_flag=True, help="Allow includes outside the project folder.")
@handle_errors
def export(file: str, fmt: str, output: str | None, bom: bool, allow_outside_root: bool) -> None:
    """Print the map in FILE (with its includes) in a machine format, or write it with -o."""
    if bom and fmt != _CSV:
        raise UsageError("--bom is for --format csv, whose files spreadsheets open")
    if fmt == _CSV:
        if output is None or output == "-":
            raise UsageError("--format csv writes claims.csv and links.csv into a folder: give it with -o DIR")
        argument_map = load_map(file, allow_outside_root)
        folder = Path(output)
        if folder.exists() and not folder.is_dir():
            raise UsageError(f"{output}: not a folder; --format csv writes claims.csv and links.csv into one")
        folder.mkdir(parents=True, exist_ok=True)
        for name, data in tables(argument_map, bom).items():
            write_atomic(folder / name, data)
        return
    argument_map = load_map(file, allow_outside_root)
    pieces: Iterable[str] = [EXPORTS[fmt](argument_map)] if fmt in EXPORTS else PIECES[fmt](argument_map)
    if output is None or output == "-":
        for piece in pieces:  # written as made: never the whole text at once
            click.echo(piece, nl=False)
    else:
        write_atomic(output, "".join(pieces).encode("utf-8"))
