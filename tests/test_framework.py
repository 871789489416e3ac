"""Abstract argumentation frameworks: semantics, their limits, and the solver formats."""

from __future__ import annotations

import itertools
import random
import time
import tracemalloc

import pytest

from argmap.evaluate.framework import (
    Framework,
    complete,
    grounded,
    preferred,
    stable,
    strongly_connected,
    to_apx,
    to_iccma,
)
from argmap.model import Status

IN, OUT, UNDEC = Status.IN, Status.OUT, Status.UNDEC


def af(names: str, attacks: str = "") -> Framework:
    """A framework from one-letter names and attacks written `ab bc` (a attacks b, b attacks c)."""
    return Framework.of(names, [(pair[0], pair[1]) for pair in attacks.split()])


def random_frameworks(count: int, seed: int, most: int = 7) -> list[Framework]:
    """Small random frameworks, self-attacks and cycles included, of every density."""
    rng = random.Random(seed)
    made = []
    for _ in range(count):
        names = [f"a{i}" for i in range(rng.randint(1, most))]
        density = rng.random() * 0.6
        made.append(Framework.of(names, [(a, b) for a in names for b in names if rng.random() < density]))
    return made


# --- grounded --------------------------------------------------------------


def test_an_unattacked_argument_is_in() -> None:
    assert grounded(af("a")) == {"a": IN}


def test_an_argument_attacked_by_one_that_is_in_is_out() -> None:
    assert grounded(af("ab", "ab")) == {"a": IN, "b": OUT}


def test_a_defended_argument_is_in_again() -> None:
    assert grounded(af("abc", "ab bc")) == {"a": IN, "b": OUT, "c": IN}


def test_a_mutual_attack_leaves_both_undecided() -> None:
    assert grounded(af("ab", "ab ba")) == {"a": UNDEC, "b": UNDEC}


def test_a_self_attacking_argument_is_undecided_and_so_is_what_it_alone_attacks() -> None:
    assert grounded(af("ab", "aa ab")) == {"a": UNDEC, "b": UNDEC}


def test_an_odd_cycle_is_undecided() -> None:
    assert set(grounded(af("abc", "ab bc ca")).values()) == {UNDEC}


def test_an_attack_on_a_missing_argument_is_refused() -> None:
    with pytest.raises(ValueError, match="lacks"):
        Framework.of("a", [("a", "z")])


def test_grounded_labels_fifteen_thousand_arguments_in_half_a_second() -> None:
    rng = random.Random(5)
    names = [f"a{i}" for i in range(15_000)]
    attacks = [(names[rng.randrange(15_000)], names[rng.randrange(15_000)]) for _ in range(15_000)]
    framework = Framework.of(names, attacks)
    started = time.perf_counter()
    grounded(framework)
    assert time.perf_counter() - started < 0.5


def test_a_long_chain_is_labelled_without_recursion() -> None:
    names = [f"a{i}" for i in range(50_000)]
    labels = grounded(Framework.of(names, itertools.pairwise(names)))
    assert labels["a0"] is IN and labels["a1"] is OUT and labels["a49999"] is OUT


# --- preferred and stable ----------------------------------------------------


def test_a_mutual_attack_has_two_preferred_and_two_stable_extensions() -> None:
    framework = af("ab", "ab ba")
    assert set(preferred(framework).extensions or ()) == {frozenset("a"), frozenset("b")}
    assert set(stable(framework).extensions or ()) == {frozenset("a"), frozenset("b")}


def test_an_odd_cycle_has_no_stable_extension_and_an_empty_preferred_one() -> None:
    framework = af("abc", "ab bc ca")
    assert stable(framework).extensions == ()
    assert preferred(framework).extensions == (frozenset(),)


def test_credulous_and_skeptical_acceptance_follow_the_preferred_extensions() -> None:
    extensions = preferred(af("abc", "ab ba bc"))
    assert extensions.credulous("b") is True and extensions.skeptical("b") is False
    assert extensions.credulous("c") is True and extensions.skeptical("c") is False


def mutual_chain(count: int, prefix: str = "c") -> tuple[list[str], list[tuple[str, str]]]:
    """Arguments in a row, each attacking its neighbours: one part whose complete labellings grow exponentially."""
    names = [f"{prefix}{i}" for i in range(count)]
    return names, [pair for a, b in itertools.pairwise(names) for pair in ((a, b), (b, a))]


def mutual_pairs(count: int) -> tuple[list[str], list[tuple[str, str]]]:
    """`count` independent mutual attacks x_i <-> y_i."""
    names = [f"{side}{i}" for i in range(count) for side in "xy"]
    return names, [pair for i in range(count) for pair in ((f"x{i}", f"y{i}"), (f"y{i}", f"x{i}"))]


