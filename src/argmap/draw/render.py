"""Picture description to file: the only place that runs Graphviz.

`render_map` compiles a map (every claim, or one box per argument: the
`view`) and lays it out, within a time limit, trying layouts in turn until
one finishes: Graphviz's `dot` with argument clusters; `dot` without
clusters; and `sfdp`, which lays out thousands of boxes in seconds (with its
overlapping boxes pushed apart). The newer Graphviz bundled with `pygraphviz`
(the `fast-layout` extra) stands in when `dot` is missing or crashes. A PNG
that Graphviz would shrink past reading is refused, so no unreadable or blank
bitmap is ever written. `run_graphs` lays out many graphs in one run, for
the pages of a printed map (`paper`). `write_atomic` puts the result on disk
so a failed or killed render leaves any earlier file untouched.
"""

from __future__ import annotations

import importlib.util
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections import deque
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

import attrs

from argmap.draw.compile import DOT_LIMIT, Options, compile_map, drawn_boxes
from argmap.draw.overview import compile_overview, overview_boxes
from argmap.errors import UsageError
from argmap.files import write_atomic  # re-exported: callers have long imported it from here
from argmap.model import ArgumentMap

if TYPE_CHECKING:
    import graphviz

__all__ = [
    "DEFAULT_TIMEOUT",
    "DOT_LIMIT",
    "ENGINES",
    "FORMATS",
    "OVERVIEW_DOT_LIMIT",
    "PNG_LIMIT",
    "VIEWS",
    "GraphvizFailed",
    "GraphvizNotFound",
    "Layout",
    "PictureTooLarge",
    "RenderError",
    "RenderTimeout",
    "Rendered",
    "check_request",
    "compile_view",
    "lay_out",
    "layout_deadline",
    "layouts",
    "render_map",
    "run_graphs",
    "run_layout",
    "stopwatch",
    "timeout_advice",
    "view_boxes",
    "write_atomic",
]

FORMATS = ("svg", "png", "pdf", "dot")
VIEWS = ("claims", "arguments")
ENGINES = ("dot", "sfdp", "neato", "fdp", "twopi", "circo", "osage")
DEFAULT_TIMEOUT = 120.0
# The same for the overview, whose boxes hold more text: measured on a busy
# machine, dot took 32 s for 2,000 arguments and over 150 s for 5,000.
OVERVIEW_DOT_LIMIT = 3_000

# Graphviz draws a PNG at most this many pixels a side (cairo's limit) and
# shrinks a larger picture to fit, saying so only on stderr.
PNG_LIMIT = 32_767
_SHRUNK = re.compile(rb"too large for cairo-renderer bitmaps\. Scaling by (\S+) to fit")
_NUMBER = re.compile(rb"[0-9]*\.?[0-9]+(?:[eE][-+]?[0-9]+)?")

# Force-directed engines leave boxes overlapping unless told otherwise;
# `prism` pushes them apart keeping the layout's shape, `sep` keeps 4 points
# between them. Measured on a 2,000-argument map with sfdp: 13,348
# overlapping pairs of boxes become none, for 1.6 times the time.
_FORCE_ENGINES = frozenset({"sfdp", "fdp", "neato"})
_NO_OVERLAP = ("-Goverlap=prism", "-Gsep=+4")

T = TypeVar("T")

INSTALL_HINT = (
    "Graphviz's `dot` program is not on PATH: install Graphviz (Debian/Ubuntu: apt-get install graphviz; "
    "macOS: brew install graphviz), or use --format dot, which needs no Graphviz"
)

# Lays out DOT read from stdin with the Graphviz library bundled in the
# pygraphviz wheels, in a child process so the time limit can stop it.
_PYGRAPHVIZ_SCRIPT = (
    "import sys, pygraphviz\n"
    "graph = pygraphviz.AGraph(string=sys.stdin.buffer.read().decode('utf-8'))\n"
    "sys.stdout.buffer.write(graph.draw(format=sys.argv[1], prog=sys.argv[2], args=sys.argv[3]))\n"
)


class RenderError(UsageError, RuntimeError):
    """Graphviz could not draw the map (exit 2)."""


class GraphvizNotFound(RenderError):
    """The Graphviz `dot` program is not installed or not on PATH."""

    def __init__(self) -> None:
        super().__init__(INSTALL_HINT)


class GraphvizFailed(RenderError):
    """Graphviz ran and failed; the message is Graphviz's own."""


class RenderTimeout(RenderError):
    """No layout finished within the time limit."""


