"""Model to picture description: an `ArgumentMap` becomes a `graphviz.Digraph`.

No I/O happens here and no Graphviz program runs, so `--format dot` works
without Graphviz. Every look (shape, colour, line style) comes from the
table in `argmap.draw.style`; the key (`argmap.draw.key`) is drawn from the
same table and lists only what the picture draws, so it can never disagree
with it. The band under the title (`argmap.draw.summary`) lists what the map
concludes: the claims in the top rank.

Names: a claim's node is named by its id, in quotes (an id is letters,
digits, `_` and `-` by the grammar; any other is encoded, see
`argmap.draw.text.node_name`); an inference's dot by its premises and
conclusion (`"step:a:b:c"`), a panel by its argument, actor or tag
(`"cluster_argument:id"`). Adding a claim changes only the lines about it
and its links, and no map id can meet a generated name, as those hold a `:`;
unless it changes how the threads are cut into rows (the lines naming a
`"row:"`) or over how many ranks a broad thread's leaves are staggered (the
`minlen` of their links; see `argmap.draw.rows`).

Safety: every piece of the analyst's text reaches DOT inside an HTML-like
label, after control characters are replaced, `&`, `<`, `>` and quotes are
escaped and backslashes doubled, so no text can add statements, attributes
or markup, nor expand Graphviz's `\\N`-style escapes; or in a `tooltip`,
made by `argmap.draw.text.tooltip`, which leaves no backslash, quote or
markup in it. No map text reaches `URL`, `href`, `comment` or any attribute
that reads files.
"""

from __future__ import annotations

import difflib
import functools
import re
from collections import Counter, deque
from collections.abc import Collection, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING

import attrs

from argmap.draw.key import KEY_COLUMNS, Drawn, key_rows
from argmap.draw.rows import Body, Room, Thread, join_rows, pack, staggered, threads
from argmap.draw.style import (
    ACTOR_PALETTE,
    EDGE_WORDS,
    INKED_PEN,
    JUNCTION_LOOK,
    OTHERS_INK,
    QUOTE_MARK,
    STATUS_GLYPHS,
    STATUS_INK,
    TOP_LOOK,
    dimmed,
    with_status,
)
from argmap.draw.style import EDGE_LOOKS as EDGE_LOOKS
from argmap.draw.style import FONT as FONT
from argmap.draw.style import NODE_LOOKS as NODE_LOOKS
from argmap.draw.style import STATUS_LOOKS as STATUS_LOOKS
from argmap.draw.style import STATUS_WORDS as STATUS_WORDS
from argmap.draw.summary import BAND_COLUMNS, Conclusion, band
from argmap.draw.summary import Evaluated as Evaluated
from argmap.draw.summary import Finding as Finding
from argmap.draw.text import (
    ID_SAFE,
    dom_id,
    esc,
    escape,
    html_label,
    node_name,
    safe_text,
    shorten,
    small,
    tooltip,
    wrapped,
)
from argmap.draw.text import SMALL as SMALL
from argmap.errors import UsageError
from argmap.model import (
    ArgumentMap,
    Attack,
    AttackKind,
    Claim,
    ClaimKind,
    Contradiction,
    Source,
    Status,
    Support,
)

if TYPE_CHECKING:
    import graphviz

__all__ = [
    "COLOR_BY",
    "DIRECTIONS",
    "EDGE_LOOKS",
    "GROUP_BY",
    "LARGE_GRAPH",
    "LARGE_MAP",
    "NODE_LOOKS",
    "STATUS_LOOKS",
    "Evaluated",
    "Finding",
    "Options",
    "compile_map",
    "digraph",
    "drawn_boxes",
    "focus_claims",
    "focus_ids",
    "inks",
    "legend_panel",
    "neighbourhood",
    "safe_text",
    "statement",
]

DIRECTIONS = ("TB", "BT", "LR", "RL")
# What a box's border colour tells, and what the grey panels gather.
COLOR_BY = ("actor", "tag", "status", "none")
GROUP_BY = ("argument", "actor", "tag")

# Wrap claim texts at this many characters: about six words a line keeps boxes
# near the 3:2 shape `dot` packs best, and stays legible when printed.
WRAP_WIDTH = 28
TITLE_WIDTH = 60
# The map's title over the picture, set large: wrapped this wide.
HEADING_WIDTH = 80
# What the map concludes is set larger, so wrapped shorter to keep its box about as wide as the others;
# an octagon is half as wide again as the text it holds, so its text is wrapped shorter too.
TOP_WIDTH = 24
OCTAGON_WIDTH = 22
# An argument's title, on its panel: a panel is as wide as its title, so titles wrap about as boxes do.
PANEL_TITLE_WIDTH = 32
# A box's small print (sources, grades, likelihood): about as wide as the text above it.
FOOTER_WIDTH = 34

# From this many boxes on, `dot` gets layout settings that trade some crossing
# reduction for time: the network-simplex and mincross passes are what stall it.
LARGE_MAP = 800
# Above this many boxes (claims and junctions) only `sfdp` is tried (see `argmap.draw.render.layouts`),
# which knows no ranks: such a picture is neither packed into rows nor staggered.
DOT_LIMIT = 6_000

# The room a claim's box takes in `dot`'s layout, in points, for packing the picture's threads into
# rows (`argmap.draw.rows`). A box of WRAP_WIDTH-character lines is about 190 by 92, but a rank is as
# deep as its deepest box and panels add their titles and margins: measured on the seed map, a rank
# of boxes takes about 190 top to bottom and 290 left to right, a box about 215 across the ranks top
# to bottom and 150 left to right. A rank of inference dots alone takes ranksep and a dot.
ROOM_DOWN = Room(across=215.0, along=190.0, dot_along=45.0)
ROOM_ACROSS = Room(across=150.0, along=290.0, dot_along=45.0)
# The heading's rows (title, band, key) are about this high each; its widest row's characters take
# about this much room each, as the band's and the key's columns are each as wide as their widest cell.
HEADING_ROW = 20.0
HEADING_CHARACTER = 9.0
# A contradiction's label is set this large, to read without zooming; an acknowledged
# one's reason is this many characters at most, in lines this wide.
CONTRADICTION_SIZE = 12
REASON_SIZE = 10
REASON_LENGTH = 100
REASON_WIDTH = 30