def test_the_search_reports_not_computed_past_its_limit() -> None:
    names, attacks = mutual_chain(30)
    result = preferred(Framework.of(names, attacks), limit=1000)
    assert result.extensions is None and result.count is None and not result.computed
    assert result.credulous("c0") is None and result.skeptical("c0") is None


def test_independent_mutual_attacks_are_decided_part_by_part_within_a_small_limit() -> None:
    # Twelve independent mutual attacks: 3^12 complete labellings together, three in each part.
    result = preferred(Framework.of(*mutual_pairs(12)), limit=1000)
    assert result.computed and result.count == 2**12
    assert len(result.extensions or ()) == 2**12
    assert result.credulous("x0") is True and result.skeptical("x0") is False


def test_extensions_too_many_to_list_are_counted_and_still_say_who_is_in_them() -> None:
    names, attacks = mutual_pairs(100)
    result = preferred(Framework.of([*names, "free"], attacks))
    assert result.computed and result.count == 2**100 and result.extensions is None
    assert result.skeptical("free") is True
    assert result.credulous("y99") is True and result.skeptical("y99") is False


def test_a_part_past_the_limit_leaves_only_its_own_arguments_unsettled() -> None:
    chain_names, chain_attacks = mutual_chain(30)
    framework = Framework.of([*chain_names, "x", "y"], [*chain_attacks, ("x", "y"), ("y", "x")])
    result = preferred(framework, limit=1000)
    assert not result.computed and result.unsettled == frozenset(chain_names)
    assert result.credulous("x") is True and result.skeptical("x") is False
    assert result.credulous("c0") is None


def test_a_part_without_a_stable_labelling_settles_that_there_is_no_stable_extension() -> None:
    chain_names, chain_attacks = mutual_chain(30)
    odd = [("a", "b"), ("b", "c"), ("c", "a")]
    result = stable(Framework.of([*chain_names, "a", "b", "c"], [*chain_attacks, *odd]), limit=1000)
    assert result.computed and result.count == 0 and result.extensions == ()
    assert result.credulous("c0") is False


def test_the_search_memory_stays_small_however_long_the_part() -> None:
    # One part of 5,000 arguments: a search that copied its labels at each choice kept gigabytes.
    framework = Framework.of(*mutual_chain(5_000))
    tracemalloc.start()
    try:
        preferred(framework)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 20_000_000


def test_arguments_the_grounded_labelling_decides_cost_the_search_nothing() -> None:
    names = [f"a{i}" for i in range(10_000)]
    result = preferred(Framework.of(names, itertools.pairwise(names)), limit=10)
    assert result.computed


# --- cross-checks ------------------------------------------------------------


def _subsets(names: tuple[str, ...]) -> list[frozenset[str]]:
    return [frozenset(c) for r in range(len(names) + 1) for c in itertools.combinations(names, r)]


def brute_force(framework: Framework) -> dict[str, set[frozenset[str]]]:
    """Every semantics straight from Dung's definitions, by enumerating all subsets."""
    attacks = set(framework.attacks)
    names = framework.arguments

    def conflict_free(s: frozenset[str]) -> bool:
        return not any((a, b) in attacks for a in s for b in s)

    def defends(s: frozenset[str], x: str) -> bool:
        return all(any((d, y) in attacks for d in s) for y in names if (y, x) in attacks)

    free = [s for s in _subsets(names) if conflict_free(s)]
    admissible = [s for s in free if all(defends(s, x) for x in s)]
    complete_sets = [s for s in admissible if all(x in s for x in names if defends(s, x))]
    return {
        "grounded": {min(complete_sets, key=len)},
        "complete": set(complete_sets),
        "preferred": {s for s in admissible if not any(s < t for t in admissible)},
        "stable": {s for s in free if all(any((d, y) in attacks for d in s) for y in names if y not in s)},
    }


def test_semantics_agree_with_the_definitions_on_two_thousand_random_frameworks() -> None:
    mismatches = []
    for framework in random_frameworks(2000, seed=11, most=6):
        expected = brute_force(framework)
        ins = frozenset(a for a, s in grounded(framework).items() if s is IN)
        found = {
            "grounded": {ins},
            "complete": set(complete(framework).extensions or ()),
            "preferred": set(preferred(framework).extensions or ()),
            "stable": set(stable(framework).extensions or ()),
        }
        mismatches += [(framework, k) for k in expected if expected[k] != found[k]]
    assert mismatches == []


