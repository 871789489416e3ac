"""The ACH matrix (argmap.evaluate.ach): how each cell is derived, the overrides, the scores, the sensitivity.

Each derivation rule of docs/ach.md has a test on a map of a few claims; the
scores are checked on a hand-worked example after Heuer's chapter 8.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import argmap
from argmap.evaluate.ach import (
    MAX_DEPTH,
    MAX_HYPOTHESES,
    Cell,
    Matrix,
    TooManyHypotheses,
    derive,
    derive_all,
    weight_of,
)
from argmap.read.loader import load

HERE = Path(__file__).parent
HEUER = HERE / "ach" / "heuer.arg"

TWO = """
claim h1: "The first answer."
claim h2: "The second answer."
hypotheses q "Which?" { h1, h2 }
"""


def matrix_of(text: str, set_id: str = "q") -> Matrix:
    m = argmap.parse(TWO + text, "map.arg")
    (found,) = [s for s in m.hypotheses if s.id == set_id]
    return derive(m, found)


def cells(matrix: Matrix) -> dict[str, tuple[str, ...]]:
    """Each row's cells, as written in the table (an override with its `*`)."""
    return {row.evidence: tuple(c.cell.value + ("*" if c.overridden else "") for c in row.cells) for row in matrix.rows}


# --- the chains, one kind at a time ------------------------------------------------------


def test_a_direct_support_is_consistent_and_leaves_the_rival_not_applicable() -> None:
    assert cells(matrix_of('claim e: "E." supports h1\n')) == {"e": ("C", "N")}


@pytest.mark.parametrize("verb", ["rebuts", "undermines", "contradicts"])
def test_a_direct_attack_or_contradiction_is_inconsistent(verb: str) -> None:
    assert cells(matrix_of(f'claim e: "E."\ne {verb} h2\n')) == {"e": ("N", "I")}


def test_a_contradiction_written_from_the_hypothesis_bears_on_it_too() -> None:
    assert cells(matrix_of('claim e: "E."\nh1 contradicts e\n')) == {"e": ("I", "N")}


def test_an_undercut_of_the_step_into_a_hypothesis_is_inconsistent_with_it_not_with_the_premise() -> None:
    found = cells(matrix_of('claim p: "P." supports h1\nclaim doubt: "D." undercuts p to h1\n'))
    assert found == {"p": ("C", "N"), "doubt": ("I", "N")}


def test_an_undercut_of_an_argument_bears_on_its_conclusion() -> None:
    found = cells(matrix_of('argument g "G" { premise p: "P."\n conclusion h1 }\nclaim doubt: "D." undercuts g\n'))
    assert found == {"p": ("C", "N"), "doubt": ("I", "N")}


def test_a_support_of_a_support_is_consistent() -> None:
    found = cells(matrix_of('claim p: "P." supports h1\nclaim e: "E." supports p\n'))
    assert found["e"] == ("C", "N")


def test_an_attack_on_a_supporter_is_inconsistent() -> None:
    found = cells(matrix_of('claim p: "P." supports h1\nclaim e: "E." rebuts p\n'))
    assert found["e"] == ("I", "N")


def test_a_support_of_an_attacker_is_inconsistent() -> None:
    found = cells(matrix_of('claim x: "X." rebuts h1\nclaim e: "E." supports x\n'))
    assert found["e"] == ("I", "N")


def test_an_attack_on_an_attacker_is_consistent() -> None:
    found = cells(matrix_of('claim x: "X." rebuts h1\nclaim e: "E." rebuts x\n'))
    assert found == {"x": ("I", "N"), "e": ("C", "N")}


def test_chains_reach_as_far_as_max_depth_and_no_further() -> None:
    # e3 -> e2 -> e1 -> h1 is three links; e4 is a fourth away.
    text = "".join(f'claim e{n}: "E{n}." supports {"h1" if n == 1 else f"e{n - 1}"}\n' for n in range(1, 5))
    found = cells(matrix_of(text))
    assert MAX_DEPTH == 3
    assert set(found) == {"e1", "e2", "e3"}