@attrs.frozen
class Options:
    """What to draw and how: the choices `argmap render` offers."""

    direction: str = "BT"
    legend: bool = True
    clusters: bool = True
    # Claim or argument ids to draw the neighbourhood of, comma-separated (see `focus_ids`).
    focus: str | None = None
    depth: int = 2
    # The status view: claims filled and marked by their evaluated status.
    statuses: Mapping[str, Status] | None = None
    # Each claim's DF-QuAD strength, shown in its header (`render --strengths`).
    strengths: Mapping[str, float] | None = None
    color_by: str = "actor"
    group_by: str = "argument"
    # The band under the title: what the map concludes and, when given, the
    # evaluation (`statuses` stands in for it) and the findings.
    summary: bool = True
    evaluation: Evaluated | None = None
    findings: tuple[Finding, ...] | None = None
    # The colours actors (or tags) already have (see `inks`): a picture that is one of
    # several, such as a printed page, keeps the whole map's rather than ranking its own.
    inks: Mapping[str, str] | None = None


def statement(graph: Body, head: str, attributes: Mapping[str, str]) -> None:
    """Add a node or edge statement; the hot path of large maps, so attribute lists are quoted once per look.

    Only for generated names and values, and for labels that are already
    escaped HTML-like labels (which the graphviz package passes through as is)
    or plain words. The output is what `graph.node` and `graph.edge` would write.
    """
    graph.body.append(f"\t{head} {_bracketed(attributes)}\n")


def _bracketed(attributes: Mapping[str, str]) -> str:
    """A statement's attribute list, label first, as `graph.node` and `graph.edge` write it."""
    label = attributes.get("label")
    rest = _attribute_list(attributes, label=False)
    return f"[{_label(label)} {rest}]" if label is not None else f"[{rest}]"


def _label(label: str) -> str:
    # An HTML-like label goes through the graphviz package's quoting as it is; others are quoted.
    return f"label={label}" if label.startswith("<") else _quoted("label", label)


def _attribute_list(attributes: Mapping[str, str], label: bool = True) -> str:
    """`key=value` pairs sorted by key, quoted as the graphviz package quotes them; with or without the label.

    Every node's `id` is its own, so ids do not go through the cache of
    quoted pairs: one from `dom_id` has a hyphen, so it is never a bare DOT
    id, and no quote or backslash, so the package would only put it in quotes.
    A tooltip, made by `tooltip`, holds neither, so it too is only put in quotes.
    """
    pairs = []
    for key, value in sorted(attributes.items()):
        if key == "label":
            if label:
                pairs.append(_label(value))
        elif key == "id" and "-" in value and ID_SAFE.search(value) is None:
            pairs.append(f'id="{value}"')
        elif key in ("tooltip", "labeltooltip"):  # from `tooltip`: no quote or backslash to escape
            pairs.append(f'{key}="{value}"')
        else:
            pairs.append(_quoted(key, value))
    return " ".join(pairs)


@functools.lru_cache(maxsize=256)
def _quoted(key: str, value: str) -> str:
    from graphviz import quoting

    return f"{quoting.quote(key)}={quoting.quote(value)}"


class _Panel:
    """An argument's cluster as DOT lines, and the statements inside it.

    The lines are what a `graphviz.Digraph` with a `graph [...]` line would
    give `graph.subgraph`; a map of a thousand arguments would otherwise build
    a thousand Digraphs, slower than all its boxes together.
    """

    def __init__(self, name: str, attributes: Mapping[str, str]) -> None:
        self.name = name
        self.body = [f"\tgraph [{_attribute_list(attributes)}]\n"]

    def lines(self) -> list[str]:
        return [f"\tsubgraph {self.name} {{\n", *(f"\t{line}" for line in self.body), "\t}\n"]


def digraph(name: str | None = None) -> graphviz.Digraph:
    # Imported on first use, so commands that never draw (`check`) start without it.
    import graphviz

    return graphviz.Digraph(name=name)


def focus_ids(focus: str | Iterable[str]) -> list[str]:
    """The ids a focus names: `--focus a,b --focus c` is a, b and c, each once."""
    parts = [focus] if isinstance(focus, str) else list(focus)
    return list(dict.fromkeys(p.strip() for part in parts for p in part.split(",") if p.strip()))


def focus_claims(amap: ArgumentMap, focus: str | Iterable[str]) -> list[str]:
    """The claims a focus names: claims by their id, arguments by all their claims.

    An id that is neither is a usage error, which suggests the nearest id the map has.
    """
    claims = amap.claims_by_id()
    arguments = {a.id: a for a in reversed(amap.arguments)}  # the first of a repeated id wins
    found: list[str] = []
    for ident in focus_ids(focus):
        if ident in claims:
            found.append(ident)
        elif ident in arguments:
            argument = arguments[ident]
            members = [r.id for r in (*argument.premises, *argument.conclusions)]
            members += [c.id for c in claims.values() if c.argument == ident]
            found.extend(m for m in members if m in claims)
        else:
            close = difflib.get_close_matches(ident, [*claims, *arguments], n=1, cutoff=0.6)
            hint = f": did you mean '{close[0]}'?" if close else ""
            raise UsageError(f"--focus: the map has no claim '{ident}' and no argument of that id{hint}")
    if not found:
        raise UsageError("--focus: name a claim or an argument to draw the claims near")
    return list(dict.fromkeys(found))


