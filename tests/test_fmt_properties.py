"""`argmap fmt` on every map there is: the layout says what the map says, keeps its comments, and is its own layout.

Generated maps, mutated seed maps and token soup (the fuzz corpus of
tests/hostile.py), each with comments strewn among its tokens, at several line
lengths; and every `.arg` file in the repository that reads as a map.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import hostile  # tests/hostile.py: the strategies, and the property itself (shared with bench/fuzz.py)
from argmap.errors import MapError
from argmap.read.loader import read_text

ROOT = Path(__file__).resolve().parents[1]
REPOSITORY_MAPS = sorted(
    path for folder in ("maps", "tests") for path in (ROOT / folder).rglob("*.arg") if path.is_file()
)
WIDTHS = st.sampled_from([20, 40, 72, 100, 160])
FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(hostile.with_comments(hostile.generated_maps().map(lambda g: g.text)), WIDTHS)
def test_generated_maps_with_comments_are_laid_out_faithfully(text: str, width: int) -> None:
    assert hostile.formats_faithfully(text, width) is not None


@FAST
@given(hostile.with_comments(st.one_of(hostile.seed_mutants(), hostile.token_soup())), WIDTHS)
def test_mutated_seed_maps_and_token_soup_that_read_as_maps_are_laid_out_faithfully(text: str, width: int) -> None:
    hostile.formats_faithfully(text, width)


@pytest.mark.parametrize("path", REPOSITORY_MAPS, ids=lambda p: str(p.relative_to(ROOT)))
@pytest.mark.parametrize("width", [40, 100])
def test_every_map_in_the_repository_is_laid_out_faithfully(path: Path, width: int) -> None:
    try:
        text = read_text(path)
    except MapError:
        pytest.skip("not text: a fixture of a reading error")
    hostile.formats_faithfully(text, width, str(path))
