"""What says nothing says nothing: `diff(a, a)`, a map and its reformatted copy, a map and its copy split otherwise.

Maps generated from the grammar (tests/hostile.py) and the synthetic maps of
bench/generate.py, each compared with itself as it is, laid out by `fmt` at
several widths, and written as one file or as an index of parts.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import hostile  # tests/hostile.py: maps generated from the grammar
from argmap.edit import format_text
from argmap.read.loader import load
from argmap.read.parser import parse
from argmap.review import compare, diff_maps

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))
import generate

MAPS = Path(__file__).resolve().parents[1] / "maps"
SOME = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
FEW = settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SOME
@given(hostile.generated_maps())
def test_a_generated_map_compared_with_itself_says_nothing(generated: hostile.Generated) -> None:
    amap = parse(generated.text, "a.arg")
    assert diff_maps(amap, amap).empty
    assert diff_maps(amap, parse(generated.text, "b.arg")).empty  # the same text in another file


@FEW
@given(hostile.generated_maps())
def test_a_generated_map_compared_with_itself_changes_no_status_and_no_finding(generated: hostile.Generated) -> None:
    review = compare(parse(generated.text, "a.arg"), parse(generated.text, "a.arg"))
    assert not review.changed


@SOME
@given(hostile.with_comments(hostile.generated_maps().map(lambda g: g.text)), st.sampled_from([20, 40, 72, 100]))
def test_a_generated_map_and_its_reformatted_copy_say_nothing(text: str, width: int) -> None:
    formatted = format_text(text, "a.arg", width)
    assert diff_maps(parse(text, "a.arg"), parse(formatted, "a.arg")).empty


@FEW
@given(st.integers(1, 40), st.integers(0, 10_000), st.integers(1, 12))
def test_a_map_and_its_copy_split_into_parts_say_nothing(
    tmp_path_factory: pytest.TempPathFactory, count: int, seed: int, part: int
) -> None:
    folder = tmp_path_factory.mktemp("split")
    arguments = generate.build(count, seed)
    whole = folder / "whole.arg"
    whole.write_text(generate.to_arg(arguments), encoding="utf-8")
    for name, text in generate.to_arg_parts(arguments, part, "parts").items():
        path = folder / (name or "index.arg")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    review = compare(load(whole), load(folder / "index.arg"))
    assert not review.changed, review


def test_the_seed_map_and_its_copy_in_one_file_say_nothing(tmp_path: Path) -> None:
    """The seed's twelve files merged into one (includes dropped, sources' paths kept right)."""
    shutil.copytree(MAPS.parent / "seeds", tmp_path / "seeds")
    (tmp_path / "maps").mkdir()
    (tmp_path / "argmap.toml").write_text("", encoding="utf-8")
    merged = []
    for path in sorted(MAPS.glob("*.arg")):
        lines = path.read_text(encoding="utf-8").splitlines()
        merged += [line for line in lines if not line.startswith("include ")]
    (tmp_path / "maps" / "one.arg").write_text("\n".join(merged) + "\n", encoding="utf-8")
    review = compare(load(MAPS / "khatami.arg"), load(tmp_path / "maps" / "one.arg"))
    assert not review.changed, review


def test_the_seed_map_reformatted_at_each_width_says_nothing(tmp_path: Path) -> None:
    shutil.copytree(MAPS, tmp_path / "maps")
    shutil.copytree(MAPS.parent / "seeds", tmp_path / "seeds")
    (tmp_path / "argmap.toml").write_text("", encoding="utf-8")
    for width in (30, 60):
        for path in (tmp_path / "maps").glob("*.arg"):
            path.write_text(format_text(path.read_text(encoding="utf-8"), str(path), width), encoding="utf-8")
        review = compare(load(MAPS / "khatami.arg"), load(tmp_path / "maps" / "khatami.arg"))
        assert not review.changed, (width, review)
