"""Weighed attacks: preferences from Admiralty grades, checked against python-argumentation's ASPIC+."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from click.testing import CliRunner

import argmap
from argmap.cli import main
from argmap.evaluate import evaluate
from argmap.evaluate.preferences import Grade, defeats, evaluate_weighed, grades
from argmap.model import Status

RELIABILITY = "ABCDEF"


def test_a_grade_is_preferred_when_no_worse_on_either_scale_and_better_on_one() -> None:
    assert Grade("B", 2).better_than(Grade("C", 3))
    assert Grade("B", 2).better_than(Grade("B", 3))
    assert not Grade("B", 3).better_than(Grade("C", 2))  # not comparable: the attack stands
    assert not Grade("C", 2).better_than(Grade("B", 3))
    assert not Grade("B", 2).better_than(Grade("B", 2))


def test_the_seed_with_grades_spares_the_critics_premise_and_names_the_preference() -> None:
    amap = argmap.load("maps/khatami.arg")
    plain = evaluate(amap).statuses
    weighed, spared = evaluate_weighed(amap)
    assert plain["hardliners"] is Status.OUT and plain["turned_against"] is Status.OUT
    assert weighed.statuses["hardliners"] is Status.IN and weighed.statuses["turned_against"] is Status.IN
    reason = weighed.claim("hardliners").reason  # type: ignore[union-attr]
    assert reason == "attacked by defensive, but hardliners is preferred: B2 over B3"
    assert [(s.attacker, s.target) for s in spared] == [("defensive", "hardliners")]


def test_weakest_link_takes_the_worst_grade_of_what_supports_a_claim() -> None:
    text = (
        'source a "A" reliability A\nsource c "C" reliability C\n'
        'claim p: "P." cite c credibility 4\nclaim q: "Q." cite a credibility 1\nclaim x: "X." cite a credibility 2\n'
        "p supports q\nx rebuts q\n"
    )
    amap = argmap.parse(text, "m.arg")
    assert grades(amap, "last")["q"] == Grade("A", 1)
    assert grades(amap, "weakest")["q"] == Grade("C", 4)
    assert evaluate_weighed(amap, "last")[0].statuses["q"] is Status.IN  # A1 over A2: spared
    assert evaluate_weighed(amap, "weakest")[0].statuses["q"] is Status.OUT  # C4 against A2: defeated


def test_an_undercut_is_never_weighed_and_a_contradiction_keeps_only_the_preferred_sides_attack() -> None:
    text = (
        'source a "A" reliability A\nsource e "E" reliability E\n'
        'claim p: "P." cite a credibility 1\nclaim c: "C." cite a credibility 1\nclaim u: "U." cite e credibility 5\n'
        'claim y: "Y." cite e credibility 5\n'
        "p supports c\nu undercuts p to c\nc contradicts y\n"
    )
    weighed, spared = defeats(argmap.parse(text, "m.arg"))
    assert [a.kind.value for a in weighed.attacks] == ["undercut", "rebut"]
    assert (weighed.attacks[1].attacker.id, weighed.attacks[1].target.id) == ("c", "y")
    assert [(s.attacker, s.target) for s in spared] == [("y", "c")]


def test_eval_preferences_grades_prints_the_reason() -> None:
    result = CliRunner().invoke(main, ["eval", "maps/khatami.arg", "--preferences", "grades"])
    assert result.exit_code == 0, result.output
    assert "hardliners is preferred: B2 over B3" in result.output


# --- the cross-check ----------------------------------------------------------------------


def _theory(rng: random.Random) -> tuple[int, list[tuple[int, int]], list[Grade]]:
    size = rng.randint(2, 7)
    pairs = [(i, j) for i in range(size) for j in range(size) if i != j]
    attacks = rng.sample(pairs, rng.randint(1, min(len(pairs), 2 * size)))
    graded = [Grade(rng.choice("ABC"), rng.randint(1, 3)) for _ in range(size)]
    return size, attacks, graded


def _ours(size: int, attacks: list[tuple[int, int]], graded: list[Grade]) -> set[int]:
    lines = [f'source s{r} "S{r}" reliability {r}' for r in RELIABILITY]
    lines += [f'claim x{i}: "X{i}." cite s{g.reliability} credibility {g.credibility}' for i, g in enumerate(graded)]
    # Attacks both ways between two claims are written as a contradiction, as an analyst would: each
    # direction is still weighed on its own.
    both = {(i, j) for i, j in attacks if (j, i) in attacks and i < j}
    lines += [f"x{i} contradicts x{j}" for i, j in sorted(both)]
    lines += [f"x{i} undermines x{j}" for i, j in attacks if (min(i, j), max(i, j)) not in both]
    evaluation, _ = evaluate_weighed(argmap.parse("\n".join(lines) + "\n", "m.arg"))
    return {i for i in range(size) if evaluation.statuses[f"x{i}"] is Status.IN}


def _aspic(size: int, attacks: list[tuple[int, int]], graded: list[Grade]) -> set[int]:
    aspic = pytest.importorskip("py_arg.aspic_classes.argumentation_theory")
    from py_arg.algorithms.semantics.get_grounded_extension import get_grounded_extension
    from py_arg.aspic_classes.argumentation_system import ArgumentationSystem
    from py_arg.aspic_classes.literal import Literal
    from py_arg.aspic_classes.orderings.argument_orderings.last_link_ordering import LastLinkElitistOrdering
    from py_arg.aspic_classes.orderings.preference_preorder import PreferencePreorder
    from py_arg.aspic_classes.strict_rule import StrictRule

    # x_i attacks x_j: a strict rule from x_i to n_ij, and n_ij and x_j contradict each other (a contrary
    # would win whatever the preferences; a contradictory is weighed). Nothing can rebut a strict rule's
    # conclusion, so the attack runs one way, as in the map.
    language = {f"x{i}": Literal(f"x{i}") for i in range(size)}
    language.update({f"n{i}_{j}": Literal(f"n{i}_{j}") for i, j in attacks})
    contraries: dict[str, set[Literal]] = {name: set() for name in language}
    rules = []
    for i, j in attacks:
        contraries[f"x{j}"].add(language[f"n{i}_{j}"])
        contraries[f"n{i}_{j}"].add(language[f"x{j}"])
        rules.append(StrictRule(f"s{i}_{j}", {language[f"x{i}"]}, language[f"n{i}_{j}"]))
    system = ArgumentationSystem(language, contraries, rules, [])
    premises = [language[f"x{i}"] for i in range(size)]
    # weaker(a, b): a == b, or b's grade strictly preferred to a's.
    order = [
        (language[f"x{a}"], language[f"x{b}"])
        for a in range(size)
        for b in range(size)
        if a == b or graded[b].better_than(graded[a])
    ]
    theory = aspic.ArgumentationTheory(system, [], premises, PreferencePreorder(order))
    ordering = LastLinkElitistOrdering(system.rule_preferences, theory.ordinary_premise_preferences)
    framework = theory.create_abstract_argumentation_framework("t", ordering)
    grounded = get_grounded_extension(framework)
    return {int(str(a.conclusion)[1:]) for a in grounded if str(a.conclusion).startswith("x")}


def test_defeats_and_grounded_agree_with_python_argumentations_aspic_on_1000_theories() -> None:
    rng = random.Random(203)
    mismatches = []
    for number in range(1000):
        size, attacks, graded = _theory(rng)
        ours, theirs = _ours(size, attacks, graded), _aspic(size, attacks, graded)
        if ours != theirs:
            mismatches.append((number, size, attacks, [str(g) for g in graded], ours, theirs))
    assert mismatches == []


def test_render_status_with_grades_draws_the_defeats(tmp_path: Path) -> None:
    plain, weighed = tmp_path / "plain.dot", tmp_path / "weighed.dot"
    runner = CliRunner()
    assert runner.invoke(main, ["render", "maps/khatami.arg", "--status", "-o", str(plain)]).exit_code == 0
    args = ["render", "maps/khatami.arg", "--status", "--preferences", "grades", "-o", str(weighed)]
    assert runner.invoke(main, args).exit_code == 0
    assert "PREMISE · hardliners · ✗ DEFEATED" in plain.read_text(encoding="utf-8")
    assert "PREMISE · hardliners · ✓ ACCEPTED" in weighed.read_text(encoding="utf-8")


# --- the map's own `prefer` lines -------------------------------------------------------------

PREFERRED = """
source nyt "The New York Times" reliability B
source segodnya "Segodnya" reliability C
claim warning: "The weapons could be turned against Russia." cite segodnya
claim assurance: "The weapons are purely defensive." cite nyt
assurance undermines warning
"""


@pytest.mark.parametrize("reader", ["fast", "lark"])
def test_both_readers_read_a_preference(reader: str, monkeypatch: pytest.MonkeyPatch) -> None:
    if reader == "lark":
        monkeypatch.setenv("ARGMAP_READER", "lark")
    amap = argmap.parse(PREFERRED + "prefer warning over assurance\n", "m.arg")
    ((better, worse),) = [(p.better.id, p.worse.id) for p in amap.preferences]
    assert (better, worse) == ("warning", "assurance")
    assert amap.preferences[0].span.line == 7


def test_a_claim_preferred_in_the_map_is_not_defeated_and_the_reason_quotes_the_line() -> None:
    amap = argmap.parse(PREFERRED + "prefer warning over assurance\n", "m.arg")
    evaluation, _ = evaluate_weighed(amap, use_grades=False)
    assert evaluation.statuses["warning"] is Status.IN
    assert (
        evaluation.claim("warning").reason
        == "attacked by assurance, but warning is preferred: prefer warning over assurance"
    )  # type: ignore[union-attr]
    # Without the line, the grades (C against B) let the assurance defeat the warning.
    assert evaluate_weighed(argmap.parse(PREFERRED, "m.arg"))[0].statuses["warning"] is Status.OUT


def test_a_preference_between_sources_carries_to_their_claims_and_overrules_the_grades() -> None:
    amap = argmap.parse(PREFERRED + "prefer segodnya over nyt\n", "m.arg")
    evaluation, spared = evaluate_weighed(amap)
    assert evaluation.statuses["warning"] is Status.IN
    assert [s.why for s in spared] == ["source segodnya over nyt"]


def test_preferences_are_transitive() -> None:
    text = 'claim a: "A."\nclaim b: "B."\nclaim c: "C."\nc rebuts a\nprefer a over b\nprefer b over c\n'
    evaluation, _ = evaluate_weighed(argmap.parse(text, "m.arg"), use_grades=False)
    assert evaluation.statuses["a"] is Status.IN


def test_eval_weighs_the_maps_own_lines_by_default_and_not_with_none(tmp_path: Path) -> None:
    path = tmp_path / "m.arg"
    path.write_text(PREFERRED.lstrip() + "prefer warning over assurance\n", encoding="utf-8")
    weighed = CliRunner().invoke(main, ["eval", str(path)])
    plain = CliRunner().invoke(main, ["eval", str(path), "--preferences", "none"])
    assert "warning is preferred: prefer warning over assurance" in weighed.output
    assert "attacked by assurance, which is in" in plain.output
    laid_out = CliRunner().invoke(main, ["fmt", "-"], input=path.read_text(encoding="utf-8"))
    assert laid_out.exit_code == 0 and laid_out.stdout.endswith("\nprefer warning over assurance\n")
