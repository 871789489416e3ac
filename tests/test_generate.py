"""bench/generate.py: synthetic maps of N arguments that argmap reads and checks clean."""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner

import argmap
from argmap.cli import main
from argmap.model import AttackKind

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))
import generate


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("generated")
    generate.main(["--arguments", "200", "--seed", "3", "-o", str(folder / "m.arg"), "--argdown", str(folder / "m.ad")])
    return folder / "m.arg", folder / "m.ad"


def test_the_map_has_the_arguments_asked_for_each_with_two_or_three_premises(generated: tuple[Path, Path]) -> None:
    m = argmap.load(generated[0])
    assert len(m.arguments) == 200
    assert {len(a.premises) for a in m.arguments} == {2, 3}
    assert all(len(a.conclusions) == 1 for a in m.arguments)


def test_about_half_the_arguments_support_another_and_a_quarter_attack_one(generated: tuple[Path, Path]) -> None:
    m = argmap.load(generated[0])
    explicit = [s for s in m.supports if not s.implicit]
    assert 70 <= len(explicit) <= 130
    assert 25 <= len(m.attacks) <= 75
    assert set(Counter(a.kind for a in m.attacks)) == set(AttackKind)


def test_texts_run_from_ten_to_twenty_five_words_with_actors_and_sources(generated: tuple[Path, Path]) -> None:
    m = argmap.load(generated[0])
    assert all(10 <= len(c.text.split()) <= 25 for c in m.claims)
    assert len({r.id for c in m.claims for r in c.actors}) > 5
    assert len({r.id for c in m.claims for r in c.citations}) > 5


def test_the_map_passes_check(generated: tuple[Path, Path]) -> None:
    result = CliRunner().invoke(main, ["check", "--output-format", "concise", str(generated[0])])
    assert result.exit_code == 0, result.output
    assert "[error]" not in result.output


def test_the_argdown_twin_has_one_premise_conclusion_structure_per_argument(generated: tuple[Path, Path]) -> None:
    text = generated[1].read_text(encoding="utf-8")
    assert text.count("\n----\n") == 200
    assert "+> [a" in text and "-> [a" in text and "_> <a" in text


def test_a_large_map_is_written_as_an_index_with_parts_and_loads_whole(tmp_path: Path) -> None:
    generate.main(["--arguments", "50", "--part-size", "20", "-o", str(tmp_path / "big.arg")])
    assert len(list((tmp_path / "big.parts").glob("part-*.arg"))) == 3
    assert len(argmap.load(tmp_path / "big.arg").arguments) == 50


def test_the_same_seed_gives_the_same_map() -> None:
    assert generate.to_arg(generate.build(30, seed=5)) == generate.to_arg(generate.build(30, seed=5))