def _neighbours(amap: ArgumentMap) -> dict[str, set[str]]:
    """Each claim's neighbours through any link, whatever the link's direction."""
    arguments = {a.id: a for a in amap.arguments}
    near: dict[str, set[str]] = {}

    def link(a: str, b: str) -> None:
        near.setdefault(a, set()).add(b)
        near.setdefault(b, set()).add(a)

    for support in amap.supports:
        for premise in support.premises:
            link(premise.id, support.conclusion.id)
    for attack in amap.attacks:
        link(attack.attacker.id, attack.target.id)
        if attack.inference_to is not None:
            link(attack.attacker.id, attack.inference_to.id)
        if attack.target.id in arguments:
            for conclusion in arguments[attack.target.id].conclusions:
                link(attack.attacker.id, conclusion.id)
    for contradiction in amap.contradictions:
        link(contradiction.left.id, contradiction.right.id)
    return near


def neighbourhood(amap: ArgumentMap, focus: str | Iterable[str], depth: int) -> set[str]:
    """The ids of the claims within `depth` links of the focus's claims, whatever the links' direction."""
    return _within(_neighbours(amap), focus_claims(amap, focus), depth)


def _within(near: Mapping[str, set[str]], starts: Sequence[str], depth: int) -> set[str]:
    """The ids within `depth` links of `starts`, by the neighbours `near` gives."""
    seen = set(starts)
    queue = deque((start, 0) for start in starts)
    while queue:
        current, distance = queue.popleft()
        if distance >= depth:
            continue
        for other in sorted(near.get(current, ())):
            if other not in seen:
                seen.add(other)
                queue.append((other, distance + 1))
    return seen


def drawn_boxes(amap: ArgumentMap, options: Options | None = None) -> int:
    """How many boxes and junctions the picture of `amap` will hold: what layout time grows with."""
    options = options or Options()
    keep = neighbourhood(amap, options.focus, options.depth) if options.focus is not None else None
    return _boxes(amap, amap.claims_by_id(), keep)


def _boxes(amap: ArgumentMap, claims: Mapping[str, Claim], keep: Collection[str] | None) -> int:
    """`drawn_boxes` of the claims in `keep` (None: every claim)."""
    shown = claims.keys() if keep is None else keep
    junctions = sum(1 for s in amap.supports if len(s.premises) > 1 and s.conclusion.id in shown)
    return sum(1 for c in claims if c in shown) + junctions


@attrs.frozen
class _Group:
    """What a panel gathers: the claims of an argument, of an actor, or with a tag."""

    kind: str  # "argument", "actor" or "tag"
    ident: str


