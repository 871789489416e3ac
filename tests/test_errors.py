"""Syntax errors read as a reader's words: every tailored message, each with its fixture.

Each file in `errors/` starts with `# error: LINE:COL: message`, the first line
the parser must report for it (after the file name). New fixtures are picked up
automatically.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import argmap
import hostile  # tests/hostile.py: the strategies, shared with bench/fuzz.py
from argmap.read import larkparse

ERRORS = Path(__file__).parent / "errors"
FIXTURES = sorted(ERRORS.glob("*.arg"))
EXPECTED = re.compile(r"# error: (\d+):(\d+): (.*)")


def _expected(fixture: Path) -> tuple[int, int, str]:
    first_line = fixture.read_text(encoding="utf-8").split("\n", 1)[0]
    found = EXPECTED.fullmatch(first_line)
    assert found, f"{fixture.name} must start with '# error: LINE:COL: message'"
    return int(found.group(1)), int(found.group(2)), found.group(3)


def _error(fixture: Path) -> argmap.ParseError:
    with pytest.raises(argmap.ParseError) as caught:
        argmap.parse(fixture.read_text(encoding="utf-8"), fixture.name)
    return caught.value


def _terminal_names() -> set[str]:
    parser, _ = larkparse._parser()
    return {t.name for t in parser.terminals} | {"$END", "_NL", "__ANON"}


def test_there_are_at_least_ten_tailored_mistakes() -> None:
    assert len(FIXTURES) >= 10


@pytest.mark.parametrize("fixture", FIXTURES, ids=lambda p: p.stem)
def test_first_line_is_file_line_column_and_message(fixture: Path) -> None:
    line, column, message = _expected(fixture)
    assert _error(fixture).report().splitlines()[0] == f"{fixture.name}:{line}:{column}: {message}"


@pytest.mark.parametrize("fixture", FIXTURES, ids=lambda p: p.stem)
def test_caret_stands_under_the_reported_column(fixture: Path) -> None:
    line, column, _ = _expected(fixture)
    report = _error(fixture).report().splitlines()
    source_line = fixture.read_text(encoding="utf-8").split("\n")[line - 1]
    assert report[1] == "    " + "".join(c if c.isprintable() or c == "\t" else "\N{REPLACEMENT CHARACTER}"
                                         for c in source_line)  # fmt: skip
    assert report[2].startswith("    " + " " * (column - 1) + "^")


@pytest.mark.parametrize("fixture", FIXTURES, ids=lambda p: p.stem)
def test_message_and_hint_never_name_lark_terminals(fixture: Path) -> None:
    diagnostic = _error(fixture).diagnostic
    words = set(re.findall(r"[$A-Z_][A-Z_0-9]+", f"{diagnostic.message} {diagnostic.hint or ''}"))
    assert not words & _terminal_names()
    assert "__ANON" not in diagnostic.message and "_NL" not in diagnostic.message


@pytest.mark.parametrize("fixture", FIXTURES, ids=lambda p: p.stem)
def test_error_is_a_located_syntax_diagnostic(fixture: Path) -> None:
    diagnostic = _error(fixture).diagnostic
    assert diagnostic.code == "AM001"
    assert diagnostic.span.file == fixture.name


def test_misspelt_keyword_suggests_the_keyword() -> None:
    with pytest.raises(argmap.ParseError, match="did you mean 'claim'"):
        argmap.parse('clam won: "x"\n')


def test_an_id_close_to_a_keyword_is_not_taken_for_a_misspelling() -> None:
    with pytest.raises(argmap.ParseError) as caught:
        argmap.parse('claim won "x"\n')
    assert "did you mean" not in caught.value.diagnostic.message


def test_unterminated_text_points_at_its_opening_quote_not_the_end_of_file() -> None:
    text = 'claim a: "never closed\nclaim b: "x"\nclaim c: "y"\nclaim d: "z"\n'
    with pytest.raises(argmap.ParseError) as caught:
        argmap.parse(text)
    assert (caught.value.diagnostic.span.line, caught.value.diagnostic.span.column) == (1, 10)


def test_a_text_never_closed_made_of_escaped_quotes_is_reported_at_its_opening_quote() -> None:
    """Tried again from each escaped quote, 80 KB of them took 47 s; 200 KB is one pass now."""
    with pytest.raises(argmap.ParseError) as caught:
        argmap.parse('claim a: "' + '\\"' * 100_000 + "\n")
    assert str(caught.value.diagnostic.span) == "<string>:1:10"
    assert "never closed" in caught.value.diagnostic.message


def test_multi_line_text_whose_line_starts_with_claim_is_not_taken_for_a_runaway() -> None:
    text = 'claim a: "Moscow denies the\n  claim made by Washington" @\n'
    with pytest.raises(argmap.ParseError, match="unexpected character '@'"):
        argmap.parse(text)


def test_long_word_in_a_message_is_shortened() -> None:
    with pytest.raises(argmap.ParseError) as caught:
        argmap.parse('claim a: "x" credibility ' + "9" * 5000 + "\n")
    assert len(caught.value.diagnostic.message) < 120


def test_long_line_is_shown_as_a_window_around_the_column() -> None:
    with pytest.raises(argmap.ParseError) as caught:
        argmap.parse('claim a: "' + "x" * 1_000_000 + '" @\n')
    report = caught.value.report().splitlines()
    assert report[0] == "<string>:1:1000013: unexpected character '@'"
    assert all(len(line) < 200 for line in report)
    assert report[1][report[2].index("^")] == "@"


# --- what Lark reads to find a mistake --------------------------------------------


def _outcome(read: Callable[[], argmap.ArgumentMap]) -> object:
    """The map with its spans, or the error's report and where it ends."""
    try:
        return attrs.asdict(read())
    except argmap.ParseError as error:
        span = error.diagnostic.span
        return error.report(), span.end_line, span.end_column


