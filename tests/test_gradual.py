"""DF-QuAD strengths (Rago, Cyras, Toni, Aurisicchio, Baroni, KR 2016): the functions, examples by hand, the map."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

import argmap
from argmap.cli import main
from argmap.evaluate.gradual import aggregate, combine, dfquad
from argmap.evaluate.likelihood import DEFAULT_BASE, base_score


def strengths(text: str) -> dict[str, float]:
    return dict(dfquad(argmap.parse(text, "m.arg")).strength)


def test_aggregation_is_one_minus_the_product_of_the_complements() -> None:
    assert aggregate([]) == 0.0
    assert aggregate([0.4]) == pytest.approx(0.4)
    # 1 - (1 - 0.5)(1 - 0.5) = 0.75; 1 - 0.6 * 0.7 * 0.8 = 0.664
    assert aggregate([0.5, 0.5]) == pytest.approx(0.75)
    assert aggregate([0.4, 0.3, 0.2]) == pytest.approx(0.664)
    assert aggregate([0.3, 1.0]) == 1.0


@pytest.mark.parametrize(
    ("base", "attack", "support", "expected"),
    [
        (0.5, 0.0, 0.0, 0.5),  # nothing for, nothing against: the base score
        (0.5, 0.6, 0.6, 0.5),  # as much for as against
        (0.8, 0.5, 0.0, 0.4),  # 0.8 - 0.8 * 0.5
        (0.8, 0.5, 0.25, 0.6),  # 0.8 - 0.8 * (0.5 - 0.25)
        (0.4, 0.0, 0.5, 0.7),  # 0.4 + 0.6 * 0.5
        (0.4, 0.2, 0.7, 0.7),  # 0.4 + 0.6 * (0.7 - 0.2)
        (0.7, 1.0, 0.0, 0.0),  # an attack at full strength and no support: nothing left
        (0.3, 0.0, 1.0, 1.0),  # full support and no attack: certain
    ],
)
def test_combination_moves_the_base_score_by_the_difference(
    base: float, attack: float, support: float, expected: float
) -> None:
    assert combine(base, attack, support) == pytest.approx(expected)


def test_a_worked_tree_by_hand() -> None:
    # e attacks b (e: 0.6 unattacked); c and d each support a; b attacks a.
    #   b = 0.5 - 0.5 * 0.6 = 0.2
    #   support into a: 1 - (1 - 0.8)(1 - 0.5) = 0.9; attack: 0.2
    #   a = 0.4 + 0.6 * (0.9 - 0.2) = 0.82
    found = strengths(
        'claim a: "A." probability 40%\n'
        'claim b: "B."\n'
        'claim c: "C." probability 80%\n'
        'claim d: "D."\n'
        'claim e: "E." probability 60%\n'
        "c supports a\nd supports a\nb rebuts a\ne rebuts b\n"
    )
    assert found == pytest.approx({"a": 0.82, "b": 0.2, "c": 0.8, "d": 0.5, "e": 0.6})


def test_a_linked_step_is_as_strong_as_its_weakest_premise_less_what_undercuts_it() -> None:
    # step from p and q (linked): min(0.9, 0.6) = 0.6; undercut by u (0.5): 0.6 * (1 - 0.5) = 0.3
    # c = 0.5 + 0.5 * 0.3 = 0.65
    found = strengths(
        'claim p: "P." probability 90%\nclaim q: "Q." probability 60%\nclaim c: "C."\nclaim u: "U."\n'
        "p and q together support c\nu undercuts p to c\n"
    )
    assert found["c"] == pytest.approx(0.65)


def test_a_contradiction_settles_where_each_side_equals_its_base_less_the_other() -> None:
    # x = 0.5 - 0.5 * y and y = 0.5 - 0.5 * x: x = y = 1/3, found by iterating.
    result = dfquad(argmap.parse('claim x: "X."\nclaim y: "Y."\nx contradicts y\n', "m.arg"))
    assert result.converged and result.rounds > 1
    assert result.strength == pytest.approx({"x": 1 / 3, "y": 1 / 3})


@pytest.mark.parametrize(
    ("details", "expected"),
    [("probability 70%", 0.7), ('likelihood "likely"', 0.675), ('likelihood "remote"', 0.03), ("", DEFAULT_BASE)],
)
def test_base_scores_come_from_the_probability_else_the_middle_of_the_term(details: str, expected: float) -> None:
    (claim,) = argmap.parse(f'claim a: "A." {details}\n', "m.arg").claims
    assert base_score(claim) == pytest.approx(expected)


def test_withdrawing_a_claim_takes_its_links_with_it() -> None:
    amap = argmap.parse('claim a: "A."\nclaim b: "B." probability 100%\nb rebuts a\n', "m.arg")
    assert dfquad(amap).strength["a"] == 0.0
    assert dfquad(amap, withdrawn=["b"]).strength == {"a": 0.5}


def test_every_strength_of_the_seed_lies_in_the_unit_interval() -> None:
    result = dfquad(argmap.load("maps/khatami.arg"))
    assert result.converged
    assert all(0.0 <= value <= 1.0 for value in result.strength.values())
    # The observers' figure: the step from signing_this_summer (0.7) is undercut by if_believed (0.5).
    assert result.strength["worth_7bn"] == pytest.approx(0.5 + 0.5 * 0.7 * 0.5)


def test_eval_semantics_dfquad_prints_each_claims_strength() -> None:
    table = CliRunner().invoke(main, ["eval", "--semantics", "dfquad", "maps/khatami.arg"])
    assert table.exit_code == 0, table.output
    assert "worth_7bn" in table.output and "0.675" in table.output
    data = json.loads(
        CliRunner().invoke(main, ["eval", "--semantics", "dfquad", "-f", "json", "maps/khatami.arg"]).output
    )
    assert data["semantics"] == "dfquad" and data["converged"] is True
    assert {c["id"]: c["strength"] for c in data["claims"]}["worth_7bn"] == pytest.approx(0.675)


def test_render_strengths_shows_each_claims_strength_in_its_header(tmp_path: Path) -> None:
    out = tmp_path / "k.dot"
    result = CliRunner().invoke(main, ["render", "maps/khatami.arg", "--status", "--strengths", "-o", str(out)])
    assert result.exit_code == 0, result.output
    dot = out.read_text(encoding="utf-8")
    assert "worth_7bn · ✗ DEFEATED · strength 0.68" in dot
    assert dot.count(" · strength ") == len(argmap.load("maps/khatami.arg").claims)
