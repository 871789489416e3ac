"""The interactive HTML view: one self-contained page holding the picture, the map's data and its own script.

The page works from disk with no network: the SVG that `render` draws is
inlined, the map's texts, quotes, grades, statuses and check reports travel
as JSON in a `<script type="application/json">` block (escaped so that no map
text can close it), and the page's CSS and JavaScript (`page/`, shipped with
the package) are inlined under a Content-Security-Policy that allows nothing
but them. The script puts every piece of map text into the page with
`textContent`, never as markup. A map past what one picture holds opens on
the overview (one box per argument): Graphviz lays it out, and the page gets
only where each box and link goes and paints them on a canvas, since an
inlined SVG of thousands of boxes takes the browser seconds to read; the
page draws an argument's neighbourhood itself when it is opened, so its size
grows with the map, not with the map times its arguments.

`render_page` does the whole job (checks, evaluation, passages, layout);
`build_page` only puts given parts together. A page built with
`live_reload=True` reloads itself when `write_reload_stamp` marks its file as
changed (what `argmap render --watch` does after each render).
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import os
from collections.abc import Callable, Iterable, Mapping, Sequence
from importlib import resources
from pathlib import Path
from typing import Any

import attrs

from argmap.checks import MapIndex, run_checks
from argmap.checks.sources import quote_passage
from argmap.diagnostics import Diagnostic, file_text, json_safe
from argmap.draw.compile import LARGE_MAP, Options, drawn_boxes
from argmap.draw.render import DEFAULT_TIMEOUT, Layout, Rendered, lay_out, render_map, run_layout
from argmap.draw.summary import Evaluated
from argmap.draw.text import dom_id
from argmap.evaluate import Evaluation, evaluate
from argmap.files import write_atomic
from argmap.model import ArgumentMap, Span

__all__ = [
    "LARGE_PAGE",
    "build_page",
    "overview_layout",
    "page_data",
    "reload_script_name",
    "render_page",
    "svg_element",
    "write_reload_stamp",
]

# From this many boxes (claims and inference dots) on, the page opens on the overview and draws each
# argument's neighbourhood itself: the size from which `dot` lays a picture out with its quicker settings.
LARGE_PAGE = LARGE_MAP

# Characters that must not reach a <script> block as they are: `<` and `>` could close it or open a
# comment, `&` an entity in an XHTML reading, U+2028/2029 end a line in older JavaScript.
_SCRIPT_ESCAPES = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028",
                                 "\u2029": "\\u2029"})  # fmt: skip


def _asset(name: str) -> str:
    return (resources.files("argmap.draw") / "page" / name).read_text(encoding="utf-8")


def render_page(
    amap: ArgumentMap,
    options: Options | None = None,
    *,
    live_reload: bool = False,
    page_name: str = "map.html",
    view: str | None = None,
    engine: str | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    clock: Callable[[], float] | None = None,
    allow_outside_root: bool = False,
    run: Callable[[str, str, Layout, float], bytes] = run_layout,
) -> Rendered:
    """The map's page as `argmap render --format html` writes it: checked, evaluated and laid out.

    A map of `LARGE_PAGE` boxes or more is drawn as its overview, as is any
    with `view="arguments"` (`view="claims"` draws every claim). `page_name`
    is the file the page will be written to: with `live_reload`, the page
    watches `reload_script_name(page_name)` beside it.
    """
    options = options or Options()
    # The evaluation `argmap render` already made for the picture's band, when it made one.
    evaluation = options.evaluation if options.evaluation is not None else evaluate(amap)
    reports = run_checks(amap, allow_outside_root=allow_outside_root)
    large = view == "arguments" or (view is None and options.focus is None and drawn_boxes(amap, options) >= LARGE_PAGE)
    data = page_data(amap, evaluation=evaluation, reports=reports, allow_outside_root=allow_outside_root)
    reload = reload_script_name(page_name) if live_reload else None
    if large:
        raw, layout, given_up = lay_out(
            amap, options, lambda source, layout, share: run(source, "json0", layout, share),
            view="arguments", engine=engine, timeout=timeout, clock=clock,
        )  # fmt: skip
        page = build_page(amap, "", data, overview=overview_layout(raw), reload=reload)
        return Rendered(page.encode("utf-8"), layout, given_up)
    rendered = render_map(amap, "svg", options, engine=engine, timeout=timeout, run=run, clock=clock)
    page = build_page(amap, rendered.data.decode("utf-8"), data, reload=reload)
    return attrs.evolve(rendered, data=page.encode("utf-8"))


def overview_layout(layout: bytes) -> dict[str, Any]:
    """Where Graphviz put the overview's boxes and links (its `-Tjson0`), as the page paints them.

    Boxes are `[svg id, left, top, width, height, colour]` in points, y
    downwards; links `[points, colour, style, tail id, head id]`, the points
    those of Graphviz's cubic spline, flattened.
    """
    graph = json.loads(layout)
    height = float(str(graph.get("bb", "0,0,0,0")).split(",")[3])
    objects = graph.get("objects", [])
    boxes = []
    for node in objects:
        ident, pos = str(node.get("id", "")), node.get("pos")
        if pos is None or not ident.startswith(("argument-", "claim-")):
            continue
        x, y = (float(v) for v in str(pos).split(",")[:2])
        width, tall = float(node.get("width", 0)) * 72, float(node.get("height", 0)) * 72
        boxes.append([ident, round(x - width / 2, 1), round(height - y - tall / 2, 1), round(width, 1),
                      round(tall, 1), _first_colour(node.get("color"), "#969696")])  # fmt: skip
    lines = []
    for edge in graph.get("edges", []):
        if edge.get("style") == "invis" or "pos" not in edge:
            continue
        points: list[float] = []
        for part in str(edge["pos"]).split():
            if part.startswith(("e,", "s,")):
                continue
            x, y = (float(v) for v in part.split(",")[:2])
            points += [round(x, 1), round(height - y, 1)]
        ends = [str(objects[edge[end]].get("id", "")) if 0 <= edge.get(end, -1) < len(objects) else ""
                for end in ("tail", "head")]  # fmt: skip
        lines.append([points, _first_colour(edge.get("color"), "#555555"), str(edge.get("style", "solid")), *ends])
    return {"width": float(str(graph.get("bb", "0,0,0,0")).split(",")[2]), "height": height, "boxes": boxes,
            "lines": lines}  # fmt: skip


def _first_colour(value: object, default: str) -> str:
    """The first colour of a Graphviz colour list (`#762a83:#ffffff:#762a83`), when it is a plain #rrggbb."""
    first = str(value or "").split(":")[0].split(";")[0]
    return first if len(first) == 7 and first.startswith("#") else default