class PictureTooLarge(RenderError):
    """The picture is larger than Graphviz draws in that format: drawn anyway, it would be unreadable."""


@attrs.frozen
class Layout:
    """One way to lay a map out: which program, which engine, with or without argument clusters."""

    engine: str = "dot"
    clusters: bool = True
    bundled: bool = False  # the Graphviz inside pygraphviz rather than the one on PATH

    def describe(self) -> str:
        where = "the Graphviz bundled with pygraphviz" if self.bundled else "Graphviz"
        clusters = "" if self.clusters else ", without argument clusters"
        return f"{self.engine} ({where}{clusters})"


@attrs.frozen
class Rendered:
    """A finished picture, the layout that made it, and why earlier layouts were given up."""

    data: bytes
    layout: Layout | None
    given_up: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()  # what a reader should know about the result, such as text printed small


def pygraphviz_available() -> bool:
    """Whether the `fast-layout` extra (pygraphviz, with its own Graphviz) is installed."""
    return importlib.util.find_spec("pygraphviz") is not None


def layouts(engine: str | None = None, *, boxes: int = 0, dot_limit: int = DOT_LIMIT) -> tuple[Layout, ...]:
    """The layouts to try, in order: just `engine` when one is named, else the fallback chain.

    A map of more than `dot_limit` boxes goes straight to `sfdp`: measured,
    `dot` needs minutes for such a map, with or without clusters.
    """
    if engine is not None:
        return (Layout(engine),)
    if boxes > dot_limit:
        return (Layout("sfdp", clusters=False),)
    return (Layout("dot"), Layout("dot", clusters=False), Layout("sfdp", clusters=False))


def _dot_program() -> str:
    found = shutil.which("dot")
    if found is None:
        raise GraphvizNotFound()
    return found


def _graphviz_message(stderr: bytes) -> str:
    """Graphviz's error lines as one line, without the noise of font configuration warnings."""
    lines = [
        line.strip() for line in stderr.decode("utf-8", errors="replace").splitlines()
        if line.strip() and not line.startswith("Fontconfig")
    ]  # fmt: skip
    errors = [line for line in lines if not line.startswith("Warning")] or lines
    message = "; ".join(errors[-3:]) or "no message"
    return message if len(message) <= 500 else message[:497] + "..."


def _engine_flags(engine: str) -> list[str]:
    """Graph settings given on Graphviz's command line for `engine` (a map's own settings still win)."""
    return list(_NO_OVERLAP) if engine in _FORCE_ENGINES else []


def _run(
    argv: list[str], stdin: bytes | None, layout: Layout, timeout: float, cwd: str | None = None
) -> subprocess.CompletedProcess[bytes]:
    """Run one Graphviz process to its end: what it wrote, or `GraphvizFailed` / `RenderTimeout`."""
    try:
        done = subprocess.run(argv, input=stdin, capture_output=True, timeout=timeout, check=False, cwd=cwd)
    except subprocess.TimeoutExpired:
        raise RenderTimeout(f"{layout.describe()} did not finish within {timeout:.0f} s") from None
    except OSError as error:
        raise GraphvizFailed(f"cannot run {argv[0]}: {error.strerror or error}") from None
    if done.returncode < 0:
        raise GraphvizFailed(f"Graphviz crashed ({layout.describe()}, signal {-done.returncode})")
    if done.returncode != 0 or (stdin is not None and not done.stdout):
        raise GraphvizFailed(f"Graphviz failed: {_graphviz_message(done.stderr)}")
    return done


def run_layout(source: str, fmt: str, layout: Layout, timeout: float) -> bytes:
    """Run one Graphviz layout on DOT `source`: the picture, or `GraphvizFailed` / `RenderTimeout`.

    A PNG that Graphviz had to shrink to its largest bitmap is refused with
    `PictureTooLarge`: shrunk that far, its text cannot be read.
    """
    flags = _engine_flags(layout.engine)
    if layout.bundled:
        argv = [sys.executable, "-c", _PYGRAPHVIZ_SCRIPT, fmt, layout.engine, " ".join(flags)]
    else:
        argv = [_dot_program(), f"-K{layout.engine}", f"-T{fmt}", *flags]
    done = _run(argv, source.encode("utf-8"), layout, timeout)
    if fmt == "png":
        _refuse_shrunk_png(done.stderr, done.stdout)
    return done.stdout


