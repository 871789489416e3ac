"""`run_checks(parallel=True)`: the evaluation's rules in a forked process, the same diagnostics as one process."""

from __future__ import annotations

import os
import pickle
from pathlib import Path

import pytest

from argmap.checks import registry, run_checks
from argmap.read.loader import load

ROOT = Path(__file__).resolve().parents[1]
pytestmark = pytest.mark.skipif(not registry._can_fork(), reason="needs fork and a second core")


def test_a_large_map_gives_the_same_diagnostics_in_two_processes(
    generated_map: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    argument_map = load(generated_map)
    assert len(argument_map.claims) >= registry.PARALLEL_FROM
    alone = run_checks(argument_map)
    assert any(d.code.startswith("AM61") for d in alone)  # the evaluation's rules find something here
    forks: list[int] = []
    real_fork = os.fork

    def counted_fork() -> int:
        forks.append(1)
        return real_fork()

    monkeypatch.setattr(os, "fork", counted_fork)
    assert run_checks(argument_map, parallel=True) == alone
    assert forks == [1]


def test_the_seed_maps_give_the_same_diagnostics_in_two_processes(monkeypatch: pytest.MonkeyPatch) -> None:
    argument_map = load(ROOT / "maps" / "khatami.arg")
    alone = run_checks(argument_map)
    monkeypatch.setattr(registry, "PARALLEL_FROM", 0)
    assert run_checks(argument_map, parallel=True) == alone


def test_a_child_that_fails_leaves_the_rules_to_this_process(monkeypatch: pytest.MonkeyPatch) -> None:
    argument_map = load(ROOT / "maps" / "khatami.arg")
    alone = run_checks(argument_map)
    monkeypatch.setattr(registry, "PARALLEL_FROM", 0)
    parent = os.getpid()

    def dumps_only_here(*args: object, **kwargs: object) -> bytes:
        if os.getpid() != parent:
            raise RuntimeError("the child cannot send its hits")
        raise AssertionError("only the child sends hits")

    monkeypatch.setattr(pickle, "dumps", dumps_only_here)
    assert run_checks(argument_map, parallel=True) == alone


def test_small_maps_and_single_process_runs_do_not_fork(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_fork() -> int:
        raise AssertionError("forked")

    monkeypatch.setattr(os, "fork", no_fork)
    argument_map = load(ROOT / "maps" / "khatami.arg")
    assert run_checks(argument_map, parallel=True) == run_checks(argument_map)
