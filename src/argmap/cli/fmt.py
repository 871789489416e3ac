"""`argmap fmt`: rewrite maps in the canonical layout, or say which ones it would change.

Exit codes: 0 nothing to report; 1 a file would change (`--check`) or is not
a valid map; 2 usage, I/O or internal error. Messages about files go to
stderr; stdout holds only diffs, or the map read from stdin.
"""

from __future__ import annotations

import difflib
import sys
from collections.abc import Iterable
from pathlib import Path

import attrs
import click

from argmap.cli.common import EXIT_ERROR, EXIT_FINDINGS, EXIT_OK, handle_errors
from argmap.diagnostics import printable
from argmap.edit.fmt import DEFAULT_LINE_LENGTH, FormatError, format_text
from argmap.edit.migrate import migrate_text
from argmap.errors import MapError, UsageError
from argmap.files import write_atomic
from argmap.read.config import MIN_LINE_LENGTH, load_settings
from argmap.read.loader import decode, read_text
from argmap.read.parser import too_large
from argmap.read.vocabulary import MAX_MAP_SIZE

__all__ = ["fmt"]

STDIN = "-"


@attrs.frozen
class _Run:
    """What was asked: write the files back, or only report (`check`) and show (`diff`) what would change."""

    width: int
    check: bool
    diff: bool
    fix: bool = False

    @property
    def writes(self) -> bool:
        """Whether files are rewritten: neither --check nor --diff was given."""
        return not (self.check or self.diff)


# What became of one file.
CHANGED, UNCHANGED, INVALID, FAILED = "changed", "unchanged", "invalid", "failed"


@attrs.define
class _Tally:
    """What became of the files, for the summary and the exit code."""

    counts: dict[str, int] = attrs.Factory(lambda: dict.fromkeys((CHANGED, UNCHANGED, INVALID, FAILED), 0))

    def add(self, outcome: str) -> None:
        """Count one file's outcome."""
        self.counts[outcome] += 1

    def exit_code(self, run: _Run) -> int:
        """2 for a file that could not be read or written, 1 for one not a map or (with --check) to change."""
        if self.counts[FAILED]:
            return EXIT_ERROR  # could not be read or written, or the formatter failed
        return EXIT_FINDINGS if self.counts[INVALID] or (run.check and self.counts[CHANGED]) else EXIT_OK

    def summary(self, run: _Run) -> str:
        """One line for stderr: how many files changed (or would), were left as they were, or failed."""

        def files(count: int) -> str:
            return f"{count} file{'' if count == 1 else 's'}"

        done, kept = ("reformatted", "left unchanged") if run.writes else ("would be reformatted", "already formatted")
        parts = [f"{files(self.counts[CHANGED])} {done}", f"{files(self.counts[UNCHANGED])} {kept}"]
        not_done = self.counts[INVALID] + self.counts[FAILED]
        if not_done:
            parts.append(f"{files(not_done)} could not be formatted")
        return ", ".join(parts) + "."


@click.command("fmt")
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, allow_dash=True, path_type=Path))
@click.option("--check", is_flag=True, help="Write nothing; list the files that would change and exit 1 if any would.")
@click.option("--diff", "show_diff", is_flag=True, help="Write nothing; print a unified diff of what would change.")
@click.option(
    "--line-length",
    type=click.IntRange(min=MIN_LINE_LENGTH),
    help=f"Fill texts to this width  [default: line-length in [tool.argmap], else {DEFAULT_LINE_LENGTH}].",
)
@click.option(
    "--config",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Settings file (default: the nearest argmap.toml or pyproject.toml with [tool.argmap]).",
)
@click.option(
    "--fix", is_flag=True, help='Also rewrite old spellings: confidence "likely" becomes likelihood "likely".'
)
@click.option("--stdin-filename", metavar="NAME", help="The name of the map read from '-', for messages and diffs.")
@handle_errors
def fmt(
    paths: tuple[Path, ...],
    check: bool,
    show_diff: bool,
    line_length: int | None,
    config: Path | None,
    stdin_filename: str | None,
    fix: bool = False,
) -> None:
    """Rewrite the maps in PATHS (files, or folders searched for .arg files) in the canonical layout.

    '-' reads a map from stdin and writes it, laid out, to stdout. A file that
    is not a valid map is reported and left as it is.
    """
    width = line_length or load_settings(config=config).line_length or DEFAULT_LINE_LENGTH
    run = _Run(width, check, show_diff, fix)
    tally = _Tally()
    if STDIN in (str(p) for p in paths):
        if len(paths) > 1:
            raise UsageError("'-' (the map on stdin) cannot be given with other paths")
        tally.add(_format_stdin(stdin_filename or "<stdin>", run))
        raise SystemExit(tally.exit_code(run))
    files = _arg_files(paths)
    if not files:
        click.echo(f"argmap: no .arg files found in {printable(', '.join(str(p) for p in paths))}", err=True)
    for path in files:
        tally.add(_format_file(path, run))
    click.echo(tally.summary(run), err=True)
    raise SystemExit(tally.exit_code(run))


