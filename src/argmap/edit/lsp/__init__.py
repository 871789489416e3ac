"""The language server (`argmap lsp`): every rule's diagnostics as the user types, navigation, rename, hover.

`project` reads maps with the editor's unsaved texts, `symbols` indexes each
id's definitions and uses, `analysis` is one look at a map, `features` turns it
into LSP answers and `server` wires them to pygls.
"""

from __future__ import annotations

__all__ = ["serve"]


def serve() -> None:
    """Run the language server over stdio (pygls is imported only here, when a server is wanted)."""
    from argmap.edit.lsp.server import serve as run

    run()
