"""argmap: argument maps as plain text, checked like code and drawn with Graphviz.

The public API: `load` and `parse` read a map, `check` runs `argmap check`'s
rules on it, `argmap.evaluate.evaluate` says which claims stand,
`compile_map` turns it into Graphviz's DOT and `render_map` draws it;
`show` displays it in a notebook.
`check`, `compile_map` and `render_map` import what they need on first use,
so `import argmap` (and every `argmap` command) stays quick to start.
"""

from __future__ import annotations

# The one place the version is written: the package metadata reads it from here ([tool.hatch.version]).
__version__ = "0.1.0"

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from argmap.diagnostics import Diagnostic
from argmap.errors import ArgmapError, IncludeError, MapError, ParseError, UsageError
from argmap.model import ArgumentMap
from argmap.read.loader import load
from argmap.read.parser import parse

# Names importable from `argmap` whose modules load only when first asked for.
_LAZY = {
    "compile_map": "argmap.draw.compile",
    "render_map": "argmap.draw.render",
    "show": "argmap.draw.jupyter",
}

if TYPE_CHECKING:  # the type checker sees them as they are, and no other name passes for one of them
    from argmap.draw.compile import compile_map
    from argmap.draw.jupyter import show
    from argmap.draw.render import render_map
else:

    def __getattr__(name: str) -> Any:
        """`argmap.compile_map`, `argmap.render_map` and `argmap.show`, imported on first use (PEP 562)."""
        if name in _LAZY:
            import importlib

            value = getattr(importlib.import_module(_LAZY[name]), name)
            globals()[name] = value
            return value
        raise AttributeError(f"module 'argmap' has no attribute {name!r}")


def check(
    argument_map: ArgumentMap | str | Path,
    select: str | Sequence[str] | None = None,
    ignore: str | Sequence[str] = (),
    *,
    allow_outside_root: bool = False,
    likelihood_terms: str = "standard",
) -> list[Diagnostic]:
    """What `argmap check` reports about a map, as diagnostics sorted by file, line, column and code.

    `argument_map` is a loaded map, or the path of one to load (with its
    includes): a map that cannot be read gives the diagnostics saying why,
    as the command reports them. `select` and `ignore` take rule codes, code
    prefixes (`"AM1"`) or names (`"circular-support"`), one as a string or
    several in a list, as `--select` and `--ignore` do; `None` selects every
    rule. An unknown selector raises `argmap.checks.UnknownSelector` (a
    `ValueError`). Acknowledged reports are included, each with its
    `acknowledged` reason; `argmap.checks.fails(diagnostic, strict)` says
    whether one fails the check. Source files outside the map's project are
    not read (AM303) unless `allow_outside_root` is set. `likelihood_terms`
    is the `likelihood-terms` setting: which of ICD 203's two word lists the
    map writes, `"standard"` or `"alternate"` (AM401, AM404).
    """
    from argmap.checks import run_checks  # the rules import the evaluation: loaded only by a program that checks

    if not isinstance(argument_map, ArgumentMap):
        try:
            argument_map = load(argument_map, allow_outside_root=allow_outside_root)
        except MapError as error:
            return list(error.diagnostics)
    chosen = (select,) if isinstance(select, str) else select
    skipped = (ignore,) if isinstance(ignore, str) else ignore
    return run_checks(
        argument_map, chosen, skipped, allow_outside_root=allow_outside_root, likelihood_terms=likelihood_terms
    )


__all__ = [
    "ArgmapError",
    "ArgumentMap",
    "IncludeError",
    "MapError",
    "ParseError",
    "UsageError",
    "__version__",
    "check",
    "compile_map",
    "load",
    "parse",
    "render_map",
    "show",
]
