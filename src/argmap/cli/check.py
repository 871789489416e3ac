"""`argmap check`: report what is broken in maps, and what they reveal, with CI exit codes."""

from __future__ import annotations

import os
from pathlib import Path

import click

from argmap.checks import UnknownSelector, run_checks, selected_rules
from argmap.cli import common, watch
from argmap.cli.common import EXIT_ERROR, EXIT_FINDINGS, EXIT_OK, handle_errors, load_map
from argmap.diagnostics import Diagnostic, printable
from argmap.errors import MapError, UsageError
from argmap.read.config import load_settings
from argmap.read.loader import find_maps
from argmap.report import FORMATTERS, CheckReport, summary

__all__ = ["check"]


def _codes(values: tuple[str, ...]) -> tuple[str, ...]:
    """`--select AM1,AM203 --select AM4` as one list."""
    return tuple(part.strip() for value in values for part in value.split(",") if part.strip())


def _config_name(source: Path | None, given: Path | None) -> str | None:
    """The settings file as the output names it: as the user gave it, else relative to the working directory."""
    if given is not None:
        return str(given)
    if source is None:
        return None
    return os.path.relpath(source)  # found at or above the working directory: "pyproject.toml", "../argmap.toml"


def _warn_if_every_rule_is_off(select: tuple[str, ...] | None, ignore: tuple[str, ...], config: str | None) -> None:
    """Say so when the selection leaves no rule to run: a settings file must not turn checking off silently."""
    try:
        rules = selected_rules(select, ignore)
    except UnknownSelector as error:
        raise UsageError(str(error)) from None
    if not any(r.check is not None for r in rules):
        where = f" (with the settings in {printable(config)})" if config is not None else ""
        click.echo(f"argmap: warning: every rule is turned off{where}; only maps that cannot be read are reported",
                   err=True)  # fmt: skip


def _check_each(
    maps: list[Path],
    select: tuple[str, ...] | None,
    ignore: tuple[str, ...],
    allow_outside_root: bool,
    likelihood_terms: str = "standard",
) -> tuple[tuple[Diagnostic, ...], list[str]]:
    """Every map's diagnostics in one ordered list (a map that cannot be read reports why), and unreadable files."""
    diagnostics: list[Diagnostic] = []
    unreadable: list[str] = []
    for path in maps:
        try:
            loaded = load_map(path, allow_outside_root)
            watch.saw_map(path, loaded)
            found = run_checks(
                loaded, select, ignore, parallel=common.PARALLEL, allow_outside_root=allow_outside_root,
                likelihood_terms=likelihood_terms,
            )  # fmt: skip
            diagnostics.extend(found)
        except MapError as error:
            watch.saw_error(path, error)
            diagnostics.extend(error.diagnostics)
        except OSError as error:
            unreadable.append(f"{error.filename or path}: {error.strerror or error}")
    # Maps that include the same file would report its problems once each.
    ordered = sorted(dict.fromkeys(diagnostics), key=lambda d: (d.span.file, d.span.line, d.span.column, d.code))
    return tuple(ordered), unreadable


@click.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option(
    "--select",
    multiple=True,
    metavar="CODES",
    help="Only these rules: codes, prefixes (AM1) or names, comma-separated. Replaces the config's.",
)
@click.option("--ignore", multiple=True, metavar="CODES", help="Skip these rules (added to the config's).")
@click.option(
    "--output-format",
    "output_format",
    type=click.Choice(sorted(FORMATTERS)),
    default=None,
    help="How to report  [default: full].",
)
@click.option(
    "--strict/--no-strict", default=None, help="Also fail on warnings and on findings that are not acknowledged."
)
@click.option(
    "--config",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Settings file, anywhere [default: argmap.toml, or pyproject.toml with [tool.argmap], in the project folder].",
)
@click.option("--allow-outside-root", is_flag=True, help="Allow includes and source files outside the project folder.")
@click.option(
    "--watch", "watching", is_flag=True, help="Check again on every save of a file of the maps, until Ctrl-C."
)
@click.option("--watch-cycles", type=click.IntRange(min=1), default=None, hidden=True)  # tests: stop after N runs
@handle_errors
def check(
    paths: tuple[Path, ...],
    select: tuple[str, ...],
    ignore: tuple[str, ...],
    output_format: str | None,
    strict: bool | None,
    config: Path | None,
    allow_outside_root: bool,
    watching: bool = False,
    watch_cycles: int | None = None,
) -> None:
    """Check the maps in PATHS (files, or folders searched for their top-level .arg files).

    Exit 0 when nothing fails, 1 when an error is reported (with --strict also a
    warning or an unacknowledged finding), 2 for usage, I/O or internal errors.
    """
    if watching:
        again = {**click.get_current_context().params, "watching": False}
        watch.watch(lambda: check.callback(**again) if check.callback else None, paths, watch_cycles)
    settings = load_settings(config=config)
    watch.saw_settings(settings.source)
    config_name = _config_name(settings.source, config)
    chosen_select = _codes(select) or settings.select
    chosen_ignore = settings.ignore + _codes(ignore)
    fmt = output_format or settings.output_format or "full"
    if fmt not in FORMATTERS:
        known = ", ".join(sorted(FORMATTERS))
        raise UsageError(f"unknown output format '{fmt}' in {config_name} (one of: {known})")
    _warn_if_every_rule_is_off(chosen_select, chosen_ignore, config_name)
    maps = find_maps(paths)
    if not maps:
        click.echo(f"argmap: no .arg files found in {printable(', '.join(str(p) for p in paths))}", err=True)
    diagnostics, unreadable = _check_each(
        maps, chosen_select, chosen_ignore, allow_outside_root, settings.likelihood_terms
    )
    watch.saw_reports(diagnostics)
    strict = settings.strict if strict is None else strict
    report = CheckReport(diagnostics, tuple(str(p) for p in maps), strict, config_name, config is not None)
    click.echo(FORMATTERS[fmt](report), nl=False)
    click.echo(summary(report), err=True)
    for problem in unreadable:
        click.echo(f"argmap: {printable(problem)}", err=True)
    raise SystemExit(EXIT_ERROR if unreadable else EXIT_FINDINGS if report.failed else EXIT_OK)