@st.composite
def _long_lists(draw: st.DrawFn) -> str:
    """A statement with a list of tens of ids (some spelled like keywords), between others, often with a mistake."""
    words = st.sampled_from(["a", "b2", "x-y", "é", "claim", "and", "by", "in", "tags", "to", "supports"])
    count = draw(st.integers(1, 80))  # drawn first: a list's own sizes lean small, and the long ones matter here
    ids = draw(st.lists(words, min_size=count, max_size=count))
    separators = draw(st.lists(st.sampled_from([", ", " and ", ",\n  ", " # c\n, "]), min_size=len(ids)))
    if draw(st.booleans()):  # a mistake inside the list
        separators[draw(st.integers(0, len(ids) - 1))] = draw(st.sampled_from([" ", ", ,", " and and ", ' "x" ']))
    listed = ids[0] + "".join(s + i for s, i in zip(separators, ids[1:], strict=False))
    head = draw(st.sampled_from(["", 'claim q: "t" by ', 'argument g "t" tags ', 'argument g "t" {\n', "expect "]))
    tail = draw(st.sampled_from([" supports z", " support :", " together support z", ' "x"', " }", " {", ",", ""]))
    around = st.sampled_from(["", 'claim p: "t"\n', 'title "a"\n', "}\n", 'argument h "u" {\n premise p: "t"\n}\n'])
    return draw(around) + head + listed + tail + "\n" + draw(around)


_DETAILS = {  # what each statement may repeat, and what it may give once
    'claim q: "t"': (["tags a", 'note "n"', "by k", "supports b", "cite s", 'quote s "q"'],
                     ['confidence "likely"', "probability 70%", "credibility 2"]),
    'source s "t"': (["tags a", 'note "n"'], ['file "f"', "reliability B"]),
    'actor k "K"': (["tags a", 'note "n"', "unnamed"], ['role "r"']),
    'argument g "t"': (["tags a", 'note "n"', "by k", "cite s"], []),
}  # fmt: skip


@st.composite
def _long_details(draw: st.DrawFn) -> str:
    """A statement with tens of details, now and then one given once (or twice), often with a mistake."""
    head = draw(st.sampled_from(sorted(_DETAILS)))
    repeated, once = _DETAILS[head]
    count = draw(st.integers(0, 60))
    details = draw(st.lists(st.sampled_from(repeated), min_size=count, max_size=count))
    for given_once in draw(st.lists(st.sampled_from(once), max_size=2)) if once else []:
        details.insert(draw(st.integers(0, len(details))), given_once)
    if draw(st.booleans()):  # a mistake among them
        details.insert(draw(st.integers(0, len(details))), draw(st.sampled_from(["@", '"x"', "tags", "by ,", "}"])))
    separator = draw(st.sampled_from([" ", "\n  ", " # c\n  "]))
    around = st.sampled_from(["", 'claim p: "t"\n', "}\n", 'argument h "u" {\n premise p: "t"\n'])
    body = draw(st.sampled_from(["", " {\n}", ' {\n premise p: "t"', " @"])) if head.startswith("argument") else ""
    return draw(around) + head + "".join(separator + d for d in details) + body + "\n" + draw(around)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(_long_lists(), _long_details(), hostile.seed_mutants(), hostile.token_soup()))
def test_a_mistake_is_reported_as_lark_reports_it_from_the_whole_map(text: str) -> None:
    """Lark reads only where the fast reader stopped, the rest blanked; what it says must not change."""
    whole = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    if "\x00" in whole or re.search("[\ud800-\udfff]", whole):
        return  # refused before either reader
    assert _outcome(lambda: argmap.parse(text, "m.arg")) == _outcome(lambda: larkparse.parse_text(whole, "m.arg"))


@pytest.mark.parametrize(
    "written",
    [
        lambda n: ", ".join(f"a{i}" for i in range(n)) + " support :\n",  # 4 to 17 s for 1 MB of ids
        lambda n: 'claim b: "y"' + " tags t" * n + " @\n",  # 20 s for 1 MB of details
    ],
    ids=["a list of ids", "a run of details"],
)
def test_a_mistake_after_a_long_run_costs_lark_the_same_whatever_its_length(
    monkeypatch: pytest.MonkeyPatch, written: Callable[[int], str]
) -> None:
    """Lark once read all of it, twice; its ends say all the message needs."""
    read: list[str] = []
    lark_read = larkparse._read

    def spy(focus: larkparse._Focus) -> argmap.ArgumentMap | larkparse._Mistake:
        read.append(focus.lark_text())
        return lark_read(focus)

    monkeypatch.setattr(larkparse, "_read", spy)
    words = []
    for count in (1_000, 10_000):
        read.clear()
        with pytest.raises(argmap.ParseError):
            argmap.parse('claim a: "x"\n' + written(count))
        (lark_text,) = read  # the mistake was found in what the fast reader left, not in the whole map
        words.append(len(re.findall(r"\w+", lark_text)))
    assert words[0] == words[1] < 50
