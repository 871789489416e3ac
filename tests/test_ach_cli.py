"""`argmap ach`: the seed's matrix in every format, the choice of set, errors, and hostile map text."""

from __future__ import annotations

import csv
import html.parser
import io
import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from argmap.cli import main
from argmap.cli.common import EXIT_ERROR, EXIT_FINDINGS, EXIT_OK
from argmap.formats.ach import FORMATS

ROOT = Path(__file__).resolve().parents[1]
SEED = str(ROOT / "maps" / "khatami.arg")
HEUER = str(ROOT / "tests" / "ach" / "heuer.arg")


def run(*args: str) -> Result:
    return CliRunner().invoke(main, ["ach", *args])


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_the_seed_matrix_renders_in_every_format_with_ids_and_texts(fmt: str) -> None:
    result = run(SEED, "--format", fmt)
    assert result.exit_code == EXIT_OK, result.output
    out = " ".join(result.output.split())  # the terminal table wraps long texts
    for shown in ("visit_outcome", "key_issues_unresolved", "The talks left several key issues unresolved.",
                  "standard_accord", "fairly standard cooperation accord"):  # fmt: skip
        assert shown in out, (fmt, shown)


def test_the_text_table_fits_a_terminal_and_marks_overrides() -> None:
    out = run(HEUER).output
    assert max(len(line) for line in out.splitlines()) <= 100
    table = {line.split()[0]: line.split()[1:4] for line in out.splitlines()[3:9]}
    assert table["loss_of_face"] == ["II*", "C", "C"]
    assert table["statement"] == ["C", "C", "C"]
    assert "inconsistency    4   0   2" in out
    words = " ".join(out.split())
    assert (
        "Ranking, least inconsistent first: H2 minor_terrorism (0) < H3 major_attack (2) < H1 no_retaliation (4)"
        in words
    )
    assert "without loss_of_face: minor_terrorism < no_retaliation = major_attack" in words
    assert "loss_of_face / H1 II: Heuer rates the loss of face" in words


def test_json_holds_every_cell_with_its_chain_and_the_scores() -> None:
    data = json.loads(run(HEUER, "-f", "json").output)
    assert data["argmap_ach"] == 1
    (matrix,) = data["sets"]
    assert [h["inconsistency"] for h in matrix["hypotheses"]] == [4.0, 0.0, 2.0]
    assert matrix["ranking"] == [["minor_terrorism"], ["major_attack"], ["no_retaliation"]]
    radio = next(e for e in matrix["evidence"] if e["id"] == "radio")
    assert radio["cells"]["no_retaliation"] == {
        "cell": "I",
        "overridden": False,
        "reason": "radio rebuts no_retaliation",
        "chain": [{"source": "radio", "verb": "rebuts", "target": "no_retaliation", "linked": False}],
    }
    assert next(e for e in matrix["evidence"] if e["id"] == "loss_of_face")["cells"]["no_retaliation"]["overridden"]
    assert matrix["sensitivity"] == [
        {"without": "loss_of_face", "ranking": [["minor_terrorism"], ["no_retaliation", "major_attack"]],
         "changes_top": False}
    ]  # fmt: skip


def test_csv_is_one_table_a_spreadsheet_reads() -> None:
    rows = list(csv.reader(io.StringIO(run(HEUER, "-f", "csv").output)))
    assert rows[0] == ["set", "row", "id", "text", "weight", "diagnosticity", "H1", "H2", "H3"]
    assert ["retaliation", "evidence", "gulf_war", "There was no terrorist offensive during the 1991 Gulf War.",
            "1", "1", "C", "C", "I"] in rows  # fmt: skip
    assert rows[-2] == ["retaliation", "inconsistency", "", "", "", "", "4", "0", "2"]


def test_markdown_is_a_table_with_the_cells_and_the_scores() -> None:
    out = run(HEUER, "-f", "markdown").output
    assert "| evidence | H1 | H2 | H3 | weight | diagnosticity |" in out
    assert "| **inconsistency** | **4** | **0** | **2** | | |" in out
    assert "II\\* | C | C |" in out


