"""Maps on paper: `--paper a4|letter` sets the picture on printed pages with its text legible.

A briefing is read on paper, where text under 7 pt is lost. The whole picture
goes on one page when it fits there with its smallest text at `MIN_TEXT` or
more. A larger map becomes a PDF of several pages: first the overview (one box
per argument, as `--view arguments`), its separate threads set on as few pages
as hold them legibly, then one page per argument, showing its claims and their
direct neighbours under the heading "Argument 3 of 12". The PDF's outline
lists every page with the argument's title, so a reader can jump to one.

Graphviz draws every picture as a PDF of its own size, all in one run
(`run_graphs`); the sizes of its text are read from the same run's layout
(`-Tjson`), not guessed. pypdf then scales each picture (never up) and sets it
on the page, top down.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any, Literal

import attrs

from argmap.draw.compile import FONT, TITLE_WIDTH, Options, digraph, inks, legend_panel, neighbourhood
from argmap.draw.overview import OVERVIEW_NOTE, claim_links, overview_threads
from argmap.draw.render import (
    DEFAULT_TIMEOUT,
    Layout,
    Rendered,
    RenderTimeout,
    check_request,
    compile_view,
    lay_out,
    layout_deadline,
    run_graphs,
    stopwatch,
    timeout_advice,
    view_boxes,
)
from argmap.draw.text import html_label, small, wrapped
from argmap.errors import UsageError
from argmap.model import Argument, ArgumentMap

__all__ = [
    "MARGIN",
    "MIN_TEXT",
    "PAGE_BOXES",
    "PAPERS",
    "Page",
    "Piece",
    "Placed",
    "compose",
    "fits",
    "pack",
    "page_sources",
    "panel_map",
    "render_paper",
    "sheet_size",
    "smallest_text",
]

Role = Literal["page", "heading", "part"]

# Page sizes in points, portrait.
PAPERS: dict[str, tuple[float, float]] = {"a4": (595.276, 841.89), "letter": (612.0, 792.0)}
MARGIN = 22.68  # 8 mm: inside what office printers reach
GAP = 14.0  # between pictures that share a page
# The smallest text a printed page may carry, in points.
MIN_TEXT = 7.0
# A picture of more boxes never fits a page at `MIN_TEXT`, so it is not laid out
# whole to find out: a claim's box with the space `dot` leaves round it takes
# more than 6,000 square points at natural size, and an A4 or Letter page holds
# under 700,000 at the scale where 9 pt annotations print at 7 pt.
PAGE_BOXES = 150


def sheet_size(paper: str, landscape: bool = False) -> tuple[float, float]:
    """The page's width and height in points."""
    if paper not in PAPERS:
        raise UsageError(f"unknown paper '{paper}': choose one of {', '.join(PAPERS)}")
    width, height = PAPERS[paper]
    return (height, width) if landscape else (width, height)


@attrs.frozen
class Piece:
    """One picture drawn by Graphviz: its one-page PDF and, at natural size in points, its size and smallest text."""

    pdf: bytes
    width: float
    height: float
    smallest_text: float
    title: str  # for the outline and for notes
    # "page": a page of its own (an argument's panel); "heading": first, on a row of its own;
    # "part": set with the other parts wherever it fits (the overview's threads, the key).
    role: Role = "part"


@attrs.frozen
class Placed:
    """Where a piece goes: its index, its lower-left corner on the page and its scale."""

    piece: int
    x: float
    y: float
    scale: float


@attrs.frozen
class Page:
    """One page: its size in points and the pieces on it."""

    width: float
    height: float
    placed: tuple[Placed, ...]


def smallest_text(layout: Mapping[str, Any]) -> float:
    """The smallest font size a Graphviz `-Tjson` layout draws text in (infinity when it draws none)."""
    sizes = [float(op["size"]) for op in _draw_ops(layout) if op.get("op") == "F" and "size" in op]
    return min(sizes, default=float("inf"))