def test_semantics_agree_with_the_definitions_on_frameworks_of_several_independent_parts() -> None:
    # The search takes each part on its own and multiplies the parts' choices: held to the definitions.
    rng = random.Random(31)
    mismatches = []
    for _ in range(300):
        names: list[str] = []
        attacks: list[tuple[str, str]] = []
        for number, part in enumerate(random_frameworks(rng.randint(2, 3), seed=rng.randrange(10**6), most=3)):
            rename = {name: f"p{number}_{name}" for name in part.arguments}
            names += [rename[name] for name in part.arguments]
            attacks += [(rename[a], rename[b]) for a, b in part.attacks]
        framework = Framework.of(names, attacks)
        expected = brute_force(framework)
        for semantics, found in (("complete", complete), ("preferred", preferred), ("stable", stable)):
            if set(found(framework).extensions or ()) != expected[semantics]:
                mismatches.append((framework, semantics))
    assert mismatches == []


def _oracle_framework(framework: Framework):  # type: ignore[no-untyped-def]
    aaf = pytest.importorskip("py_arg.abstract_argumentation_classes.abstract_argumentation_framework")
    from py_arg.abstract_argumentation_classes.argument import Argument
    from py_arg.abstract_argumentation_classes.defeat import Defeat

    arguments = {name: Argument(name) for name in framework.arguments}
    defeats = [Defeat(arguments[a], arguments[b]) for a, b in framework.attacks]
    return aaf.AbstractArgumentationFramework("", list(arguments.values()), defeats)


def test_semantics_agree_with_python_argumentation_on_three_thousand_random_frameworks() -> None:
    pytest.importorskip("py_arg")
    from py_arg.algorithms.semantics.get_grounded_extension import get_grounded_extension
    from py_arg.algorithms.semantics.get_preferred_extensions import get_preferred_extensions
    from py_arg.algorithms.semantics.get_stable_extensions import get_stable_extensions

    def names(extension) -> frozenset[str]:  # type: ignore[no-untyped-def]
        return frozenset(a.name for a in extension)

    mismatches = []
    for framework in random_frameworks(3000, seed=23):
        oracle = _oracle_framework(framework)
        if frozenset(a for a, s in grounded(framework).items() if s is IN) != names(get_grounded_extension(oracle)):
            mismatches.append((framework, "grounded"))
        if set(preferred(framework).extensions or ()) != {names(e) for e in get_preferred_extensions(oracle)}:
            mismatches.append((framework, "preferred"))
        if set(stable(framework).extensions or ()) != {names(e) for e in get_stable_extensions(oracle)}:
            mismatches.append((framework, "stable"))
    assert mismatches == []


# --- strongly connected components -------------------------------------------


def test_strongly_connected_components_find_cycles_and_leave_the_rest_alone() -> None:
    components = {frozenset(c) for c in strongly_connected(af("abcd", "ab ba bc cd dc"))}
    assert components == {frozenset("ab"), frozenset("cd")}


def test_strongly_connected_components_can_be_restricted() -> None:
    assert {frozenset(c) for c in strongly_connected(af("abc", "ab bc ca"), among=["a", "b"])} == {
        frozenset("a"),
        frozenset("b"),
    }


# --- solver formats ------------------------------------------------------------


def test_iccma_numbers_the_arguments_and_maps_each_number_back_in_a_comment() -> None:
    assert to_iccma(af("ab", "ab bb")) == "p af 2\n# 1 a\n# 2 b\n1 2\n2 2\n"


def test_apx_writes_facts_and_maps_each_constant_back_in_a_comment() -> None:
    assert to_apx(af("ab", "ab")) == "% a1 a\n% a2 b\narg(a1).\narg(a2).\natt(a1,a2).\n"


def test_python_argumentation_reads_our_iccma_and_apx_back_to_the_same_framework() -> None:
    pytest.importorskip("py_arg")
    from py_arg.import_export.argumentation_framework_from_aspartix_format_reader import (
        ArgumentationFrameworkFromASPARTIXFormatReader,
    )
    from py_arg.import_export.argumentation_framework_from_iccma23_format_reader import (
        ArgumentationFrameworkFromICCMA23FormatReader,
    )

    for framework in random_frameworks(200, seed=3):
        number = {name: i for i, name in enumerate(framework.arguments, start=1)}
        expected = {(number[a], number[b]) for a, b in framework.attacks}
        # Its ICCMA reader takes every line after the first for an attack, comments included.
        text = "\n".join(line for line in to_iccma(framework).splitlines() if not line.startswith("#"))
        read = ArgumentationFrameworkFromICCMA23FormatReader.from_iccma23(text)
        assert len(read.arguments) == len(framework.arguments)
        assert {(int(d.from_argument.name[1:]), int(d.to_argument.name[1:])) for d in read.defeats} == expected
        read = ArgumentationFrameworkFromASPARTIXFormatReader.from_apx(to_apx(framework))
        assert len(read.arguments) == len(framework.arguments)
        assert {(int(d.from_argument.name[1:]), int(d.to_argument.name[1:])) for d in read.defeats} == expected
