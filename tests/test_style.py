"""The look table: every distinction survives greyscale print."""

from __future__ import annotations

import itertools

import pytest

from argmap.draw.style import EDGE_LOOKS, NODE_LOOKS, STATUS_GLYPHS, STATUS_LOOKS, grey_level, with_status
from argmap.model import AttackKind, ClaimKind, Status


def grey_601(colour: str) -> float:
    red, green, blue = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return 0.299 * red + 0.587 * green + 0.114 * blue


@pytest.mark.parametrize("grey", [grey_level, grey_601], ids=["rec709", "rec601"])
def test_the_three_status_fills_differ_by_at_least_40_grey_levels(grey: object) -> None:
    levels = [grey(look["fillcolor"]) for look in STATUS_LOOKS.values()]  # type: ignore[operator]
    assert all(abs(a - b) >= 40 for a, b in itertools.combinations(levels, 2)), levels


def test_each_status_also_has_its_own_border_style_and_glyph() -> None:
    assert len({look["style_add"] for look in STATUS_LOOKS.values()}) == len(Status)
    assert len(set(STATUS_GLYPHS.values())) == len(Status)


def test_a_status_adds_its_border_style_to_the_kinds_shape() -> None:
    look = with_status(NODE_LOOKS[ClaimKind.OBJECTION], Status.UNDEC)
    assert look["shape"] == "octagon" and look["style"] == "filled,dotted"
    assert with_status(NODE_LOOKS[ClaimKind.CLAIM], Status.IN)["style"] == "rounded,filled"


def test_each_attack_differs_from_the_others_in_line_style_and_arrowhead() -> None:
    for a, b in itertools.combinations(AttackKind, 2):
        assert EDGE_LOOKS[a.value]["style"] != EDGE_LOOKS[b.value]["style"]
        assert EDGE_LOOKS[a.value]["arrowhead"] != EDGE_LOOKS[b.value]["arrowhead"]


def test_grey_level_is_rec709_luma() -> None:
    assert grey_level("#ffffff") == pytest.approx(255) and grey_level("#000000") == 0
    assert grey_level("#00ff00") == pytest.approx(0.7152 * 255)