class _Page(html.parser.HTMLParser):
    """What a page holds: its elements, the cells' classes and letters, anything that reaches outside it."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.cells: list[tuple[str, str]] = []
        self.outside: list[str] = []
        self._cell: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        found = dict(attrs)
        self.outside += [v or "" for k, v in attrs if k in ("src", "href") or (v or "").startswith("http")]
        classes = (found.get("class") or "").split()
        self._cell = next((c for c in classes if c.startswith("cell-")), None) if tag == "td" else None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self.cells.append((self._cell, data))
            self._cell = None


def page(out: str) -> _Page:
    parsed = _Page()
    parsed.feed(out)
    return parsed


def test_the_html_page_is_self_contained_and_every_cell_carries_its_letters() -> None:
    out = run(SEED, "-f", "html").output
    parsed = page(out)
    assert parsed.outside == [] and "script" not in parsed.tags and "link" not in parsed.tags
    assert parsed.cells, "no cells found"
    # Colour is never the only cue: each cell's letters say what its colour says (greyscale prints keep it).
    assert all(letters.rstrip("*").lower() == cls.removeprefix("cell-") for cls, letters in parsed.cells)
    assert {cls for cls, _ in parsed.cells} >= {"cell-c", "cell-i", "cell-n"}


def test_set_chooses_one_hypothesis_set() -> None:
    two = run(HEUER, "--set", "retaliation", "-f", "json")
    assert [s["id"] for s in json.loads(two.output)["sets"]] == ["retaliation"]


def test_an_unknown_set_is_a_usage_error_with_a_suggestion() -> None:
    result = run(HEUER, "--set", "retaliaton")
    assert result.exit_code == EXIT_ERROR
    assert "no hypothesis set 'retaliaton'" in result.output and "did you mean 'retaliation'?" in result.output


def test_a_map_without_a_hypothesis_set_is_told_how_to_declare_one(tmp_path: Path) -> None:
    path = tmp_path / "plain.arg"
    path.write_text('claim a: "A."\n')
    result = run(str(path))
    assert result.exit_code == EXIT_ERROR
    assert "the map has no hypothesis set; declare one: hypotheses ID" in result.output


def test_a_map_that_does_not_read_is_reported_with_its_place(tmp_path: Path) -> None:
    path = tmp_path / "bad.arg"
    path.write_text('hypotheses q "Q?" { a, b\n')
    result = run(str(path))
    assert result.exit_code == EXIT_FINDINGS
    assert "bad.arg:1:19" in result.output and "Traceback" not in result.output


HOSTILE = "</td><script>alert(1)</script>\x1b]0;owned\x07 \u202e| =cmd|` *x* <marquee>"


def hostile_map(tmp_path: Path) -> str:
    path = tmp_path / "hostile.arg"
    text = HOSTILE.replace("\\", "")
    path.write_text(
        f'claim h1: "{text}"\nclaim h2: "Plain."\nclaim e: "{text}" rebuts h1\n'
        f'hypotheses q "{text}" {{ h1, h2 }}\nach h2 e I "{text}"\n',
        encoding="utf-8",
    )
    return str(path)


def test_hostile_text_is_escaped_in_the_html(tmp_path: Path) -> None:
    out = run(hostile_map(tmp_path), "-f", "html").output
    parsed = page(out)
    assert "script" not in parsed.tags and "marquee" not in parsed.tags
    assert "&lt;/td&gt;&lt;script&gt;" in out
    assert "\x1b" not in out and "\u202e" not in out


@pytest.mark.parametrize("fmt", ["text", "markdown"])
def test_hostile_text_reaches_no_terminal_and_no_markup(tmp_path: Path, fmt: str) -> None:
    out = run(hostile_map(tmp_path), "-f", fmt).output
    assert "\x1b" not in out and "\x07" not in out and "\u202e" not in out
    assert "\\x1b" in out
    if fmt == "markdown":
        assert "<script>" not in out and "\\<script\\>" in out
        table = [line.count("|") - line.count("\\|") for line in out.splitlines() if line.startswith("|")]
        assert len(table) > 3 and set(table) == {table[0]}  # no text ends a column early


def test_hostile_text_is_data_in_csv_and_json(tmp_path: Path) -> None:
    path = hostile_map(tmp_path)
    rows = list(csv.reader(io.StringIO(run(path, "-f", "csv").output)))
    assert all(not cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row if cell != "-")
    out = run(path, "-f", "json").output
    assert "\x1b" not in out and "\u202e" not in out
    data: dict[str, Any] = json.loads(out)
    assert data["sets"][0]["question"] == HOSTILE.replace("\\", "")


@pytest.mark.parametrize("doc", ["README.md", "docs/ach.md"])
def test_the_seed_matrix_in_the_docs_is_what_argmap_ach_prints(doc: str) -> None:
    text = (ROOT / doc).read_text(encoding="utf-8")
    table = run(SEED).output.splitlines()[2:25]  # from the header to the ranks
    shown = "\n".join("    " + line for line in table)
    assert shown in text, f"{doc} shows another matrix than argmap ach maps/khatami.arg prints"


def test_a_set_too_large_to_compare_is_refused_and_another_set_still_chosen(tmp_path: Path) -> None:
    path = tmp_path / "many.arg"
    claims = "".join(f'claim h{n}: "H{n}."\n' for n in range(101))
    members = ", ".join(f"h{n}" for n in range(101))
    path.write_text(f'{claims}hypotheses many "Which?" {{ {members} }}\nhypotheses few "Which?" {{ h0, h1 }}\n')
    refused = run(str(path))
    assert refused.exit_code == EXIT_ERROR
    assert "hypothesis set 'many' holds 101 claims; a matrix compares at most 100" in refused.output
    assert run(str(path), "--set", "few").exit_code == EXIT_OK
