"""A picture of a change: the changed claims and their neighbours, each addition, removal and change marked.

The picture is the new map with what the change removed put back, focused
on the claims the change touches (depth 1). Marks never rest on colour
alone, so a greyscale print keeps them: an added claim has a heavy border
and `+ ADDED` on its first line, a removed one a dashed border, a grey fill
and `− REMOVED`, a changed (or renamed) one a dotted border and `~ CHANGED`;
an added link is drawn heavy and labelled `+ added`, a removed one thin,
grey and labelled `− removed`. A key says so.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping
from pathlib import Path

import attrs

from argmap.draw.compile import Options, compile_map, drawn_boxes
from argmap.draw.render import (
    DEFAULT_TIMEOUT,
    FORMATS,
    PictureTooLarge,
    RenderError,
    layout_deadline,
    layouts,
    run_layout,
    stopwatch,
)
from argmap.draw.text import node_name
from argmap.errors import UsageError
from argmap.files import write_atomic
from argmap.model import ArgumentMap, Attack, AttackKind, Contradiction, Ref, Status, Support
from argmap.review.diff import link
from argmap.review.meaning import Review, StatusFlip

__all__ = ["MARKS", "change_graph", "changed_claims", "write_picture"]

# What each mark adds to a claim's box: the word on its first line, and its border.
MARKS: dict[str, tuple[str, dict[str, str]]] = {
    "added": ("+ ADDED", {"penwidth": "4.5", "style_add": "solid"}),
    "removed": ("\u2212 REMOVED", {"penwidth": "2.5", "style_add": "dashed", "fillcolor": "#d9d9d9"}),
    "changed": ("~ CHANGED", {"penwidth": "3", "style_add": "dotted"}),
}
LINK_MARKS = {
    "added": {"penwidth": "3.6", "label": "<<B>+ added</B>>", "fontsize": "10"},
    "removed": {
        "color": "#969696",
        "penwidth": "1.2",
        "label": "<<B>\u2212 removed</B>>",
        "fontsize": "10",
        "fontcolor": "#525252",
    },
}
Linkish = Support | Attack | Contradiction


def _renamed(ref: Ref, renames: Mapping[str, str]) -> Ref:
    return attrs.evolve(ref, id=renames.get(ref.id, ref.id))


def _as_now(thing: Linkish, renames: Mapping[str, str]) -> Linkish:
    """An old link with its ids as the new map names them."""
    if isinstance(thing, Support):
        return attrs.evolve(thing, premises=tuple(_renamed(p, renames) for p in thing.premises),
                            conclusion=_renamed(thing.conclusion, renames))  # fmt: skip
    if isinstance(thing, Attack):
        to = _renamed(thing.inference_to, renames) if thing.inference_to is not None else None
        return attrs.evolve(thing, attacker=_renamed(thing.attacker, renames),
                            target=_renamed(thing.target, renames), inference_to=to)  # fmt: skip
    return attrs.evolve(thing, left=_renamed(thing.left, renames), right=_renamed(thing.right, renames))


def _marked(things: Iterable[Linkish], wanted: Counter[str]) -> list[Linkish]:
    """The links among `things` that `wanted` counts (by their text), each as often as it counts them."""
    left = Counter(wanted)
    found = []
    for thing in things:
        text = link(thing).text
        if left[text] > 0:
            left[text] -= 1
            found.append(thing)
    return found


def _links(amap: ArgumentMap) -> list[Linkish]:
    return [*amap.supports, *amap.attacks, *amap.contradictions]


def changed_claims(review: Review) -> dict[str, str]:
    """Each claim the change adds, removes or changes (renames included), to its mark."""
    marks = {c.id: "changed" for c in review.diff.changed if c.kind == "claim"}
    marks.update({i.id: "added" for i in review.diff.added if i.kind == "claim"})
    marks.update({i.id: "removed" for i in review.diff.removed if i.kind == "claim"})
    return marks


def _union(review: Review, old: ArgumentMap, new: ArgumentMap) -> tuple[ArgumentMap, list[Linkish], list[Linkish]]:
    """The new map with the removed claims and links put back; the added links; the removed ones."""
    renames = review.diff.renames
    gone = {i.id for i in review.diff.removed if i.kind == "claim"}
    taken: set[str] = set()
    removed_claims = []
    for claim in old.claims:
        if claim.id in gone and claim.id not in taken:
            taken.add(claim.id)
            removed_claims.append(claim)
    removed = _marked((_as_now(t, renames) for t in _links(old)), Counter(k.text for k in review.diff.links_removed))
    added = _marked(_links(new), Counter(k.text for k in review.diff.links_added))
    union = attrs.evolve(
        new,
        claims=(*new.claims, *removed_claims),
        supports=(*new.supports, *(t for t in removed if isinstance(t, Support))),
        attacks=(*new.attacks, *(t for t in removed if isinstance(t, Attack))),
        contradictions=(*new.contradictions, *(t for t in removed if isinstance(t, Contradiction))),
    )
    return union, added, removed


def _ends(thing: Linkish) -> list[str]:
    if isinstance(thing, Support):
        return [*(p.id for p in thing.premises), thing.conclusion.id]
    if isinstance(thing, Attack):
        return [thing.attacker.id, thing.target.id, *([thing.inference_to.id] if thing.inference_to else [])]
    return [thing.left.id, thing.right.id]


# An edge statement as the compiler writes it: tail, head, and its attribute list.
_EDGE = re.compile(r'^(\t+)("(?:[^"\\]|\\.)*") -> ("(?:[^"\\]|\\.)*") \[(.*)\]\n$', re.DOTALL)
_ARROWHEADS = {AttackKind.REBUT: "tee", AttackKind.UNDERMINE: "diamond", AttackKind.UNDERCUT: "box"}


def _edge_matches(thing: Linkish, tail: str, head: str, attributes: str) -> bool:
    """Whether an edge statement draws (a part of) the link `thing`."""
    if isinstance(thing, Support):
        premises = [node_name(p.id) for p in thing.premises]
        conclusion = node_name(thing.conclusion.id)
        step = node_name(*(p.id for p in thing.premises), thing.conclusion.id, prefix="step")[:-1]
        if "arrowhead=box" in attributes or "dir=both" in attributes or "arrowhead=tee" in attributes:
            return False
        if "arrowhead=diamond" in attributes:
            return False
        return (tail in premises and (head == conclusion or head.startswith(step))) or (
            tail.startswith(step) and head == conclusion
        )
    if isinstance(thing, Attack):
        if f"arrowhead={_ARROWHEADS[thing.kind]}" not in attributes or tail != node_name(thing.attacker.id):
            return False
        if thing.kind is AttackKind.UNDERCUT:
            return head.startswith('"step:') or head == node_name(thing.target.id)
        return head == node_name(thing.target.id)
    if "dir=both" not in attributes:
        return False
    pair = {node_name(thing.left.id), node_name(thing.right.id)}
    return {tail, head} == pair


def _edges(body: list[str]) -> dict[str, list[int]]:
    """Where each node's edges are in the body: the numbers of the lines with it at either end."""
    ends: dict[str, list[int]] = {}
    for number, line in enumerate(body):
        if " -> " in line:
            found = _EDGE.match(line)
            if found is not None:
                ends.setdefault(found.group(2), []).append(number)
                ends.setdefault(found.group(3), []).append(number)
    return ends