def run_graphs(
    sources: Sequence[str], formats: Sequence[str], layout: Layout, timeout: float
) -> list[dict[str, bytes]]:
    """Lay out several graphs in one Graphviz run, each drawn in every one of `formats` (one dict per graph).

    One process for them all: a PDF of hundreds of pages would otherwise
    start Graphviz hundreds of times. Graphviz writes each graph's files in
    a temporary folder, which is its working folder too (`-O` with `-Tjson`
    leaves a stray file there).
    """
    if layout.bundled:
        raise GraphvizFailed("printing on pages needs the Graphviz `dot` program on PATH (apt-get install graphviz)")
    with tempfile.TemporaryDirectory(prefix="argmap-") as folder:
        graphs = Path(folder) / "graphs.gv"
        graphs.write_text("".join(sources), encoding="utf-8")
        argv = [_dot_program(), f"-K{layout.engine}", *(f"-T{f}" for f in formats), *_engine_flags(layout.engine)]
        _run([*argv, "-O", graphs.name], None, layout, timeout, cwd=folder)
        drawn: list[dict[str, bytes]] = []
        for number in range(1, len(sources) + 1):
            stem = graphs.name if number == 1 else f"{graphs.name}.{number}"  # Graphviz's own numbering
            try:
                drawn.append({fmt: (Path(folder) / f"{stem}.{fmt}").read_bytes() for fmt in formats})
            except OSError:
                raise GraphvizFailed(f"Graphviz drew {number - 1} of {len(sources)} graphs and stopped") from None
    return drawn


def _refuse_shrunk_png(stderr: bytes, png: bytes) -> None:
    """Raise `PictureTooLarge` when Graphviz says it shrank the PNG to fit its largest bitmap."""
    found = _SHRUNK.search(stderr)
    if found is None:
        return
    size = "larger than"
    scale = float(found[1]) if _NUMBER.fullmatch(found[1]) else 0.0
    if png.startswith(b"\x89PNG\r\n\x1a\n") and len(png) >= 24 and scale > 0:
        width, height = int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")
        size = f"{width / scale:,.0f} × {height / scale:,.0f} px, larger than"
    raise PictureTooLarge(
        f"the picture would be {size} the largest PNG Graphviz draws ({PNG_LIMIT:,} px a side), and it would "
        f"be shrunk past reading; draw it as SVG or PDF (--format svg), as one box per argument "
        f"(--view arguments), or one part at a time (--focus ID --depth 1)"
    )


def compile_view(amap: ArgumentMap, options: Options, view: str = "claims") -> graphviz.Digraph:
    """The graph of one view of the map: every claim (`claims`), or one box per argument (`arguments`)."""
    if view == "arguments":
        return compile_overview(amap, options)
    if view == "claims":
        return compile_map(amap, options)
    raise UsageError(f"unknown view '{view}': choose one of {', '.join(VIEWS)}")


def view_boxes(amap: ArgumentMap, options: Options, view: str = "claims") -> int:
    """How many boxes a view of the map holds: what its layout time grows with."""
    return overview_boxes(amap) if view == "arguments" else drawn_boxes(amap, options)


def check_request(fmt: str, engine: str | None, timeout: float, view: str = "claims") -> None:
    """Refuse a format, engine, time limit or view that `render_map` does not know, with the choices."""
    if fmt not in FORMATS:
        raise UsageError(f"unknown format '{fmt}': choose one of {', '.join(FORMATS)}")
    if engine is not None and engine not in ENGINES:
        raise UsageError(f"unknown layout engine '{engine}': choose one of {', '.join(ENGINES)}")
    if timeout <= 0:
        raise UsageError("--timeout must be more than 0 seconds")
    if view not in VIEWS:
        raise UsageError(f"unknown view '{view}': choose one of {', '.join(VIEWS)}")


def render_map(
    amap: ArgumentMap,
    fmt: str,
    options: Options | None = None,
    *,
    engine: str | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    view: str = "claims",
    run: Callable[[str, str, Layout, float], bytes] = run_layout,
    clock: Callable[[], float] | None = None,
) -> Rendered:
    """The map drawn in `fmt` ("svg", "png", "pdf" or "dot"), as every claim or (`view="arguments"`) the overview.

    `dot` needs no Graphviz. Otherwise the layouts are tried in turn as
    `lay_out` says. A PNG Graphviz would shrink is refused (`PictureTooLarge`).
    """
    check_request(fmt, engine, timeout, view)
    options = options or Options()
    if fmt == "dot":
        return Rendered(compile_view(amap, options, view).source.encode("utf-8"), None)
    data, layout, given_up = lay_out(
        amap, options, lambda source, layout, share: run(source, fmt, layout, share),
        view=view, engine=engine, timeout=timeout, fmt=fmt, clock=clock,
    )  # fmt: skip
    return Rendered(data, layout, given_up)


