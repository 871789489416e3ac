"""The `argmap` command: load, run one stage, format, choose the exit code.

Exit codes: 0 success, 1 the map has errors, 2 usage, I/O or internal error.
Only this package prints. Each subcommand lives in a module of its own and
shares `argmap.cli.common`.
"""

from __future__ import annotations

import gc
import importlib
import os
import sys
from typing import Any

import click

from argmap import __version__, gcpause
from argmap.cli import common
from argmap.cli.common import EXIT_CLOSED_PIPE, EXIT_ERROR, EXIT_FINDINGS, EXIT_OK, fail, handle_errors, load_map

__all__ = ["EXIT_ERROR", "EXIT_FINDINGS", "EXIT_OK", "fail", "handle_errors", "load_map", "main", "run"]


class _LazyGroup(click.Group):
    """A group that imports a subcommand's module only when it is asked for.

    `argmap check` runs in editors and CI on every save, so it should not pay
    for importing render's Graphviz or the evaluation's solvers at start-up.
    """

    def __init__(self, *args: Any, lazy: dict[str, str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.lazy = lazy

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *self.lazy})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in self.lazy and cmd_name not in self.commands:
            module, name = self.lazy[cmd_name].split(":")
            self.add_command(getattr(importlib.import_module(module), name), cmd_name)
        return super().get_command(ctx, cmd_name)


# Subcommands, one module each; they import only argmap.cli.common.
_SUBCOMMANDS = {
    "ach": "argmap.cli.ach:ach",
    "check": "argmap.cli.check:check",
    "diff": "argmap.cli.diff:diff",
    "eval": "argmap.cli.eval:eval_command",
    "export": "argmap.cli.export:export",
    "fmt": "argmap.cli.fmt:fmt",
    "import": "argmap.cli.import_:import_command",
    "lsp": "argmap.cli.lsp:lsp",
    "render": "argmap.cli.render:render",
    "rules": "argmap.cli.rules:rules",
}


@click.group(cls=_LazyGroup, lazy=_SUBCOMMANDS, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", "-V", prog_name="argmap")
def main() -> None:
    """argmap: lay out, check and draw arguments written in .arg files."""


def run() -> None:
    """The console script: `main` in a process of its own, with the cycle collector off.

    The process reads maps, checks or draws them, and exits. A map's model is
    a great many small objects that form no cycles: the collector can free
    none of them but walks them again and again as they pile up (a fifth of
    the time of checking 20,000 arguments). Memory is still freed by reference
    counting, except for the maps and indexes the command builds: those are
    kept to the end, and the process ends with `os._exit` once its output is
    flushed, rather than freeing them object by object (a tenth of a large
    check). `main` itself, as tests and other programs call it, leaves the
    collector alone and frees everything as usual.

    Here too, and only here, `check` may run the evaluation's rules in a
    second process beside the others (ARGMAP_JOBS=1 keeps it to one).

    Measured by coverage (`make coverage`), this process and that second one
    still end with `os._exit`, as they do in use: coverage's `_exit` patch
    saves their data first, and its `fork` patch gives the second process
    data of its own (`[tool.coverage.run]` in pyproject.toml).
    """
    gc.disable()
    common.PARALLEL = os.environ.get("ARGMAP_JOBS", "").strip() != "1"
    gcpause.start_keeping()
    try:
        main(prog_name="argmap")
        status: object = 0
    except SystemExit as done:
        status = done.code
    _exit(status)


def _exit(status: object) -> None:
    """Exit as `sys.exit(status)` would, without tearing the interpreter down object by object."""
    if status is None:
        code = EXIT_OK
    elif isinstance(status, int):
        code = status
    else:
        print(status, file=sys.stderr)
        code = EXIT_FINDINGS
    try:
        sys.stdout.flush()
    except BrokenPipeError:  # the reader stopped reading: quietly, as `handle_errors` does during the command
        code = EXIT_CLOSED_PIPE
    except OSError as error:
        print(f"argmap: {error.strerror or error}", file=sys.stderr)
        code = EXIT_ERROR
    try:
        sys.stderr.flush()
    finally:
        os._exit(code)