def _draw_ops(value: Any) -> Iterator[Mapping[str, Any]]:
    """Every drawing operation anywhere in a `-Tjson` layout: graph, clusters, nodes, edges and their labels."""
    if isinstance(value, dict):
        for key, item in value.items():
            if key.endswith("draw_") and isinstance(item, list):
                yield from (op for op in item if isinstance(op, dict))
            else:
                yield from _draw_ops(item)
    elif isinstance(value, list):
        for item in value:
            yield from _draw_ops(item)


def _scale(piece: Piece, sheet: tuple[float, float]) -> float:
    """The scale that fits a piece inside the page's margins, never enlarging it."""
    width, height = sheet[0] - 2 * MARGIN, sheet[1] - 2 * MARGIN
    return min(1.0, width / piece.width, height / piece.height)


def fits(piece: Piece, sheet: tuple[float, float], turn: bool = False) -> bool:
    """Whether a piece fits the page (or, with `turn`, the page turned) with its smallest text at `MIN_TEXT` or more."""
    best = max(_scale(piece, sheet), _scale(piece, (sheet[1], sheet[0])) if turn else 0.0)
    return best * piece.smallest_text >= MIN_TEXT


class _Filling:
    """A page being filled with rows of pieces, top down; a piece goes into the first row with room for it."""

    def __init__(self, sheet: tuple[float, float]):
        self.width, self.height = sheet
        self.inner = (self.width - 2 * MARGIN, self.height - 2 * MARGIN)
        self.placed: list[Placed] = []
        self.rows: list[list[float]] = []  # each row's top (from the top margin), height and width filled

    def place(self, index: int, piece: Piece) -> bool:
        """Put the piece in the first row with room, or in a new row; False when the page has no room left."""
        scale = _scale(piece, (self.width, self.height))
        w, h = piece.width * scale, piece.height * scale
        row = next((r for r in self.rows if r[1] >= h and r[2] + w <= self.inner[0]), None)
        if row is None:
            top = self.rows[-1][0] + self.rows[-1][1] + GAP if self.rows else 0.0
            if self.rows and top + h > self.inner[1]:
                return False
            row = [top, h, 0.0]
            self.rows.append(row)
        x = (self.inner[0] - w) / 2 if piece.role == "page" else row[2]
        self.placed.append(Placed(index, MARGIN + x, self.height - MARGIN - row[0] - h, scale))
        row[2] = self.inner[0] if piece.role == "heading" else row[2] + w + GAP  # a heading's row is its own
        return True

    def page(self) -> Page:
        return Page(self.width, self.height, tuple(self.placed))


def pack(pieces: Sequence[Piece], sheet: tuple[float, float], turn: bool = False) -> list[Page]:
    """The pieces set on pages, each scaled to fit the page, never enlarged.

    A "page" piece gets a page of its own, centred at the top. The pieces
    between two such are set together: headings first, then the others from
    the tallest down, each in the first row of the first page with room for
    it (first fit by decreasing height, which leaves little paper blank).
    Pages are `sheet`, or with `turn` whichever of `sheet` and `sheet`
    turned a quarter keeps the text legible, then takes fewer pages, then
    prints the text larger.
    """
    pages: list[Page] = []
    run: list[int] = []
    for index, piece in enumerate(pieces):
        if piece.role == "page":
            pages.extend(_best_fill(pieces, run, sheet, turn))
            pages.extend(_best_fill(pieces, [index], sheet, turn))
            run = []
        else:
            run.append(index)
    pages.extend(_best_fill(pieces, run, sheet, turn))
    return pages


def _best_fill(pieces: Sequence[Piece], run: list[int], sheet: tuple[float, float], turn: bool) -> list[Page]:
    """The pieces of `run` filled into pages of the size that suits them best (see `pack`)."""
    if not run:
        return []
    fillings = [_fill(pieces, run, sheet)]
    if turn:
        fillings.append(_fill(pieces, run, (sheet[1], sheet[0])))

    def cost(pages: list[Page]) -> tuple[bool, int, float]:
        smallest = min(p.scale * pieces[p.piece].smallest_text for page in pages for p in page.placed)
        return smallest < MIN_TEXT, len(pages), -smallest

    return min(fillings, key=cost)


