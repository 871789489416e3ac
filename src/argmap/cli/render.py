"""`argmap render`: draw maps as SVG, PNG, PDF or DOT, or as an interactive HTML page."""

from __future__ import annotations

import contextlib
import os
import sys
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

import attrs
import click

from argmap.checks import run_checks
from argmap.cli import watch
from argmap.cli.common import EXIT_ERROR, EXIT_FINDINGS, EXIT_OK, handle_errors, load_map
from argmap.cli.timelimit import TimeLimitReached, check_timeout, time_limit
from argmap.diagnostics import printable
from argmap.draw.compile import COLOR_BY, DIRECTIONS, GROUP_BY, Evaluated, Finding, Options
from argmap.draw.html import render_page
from argmap.draw.paper import PAPERS, render_paper
from argmap.draw.render import (
    DEFAULT_TIMEOUT,
    ENGINES,
    FORMATS,
    VIEWS,
    GraphvizNotFound,
    Rendered,
    RenderError,
    RenderTimeout,
    render_map,
    write_atomic,
)
from argmap.errors import MapError, UsageError
from argmap.evaluate import evaluate
from argmap.evaluate.gradual import dfquad
from argmap.evaluate.preferences import evaluate_weighed
from argmap.files import RefusedWrite
from argmap.model import ArgumentMap
from argmap.read.loader import find_maps, source_path

__all__ = ["render"]

# The findings the summary band lists: an actor on both sides of a contradiction, a conclusion on a defeated premise.
BAND_FINDINGS = ("AM601", "AM610")

# Show a progress bar from this many maps on.
PROGRESS_FROM = 5
EXTENSIONS = {".svg": "svg", ".png": "png", ".pdf": "pdf", ".dot": "dot", ".gv": "dot", ".html": "html", ".htm": "html"}
# The interactive page (`argmap.draw.html`) besides the pictures Graphviz writes.
CHOICES = (*FORMATS, "html")


def _format_of(output: str, fmt: str | None, folder: bool) -> str:
    if fmt is not None:
        return fmt
    suffix = Path(output).suffix.lower()
    if folder or output == "-" or not suffix:
        return "svg"
    if suffix not in EXTENSIONS:
        raise UsageError(
            f"cannot tell the format from '{output}': name it .svg, .png, .pdf, .dot or .html, or give --format"
        )
    return EXTENSIONS[suffix]


def _into_folder(inputs: tuple[str, ...], output: str) -> bool:
    """Whether OUT is a folder: for a DIR or several maps, or when it names a folder."""
    return (
        len(inputs) > 1
        or any(Path(p).is_dir() for p in inputs)
        or output.endswith(("/", "\\"))
        or (output != "-" and Path(output).is_dir())
    )


def _targets(inputs: tuple[str, ...], output: str, fmt: str, folder: bool) -> list[tuple[Path, Path | None]]:
    """Each map to draw and the file it goes to (None: stdout)."""
    given = [Path(i) for i in inputs]
    if not folder:
        return [(given[0], None if output == "-" else Path(output))]
    if output == "-":
        raise UsageError("-o - writes one map to stdout; give a folder with -o to draw several maps")
    out = Path(output)
    pairs: list[tuple[Path, Path | None]] = []
    for path in given:
        maps = find_maps([path])
        for found in maps:
            relative = found.relative_to(path) if path.is_dir() else Path(found.name)
            pairs.append((found, out / relative.with_suffix(f".{fmt}")))
    clashes = sorted(str(t) for t, n in Counter(t for _, t in pairs).items() if n > 1)
    if clashes:
        raise UsageError(f"several maps would be drawn into {clashes[0]}: render them one at a time")
    return pairs


def _inputs(given: Path, amap: ArgumentMap) -> Iterator[tuple[str | Path, str]]:
    """Every file a map was drawn from, with what it is to the map: its own files and its source files."""
    yield given, "the map"
    for name in amap.files:
        yield name, "the map"
    for source in amap.sources:
        if (path := source_path(source)) is not None:
            yield path, "a source file of the map,"


def _refuse_overwriting_inputs(target: Path, inputs: Iterable[tuple[str | Path, str]]) -> None:
    # realpath, not resolve: a link loop among the paths is no reason to stop here.
    resolved = os.path.realpath(target)
    for path, what in inputs:
        if os.path.realpath(path) == resolved:
            raise UsageError(f"refusing to write over {what} {path}: choose another output with -o")


def _valid_timeout(_context: click.Context, _parameter: click.Parameter, seconds: float) -> float:
    """--timeout, refused as a usage error (exit 2) when it is no time limit: nan, inf, 0, past a day."""
    problem = check_timeout(seconds)
    if problem is not None:
        raise click.BadParameter(problem)
    return seconds


