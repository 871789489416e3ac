"""CSV export read back with Python's csv: claims.csv and links.csv, RFC 4180, a byte order mark on request."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from click.testing import CliRunner

import argmap
from argmap import evaluate
from argmap.cli import main
from argmap.formats.table import CLAIM_COLUMNS, LINK_COLUMNS, claims_csv, links_csv
from argmap.read.parser import parse

ROOT = Path(__file__).resolve().parents[1]
MAPS = sorted((ROOT / "maps").glob("*.arg"))


def rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text, newline="")))


@pytest.mark.parametrize("path", MAPS, ids=lambda p: p.name)
def test_claims_csv_has_a_row_per_claim_with_its_details_and_status(path: Path) -> None:
    argument_map = argmap.load(path)
    table = rows(claims_csv(argument_map))
    statuses = {c.claim: c.status.value for c in evaluate.evaluate(argument_map).claims}
    assert [r["id"] for r in table] == [c.id for c in argument_map.claims]
    for row, claim in zip(table, argument_map.claims, strict=True):
        assert list(row) == list(CLAIM_COLUMNS)
        assert (row["kind"], row["text"], row["status"]) == (claim.kind.value, claim.text, statuses[claim.id])
        assert row["actors"].split("; ") == [r.id for r in claim.actors] or (row["actors"] == "" and not claim.actors)
        sources = {r.id for r in claim.citations} | {q.source.id for q in claim.quotes}
        assert set(filter(None, row["sources"].split("; "))) == sources
        assert row["likelihood"] == (claim.likelihood or "")
        assert row["confidence"] == (claim.confidence or "")
        assert row["credibility"] == ("" if claim.credibility is None else str(claim.credibility))
        assert row["probability"] == ("" if claim.probability is None else f"{claim.probability:g}")


@pytest.mark.parametrize("path", MAPS, ids=lambda p: p.name)
def test_links_csv_has_a_row_per_premise_attack_and_contradiction(path: Path) -> None:
    argument_map = argmap.load(path)
    table = rows(links_csv(argument_map))
    assert all(list(row) == list(LINK_COLUMNS) for row in table)
    expected = [(p.id, s.conclusion.id) for s in argument_map.supports for p in s.premises]
    assert [(r["from"], r["to"]) for r in table if r["kind"].endswith("support")] == expected
    attacks = [(r["from"], r["kind"]) for r in table if r["kind"] in ("rebut", "undermine", "undercut")]
    assert attacks == [(a.attacker.id, a.kind.value) for a in argument_map.attacks]
    contradictions = [(r["from"], r["to"]) for r in table if r["kind"] == "contradiction"]
    assert contradictions == [(c.left.id, c.right.id) for c in argument_map.contradictions]


def test_fields_are_quoted_as_rfc_4180_says_and_rows_end_in_crlf() -> None:
    text = claims_csv(parse('claim x: "Commas, \\"quotes\\" and more"\n'))
    assert text.splitlines(keepends=True)[1].startswith('x,claim,"Commas, ""quotes"" and more",')
    assert all(line.endswith("\r\n") for line in text.splitlines(keepends=True))


def test_a_cell_a_spreadsheet_would_run_as_a_formula_is_written_as_text() -> None:
    table = rows(claims_csv(parse('claim x: "=HYPERLINK(\\"http://evil\\")"\n')))
    assert table[0]["text"] == '\'=HYPERLINK("http://evil")'


@pytest.mark.parametrize("bom", [False, True])
def test_the_export_command_writes_both_files_into_the_folder(tmp_path: Path, bom: bool) -> None:
    folder = tmp_path / "tables"
    args = ["export", str(ROOT / "maps" / "khatami.arg"), "-f", "csv", "-o", str(folder)] + (["--bom"] if bom else [])
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    data = (folder / "claims.csv").read_bytes()
    assert data.startswith(b"\xef\xbb\xbf") is bom
    assert (folder / "links.csv").read_bytes().startswith(b"\xef\xbb\xbf") is bom
    with open(folder / "claims.csv", encoding="utf-8-sig", newline="") as file:
        assert len(list(csv.DictReader(file))) == len(argmap.load(ROOT / "maps" / "khatami.arg").claims)


def test_a_preference_is_a_link_from_the_better_to_the_worse() -> None:
    table = rows(links_csv(parse('claim a: "A"\nclaim b: "B"\nprefer a over b\n')))
    assert [(r["from"], r["to"], r["kind"]) for r in table] == [("a", "b", "preference")]
