"""The map at a glance: one box per argument, the links between arguments counted (`--view arguments`).

A map of hundreds of arguments holds thousands of claims, more than any page
can show legibly. The overview collapses each argument into one box (its
title, its conclusion, who argues it and how many claims it holds) and every
link between claims of two arguments into one edge per kind, labelled with
how many links it stands for. Links inside one argument are its own business
and are left out.

Claims outside any argument stay boxes of their own, small ones that show
their kind's look and their id: in the seed map they include the piece's own
"major contradiction" (`befriend`, `fight_terror`), which grouping them into
one box would hide, and their text is in the full picture.

Separate threads are packed into rows (`argmap.draw.rows`, as for claims), so a
map of many threads never becomes a long strip. Looks, escaping and the key
come from `compile`, so the overview reads like the full picture.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING

import attrs

from argmap.draw.compile import (
    CONTRADICTION_SIZE,
    LARGE_GRAPH,
    LARGE_MAP,
    TITLE_WIDTH,
    WRAP_WIDTH,
    Options,
    digraph,
    legend_panel,
    neighbourhood,
    statement,
)
from argmap.draw.rows import parts, stack_threads
from argmap.draw.style import EDGE_LOOKS, FONT, NODE_LOOKS, STATUS_WORDS, with_status
from argmap.draw.text import SMALL, dom_id, esc, html_label, node_name, small, wrapped
from argmap.errors import UsageError
from argmap.model import Argument, ArgumentMap, Claim, Ref

if TYPE_CHECKING:
    import graphviz

__all__ = [
    "ARGUMENT_LOOK",
    "OVERVIEW_NOTE",
    "Link",
    "Unit",
    "aggregate_links",
    "claim_links",
    "compile_overview",
    "overview_boxes",
    "overview_threads",
]

# An argument's box looks like its panel in the full picture, collapsed.
ARGUMENT_LOOK = {"shape": "box", "style": "rounded,filled", "fillcolor": "#f7f7f7", "color": "#969696",
                 "penwidth": "1.2"}  # fmt: skip

# The words a link's count is shown with, by kind: "3 supports" reads where "×3" would puzzle.
_COUNTED = {
    "support": "supports",
    "rebut": "rebuts",
    "undermine": "undermines",
    "undercut": "undercuts",
    "contradiction": "contradictions",
    "acknowledged-contradiction": "contradictions",
}
_CONTRADICTIONS = ("contradiction", "acknowledged-contradiction")
# What the overview's heading says it shows, here and on the first page of a map on paper.
OVERVIEW_NOTE = "Overview: one box per argument; a number on a link counts the links between their claims"


@attrs.frozen(order=True)
class Unit:
    """One box of the overview: an argument, or a claim that belongs to none."""

    kind: str  # "argument" or "claim"
    id: str


@attrs.frozen
class Link:
    """The links of one kind from the claims of `tail` to those of `head`, counted."""

    tail: Unit
    head: Unit
    kind: str  # a key of `EDGE_LOOKS`: support, rebut, undermine, undercut, (acknowledged-)contradiction
    count: int


def _units(amap: ArgumentMap) -> dict[str, Unit]:
    """Which box each claim is drawn in: its argument's, or its own."""
    arguments = {a.id for a in amap.arguments}
    return {
        claim.id: Unit("argument", claim.argument) if claim.argument in arguments else Unit("claim", claim.id)
        for claim in amap.claims_by_id().values()
    }


def claim_links(amap: ArgumentMap) -> Iterator[tuple[str, str, str]]:
    """Every link between two claims as (tail id, head id, kind); an attack on an argument names the argument."""
    for support in amap.supports:
        for premise in support.premises:
            yield premise.id, support.conclusion.id, "support"
    for attack in amap.attacks:
        # An undercut's target is the premise of the step it attacks, or the argument whose inference it attacks.
        yield attack.attacker.id, attack.target.id, attack.kind.value
    for contradiction in amap.contradictions:
        kind = "contradiction" if contradiction.acknowledged is None else "acknowledged-contradiction"
        yield contradiction.left.id, contradiction.right.id, kind


