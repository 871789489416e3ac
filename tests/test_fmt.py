"""`argmap fmt`'s canonical layout, one rule per test (docs/language.md, "Formatting")."""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

import pytest

from argmap.edit import fmt as fmt_module
from argmap.edit.fmt import FormatError, format_text
from argmap.errors import ParseError
from argmap.read.parser import parse


def fmt(text: str, width: int = 100) -> str:
    """The layout of a map written as an indented block in a test."""
    return format_text(textwrap.dedent(text).lstrip("\n"), "test.arg", width)


def lines(text: str) -> str:
    """An expected layout, written as an indented block."""
    return textwrap.dedent(text).lstrip("\n")


# --- statements and details ------------------------------------------------------------


def test_statements_start_at_the_margin_and_an_arguments_members_two_spaces_in() -> None:
    assert fmt("""
        argument a "A" {
                premise p: "P."
        conclusion c: "C."
            }
          expect   c in
    """) == lines("""
        argument a "A" {
          premise p: "P."
          conclusion c: "C."
        }

        expect c in
    """)


def test_a_claims_details_go_one_per_line_two_spaces_deeper() -> None:
    assert fmt('claim c: "C." by kremlin cite ap tags arms\n') == lines("""
        claim c: "C."
          by kremlin
          cite ap
          tags arms
    """)


def test_details_are_written_in_the_grammars_order() -> None:
    written = """
        claim c: "C."
          supports d
          note "n"
          tags t
          credibility 2
          probability 0.7
          likelihood "likely"
          cite ap
          quote ap "q"
          by kremlin
    """
    assert fmt(written) == lines("""
        claim c: "C."
          by kremlin
          quote ap "q"
          cite ap
          likelihood "likely"
          probability 0.7
          credibility 2
          tags t
          note "n"
          supports d
    """)


def test_details_of_one_kind_keep_their_order() -> None:
    assert fmt('claim c: "C." quote ap "second" by k quote ap "first"\n') == lines("""
        claim c: "C."
          by k
          quote ap "second"
          quote ap "first"
    """)


def test_a_claims_own_links_come_last_supports_then_attacks_then_contradicts() -> None:
    assert fmt('claim c: "C." contradicts e rebuts d supports b by k\n') == lines("""
        claim c: "C."
          by k
          supports b
          rebuts d
          contradicts e
    """)


def test_a_source_that_fits_goes_on_one_line() -> None:
    assert fmt('source ap "Associated Press"\n  reliability B\n  tags wire\n') == (
        'source ap "Associated Press" reliability B tags wire\n'
    )


def test_a_source_too_long_for_one_line_gets_a_detail_per_line() -> None:
    written = 'source ap "Associated Press" file "wire.txt" reliability B note "Everything the wire said that week."\n'
    assert fmt(written, width=60) == lines("""
        source ap "Associated Press"
          file "wire.txt"
          reliability B
          note "Everything the wire said that week."
    """)


def test_an_actors_unnamed_stays_on_its_first_line() -> None:
    written = 'actor critics "Critics within Russia" role "a small groundswell of critical opinion" unnamed\n'
    assert fmt(written, width=60) == lines("""
        actor critics "Critics within Russia" unnamed
          role "a small groundswell of critical opinion"
    """)


def test_an_argument_header_that_fits_holds_its_details_and_its_brace() -> None:
    written = 'argument a "A"\n  by k\n  cite ap\n{\n  premise p: "P."\n}\n'
    assert fmt(written) == 'argument a "A" by k cite ap {\n  premise p: "P."\n}\n'


def test_an_argument_header_too_long_for_one_line_puts_its_brace_on_a_line_of_its_own() -> None:
    written = 'argument a "Observers: up to US$7 billion over five years" by observers cite segodnya { premise p }\n'
    assert fmt(written, width=60) == lines("""
        argument a "Observers: up to US$7 billion over five years"
          by observers
          cite segodnya
        {
          premise p
        }
    """)


def test_words_are_one_space_apart_with_none_before_a_comma_a_colon_or_a_percent_sign() -> None:
    assert fmt('claim   c :"C."\n  probability 70 %\na ,b   support c\n') == lines("""
        claim c: "C."
          probability 70%

        a, b support c
    """)


def test_ids_lists_and_link_words_are_kept_as_written() -> None:
    assert fmt("a and b together support c\nd, e support c\nx undercut p to c\n") == lines("""
        a and b together support c
        d, e support c
        x undercut p to c
    """)


def test_a_contradictions_reason_stays_on_its_line_when_it_fits() -> None:
    assert fmt('a contradicts b\n  acknowledged "On purpose."\n') == 'a contradicts b acknowledged "On purpose."\n'


