"""A review written out: text (coloured only when asked), Markdown safe for a comment, JSON of docs/diff.md's schema."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from argmap.read.parser import parse
from argmap.review import FORMATS, Review, compare
from argmap.review.diff import KINDS, LINK_KINDS
from argmap.review.output import _KIND_WORDS, _LINK_WORDS, FOLD_AFTER, MARKDOWN_LIMIT, md

CASES = Path(__file__).parent / "diff"
BASE = (CASES / "base.arg").read_text(encoding="utf-8")
DOCS = Path(__file__).resolve().parents[1] / "docs" / "diff.md"
REBUTTAL = 'rebuttal binding: "The accord binds both sides."\n  by analysts\n  rebuts framework_only\n'


def _review(new_text: str, old_text: str = BASE) -> Review:
    return compare(parse(old_text, "old.arg"), parse(new_text, "new.arg"), "old.arg", "new.arg")


def _schema() -> dict[str, Any]:
    block = re.search(r"```json\n(.*?)\n```", DOCS.read_text(encoding="utf-8"), re.DOTALL)
    assert block is not None
    schema: dict[str, Any] = json.loads(block.group(1))
    return schema


# --- text ----------------------------------------------------------------------------


def test_text_starts_with_the_summary_and_says_what_changed() -> None:
    text = FORMATS["text"](_review(BASE + REBUTTAL), False)
    lines = text.splitlines()
    assert (
        lines[1]
        == "3 claims change status, 1 finding appeared, 2 expectations now fail; claims: 1 added; links: 1 added"
    )
    assert "  ~ framework_only: in → out" in lines
    assert "  + binding (rebuttal): The accord binds both sides." in lines
    assert "  + binding rebuts framework_only" in lines
    assert "\x1b[" not in text


def test_text_in_colour_only_when_asked() -> None:
    review = _review(BASE + REBUTTAL)
    coloured = FORMATS["text"](review, True)
    assert "\x1b[32m  + binding rebuts framework_only\x1b[0m" in coloured
    assert re.sub(r"\x1b\[\d+m", "", coloured) == FORMATS["text"](review, False)


def test_text_shows_changed_words_in_brackets() -> None:
    text = FORMATS["text"](_review(BASE.replace("go ahead this summer", "go ahead next summer")), False)
    assert "text: The deal will go ahead [-this-] {+next+} summer." in text


def test_text_escapes_what_a_terminal_would_act_on() -> None:
    text = FORMATS["text"](_review(BASE + 'claim evil: "Erase \x1b[2J the screen"\n'), False)
    assert "\x1b" not in text
    assert "Erase \\x1b[2J the screen" in text


def test_no_change_of_meaning_says_so() -> None:
    assert FORMATS["text"](_review(BASE), False).splitlines()[1] == "no change of meaning"
    assert "**no change of meaning**" in FORMATS["markdown"](_review(BASE), False)


# --- markdown ------------------------------------------------------------------------


def test_markdown_starts_with_a_heading_and_the_summary_in_bold() -> None:
    lines = FORMATS["markdown"](_review(BASE + REBUTTAL), False).splitlines()
    assert lines[0] == "### argmap diff: new\\.arg"
    assert lines[2].startswith("**3 claims change status")
    body = "\n".join(lines)
    assert "#### Claims that change status" in body
    assert "| `framework_only` | ✓ in | ✗ out | attacked by binding, which is in |" in body
    assert "<details><summary>Why each was as it was</summary>" in body
    assert "#### Expectations" in body and "**now fails**" in body


def test_markdown_folds_a_long_section() -> None:
    many = "".join(f'claim extra{n}: "Extra claim {n}."\n' for n in range(FOLD_AFTER + 1))
    text = FORMATS["markdown"](_review(BASE + many), False)
    assert f"<details><summary><b>Claims added</b> ({FOLD_AFTER + 1})</summary>" in text
    short = FORMATS["markdown"](_review(BASE + 'claim extra: "One."\n'), False)
    assert "#### Claims added" in short and "<summary><b>Claims added" not in short


def test_markdown_shows_changed_words_struck_out_and_inserted() -> None:
    text = FORMATS["markdown"](_review(BASE.replace("go ahead this summer", "go ahead next summer")), False)
    assert "go ahead <del>this</del> <ins>next</ins> summer\\." in text


HOSTILE = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "**bold** and _it_ and `code`",
    "[a link](https://example.com) and ![an image](https://example.com/x.png)",
    "@octocat and @org/team",
    "| a | table | row |",
    "</details><details open>",
    "# a heading",
    "&lt;already escaped&gt;",
]


@pytest.mark.parametrize("payload", HOSTILE)
def test_markdown_escapes_map_text_so_it_cannot_add_markup(payload: str) -> None:
    escaped = payload.replace("\\", "\\\\").replace('"', '\\"')
    text = FORMATS["markdown"](_review(BASE + f'claim hostile: "{escaped}"\n'), False)
    line = next(line for line in text.splitlines() if "`hostile`" in line)
    shown = line.split(": ", 1)[1]
    assert "<" not in shown and ">" not in shown
    assert "](" not in shown and "@" not in shown
    for mark in "*_`[]|#":  # each one escaped (the `#` of `&#64;` aside)
        assert re.search(r"(?<!\\)" + re.escape(mark), shown.replace("&#64;", "")) is None, mark


def test_md_escapes_every_markdown_and_html_character() -> None:
    assert md("a*b_c<d>&e@f") == "a\\*b\\_c&lt;d&gt;&amp;e&#64;f"
    assert md("two\nlines") == "two lines"


# --- json ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "new_text",
    [
        BASE,
        BASE + REBUTTAL,
        BASE.replace("framework_only", "only_framework").replace("reliability C", "reliability D"),
        BASE.replace('title "Will the deal go ahead?"', 'title "Another title"') + 'actor critics "Critics"\n',
        BASE.replace("  by observers\n  cite wire", "  by observers, analysts\n  cite wire"),
    ],
)
def test_json_follows_the_documented_schema(new_text: str) -> None:
    data = json.loads(FORMATS["json"](_review(new_text), False))
    jsonschema.validate(data, _schema())


def test_json_says_everything_the_text_says() -> None:
    data = json.loads(FORMATS["json"](_review((BASE + REBUTTAL).replace("framework_only", "only_framework")), False))
    assert data["argmap_diff"] == 1 and data["changed"] is True
    assert [(t["kind"], t["id"]) for t in data["added"]] == [("claim", "binding")]
    assert [(m["old_id"], m["id"]) for m in data["modified"]] == [("framework_only", "only_framework")]
    assert [(k["kind"], k["text"], k["ends"]) for k in data["links_added"]] == [
        ("rebut", "binding rebuts only_framework", ["binding", "only_framework"])
    ]
    assert {s["claim"]: (s["old"], s["new"]) for s in data["statuses"]}["only_framework"] == ("in", "out")
    assert [(e["claim"], e["fails"]) for e in data["expectations"]] == [("goes_ahead", True), ("only_framework", True)]


def test_json_is_the_same_each_time() -> None:
    first = FORMATS["json"](_review(BASE + REBUTTAL), False)
    assert first == FORMATS["json"](_review(BASE + REBUTTAL), False)


def test_a_long_markdown_review_is_cut_short_to_fit_a_comment() -> None:
    many = "".join(f'claim extra{n}: "{"A long claim text to fill the comment. " * 8}"\n' for n in range(400))
    text = FORMATS["markdown"](_review(BASE + many), False)
    assert len(text) <= MARKDOWN_LIMIT
    assert "*The review is cut short here," in text
    assert text.count("<details") == text.count("</details>")


def test_every_link_kind_has_words() -> None:
    assert set(_LINK_WORDS) == set(LINK_KINDS)
    assert set(_KIND_WORDS) == set(KINDS)