class _Compiler:
    """One compilation: the graph being built, and what it has drawn so far."""

    def __init__(self, amap: ArgumentMap, options: Options):
        self.amap = amap
        self.options = options
        self.claims = amap.claims_by_id()
        self.actors = {a.id: a for a in amap.actors}
        self.sources = {s.id: s for s in amap.sources}
        self.arguments = {a.id: a for a in reversed(amap.arguments)}  # the first of a repeated id wins
        starts = focus_claims(amap, options.focus) if options.focus is not None else []
        self.focus = set(starts)
        self.near = _neighbours(amap) if options.focus is not None else {}
        self.keep = _within(self.near, starts, options.depth) if options.focus is not None else None
        self.top = {c for c in amap.top_conclusions() if self.shown(c)}
        self.shown_claims = [c for c in self.claims.values() if self.shown(c.id)]
        self.drawn = Drawn(ink_heading="Tags" if options.color_by == "tag" else "Actors")
        self.inks, self.ink_of = self.inked()
        self.shared: dict[_Group, tuple[str, ...]] = {}
        self.names: dict[str, str] = {}
        self.links: list[tuple[str, str]] = []  # edges that rank their ends
        self.link_lines: list[int] = []  # where each of them is in the graph's body
        self.ties: list[tuple[str, str]] = []  # contradictions between claims no other link places
        self.tied: list[tuple[str, str]] = []  # their claims' ids
        self.contradicted: list[tuple[str, str]] = []  # every contradiction drawn
        self.edge_attributes: dict[tuple[str, bool], str] = {}
        # Pieces many boxes share, worked out once: looks, actor lines, graded sources.
        self.looks: dict[tuple[ClaimKind, str | None, Status | None, bool, bool], tuple[str, str]] = {}
        self.holders: dict[tuple[tuple[str, ...], bool], str] = {}
        self.grades: dict[tuple[str, str], str] = {}
        self.reasons = options.evaluation.reasons if options.evaluation is not None else {}
        self.known = options.evaluation.statuses if options.evaluation is not None else options.statuses

    def link(self, graph: graphviz.Digraph, tail: str, head: str, kind: str, dim: bool = False) -> None:
        """An edge that ranks its ends (every link but a contradiction); `dim` when it comes from a defeated claim."""
        self.links.append((tail, head))
        self.link_lines.append(len(graph.body))
        self.drawn.links.add(kind)
        text = self.edge_attributes.get((kind, dim))
        if text is None:  # each look of edge is quoted once a compilation
            look = EDGE_LOOKS[kind]
            text = _bracketed({**look, "color": dimmed(look["color"])} if dim else look)
            self.edge_attributes[(kind, dim)] = text
        graph.body.append(f"\t{tail} -> {head} {text}\n")

    def defeated(self, claim_id: str) -> bool:
        """Whether the status view shows the claim defeated: its links are drawn dimmed."""
        return self.options.statuses is not None and self.options.statuses.get(claim_id) is Status.OUT

    def shown(self, claim_id: str) -> bool:
        return claim_id in self.claims and (self.keep is None or claim_id in self.keep)

    # --- colours --------------------------------------------------------------

    def inked(self) -> tuple[dict[str, str], dict[str, str]]:
        """A colour for each actor (or tag, by `color_by`), and each shown claim's: its first one's.

        The actors with the most claims in the whole map take the palette's
        colours in turn (ties in the order they first appear), so an actor
        keeps its colour in every view of the map; the rest share OTHERS_INK.
        Colours given in `options.inks` are kept instead. The key lists the
        actors in view.
        """
        by = self.options.color_by
        if by not in ("actor", "tag"):
            return {}, {}

        def subjects_of(claim: Claim) -> list[str]:
            return [r.id for r in claim.actors] if by == "actor" else list(claim.tags)

        everywhere = [subjects_of(c) for c in self.claims.values()]
        order = dict.fromkeys(s for names in everywhere for s in names)
        counts = Counter(s for names in everywhere for s in dict.fromkeys(names))
        ranked = sorted(order, key=lambda s: -counts[s])  # stable: ties keep their first appearance
        inks = {s: ACTOR_PALETTE[i] if i < len(ACTOR_PALETTE) else OTHERS_INK for i, s in enumerate(ranked)}
        if self.options.inks is not None:
            inks = {s: self.options.inks.get(s, OTHERS_INK) for s in ranked}
        subjects = {c.id: subjects_of(c) for c in self.shown_claims}
        in_view = {s for names in subjects.values() for s in names}
        seen = [s for s in ranked if s in in_view]
        named = [s for s in seen if inks[s] != OTHERS_INK]
        self.drawn.inks = [(self.actor_name(s) if by == "actor" else s, inks[s]) for s in named]
        if len(seen) > len(named):
            others = len(seen) - len(named)
            words = f"{others} other {'actor' if by == 'actor' else 'tag'}{'s' if others > 1 else ''}"
            self.drawn.inks.append((words, OTHERS_INK))
        return inks, {claim: inks[names[0]] for claim, names in subjects.items() if names}

    def actor_name(self, actor_id: str) -> str:
        actor = self.actors.get(actor_id)
        return actor.name if actor is not None else actor_id

    def held_by(self, actor_ids: tuple[str, ...], quoted: bool = False) -> str:
        """Actor names in italics in the small print, each after a square in its colour when actors are coloured.

        `quoted` ends the line with the quote mark, for a claim with no small print of its own to carry it.
        """
        found = self.holders.get((actor_ids, quoted))
        if found is None:
            parts = []
            for ident in actor_ids:
                name = f"<I>{esc(self.actor_name(ident))}</I>"
                ink = self.inks.get(ident) if self.options.color_by == "actor" else None
                parts.append(f'<FONT COLOR="{ink}">■</FONT> {name}' if ink else name)
            mark = f" · {QUOTE_MARK}" if quoted else ""
            found = self.holders[(actor_ids, quoted)] = small(", ".join(parts) + mark)
        return found

    # --- nodes ----------------------------------------------------------------

    def claim_node(self, graph: Body, claim: Claim, shared: Sequence[str] = ()) -> None:
        """A claim's box: kind and id, the text, who holds it, then the small print (`shared` sources left out)."""
        name = node_name(claim.id)
        self.names[claim.id] = name
        status = self.options.statuses.get(claim.id) if self.options.statuses is not None else None
        top, focused = claim.id in self.top, claim.id in self.focus
        header = f"{claim.kind.value.upper()} · {esc(claim.id)}"
        if status is not None:
            header += f" · {STATUS_GLYPHS[status]} {STATUS_WORDS[status].upper()}"
            self.drawn.statuses = True
        strength = self.options.strengths.get(claim.id) if self.options.strengths is not None else None
        if strength is not None:
            header += f" · strength {strength:.2f}"
        self.drawn.top = self.drawn.top or top
        shape, look = self.look(claim.kind, self.ink_of.get(claim.id), status, top, focused)
        width = TOP_WIDTH if top else OCTAGON_WIDTH if shape == "octagon" else WRAP_WIDTH
        footer = self.footer(claim, shared)
        # With every source it quotes written on its panel, the quote mark would be a line on its own:
        # it ends the actors' line instead, or the header when no actor holds the claim.
        loose_mark = bool(claim.quotes) and not footer
        if loose_mark and not claim.actors:
            header += f" · {QUOTE_MARK}"
        lines = [small(header), wrapped(claim.text, width)]
        if claim.actors:
            lines.append(self.held_by(tuple(r.id for r in claim.actors), quoted=loose_mark))
        if self.options.color_by == "tag" and claim.tags:
            tags = ", ".join(f'<FONT COLOR="{self.inks[t]}">■</FONT> {esc(t)}' for t in claim.tags)
            lines.append(small(tags))
        if footer:
            lines.append(small(footer))
        hidden = sum(1 for other in self.near.get(claim.id, ()) if self.keep is not None and other not in self.keep)
        if hidden:  # links the focus cuts off
            lines.append(small(f"+{hidden} hidden", italic=True))
            self.drawn.hidden = True
        hover = ""
        known = self.known.get(claim.id) if self.known is not None else None
        if known is not None:  # why it stands or falls, on hovering over it in SVG
            reason = self.reasons.get(claim.id)
            hover = f' tooltip="{tooltip(f"{STATUS_WORDS[known]}: {reason}" if reason else STATUS_WORDS[known])}"'
        label = html_label(*lines)
        graph.body.append(f'\t{name} [label={label} id="{dom_id("claim", claim.id)}"{hover} {look}]\n')

    def look(
        self, kind: ClaimKind, ink: str | None, status: Status | None, top: bool, focused: bool
    ) -> tuple[str, str]:
        """A box's shape, and its look as quoted attributes; worked out once for each combination of its parts."""
        key = (kind, ink, status, top, focused)
        found = self.looks.get(key)
        if found is None:
            look = dict(NODE_LOOKS[kind])
            if ink is not None:
                look["color"], look["penwidth"] = ink, INKED_PEN
            if status is not None:
                look = with_status(look, status)
                if self.options.color_by == "status":
                    look["color"], look["penwidth"] = STATUS_INK[status], INKED_PEN
            if top:
                look.update(TOP_LOOK)
            if focused:
                look["penwidth"] = "4"
            found = self.looks[key] = (look["shape"], _attribute_list(look))
        return found

    def footer(self, claim: Claim, shared: Sequence[str]) -> str:
        """The small print: a quote mark, each source not on the panel with its grade, the likelihood as one badge.

        A source's grade is the Admiralty pair: its reliability letter and the
        claim's credibility digit (`monitor B2`). The likelihood (`likely 70%`)
        is one bold piece that no line break splits. The quote mark leads the
        small print when there is any; else the small print is empty, and
        `claim_node` sets the mark elsewhere.
        """
        # Source ids, not titles: titles run long, and the ids are the analyst's own short names.
        cited = dict.fromkeys(r.id for r in (*(q.source for q in claim.quotes), *claim.citations))
        credibility = "" if claim.credibility is None else str(claim.credibility)
        items = [self.graded(source, credibility) for source in cited if source not in shared]
        own = bool(items)  # a source of its own to set the quote mark by
        if claim.quotes and own:
            items[0] = f"{QUOTE_MARK} {items[0]}"
        if credibility and not own:
            items.append(f"credibility {credibility}")
        text = _packed(items, FOOTER_WIDTH)
        likelihood = [safe_text(claim.likelihood)] if claim.likelihood else []
        if claim.probability is not None:
            likelihood.append(f"{claim.probability * 100:g}%")
        if claim.confidence:
            likelihood.append(f"({safe_text(claim.confidence)} confidence)")
        if likelihood:
            self.drawn.likelihood = True
            badge = "<B>" + escape("\u00a0".join(likelihood)) + "</B>"
            text = f"{text} · {badge}" if text else badge
        if claim.quotes:
            self.drawn.quoted = True
            if text and not own:
                text = f"{QUOTE_MARK} · {text}"
        return text

    def graded(self, source_id: str, credibility: str = "") -> str:
        """A source's id with its Admiralty grade: its reliability letter, and the claim's credibility digit."""
        found = self.grades.get((source_id, credibility))
        if found is None:
            source: Source | None = self.sources.get(source_id)
            grade = (source.reliability or "" if source is not None else "") + credibility
            self.drawn.graded = self.drawn.graded or bool(grade)
            found = self.grades[(source_id, credibility)] = f"{source_id}\u00a0{grade}" if grade else source_id
        return found

    def junction(self, graph: Body, support: Support, taken: set[str]) -> str:
        """The dot where a step's premises meet, named by its premises and conclusion (and a number, when repeated)."""
        ends = [*(p.id for p in support.premises), support.conclusion.id]
        name, number = node_name(*ends, prefix="step"), 1
        while name in taken:
            number += 1
            name = node_name(*ends, str(number), prefix="step")
        taken.add(name)
        ident = "+".join(ends[:-1]) + "-" + ends[-1] + ("" if number == 1 else f"-{number}")
        statement(graph, name, {"id": dom_id("step", ident), **JUNCTION_LOOK})
        return name

    # --- the whole graph ------------------------------------------------------

    def build(self) -> graphviz.Digraph:
        amap, options = self.amap, self.options
        graph = digraph(name="argmap")
        shown_claims = self.shown_claims
        large = len(shown_claims) + sum(1 for s in amap.supports if self.shown(s.conclusion.id)) >= LARGE_MAP
        graph.attr(
            "graph", rankdir=options.direction, fontname=FONT, nodesep="0.25", ranksep="0.45",
            newrank="true", outputorder="edgesfirst", **(LARGE_GRAPH if large else {}),
        )  # fmt: skip
        graph.attr("node", fontname=FONT, fontsize="11", margin="0.12,0.06")
        graph.attr("edge", fontname=FONT, fontsize=str(SMALL))

        undercut = _undercut_steps(amap)
        undercut_steps = {i for steps in undercut.values() for i in steps}
        junctions = {i for i, s in enumerate(amap.supports) if len(s.premises) > 1 or i in undercut_steps}
        panels = self.panels() if options.clusters else {}
        members: dict[_Group, list[str]] = {}  # each panel's nodes, which its row keeps together
        for claim in shown_claims:
            group = self.group_of(claim) if panels else None
            panel = panels.get(group) if group is not None else None
            self.claim_node(panel or graph, claim, self.shared.get(group, ()) if group is not None else ())
            if panel is not None and group is not None:
                members.setdefault(group, []).append(self.names[claim.id])
        drawn = [(i, s) for i, s in enumerate(amap.supports) if self.drawn_support(s)]
        taken: set[str] = set()
        step_names = {}
        for index, support in drawn:
            if index in junctions:
                group = self.step_group(support) if panels else None
                panel = panels.get(group) if group is not None else None
                step_names[index] = self.junction(panel or graph, support, taken)
                if panel is not None and group is not None:
                    members.setdefault(group, []).append(step_names[index])
        for panel in panels.values():
            graph.body.extend(panel.lines())
        for index, support in drawn:
            self.support(graph, support, step_names.get(index))
        for index, attack in enumerate(amap.attacks):
            self.attack(graph, attack, undercut.get(index, ()), step_names)
        linked = {name for link in self.links for name in link}
        for contradiction in amap.contradictions:
            self.contradiction(graph, contradiction, linked)
        heading = self.heading()
        if _boxes(amap, self.claims, self.keep) <= DOT_LIMIT:
            self.ranked_layout(graph, [*self.names.values(), *step_names.values()], set(step_names.values()),
                               list(members.values()), heading, large)  # fmt: skip
        if heading:
            graph.attr("graph", label=heading, labelloc="t")
        return graph

    def ranked_layout(
        self, graph: graphviz.Digraph, nodes: list[str], dots: set[str], together: Sequence[Sequence[str]],
        heading: str, large: bool,
    ) -> None:  # fmt: skip
        """What `dot` needs to lay the picture out near a landscape page's shape: leaves staggered, threads in rows.

        A small map's claims joined only by a contradiction also sit side by
        side; a large map's, laid out with `dot`'s faster settings, are left to the layout.
        """
        options = self.options
        lowered = self.stagger(graph, nodes, dots, together, large)
        if not large:
            # Two claims joined only by a contradiction sit side by side, the label on the line between
            # them. Left to right, the line itself places them so; top to bottom, they share a rank.
            for pair, ids in zip(self.ties, self.tied, strict=True) if options.direction in ("TB", "BT") else ():
                _same_rank(graph, "same", pair)
                if options.direction == "BT":
                    # Graphviz sets a label between two boxes of one rank in the rank before theirs, which
                    # bottom to top is the picture's lower edge: a hidden point there keeps it inside.
                    anchor = node_name(*ids, prefix="tie")
                    statement(graph, anchor, _ANCHOR)
                    graph.body.extend(f"\t{anchor} -> {name} [style=invis]\n" for name in pair)
        join_rows(graph, self.rows(nodes, dots, together, heading, lowered, large),
                  backwards=options.direction in ("BT", "RL"))  # fmt: skip

    def ranking(self, large: bool) -> tuple[set[str], set[tuple[str, str]], list[tuple[str, str]]]:
        """What ranks the picture's nodes: the top conclusions, the contradictions that share a rank, and the links.

        A contradiction ranks its claims, except two that share a rank side by
        side, as a small map's do top to bottom (see `build`).
        """
        top = {self.names[c] for c in self.claims if c in self.top}
        flat = set(self.ties) if self.options.direction in ("TB", "BT") and not large else set()
        return top, flat, [*self.links, *(pair for pair in self.contradicted if pair not in flat)]

    def stagger(
        self, graph: graphviz.Digraph, nodes: list[str], dots: set[str], together: Iterable[Sequence[str]], large: bool
    ) -> dict[str, int]:
        """Lengthen the links out of the leaves of a thread that would be a strip (see `argmap.draw.rows.staggered`).

        The length goes on each link's own line, which names the leaf, so no
        other line changes. Returns how many ranks each leaf is lowered by.
        """
        top, flat, ranked = self.ranking(large)
        down = self.options.direction in ("TB", "BT")
        room = ROOM_DOWN if down else ROOM_ACROSS
        lowered = staggered(nodes, ranked, flat, together, top, dots, room, across_is_wide=down)
        for (tail, _), line in zip(self.links, self.link_lines, strict=True):
            if tail in lowered:  # the line ends in its attribute list's "]"
                graph.body[line] = f"{graph.body[line][:-2]} minlen={1 + lowered[tail]}]\n"
        return lowered

    def rows(
        self, nodes: list[str], dots: set[str], together: Iterable[Sequence[str]], heading: str,
        lowered: Mapping[str, int], large: bool,
    ) -> list[list[Thread]]:  # fmt: skip
        """The picture's separate threads, the most important first, packed into rows near a landscape page's shape.

        The thread of the most claims comes first, nearest the title: it is
        where the map argues most, and a thread's size is the map's own, so the
        order stays the same whichever way it runs and whatever the view colours.
        Ties keep the order of the map.
        """
        down = self.options.direction in ("TB", "BT")
        top, flat, ranked = self.ranking(large)
        found = threads(nodes, ranked, flat, together, top, dots, lowered)
        ordered = sorted(found, key=lambda thread: -thread.boxes)
        room = attrs.evolve(ROOM_DOWN if down else ROOM_ACROSS, heading=_heading_room(heading))
        return pack(ordered, room, across_is_wide=down)

    def heading(self) -> str:
        """The graph's label: the title, then the summary band and the key side by side; "" for none of them."""
        sides: list[tuple[list[str], int]] = []
        if self.options.summary:
            conclusions = [
                Conclusion(claim, tuple((self.actor_name(r.id), self.inks.get(r.id, OTHERS_INK)) for r in claim.actors))
                for claim in self.shown_claims if claim.id in self.top
            ]  # fmt: skip
            counted = [c.id for c in self.shown_claims]
            rows = band(conclusions, self.known, counted, self.options.findings, whole=self.keep is None)
            if rows:
                sides.append((rows, BAND_COLUMNS))
        if self.options.legend:
            rows = key_rows(self.drawn)
            if rows:
                sides.append((rows, KEY_COLUMNS))
        width = max(sum(columns for _, columns in sides) + len(sides) - 1, 1)
        lines = []
        if self.amap.title:
            title = f'<FONT POINT-SIZE="20"><B>{wrapped(self.amap.title, HEADING_WIDTH)}</B></FONT>'
            lines.append(f'<TR><TD COLSPAN="{width}">{title}</TD></TR>')
        if self.options.focus is not None:
            ids = ", ".join(focus_ids(self.options.focus))
            view = f"Focus: {ids}, {len(self.shown_claims):,} of {len(self.claims):,} claims"
            lines.append(f'<TR><TD COLSPAN="{width}"><FONT POINT-SIZE="14">{esc(view)}</FONT></TD></TR>')
        lines.extend(_side_by_side(sides))
        if not lines:
            return ""
        return '<<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="1" CELLPADDING="2">' + "".join(lines) + "</TABLE>>"

    # --- panels ---------------------------------------------------------------

    def group_of(self, claim: Claim) -> _Group | None:
        """The panel a claim is drawn in: its argument's, its first actor's or its first tag's."""
        by = self.options.group_by
        if by == "argument":
            return _Group("argument", claim.argument) if claim.argument else None
        if by == "actor":
            return _Group("actor", claim.actors[0].id) if claim.actors else None
        return _Group("tag", claim.tags[0]) if claim.tags else None

    def step_group(self, support: Support) -> _Group | None:
        """The panel an inference's dot is drawn in: its argument's, else its conclusion's."""
        if self.options.group_by == "argument":
            return _Group("argument", support.argument) if support.argument else None
        return self.group_of(self.claims[support.conclusion.id])

    def panels(self) -> dict[_Group, _Panel]:
        """A panel for each group with a claim in view, titled, with the sources all its claims share written once."""
        members: dict[_Group, list[Claim]] = {}
        for claim in self.shown_claims:
            group = self.group_of(claim)
            if group is not None:
                members.setdefault(group, []).append(claim)
        made: dict[_Group, _Panel] = {}
        for group, claims in members.items():
            shared = _shared_sources(claims) if len(claims) > 1 else ()
            self.shared[group] = shared
            lines = self.panel_title(group)
            if shared:
                lines.append(small("sources: " + _packed([self.graded(s) for s in shared], PANEL_TITLE_WIDTH + 8)))
            made[group] = _Panel(node_name(group.ident, prefix=f"cluster_{group.kind}"), {
                "label": html_label(*lines), "id": dom_id(group.kind, group.ident), "style": "rounded,filled",
                "fillcolor": "#f7f7f7", "color": "#969696", "fontsize": "12", "labeljust": "l",
                "labelloc": _top(self.options.direction),
            })  # fmt: skip
        return made

    def panel_title(self, group: _Group) -> list[str]:
        """A panel's first lines: what it gathers, then its title, then who argues it."""
        if group.kind == "argument":
            lines = [small("ARGUMENT · " + esc(group.ident))]
            argument = self.arguments.get(group.ident)
            if argument is not None:
                lines.append(f"<B>{wrapped(argument.title, PANEL_TITLE_WIDTH)}</B>")
                if argument.actors:
                    lines.append(self.held_by(tuple(r.id for r in argument.actors)))
            return lines
        ink = self.inks.get(group.ident) if self.options.color_by == group.kind else None
        square = f'<FONT COLOR="{ink}">■</FONT> ' if ink else ""
        if group.kind == "actor":
            lines = [small("ACTOR · " + esc(group.ident)), f"{square}<B>{esc(self.actor_name(group.ident))}</B>"]
            actor = self.actors.get(group.ident)
            if actor is not None and actor.role:
                lines.append(small(esc(actor.role), italic=True))
            return lines
        return [small("TAG"), f"{square}<B>{esc(group.ident)}</B>"]

    def drawn_support(self, support: Support) -> bool:
        return self.shown(support.conclusion.id) and any(self.shown(p.id) for p in support.premises)

    def support(self, graph: graphviz.Digraph, support: Support, step: str | None) -> None:
        premises = [p.id for p in support.premises if self.shown(p.id)]
        conclusion = self.names[support.conclusion.id]
        if step is None:
            self.link(graph, self.names[premises[0]], conclusion, "support", self.defeated(premises[0]))
            return
        for premise in premises:
            self.link(graph, self.names[premise], step, "linked-premise", self.defeated(premise))
        # A step falls with any one of its premises.
        self.link(graph, step, conclusion, "support", any(self.defeated(p.id) for p in support.premises))

    def attack(self, graph: graphviz.Digraph, attack: Attack, steps: Iterable[int], step_names: dict[int, str]) -> None:
        attacker = attack.attacker.id
        if not self.shown(attacker):
            return
        source, dim = self.names[attacker], self.defeated(attacker)
        if attack.kind is AttackKind.UNDERCUT:
            targets = [step_names[i] for i in steps if i in step_names]
            if targets:
                for target in targets:
                    self.link(graph, source, target, "undercut", dim)
                return
        if self.shown(attack.target.id):
            self.link(graph, source, self.names[attack.target.id], attack.kind.value, dim)

    def contradiction(self, graph: graphviz.Digraph, contradiction: Contradiction, linked: set[str]) -> None:
        """A heavy double line labelled "contradicts" and, when acknowledged, with its reason, short.

        The label is an edge's own label, so the layout makes room for it. Two
        claims that no other link places sit side by side, the label between them.
        """
        left, right = contradiction.left.id, contradiction.right.id
        if not (self.shown(left) and self.shown(right)):
            return
        tail, head = self.names[left], self.names[right]
        self.contradicted.append((tail, head))
        if tail not in linked and head not in linked:
            self.ties.append((tail, head))
            self.tied.append((left, right))
        rows = [f'<TR><TD><FONT POINT-SIZE="{CONTRADICTION_SIZE}"><B>contradicts</B></FONT></TD></TR>']
        kind = "contradiction" if contradiction.acknowledged is None else "acknowledged-contradiction"
        self.drawn.links.add(kind)
        if contradiction.acknowledged is not None:
            reason = "acknowledged: " + shorten(contradiction.acknowledged, REASON_LENGTH)
            text = wrapped(reason, REASON_WIDTH, clean=False)
            rows.append(f'<TR><TD><FONT POINT-SIZE="{REASON_SIZE}"><I>{text}</I></FONT></TD></TR>')
        table = '<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="0" CELLPADDING="1" BGCOLOR="#ffffff">'
        attributes = {**EDGE_LOOKS[kind], "label": f"<{table}{''.join(rows)}</TABLE>>"}
        if contradiction.acknowledged is not None:  # the reason in full, on hovering over the line or its label
            words = tooltip(f"contradicts (acknowledged: {contradiction.acknowledged})")
            attributes["tooltip"] = attributes["labeltooltip"] = words
        if self.defeated(left) or self.defeated(right):
            attributes["color"] = dimmed(attributes["color"])
        statement(graph, f"{tail} -> {head}", attributes)