def test_a_contradictions_long_reason_goes_on_the_next_line_two_spaces_in() -> None:
    written = 'a contradicts b acknowledged "The piece itself calls this one of the major contradictions."\n'
    assert fmt(written, width=50) == lines("""
        a contradicts b
          acknowledged "The piece itself calls this one of
            the major contradictions."
    """)


# --- texts ---------------------------------------------------------------------------


def test_a_claims_text_is_filled_to_the_line_length_and_continues_four_spaces_in() -> None:
    written = 'claim c: "The offer to buy Russian arms in itself gave Iran some leverage over Russian policy."\n'
    assert fmt(written, width=40) == lines("""
        claim c: "The offer to buy Russian arms
            in itself gave Iran some leverage
            over Russian policy."
    """)


def test_a_quote_continues_two_spaces_deeper_than_its_line() -> None:
    written = 'claim c: "C." quote monitor "the offer to buy Russian arms had in itself given Iran some leverage"\n'
    assert fmt(written, width=50) == lines("""
        claim c: "C."
          quote monitor "the offer to buy Russian arms had
            in itself given Iran some leverage"
    """)


def test_a_text_broken_by_hand_is_filled_again() -> None:
    written = 'claim c: "one\n      two\n   three"\n'
    assert fmt(written) == 'claim c: "one two three"\n'


def test_a_text_is_broken_only_where_one_space_stands_between_words() -> None:
    written = 'claim c: "aaaa  bbbb\tcccc dddd"\n'
    assert fmt(written, width=24) == 'claim c: "aaaa  bbbb\tcccc\n    dddd"\n'


def test_a_long_run_of_blanks_in_a_text_of_several_lines_is_kept_as_written() -> None:
    """Folded with a pattern that ran through such a run from each of its blanks, 40 KB of them took 7 s."""
    blanks = " \t" * 100_000
    written = f'claim c: "first\n  second{blanks}third"\n'
    assert format_text(written) == f'claim c: "first\n    second{blanks}third"\n'  # a word longer than the line


def test_a_word_longer_than_the_line_gets_a_line_of_its_own() -> None:
    written = 'claim c: "see https://example.org/a/very/long/address/that/does/not/fit here"\n'
    assert fmt(written, width=30) == lines("""
        claim c: "see
            https://example.org/a/very/long/address/that/does/not/fit
            here"
    """)


def test_names_files_includes_and_confidence_terms_are_never_broken() -> None:
    written = lines("""
        title "Khatami in Moscow: Russian-Iranian arms cooperation and its critics"
        include "a folder with spaces/and a long name.arg"
        source m "The Monitor, volume 7, issue 55" file "../seeds/a file name with spaces.txt"
        actor k "The Kremlin and Russian officials"
        argument a "Hopes of a strategic partnership were not fulfilled" {
          premise p: "P."
            likelihood "roughly even chance"
        }
    """)
    assert fmt(written, width=20) == lines("""
        title "Khatami in Moscow: Russian-Iranian arms cooperation and its critics"
        include "a folder with spaces/and a long name.arg"
        source m "The Monitor, volume 7, issue 55"
          file "../seeds/a file name with spaces.txt"
        actor k "The Kremlin and Russian officials"

        argument a "Hopes of a strategic partnership were not fulfilled" {
          premise p: "P."
            likelihood "roughly even chance"
        }
    """)


def test_the_line_length_decides_where_texts_break() -> None:
    written = 'claim c: "one two three four five six seven eight"\n'
    assert fmt(written, width=30) == 'claim c: "one two three four\n    five six seven eight"\n'
    assert fmt(written, width=60) == written


def test_a_text_keeps_its_escapes() -> None:
    written = 'claim c: "He called it \\"defensive\\", with a \\\\ in it."\n'
    assert fmt(written, width=30) == 'claim c: "He called it\n    \\"defensive\\", with a \\\\\n    in it."\n'


# --- blank lines -----------------------------------------------------------------------


def test_a_claim_of_several_lines_stands_apart_by_a_blank_line() -> None:
    assert fmt('expect a in\nclaim c: "C."\n  by k\nexpect c in\n') == lines("""
        expect a in

        claim c: "C."
          by k

        expect c in
    """)


def test_one_line_statements_keep_the_blank_lines_written_between_them_one_at_most() -> None:
    assert fmt("expect a in\nexpect b in\n\n\n\nexpect c in\n") == "expect a in\nexpect b in\n\nexpect c in\n"


def test_no_blank_line_opens_or_closes_an_arguments_body() -> None:
    assert fmt('argument a "A" {\n\n  premise p\n\n\n  premise q\n\n}\n') == lines("""
        argument a "A" {
          premise p

          premise q
        }
    """)


def test_the_text_ends_with_one_line_end_and_no_line_ends_with_blanks() -> None:
    assert fmt("\n\n  expect a in   \n\n\n") == "expect a in\n"


def test_a_text_with_no_statement_stays_empty() -> None:
    assert fmt("\n   \n") == ""


