"""The bundled maps of the seed article: they load, they quote the seed exactly, and together
they use every construct of the language, so they double as its worked example."""

from __future__ import annotations

from pathlib import Path

import pytest

import argmap
from argmap.evaluate import evaluate
from argmap.model import ArgumentMap, AttackKind, ClaimKind

ROOT = Path(__file__).resolve().parents[1]
MAPS = ROOT / "maps"
INDEX = MAPS / "khatami.arg"
SEED = ROOT / "seeds" / "000_374723e248f9211a.txt"
MAP_FILES = sorted(MAPS.glob("*.arg"))


def _fold(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(scope="module")
def whole() -> ArgumentMap:
    return argmap.load(INDEX)


@pytest.fixture(scope="module")
def each() -> list[ArgumentMap]:
    return [argmap.load(path) for path in MAP_FILES]


@pytest.mark.parametrize("path", MAP_FILES, ids=lambda p: p.name)
def test_every_map_file_loads_on_its_own(path: Path) -> None:
    assert argmap.load(path).files


def test_the_index_gathers_every_file_of_the_folder(whole: ArgumentMap) -> None:
    loaded = {Path(f).resolve() for f in whole.files}
    assert loaded == {p.resolve() for p in MAP_FILES}
    assert whole.title and "Khatami" in whole.title


def test_ids_are_unique_across_the_files(whole: ArgumentMap) -> None:
    ids = [node.id for node in whole.nodes()]
    assert len(ids) == len(set(ids))


def test_every_monitor_quote_is_verbatim_in_the_seed(each: list[ArgumentMap]) -> None:
    seed = _fold(SEED.read_text(encoding="utf-8"))
    quotes = [q for m in each for c in m.claims for q in c.quotes if q.source.id == "monitor"]
    assert quotes
    missing = [q.text for q in quotes if _fold(q.text) not in seed]
    assert missing == []


def test_the_monitor_source_points_at_the_seed(whole: ArgumentMap) -> None:
    monitor = next(s for s in whole.sources if s.id == "monitor")
    assert monitor.file is not None
    assert (MAPS / monitor.file).resolve() == SEED.resolve()


def test_every_claim_is_attributed(whole: ArgumentMap) -> None:
    assert [c.id for c in whole.claims if not c.actors] == []


def test_the_maps_use_every_claim_kind(whole: ArgumentMap) -> None:
    assert {c.kind for c in whole.claims} == set(ClaimKind)


def test_the_maps_use_linked_and_convergent_support(whole: ArgumentMap) -> None:
    assert any(s.linked and not s.implicit for s in whole.supports)
    conclusions = [s.conclusion.id for s in whole.supports if not s.linked]
    assert any(conclusions.count(c) > 1 for c in conclusions)


def test_the_maps_reuse_a_claim_as_a_premise_of_another_argument(whole: ArgumentMap) -> None:
    owner = {c.id: c.argument for c in whole.claims}
    assert any(owner.get(p.id) != a.id for a in whole.arguments for p in a.premises)


def test_the_maps_use_every_attack_kind(whole: ArgumentMap) -> None:
    assert {a.kind for a in whole.attacks} == set(AttackKind)


def test_the_maps_undercut_an_argument_and_a_single_step(whole: ArgumentMap) -> None:
    undercuts = [a for a in whole.attacks if a.kind is AttackKind.UNDERCUT]
    argument_ids = {a.id for a in whole.arguments}
    assert any(u.inference_to is None and u.target.id in argument_ids for u in undercuts)
    assert any(u.inference_to is not None for u in undercuts)


def test_the_counter_terrorism_contradiction_is_acknowledged(whole: ArgumentMap) -> None:
    pairs = {frozenset((c.left.id, c.right.id)): c for c in whole.contradictions}
    assert pairs[frozenset(("fight_terror", "befriend"))].acknowledged
    assert any(a.rule == "AM601" and a.target and a.target.id == "kremlin" for a in whole.acknowledgements)


def test_the_maps_state_expectations_of_every_status(whole: ArgumentMap) -> None:
    assert {e.status.value for e in whole.expectations} == {"in", "out", "undec"}


def test_the_maps_grade_likelihood_confidence_probability_and_sources(whole: ArgumentMap) -> None:
    assert any(c.likelihood for c in whole.claims)
    assert any(c.confidence for c in whole.claims)
    assert any(c.probability is not None for c in whole.claims)
    assert any(c.credibility is not None for c in whole.claims)
    assert all(s.reliability for s in whole.sources)


def test_the_maps_use_actor_details(whole: ArgumentMap) -> None:
    assert any(a.unnamed for a in whole.actors)
    assert any(a.role for a in whole.actors)


def test_the_maps_use_tags_and_notes_everywhere(whole: ArgumentMap) -> None:
    for kind in (whole.sources, whole.actors, whole.claims, whole.arguments):
        assert any(x.tags for x in kind)
        assert any(x.notes for x in kind)


def test_the_maps_give_arguments_actors_and_citations(whole: ArgumentMap) -> None:
    assert any(a.actors for a in whole.arguments)
    assert any(a.citations for a in whole.arguments)


def test_the_maps_use_includes_comments_and_multi_line_text(whole: ArgumentMap) -> None:
    assert whole.includes
    assert all(path.read_text(encoding="utf-8").startswith("#") for path in MAP_FILES)
    assert any(q.span.end_line > q.span.line for c in whole.claims for q in c.quotes)


def test_every_expected_status_agrees_with_the_evaluation(whole: ArgumentMap) -> None:
    statuses = evaluate(whole).statuses
    assert [(e.claim.id, e.status) for e in whole.expectations if statuses[e.claim.id] is not e.status] == []
