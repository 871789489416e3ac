"""The `argmap` command: load, run one stage, format, choose the exit code.

Exit codes: 0 success, 1 the map has errors, 2 usage, I/O or internal error.
Only this package prints. Each subcommand lives in a module of its own.
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, NoReturn, TypeVar

import click

from argmap import __version__
from argmap.errors import MapError, UsageError
from argmap.loader import load
from argmap.model import ArgumentMap

__all__ = ["EXIT_ERROR", "EXIT_FINDINGS", "EXIT_OK", "fail", "handle_errors", "load_map", "main"]

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_ERROR = 2

F = TypeVar("F", bound=Callable[..., Any])


def fail(message: str, code: int = EXIT_ERROR) -> NoReturn:
    """Print `argmap: message` to stderr and exit."""
    click.echo(f"argmap: {message}", err=True)
    sys.exit(code)


def handle_errors(command: F) -> F:
    """Turn argmap's errors into a report and an exit code; never a traceback."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except MapError as error:
            click.echo(error.report(), err=True)
            sys.exit(EXIT_FINDINGS)
        except UsageError as error:
            fail(str(error))
        except OSError as error:
            where = f"{error.filename}: " if error.filename else ""
            fail(f"{where}{error.strerror or error}")
        except RecursionError:
            fail("the map is nested too deeply to process")
        except MemoryError:
            fail("out of memory while processing the map")

    return wrapper  # type: ignore[return-value]


def load_map(path: str | Path, allow_outside_root: bool = False) -> ArgumentMap:
    """Load a map for a command; errors propagate to `handle_errors`."""
    return load(path, allow_outside_root=allow_outside_root)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", "-V", prog_name="argmap")
def main() -> None:
    """argmap: lay out, check and draw arguments written in .arg files."""


from argmap.cli import export as _export  # noqa: E402

main.add_command(_export.export)
