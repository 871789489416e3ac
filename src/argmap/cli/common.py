"""What every subcommand shares: exit codes, error handling, loading a map."""

from __future__ import annotations

import functools
import gc
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, NoReturn, TypeVar

import click

from argmap.diagnostics import printable
from argmap.errors import MapError, UsageError
from argmap.gcpause import keep_until_exit
from argmap.model import ArgumentMap
from argmap.read.loader import load

__all__ = ["EXIT_ERROR", "EXIT_FINDINGS", "EXIT_OK", "fail", "handle_errors", "load_map"]


# Whether a command may use a second process (`argmap.checks.run_checks`). Only the
# console script turns this on (`argmap.cli.run`): forking is for processes of our own,
# not for programs that call `main`. ARGMAP_JOBS=1 keeps the command to one process.
PARALLEL = False

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_ERROR = 2
# What a shell reports for a program its reader's closed pipe stopped (128 + SIGPIPE), as `cat | head` does.
EXIT_CLOSED_PIPE = 141

F = TypeVar("F", bound=Callable[..., Any])


def fail(message: str, code: int = EXIT_ERROR) -> NoReturn:
    """Print `argmap: message` to stderr and exit; what the message quotes (names, map text) shown escaped."""
    click.echo(f"argmap: {printable(message)}", err=True)
    sys.exit(code)


def closed_pipe() -> NoReturn:
    """The reader stopped reading (`argmap export ... | head`): leave quietly, as a command stopped by SIGPIPE does.

    What is still buffered goes nowhere, so flushing it at exit cannot fail again.
    """
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    os.close(devnull)
    sys.exit(EXIT_CLOSED_PIPE)


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
        except BrokenPipeError:
            closed_pipe()
        except OSError as error:
            where = f"{error.filename}: " if error.filename else ""
            fail(f"{where}{error.strerror or error}")
        except RecursionError:
            fail("the map is nested too deeply to process")
        except MemoryError:
            fail("out of memory while processing the map")
        except (click.exceptions.Exit, click.ClickException, click.Abort, SystemExit):
            raise
        except Exception as error:  # a bug: say so in one line, never a traceback
            if os.environ.get("ARGMAP_DEBUG"):
                raise
            fail(f"internal error ({type(error).__name__}: {error}); rerun with ARGMAP_DEBUG=1 for details")

    return wrapper  # type: ignore[return-value]


def load_map(path: str | Path, allow_outside_root: bool = False) -> ArgumentMap:
    """Load a map for a command; errors propagate to `handle_errors`."""
    loaded = load(path, allow_outside_root=allow_outside_root)
    # The map lives until the command ends: frozen, the cyclic garbage collector no
    # longer re-walks it while the command runs (a third of the checks' time at 20,000 arguments).
    gc.freeze()
    keep_until_exit(loaded)
    return loaded
