"""GraphML export read back by networkx: every claim, argument and inference a node, every link a typed edge."""

from __future__ import annotations

import io
from pathlib import Path

import networkx as nx  # type: ignore[import-untyped]
import pytest
from click.testing import CliRunner

import argmap
from argmap.cli import main
from argmap.formats.graphml import argument_node, inference_node, to_graphml
from argmap.model import ArgumentMap, AttackKind
from argmap.read.parser import parse

ROOT = Path(__file__).resolve().parents[1]
MAPS = sorted((ROOT / "maps").glob("*.arg"))


def read(argument_map: ArgumentMap) -> nx.DiGraph:
    graph = nx.read_graphml(io.StringIO(to_graphml(argument_map)))
    assert isinstance(graph, nx.DiGraph)
    return graph


def _edges(graph: nx.DiGraph, kind: str) -> set[tuple[str, str]]:
    return {(a, b) for a, b, data in graph.edges(data=True) if data["type"] == kind}


@pytest.mark.parametrize("path", MAPS, ids=lambda p: p.name)
def test_claims_arguments_and_inferences_are_nodes_with_their_data(path: Path) -> None:
    argument_map = argmap.load(path)
    graph = read(argument_map)
    for claim in argument_map.claims:
        node = graph.nodes[claim.id]
        assert (node["type"], node["kind"], node["text"]) == ("claim", claim.kind.value, claim.text)
        assert node.get("actors", "") == "; ".join(r.id for r in claim.actors)
        assert node.get("probability") == claim.probability
        assert node.get("credibility") == claim.credibility
    for argument in argument_map.arguments:
        assert graph.nodes[argument_node(argument.id)]["title"] == argument.title
    for number, support in enumerate(argument_map.supports, start=1):
        assert graph.nodes[inference_node(number)]["linked"] is support.linked


@pytest.mark.parametrize("path", MAPS, ids=lambda p: p.name)
def test_every_link_is_a_typed_edge(path: Path) -> None:
    argument_map = argmap.load(path)
    graph = read(argument_map)
    for number, support in enumerate(argument_map.supports, start=1):
        step = inference_node(number)
        assert {(p.id, step) for p in support.premises} <= _edges(graph, "premise")
        assert (step, support.conclusion.id) in _edges(graph, "conclusion")
    for attack in argument_map.attacks:
        hits = {b for a, b in _edges(graph, attack.kind.value) if a == attack.attacker.id}
        if attack.kind is AttackKind.UNDERCUT:
            assert any(graph.nodes[b]["type"] in ("inference", "argument") for b in hits)
        else:
            assert attack.target.id in hits
    for contradiction in argument_map.contradictions:
        assert (contradiction.left.id, contradiction.right.id) in _edges(graph, "contradiction")
    members = {(argument_node(a.id), r.id) for a in argument_map.arguments for r in a.premises}
    assert members == _edges(graph, "argument premise")


def test_the_map_title_is_graph_data_and_control_characters_stay_readable_xml() -> None:
    graph = read(parse('title "A \\"map\\""\nclaim x: "bell \x07 here"\n'))
    assert graph.graph["title"] == 'A "map"'
    assert graph.nodes["x"]["text"] == "bell \\u0007 here"


def test_a_reference_to_an_undefined_claim_is_a_bare_node() -> None:
    graph = read(parse("a supports b\n"))
    assert graph.nodes["a"]["type"] == "undefined" and graph.nodes["b"]["type"] == "undefined"


def test_the_export_command_writes_graphml(tmp_path: Path) -> None:
    target = tmp_path / "map.graphml"
    result = CliRunner().invoke(
        main, ["export", str(ROOT / "maps" / "khatami.arg"), "-f", "graphml", "-o", str(target)]
    )
    assert result.exit_code == 0, result.output
    assert nx.read_graphml(target).number_of_nodes() > 0


def test_a_preference_is_an_edge_from_the_better_to_the_worse() -> None:
    graph = read(parse('claim a: "A"\nclaim b: "B"\nprefer a over b\n'))
    assert _edges(graph, "preference") == {("a", "b")}