def test_the_shortest_chain_decides_the_cell() -> None:
    # e supports h1 directly, and attacks a supporter of h1 two links away.
    found = cells(matrix_of('claim p: "P." supports h1\nclaim e: "E." supports h1\ne rebuts p\n'))
    assert found["e"] == ("C", "N")


def test_shortest_chains_of_both_signs_leave_the_cell_not_applicable_and_say_why() -> None:
    m = matrix_of('claim p: "P." supports h1\nclaim x: "X." rebuts h1\nclaim e: "E." supports p supports x\n')
    (row,) = [r for r in m.rows if r.evidence == "e"]
    assert row.cells[0].cell is Cell.N
    assert row.cells[0].reason.startswith("mixed: consistent through e supports p")


def test_a_chain_does_not_pass_through_a_rival_hypothesis() -> None:
    # e supports h2, which rebuts h1: e bears on h2, and on h1 only through its rival.
    assert cells(matrix_of('claim e: "E." supports h2\nh2 rebuts h1\n')) == {"e": ("N", "C")}


def test_a_hypothesis_is_never_a_row_of_its_own_set() -> None:
    assert "h2" not in cells(matrix_of("h2 rebuts h1\n"))


def test_an_argument_named_as_attacker_stands_for_its_conclusion() -> None:
    found = cells(matrix_of('argument g "G" { premise p: "P."\n conclusion c: "C." }\ng rebuts h2\n'))
    assert found == {"c": ("N", "I"), "p": ("N", "I")}


# --- strong cells -----------------------------------------------------------------------


@pytest.mark.parametrize("likelihood", ['likelihood "very likely"', 'likelihood "almost certain"', "probability 80%"])
def test_highly_likely_evidence_makes_a_direct_link_strong(likelihood: str) -> None:
    found = cells(matrix_of(f'claim e: "E." {likelihood} supports h1 rebuts h2\n'))
    assert found["e"] == ("CC", "II")


def test_likely_evidence_does_not_make_a_link_strong() -> None:
    found = cells(matrix_of('claim e: "E." likelihood "likely" probability 79% supports h1\n'))
    assert found["e"] == ("C", "N")


def test_a_likely_link_two_links_away_is_not_strong() -> None:
    found = cells(matrix_of('claim p: "P." supports h1\nclaim e: "E." probability 90% supports p\n'))
    assert found["e"] == ("C", "N")


def test_an_attack_on_a_linked_premise_is_strongly_inconsistent() -> None:
    text = 'claim p: "P."\nclaim q: "Q."\np and q together support h1\nclaim e: "E." undermines p\n'
    m = matrix_of(text)
    assert cells(m)["e"] == ("II", "N")
    (row,) = [r for r in m.rows if r.evidence == "e"]
    assert "linked" in row.cells[0].reason


def test_an_undercut_of_a_linked_premise_is_not_made_strong() -> None:
    text = 'claim p: "P."\nclaim q: "Q."\np and q together support h1\nclaim e: "E." undercuts p to h1\n'
    assert cells(matrix_of(text))["e"] == ("I", "N")


# --- overrides ---------------------------------------------------------------------------


def test_an_override_sets_the_cell_and_is_shown_as_such() -> None:
    m = matrix_of('claim e: "E." supports h1\nach h2 e II "E rules the second answer out."\n')
    assert cells(m) == {"e": ("C", "II*")}
    (row,) = m.rows
    assert (
        row.cells[1].override is not None
        and row.cells[1].reason == "set by the analyst: E rules the second answer out."
    )


def test_an_override_replaces_a_derived_cell() -> None:
    assert cells(matrix_of('claim e: "E." supports h1\nach h1 e N "Beside the point."\n')) == {"e": ("N*", "N")}


def test_an_override_adds_a_row_for_evidence_no_chain_reaches() -> None:
    assert cells(matrix_of('claim e: "E."\nach h1 e I "It tells against."\n')) == {"e": ("I*", "N")}


