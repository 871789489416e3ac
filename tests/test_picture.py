"""The seed map as laid out by Graphviz: what a briefing reader sees, checked in the SVG.

Text never lies over a box it does not belong to, every contradiction carries
its label, the threads stand in rows one after another, each row's
conclusions in its top rank, and the picture is about a landscape page's
shape, whichever way the map runs. These tests run `dot`, and are skipped
without it.
"""

from __future__ import annotations

import itertools
import re
import shutil
from collections.abc import Callable, Iterator
from functools import cache
from operator import attrgetter
from pathlib import Path
from xml.etree import ElementTree

import attrs
import pytest

import argmap
from argmap.draw.compile import Evaluated, Options, compile_map
from argmap.draw.render import Layout, render_map
from argmap.evaluate import evaluate
from argmap.model import ArgumentMap, Claim, ClaimKind, Contradiction, Ref, Status

SEED_INDEX = Path(__file__).parent.parent / "maps" / "khatami.arg"
SVG = "{http://www.w3.org/2000/svg}"
NUMBER = r"-?\d+(?:\.\d+)?"

pytestmark = [
    pytest.mark.needs_dot,
    pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz `dot` is not installed"),
    pytest.mark.skipif(not SEED_INDEX.exists(), reason="the seed maps are not there"),
]


@attrs.frozen
class Box:
    left: float
    top: float
    right: float
    bottom: float

    def overlaps(self, other: Box, margin: float = 0.5) -> bool:
        return (
            self.left < other.right - margin and other.left < self.right - margin
            and self.top < other.bottom - margin and other.top < self.bottom - margin
        )  # fmt: skip

    @property
    def middle(self) -> tuple[float, float]:
        return (self.left + self.right) / 2, (self.top + self.bottom) / 2


def points(element: ElementTree.Element) -> Iterator[tuple[float, float]]:
    """The corners of a node's outline: its polygon's points, or its path's (rounded boxes)."""
    for shape in element.iter():
        if shape.tag == f"{SVG}polygon":
            for pair in (shape.get("points") or "").split():
                x, y = pair.split(",")
                yield float(x), float(y)
        elif shape.tag == f"{SVG}path":
            for x, y in re.findall(rf"({NUMBER}),({NUMBER})", shape.get("d") or ""):
                yield float(x), float(y)


def outline(group: ElementTree.Element) -> Box:
    xs, ys = zip(*points(group), strict=True)
    return Box(min(xs), min(ys), max(xs), max(ys))


def text_box(text: ElementTree.Element) -> Box:
    """Where a line of text is drawn: a generous estimate from its anchor, size and length."""
    size = float(text.get("font-size") or 14)
    width = len(text.text or "") * size * 0.52
    x, y = float(text.get("x") or 0), float(text.get("y") or 0)
    anchor = text.get("text-anchor") or "start"
    left = x - width / 2 if anchor == "middle" else x - width if anchor == "end" else x
    return Box(left, y - size * 0.75, left + width, y + size * 0.2)


@cache
def laid_out(direction: str, status: bool = False) -> ElementTree.Element:
    seed = argmap.load(SEED_INDEX)
    options = Options(direction=direction, statuses=evaluate(seed).statuses if status else None)
    rendered = render_map(seed, "svg", options)
    assert rendered.layout == Layout("dot")
    return ElementTree.fromstring(rendered.data)


def groups(svg: ElementTree.Element, kind: str) -> list[ElementTree.Element]:
    return [g for g in svg.iter(f"{SVG}g") if g.get("class") == kind]


def claim_boxes(svg: ElementTree.Element) -> dict[str, Box]:
    claims = [g for g in groups(svg, "node") if g.get("id", "").startswith("claim-")]
    return {g.get("id", "").removeprefix("claim-"): outline(g) for g in claims}


@pytest.mark.parametrize("direction", ["BT", "TB", "LR", "RL"])
def test_no_text_lies_over_a_box_it_does_not_belong_to(direction: str) -> None:
    svg = laid_out(direction)
    boxes = claim_boxes(svg)
    own: dict[int, str] = {}
    for group in groups(svg, "node"):
        for text in group.iter(f"{SVG}text"):
            own[id(text)] = group.get("id", "").removeprefix("claim-")
    crossings, checked = [], 0
    for text in svg.iter(f"{SVG}text"):
        if not (text.text or "").strip():
            continue
        checked += 1
        where = text_box(text)
        for claim, box in boxes.items():
            if own.get(id(text)) != claim and where.overlaps(box):
                crossings.append(f"{text.text!r} over {claim}")
    assert not crossings and checked > 300


@pytest.mark.parametrize("direction", ["BT", "TB", "LR", "RL"])
def test_every_contradiction_carries_its_label_clear_of_the_boxes(direction: str) -> None:
    svg = laid_out(direction)
    boxes = claim_boxes(svg).values()
    seed = argmap.load(SEED_INDEX)
    labelled = []
    for edge in groups(svg, "edge"):
        words = [t for t in edge.iter(f"{SVG}text") if (t.text or "").strip()]
        if any(t.text == "contradicts" for t in words):
            labelled.append(edge)
            assert not any(text_box(t).overlaps(box) for t in words for box in boxes)
            assert float(next(t for t in words if t.text == "contradicts").get("font-size") or 0) >= 10
    assert len(labelled) == len(seed.contradictions) > 0