def test_line_ends_become_newlines_and_a_byte_order_mark_is_dropped() -> None:
    assert format_text("\ufeffexpect a in\r\nexpect b in\rexpect c in\r\n") == "expect a in\nexpect b in\nexpect c in\n"


# --- comments --------------------------------------------------------------------------


def test_a_comment_on_its_own_line_stays_before_the_statement_after_it() -> None:
    assert fmt("expect a in\n    # why b\nexpect b in\n") == "expect a in\n# why b\nexpect b in\n"


def test_a_comment_after_code_stays_at_the_end_of_its_line() -> None:
    assert fmt("expect a in   # the hedge stands\n") == "expect a in  # the hedge stands\n"


def test_comments_ending_consecutive_lines_are_aligned_two_spaces_past_the_longest() -> None:
    assert fmt('include "a.arg" # one\ninclude "longer.arg" # two\n\ninclude "c.arg"     # three\n') == lines("""
        include "a.arg"       # one
        include "longer.arg"  # two

        include "c.arg"  # three
    """)


def test_a_comment_before_a_detail_moves_with_the_detail() -> None:
    assert fmt('claim c: "C."\n  # the Monitor\'s words\n  quote m "q"\n  by k\n') == lines("""
        claim c: "C."
          by k
          # the Monitor's words
          quote m "q"
    """)


def test_a_comment_after_a_detail_stays_on_the_details_line() -> None:
    assert fmt('claim c: "C."\n  tags t  # for the legend\n  by k\n') == lines("""
        claim c: "C."
          by k
          tags t  # for the legend
    """)


def test_a_comment_inside_a_source_keeps_its_details_on_lines_of_their_own() -> None:
    assert fmt('source ap "AP"  # the wire\n  reliability B\n') == 'source ap "AP"  # the wire\n  reliability B\n'


def test_comments_before_the_closing_brace_stay_inside_the_argument() -> None:
    assert fmt('argument a "A" {\n  premise p\n# more to come\n}\n') == lines("""
        argument a "A" {
          premise p
          # more to come
        }
    """)


def test_comments_after_the_last_statement_stay_at_the_end_with_their_blank_line() -> None:
    assert fmt("expect a in\n\n# the end\n# really\n") == "expect a in\n\n# the end\n# really\n"


def test_a_comment_set_apart_by_a_blank_line_stays_apart() -> None:
    assert fmt("# About this file.\n\n\n# About a.\nexpect a in\n") == "# About this file.\n\n# About a.\nexpect a in\n"


def test_a_comment_before_a_claim_of_several_lines_goes_with_it_past_the_blank_line() -> None:
    assert fmt('expect a in\n# about c\nclaim c: "C."\n  by k\n') == lines("""
        expect a in

        # about c
        claim c: "C."
          by k
    """)


def test_comments_that_land_on_one_line_are_joined_in_order() -> None:
    assert fmt("claim c: \"C.\"\n  cite a,  # one\n    b  # two\n") == 'claim c: "C."\n  cite a, b  # one # two\n'


# --- the documentation ----------------------------------------------------------------

LANGUAGE_DOC = Path(__file__).resolve().parents[1] / "docs" / "language.md"
_BLOCK = r"((?:    .*\n|\n)+?)"  # an indented block of a Markdown page
_EXAMPLE = re.compile(rf"Given\n\n{_BLOCK}\nit writes \(with `line-length = (\d+)`\):\n\n{_BLOCK}\n\S")


def test_the_example_in_the_language_reference_is_what_fmt_writes() -> None:
    section = LANGUAGE_DOC.read_text(encoding="utf-8").split("\n## Formatting\n", 1)[1]
    example = _EXAMPLE.search(section)
    assert example is not None, "the example in docs/language.md, Formatting, is not where it was"
    given, width, written = example.groups()
    assert fmt(textwrap.dedent(given), int(width)) == textwrap.dedent(written)


# --- what is refused ------------------------------------------------------------------


def test_a_text_that_is_not_a_map_raises_the_located_error_parse_gives() -> None:
    with pytest.raises(ParseError) as expected:
        parse('claim c: "C."\n  by\n', "bad.arg")
    with pytest.raises(ParseError) as caught:
        format_text('claim c: "C."\n  by\n', "bad.arg")
    assert caught.value.report() == expected.value.report()
    assert str(caught.value.diagnostic.span).startswith("bad.arg:2:")


def test_a_layout_that_would_say_something_else_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(fmt_module._Layout, "text", lambda self, syntax: "expect b in\n")
    with pytest.raises(FormatError, match="would say something else"):
        format_text("expect a in\n", "a.arg")


def test_a_layout_that_does_not_read_back_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(fmt_module._Layout, "text", lambda self, syntax: "expect a\n")
    with pytest.raises(FormatError, match="does not read back"):
        format_text("expect a in\n", "a.arg")