@click.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True), metavar="FILE|DIR...")
@click.option(
    "--output",
    "-o",
    required=True,
    metavar="OUT",
    help="Output file, a folder (for several maps or a DIR), or - for stdout.",
)
@click.option(
    "--format",
    "-f",
    "fmt",
    type=click.Choice(CHOICES),
    default=None,
    help="Output format [default: from OUT's extension, else svg].",
)
@click.option(
    "--direction",
    type=click.Choice(DIRECTIONS, case_sensitive=False),
    default="BT",
    show_default=True,
    help="Which way support flows: bottom-top puts conclusions on top; also TB, LR, RL.",
)
@click.option("--no-legend", is_flag=True, help="Leave out the key to shapes, lines and colours.")
@click.option(
    "--focus",
    metavar="ID[,ID...]",
    multiple=True,
    help="Draw only the claims near these claims or arguments (comma-separated, or the option repeated).",
)
@click.option(
    "--depth",
    type=click.IntRange(min=0),
    default=2,
    show_default=True,
    help="With --focus: how many links away from ID to draw.",
)
@click.option(
    "--engine",
    type=click.Choice(ENGINES),
    default=None,
    help="Use this Graphviz layout engine only [default: dot, falling back to others on large maps].",
)
@click.option(
    "--timeout",
    type=float,
    callback=_valid_timeout,
    default=DEFAULT_TIMEOUT,
    show_default=True,
    metavar="SECONDS",
    help="Time limit for each map: reading it, evaluating it for --status and every layout tried.",
)
@click.option(
    "--status", is_flag=True, help="Fill and mark claims by their evaluated status: accepted, defeated, undecided."
)
@click.option("--preferences", type=click.Choice(("map", "grades", "none")), default="map",
              help="Weigh attacks by the map's prefer lines (map), by grades too, or not at all.")  # fmt: skip
@click.option("--strengths", is_flag=True, help="Show each claim's DF-QuAD strength in [0, 1] in its header.")
@click.option("--no-summary", is_flag=True, help="Leave out the band of conclusions, evaluation and findings.")
@click.option(
    "--color-by",
    type=click.Choice(COLOR_BY),
    default="actor",
    show_default=True,
    help="What a box's border colour tells: its first actor, its first tag, its status (as --status), or nothing.",
)
@click.option(
    "--group-by",
    type=click.Choice(GROUP_BY),
    default="argument",
    show_default=True,
    help="What the grey panels gather: the claims of an argument, of an actor, or with a tag.",
)
@click.option(
    "--view",
    type=click.Choice(VIEWS),
    default="claims",
    show_default=True,
    help="claims: every claim; arguments: one box per argument, with the links between arguments counted.",
)
@click.option(
    "--paper",
    type=click.Choice(tuple(PAPERS), case_sensitive=False),
    default=None,
    help="Set a PDF on pages of this size: one page when its text stays at 7 pt or more, "
    "else the overview and then a page per argument.",
)
@click.option(
    "--landscape",
    is_flag=True,
    help="With --paper: every page landscape [default: portrait, a page turned to suit a wide picture].",
)
@click.option("--allow-outside-root", is_flag=True, help="Allow includes outside the project folder.")
@click.option("--watch", "watching", is_flag=True, help="Draw again on every save of a file of the maps, until Ctrl-C.")
@click.option("--watch-cycles", type=click.IntRange(min=1), default=None, hidden=True)  # tests: stop after N runs
@handle_errors
def render(
    paths: tuple[str, ...], output: str, fmt: str | None, direction: str, no_legend: bool, focus: tuple[str, ...],
    depth: int, engine: str | None, timeout: float, status: bool, no_summary: bool, color_by: str, group_by: str,
    view: str, paper: str | None, landscape: bool, allow_outside_root: bool, watching: bool = False,
    watch_cycles: int | None = None, strengths: bool = False, preferences: str = "map",
) -> None:  # fmt: skip
    """Draw the maps in FILE|DIR... as pictures for a briefing.

    A DIR is drawn map by map into the folder OUT, each map once through the
    file that includes the others. Without `dot`, --format dot still works.
    """
    if watching:
        if output == "-":
            raise UsageError("--watch draws into a file each time: give a file or folder with -o, not -")
        again = {**click.get_current_context().params, "watching": False}
        watch.watch(lambda: render.callback(**again) if render.callback else None, paths, watch_cycles)
    folder = _into_folder(paths, output)
    fmt = _format_of(output, fmt, folder)
    _check_paper(fmt, paper, landscape)
    options = Options(
        direction=direction.upper(), legend=not no_legend, focus=",".join(focus) or None, depth=depth,
        summary=not no_summary, color_by=color_by, group_by=group_by,
    )  # fmt: skip
    if strengths:
        options = attrs.evolve(options, strengths={})  # filled in for each map, as it is read
    status = status or color_by == "status"
    pairs = _targets(paths, output, fmt, folder)
    if not pairs:
        raise UsageError(f"no .arg maps found in {', '.join(paths)}")
    worst = EXIT_OK
    for source, target in _progress(pairs):
        try:
            with _limited(timeout) as clock:
                amap = load_map(source, allow_outside_root)
                watch.saw_map(source, amap)
                if target is not None:
                    _refuse_overwriting_inputs(target, _inputs(source, amap))
                drawn = _evaluated(amap, options, status, options.summary and view == "claims", preferences)
                watch.saw_statuses(drawn.evaluation.statuses if drawn.evaluation is not None else None)
                watch.saw_reports(drawn.findings or ())
                if fmt == "html":
                    rendered = render_page(
                        amap, drawn, page_name=target.name if target is not None else "map.html",
                        view=None if view == "claims" else view, engine=engine, timeout=timeout, clock=clock,
                        allow_outside_root=allow_outside_root, live_reload=watch.watching(),
                    )  # fmt: skip
                elif paper is not None:
                    rendered = render_paper(amap, drawn, paper=paper.lower(), landscape=landscape, view=view,
                                            engine=engine, timeout=timeout, clock=clock)  # fmt: skip
                else:
                    rendered = render_map(amap, fmt, drawn, engine=engine, timeout=timeout, view=view, clock=clock)
        except MapError as error:
            watch.saw_error(source, error)
            click.echo(error.report(), err=True)
            worst = max(worst, EXIT_FINDINGS)
            continue
        except GraphvizNotFound:
            raise
        except RenderError as error:
            if len(pairs) == 1:
                raise
            click.echo(f"argmap: {printable(f'{source}: {error}')}", err=True)
            worst = EXIT_ERROR
            continue
        _tell(source, rendered)
        if target is None:
            sys.stdout.buffer.write(rendered.data)
            sys.stdout.flush()
        else:
            _write(target, rendered.data)
            watch.saw_output(target, fmt)
    if worst != EXIT_OK:
        sys.exit(worst)