def svg_element(svg: str) -> str:
    """Graphviz's SVG document as an element to inline: its XML declaration, doctype and comments dropped."""
    start = svg.find("<svg")
    return svg[start:] if start >= 0 else ""


def build_page(
    amap: ArgumentMap,
    svg: str,
    data: Mapping[str, Any],
    *,
    overview: Mapping[str, Any] | None = None,
    reload: str | None = None,
) -> str:
    """The page: the picture `svg` (Graphviz's) or the overview's layout (`overview_layout`), and `data` (`page_data`).

    `reload` names the script beside the page that `write_reload_stamp`
    writes: the page loads it again every second and reloads itself when
    the stamp in it changes.
    """
    payload = dict(data, overview=overview, reload=reload)
    script_data = json.dumps(payload, ensure_ascii=False, separators=(",", ":"))
    script_data = json_safe(script_data).translate(_SCRIPT_ESCAPES)
    css, js = _asset("page.css"), _asset("page.js")
    picture = svg_element(svg)
    # A nonce that is a digest of everything else on the page: the same map gives the same page, and no text
    # on the page can carry it, as the text would have to contain the digest of itself.
    nonce = base64.urlsafe_b64encode(hashlib.sha256("\0".join((script_data, picture, css, js)).encode(
        "utf-8", "surrogatepass")).digest()[:18]).decode("ascii")  # fmt: skip
    policy = (
        f"default-src 'none'; script-src 'nonce-{nonce}'; style-src 'nonce-{nonce}'; img-src data:; "
        "font-src 'none'; connect-src 'none'; base-uri 'none'; form-action 'none'"
    )
    title = html.escape(_title(amap))
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{policy}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>{title}</title>
<style nonce="{nonce}">
{css}</style>
</head>
<body>
<header id="bar">
  <h1 id="title">{title}</h1>
  <form id="search-form" role="search" autocomplete="off">
    <input id="search" type="search" placeholder="Search claims by id or text ( / )" aria-label="Search claims">
    <button id="search-prev" type="button" title="Previous match (Shift+Enter)">&#8593;</button>
    <button id="search-next" type="button" title="Next match (Enter)">&#8595;</button>
    <output id="search-count" aria-live="polite"></output>
  </form>
  <label>Actor <select id="filter-actor"><option value="">all</option></select></label>
  <label>Tag <select id="filter-tag"><option value="">all</option></select></label>
  <label>Status <select id="filter-status"><option value="">all</option>
    <option value="in">accepted</option><option value="out">defeated</option>
    <option value="undec">undecided</option></select></label>
  <button id="show-findings" type="button" aria-controls="findings">Findings</button>
  <span id="zoom-buttons"><button id="zoom-in" type="button" title="Zoom in (+)">+</button><button
    id="zoom-out" type="button" title="Zoom out (-)">&#8722;</button><button id="zoom-fit" type="button"
    title="Fit the picture (0)">fit</button></span>
