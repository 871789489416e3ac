"""Maps in a notebook: what `ArgumentMap` shows of itself, and `argmap.show`'s picture or page.

A notebook calls these through IPython's display hooks (`_repr_svg_`,
`_repr_html_`); nothing here imports IPython. A picture is drawn with the
same compiler and Graphviz as `argmap render`; a map past what one picture
holds is drawn as its overview (one box per argument), as the HTML view opens.
"""

from __future__ import annotations

import html
from collections.abc import Iterable

import attrs

from argmap.draw.compile import Options, drawn_boxes
from argmap.draw.html import LARGE_PAGE, render_page, svg_element
from argmap.draw.render import RenderError, render_map
from argmap.evaluate import evaluate
from argmap.model import ArgumentMap

__all__ = ["MapView", "map_html", "map_svg", "show"]

# A notebook waits on its cell: a picture past this many seconds is given up (the text repr stands in).
NOTEBOOK_TIMEOUT = 60.0


@attrs.frozen
class MapView:
    """A map as a notebook shows it: the picture (`_repr_svg_`), or with `interactive` the HTML view in a frame."""

    map: ArgumentMap
    options: Options = Options()
    interactive: bool = False

    def svg(self) -> str:
        """The picture as SVG text ('' when Graphviz cannot draw it: not installed, or past the time limit)."""
        large = self.options.focus is None and drawn_boxes(self.map, self.options) >= LARGE_PAGE
        view = "arguments" if large else "claims"
        try:
            drawn = render_map(self.map, "svg", self.options, view=view, timeout=NOTEBOOK_TIMEOUT)
        except RenderError:
            return ""
        return svg_element(drawn.data.decode("utf-8"))

    def page(self) -> str:
        """The interactive HTML view of the map (see `argmap.draw.html`)."""
        return render_page(self.map, self.options, timeout=NOTEBOOK_TIMEOUT).data.decode("utf-8")

    def _repr_svg_(self) -> str | None:
        return None if self.interactive else (self.svg() or None)

    def _repr_html_(self) -> str | None:
        if not self.interactive:
            return map_html(self.map, self.svg())
        # In a frame of its own, so the page's script and style meet nothing of the notebook's.
        return (f'<iframe srcdoc="{html.escape(self.page(), quote=True)}" sandbox="allow-scripts" '
                'style="width: 100%; height: 640px; border: 1px solid #ccc"></iframe>')  # fmt: skip


def show(
    amap: ArgumentMap,
    focus: str | Iterable[str] | None = None,
    *,
    depth: int = 2,
    status: bool = False,
    interactive: bool = False,
    options: Options | None = None,
) -> MapView:
    """The map ready to display in a notebook: only near `focus` (ids, as `--focus`), filled by `status`, or the page.

    `options` gives every other choice of `argmap render` (`Options`).
    """
    options = options or Options()
    if focus is not None:
        options = attrs.evolve(options, focus=focus if isinstance(focus, str) else ",".join(focus), depth=depth)
    if status:
        options = attrs.evolve(options, statuses=evaluate(amap).statuses)
    return MapView(amap, options, interactive)


def map_svg(amap: ArgumentMap) -> str | None:
    """`ArgumentMap._repr_svg_`: the map's picture, or None when Graphviz cannot draw it."""
    return MapView(amap).svg() or None


def map_html(amap: ArgumentMap, svg: str | None = None) -> str:
    """`ArgumentMap._repr_html_`: a line saying what the map holds, and its picture when Graphviz draws it."""
    svg = MapView(amap).svg() if svg is None else svg
    title = html.escape(amap.title or "argument map")
    counts = f"{len(amap.claims)} claims, {len(amap.arguments)} arguments, {len(amap.actors)} actors"
    picture = "<p>(no picture: Graphviz cannot draw it here)</p>"
    if svg:
        picture = f'<div style="max-height: 640px; overflow: auto">{svg}</div>'
    return f"<div><p><b>{title}</b> <small>{counts}</small></p>{picture}</div>"