@contextlib.contextmanager
def _limited(timeout: float) -> Iterator[Callable[[], float]]:
    """Everything done for one map within `timeout` seconds, reading and --status's evaluation included.

    Gives the clock the layouts share out what is left by; a limit reached
    outside Graphviz is a `RenderTimeout` as well.
    """
    try:
        with time_limit(timeout) as clock:
            yield clock
    except TimeLimitReached:
        raise RenderTimeout(
            f"rendering stopped at the time limit of {timeout:g} s, before the picture was finished "
            "(reading and evaluating the map count too); draw part of the map with --focus ID --depth N, "
            "or allow more time with --timeout"
        ) from None


def _evaluated(amap: ArgumentMap, options: Options, status: bool, summary: bool, preferences: str = "map") -> Options:
    """The options with what the picture shows of the evaluation: the band's statuses and findings, the status view."""
    if options.strengths is not None:
        options = attrs.evolve(options, strengths=dfquad(amap).strength)
    if not (status or summary):
        return options
    weighed = preferences == "grades" or (preferences == "map" and bool(amap.preferences))
    evaluation = evaluate_weighed(amap, use_grades=preferences == "grades")[0] if weighed else evaluate(amap)
    evaluated = Evaluated(evaluation.statuses, {c.claim: c.reason for c in evaluation.claims})
    findings = None
    if summary:
        found = run_checks(amap, select=BAND_FINDINGS)
        findings = tuple(Finding(d.code, d.message, d.acknowledged is not None) for d in found)
    statuses = evaluated.statuses if status else None
    return attrs.evolve(options, evaluation=evaluated, findings=findings, statuses=statuses)


def _check_paper(fmt: str, paper: str | None, landscape: bool) -> None:
    """Refuse --paper for anything but PDF, and --landscape without --paper."""
    if paper is not None and fmt != "pdf":
        raise UsageError(f"--paper sets a PDF on pages, not {fmt.upper()}: name the output .pdf or give --format pdf")
    if landscape and paper is None:
        raise UsageError("--landscape turns the pages of --paper: give --paper a4 or --paper letter too")


def _tell(source: Path, rendered: Rendered) -> None:
    """Say on stderr which layout was used when others were given up, and anything a reader should know."""
    # Graphviz's messages quote the labels, which hold map text: shown escaped like the rest.
    if rendered.given_up and rendered.layout is not None:
        given_up = "; ".join(rendered.given_up)
        click.echo(f"argmap: {printable(f'{source}: {given_up}')}; laid out with {rendered.layout.describe()}",
                   err=True)  # fmt: skip
    for note in rendered.notes:
        click.echo(f"argmap: {printable(f'{source}: {note}')}", err=True)


def _write(target: Path, data: bytes) -> None:
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(target, data)
    except RefusedWrite as error:
        raise UsageError(str(error)) from None
    except FileExistsError as error:
        raise UsageError(f"cannot write {target}: {error.filename} is a file, not a folder") from None
    except OSError as error:
        raise UsageError(f"cannot write {target}: {error.strerror or error}") from None


def _progress(pairs: list[tuple[Path, Path | None]]) -> Iterator[tuple[Path, Path | None]]:
    if len(pairs) < PROGRESS_FROM:
        yield from pairs
        return
    with click.progressbar(pairs, label="Rendering", file=sys.stderr, item_show_func=_shown) as bar:
        yield from bar


def _shown(pair: tuple[Path, Path | None] | None) -> str | None:
    return str(pair[0]) if pair is not None else None