</header>
<main>
  <div id="viewport" tabindex="0" aria-label="The map: drag or use the arrow keys to pan, + and - to zoom">
    <div id="canvas"><div id="picture">{picture}</div><div id="neighbourhood" hidden></div></div>
    <canvas id="overview" hidden></canvas>
  </div>
  <aside id="panel" aria-live="polite" hidden></aside>
</main>
<section id="findings" hidden><h2>Findings</h2><ul id="findings-list"></ul></section>
<script type="application/json" id="argmap-data">{script_data}</script>
<script nonce="{nonce}">
{js}</script>
</body>
</html>
"""


def _title(amap: ArgumentMap) -> str:
    if amap.title:
        return amap.title
    return Path(file_text(amap.files[0])).stem if amap.files else "argmap"


def page_data(
    amap: ArgumentMap,
    *,
    evaluation: Evaluation | Evaluated | None = None,
    reports: Sequence[Diagnostic] = (),
    allow_outside_root: bool = False,
) -> dict[str, Any]:
    """What the page's script shows, as plain JSON data: claims, arguments, links, actors, sources and reports.

    Each quote comes with the passage of its source around it (found as
    `argmap check` finds it), each claim with its evaluated status and the
    reason, each report with the claims and arguments it is about.
    """
    index = MapIndex(amap, allow_outside_root=allow_outside_root)
    statuses: dict[str, tuple[str, str | None]] = {}
    if isinstance(evaluation, Evaluation):
        statuses = {c.claim: (c.status.value, c.reason) for c in evaluation.claims}
    elif evaluation is not None:
        reasons = evaluation.reasons
        statuses = {claim: (status.value, reasons.get(claim)) for claim, status in evaluation.statuses.items()}
    claims = []
    for claim in amap.claims_by_id().values():
        quotes = []
        for quote in claim.quotes:
            source = index.sources.get(quote.source.id)
            passage = quote_passage(index, source, quote.text) if source is not None else None
            entry: dict[str, Any] = {"source": quote.source.id, "text": quote.text}
            if passage is not None:
                entry["passage"] = [passage.before, passage.quoted, passage.after]
            quotes.append(entry)
        status, reason = statuses.get(claim.id, (None, None))
        claims.append(_compact({
            "id": claim.id, "dom": _dom("claim", claim.id), "text": claim.text, "kind": claim.kind.value,
            "actors": [a.id for a in claim.actors], "quotes": quotes, "sources": [s.id for s in claim.citations],
            "likelihood": claim.likelihood, "confidence": claim.confidence, "probability": claim.probability,
            "credibility": claim.credibility,
            "tags": list(claim.tags), "notes": list(claim.notes), "argument": claim.argument,
            "status": status, "reason": reason, "place": _place(claim.span),
        }))  # fmt: skip
    arguments = [
        _compact({
            "id": a.id, "dom": _dom("argument", a.id), "title": a.title, "premises": [p.id for p in a.premises],
            "conclusions": [c.id for c in a.conclusions], "actors": [r.id for r in a.actors],
            "sources": [s.id for s in a.citations], "tags": list(a.tags), "notes": list(a.notes),
        })
        for a in amap.arguments
    ]  # fmt: skip
    links: list[list[Any]] = []
    for support in amap.supports:
        kind = "linked" if support.linked else "support"
        links.extend([p.id, support.conclusion.id, kind] for p in support.premises)
    for attack in amap.attacks:
        target = attack.inference_to.id if attack.inference_to is not None else attack.target.id
        links.append([attack.attacker.id, target, attack.kind.value])
    for contradiction in amap.contradictions:
        link = [contradiction.left.id, contradiction.right.id, "contradiction"]
        links.append([*link, contradiction.acknowledged] if contradiction.acknowledged else link)
    return {
        "title": _title(amap),
        "claims": claims,
        "arguments": arguments,
        "links": links,
        "actors": {
            a.id: _compact({"name": a.name, "role": a.role, "unnamed": a.unnamed or None, "tags": list(a.tags),
                            "notes": list(a.notes)})
            for a in amap.actors
        },
        "sources": {
            s.id: _compact({"title": s.title, "reliability": s.reliability, "file": s.file, "tags": list(s.tags),
                            "notes": list(s.notes)})
            for s in amap.sources
        },
        "reports": _reports(amap, reports),
    }


def _dom(prefix: str, ident: str) -> str | None:
    """The id of a box in the SVG, when it is not simply `prefix-ident` (which the page assumes otherwise)."""
    found = dom_id(prefix, ident)
    return None if found == f"{prefix}-{ident}" else found


def _compact(entry: dict[str, Any]) -> dict[str, Any]:
    """The entry without its empty fields: a large map's page is smaller, and the script treats missing as empty."""
    return {key: value for key, value in entry.items() if value not in (None, [], "")}


