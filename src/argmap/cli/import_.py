"""`argmap import`: a map another tool wrote (AIF or OVA JSON, Argdown), as a `.arg` map in the canonical layout."""

from __future__ import annotations

import click

from argmap.cli.common import handle_errors
from argmap.diagnostics import printable
from argmap.edit import DEFAULT_LINE_LENGTH, FormatError, format_text
from argmap.errors import MapError
from argmap.files import write_atomic
from argmap.formats.argtext import to_arg
from argmap.formats.imported import ImportFailure
from argmap.formats.interchange import IMPORTS, import_file

__all__ = ["import_command"]

# What was left out is named thing by thing up to this many; a file of thousands gets a count for the rest.
_NOTES_SHOWN = 20


@click.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option("--from", "source_format", type=click.Choice(sorted(IMPORTS)), default=None,
              help="The file's format; by default its extension says (.json: aif, .argdown: argdown).")  # fmt: skip
@click.option("--output", "-o", type=click.Path(dir_okay=False), default=None,
              help="Write the map to this file instead of standard output; '-' is standard output.")  # fmt: skip
@click.option("--line-length", type=click.IntRange(min=20), default=DEFAULT_LINE_LENGTH, show_default=True,
              help="Fill texts to this width.")  # fmt: skip
@handle_errors
def import_command(file: str, source_format: str | None, output: str | None, line_length: int) -> None:
    """Read FILE (AIF or OVA JSON, or Argdown) and write it as a .arg map.

    What the map cannot hold is left out and named on standard error.
    """
    imported = import_file(file, source_format)
    for note in imported.left_out[:_NOTES_SHOWN]:
        click.echo(f"argmap: {printable(file)}: left out {printable(note)}", err=True)
    if len(imported.left_out) > _NOTES_SHOWN:
        click.echo(f"argmap: {printable(file)}: and {len(imported.left_out) - _NOTES_SHOWN:,} more left out", err=True)
    name = output if output not in (None, "-") else "<imported>"
    try:
        text = format_text(to_arg(imported.map, imported.comments), str(name), line_length)
    except (MapError, FormatError) as error:
        # Ids the file gives (argmap's own object in an AIF file) that the language would read otherwise.
        raise ImportFailure(f"{file}: what it holds cannot be written as a .arg map: {_first_line(error)}") from None
    if output is None or output == "-":
        click.echo(text, nl=False)
    else:
        write_atomic(output, text.encode("utf-8"))


def _first_line(error: Exception) -> str:
    if isinstance(error, MapError):
        diagnostic = error.diagnostic
        return f"{diagnostic.message} (line {diagnostic.span.line} of the written map)"
    return str(error).splitlines()[0]