def _side_by_side(sides: Sequence[tuple[Sequence[str], int]]) -> list[str]:
    """Tables given as rows of cells (and how many columns each is wide) side by side, as rows of one table.

    Graphviz stretches a table nested in a taller cell, spreading its rows
    apart; as rows of one table, each part keeps its rows together. The
    shorter part ends in one empty cell, and an empty column runs between parts.
    """
    height = max((len(rows) for rows, _ in sides), default=0)
    lines = []
    for number in range(height):
        cells = []
        for side, (rows, columns) in enumerate(sides):
            if side and number == 0:
                cells.append(f'<TD ROWSPAN="{height}" WIDTH="30"></TD>')
            if number < len(rows):
                cells.append(rows[number])
            elif number == len(rows):
                cells.append(f'<TD ROWSPAN="{height - number}" COLSPAN="{columns}"></TD>')
        lines.append("<TR>" + "".join(cells) + "</TR>")
    return lines


def _packed(items: Sequence[str], width: int) -> str:
    """Safe items joined by ` · ` in lines of about `width` characters, no item split across lines; escaped."""
    lines: list[str] = []
    for item in items:
        if lines and len(lines[-1]) + 3 + len(item) <= width:
            lines[-1] = f"{lines[-1]} · {item}"
        else:
            lines.append(item)
    return "<BR/>".join(escape(line) for line in lines)


