"""`argmap export --format aif|argdown|graphml|csv` and `argmap import`, as a user runs them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

import argmap
from argmap.checks import run_checks
from argmap.cli import main
from argmap.edit import format_text
from argmap.formats.aif import from_aif
from argmap.formats.argtext import RESERVED_IDS, IdMaker, is_id, text_literal, to_arg
from argmap.read.parser import parse

ROOT = Path(__file__).resolve().parents[1]
MAPS = sorted((ROOT / "maps").glob("*.arg"))
FIXTURES = sorted((ROOT / "tests" / "interchange").glob("*.json")) + sorted(
    (ROOT / "tests" / "interchange").glob("*.argdown")
)


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize("fmt", ["aif", "argdown", "graphml", "json"])
def test_export_with_o_writes_the_file_it_would_print(tmp_path: Path, fmt: str) -> None:
    source = str(ROOT / "maps" / "khatami.arg")
    code, printed, _ = run("export", source, "-f", fmt)
    assert code == 0
    target = tmp_path / f"out.{fmt}"
    assert run("export", source, "-f", fmt, "-o", str(target))[0] == 0
    assert target.read_text(encoding="utf-8") == printed


def test_csv_needs_a_folder() -> None:
    code, out, err = run("export", str(ROOT / "maps" / "khatami.arg"), "-f", "csv")
    assert code == 2 and out == "" and "-o DIR" in err


def test_bom_is_for_csv_only() -> None:
    code, _, err = run("export", str(ROOT / "maps" / "khatami.arg"), "-f", "aif", "--bom")
    assert code == 2 and "--bom is for --format csv" in err


def test_export_refuses_to_write_through_a_symbolic_link(tmp_path: Path) -> None:
    real = tmp_path / "real.json"
    real.write_text("keep", encoding="utf-8")
    (tmp_path / "link.json").symlink_to(real)
    code, _, err = run("export", str(ROOT / "maps" / "khatami.arg"), "-f", "aif", "-o", str(tmp_path / "link.json"))
    assert code == 2 and "symbolic link" in err
    assert real.read_text(encoding="utf-8") == "keep"


@pytest.mark.parametrize("path", MAPS, ids=lambda p: p.name)
def test_importing_a_map_s_aif_writes_that_map(tmp_path: Path, path: Path) -> None:
    exported = tmp_path / f"{path.stem}.json"
    assert run("export", str(path), "-f", "aif", "-o", str(exported))[0] == 0
    written = tmp_path / f"{path.stem}.arg"
    code, out, err = run("import", str(exported), "-o", str(written))
    assert code == 0 and out == "" and err == ""
    back = argmap.load(written)
    original = argmap.load(path)
    assert (back.claims, back.supports, back.attacks, back.contradictions) == (
        original.claims, original.supports, original.attacks, original.contradictions)  # fmt: skip


@pytest.mark.parametrize("path", FIXTURES, ids=lambda p: p.name)
def test_every_import_is_a_map_in_the_canonical_layout_with_no_syntax_error(path: Path) -> None:
    code, out, _ = run("import", str(path))
    assert code == 0
    assert format_text(out) == out
    codes = {d.code for d in run_checks(parse(out, "imported.arg"))}
    assert "AM001" not in codes


def test_what_an_import_leaves_out_is_named_on_stderr() -> None:
    code, _, err = run("import", str(ROOT / "tests" / "interchange" / "ova_sample.json"))
    assert code == 0
    assert err.splitlines() == [
        f"argmap: {ROOT / 'tests' / 'interchange' / 'ova_sample.json'}: left out 1 MA-node",
        f"argmap: {ROOT / 'tests' / 'interchange' / 'ova_sample.json'}: left out 1 TA-node",
    ]


def test_from_names_the_format_when_the_extension_does_not(tmp_path: Path) -> None:
    path = tmp_path / "debate.txt"
    path.write_text("[a]: A statement.\n  +> [b]: Another.\n", encoding="utf-8")
    code, out, _ = run("import", str(path), "--from", "argdown")
    assert code == 0 and "a supports b" in out


def test_texts_with_quotes_and_backslashes_are_written_so_that_they_read_back(tmp_path: Path) -> None:
    text = 'He said "no" \\ then \\"yes\\" # not a comment'
    data = {"nodes": [{"nodeID": "1", "type": "I", "text": text}], "edges": []}
    path = tmp_path / "quotes.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    code, out, _ = run("import", str(path))
    assert code == 0
    assert parse(out).claims[0].text == text


def test_texts_that_are_no_ids_become_readable_unique_ids() -> None:
    data = {"nodes": [{"nodeID": str(n), "type": "I", "text": t} for n, t in
                      enumerate(["Higher fines deter.", "Higher fines deter!", "claim", "17", "", "Ça coûte cher"])],
            "edges": []}  # fmt: skip
    ids = [c.id for c in from_aif(data, "x.json").map.claims]
    assert ids == ["c_higher_fines_deter", "c_higher_fines_deter_2", "c_claim", "c_17", "c_claim_2", "c_ca_coute_cher"]
    assert all(is_id(i) for i in ids)


def test_an_id_maker_never_gives_a_keyword_or_a_taken_id() -> None:
    maker = IdMaker(["taken"])
    made = [maker.make(word, "") for word in ["taken", "source", "and", "to", "1st", "taken"]]
    assert len(set(made)) == len(made)
    assert not set(made) & (RESERVED_IDS | {"taken"})
    assert all(is_id(i) for i in made)


def test_a_text_literal_reads_back_as_the_text() -> None:
    for text in ["plain", 'with "quotes"', "back\\slash", "end\\", "line\nbreak"]:
        written = f"claim x: {text_literal(text)}\n"
        assert parse(written).claims[0].text == " ".join(text.split("\n"))


def test_an_argdown_heading_is_a_comment_kept_by_the_layout() -> None:
    code, out, _ = run("import", str(ROOT / "tests" / "interchange" / "statements.argdown"))
    assert code == 0
    assert out.startswith("# Statements and relations\n")


def test_to_arg_keeps_arguments_blocks_and_their_order() -> None:
    argument_map = argmap.load(ROOT / "maps" / "khatami.arg")
    back = parse(to_arg(argument_map), "x.arg")
    assert [a.id for a in back.arguments] == [a.id for a in argument_map.arguments]
    assert [c.argument for c in back.claims] == [c.argument for c in argument_map.claims]
    assert back.supports == argument_map.supports


def test_a_long_list_of_what_was_left_out_ends_in_a_count(tmp_path: Path) -> None:
    path = tmp_path / "many.argdown"
    path.write_text(
        "".join(f"[s{n}]: Statement {n}.\n  _> [t{n}]: Target {n}.\n\n" for n in range(25)), encoding="utf-8"
    )
    code, _, err = run("import", str(path))
    lines = err.splitlines()
    assert code == 0 and len(lines) == 21
    assert "left out the undercut of statement 't0'" in lines[0]
    assert lines[-1] == f"argmap: {path}: and 5 more left out"


def test_csv_into_a_file_that_is_no_folder_says_so(tmp_path: Path) -> None:
    target = tmp_path / "tables"
    target.write_text("", encoding="utf-8")
    code, _, err = run("export", str(ROOT / "maps" / "khatami.arg"), "-f", "csv", "-o", str(target))
    assert (
        code == 2
        and err.strip() == f"argmap: {target}: not a folder; --format csv writes claims.csv and links.csv into one"
    )