def aggregate_links(amap: ArgumentMap) -> list[Link]:
    """The links between boxes, one per pair of boxes and kind, in the order first written.

    A link inside one box (an argument's own premises supporting its
    conclusion) is left out. A contradiction has no direction: `a
    contradicts b` and `b contradicts a` between the same two boxes count
    together. Links naming a claim the map does not define are skipped, as
    the full picture skips them.
    """
    units = _units(amap)
    arguments = {a.id for a in amap.arguments}
    counts: dict[tuple[Unit, Unit, str], int] = {}
    for tail_id, head_id, kind in claim_links(amap):
        tail = units.get(tail_id)
        head = Unit("argument", head_id) if head_id in arguments and head_id not in units else units.get(head_id)
        if tail is None or head is None or tail == head:
            continue
        if kind in _CONTRADICTIONS:
            tail, head = min(tail, head), max(tail, head)
        counts[tail, head, kind] = counts.get((tail, head, kind), 0) + 1
    return [Link(tail, head, kind, count) for (tail, head, kind), count in counts.items()]


def overview_boxes(amap: ArgumentMap) -> int:
    """How many boxes the overview holds: what its layout time grows with."""
    return len(set(_units(amap).values()))


class _Overview:
    """One compilation of the overview: the boxes shown, their generated names, and the links between them."""

    def __init__(self, amap: ArgumentMap, options: Options):
        self.amap = amap
        self.options = options
        self.claims = amap.claims_by_id()
        self.actors = {a.id: a.name for a in amap.actors}
        self.arguments: dict[str, Argument] = {}
        for argument in amap.arguments:
            self.arguments.setdefault(argument.id, argument)
        self.members = Counter(c.argument for c in self.claims.values() if c.argument)
        units = _units(amap)
        keep = self._kept(units)
        # Arguments in the order written, then the loose claims in theirs (dicts keep the order).
        shown = dict.fromkeys(u for u in units.values() if u.kind == "argument" and (keep is None or u in keep))
        shown.update(dict.fromkeys(u for u in units.values() if u.kind == "claim" and (keep is None or u in keep)))
        # Names from the map's ids, so adding a claim or an argument changes only the lines that mention it.
        self.names = {unit: _name(unit) for unit in shown}
        self.links = [link for link in aggregate_links(amap) if link.tail in self.names and link.head in self.names]

    def _kept(self, units: Mapping[str, Unit]) -> set[Unit] | None:
        """With a focus, the boxes holding a claim near it; else None (every box)."""
        if self.options.focus is None:
            return None
        near = neighbourhood(self.amap, self.options.focus, self.options.depth)
        return {units[claim] for claim in near if claim in units}

    def build(self) -> graphviz.Digraph:
        """The whole overview: title, every box, threads in rows, and the key."""
        graph = self.graph("argmap_overview", len(self.names))
        graph.attr("graph", label=self.title(), labelloc="t", fontsize="18")
        self.draw(graph, list(self.names))
        if self.options.direction in ("TB", "BT"):
            ranked = [(self.names[k.tail], self.names[k.head]) for k in self.links if k.kind not in _CONTRADICTIONS]
            ties = [(self.names[k.tail], self.names[k.head]) for k in self.links if k.kind in _CONTRADICTIONS]
            stack_threads(graph, list(self.names.values()), ranked, ties)
        if self.options.legend:
            graph.subgraph(legend_panel(self.options.statuses is not None, self.options.direction))
        return graph

    def threads(self) -> list[graphviz.Digraph]:
        """The overview cut into its separate threads, one graph each, without title or key: for pages."""
        threads = parts(list(self.names), [(link.tail, link.head) for link in self.links])
        return [
            self.draw(self.graph(f"argmap_thread_{number}", len(thread)), thread)
            for number, thread in enumerate(threads, start=1)
        ]

    def graph(self, name: str, size: int) -> graphviz.Digraph:
        graph = digraph(name=name)
        graph.attr(
            "graph", rankdir=self.options.direction, fontname=FONT, nodesep="0.3", ranksep="0.5",
            newrank="true", outputorder="edgesfirst", **(LARGE_GRAPH if size >= LARGE_MAP else {}),
        )  # fmt: skip
        graph.attr("node", fontname=FONT, fontsize="11", margin="0.12,0.06")
        graph.attr("edge", fontname=FONT, fontsize=str(SMALL))
        return graph

    def draw(self, graph: graphviz.Digraph, units: list[Unit]) -> graphviz.Digraph:
        """The boxes of `units` and the links among them into `graph`."""
        members = set(units)
        for unit in units:
            if unit.kind == "claim":
                self.claim_box(graph, self.names[unit], self.claims[unit.id])
            else:
                self.argument_box(graph, self.names[unit], unit.id)
        drawn = [link for link in self.links if link.tail in members]
        for link in drawn:
            self.edge(graph, link)
        self.side_by_side(graph, drawn)
        return graph

    def side_by_side(self, graph: graphviz.Digraph, links: list[Link]) -> None:
        """Two boxes joined only by a contradiction sit side by side, as in the full picture."""
        ranked = {unit for k in links if k.kind not in _CONTRADICTIONS for unit in (k.tail, k.head)}
        for link in links:
            if link.kind in _CONTRADICTIONS and link.tail not in ranked and link.head not in ranked:
                graph.body.append(f"\t{{rank=same; {self.names[link.tail]}; {self.names[link.head]}}}\n")

    def title(self) -> str:
        lines = []
        if self.amap.title:
            lines.append(f"<B>{wrapped(self.amap.title, TITLE_WIDTH)}</B>")
        what = OVERVIEW_NOTE
        if self.options.focus is not None:
            what += f"; near {esc(self.options.focus)}"
        lines.append(small(what, italic=True))
        return html_label(*lines)

    def argument_box(self, graph: graphviz.Digraph, name: str, argument_id: str) -> None:
        argument = self.arguments[argument_id]
        members = self.members[argument_id]
        conclusion = self.claims.get(argument.conclusion.id) if argument.conclusion else None
        look, status = self.looks(ARGUMENT_LOOK, conclusion.id if conclusion else None)
        header = f"ARGUMENT · {esc(argument.id)} · {members} claim{'s' if members != 1 else ''}{status}"
        lines = [small(header), f"<B>{wrapped(argument.title, WRAP_WIDTH)}</B>"]
        if conclusion is not None:
            lines.append(wrapped(conclusion.text, WRAP_WIDTH))
        lines.extend(self.held_by(argument.actors))
        statement(graph, name, {"label": html_label(*lines), "id": dom_id("argument", argument.id), **look})

    def claim_box(self, graph: graphviz.Digraph, name: str, claim: Claim) -> None:
        """A claim outside any argument: a small box in its kind's look, named by its id (its text is in the panels)."""
        look, status = self.looks(NODE_LOOKS[claim.kind], claim.id)
        lines = [small(f"{claim.kind.value.upper()}{status}"), esc(claim.id)]
        statement(graph, name, {"label": html_label(*lines), "id": dom_id("claim", claim.id), **look})

    def looks(self, look: Mapping[str, str], claim_id: str | None) -> tuple[dict[str, str], str]:
        """A box's look with the claim's evaluated status laid over it, and the words for the header."""
        status = self.options.statuses.get(claim_id) if self.options.statuses and claim_id else None
        if status is None:
            return dict(look), ""
        return with_status(look, status), f" · {STATUS_WORDS[status].upper()}"

    def held_by(self, actors: tuple[Ref, ...]) -> list[str]:
        if not actors:
            return []
        names = ", ".join(self.actors.get(r.id, r.id) for r in actors)
        return [small("— " + wrapped(names, WRAP_WIDTH), italic=True)]

    def edge(self, graph: graphviz.Digraph, link: Link) -> None:
        look: dict[str, str] = dict(EDGE_LOOKS[link.kind])
        words = _count_words(link)
        if link.kind in _CONTRADICTIONS:  # set as the full picture sets it: large enough to be seen first
            look["label"] = f'<<FONT POINT-SIZE="{CONTRADICTION_SIZE}"><B>{words}</B></FONT>>'
        elif words:
            look["label"] = html_label(small(words))
        statement(graph, f"{self.names[link.tail]} -> {self.names[link.head]}", look)