def _shared_sources(claims: Sequence[Claim]) -> tuple[str, ...]:
    """The sources every one of `claims` quotes or cites, in the first claim's order."""
    cited = [dict.fromkeys(r.id for r in (*(q.source for q in c.quotes), *c.citations)) for c in claims]
    common = set(cited[0]).intersection(*cited[1:])
    return tuple(s for s in cited[0] if s in common)


# A hidden point that holds a place in the layout.
_ANCHOR = {"shape": "point", "style": "invis", "width": "0", "height": "0", "label": ""}

# Settings for maps `dot` would otherwise stall on: fewer crossing-reduction and
# network-simplex iterations (Graphviz's own advice for large graphs).
LARGE_GRAPH = {"mclimit": "0.1", "nslimit": "2", "nslimit1": "2", "searchsize": "10", "remincross": "false"}


def _same_rank(graph: Body, rank: str, names: Sequence[str]) -> None:
    """A group of nodes given one rank: `same`, or `max`, the rank furthest along the links."""
    graph.body.extend(["\t{\n", f"\t\trank={rank}\n", *(f"\t\t{name}\n" for name in names), "\t}\n"])


def _heading_room(label: str) -> tuple[float, float]:
    """How wide and high the heading (title, band and key), given as its label, is drawn: roughly, by its rows."""
    rows = re.findall(r"<TR>(.*?)</TR>", label)
    widest = max((len(re.sub(r"<[^>]*>", "", row)) for row in rows), default=0)
    return widest * HEADING_CHARACTER, len(rows) * HEADING_ROW


