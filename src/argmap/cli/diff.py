"""`argmap diff`: what a change to a map says, and what it does to the argument."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path

import click

from argmap.cli.common import EXIT_ERROR, EXIT_FINDINGS, EXIT_OK, handle_errors, load_map
from argmap.errors import MapError, UsageError
from argmap.model import ArgumentMap
from argmap.read.config import load_settings
from argmap.read.loader import find_maps
from argmap.review import FORMATS, Review, compare
from argmap.review.gitrev import OldMapUnreadable, map_at_revision

__all__ = ["diff"]

DEFAULT_MAPS = Path("maps")


def _one_map(given: Path) -> Path:
    """The map a path names: the file itself, or the one top-level map of a folder."""
    if not given.exists():
        raise UsageError(f"{given}: no such file or folder")
    if not given.is_dir():
        return given
    found = find_maps([given])
    if len(found) != 1:
        what = "no .arg file" if not found else f"{len(found)} maps ({', '.join(str(p) for p in found[:4])})"
        raise UsageError(f"{given} holds {what}; name the map to compare")
    return found[0]


def _colored(fmt: str) -> bool:
    """Colour for text on a terminal, unless NO_COLOR says otherwise (https://no-color.org)."""
    return fmt == "text" and sys.stdout.isatty() and not os.environ.get("NO_COLOR")


def _review(
    old: ArgumentMap, new: ArgumentMap, old_name: str, new_name: str, allow: bool,
    old_text: Callable[[str], str] | None = None,
) -> Review:  # fmt: skip
    """The review, with the rules chosen as the project's settings choose them for `argmap check`.

    With `old_text`, the old map is a revision's copy (`--git`): its files stay inside it, whatever `allow` says.
    """
    settings = load_settings()
    return compare(old, new, old_name, new_name, select=settings.select, ignore=settings.ignore,
                   allow_outside_root=allow, old_text=old_text or str, old_confined=old_text is not None,
                   likelihood_terms=settings.likelihood_terms)  # fmt: skip


def _show(review: Review, fmt: str, picture: Path | None, old: ArgumentMap, new: ArgumentMap) -> None:
    if picture is not None:
        from argmap.review.picture import write_picture  # only --render needs Graphviz

        write_picture(review, old, new, picture)
    click.echo(FORMATS[fmt](review, _colored(fmt)), nl=False)


@click.command("diff")
@click.argument("maps", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "--git", "revision", metavar="REV", help="Compare MAP (default: maps/) with itself at the git revision REV."
)
@click.option("--format", "fmt", type=click.Choice(sorted(FORMATS)), default="text", show_default=True,
              help="text for a terminal, markdown for a pull-request comment, json for programs.")  # fmt: skip
@click.option("--exit-code", is_flag=True, help="Exit 1 when the change says anything, 0 when it says nothing.")
@click.option("--render", "picture", type=click.Path(dir_okay=False, path_type=Path),
              help="Also draw the changed claims and their neighbours (.svg, .png, .pdf or .dot).")  # fmt: skip
@click.option("--allow-outside-root", is_flag=True, help="Allow includes and source files outside the project folder.")
@handle_errors
def diff(
    maps: tuple[Path, ...], revision: str | None, fmt: str, exit_code: bool, picture: Path | None,
    allow_outside_root: bool,
) -> None:  # fmt: skip
    """Compare two maps, OLD NEW, or with --git REV [MAP] a map with itself at a git revision.

    Reports the claims, arguments, actors, sources and links added, removed,
    changed or renamed, and what that does to the argument: the claims whose
    evaluated status changes, the findings that appear or go, the `expect`
    lines that now fail. A reformatted map, changed comments, or includes
    split or merged change nothing. With --exit-code: 1 when the change says
    anything, 0 when not; 2 for errors, always.
    """
    try:
        review = _run(maps, revision, fmt, picture, allow_outside_root)
    except OldMapUnreadable as error:
        click.echo(error.report, err=True)
        click.echo(f"argmap: {error}", err=True)
        raise SystemExit(EXIT_ERROR) from None
    except MapError as error:  # a map that cannot be read is an error here, not a difference
        click.echo(error.report(), err=True)
        raise SystemExit(EXIT_ERROR) from None
    raise SystemExit(EXIT_FINDINGS if exit_code and review.changed else EXIT_OK)


def _run(maps: tuple[Path, ...], revision: str | None, fmt: str, picture: Path | None, allow: bool) -> Review:
    if revision is None:
        if len(maps) != 2:
            raise UsageError("give two maps, OLD and NEW, or --git REV [MAP]")
        old_path, new_path = _one_map(maps[0]), _one_map(maps[1])
        old, new = load_map(old_path, allow), load_map(new_path, allow)
        review = _review(old, new, str(old_path), str(new_path), allow)
        _show(review, fmt, picture, old, new)
        return review
    if len(maps) > 1:
        raise UsageError("with --git, give at most one map")
    new_path = _one_map(maps[0] if maps else DEFAULT_MAPS)
    new = load_map(new_path, allow)
    with map_at_revision(revision, new_path) as then:
        old = then.map if then.map is not None else ArgumentMap()
        review = _review(old, new, then.name, str(new_path), allow, old_text=then.rename)
        _show(review, fmt, picture, old, new)
    return review
