"""The key: one table of only what the picture draws, drawn from the look table."""

from __future__ import annotations

import re
from pathlib import Path

import argmap
from argmap.draw.compile import Options, compile_map
from argmap.draw.key import KEY_COLUMNS, Drawn, key_rows
from argmap.draw.style import EDGE_LOOKS, EDGE_WORDS, STATUS_WORDS
from argmap.model import Status

SEED_INDEX = Path(__file__).parent.parent / "maps" / "khatami.arg"


def key_of(**options: object) -> str:
    source = compile_map(argmap.load(SEED_INDEX), Options(**options)).source  # type: ignore[arg-type]
    label = re.search(r"^\tgraph \[label=(<.*>) labelloc=t\]$", source, re.MULTILINE)
    assert label
    return label.group(1)[label.group(1).index("<B>Key</B>") :]


def test_a_picture_with_nothing_to_explain_has_no_key() -> None:
    assert key_rows(Drawn()) == []


def columns(row: str) -> int:
    spans = (re.search(r'COLSPAN="(\d+)"', cell) for cell in re.findall(r"<TD[^>]*>", row))
    return sum(int(span.group(1)) if span else 1 for span in spans)


def test_each_row_spans_the_keys_columns() -> None:
    drawn = Drawn(links=set(EDGE_WORDS), top=True, statuses=True, quoted=True, inks=[("Felgenhauer", "#000000")])
    assert all(columns(row) == KEY_COLUMNS for row in key_rows(drawn))


def test_every_link_is_drawn_in_its_own_colour_and_line_style() -> None:
    for link in EDGE_WORDS:
        row = key_rows(Drawn(links={link}))[1]
        assert EDGE_LOOKS[link]["color"].split(":")[0] in row and EDGE_WORDS[link] in row
    assert 'STYLE="dashed"' in key_rows(Drawn(links={"undermine"}))[1]
    assert 'STYLE="dotted"' in key_rows(Drawn(links={"undercut"}))[1]
    assert "STYLE" not in key_rows(Drawn(links={"rebut"}))[1].split("</TD>")[0]


def test_the_full_picture_explains_the_links_marks_and_actors_it_draws() -> None:
    key = key_of()
    for words in ("supports", "rebuts a claim", "undermines a premise", "undercuts the inference"):
        assert words in key
    assert "contradicts, acknowledged" in key and "what the map concludes" in key
    assert "quotes its source" in key and "source reliability B, credibility 2" in key and "likelihood" in key
    assert "<B>Actors</B>" in key and "Pavel Felgenhauer" in key and "3 other actors" in key
    assert "contradicts</TD>" not in key  # the seed's one contradiction is acknowledged


def test_a_focus_view_has_a_key_of_a_few_lines() -> None:
    key = key_of(focus="befriend", depth=1)
    assert "contradicts, acknowledged" in key and "supports" not in key and "what the map concludes" not in key
    assert key.count("<TR>") <= 8


def test_status_swatches_join_the_key_only_in_the_status_view() -> None:
    assert not any(f"{word}</TD>" in key_of() for word in STATUS_WORDS.values())
    seed = argmap.load(SEED_INDEX)
    statuses = {c.id: Status.IN for c in seed.claims}
    assert all(f"{word}</TD>" in key_of(statuses=statuses) for word in STATUS_WORDS.values())


def test_tags_replace_actors_when_claims_are_coloured_by_tag() -> None:
    key = key_of(color_by="tag")
    assert "<B>Tags</B>" in key and "<B>Actors</B>" not in key and "arms</TD>" in key
