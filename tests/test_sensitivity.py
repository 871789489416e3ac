"""Linchpins (`argmap eval --sensitivity`): what a conclusion hangs on, worked out on the cone of each withdrawal."""

from __future__ import annotations

import json
import random
import sys
from pathlib import Path

import attrs
import pytest
from click.testing import CliRunner

import argmap
from argmap.cli import main
from argmap.evaluate import evaluate
from argmap.evaluate.gradual import dfquad
from argmap.evaluate.sensitivity import claim_statuses, sensitivity
from argmap.model import ArgumentMap, Attack, AttackKind, Claim, Ref, Status

BENCH = Path(__file__).resolve().parent.parent / "bench"


def generated(count: int, seed: int) -> ArgumentMap:
    sys.path.insert(0, str(BENCH))
    try:
        from generate import build, to_arg  # bench/ is on the path only here
    finally:
        sys.path.remove(str(BENCH))
    return argmap.parse(to_arg(build(count, seed)), "m.arg")


@pytest.mark.parametrize("path", sorted(Path("maps").glob("*.arg")), ids=lambda p: p.name)
def test_the_statuses_worked_out_on_claims_are_evaluates_on_the_maps(path: Path) -> None:
    amap = argmap.load(path)
    assert claim_statuses(amap) == evaluate(amap).statuses


@pytest.mark.parametrize("seed", range(6))
def test_the_statuses_worked_out_on_claims_are_evaluates_on_generated_maps(seed: int) -> None:
    amap = generated(150, seed)
    assert claim_statuses(amap) == evaluate(amap).statuses


def _defeated(amap: ArgumentMap, claim_id: str) -> ArgumentMap:
    """The map with `claim_id` defeated outright: what withdrawing it means for the statuses."""
    killer = Claim("withdrawn__", "Withdrawn.", probability=1.0)
    attack = Attack(Ref("withdrawn__"), AttackKind.REBUT, Ref(claim_id))
    return attrs.evolve(amap, claims=(*amap.claims, killer), attacks=(*amap.attacks, attack))


@pytest.mark.parametrize("seed", range(3))
def test_each_withdrawal_is_what_working_the_whole_map_out_again_gives(seed: int) -> None:
    amap = generated(80, seed)
    for found in sensitivity(amap, threshold=0.0):
        for pin in found.linchpins:
            if pin.kind != "claim":
                continue
            assert pin.status is evaluate(_defeated(amap, pin.id)).statuses[found.conclusion]
            assert pin.strength == pytest.approx(dfquad(amap, withdrawn=[pin.id]).strength[found.conclusion])
    # With no threshold, every claim the conclusion rests on is weighed: none is left out unseen.
    rng = random.Random(seed)
    tops = amap.top_conclusions()
    for conclusion in rng.sample(tops, min(5, len(tops))):
        (found,) = sensitivity(amap, [conclusion], threshold=-1.0)
        assert {p.id for p in found.linchpins if p.kind == "claim"} >= {
            r.id for s in amap.supports if s.conclusion.id == conclusion for r in s.premises
        }


MAP = """
source monitor "The Monitor"
source ap "Associated Press"
actor observers "Observers" unnamed
actor powell "Colin Powell"
claim signing: "Deals will be signed this summer." by observers cite monitor probability 70%
claim worth: "The deals could be worth US$7 billion." by observers cite monitor
claim warning: "Washington will respond." by powell cite ap, monitor
claim hedge: "Only if the observers are right." cite ap
signing supports worth
hedge undercuts signing to worth
"""


def test_a_conclusion_on_one_source_and_one_unnamed_actor_hangs_on_both() -> None:
    amap = argmap.parse(MAP, "m.arg")
    (found,) = sensitivity(amap, ["worth"])
    assert found.status is Status.OUT  # the hedge, unanswered, cuts the step
    assert found.sources == ("monitor",) and found.actors == ("observers",)
    pins = {(p.kind, p.id): p for p in found.linchpins}
    assert pins[("claim", "hedge")].status is Status.IN  # without the hedge the figure stands
    assert pins[("source", "monitor")].status is None  # the conclusion goes with its only source
    assert pins[("source", "monitor")].withdrawn == ("signing", "worth")
    assert pins[("actor", "observers")].status is None
    assert ("source", "ap") in pins  # the hedge rests on the AP alone: without it, the figure stands


def test_a_threshold_keeps_only_the_withdrawals_that_move_the_strength_enough() -> None:
    amap = argmap.parse(MAP, "m.arg")
    (loose,) = sensitivity(amap, ["worth"], threshold=0.0)
    (strict,) = sensitivity(amap, ["worth"], threshold=0.99)
    assert len(strict.linchpins) < len(loose.linchpins)
    assert all(p.status is not Status.OUT or p.strength is None for p in strict.linchpins)


def test_eval_sensitivity_names_the_linchpins() -> None:
    result = CliRunner().invoke(main, ["eval", "maps/khatami.arg", "--sensitivity", "outplayed_moscow"])
    assert result.exit_code == 0, result.output
    assert "without actor felgenhauer" in result.output and "withdrawn with it" in result.output
    data = json.loads(CliRunner().invoke(main, ["eval", "maps/khatami.arg", "--sensitivity", "-f", "json"]).output)
    ids = [c["id"] for c in data["conclusions"]]
    assert ids == argmap.load("maps/khatami.arg").top_conclusions()


@pytest.mark.parametrize(
    ("args", "said"),
    [(["--sensitivity", "nope"], "no claim 'nope'"), (["outplayed_moscow"], "only with --sensitivity")],
)
def test_eval_refuses_unknown_claims_and_claims_without_sensitivity(args: list[str], said: str) -> None:
    result = CliRunner().invoke(main, ["eval", "maps/khatami.arg", *args])
    assert result.exit_code == 2
    assert said in result.output