def _fill(pieces: Sequence[Piece], run: list[int], sheet: tuple[float, float]) -> list[Page]:
    """The pieces of `run` set on as many pages of size `sheet` as they take: headings first, then tallest first."""
    order = sorted(run, key=lambda i: (pieces[i].role != "heading", -_scale(pieces[i], sheet) * pieces[i].height))
    pages: list[_Filling] = []
    for index in order:
        if not any(page.place(index, pieces[index]) for page in pages):
            pages.append(_Filling(sheet))
            pages[-1].place(index, pieces[index])
    return [filling.page() for filling in pages]


def compose(pieces: Sequence[Piece], sheet: tuple[float, float], turn: bool = False) -> tuple[bytes, list[str]]:
    """The PDF of the pieces set on pages (see `pack`), with an outline entry per page; and notes on small text."""
    from pypdf import PdfReader, PdfWriter, Transformation

    writer = PdfWriter()
    notes: list[str] = []
    for number, page in enumerate(pack(pieces, sheet, turn), start=1):
        sheet_page = writer.add_blank_page(page.width, page.height)
        for placed in page.placed:
            piece = pieces[placed.piece]
            drawn = PdfReader(io.BytesIO(piece.pdf)).pages[0]
            box = drawn.mediabox
            move = Transformation().translate(-float(box.left), -float(box.bottom))
            sheet_page.merge_transformed_page(drawn, move.scale(placed.scale).translate(placed.x, placed.y))
            size = placed.scale * piece.smallest_text
            if size < MIN_TEXT:
                notes.append(f"page {number} ({piece.title}) is too large for the page: its smallest text prints "
                             f"at {size:.1f} pt; --focus ID --depth 1 draws a part of it legibly")  # fmt: skip
        titles = dict.fromkeys(pieces[placed.piece].title for placed in page.placed)
        writer.add_outline_item(title=" · ".join(titles), page_number=number - 1)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue(), notes


def render_paper(
    amap: ArgumentMap,
    options: Options | None = None,
    *,
    paper: str = "a4",
    landscape: bool = False,
    view: str = "claims",
    engine: str | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    clock: Callable[[], float] | None = None,
) -> Rendered:
    """The map as a PDF on pages of `paper`: one page when it fits legibly, else the overview and a page per argument.

    Pages are portrait, each turned to landscape when its picture prints
    larger so; `landscape=True` makes every page landscape. With
    `view="arguments"` the overview's threads are set on pages, with no pages
    per argument. `options.focus` keeps to the arguments near it.
    """
    check_request("pdf", engine, timeout, view)
    options = options or Options()
    sheet = sheet_size(paper, landscape)
    turn = not landscape  # portrait pages turn to suit a wide picture; --landscape turns them all
    clock = clock or stopwatch()
    given_up: tuple[str, ...] = ()
    layout: Layout | None = None
    if view_boxes(amap, options, view) <= PAGE_BOXES:
        drawn, layout, given_up = lay_out(
            amap, options, lambda source, layout, share: run_graphs([source], ("json", "pdf"), layout, share)[0],
            view=view, engine=engine, timeout=timeout, fmt="pdf", clock=clock,
        )  # fmt: skip
        whole = _piece(drawn, amap.title or "Map")
        if fits(whole, sheet, turn):
            data, notes = compose([whole], sheet, turn)
            return Rendered(data, layout, given_up, tuple(notes))
    pieces, sources = page_sources(amap, options, view)
    left = layout_deadline(timeout) - clock()
    layout = Layout(engine or "dot")
    if left <= 0:
        raise RenderTimeout(f"rendering stopped at the time limit of {timeout:g} s; "
                            + timeout_advice(options, view, "pdf", [layout]))  # fmt: skip
    try:
        drawn_pages = run_graphs(sources, ("json", "pdf"), layout, left)
    except RenderTimeout as error:
        raise RenderTimeout(f"{error}: {timeout_advice(options, view, 'pdf', [layout])}") from None
    data, notes = compose([_piece(d, *p) for d, p in zip(drawn_pages, pieces, strict=True)], sheet, turn)
    return Rendered(data, layout, given_up, tuple(notes))