def _undercut_steps(amap: ArgumentMap) -> dict[int, tuple[int, ...]]:
    """For each undercut (by its index in `amap.attacks`), the indices of the supports whose inference it attacks."""
    arguments = {a.id: a for a in amap.arguments}
    by_conclusion: dict[str, list[int]] = {}
    for index, support in enumerate(amap.supports):
        by_conclusion.setdefault(support.conclusion.id, []).append(index)
    found: dict[int, tuple[int, ...]] = {}
    for number, attack in enumerate(amap.attacks):
        if attack.kind is not AttackKind.UNDERCUT:
            continue
        target = attack.target.id
        if attack.inference_to is not None:
            steps = [
                i for i in by_conclusion.get(attack.inference_to.id, [])
                if any(p.id == target for p in amap.supports[i].premises)
            ]  # fmt: skip
        elif target in arguments:
            argument = arguments[target]
            own = [i for c in argument.conclusions for i in by_conclusion.get(c.id, [])]
            steps = [i for i in own if amap.supports[i].argument == target] or own
        else:  # a claim: every step into it, as the evaluation reads it
            steps = by_conclusion.get(target, [])
        found[number] = tuple(sorted(set(steps)))
    return found


def _top(direction: str) -> str:
    """The `labelloc` that puts a panel's title on top: Graphviz turns it upside down with the ranks."""
    return "b" if direction == "BT" else "t"