def _name(unit: Unit) -> str:
    """A box's DOT name: a loose claim's id, as in the full picture; an argument's id after `argument:`."""
    return node_name(unit.id, prefix="argument") if unit.kind == "argument" else node_name(unit.id)


def _count_words(link: Link) -> str:
    """What an edge says about itself: a contradiction always says so; other kinds only count past one."""
    if link.kind in _CONTRADICTIONS:
        return "contradicts" if link.count == 1 else f"{link.count} {_COUNTED[link.kind]}"
    return f"{link.count} {_COUNTED[link.kind]}" if link.count > 1 else ""


def compile_overview(amap: ArgumentMap, options: Options | None = None) -> graphviz.Digraph:
    """The overview of a map as a Graphviz graph; the same map and options give byte-identical DOT.

    `options` are read as for the full picture: direction, key, statuses (an
    argument takes its conclusion's status) and focus (the boxes holding a
    claim within `depth` links of it).
    """
    options = options or Options()
    if options.depth < 0:
        raise UsageError("--depth must be 0 or more")
    return _Overview(amap, options).build()


def overview_threads(amap: ArgumentMap, options: Options | None = None) -> list[graphviz.Digraph]:
    """The overview's separate threads, one graph each, with neither title nor key: to be set on pages."""
    return _Overview(amap, options or Options()).threads()