def test_an_override_off_the_matrix_is_left_out() -> None:
    # The checks report these (AM111); the matrix ignores them.
    m = matrix_of('claim e: "E."\nclaim x: "X."\nach x e I "x is no hypothesis"\nach h1 nothing I "no claim"\n')
    assert m.rows == ()


# --- weights and scores --------------------------------------------------------------------


def test_weight_is_credibility_times_the_best_reliability_quoted_or_cited() -> None:
    m = argmap.parse(
        'source a "A" reliability A\nsource d "D" reliability D\n'
        'claim e: "E." quote d "E." cite a credibility 2\nclaim f: "F." cite d\nclaim g: "G."\n',
        "map.arg",
    )
    reliability = {s.id: s.reliability for s in m.sources}
    e, f, g = (m.claims_by_id()[i] for i in ("e", "f", "g"))
    assert weight_of(e, reliability) == pytest.approx(1.25 * 1.5)
    assert weight_of(f, reliability) == pytest.approx(0.75)
    assert weight_of(g, reliability) == 1.0


def test_the_score_is_the_weighted_sum_of_inconsistencies_and_the_least_ranks_first() -> None:
    m = matrix_of(
        'source b "B" reliability B\n'
        'claim e: "E." cite b credibility 1 rebuts h1\n'  # weight 1.5 * 1.25
        'claim f: "F." probability 90% rebuts h2\n'  # II, weight 1
        'claim g: "G." rebuts h2\n'  # I, weight 1
    )
    scores = {s.hypothesis: (s.inconsistency, s.rank) for s in m.scores}
    assert scores == {"h1": (1.875, 1), "h2": (3.0, 2)}
    assert m.ranking == (("h1",), ("h2",))


def test_hypotheses_that_tie_share_a_rank() -> None:
    m = matrix_of('claim e: "E." rebuts h1\nclaim f: "F." rebuts h2\n')
    assert [s.rank for s in m.scores] == [1, 1]
    assert m.ranking == (("h1", "h2"),)


def test_evidence_equally_inconsistent_with_every_hypothesis_is_not_diagnostic() -> None:
    m = matrix_of('claim e: "E." rebuts h1 rebuts h2\nclaim f: "F." supports h1\nclaim g: "G." rebuts h1\n')
    diagnostic = {row.evidence: row.diagnosticity for row in m.rows}
    assert diagnostic == {"e": 0.0, "f": 0.0, "g": 1.0}


def test_sensitivity_names_the_evidence_whose_removal_changes_the_ranking() -> None:
    m = matrix_of('claim e: "E." rebuts h2\nclaim f: "F." rebuts h1\nclaim g: "G." rebuts h1\n')
    # h2 1, h1 2: without f or without g they tie; without e, h2 leads alone by more.
    assert [(s.evidence, s.ranking, s.changes_top) for s in m.sensitivity] == [
        ("f", (("h1", "h2"),), True),
        ("g", (("h1", "h2"),), True),
    ]
    assert [s.evidence for s in m.decisive] == ["f", "g"]


# --- Heuer's example ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def heuer() -> Matrix:
    (matrix,) = derive_all(load(HEUER))
    return matrix


def test_heuer_cells_are_derived_from_the_links_with_the_one_cell_the_analyst_set(heuer: Matrix) -> None:
    # tests/ach/heuer.arg: after Heuer, Psychology of Intelligence Analysis (1999), chapter 8, the Iraqi
    # retaliation example (hypotheses: no retaliation, minor terrorist actions, a major attack).
    assert heuer.hypotheses == ("no_retaliation", "minor_terrorism", "major_attack")
    assert cells(heuer) == {
        "statement": ("C", "C", "C"),
        "gulf_war": ("C", "C", "I"),
        "no_provocation": ("C", "C", "I"),
        "radio": ("I", "C", "C"),
        "embassies": ("I", "C", "C"),
        "loss_of_face": ("II*", "C", "C"),
    }


