"""`argmap.read.syntax`: a map as written, each comment handed to the word it belongs to."""

from __future__ import annotations

import pytest

from argmap.errors import ParseError
from argmap.read.parser import parse
from argmap.read.syntax import Comment, Node, Word, read_syntax


def words_of(text: str) -> dict[str, Word]:
    """The words of a text by what they say (each written once in the tests' texts)."""
    syntax = read_syntax(text, "t.arg")
    return {word.text: word for statement in syntax.statements for word in statement.words()}


def test_statements_are_nodes_named_after_the_grammars_rules() -> None:
    syntax = read_syntax('source ap "AP" reliability B\nexpect c in\n')
    assert [statement.kind for statement in syntax.statements] == ["source", "expect"]
    source = syntax.statements[0]
    assert [item.kind if isinstance(item, Node) else item.text for item in source.items] == [
        "source", "ap", '"AP"', "reliability",
    ]  # fmt: skip


def test_words_of_lists_texts_and_links_are_folded_into_their_statement() -> None:
    syntax = read_syntax("a, b support c\n")
    assert [word.text for word in syntax.statements[0].words()] == ["a", ",", "b", "support", "c"]
    assert all(isinstance(item, Word) for item in syntax.statements[0].items)


def test_a_text_keeps_its_quotes_escapes_and_line_breaks() -> None:
    text = words_of('claim c: "a \\"b\\"\n   c"\n')['"a \\"b\\"\n   c"']
    assert text.is_text and text.kind == "STRING"


def test_a_comment_on_its_own_line_belongs_to_the_word_after_it() -> None:
    syntax = read_syntax("expect a in\n# why\nexpect b out\n")
    assert syntax.statements[1].first_word().leading == (Comment("# why"),)


def test_a_comment_after_code_belongs_to_the_word_it_follows() -> None:
    words = words_of("a supports b   # the reason   \nexpect c in\n")
    assert words["b"].trailing == Comment("# the reason")
    assert words["expect"].leading == ()


def test_a_comment_after_a_text_of_several_lines_belongs_to_the_text() -> None:
    words = words_of('claim c: "one\n  two"  # note\n')
    assert words['"one\n  two"'].trailing == Comment("# note")


def test_comments_after_the_last_statement_belong_to_the_end() -> None:
    syntax = read_syntax("expect a in\n\n# the end\n")
    assert syntax.end.leading == (Comment("# the end", blank_before=True),)


def test_blank_lines_before_a_word_and_before_a_comment_are_recorded() -> None:
    syntax = read_syntax("expect a in\n\n# about b\n\nexpect b in\nexpect c in\n")
    b, c = syntax.statements[1].first_word(), syntax.statements[2].first_word()
    assert b.leading == (Comment("# about b", blank_before=True),)
    assert (b.blank_before, c.blank_before) == (True, False)


def test_a_text_that_is_not_a_map_raises_the_error_parse_gives() -> None:
    with pytest.raises(ParseError) as expected:
        parse("expect a\n", "bad.arg")
    with pytest.raises(ParseError) as caught:
        read_syntax("expect a\n", "bad.arg")
    assert caught.value.report() == expected.value.report()
