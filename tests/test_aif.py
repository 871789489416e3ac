"""AIF both ways: `.arg -> AIF -> .arg` gives the same map; the AIF is AIF; other tools' AIF (AIFdb, OVA) reads.

The round trip is judged by the JSON export (docs/json.md) of the map read
back, spans, file names and includes aside: the imported map is one file.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, assume, given, settings

import argmap
import hostile  # tests/hostile.py: the generated maps
from argmap.checks import run_checks
from argmap.edit import format_text
from argmap.formats import aif
from argmap.formats.aif import EXTENSION, from_aif, to_aif, to_aif_data
from argmap.formats.argtext import to_arg
from argmap.formats.export import to_data
from argmap.formats.imported import ImportFailure
from argmap.model import ArgumentMap, AttackKind
from argmap.read.parser import parse

ROOT = Path(__file__).resolve().parents[1]
MAPS = sorted((ROOT / "maps").glob("*.arg"))
ALL_CONSTRUCTS = ROOT / "tests" / "parser" / "all_constructs.arg"
# Control characters other than tab and line breaks: an import refuses them (see test_interchange_errors.py).
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def comparable(data: Any) -> Any:
    """A map's JSON export without what says where it was written: spans, its files, its includes."""
    if isinstance(data, dict):
        return {k: comparable(v) for k, v in data.items() if k not in ("span", "files", "includes", "generator")}
    if isinstance(data, list):
        return [comparable(item) for item in data]
    return data


def round_trip(argument_map: ArgumentMap) -> ArgumentMap:
    """The map through AIF text and back, written as `.arg` in the canonical layout and read again."""
    imported = from_aif(json.loads(to_aif(argument_map)), "map.json")
    return parse(format_text(to_arg(imported.map, imported.comments)), "imported.arg")


@pytest.mark.parametrize("path", MAPS, ids=lambda p: p.name)
def test_every_seed_map_comes_back_the_same_through_aif(path: Path) -> None:
    argument_map = argmap.load(path)
    assert comparable(to_data(round_trip(argument_map))) == comparable(to_data(argument_map))


def test_every_construct_of_the_language_comes_back_the_same_through_aif() -> None:
    argument_map = parse(ALL_CONSTRUCTS.read_text(encoding="utf-8"), "all.arg")
    assert comparable(to_data(round_trip(argument_map))) == comparable(to_data(argument_map))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(hostile.generated_maps())
def test_generated_maps_come_back_the_same_through_aif(generated: hostile.Generated) -> None:
    argument_map = parse(_CONTROL.sub("", generated.text), "generated.arg")
    # Two arguments of one id (an error `argmap check` reports) cannot say which block each member was in.
    assume(len({a.id for a in argument_map.arguments}) == len(argument_map.arguments))
    assert comparable(to_data(round_trip(argument_map))) == comparable(to_data(argument_map))


# --- what the AIF says -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def khatami() -> tuple[ArgumentMap, dict[str, Any]]:
    argument_map = argmap.load(ROOT / "maps" / "khatami.arg")
    return argument_map, json.loads(to_aif(argument_map))


def _nodes(data: dict[str, Any], kind: str) -> list[dict[str, Any]]:
    return [n for n in data["nodes"] if n["type"] == kind]


def _ends(data: dict[str, Any], node_id: str) -> tuple[list[str], list[str]]:
    return ([e["fromID"] for e in data["edges"] if e["toID"] == node_id],
            [e["toID"] for e in data["edges"] if e["fromID"] == node_id])  # fmt: skip


def test_each_claim_is_an_i_node_with_its_text(khatami: tuple[ArgumentMap, dict[str, Any]]) -> None:
    argument_map, data = khatami
    assert [n["text"] for n in _nodes(data, "I")] == [c.text for c in argument_map.claims]


def test_each_support_is_an_ra_node_from_its_premises_to_its_conclusion(
    khatami: tuple[ArgumentMap, dict[str, Any]],
) -> None:
    argument_map, data = khatami
    text = {n["nodeID"]: n["text"] for n in data["nodes"]}
    claims = argument_map.claims_by_id()
    claim_nodes = {n["nodeID"] for n in _nodes(data, "I")}
    steps = _nodes(data, "RA")
    assert len(steps) == len(argument_map.supports)
    for support, node in zip(argument_map.supports, steps, strict=True):
        incoming, conclusions = _ends(data, node["nodeID"])
        premises = [text[p] for p in incoming if p in claim_nodes]  # an undercut's CA-node leads in too
        assert premises == [claims[p.id].text for p in support.premises]
        assert [text[c] for c in conclusions] == [claims[support.conclusion.id].text]
    assert any(s.linked and len(s.premises) > 1 for s in argument_map.supports)  # one RA for a linked support


