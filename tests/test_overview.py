"""The overview (`--view arguments`): one box per argument, the links between arguments counted, threads in rows."""

from __future__ import annotations

import json
import shutil
import subprocess
import textwrap
from pathlib import Path

import pytest

import argmap
from argmap.draw.compile import Options
from argmap.draw.overview import Link, Unit, aggregate_links, compile_overview, overview_boxes, overview_threads
from argmap.model import ArgumentMap, Status

needs_dot = pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz `dot` is not installed")

TWO_ARGUMENTS = """
    actor ana "Ana"
    actor bo "Bo"
    argument first "The first argument" by ana {
      premise a1: "A first premise."
      premise a2: "A second premise."
      conclusion ac: "The first conclusion."
    }
    argument second "The second argument" by bo {
      premise b1: "Another premise."
      conclusion bc: "The second conclusion."
    }
    ac supports b1
    a1 supports b1
    ac rebuts bc
    claim loose: "A claim outside any argument." by bo
    loose undermines a2
    loose contradicts bc
    bc contradicts loose
    claim doubt: "The first inference is weak." undercuts first
"""


def load(tmp_path: Path, text: str) -> ArgumentMap:
    path = tmp_path / "map.arg"
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return argmap.load(path)


@pytest.fixture
def two(tmp_path: Path) -> ArgumentMap:
    return load(tmp_path, TWO_ARGUMENTS)


FIRST, SECOND = Unit("argument", "first"), Unit("argument", "second")
LOOSE, DOUBT = Unit("claim", "loose"), Unit("claim", "doubt")


def test_links_from_one_argument_to_another_become_one_edge_per_kind_with_their_count(two: ArgumentMap) -> None:
    links = aggregate_links(two)
    assert Link(FIRST, SECOND, "support", 2) in links
    assert Link(FIRST, SECOND, "rebut", 1) in links


def test_links_inside_an_argument_are_left_out(two: ArgumentMap) -> None:
    assert all(link.tail != link.head for link in aggregate_links(two))


def test_a_claim_outside_any_argument_is_a_box_of_its_own(two: ArgumentMap) -> None:
    assert Link(LOOSE, FIRST, "undermine", 1) in aggregate_links(two)
    assert overview_boxes(two) == 4  # two arguments, two loose claims


def test_a_contradiction_counts_once_for_the_pair_whichever_way_it_is_written(two: ArgumentMap) -> None:
    contradictions = [link for link in aggregate_links(two) if link.kind == "contradiction"]
    assert [({link.tail, link.head}, link.count) for link in contradictions] == [({LOOSE, SECOND}, 2)]


def test_an_undercut_of_an_argument_links_to_that_arguments_box(two: ArgumentMap) -> None:
    assert Link(DOUBT, FIRST, "undercut", 1) in aggregate_links(two)


def test_overview_draws_a_box_per_argument_and_loose_claim(two: ArgumentMap) -> None:
    dot = compile_overview(two, Options(legend=False)).source
    for dom_id in ("argument-first", "argument-second", "claim-loose", "claim-doubt"):
        assert f'id="{dom_id}"' in dot
    assert 'id="claim-a1"' not in dot


def test_an_argument_box_gives_its_title_conclusion_actor_and_size(two: ArgumentMap) -> None:
    dot = compile_overview(two, Options(legend=False)).source
    box = next(line for line in dot.splitlines() if 'id="argument-first"' in line)
    assert "The first argument" in box and "The first conclusion." in box
    assert "Ana" in box and "3 claims" in box


def test_an_edge_standing_for_several_links_says_how_many(two: ArgumentMap) -> None:
    dot = compile_overview(two, Options(legend=False)).source
    assert "2 supports" in dot and "2 contradictions" in dot


def test_an_argument_box_takes_its_conclusions_status(two: ArgumentMap) -> None:
    dot = compile_overview(two, Options(legend=False, statuses={"ac": Status.OUT})).source
    box = next(line for line in dot.splitlines() if 'id="argument-first"' in line)
    assert "DEFEATED" in box


def test_the_same_map_gives_the_same_overview(two: ArgumentMap) -> None:
    assert compile_overview(two).source == compile_overview(two).source


def test_focus_keeps_the_boxes_holding_claims_near_it(two: ArgumentMap) -> None:
    dot = compile_overview(two, Options(legend=False, focus="doubt", depth=1)).source
    assert 'id="argument-first"' in dot and 'id="claim-doubt"' in dot
    assert 'id="argument-second"' not in dot


def test_separate_threads_become_separate_graphs(tmp_path: Path) -> None:
    amap = load(tmp_path, """
        claim x: "X." supports y
        claim y: "Y."
        claim z: "Z, alone."
    """)  # fmt: skip
    threads = overview_threads(amap)
    assert len(threads) == 2
    assert 'id="claim-x"' in threads[0].source and 'id="claim-z"' in threads[1].source


@needs_dot
def test_a_generated_map_of_many_threads_is_laid_out_in_rows_not_a_strip(generated_map: Path) -> None:
    dot = compile_overview(argmap.load(generated_map), Options(legend=False)).source
    done = subprocess.run(["dot", "-Tjson"], input=dot.encode(), capture_output=True, check=True, timeout=300)
    _, _, width, height = (float(v) for v in json.loads(done.stdout)["bb"].split(","))
    assert 1 / 3 < width / height < 3
