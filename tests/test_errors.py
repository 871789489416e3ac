"""Syntax errors read as a reader's words: every tailored message, each with its fixture.

Each file in `errors/` starts with `# error: LINE:COL: message`, the first line
the parser must report for it (after the file name). New fixtures are picked up
automatically.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

import attrs
import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import argmap
import hostile  # tests/hostile.py: the strategies, shared with bench/fuzz.py
from argmap.checks import run_checks
from argmap.cli import main as cli_main
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
                     ['likelihood "likely"', "probability 70%", "credibility 2"]),
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


# --- one explainer per mistake -------------------------------------------------------------

FIXTURES_NAMED = re.compile(r"Fixtures?: ([\w.,\s]+)\.\s*$")


def _fixtures_of(explainer: str) -> list[str]:
    doc = getattr(larkparse, f"_{explainer}").__doc__ or ""
    found = FIXTURES_NAMED.search(doc)
    assert found, f"the explainer {explainer} names no fixture in its docstring ('Fixture: name.arg.')"
    return [name.strip() for name in found.group(1).split(",")]


@pytest.mark.parametrize("explainer", larkparse.explainer_names())
def test_each_explainer_names_its_fixtures_and_explains_them(explainer: str) -> None:
    for name in _fixtures_of(explainer):
        text = (ERRORS / name).read_text(encoding="utf-8")
        assert larkparse.explained_by(text, name) == explainer, name


def test_every_fixture_lark_explains_belongs_to_one_explainer() -> None:
    named = {name for explainer in larkparse.explainer_names() for name in _fixtures_of(explainer)}
    explained = {f.name for f in FIXTURES if larkparse.explained_by(f.read_text(encoding="utf-8"), f.name)}
    assert explained == named


# --- every syntax error at once -------------------------------------------------------------


def _errors(text: str) -> list[tuple[int, int, str]]:
    with pytest.raises(argmap.ParseError) as caught:
        argmap.parse(text, "m.arg")
    return [(d.span.line, d.span.column, d.message) for d in caught.value.diagnostics]


def test_a_file_with_three_syntax_errors_reports_three_each_where_it_is() -> None:
    text = (
        'source monitor "The Monitor"\n'
        'claim won "Tehran outplayed Moscow."\n'  # no colon
        'claim leverage: "The arms offer gave Iran leverage." credibility 9\n'  # out of range
        "leverage supports won\n"
        "expect won maybe\n"  # no such status
        'claim lobby: "The arms lobby pushed for it."\n'
    )
    found = _errors(text)
    assert [(line, column) for line, column, _ in found] == [(2, 11), (3, 66), (5, 12)]
    assert "':'" in found[0][2] and "credibility" in found[1][2] and "in, out or undec" in found[2][2]


def test_the_first_error_is_the_one_a_parse_error_names() -> None:
    with pytest.raises(argmap.ParseError) as caught:
        argmap.parse('claim a "x"\nclaim b "y"\n', "m.arg")
    error = caught.value
    assert len(error.diagnostics) == 2
    assert error.diagnostic is error.diagnostics[0]
    assert str(error) == error.diagnostic.headline() == "m.arg:1:9: put a ':' between the id and the text"
    assert error.report().count("put a ':'") == 2


def test_reading_goes_on_inside_the_argument_the_mistake_is_in() -> None:
    text = (
        'argument outplayed "Tehran outplayed Moscow" {\n'
        '  premise leverage: "The arms offer gave Iran leverage." @\n'
        '  premise lobby: "The arms lobby pushed for it."\n'
        '  conclusion won "Tehran outplayed Moscow."\n'
        "}\n"
        'claim after: "A claim after the argument."\n'
    )
    assert [(line, column) for line, column, _ in _errors(text)] == [(2, 58), (4, 18)]


def test_a_broken_argument_head_has_its_body_skipped_not_misread() -> None:
    text = (
        'argument outplayed "Tehran outplayed Moscow" by @ {\n'
        '  premise leverage: "The arms offer gave Iran leverage."\n'
        "}\n"
        'claim after "no colon"\n'
    )
    assert [(line, column) for line, column, _ in _errors(text)] == [(1, 49), (4, 13)]


def test_after_a_text_left_open_reading_goes_on_from_the_line_it_swallowed() -> None:
    text = (
        'claim won: "Felgenhauer wrote that Tehran outplayed Moscow\n'
        '  quote monitor "Tehran had outplayed Moscow"\n'
        'claim leverage: "The arms offer gave Iran leverage."\n'
        'claim after "no colon"\n'
    )
    assert [(line, column) for line, column, _ in _errors(text)] == [(1, 12), (4, 13)]


def test_past_fifty_errors_the_rest_are_counted() -> None:
    found = _errors("".join(f'claim c{i} "no colon"\n' for i in range(60)))
    assert len(found) == larkparse.MAX_REPORTED + 1
    assert [line for line, _, _ in found[:-1]] == list(range(1, 51))
    assert found[-1][:2] == (51, 11) and found[-1][2].startswith("and 10 more syntax errors")


def test_a_file_of_nothing_but_mistakes_is_counted_up_to_a_limit() -> None:
    found = _errors('claim c "no colon"\n' * 5_000)
    assert len(found) == larkparse.MAX_REPORTED + 1
    assert found[-1][2].startswith(f"and at least {larkparse.MAX_COUNTED - larkparse.MAX_REPORTED:,} more")


def test_lines_that_start_no_statement_after_a_mistake_are_passed_over_as_part_of_it() -> None:
    assert len(_errors("@\n" * 5_000)) == 1


# Statements that are well-formed, and lines that each hold one mistake and start as a statement does.
_GOOD = st.sampled_from([
    'source monitor "The Monitor" reliability B',
    'actor kremlin "The Kremlin" role "government"\n  tags russia',
    'claim won: "Tehran outplayed\n    Moscow." by kremlin cite monitor',
    'premise leverage: "The arms offer gave Iran leverage." likelihood "likely" probability 70%',
    "leverage, lobby support won",
    "doubt undercuts leverage to won",
    'won contradicts lost acknowledged "on purpose"',
    "expect won in",
    'argument outplayed "Tehran outplayed Moscow" {\n  premise leverage\n  conclusion won: "W."\n}',
    'acknowledge AM601 on kremlin "kept"',
    "# a comment",
])  # fmt: skip
# Each ends where nothing could go on, so the line after it cannot be read as its end.
_BAD = st.sampled_from([
    'claim late "no colon"',
    'claim a: "x" credibility 19',
    'title "a second title"',
    "expect won maybe",
    "leverage suports won",
    'premise c: "y" @ by k',
    'claim d: "x" probability 5 % %',
    'claim e: "x" "y"',
    'argument g { }',
])  # fmt: skip


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.booleans(), _GOOD, _BAD), min_size=1, max_size=8), _GOOD)
def test_each_broken_line_between_good_statements_is_one_error_and_nothing_else_is(
    lines: list[tuple[bool, str, str]], last: str
) -> None:
    """Reading on after a mistake never makes one up in the good statements that follow it, nor misses one."""
    written: list[str] = ['title "the map"']
    broken: list[int] = []
    for bad_first, good, bad in lines:
        for piece in ([bad, good] if bad_first else [good, bad]):
            if piece is bad:
                broken.append(sum(p.count("\n") + 1 for p in written) + 1)
            written.append(piece)
    written.append(last)
    found = _errors("\n".join(written) + "\n")
    assert [line for line, _, _ in found] == broken


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(hostile.seed_mutants(), hostile.token_soup(), st.text(max_size=300)))
def test_reading_on_after_mistakes_always_ends_with_located_errors(text: str) -> None:
    """Whatever the text, reading on after each mistake ends, within the limit, every error located in the text."""
    text = text.replace("\x00", "").translate({c: None for c in range(0xD800, 0xE000)})
    try:
        argmap.parse(text, "m.arg")
    except argmap.ParseError as error:
        assert 1 <= len(error.diagnostics) <= larkparse.MAX_REPORTED + 1
        lines = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n").count("\n") + 1
        for diagnostic in error.diagnostics:
            assert diagnostic.code == "AM001" and 1 <= diagnostic.span.line <= lines, diagnostic
        assert len(set(error.diagnostics)) == len(error.diagnostics)


@pytest.mark.parametrize("output_format", ["full", "concise", "json", "sarif", "github"])
def test_check_shows_every_syntax_error_in_every_format(
    output_format: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "argmap.toml").write_text("", encoding="utf-8")
    (tmp_path / "three.arg").write_text('claim a "x"\nclaim b: "y" @\nexpect b maybe\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli_main, ["check", "three.arg", "--output-format", output_format])
    assert result.exit_code == 1, result.output
    expected = [(1, 9), (2, 14), (3, 10)]
    if output_format == "json":
        assert [(d["line"], d["column"]) for d in json.loads(result.stdout)["diagnostics"]] == expected
    elif output_format == "sarif":
        results = json.loads(result.stdout)["runs"][0]["results"]
        regions = [r["locations"][0]["physicalLocation"]["region"] for r in results]
        assert [(r["startLine"], r["startColumn"]) for r in regions] == expected
    else:
        place = "three.arg:{}:{}:" if output_format != "github" else "line={},col={}"
        assert all(place.format(*where) in result.stdout for where in expected), result.stdout


# --- a rule's caret on the value it is about ------------------------------------------------


@pytest.mark.parametrize(
    ("code", "text", "place"),
    [
        ("AM401", 'claim deals: "Deals this summer."\n  likelihood "pretty likely"\n', (2, 14, 2, 29)),
        ("AM402", 'claim deals: "Deals this summer."\n  likelihood "likely" probability 30 %\n', (2, 35, 2, 39)),
        ("AM403", 'source monitor "The Monitor"\n  reliability G\n', (2, 15, 2, 16)),
    ],
)
def test_a_bad_value_is_pointed_at_not_the_id_of_what_holds_it(
    code: str, text: str, place: tuple[int, int, int, int]
) -> None:
    (found,) = [d for d in run_checks(argmap.parse(text, "v.arg"), select=[code]) if d.code == code]
    span = found.span
    assert (span.line, span.column, span.end_line, span.end_column) == place


def test_every_syntax_error_of_an_included_file_is_reported_in_that_file(tmp_path: Path) -> None:
    (tmp_path / "argmap.toml").write_text("", encoding="utf-8")
    (tmp_path / "index.arg").write_text('include "part.arg"\nclaim won: "W."\n', encoding="utf-8")
    (tmp_path / "part.arg").write_text('claim a "x"\nclaim b: "y"\nexpect b maybe\n', encoding="utf-8")
    with pytest.raises(argmap.ParseError) as caught:
        argmap.load(tmp_path / "index.arg")
    found = [(Path(d.span.file).name, d.span.line) for d in caught.value.diagnostics]
    assert found == [("part.arg", 1), ("part.arg", 3)]
