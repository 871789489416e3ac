"""The fast reader builds exactly Lark's model, spans included, or declines and leaves the map to Lark."""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import argmap
import hostile  # tests/hostile.py: the strategies, shared with bench/fuzz.py
from argmap.errors import ParseError
from argmap.read import fastread, larkparse
from argmap.read.vocabulary import TEXT_PATTERN, grammar_text

ROOT = Path(__file__).resolve().parents[1]
EVERY_MAP = sorted([*ROOT.glob("tests/**/*.arg"), *ROOT.glob("maps/*.arg")])
FAST = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def normalised(text: str) -> str:
    return text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


def both(text: str, name: str = "same.arg") -> tuple[argmap.ArgumentMap | None, Any]:
    """The fast reader's map (or None), and Lark's map as a dict with spans (or the ParseError)."""
    text = normalised(text)
    fast = fastread.read(text, name, grammar_text())
    try:
        lark: Any = attrs.asdict(larkparse.parse_text(text, name))
    except ParseError as error:
        lark = error
    return fast, lark


assert_same_or_declined = hostile.readers_agree


@pytest.mark.parametrize("path", EVERY_MAP, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_map_in_the_repository_reads_the_same_or_is_declined(path: Path) -> None:
    try:
        text = argmap.read.loader.read_text(path)
    except ParseError:
        pytest.skip("not a readable text (a test of decoding)")
    assert_same_or_declined(text)


@pytest.mark.parametrize("path", sorted(ROOT.glob("maps/*.arg")), ids=lambda p: p.name)
def test_the_seed_maps_are_read_by_the_fast_reader(path: Path) -> None:
    assert assert_same_or_declined(path.read_text(encoding="utf-8")) is not None


def test_every_construct_is_read_by_the_fast_reader() -> None:
    assert assert_same_or_declined((ROOT / "tests" / "parser" / "all_constructs.arg").read_text()) is not None


def test_a_generated_benchmark_map_is_read_by_the_fast_reader(tmp_path: Path) -> None:
    sys.path.insert(0, str(ROOT / "bench"))
    try:
        import generate  # bench/generate.py
    finally:
        sys.path.remove(str(ROOT / "bench"))
    out = tmp_path / "g.arg"
    generate.main(["--arguments", "60", "-o", str(out)])
    assert assert_same_or_declined(out.read_text()) is not None


@pytest.mark.parametrize(
    "text",
    [
        'claim won: "x"\nexpect won in',  # plain
        'claim in: "x"\nexpect in out',  # an id spelled like a status: Lark's contextual lexer reads it
        'claim a: "x" by and\nclaim b: "y"',  # `and` as an actor id
        'actor on "x"\nclaim a: "y" by on',
        'source s "t" reliability to',
    ],
)
def test_ids_spelled_like_keywords_are_left_to_lark_which_reads_them(text: str) -> None:
    fast, lark = both(text)
    assert not isinstance(lark, ParseError)
    if fast is not None:
        assert attrs.asdict(fast) == lark


@pytest.mark.parametrize(
    "text",
    [
        'claim in: "x"\nexpect in out',
        'claim a: "x" by and, to\nclaim b: "y" cite source',
        'claim in: "x"\nin supports b\nout, undec rebut b\nclaim b: "y"',
        'claim a: "x" undercuts to to b',
        'argument to "t" {\n  premise in\n  conclusion c: "x"\n}',
        'hypotheses h "q" { claim, and }\nach in out C "r"',
    ],
)
def test_ids_spelled_like_keywords_where_only_an_id_stands_are_read_by_the_fast_reader(text: str) -> None:
    """Lark's contextual lexer reads them as ids there, so the fast reader does too: no whole map goes to Lark."""
    fast, lark = both(text)
    assert fast is not None
    assert attrs.asdict(fast) == lark


@pytest.mark.parametrize(
    "text",
    [
        'claim a: "x" probability 2',
        'claim a: "x" credibility 7',
        'claim a: "x" likelihood "likely" likelihood "unlikely"',
        'claim a: "x" rebuts b to c',
        'a together supports b',
        'title "a"\ntitle "b"',
        "premise a",
        'claim a: "x',
        'claim a: "x" }',
        'argument a "t" { premise b: "x"',
        'argument a "t" { argument b "u" { } }',
        "claim a",
        'claim supports: "x"',
    ],
)
def test_mistakes_are_declined_and_explained_by_lark(text: str) -> None:
    fast, lark = both(text)
    assert fast is None
    assert isinstance(lark, ParseError)
    with pytest.raises(ParseError):
        argmap.parse(text)


def test_comments_and_line_breaks_anywhere_keep_lark_spans() -> None:
    text = (
        "# a map\nclaim   a: # the id\n  \"two\n    lines\" # a text\n by x # an actor\n"
        'argument g "t" { premise a conclusion\n b: "c" }\n'
    )
    assert assert_same_or_declined(text) is not None


@FAST
@given(st.one_of(hostile.generated_maps().map(lambda g: g.text), hostile.seed_mutants(), hostile.token_soup()))
def test_generated_and_mutated_maps_read_the_same_or_are_declined(text: str) -> None:
    assert_same_or_declined(text)


@FAST
@given(hostile.generated_maps())
def test_maps_generated_from_the_grammar_are_mostly_read_by_the_fast_reader(generated: hostile.Generated) -> None:
    fast, lark = both(generated.text)
    assert not isinstance(lark, ParseError)
    # Generated ids are never keywords, but may be spelled like a status, which this reader leaves to Lark.
    words = re.sub(r"expect\s+\S+\s+(in|out|undec)\b", "", re.sub(r'"(?:[^"\\]|\\.)*"|#[^\n]*', "", generated.text))
    if not re.search(r"\b(in|out|undec)\b", words):
        assert fast is not None
        assert attrs.asdict(fast) == lark


# --- texts --------------------------------------------------------------------------

# The folding rule (docs/language.md, "Texts"): a line break, with the spaces
# and tabs before it and all whitespace after it, becomes one space.
FOLDED = re.compile(r"[ \t]*\n\s*")


@FAST
@given(st.text(st.sampled_from(" \t\n\u00a0\u2028\x0bab\\\""), max_size=30))
def test_a_text_folds_its_line_breaks_as_the_language_says(body: str) -> None:
    escaped = body.replace("\\", "\\\\").replace('"', '\\"')
    assert fastread.unquote(f'"{escaped}"') == FOLDED.sub(" ", body)


@pytest.mark.parametrize("body", ['\\"' * 5_000, "plain words " * 1_000, 'ends in a backslash \\', ""])
def test_a_text_never_closed_is_one_token_that_runs_to_the_end(body: str) -> None:
    """Scanned again from each quote inside it, 80 KB of escaped quotes took 47 s; one token is one pass."""
    text = 'claim a: "' + body
    assert re.compile(TEXT_PATTERN, re.S).match(text, text.index('"')).end() == len(text)
    assert fastread.read(text, "open.arg", grammar_text()) is None


# --- where the fast reader stops ------------------------------------------------------


def stop_at(text: str) -> list[str]:
    """The stretches of `text` the fast reader leaves Lark to read, as text."""
    stop = fastread.read_or_stop(text, "stop.arg", grammar_text())
    assert isinstance(stop, fastread.Stop)
    return [text[start:end] for start, end in stop.read]


def test_the_fast_reader_leaves_lark_the_statement_it_stopped_in_and_the_one_before() -> None:
    assert stop_at('claim a: "x"\nclaim b: "y"\nclaim c "z"\n') == ['claim b: "y"\n', 'claim c "z"\n']


def test_stopped_in_the_first_statement_the_fast_reader_leaves_lark_all_of_it() -> None:
    assert stop_at('claim a "x"\nclaim b: "y"\n') == ['claim a "x"\nclaim b: "y"\n']


def test_in_an_argument_the_fast_reader_leaves_lark_its_head_and_the_member_before() -> None:
    text = 'claim z: "w"\nargument g "t" {\n  premise a: "x"\n  premise b: "y"\n  premise c: z\n}\n'
    assert stop_at(text) == ['argument g "t" {\n  ', 'premise b: "y"\n  premise c: z\n}\n']


def test_after_an_argument_the_fast_reader_leaves_lark_its_head_and_its_last_member() -> None:
    text = 'argument g "t" {\n  premise a: "x"\n  conclusion b: "y"\n}\n"stray"\n'
    assert stop_at(text) == ['argument g "t" {\n  ', 'conclusion b: "y"\n}\n', '"stray"\n']


def test_of_a_long_run_of_details_the_fast_reader_leaves_lark_the_first_and_last_eight() -> None:
    text = 'claim a: "x"' + " tags t" * 30 + ' likelihood "likely"' + ' note "n"' * 3 + " @\n"
    assert stop_at(text) == [
        'claim a: "x"' + " tags t" * 8 + " ",
        "tags t " * 8 + 'likelihood "likely" ' + 'note "n" ' * 3,
        "@\n",
    ]


def test_a_stray_character_stops_the_fast_reader_where_it_stands() -> None:
    assert stop_at('claim a: "x"\nclaim b: "y" by k @ j\n') == ['claim b: "y" by k ', "@ j\n"]
    assert stop_at('claim a: "x"\nclaim b: "y" by @ j\n') == ['claim a: "x"\n', 'claim b: "y" by @ j\n']


# --- the grammar ------------------------------------------------------------------------


def test_the_fast_reader_was_written_for_this_grammar() -> None:
    """When the grammar changes, bring `argmap.read.fastread` up to date, then its GRAMMAR_FINGERPRINT."""
    assert fastread.fingerprint(grammar_text()) == fastread.GRAMMAR_FINGERPRINT


def test_another_grammar_sends_every_map_to_lark() -> None:
    assert fastread.read('claim a: "x"', "a.arg", grammar_text() + "\n// changed") is None


def test_argmap_reader_lark_sends_every_map_to_lark(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object) -> None:
        raise AssertionError("the fast reader was asked")

    monkeypatch.setattr(fastread, "read", refuse)
    monkeypatch.setenv("ARGMAP_READER", "lark")
    assert [c.id for c in argmap.parse('claim a: "x"').claims] == ["a"]
