"""A map as GraphML, for network tools (Gephi, yEd, Cytoscape, networkx).

Nodes are the claims, the arguments and an inference junction per support
(its premises lead into it, it leads to the conclusion, as in an AIF
RA-node); every link is an edge typed by a `type` key. The map's data rides
on declared GraphML keys (`text`, `actors`, `probability`...), each with its
type, so a reader gets numbers as numbers. Characters XML 1.0 cannot hold
(most control characters) are written as `\\uXXXX`.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from argmap.formats.steps import undercut_step
from argmap.model import Argument, ArgumentMap, AttackKind, Claim

__all__ = ["EDGE_KEYS", "NODE_KEYS", "to_graphml"]

_NAMESPACE = "http://graphml.graphdrawing.org/xmlns"
# (name, GraphML type) of the data on nodes, edges and the graph.
NODE_KEYS = (
    ("type", "string"), ("kind", "string"), ("text", "string"), ("title", "string"), ("actors", "string"),
    ("citations", "string"), ("quotes", "string"), ("likelihood", "string"), ("probability", "double"),
    ("confidence", "string"), ("credibility", "int"), ("tags", "string"), ("notes", "string"),
    ("argument", "string"), ("linked", "boolean"),
)  # fmt: skip
EDGE_KEYS = (("type", "string"), ("acknowledged", "string"), ("argument", "string"))
_GRAPH_KEYS = (("title", "string"),)
_NOT_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_SEPARATOR = "; "
_ATTACK_WORD = {AttackKind.REBUT: "rebut", AttackKind.UNDERMINE: "undermine", AttackKind.UNDERCUT: "undercut"}


def _xml_text(value: str) -> str:
    return _NOT_XML.sub(lambda m: f"\\u{ord(m.group()):04x}", value)


class _Graph:
    def __init__(self, argument_map: ArgumentMap) -> None:
        self.root = ET.Element("graphml", xmlns=_NAMESPACE)
        for scope, keys in (("graph", _GRAPH_KEYS), ("node", NODE_KEYS), ("edge", EDGE_KEYS)):
            for name, kind in keys:
                ET.SubElement(self.root, "key", {"id": f"{scope[0]}_{name}", "for": scope, "attr.name": name,
                                                 "attr.type": kind})  # fmt: skip
        self.graph = ET.SubElement(self.root, "graph", id="G", edgedefault="directed")
        if argument_map.title is not None:
            self.data(self.graph, "g_title", argument_map.title)
        self.node_ids: set[str] = set()
        self.edges = 0

    def data(self, element: ET.Element, key: str, value: object) -> None:
        if value is None or value == "":
            return
        text = ("true" if value else "false") if isinstance(value, bool) else str(value)
        ET.SubElement(element, "data", key=key).text = _xml_text(text)

    def node(self, node_id: str, **values: object) -> None:
        if node_id in self.node_ids:
            return  # a second claim with one id (`argmap check` reports it): the first stands for both
        self.node_ids.add(node_id)
        element = ET.SubElement(self.graph, "node", id=_xml_text(node_id))
        for name, _kind in NODE_KEYS:
            self.data(element, f"n_{name}", values.get(name))

    def edge(self, source: str, target: str, **values: object) -> None:
        for end in (source, target):
            if end not in self.node_ids:  # a reference to nothing the map defines: a bare node for it
                self.node(end, type="undefined")
        self.edges += 1
        element = ET.SubElement(
            self.graph, "edge", id=f"e{self.edges}", source=_xml_text(source), target=_xml_text(target)
        )
        for name, _kind in EDGE_KEYS:
            self.data(element, f"e_{name}", values.get(name))


def _claim_values(claim: Claim) -> dict[str, object]:
    return {
        "type": "claim", "kind": claim.kind.value, "text": claim.text,
        "actors": _SEPARATOR.join(r.id for r in claim.actors),
        "citations": _SEPARATOR.join(r.id for r in claim.citations),
        "quotes": _SEPARATOR.join(f"{q.source.id}: {q.text}" for q in claim.quotes),
        "likelihood": claim.likelihood, "probability": claim.probability, "confidence": claim.confidence,
        "credibility": claim.credibility,
        "tags": _SEPARATOR.join(claim.tags), "notes": _SEPARATOR.join(claim.notes), "argument": claim.argument,
    }  # fmt: skip


def _argument_values(argument: Argument) -> dict[str, object]:
    return {
        "type": "argument", "title": argument.title, "actors": _SEPARATOR.join(r.id for r in argument.actors),
        "citations": _SEPARATOR.join(r.id for r in argument.citations), "tags": _SEPARATOR.join(argument.tags),
        "notes": _SEPARATOR.join(argument.notes),
    }  # fmt: skip


def argument_node(argument_id: str) -> str:
    """The GraphML node id of an argument: its id after `argument:`, apart from the claims' ids."""
    return f"argument:{argument_id}"


def inference_node(number: int) -> str:
    """The GraphML node id of the `number`-th support's inference junction, from 1."""
    return f"inference:{number}"


def _build(argument_map: ArgumentMap) -> _Graph:
    graph = _Graph(argument_map)
    for claim in argument_map.claims:
        graph.node(claim.id, **_claim_values(claim))
    for argument in argument_map.arguments:
        graph.node(argument_node(argument.id), **_argument_values(argument))
    for argument in argument_map.arguments:
        for ref in argument.premises:
            graph.edge(argument_node(argument.id), ref.id, type="argument premise")
        for ref in argument.conclusions:
            graph.edge(argument_node(argument.id), ref.id, type="argument conclusion")
    for number, support in enumerate(argument_map.supports, start=1):
        node_id = inference_node(number)
        graph.node(node_id, type="inference", linked=support.linked, argument=support.argument)
        for premise in support.premises:
            graph.edge(premise.id, node_id, type="premise", argument=support.argument)
        graph.edge(node_id, support.conclusion.id, type="conclusion", argument=support.argument)
    for attack in argument_map.attacks:
        target = attack.target.id
        if attack.kind is AttackKind.UNDERCUT:
            step = undercut_step(attack, argument_map.supports, argument_map)
            if step is not None:
                target = inference_node(step + 1)
            elif attack.inference_to is None:
                target = argument_node(attack.target.id)
        graph.edge(attack.attacker.id, target, type=_ATTACK_WORD[attack.kind], argument=attack.argument)
    for contradiction in argument_map.contradictions:
        graph.edge(contradiction.left.id, contradiction.right.id, type="contradiction",
                   acknowledged=contradiction.acknowledged, argument=contradiction.argument)  # fmt: skip
    for preference in argument_map.preferences:
        graph.edge(preference.better.id, preference.worse.id, type="preference")
    return graph


def to_graphml(argument_map: ArgumentMap) -> str:
    """The map as a GraphML document."""
    graph = _build(argument_map)
    ET.indent(graph.root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(graph.root, encoding="unicode") + "\n"
