"""The `argmap` command: load, run one stage, format, choose the exit code.

Exit codes: 0 success, 1 the map has errors, 2 usage, I/O or internal error.
Only this package prints. Each subcommand lives in a module of its own and
shares `argmap.cli.common`.
"""

from __future__ import annotations

import click

from argmap import __version__
from argmap.cli.common import EXIT_ERROR, EXIT_FINDINGS, EXIT_OK, fail, handle_errors, load_map

__all__ = ["EXIT_ERROR", "EXIT_FINDINGS", "EXIT_OK", "fail", "handle_errors", "load_map", "main"]


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", "-V", prog_name="argmap")
def main() -> None:
    """argmap: lay out, check and draw arguments written in .arg files."""


# Subcommands, one module each (imported after `main` exists; they import only argmap.cli.common).
from argmap.cli.export import export as export_command  # noqa: E402
from argmap.cli.render import render as render_command  # noqa: E402

main.add_command(export_command)
from argmap.cli.check import check as check_command  # noqa: E402

main.add_command(check_command)
from argmap.cli.rules import rules as rules_command  # noqa: E402

main.add_command(rules_command)
main.add_command(render_command)
from argmap.cli.eval import eval_command  # noqa: E402

main.add_command(eval_command)