def _arg_files(paths: Iterable[Path]) -> list[Path]:
    """Files as given, and every `.arg` file below each folder, sorted; each file once."""
    found: list[Path] = []
    for path in paths:
        found.extend(sorted(p for p in path.rglob("*.arg") if p.is_file()) if path.is_dir() else [path])
    return list(dict.fromkeys(found))


def _format_file(path: Path, run: _Run) -> str:
    """Lay out one file and write it back, report it, or show its diff, as `run` says; what became of it."""
    name = str(path)
    try:
        text = read_text(path)
        formatted = format_text(migrate_text(text) if run.fix else text, name, run.width)
    except MapError as error:
        click.echo(error.report(), err=True)
        return INVALID
    except (OSError, FormatError) as error:
        click.echo(f"argmap: {printable(_reason(name, error))}", err=True)
        return FAILED
    if formatted == text:
        return UNCHANGED
    if run.diff:
        click.echo(_unified_diff(text, formatted, name), nl=False)
    if run.check:
        click.echo(f"would reformat {printable(name)}", err=True)
    if run.writes:
        return _write_back(path, text, formatted)
    return CHANGED


def _write_back(path: Path, text: str, formatted: str) -> str:
    """Replace the file with its layout, unless it changed since it was read (an editor saving, say)."""
    try:
        if read_text(path) != text:
            click.echo(f"argmap: {printable(str(path))}: changed while it was being formatted; left as it is", err=True)
            return FAILED
        write_atomic(path, formatted.encode("utf-8"))
    except (OSError, MapError) as error:
        click.echo(f"argmap: {printable(_reason(str(path), error))}; left as it is", err=True)
        return FAILED
    click.echo(f"reformatted {printable(str(path))}", err=True)
    return CHANGED


def _format_stdin(name: str, run: _Run) -> str:
    """The map on stdin, laid out on stdout; with --check or --diff only the verdict or the diff."""
    data = sys.stdin.buffer.read(MAX_MAP_SIZE + 1)
    try:
        if len(data) > MAX_MAP_SIZE:
            start = data[:200].decode("utf-8", errors="replace")
            raise too_large(name, start, f"the map is larger than {MAX_MAP_SIZE:,} bytes")
        text = decode(data, name)
        formatted = format_text(migrate_text(text) if run.fix else text, name, run.width)
    except MapError as error:
        click.echo(error.report(), err=True)
        return INVALID
    except FormatError as error:
        click.echo(f"argmap: {printable(str(error))}", err=True)
        return FAILED
    if run.check and formatted != text:
        click.echo(f"would reformat {printable(name)}", err=True)
    if run.diff:
        click.echo(_unified_diff(text, formatted, name), nl=False)
    elif not run.check:
        click.echo(formatted, nl=False)
    return UNCHANGED if formatted == text else CHANGED


def _unified_diff(before: str, after: str, name: str) -> str:
    """A unified diff of two texts, labelled with the file's name."""
    lines = difflib.unified_diff(_lines(before), _lines(after), f"{name}\t(original)", f"{name}\t(formatted)")
    # A last line without its line end would run into the next file's header.
    return "".join(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n" for line in lines)


def _lines(text: str) -> list[str]:
    """The lines of a text, each with its line end: only `\\n` ends a line in a map (`str.splitlines` knows more)."""
    lines = [line + "\n" for line in text.split("\n")]
    lines[-1] = lines[-1][:-1]
    return lines if lines[-1] else lines[:-1]


def _reason(name: str, error: BaseException) -> str:
    """Why a file could not be formatted, in one line that names it."""
    if isinstance(error, OSError) and error.strerror:
        return f"{error.filename or name}: {error.strerror or error}"
    return str(error)