def legend_panel(statuses: bool, direction: str) -> graphviz.Digraph:
    """A key to every link (and the statuses), as a panel of one table: for pictures other than the full one."""
    drawn = Drawn(links=set(EDGE_WORDS), statuses=statuses)
    rows = "".join(f"<TR>{row}</TR>" for row in key_rows(drawn))
    legend = digraph(name="cluster_legend")
    legend.attr("graph", label="", id="legend", style="rounded", color="#bdbdbd", labelloc=_top(direction))
    table = f'<<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="1" CELLPADDING="2">{rows}</TABLE>>'
    statement(legend, '"legend:table"', {"label": table, "shape": "plain", "id": "legend-table"})
    return legend


def inks(amap: ArgumentMap, options: Options | None = None) -> dict[str, str]:
    """The colour each actor (or tag, by `options.color_by`) gets in the picture of `amap`; {} when none do."""
    return _Compiler(amap, options or Options()).inks


def compile_map(amap: ArgumentMap, options: Options | None = None) -> graphviz.Digraph:
    """The picture of a map as a Graphviz graph; the same map and options give byte-identical DOT.

    `options.statuses`, when given, maps claim ids to their evaluated status
    (`Status.IN`, `OUT`, `UNDEC`): those claims are coloured and labelled by
    status, and the legend explains the colours. `options.focus` draws only
    the claims within `options.depth` links of that claim.
    """
    options = options or Options()
    if options.direction not in DIRECTIONS:
        raise UsageError(f"direction must be one of {', '.join(DIRECTIONS)}, not '{options.direction}'")
    if options.depth < 0:
        raise UsageError("--depth must be 0 or more")
    if options.color_by not in COLOR_BY:
        raise UsageError(f"--color-by must be one of {', '.join(COLOR_BY)}, not '{options.color_by}'")
    if options.group_by not in GROUP_BY:
        raise UsageError(f"--group-by must be one of {', '.join(GROUP_BY)}, not '{options.group_by}'")
    return _Compiler(amap, options).build()