def _mark_edges(body: list[str], things: Iterable[Linkish], mark: str) -> None:
    """Mark the edges that draw each of `things`, looking only at the lines of its claims' edges."""
    extra = LINK_MARKS[mark]
    ends = _edges(body)
    marked: set[int] = set()
    for thing in things:
        lines = sorted({n for ident in _ends(thing) for n in ends.get(node_name(ident), ())} - marked)
        for number in lines:
            found = _EDGE.match(body[number])
            if found is None or not _edge_matches(thing, *found.groups()[1:]):
                continue
            marked.add(number)
            indent, tail, head, attributes = found.groups()
            look = dict(extra)
            if "label=<" in attributes:  # a contradiction's own label stays; the mark goes beside the line
                look["xlabel"] = look.pop("label")
            written = " ".join(f"{k}={v}" if v.startswith("<") else f'{k}="{v}"' for k, v in look.items())
            body[number] = f"{indent}{tail} -> {head} [{attributes} {written}]\n"


_STYLE = re.compile(r'\bstyle="?([\w,]+)"?')


_GLYPHS = {Status.IN: "\u2713", Status.OUT: "\u2717", Status.UNDEC: "?"}


def _flip_line(flip: StatusFlip) -> str:
    """A box's line saying how its status changed, in words and glyphs (so it reads in greyscale)."""
    old, new = flip.old, flip.new
    return (f'<FONT POINT-SIZE="10"><I>was {_GLYPHS[old]} {old.value}, now</I> <B>{_GLYPHS[new]} '
            f"{new.value.upper()}</B></FONT><BR/>")  # fmt: skip


def _mark_claims(body: list[str], marks: Mapping[str, str], flips: Mapping[str, StatusFlip]) -> None:
    names = {node_name(ident): ident for ident in {*marks, *flips}}
    for number, line in enumerate(body):
        stripped = line.lstrip("\t")
        head = stripped.split(" ", 1)[0] if stripped.startswith('"') else None
        ident = names.get(head) if head is not None else None
        if ident is None or " [label=<" not in line or " -> " in line:
            continue
        flip = flips.get(ident)
        if flip is not None:
            line = line.replace(" [label=<", " [label=<" + _flip_line(flip), 1)
        mark = marks.get(ident)
        if mark is None:
            body[number] = line
            continue
        word, look = MARKS[mark]
        style = _STYLE.search(line)
        kept = [s for s in (style.group(1).split(",") if style else []) if s not in ("solid", "dashed", "dotted")]
        styles = ",".join([*kept, look["style_add"]])
        if mark == "removed" and "filled" not in kept:
            styles += ",filled"
        extra = [f'style="{styles}"', f'penwidth="{look["penwidth"]}"']
        if "fillcolor" in look:
            extra.append(f'fillcolor="{look["fillcolor"]}"')
        first = f'<FONT POINT-SIZE="11"><B>{word}</B></FONT><BR/>'
        line = line.replace(" [label=<", " [label=<" + first, 1)
        body[number] = line[: line.rstrip().rfind("]")] + " " + " ".join(extra) + "]\n"


