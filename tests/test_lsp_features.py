"""The language server's answers from one analysis, without a server: completion, places, which map a file is in."""

from __future__ import annotations

from pathlib import Path

import pytest
from lsprotocol import types
from pygls.workspace import PositionCodec

from argmap.edit.lsp.analysis import Analysis, analyse
from argmap.edit.lsp.features import At, Places, RenameRefused, code_actions, completions, hover, rename
from argmap.edit.lsp.project import IncludeGraph, MapReader

MAP = """\
source monitor "The Monitor" reliability B
actor analyst "An analyst"
argument deal "The deal" by analyst {
  premise sold: "Moscow sold arms." by analyst cite monitor
  conclusion paid: "Tehran paid."
}
claim doubt: "Nobody saw the money." by analyst
doubt rebuts paid
"""


@pytest.fixture
def analysis(tmp_path: Path) -> Analysis:
    path = tmp_path / "map.arg"
    path.write_text(MAP, encoding="utf-8")
    return analyse(MapReader(), path.resolve(), tmp_path.resolve(), {})


def labels(analysis: Analysis, line: str) -> set[str]:
    return {item.label for item in completions(analysis, line, len(line) + 1)}


@pytest.mark.parametrize(
    ("line", "wanted", "unwanted"),
    [
        ('claim x: "t" by ', {"analyst"}, {"monitor", "sold"}),
        ('claim x: "t" by analyst, ', {"analyst"}, {"monitor"}),
        ('claim x: "t" cite ', {"monitor"}, {"analyst"}),
        ("  quote ", {"monitor"}, {"analyst"}),
        ("doubt rebuts ", {"paid", "sold", "doubt"}, {"analyst", "deal"}),
        ("doubt undercuts ", {"deal", "paid"}, {"analyst"}),
        ("expect ", {"paid"}, {"analyst"}),
        ("expect paid ", {"in", "out", "undec"}, {"paid"}),
        ("acknowledge ", {"AM501", "AM601"}, {"paid"}),
        ("  reliability ", {"A", "F"}, set()),
        ("  credibility ", {"1", "6"}, set()),
        ('  likelihood "', {"likely", "almost no chance"}, {"paid"}),
        ("  confidence ", {"low", "moderate", "high"}, {"paid"}),
        ("prefer ", {"paid", "monitor"}, {"analyst"}),
        ("prefer paid over ", {"sold", "monitor"}, {"analyst"}),
        ("doubt ", {"rebuts", "supports", "contradicts"}, {"paid"}),
        ("", {"claim", "argument", "doubt"}, {"analyst"}),
    ],
)
def test_completion_offers_what_may_be_written_there(
    analysis: Analysis, line: str, wanted: set[str], unwanted: set[str]
) -> None:
    found = labels(analysis, line)
    assert wanted <= found
    assert not unwanted & found


def test_nothing_is_offered_inside_a_text(analysis: Analysis) -> None:
    assert labels(analysis, 'claim x: "Moscow by ') == set()


def test_places_count_the_clients_utf16_units_past_the_basic_plane(tmp_path: Path) -> None:
    text = 'claim x: "😀 emoji" by a\n'
    places = Places(PositionCodec(types.PositionEncodingKind.Utf16), lambda file: text)
    position = places.position("f", 1, text.index("by") + 1)
    assert position.character == text.index("by") + 1  # the emoji is two UTF-16 units
    assert places.place("f", position) == (1, text.index("by") + 1)


def test_rename_refuses_a_keyword_and_takes_a_fresh_id(analysis: Analysis) -> None:
    file = str(analysis.top)
    line, column = 8, 1  # `doubt` in `doubt rebuts paid`
    places = Places(PositionCodec(), analysis.text_of)
    at = At(analysis, file, line, column, places)
    for refused in ("claim", "supports", "paid", "no way"):
        with pytest.raises(RenameRefused):
            rename(at, refused)
    edit = rename(at, "suspicion")
    assert edit.changes is not None and len(next(iter(edit.changes.values()))) == 2


def test_a_file_included_from_two_folders_up_is_checked_through_the_nearest_map(tmp_path: Path) -> None:
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / "index.arg").write_text('include "a/b/part.arg"\n', encoding="utf-8")
    (tmp_path / "a" / "near.arg").write_text('include "b/part.arg"\n', encoding="utf-8")
    (tmp_path / "a" / "b" / "part.arg").write_text('claim x: "x"\n', encoding="utf-8")
    (tmp_path / "alone.arg").write_text('claim y: "y"\n', encoding="utf-8")
    graph = IncludeGraph(tmp_path.resolve(), dict)
    root = tmp_path.resolve()
    assert graph.map_of(root / "a" / "b" / "part.arg") == root / "a" / "near.arg"
    assert graph.map_of(root / "alone.arg") == root / "alone.arg"


def test_unsaved_text_stands_in_for_the_file_and_an_included_file_is_read_once_changed(tmp_path: Path) -> None:
    (tmp_path / "index.arg").write_text('include "part.arg"\nclaim a: "a"\na supports b\n', encoding="utf-8")
    (tmp_path / "part.arg").write_text('claim b: "b"\n', encoding="utf-8")
    reader = MapReader()
    root = tmp_path.resolve()
    first = analyse(reader, root / "index.arg", root, {})
    assert not [d for d in first.diagnostics[str(root / "index.arg")] if d.code == "AM101"]
    second = analyse(reader, root / "index.arg", root, {root / "part.arg": 'claim c: "c"\n'})
    assert [d.code for d in second.diagnostics[str(root / "index.arg")] if d.code == "AM101"] == ["AM101"]


def test_a_did_you_mean_replaces_the_word_the_message_names_and_keeps_its_quotes(analysis: Analysis) -> None:
    line = 'claim a: "x" likelihood "roughly evn chance"'
    start = line.index('"roughly')
    where = types.Range(start=types.Position(line=0, character=start), end=types.Position(line=0, character=len(line)))
    diagnostic = types.Diagnostic(
        range=where,
        message="'roughly evn chance' is not an ICD 203 estimative term",
        data={"rule": "AM401", "category": "error", "suggestion": "roughly even chance"},
    )
    actions = code_actions(analysis, "f", "file:///f", [diagnostic], line + "\n")
    assert [a.edit.changes["file:///f"][0].new_text for a in actions if a.edit and a.edit.changes] == [
        '"roughly even chance"'
    ]
    # A range on another word than the one the message names gets no fix.
    elsewhere = types.Range(start=types.Position(line=0, character=6), end=types.Position(line=0, character=7))
    moved = types.Diagnostic(range=elsewhere, message=diagnostic.message, data=diagnostic.data)
    assert code_actions(analysis, "f", "file:///f", [moved], line + "\n") == []


def test_hover_on_an_acknowledged_rule_says_what_the_rule_reports(tmp_path: Path) -> None:
    path = tmp_path / "map.arg"
    path.write_text('claim lonely: "x"\nacknowledge unlinked-claim on lonely "kept as context"\n', encoding="utf-8")
    found = analyse(MapReader(), path.resolve(), tmp_path.resolve(), {})
    at = At(found, str(path.resolve()), 2, len("acknowledge u"), Places(PositionCodec(), found.text_of))
    shown = hover(at)
    assert shown is not None and isinstance(shown.contents, types.MarkupContent)
    assert "**AM501** unlinked-claim (warning)" in shown.contents.value
    assert "argmap rules AM501" in shown.contents.value