def test_attacks_are_ca_nodes_and_an_undercut_points_at_an_ra_node(khatami: tuple[ArgumentMap, dict[str, Any]]) -> None:
    argument_map, data = khatami
    kinds = {n["nodeID"]: n["type"] for n in data["nodes"]}
    conflicts = _nodes(data, "CA")
    assert len(conflicts) == len(argument_map.attacks) + 2 * len(argument_map.contradictions)
    for attack, node in zip(argument_map.attacks, conflicts, strict=False):
        _, targets = _ends(data, node["nodeID"])
        assert [kinds[t] for t in targets] == ["RA" if attack.kind is AttackKind.UNDERCUT else "I"]


def test_a_contradiction_is_a_pair_of_ca_nodes_one_each_way(khatami: tuple[ArgumentMap, dict[str, Any]]) -> None:
    argument_map, data = khatami
    pairs = _nodes(data, "CA")[len(argument_map.attacks) :]
    for forth, back in zip(pairs[::2], pairs[1::2], strict=True):
        (left,), (right,) = _ends(data, forth["nodeID"])
        assert _ends(data, back["nodeID"]) == ([right], [left])


def test_who_holds_a_claim_is_an_l_node_asserting_it_through_a_ya_node(
    khatami: tuple[ArgumentMap, dict[str, Any]],
) -> None:
    argument_map, data = khatami
    names = {p["participantID"]: f"{p['firstname']} {p['surname']}".strip() for p in data["participants"]}
    speaker = {loc["nodeID"]: names[loc["personID"]] for loc in data["locutions"]}
    text = {n["nodeID"]: n["text"] for n in data["nodes"]}
    held = set()
    for locution in _nodes(data, "L"):
        (assertion,) = _ends(data, locution["nodeID"])[1]
        assert text[assertion] == "Asserting"
        (claim,) = _ends(data, assertion)[1]
        held.add((speaker[locution["nodeID"]], text[claim]))
    actors = {a.id: a.name for a in argument_map.actors}
    assert held == {(actors[r.id], c.text) for c in argument_map.claims for r in c.actors if r.id in actors}


def test_without_argmap_s_object_the_structure_still_reads(khatami: tuple[ArgumentMap, dict[str, Any]]) -> None:
    argument_map, data = khatami
    plain = {k: v for k, v in data.items() if k != EXTENSION}
    imported = from_aif(plain, "plain.json").map
    assert [c.text for c in imported.claims] == [c.text for c in argument_map.claims]
    assert len(imported.supports) == len(argument_map.supports)
    # Read as any tool's AIF, two conflicts each way between two claims are one contradiction.
    conflicts = len(imported.attacks) + 2 * len(imported.contradictions)
    assert conflicts == len(argument_map.attacks) + 2 * len(argument_map.contradictions)
    assert len(imported.contradictions) >= len(argument_map.contradictions)
    assert {a.name for a in imported.actors} <= {a.name for a in argument_map.actors}


def test_the_export_escapes_what_a_terminal_would_act_on() -> None:
    text = to_aif(parse('claim x: "right-to-left \u202e override"\n'))
    assert "\u202e" not in text and json.loads(text)["nodes"][0]["text"] == "right-to-left \u202e override"


# --- other tools' AIF ------------------------------------------------------------------------------


def _import(name: str) -> Any:
    path = ROOT / "tests" / "interchange" / name
    return from_aif(json.loads(path.read_text(encoding="utf-8")), name)


def test_ova_nodes_and_edges_read_with_readable_ids_and_speakers_from_locutions() -> None:
    imported = _import("ova_sample.json")
    claims = {c.text: c for c in imported.map.claims}
    assert claims["Higher fines deter speeding."].id == "c_higher_fines_deter_speeding"
    assert claims["Fines deter speeding!"].id == "c_fines_deter_speeding"
    assert [r.id for r in claims["Higher fines deter speeding."].actors] == ["Alice"]
    (support,) = imported.map.supports
    assert (support.premises[0].id, support.conclusion.id) == (
        "c_drivers_respond_to_the_cost", "c_higher_fines_deter_speeding")  # fmt: skip
    (attack,) = imported.map.attacks
    assert attack.kind is AttackKind.UNDERMINE  # its target is a premise of a step
    assert imported.left_out == ("1 MA-node", "1 TA-node")