def _piece(drawn: Mapping[str, bytes], title: str, role: Role = "part") -> Piece:
    """A piece from what Graphviz drew: the PDF, its page size, and the smallest text of its layout."""
    import json

    from pypdf import PdfReader

    box = PdfReader(io.BytesIO(drawn["pdf"])).pages[0].mediabox
    layout = json.loads(drawn["json"])
    return Piece(drawn["pdf"], float(box.width), float(box.height), smallest_text(layout), title, role)


def page_sources(amap: ArgumentMap, options: Options, view: str = "claims") -> tuple[list[tuple[str, Role]], list[str]]:
    """What goes on the pages of a map too large for one, in order, as (title, role) and DOT.

    The heading, the overview's threads and the key, then (for the
    `claims` view) each argument's page.
    """
    pieces: list[tuple[str, Role]] = []
    sources: list[str] = []

    def add(title: str, role: Role, source: str) -> None:
        pieces.append((title, role))
        sources.append(source)

    panels = _panel_arguments(amap, options) if view == "claims" else []
    add("Overview", "heading", _title_graph(amap, len(panels)))
    for thread in overview_threads(amap, attrs.evolve(options, legend=False)):
        add("Overview", "part", thread.source)
    if options.legend:
        add("Key", "part", _key_graph(options))
    links = _neighbours(amap)
    # Every page colours an actor as the whole map does, not by the actors on that page alone; and
    # has no summary band, since what a part of the map concludes is not what the map concludes.
    page_options = attrs.evolve(options, legend=False, summary=False, focus=None, inks=inks(amap, options))
    for number, argument in enumerate(panels, start=1):
        # The page's heading stays on one line; the argument's panel below it carries its title.
        panel = panel_map(amap, argument, f"Argument {number} of {len(panels)}", links)
        drawn = compile_view(panel, page_options, "claims")
        add(f"{panel.title}: {argument.title}", "page", drawn.source)
    return pieces, sources


def _panel_arguments(amap: ArgumentMap, options: Options) -> list[Argument]:
    """The arguments that get a page: all, or with a focus those holding a claim near it."""
    if options.focus is None:
        return list(amap.arguments)
    near = neighbourhood(amap, options.focus, options.depth)
    held = {claim.argument for claim in amap.claims if claim.id in near}
    return [argument for argument in amap.arguments if argument.id in held]


def _neighbours(amap: ArgumentMap) -> dict[str, set[str]]:
    """For each claim, the claims one link away, whatever the link's kind or direction."""
    arguments = {a.id: a for a in amap.arguments}
    near: dict[str, set[str]] = {}
    for tail, head, _ in claim_links(amap):
        ends = [c.id for c in arguments[head].conclusions] if head in arguments else [head]
        for end in ends:
            near.setdefault(tail, set()).add(end)
            near.setdefault(end, set()).add(tail)
    return near


def panel_map(amap: ArgumentMap, argument: Argument, title: str, near: Mapping[str, set[str]]) -> ArgumentMap:
    """The part of the map an argument's page shows: its claims and their direct neighbours, under `title`."""
    own = {claim.id for claim in amap.claims if claim.argument == argument.id}
    keep = own.union(*(near.get(claim, set()) for claim in own))
    return attrs.evolve(amap, title=title, claims=tuple(c for c in amap.claims if c.id in keep))


def _title_graph(amap: ArgumentMap, panels: int) -> str:
    """The first page's heading, drawn by Graphviz like the rest: the map's title and what the pages hold."""
    what = OVERVIEW_NOTE
    if panels:
        what += f". Then one page per argument ({panels})"
    graph = digraph(name="argmap_title")
    lines = [f"<B>{wrapped(amap.title, TITLE_WIDTH)}</B>"] if amap.title else []
    graph.attr("graph", label=html_label(*lines, small(what, italic=True)), fontname=FONT, fontsize="18")
    return str(graph.source)


def _key_graph(options: Options) -> str:
    """The key on its own, to share a page with the overview."""
    graph = digraph(name="argmap_key")
    graph.attr("graph", rankdir=options.direction, fontname=FONT)
    graph.attr("node", fontname=FONT, fontsize="11")
    graph.attr("edge", fontname=FONT)
    graph.subgraph(legend_panel(options.statuses is not None, options.direction))
    return str(graph.source)