def test_heuer_scores_by_hand(heuer: Matrix) -> None:
    # Worked by hand, every weight 1 (the example grades nothing): no retaliation has I, I, II = 1 + 1 + 2;
    # minor terrorist actions nothing inconsistent; a major attack I, I = 2. As in the book, the hypothesis
    # with the least evidence against it, minor terrorism, comes first.
    scores = {s.hypothesis: (s.inconsistency, s.rank, s.consistent, s.inconsistent) for s in heuer.scores}
    assert scores == {
        "no_retaliation": (4.0, 3, 3, 3),
        "minor_terrorism": (0.0, 1, 6, 0),
        "major_attack": (2.0, 2, 4, 2),
    }
    assert heuer.top == ("minor_terrorism",)


def test_heuer_the_statement_consistent_with_everything_is_not_diagnostic(heuer: Matrix) -> None:
    # Heuer: Saddam's public statement is consistent with every hypothesis, so it has no diagnostic value.
    assert [row.evidence for row in heuer.rows if not row.diagnostic] == ["statement"]
    assert {row.evidence: row.diagnosticity for row in heuer.rows}["loss_of_face"] == 2.0


def test_heuer_only_the_loss_of_face_changes_the_ranking_and_not_its_first_place(heuer: Matrix) -> None:
    # Without it, no retaliation scores 2 and ties with a major attack; minor terrorism still leads.
    assert [(s.evidence, s.ranking, s.changes_top) for s in heuer.sensitivity] == [
        ("loss_of_face", (("minor_terrorism",), ("no_retaliation", "major_attack")), False)
    ]
    assert heuer.decisive == ()


# --- the seed -----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def seed() -> Matrix:
    (matrix,) = derive_all(load(HERE.parent / "maps" / "khatami.arg"))
    return matrix


def test_the_seed_asks_what_the_visit_achieved(seed: Matrix) -> None:
    assert seed.set.id == "visit_outcome"
    assert seed.hypotheses == ("expected_partnership", "cooperation_grows", "key_issues_unresolved", "outplayed_moscow")


def test_the_seed_derives_the_accord_against_the_partnership_through_not_fulfilled(seed: Matrix) -> None:
    row = next(r for r in seed.rows if r.evidence == "standard_accord")
    assert [c.cell.value for c in row.cells] == ["I", "N", "C", "N"]
    assert row.cells[0].reason == "standard_accord supports not_fulfilled, which rebuts expected_partnership"


def test_the_seed_us_opposition_tells_against_more_cooperation_through_an_undercut(seed: Matrix) -> None:
    row = next(r for r in seed.rows if r.evidence == "powell_warning")
    assert row.cells[1].cell is Cell.I
    assert [link.verb for link in row.cells[1].chain] == ["supports", "supports", "undercuts"]
    assert row.weight == pytest.approx(1.5 * 1.25)  # credibility 1, the Monitor graded B


def test_the_seed_ranks_the_unresolved_issues_and_felgenhauer_first(seed: Matrix) -> None:
    assert seed.top == ("key_issues_unresolved", "outplayed_moscow")
    assert [o for o in seed.rows if any(c.overridden for c in o.cells)] != []


def test_sets_with_a_repeated_id_give_one_matrix_the_first() -> None:
    m = argmap.parse(TWO + 'hypotheses q "Again?" { h2, h1 }\n', "map.arg")
    (only,) = derive_all(m)
    assert only.set.question == "Which?"


def test_a_member_that_is_not_a_claim_is_left_out_of_the_columns() -> None:
    m = argmap.parse(TWO + 'hypotheses r "R?" { h1, nothing, h1, h2 }\n', "map.arg")
    assert derive(m, m.hypotheses[1]).hypotheses == ("h1", "h2")


def test_a_set_of_more_than_max_hypotheses_claims_has_no_matrix() -> None:
    count = MAX_HYPOTHESES + 1
    text = "".join(f'claim h{n}: "H{n}."\n' for n in range(count))
    text += 'hypotheses many "Which?" { ' + ", ".join(f"h{n}" for n in range(count)) + " }\n"
    m = argmap.parse(text, "map.arg")
    with pytest.raises(TooManyHypotheses, match="holds 101 claims; a matrix compares at most 100"):
        derive(m, m.hypotheses[0])