def lay_out(
    amap: ArgumentMap,
    options: Options,
    attempt: Callable[[str, Layout, float], T],
    *,
    view: str = "claims",
    engine: str | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    fmt: str = "svg",
    clock: Callable[[], float] | None = None,
) -> tuple[T, Layout, tuple[str, ...]]:
    """The first layout in `layouts(engine)` that `attempt` finishes, that layout, and why earlier ones were given up.

    Each layout gets an equal share of what is left of `timeout` seconds (the
    last one gets all of it); `clock` gives the seconds since the time limit
    started (see `stopwatch`). When Graphviz fails on a layout (rather than
    running out of time) and pygraphviz is installed, its bundled, newer
    Graphviz tries the same layout next; without `dot` on PATH it does every
    layout. When every layout fails, the first failure is raised: a timeout
    as `RenderTimeout` saying what would help, a Graphviz error as
    `GraphvizFailed` carrying Graphviz's message. A picture too large to
    draw (`PictureTooLarge`) is raised at once: another layout would not
    make it readable.
    """
    boxes = view_boxes(amap, options, view)
    limit = OVERVIEW_DOT_LIMIT if view == "arguments" else DOT_LIMIT
    chain = layouts(engine, boxes=boxes, dot_limit=limit)
    if view == "arguments":  # the overview has no panels: dot without them would only lay it out again
        chain = tuple(dict.fromkeys(attrs.evolve(layout, clusters=True) for layout in chain))
    given_up: list[str] = []
    if engine is None and boxes > limit:
        given_up.append(f"{boxes:,} boxes are more than dot lays out in good time ({limit:,})")
    bundled = pygraphviz_available()
    if shutil.which("dot") is None:
        # Without Graphviz on PATH, the Graphviz bundled with pygraphviz may still do.
        if not bundled:
            raise GraphvizNotFound()
        chain = tuple(attrs.evolve(layout, bundled=True) for layout in chain)
    queue = deque(chain)
    tried: list[Layout] = []
    sources: dict[bool, str] = {}
    first_error: RenderError | None = None
    clock = clock or stopwatch()
    deadline = layout_deadline(timeout)
    while queue:
        layout = queue.popleft()
        left = deadline - clock()
        if left <= 0:
            break
        share = left / (len(queue) + 1)
        if layout.clusters not in sources:
            sources[layout.clusters] = compile_view(amap, attrs.evolve(options, clusters=layout.clusters), view).source
        tried.append(layout)
        try:
            return attempt(sources[layout.clusters], layout, share), layout, tuple(given_up)
        except PictureTooLarge:
            raise
        except RenderError as error:
            given_up.append(str(error))
            first_error = first_error or error
            if bundled and not layout.bundled and isinstance(error, GraphvizFailed):
                # A crash, not slowness (the bundled Graphviz is measured slower): a newer one may not crash.
                queue.appendleft(attrs.evolve(layout, bundled=True))
    if isinstance(first_error, RenderTimeout) or first_error is None:
        raise RenderTimeout(
            f"rendering stopped at the time limit of {timeout:g} s ({'; '.join(given_up) or 'no layout finished'}); "
            + timeout_advice(options, view, fmt, tried)
        )
    raise first_error


def stopwatch() -> Callable[[], float]:
    """A clock of the seconds since it was made: the time limit's clock when the caller has none."""
    started = time.monotonic()
    return lambda: time.monotonic() - started


def layout_deadline(timeout: float) -> float:
    """When Graphviz is stopped, in seconds since the time limit started: a little before the limit.

    A twentieth of the limit, at most half a second, is kept back, so that
    a render past its time can still say what would help before a caller's
    own alarm at the limit (`argmap render`'s) stops everything.
    """
    return timeout - min(0.5, timeout / 20)


def timeout_advice(options: Options, view: str, fmt: str, tried: Sequence[Layout]) -> str:
    """What would help a render that ran out of time, leaving out what was just tried."""
    hints = []
    if view != "arguments":
        hints.append("draw one box per argument with --view arguments")
    if options.focus is None:
        hints.append("draw part of the map with --focus ID --depth 1")
    elif options.depth > 1:
        hints.append("draw less around the focus with a smaller --depth")
    if not any(layout.engine == "sfdp" for layout in tried):
        hints.append("try --engine sfdp")
    if fmt in ("png", "pdf"):
        hints.append("write SVG, which Graphviz draws fastest (--format svg)")
    hints.append("allow more time with --timeout")
    return ", ".join(hints[:-1]) + f", or {hints[-1]}"
