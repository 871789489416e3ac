"""`argmap lsp`: the language server editors start, speaking LSP over stdin and stdout."""

from __future__ import annotations

import gc

import click

from argmap import gcpause

__all__ = ["lsp"]


@click.command()
@click.option("--stdio", is_flag=True, help="Speak over stdin and stdout (the default and only way; editors pass it).")
def lsp(stdio: bool) -> None:
    """Run the language server: diagnostics from every rule as you type, go to definition, rename, hover.

    Editors start it themselves; see the README's "Editors" section.
    """
    # The console script frees nothing until it exits (`argmap.cli.run`): right for a
    # command, wrong for a server that checks maps for hours.
    gc.enable()
    gcpause._kept = None
    from argmap.edit.lsp import serve

    serve()