def _key() -> str:
    """The key to the marks, as a node of one table."""
    rows = [
        '<TR><TD COLSPAN="2" ALIGN="LEFT"><B>What the change did</B></TD></TR>',
        '<TR><TD ALIGN="LEFT"><B>+ ADDED</B></TD><TD ALIGN="LEFT">claim added: heavy border</TD></TR>',
        '<TR><TD ALIGN="LEFT"><B>\u2212 REMOVED</B></TD><TD ALIGN="LEFT">claim removed: dashed border, grey</TD></TR>',
        '<TR><TD ALIGN="LEFT"><B>~ CHANGED</B></TD><TD ALIGN="LEFT">claim changed or renamed: dotted border</TD></TR>',
        '<TR><TD ALIGN="LEFT"><B>+ added</B></TD><TD ALIGN="LEFT">link added: heavy line</TD></TR>',
        '<TR><TD ALIGN="LEFT"><B>\u2212 removed</B></TD><TD ALIGN="LEFT">link removed: thin grey line</TD></TR>',
        '<TR><TD ALIGN="LEFT"><I>was \u2713 in, now</I> <B>\u2717 OUT</B></TD>'
        '<TD ALIGN="LEFT">the claim\'s evaluated status changed</TD></TR>',
    ]
    table = '<TABLE BORDER="1" COLOR="#969696" CELLBORDER="0" CELLSPACING="0" CELLPADDING="3">' + "".join(rows)
    return f'\t"change:key" [label=<{table}</TABLE>> shape=plain id="change-key"]\n'


@attrs.frozen
class _Plan:
    """What the picture of a change draws: the map with what went put back, its focus, its marks."""

    union: ArgumentMap
    options: Options | None  # None when the change touches no claim and no link
    marks: Mapping[str, str]
    flips: Mapping[str, StatusFlip]
    added: list[Linkish]
    removed: list[Linkish]


def _plan(review: Review, old: ArgumentMap, new: ArgumentMap) -> _Plan:
    union, added, removed = _union(review, old, new)
    marks = changed_claims(review)
    flips = {f.claim: f for f in review.meaning.flips}
    focus = {*marks, *flips}
    for thing in (*added, *removed):
        focus.update(_ends(thing))
    claims = union.claims_by_id()
    focus = {ident for ident in focus if ident in claims}
    options = Options(focus=",".join(sorted(focus)), depth=1, summary=False, legend=True) if focus else None
    return _Plan(union, options, marks, flips, added, removed)


_NOTHING = (
    'digraph change {\n\tgraph [label="No claim or link changed" fontname=Helvetica]\n'
    '\tnothing [label="" shape=none]\n}\n'
)


def change_graph(review: Review, old: ArgumentMap, new: ArgumentMap, clusters: bool = True) -> str:
    """The DOT source of the picture of the change (`clusters`: each argument's claims in a panel)."""
    return _source(_plan(review, old, new), clusters)


def _source(plan: _Plan, clusters: bool = True) -> str:
    if plan.options is None:
        return _NOTHING
    graph = compile_map(plan.union, attrs.evolve(plan.options, clusters=clusters))
    body = graph.body
    _mark_claims(body, plan.marks, plan.flips)
    _mark_edges(body, plan.added, "added")
    _mark_edges(body, plan.removed, "removed")
    body.append(_key())
    source: str = graph.source
    return source


def write_picture(review: Review, old: ArgumentMap, new: ArgumentMap, path: Path) -> None:
    """Draw the change into `path`, in the format its extension names; written whole or not at all.

    Laid out as `argmap render` lays a map out: dot, then dot without panels,
    then sfdp, each with a share of the time left; straight to sfdp when the
    change touches more claims than dot lays out in good time.
    """
    fmt = path.suffix.lower().lstrip(".")
    if fmt not in FORMATS:
        raise UsageError(
            f"--render: cannot tell the picture's format from '{path.name}' (use .svg, .png, .pdf or .dot)"
        )
    plan = _plan(review, old, new)
    if fmt == "dot":
        write_atomic(path, _source(plan).encode("utf-8"))
        return
    chain = layouts(boxes=drawn_boxes(plan.union, plan.options) if plan.options is not None else 0)
    clock, deadline = stopwatch(), layout_deadline(DEFAULT_TIMEOUT)
    first: RenderError | None = None
    for number, layout in enumerate(chain):
        share = (deadline - clock()) / (len(chain) - number)
        try:
            data = run_layout(_source(plan, layout.clusters), fmt, layout, share)
        except PictureTooLarge:
            raise
        except RenderError as error:
            first = first or error
            continue
        write_atomic(path, data)
        return
    assert first is not None
    raise first
