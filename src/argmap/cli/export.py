"""`argmap export`: print a map in a machine format."""

from __future__ import annotations

import click

from argmap.cli.common import handle_errors, load_map
from argmap.formats.export import FORMATS, PIECES

__all__ = ["export"]


@click.command()
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option("--format", "-f", "fmt", type=click.Choice(sorted(FORMATS)), default="json", show_default=True,
              help="Output format.")  # fmt: skip
@click.option("--allow-outside-root", is_flag=True, help="Allow includes outside the project folder.")
@handle_errors
def export(file: str, fmt: str, allow_outside_root: bool) -> None:
    """Print the map in FILE (with its includes) in a machine format."""
    for piece in PIECES[fmt](load_map(file, allow_outside_root)):  # written as made: never the whole text at once
        click.echo(piece, nl=False)