def _place(span: Span) -> str:
    return f"{file_text(span.file)}:{span.line}:{span.column}"


def _reports(amap: ArgumentMap, reports: Iterable[Diagnostic]) -> list[dict[str, Any]]:
    """The check's reports, each with the ids of the claims (and arguments) its places fall in."""
    places = _Places(amap)
    found = []
    for report in reports:
        about: dict[str, None] = {}
        for span in (report.span, *(where for where, _ in report.related)):
            about.update(dict.fromkeys(places.about(span)))
        found.append(_compact({
            "code": report.code, "name": report.name, "severity": report.severity.value,
            "category": report.category.value, "message": report.message, "hint": report.hint,
            "place": _place(report.span), "acknowledged": report.acknowledged, "about": list(about),
            "notes": [f"{_place(where)}: {what}" for where, what in report.related],
        }))  # fmt: skip
    return found


class _Places:
    """Which claims and arguments a place in a map file is about: a claim's definition, its quotes, the links
    written between claims, an argument's heading. Arguments come as `argument:ID`."""

    def __init__(self, amap: ArgumentMap):
        self._by_line: dict[tuple[str, int], list[tuple[Span, tuple[str, ...]]]] = {}
        for claim in amap.claims:
            self._add(claim.span, claim.id)
            for quote in claim.quotes:
                self._add(quote.span, claim.id)
            for ref in (*claim.actors, *claim.citations):
                self._add(ref.span, claim.id)
        for argument in amap.arguments:
            self._add(argument.span, f"argument:{argument.id}", lines=1)
        for support in amap.supports:
            self._add(support.span, *(p.id for p in support.premises), support.conclusion.id)
        for attack in amap.attacks:
            more = (attack.inference_to.id,) if attack.inference_to is not None else ()
            self._add(attack.span, attack.attacker.id, attack.target.id, *more)
        for contradiction in amap.contradictions:
            self._add(contradiction.span, contradiction.left.id, contradiction.right.id)
        for expectation in amap.expectations:
            self._add(expectation.span, expectation.claim.id)
        for acknowledgement in amap.acknowledgements:
            if acknowledgement.target is not None:
                self._add(acknowledgement.span, acknowledgement.target.id)

    def _add(self, span: Span, *ids: str, lines: int = 40) -> None:
        # Found by each line it covers, up to `lines` of them; an argument's block, which holds its claims,
        # by its first line only, so that its claims' reports stay theirs.
        for line in range(span.line, min(span.end_line, span.line + lines - 1) + 1):
            self._by_line.setdefault((span.file, line), []).append((span, ids))

    def about(self, span: Span) -> list[str]:
        """The ids written at `span`: those of the narrowest statement holding its start."""
        best: tuple[int, tuple[str, ...]] | None = None
        for where, ids in self._by_line.get((span.file, span.line), ()):
            ends = (where.end_line, where.end_column)
            if (where.line, where.column) <= (span.line, span.column) <= ends:
                width = (where.end_line - where.line) * 10_000 + where.end_column - where.column
                if best is None or width < best[0]:
                    best = (width, ids)
        return list(best[1]) if best else []


def reload_script_name(page_name: str | os.PathLike[str]) -> str:
    """The name of the script beside a page that tells it its file changed: `map.html` -> `map.reload.js`."""
    return f"{Path(page_name).stem}.reload.js"


def write_reload_stamp(page_path: Path) -> None:
    """Tell a page built with `live_reload` that its file changed: it reloads itself, keeping its selection.

    Written beside the page after each render (`argmap render --watch`): a
    page opened from disk cannot ask for its own file (no fetch on file://),
    but may load a script beside it, which calls the page back with a digest
    of the page's current bytes.
    """
    page_path = Path(page_path)
    try:
        digest = hashlib.sha256(page_path.read_bytes()).hexdigest()[:32]
    except OSError:
        digest = "missing"
    write_atomic(page_path.with_name(reload_script_name(page_path)), f'window.argmapReloaded("{digest}");\n'.encode())
