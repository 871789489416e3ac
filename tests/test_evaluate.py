"""Evaluation: the translation of a map into a framework, and each claim's status with its reason."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from argmap.evaluate import Labelling, NodeKind, evaluate, translate
from argmap.evaluate.framework import grounded, to_apx, to_iccma
from argmap.formats.export import FORMATS
from argmap.model import ArgumentMap, Attack, AttackKind, Claim, Ref, Status, Support
from argmap.read.loader import load
from argmap.read.parser import parse

ROOT = Path(__file__).resolve().parent.parent
IN, OUT, UNDEC = Status.IN, Status.OUT, Status.UNDEC


def statuses(text: str) -> dict[str, Status]:
    return evaluate(parse(text, "t.arg")).statuses


def reason(text: str, claim: str) -> str:
    found = evaluate(parse(text, "t.arg")).claim(claim)
    assert found is not None
    return found.reason


CLAIMS = 'claim a: "A." claim b: "B." claim c: "C." claim d: "D." claim x: "X." claim y: "Y."\n'


# --- the translation ---------------------------------------------------------


def test_a_claim_nothing_supports_or_attacks_is_in() -> None:
    assert statuses('claim a: "A."') == {"a": IN}


def test_a_rebutted_claim_is_out_while_its_attacker_stands() -> None:
    assert statuses(CLAIMS + "x rebuts a") == {"a": OUT, "b": IN, "c": IN, "d": IN, "x": IN, "y": IN}


def test_an_undermined_premise_is_out_like_a_rebutted_claim() -> None:
    assert statuses(CLAIMS + "x undermines a")["a"] is OUT


def test_an_attack_is_answered_when_its_attacker_is_attacked_in_turn() -> None:
    result = statuses(CLAIMS + "x rebuts a\ny rebuts x")
    assert (result["a"], result["x"], result["y"]) == (IN, OUT, IN)


def test_a_linked_conclusion_falls_with_any_one_of_its_premises() -> None:
    result = statuses(CLAIMS + "a and b together support c\nx undermines a")
    assert (result["a"], result["b"], result["c"]) == (OUT, IN, OUT)


def test_a_convergent_conclusion_stands_while_one_premise_stands() -> None:
    result = statuses(CLAIMS + "a, b support c\nx undermines a")
    assert (result["a"], result["c"]) == (OUT, IN)


def test_a_convergent_conclusion_falls_when_every_premise_falls() -> None:
    assert statuses(CLAIMS + "a, b support c\nx undermines a\nx undermines b")["c"] is OUT


def test_a_supported_claim_falls_when_it_is_rebutted_even_though_its_support_stands() -> None:
    result = statuses(CLAIMS + "a supports c\nx rebuts c")
    assert (result["a"], result["c"]) == (IN, OUT)


def test_an_undercut_of_an_argument_drops_its_conclusion_but_not_its_premises() -> None:
    text = 'argument g "G" { premise p: "P." conclusion q: "Q." }\nclaim x: "X." undercuts g'
    assert statuses(text) == {"p": IN, "q": OUT, "x": IN}


def test_an_undercut_of_one_step_leaves_the_other_steps_into_the_conclusion() -> None:
    result = statuses(CLAIMS + "a, b support c\nx undercuts a to c")
    assert result["c"] is IN
    result = statuses(CLAIMS + "a supports c\nb supports d\nx undercuts a to c")
    assert (result["c"], result["d"]) == (OUT, IN)


def test_an_undercut_of_a_claim_hits_every_step_into_it() -> None:
    assert statuses(CLAIMS + "a, b support c\nx undercuts c")["c"] is OUT


def test_a_contradiction_is_a_mutual_attack_that_leaves_both_undecided() -> None:
    result = statuses(CLAIMS + "a contradicts b")
    assert (result["a"], result["b"]) == (UNDEC, UNDEC)


def test_a_contradiction_is_decided_when_one_side_is_attacked() -> None:
    result = statuses(CLAIMS + "a contradicts b\nx rebuts b")
    assert (result["a"], result["b"]) == (IN, OUT)


def test_an_acknowledged_contradiction_still_counts() -> None:
    assert statuses(CLAIMS + 'a contradicts b acknowledged "known"')["a"] is UNDEC


def test_an_argument_name_used_as_an_attacker_stands_for_its_conclusion() -> None:
    text = 'argument g "G" { premise p: "P." conclusion q: "Q." }\nclaim z: "Z."\ng rebuts z'
    assert statuses(text)["z"] is OUT


def test_links_to_unknown_ids_are_left_out_of_the_framework() -> None:
    result = statuses(CLAIMS + "ghost rebuts a\na supports nowhere\nx undercuts nothing")
    assert result["a"] is IN


def test_the_framework_has_one_argument_per_claim_and_step_and_helpers_for_support() -> None:
    translation = translate(parse(CLAIMS + "a and b together support c", "t.arg"))
    kinds = {name: node.kind for name, node in translation.nodes.items()}
    assert kinds["step:a+b->c"] is NodeKind.STEP
    assert kinds["not:a"] is NodeKind.NOT and kinds["unsupported:c"] is NodeKind.UNSUPPORTED
    assert ("not:a", "step:a+b->c") in translation.why and ("unsupported:c", "c") in translation.why


def test_a_conclusion_that_attacks_its_own_premise_leaves_no_stable_extension() -> None:
    evaluation = evaluate(parse(CLAIMS + "a supports b\nb rebuts a", "t.arg"))
    assert evaluation.statuses["a"] is UNDEC and evaluation.statuses["b"] is UNDEC
    assert evaluation.stable.extensions == ()


def test_a_contradiction_gives_two_preferred_extensions_each_claim_credulously_accepted() -> None:
    evaluation = evaluate(parse(CLAIMS + "a contradicts b", "t.arg"))
    claim = evaluation.claim("a")
    assert claim is not None and claim.credulous is True and claim.skeptical is False
    assert set(evaluation.claim_extensions(evaluation.preferred) or ()) == {
        frozenset("bcdxy"),
        frozenset("acdxy"),
    }


# --- reasons -----------------------------------------------------------------


def test_an_out_claim_names_the_attacker_that_is_in() -> None:
    assert reason(CLAIMS + "x rebuts a", "a") == "attacked by x, which is in"


def test_an_undecided_claim_names_the_claims_on_its_cycle() -> None:
    assert reason(CLAIMS + "a contradicts b", "a") == "in a cycle with b"


def test_an_undecided_claim_downstream_of_a_cycle_names_what_it_waits_on() -> None:
    assert reason(CLAIMS + "a contradicts b\nb supports c", "c") == "depends on b, which is undecided"


def test_a_claim_that_attacks_itself_says_so() -> None:
    assert reason(CLAIMS + "a rebuts a", "a") == "attacks itself"


def test_a_conclusion_whose_premise_fell_says_which() -> None:
    text = CLAIMS + "a and b together support c\nx undermines a"
    assert reason(text, "c") == "its support falls: its premise a is out"


def test_a_conclusion_whose_step_is_undercut_names_the_undercutter() -> None:
    assert reason(CLAIMS + "a supports c\nx undercuts c", "c") == "its support falls: undercut by x, which is in"


def test_a_conclusion_with_several_fallen_supports_gives_each_reason() -> None:
    text = CLAIMS + "a, b support c\nx undermines a\ny undercuts b to c"
    assert reason(text, "c") == ("none of its 2 supports stands: its premise a is out; undercut by y, which is in")


def test_an_in_claim_says_what_supports_it_and_which_attackers_are_out() -> None:
    text = CLAIMS + "a supports c\nx rebuts c\ny rebuts x"
    assert reason(text, "c") == "supported by a; its attacker x is out"
    assert reason(text, "y") == "not attacked"


# --- the seed ----------------------------------------------------------------


def _golden() -> dict[str, Status]:
    golden: dict[str, Status] = {}
    for line in (ROOT / "tests/golden/khatami.statuses").read_text(encoding="utf-8").splitlines():
        words = line.split("#", 1)[0].split()
        if words:
            golden[words[0]] = Status(words[1])
    return golden


@pytest.fixture(scope="module")
def seed() -> ArgumentMap:
    path = ROOT / "maps/khatami.arg"
    if not path.exists():
        pytest.skip("the seed map is not there")
    return load(path)


def test_the_seed_statuses_match_the_hand_derived_golden_file(seed: ArgumentMap) -> None:
    assert evaluate(seed).statuses == _golden()


def test_every_expect_line_in_the_seed_agrees_with_the_evaluation(seed: ArgumentMap) -> None:
    computed = evaluate(seed).statuses
    assert [(e.claim.id, e.status) for e in seed.expectations if computed.get(e.claim.id) is not e.status] == []


def test_the_seed_exports_for_solvers_with_every_claim_named(seed: ArgumentMap) -> None:
    iccma = FORMATS["iccma"](seed)
    assert iccma.startswith("p af ")
    named = {line.split()[2] for line in iccma.splitlines() if line.startswith("# ")}
    assert {c.id for c in seed.claims} <= named
    assert "% a1 " in FORMATS["apx"](seed)


# --- size --------------------------------------------------------------------


def synthetic_map(arguments: int) -> ArgumentMap:
    """Arguments of three linked premises; every other one supports an earlier conclusion, every fourth attacks one."""
    claims, supports, attacks = [], [], []
    for n in range(arguments):
        premises = [Ref(f"p{n}_{i}") for i in range(3)]
        claims += [Claim(r.id, "A premise.") for r in premises] + [Claim(f"c{n}", "A conclusion.")]
        supports.append(Support(tuple(premises), Ref(f"c{n}"), linked=True))
        if n and n % 2 == 0:
            supports.append(Support((Ref(f"c{n}"),), Ref(f"c{n // 2}")))
        if n and n % 4 == 1:
            kind = (AttackKind.REBUT, AttackKind.UNDERMINE, AttackKind.UNDERCUT)[n % 3]
            target = f"c{n // 3}" if kind is not AttackKind.UNDERMINE else f"p{n // 3}_0"
            attacks.append(Attack(Ref(f"c{n}"), kind, Ref(target)))
    return ArgumentMap(claims=tuple(claims), supports=tuple(supports), attacks=tuple(attacks))


def test_a_five_thousand_argument_map_is_translated_and_labelled_grounded_in_under_a_second() -> None:
    argument_map = synthetic_map(5000)
    started = time.perf_counter()
    labels = grounded(translate(argument_map).framework)
    elapsed = time.perf_counter() - started
    assert sum(1 for name in labels if not name.startswith(("step:", "not:", "unsupported:"))) == 20_000
    assert elapsed < 1.0, f"{elapsed:.2f}s"


def test_claims_that_only_support_each_other_are_undecided() -> None:
    result = statuses(CLAIMS + "a supports b\nb supports a")
    assert (result["a"], result["b"]) == (UNDEC, UNDEC)
    assert reason('claim a: "A." a supports a', "a") == "in a cycle with itself: it stands only on its own support"


def test_a_conclusion_that_undercuts_its_own_step_attacks_what_it_stands_on() -> None:
    assert reason(CLAIMS + "a supports b\nb undercuts a to b", "b") == (
        "in a cycle with itself: it attacks what it stands on"
    )


def test_each_side_of_many_independent_contradictions_is_accepted_in_some_preferred_extension_only() -> None:
    text = "".join(f'claim a{i}: "A." claim b{i}: "B." a{i} contradicts b{i}\n' for i in range(9))
    evaluation = evaluate(parse(text, "t.arg"))
    assert evaluation.preferred.count == 2**9
    assert {(c.credulous, c.skeptical) for c in evaluation.claims} == {(True, False)}


def test_supports_written_the_same_way_get_numbered_step_names_in_order() -> None:
    translation = translate(parse('claim p: "P." claim c: "C."\n' + "p supports c\n" * 4, "t.arg"))
    assert [name for name, _ in translation.steps] == ["step:p->c", "step:p->c(2)", "step:p->c(3)", "step:p->c(4)"]
    assert len(set(translation.framework.arguments)) == len(translation.framework.arguments)


def test_labels_give_every_argument_of_the_framework_its_grounded_status_helpers_included() -> None:
    argument_map = parse(CLAIMS + "a supports b\nx rebuts a\nc, d together support y\n", "t.arg")
    evaluation = evaluate(argument_map)
    assert dict(evaluation.labels) == grounded(evaluation.translation.framework)
    assert evaluation.labels["not:a"] is IN and "not:zz" not in evaluation.labels


@pytest.mark.parametrize("name", ["iccma", "apx"])
def test_solver_formats_written_from_the_translation_are_the_frameworks_own(name: str) -> None:
    argument_map = parse(CLAIMS + "a supports b\nb supports b\nx rebuts a\nc, d together support y\n", "t.arg")
    own = {"iccma": to_iccma, "apx": to_apx}[name](translate(argument_map).framework)
    assert FORMATS[name](argument_map) == own


def test_an_empty_maps_solver_formats_are_what_they_always_were() -> None:
    assert (FORMATS["iccma"](ArgumentMap()), FORMATS["apx"](ArgumentMap())) == ("p af 0\n", "\n")


def test_grounded_statuses_and_reasons_are_given_without_a_preferred_search(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_search(*args: object) -> None:
        raise AssertionError("the preferred search ran")

    monkeypatch.setattr("argmap.evaluate.labelling._Search", no_search)
    labelling = Labelling(translate(parse(CLAIMS + "x rebuts a\na contradicts b\n", "t.arg")))
    assert labelling.statuses["a"] is OUT and labelling.reason("a") == "attacked by x, which is in"
