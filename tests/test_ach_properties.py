"""ACH on random maps: the readers agree on `hypotheses` and `ach`, fmt keeps them, and the matrix holds its laws."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import argmap
from argmap.evaluate.ach import MAX_DEPTH, Cell, derive_all
from argmap.formats.ach import FORMATS
from hostile import formats_faithfully, readers_agree, seed_mutants  # tests/hostile.py

CLAIMS = [f"c{n}" for n in range(8)]
LINKS = ["supports", "rebuts", "undermines", "undercuts", "contradicts"]
CELLS = [cell.value for cell in Cell]


@st.composite
def ach_maps(draw: st.DrawFn) -> str:
    """Eight claims, random links between them, a set or two, and a few `ach` lines (some off the matrix)."""
    lines = []
    for claim in CLAIMS:
        detail = draw(st.sampled_from(["", " credibility 1", ' likelihood "very likely"', " probability 90%"]))
        lines.append(f'claim {claim}: "Claim {claim}."{detail}')
    for _ in range(draw(st.integers(0, 14))):
        a, b = draw(st.sampled_from(CLAIMS)), draw(st.sampled_from(CLAIMS))
        if draw(st.integers(0, 5)) == 0:
            c = draw(st.sampled_from(CLAIMS))
            lines.append(f"{a} and {b} together supports {c}")
        else:
            lines.append(f"{a} {draw(st.sampled_from(LINKS))} {b}")
    for number in range(draw(st.integers(1, 2))):
        members = draw(st.lists(st.sampled_from([*CLAIMS, "nothing"]), min_size=0, max_size=4))
        lines.append(f'hypotheses set{number} "Which?" {{ {", ".join(members)} }}')
    for _ in range(draw(st.integers(0, 3))):
        h, e = draw(st.sampled_from(CLAIMS)), draw(st.sampled_from([*CLAIMS, "nothing"]))
        lines.append(f'ach {h} {e} {draw(st.sampled_from(CELLS))} "a reason"')
    return "\n".join(lines) + "\n"


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(ach_maps())
def test_the_matrix_keeps_its_laws_on_random_maps(text: str) -> None:
    m = argmap.parse(text, "random.arg")
    matrices = derive_all(m)
    for matrix in matrices:
        members = set(matrix.hypotheses)
        for row in matrix.rows:
            assert row.evidence not in members and len(row.cells) == len(matrix.hypotheses)
            for cell in row.cells:
                assert cell.overridden or len(cell.chain) <= MAX_DEPTH
                assert cell.overridden or cell.cell is Cell.N or cell.chain[0].source == row.evidence
        for number, score in enumerate(matrix.scores):
            by_hand = sum(row.weight * row.cells[number].cell.inconsistency for row in matrix.rows)
            assert abs(score.inconsistency - by_hand) < 1e-6
        if matrix.scores:
            assert min(s.rank for s in matrix.scores) == 1
            assert {s.hypothesis for s in matrix.scores if s.rank == 1} == set(matrix.top)
    for render in FORMATS.values():
        assert render(matrices, "random.arg")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(ach_maps())
def test_the_readers_agree_and_fmt_keeps_what_the_sets_and_cells_say(text: str) -> None:
    assert readers_agree(text) is not None
    assert formats_faithfully(text, width=40) is not None


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed_mutants())
def test_mutated_seed_maps_that_read_give_matrices(text: str) -> None:
    try:
        m = argmap.parse(text, "seed.arg")
    except argmap.MapError:
        return
    for matrix in derive_all(m):
        assert FORMATS["text"]([matrix], "seed.arg")
