"""`hypotheses` and `ach` in the language: both readers, their mistakes, the layout fmt gives them, the checks."""

from __future__ import annotations

from pathlib import Path

import attrs
import pytest

import argmap
from argmap.checks import run_checks
from argmap.edit.fmt import format_text
from argmap.errors import ParseError
from argmap.model import CellOverride, HypothesisSet, Ref, Span
from argmap.read import fastread, larkparse
from argmap.read.vocabulary import grammar_text

MAP = """claim won: "Tehran outplayed Moscow."
claim lost: "Moscow outplayed Tehran."
claim leverage: "The arms offer gave Iran leverage."
hypotheses outcome "Who won the visit?" { won, lost }
ach lost leverage II "Leverage for Iran is what Moscow lost."
"""


def test_a_hypothesis_set_and_a_cell_are_read_into_the_model() -> None:
    m = argmap.parse(MAP, "m.arg")
    assert m.hypotheses == (HypothesisSet("outcome", "Who won the visit?", (Ref("won"), Ref("lost"))),)
    assert m.cell_overrides == (
        CellOverride(Ref("lost"), Ref("leverage"), "II", "Leverage for Iran is what Moscow lost."),
    )
    assert m.hypotheses[0].span == Span("m.arg", 4, 12, 4, 19)
    assert m.cell_overrides[0].span == Span("m.arg", 5, 5, 5, 21)
    assert m.hypotheses[0].members[1].span == Span("m.arg", 4, 48, 4, 52)


@pytest.mark.parametrize(
    "text",
    [
        MAP,
        'hypotheses q "Empty?" { }\n',
        'hypotheses q "Q?" {\n  a,  # first\n  b and c\n}\n',
        'ach h e N "multi\n  line reason"\n',
    ],
)
def test_the_fast_reader_reads_them_as_lark_does_spans_included(text: str) -> None:
    fast = fastread.read(text, "m.arg", grammar_text())
    assert fast is not None, "the fast reader declined"
    slow = larkparse.parse_text(text, "m.arg")
    assert attrs.asdict(fast) == attrs.asdict(slow)


def test_members_may_be_listed_with_and() -> None:
    m = argmap.parse('hypotheses q "Q?" { a, b and c }\n')
    assert [r.id for r in m.hypotheses[0].members] == ["a", "b", "c"]


def test_hypothesis_sets_and_cells_from_included_files_are_merged(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text("")
    (tmp_path / "claims.arg").write_text(MAP.split("hypotheses")[0])
    (tmp_path / "index.arg").write_text('include "claims.arg"\n' + MAP[MAP.index("hypotheses") :])
    m = argmap.load(tmp_path / "index.arg")
    assert [s.id for s in m.hypotheses] == ["outcome"] and len(m.cell_overrides) == 1


@pytest.mark.parametrize(
    ("text", "where", "words"),
    [
        ('ach a b X "why"\n', (1, 9), "an ACH cell is C, CC, I, II or N, not X"),
        ('hypotheses q "Q?" { a, b\nclaim c: "C."\n', (1, 19), "this '{' of a hypothesis set is never closed"),
        ('hypotheses q "Q?" { a, b', (1, 19), "this '{' of a hypothesis set is never closed"),
        ("hypotheses q { a, b }\n", (1, 14), "a hypothesis set needs its question in double quotes"),
        ('ach a b I\nclaim c: "C."\n', (2, 1), "expected a text in double quotes here"),
    ],
)
def test_mistakes_are_located_and_said_in_words(text: str, where: tuple[int, int], words: str) -> None:
    with pytest.raises(ParseError) as raised:
        argmap.parse(text, "m.arg")
    diagnostic = raised.value.diagnostic
    assert (diagnostic.span.line, diagnostic.span.column) == where
    assert words in diagnostic.message


@pytest.mark.parametrize("word", ["hypotheses", "ach"])
def test_the_new_keywords_cannot_be_claim_ids(word: str) -> None:
    with pytest.raises(ParseError, match="is a keyword"):
        argmap.parse(f'claim {word}: "x"\n')


# --- fmt ------------------------------------------------------------------------------------


def test_fmt_writes_a_short_set_on_one_line_and_a_cell_with_its_reason_filled() -> None:
    text = 'hypotheses   q "Who?"{a ,b}\nach a  e I "' + "word " * 30 + 'end"\n'
    out = format_text(text, "m.arg", 60)
    lines = out.splitlines()
    assert lines[0] == 'hypotheses q "Who?" { a, b }'
    assert lines[1].startswith('ach a e I "word word') and len(lines[1]) <= 60
    assert all(line.startswith("  word") for line in lines[2:])
    assert format_text(out, "m.arg", 60) == out


def test_fmt_never_breaks_the_question_and_fills_long_member_lists_inside_the_braces() -> None:
    members = ", ".join(f"hypothesis_{n}" for n in range(8))
    text = f'hypotheses q "What did the long visit achieve, in the end, for either side?" {{ {members} }}\n'
    out = format_text(text, "m.arg", 60)
    lines = out.splitlines()
    assert lines[0] == 'hypotheses q "What did the long visit achieve, in the end, for either side?" {'
    assert lines[-1] == "}"
    assert all(line.startswith("  hypothesis_") and len(line) <= 60 for line in lines[1:-1])
    assert format_text(out, "m.arg", 60) == out


def test_fmt_keeps_comments_among_the_members_in_place() -> None:
    text = 'hypotheses q "Q?" {\n  a,  # the first\n  # the others\n  b, c\n  # done\n}\n'
    out = format_text(text, "m.arg", 100)
    assert out == text
    assert format_text(out, "m.arg", 100) == out


# --- checks --------------------------------------------------------------------------------


def codes(text: str) -> list[tuple[str, int]]:
    return [
        (d.code, d.span.line) for d in run_checks(argmap.parse(text, "m.arg")) if d.code[:3] in ("AM1", "AM2", "AM6")
    ]


def test_a_set_finding_is_acknowledged_on_the_set_id() -> None:
    text = MAP + 'acknowledge AM632 on outcome "One cell decides it, and that is the point."\n'
    diagnostics = run_checks(argmap.parse(text, "m.arg"))
    (found,) = [d for d in diagnostics if d.code == "AM632"]
    assert found.acknowledged == "One cell decides it, and that is the point."
    assert not [d for d in diagnostics if d.code in ("AM101", "AM901")]


def test_the_ranking_is_held_to_the_expect_lines() -> None:
    text = MAP + "expect won out\n"
    # The matrix puts won first (nothing against it) while the map expects it out.
    found = [d for d in run_checks(argmap.parse(text, "m.arg")) if d.code == "AM631"]
    assert len(found) == 1 and "expects it out" in found[0].message


def test_an_expect_in_on_the_first_ranked_hypothesis_agrees() -> None:
    assert ("AM631", 4) not in codes(MAP + "expect won in\n")


def test_an_expect_in_on_a_lower_ranked_hypothesis_is_reported() -> None:
    found = [d for d in run_checks(argmap.parse(MAP + "expect lost in\n", "m.arg")) if d.code == "AM631"]
    assert len(found) == 1 and "expects 'lost' in" in found[0].message


def test_one_cell_deciding_the_ranking_is_reported_with_the_ranking_without_it() -> None:
    (found,) = [d for d in run_checks(argmap.parse(MAP, "m.arg")) if d.code == "AM632"]
    assert "without leverage: won = lost" in found.message
