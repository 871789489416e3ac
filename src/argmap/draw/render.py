"""Picture description to file: the only place that runs Graphviz.

`render_map` compiles a map and lays it out, within a time limit, trying
layouts in turn until one finishes: Graphviz's `dot` with argument clusters;
`dot` without clusters; and `sfdp`, which lays out thousands of boxes in
seconds. The newer Graphviz bundled with `pygraphviz` (the `fast-layout`
extra) stands in when `dot` is missing or crashes. `write_atomic` puts the result on disk so a
failed or killed render leaves any earlier file untouched.
"""

from __future__ import annotations

import importlib.util
import shutil
import subprocess
import sys
import time
from collections import deque
from collections.abc import Callable

import attrs

from argmap.draw.compile import Options, compile_map, drawn_boxes
from argmap.errors import UsageError
from argmap.files import write_atomic  # re-exported: callers have long imported it from here
from argmap.model import ArgumentMap

__all__ = [
    "DEFAULT_TIMEOUT",
    "DOT_LIMIT",
    "ENGINES",
    "FORMATS",
    "GraphvizFailed",
    "GraphvizNotFound",
    "Layout",
    "RenderError",
    "RenderTimeout",
    "Rendered",
    "layouts",
    "render_map",
    "run_layout",
    "write_atomic",
]

FORMATS = ("svg", "png", "pdf", "dot")
ENGINES = ("dot", "sfdp", "neato", "fdp", "twopi", "circo", "osage")
DEFAULT_TIMEOUT = 120.0
# Above this many boxes (claims and junctions) only `sfdp` is tried: see `layouts`.
DOT_LIMIT = 6_000

INSTALL_HINT = (
    "Graphviz's `dot` program is not on PATH: install Graphviz (Debian/Ubuntu: apt-get install graphviz; "
    "macOS: brew install graphviz), or use --format dot, which needs no Graphviz"
)

# Lays out DOT read from stdin with the Graphviz library bundled in the
# pygraphviz wheels, in a child process so the time limit can stop it.
_PYGRAPHVIZ_SCRIPT = (
    "import sys, pygraphviz\n"
    "graph = pygraphviz.AGraph(string=sys.stdin.buffer.read().decode('utf-8'))\n"
    "sys.stdout.buffer.write(graph.draw(format=sys.argv[1], prog=sys.argv[2]))\n"
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


def pygraphviz_available() -> bool:
    """Whether the `fast-layout` extra (pygraphviz, with its own Graphviz) is installed."""
    return importlib.util.find_spec("pygraphviz") is not None


def layouts(engine: str | None = None, *, boxes: int = 0) -> tuple[Layout, ...]:
    """The layouts to try, in order: just `engine` when one is named, else the fallback chain.

    A map of more than `DOT_LIMIT` boxes goes straight to `sfdp`: measured,
    `dot` needs minutes for such a map, with or without clusters.
    """
    if engine is not None:
        return (Layout(engine),)
    if boxes > DOT_LIMIT:
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


def run_layout(source: str, fmt: str, layout: Layout, timeout: float) -> bytes:
    """Run one Graphviz layout on DOT `source`: the picture, or `GraphvizFailed` / `RenderTimeout`."""
    if layout.bundled:
        argv = [sys.executable, "-c", _PYGRAPHVIZ_SCRIPT, fmt, layout.engine]
    else:
        argv = [_dot_program(), f"-K{layout.engine}", f"-T{fmt}"]
    try:
        done = subprocess.run(argv, input=source.encode("utf-8"), capture_output=True, timeout=timeout, check=False)
    except subprocess.TimeoutExpired:
        raise RenderTimeout(f"{layout.describe()} did not finish within {timeout:.0f} s") from None
    except OSError as error:
        raise GraphvizFailed(f"cannot run {argv[0]}: {error.strerror or error}") from None
    if done.returncode < 0:
        raise GraphvizFailed(f"Graphviz crashed ({layout.describe()}, signal {-done.returncode})")
    if done.returncode != 0 or not done.stdout:
        raise GraphvizFailed(f"Graphviz failed: {_graphviz_message(done.stderr)}")
    return done.stdout


def render_map(
    amap: ArgumentMap,
    fmt: str,
    options: Options | None = None,
    *,
    engine: str | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    run: Callable[[str, str, Layout, float], bytes] = run_layout,
    clock: Callable[[], float] = time.monotonic,
) -> Rendered:
    """The map drawn in `fmt` ("svg", "png", "pdf" or "dot").

    `dot` needs no Graphviz. Otherwise each layout in `layouts(engine)` gets
    an equal share of what is left of `timeout` seconds (the last one gets
    all of it) until one finishes. When Graphviz fails on a layout (rather
    than running out of time) and pygraphviz is installed, its bundled,
    newer Graphviz tries the same layout next; without `dot` on PATH it
    does every layout. When every layout fails, the first
    failure is raised: a timeout as `RenderTimeout`, a Graphviz error as
    `GraphvizFailed` carrying Graphviz's message.
    """
    if fmt not in FORMATS:
        raise UsageError(f"unknown format '{fmt}': choose one of {', '.join(FORMATS)}")
    if engine is not None and engine not in ENGINES:
        raise UsageError(f"unknown layout engine '{engine}': choose one of {', '.join(ENGINES)}")
    if timeout <= 0:
        raise UsageError("--timeout must be more than 0 seconds")
    options = options or Options()
    if fmt == "dot":
        return Rendered(compile_map(amap, options).source.encode("utf-8"), None)
    boxes = drawn_boxes(amap, options)
    chain = layouts(engine, boxes=boxes)
    given_up: list[str] = []
    if engine is None and boxes > DOT_LIMIT:
        given_up.append(f"{boxes:,} boxes are more than dot lays out in good time ({DOT_LIMIT:,})")
    bundled = pygraphviz_available()
    if shutil.which("dot") is None:
        # Without Graphviz on PATH, the Graphviz bundled with pygraphviz may still do.
        if not bundled:
            raise GraphvizNotFound()
        chain = tuple(attrs.evolve(layout, bundled=True) for layout in chain)
    queue = deque(chain)
    sources: dict[bool, str] = {}
    first_error: RenderError | None = None
    deadline = clock() + timeout
    while queue:
        layout = queue.popleft()
        left = deadline - clock()
        if left <= 0:
            break
        share = left / (len(queue) + 1)
        if layout.clusters not in sources:
            sources[layout.clusters] = compile_map(amap, attrs.evolve(options, clusters=layout.clusters)).source
        try:
            data = run(sources[layout.clusters], fmt, layout, share)
        except RenderError as error:
            given_up.append(str(error))
            first_error = first_error or error
            if bundled and not layout.bundled and isinstance(error, GraphvizFailed):
                # A crash, not slowness (the bundled Graphviz is measured slower): a newer one may not crash.
                queue.appendleft(attrs.evolve(layout, bundled=True))
            continue
        return Rendered(data, layout, tuple(given_up))
    if isinstance(first_error, RenderTimeout) or first_error is None:
        raise RenderTimeout(
            f"rendering stopped at the time limit of {timeout:g} s ({'; '.join(given_up) or 'no layout finished'}); "
            "draw part of the map with --focus ID --depth N, try --engine sfdp, or allow more time with --timeout"
        )
    raise first_error