# How far along the ranks a box lies, the way the map runs: what a row concludes lies furthest.
ALONG: dict[str, Callable[[Box], float]] = {
    "BT": lambda b: -b.middle[1], "TB": lambda b: b.middle[1],
    "LR": lambda b: b.middle[0], "RL": lambda b: -b.middle[0],
}  # fmt: skip
# Rows follow one another down the page when the ranks run down it, else across it, left to right.
ROWS_RUN_DOWN = {"BT": True, "TB": True, "LR": False, "RL": False}


def threads_of(amap: ArgumentMap) -> dict[str, str]:
    """Each claim's thread, named by one of its claims: the claims joined by any link or by one argument's panel."""
    thread = {claim.id: claim.id for claim in amap.claims}

    def find(claim: str) -> str:
        while thread[claim] != claim:
            claim = thread[claim]
        return claim

    def join(one: str, other: str) -> None:
        thread[find(one)] = find(other)

    members: dict[str, list[str]] = {}
    for claim in amap.claims:
        members.setdefault(claim.argument or f"alone:{claim.id}", []).append(claim.id)
    for group in members.values():
        for claim in group[1:]:
            join(group[0], claim)
    for support in amap.supports:
        for premise in support.premises:
            join(premise.id, support.conclusion.id)
    for attack in amap.attacks:  # an undercut of an argument attacks a claim of its panel
        join(attack.attacker.id, attack.target.id if attack.target.id in thread else members[attack.target.id][0])
    for contradiction in amap.contradictions:
        join(contradiction.left.id, contradiction.right.id)
    return {claim: find(claim) for claim in thread}


def rows_of(direction: str) -> list[list[str]]:
    """The seed map's claims row by row, first row first, as the DOT puts each thread's top in a row's rank group."""
    seed = argmap.load(SEED_INDEX)
    source = compile_map(seed, Options(direction=direction)).source
    thread = threads_of(seed)
    rows = []
    for number, names in re.findall(r'subgraph "row:(\d+):top" \{rank=\w+; (.*)\}', source):
        assert int(number) == len(rows) + 1
        heads = {thread[name] for name in re.findall(r'"([^"]+)"', names)}
        rows.append([claim for claim in thread if thread[claim] in heads])
    return rows


@pytest.mark.parametrize("direction", ["BT", "TB", "LR", "RL"])
def test_every_top_conclusion_is_in_the_top_rank_of_its_row(direction: str) -> None:
    """The top rank of a row, not of the picture: the seed map's threads are packed into rows, each
    row's conclusions in its own top rank, so that the picture is not one strip twelve conclusions wide."""
    boxes = claim_boxes(laid_out(direction))
    top = set(argmap.load(SEED_INDEX).top_conclusions())
    rows = rows_of(direction)
    assert len(rows) > 1 and sorted(c for row in rows for c in row) == sorted(boxes)
    for row in rows:
        furthest = max(ALONG[direction](boxes[claim]) for claim in row)
        assert all(ALONG[direction](boxes[claim]) == pytest.approx(furthest, abs=1) for claim in top.intersection(row))


@pytest.mark.parametrize("direction", ["BT", "TB", "LR", "RL"])
def test_rows_follow_one_another_from_the_title_without_overlapping(direction: str) -> None:
    boxes = claim_boxes(laid_out(direction))
    start, end = (attrgetter("top"), attrgetter("bottom")) if ROWS_RUN_DOWN[direction] else (
        attrgetter("left"), attrgetter("right"))  # fmt: skip
    rows = rows_of(direction)
    for first, second in itertools.pairwise(rows):
        assert max(end(boxes[claim]) for claim in first) < min(start(boxes[claim]) for claim in second)


@pytest.mark.parametrize("direction", ["BT", "TB", "LR", "RL"])
def test_the_seed_maps_picture_is_landscape_and_no_wider_than_a_wide_page(direction: str) -> None:
    svg = laid_out(direction)
    width, height = (float((svg.get(side) or "").removesuffix("pt")) for side in ("width", "height"))
    assert 1.0 <= width / height <= 1.6


def test_the_status_view_lays_out_with_every_claim_in_place() -> None:
    svg = laid_out("BT", status=True)
    assert set(claim_boxes(svg)) == {c.id for c in argmap.load(SEED_INDEX).claims}


HOSTILE = '"]; x [label="boom"] \\N \\ <b>bold</b> &amp; <a href="javascript:alert(1)">x</a> ]]> <!--'


def test_map_text_in_tooltips_adds_nothing_to_the_svg_and_links_nowhere() -> None:
    claims = (Claim("a", "A.", kind=ClaimKind.PREMISE), Claim("b", "B.", kind=ClaimKind.CONCLUSION))
    amap = ArgumentMap(claims=claims, contradictions=(Contradiction(Ref("a"), Ref("b"), HOSTILE),))
    statuses = {"a": Status.IN, "b": Status.UNDEC}
    options = Options(statuses=statuses, evaluation=Evaluated(statuses, {"a": HOSTILE, "b": HOSTILE}))
    svg = ElementTree.fromstring(render_map(amap, "svg", options).data)
    assert sorted(g.get("id") for g in groups(svg, "node")) == ["claim-a", "claim-b"]
    assert len(groups(svg, "edge")) == 1
    assert not any("href" in key for element in svg.iter() for key in element.attrib)
    titles = [v for e in svg.iter() for k, v in e.attrib.items() if k.endswith("}title")]
    assert any(title.startswith("accepted: \"]; x [label=\"boom\"] ⧵N ⧵ <b>bold</b>") for title in titles)