def test_aifdb_undercut_of_a_linked_step_names_the_step_as_an_argument() -> None:
    imported = _import("aifdb_sample.json")
    (step,) = imported.map.arguments
    assert len(step.premises) == 2
    undercut = next(a for a in imported.map.attacks if a.kind is AttackKind.UNDERCUT)
    assert undercut.target.id == step.id


def test_aifdb_conflicts_each_way_between_two_claims_are_a_contradiction() -> None:
    imported = _import("aifdb_sample.json")
    (contradiction,) = imported.map.contradictions
    assert {contradiction.left.id, contradiction.right.id} == {
        "c_the_city_cannot_afford_a",
        "c_the_city_should_build_a",
    }
    assert not any(a.kind is AttackKind.REBUT for a in imported.map.attacks)


def test_aifdb_participants_are_actors_and_preferences_are_named_as_left_out() -> None:
    imported = _import("aifdb_sample.json")
    assert [a.name for a in imported.map.actors] == ["Mayor Jones", "Treasurer Smith"]
    assert any("PA-node" in note for note in imported.left_out)


def test_a_locution_only_graph_is_an_empty_map_and_says_what_it_left_out() -> None:
    data = {"nodes": [{"nodeID": "1", "type": "L", "text": "Bob: hello"}, {"nodeID": "2", "type": "TA", "text": "t"}],
            "edges": [{"fromID": "1", "toID": "2"}]}  # fmt: skip
    imported = from_aif(data, "l.json")
    assert imported.map.claims == () and imported.map.actors == ()
    assert set(imported.left_out) == {"1 TA-node", "1 L-node asserting no I-node or with no speaker"}


@pytest.mark.parametrize("name", ["ova_sample.json", "aifdb_sample.json"])
def test_every_import_writes_a_map_that_reads_and_checks_without_errors(name: str) -> None:
    imported = _import(name)
    text = format_text(to_arg(imported.map, imported.comments))
    assert comparable(to_data(parse(text, "imported.arg"))) == comparable(to_data(imported.map))
    errors = [d for d in run_checks(parse(text, "imported.arg")) if d.severity.value == "error"]
    assert errors == []


def test_argmap_s_own_object_of_another_version_is_refused() -> None:
    data = to_aif_data(parse('claim x: "y"\n'))
    data[EXTENSION]["version"] = 99
    with pytest.raises(ImportFailure, match="version 99"):
        from_aif(data, "v.json")


def test_counts_past_the_limit_are_refused_before_anything_is_built(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(aif, "MAX_ITEMS", 3)
    data = {"nodes": [{"nodeID": str(i), "type": "I", "text": "t"} for i in range(4)], "edges": []}
    with pytest.raises(ImportFailure, match="4 nodes, more than the 3"):
        from_aif(data, "many.json")


def test_a_preference_between_claims_is_a_pa_node_and_every_preference_comes_back() -> None:
    text = 'source nyt "NYT"\nsource ap "AP"\nclaim a: "A"\nclaim b: "B"\nb rebuts a\n'
    text += "prefer a over b\nprefer nyt over ap\n"
    argument_map = parse(text, "prefer.arg")
    data = to_aif_data(argument_map)
    (preference,) = _nodes(data, "PA")
    text_of = {n["nodeID"]: n["text"] for n in data["nodes"]}
    assert [[text_of[i] for i in side] for side in _ends(data, preference["nodeID"])] == [["A"], ["B"]]
    assert comparable(to_data(round_trip(argument_map))) == comparable(to_data(argument_map))


def test_another_tool_s_pa_node_between_claims_is_a_preference() -> None:
    data = to_aif_data(parse('claim a: "Higher fines"\nclaim b: "Lower fines"\nprefer a over b\n'))
    del data[EXTENSION]
    (preference,) = from_aif(data, "p.json").map.preferences
    assert (preference.better.id, preference.worse.id) == ("c_higher_fines", "c_lower_fines")
