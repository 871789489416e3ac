"""Argdown both ways, each side read by the real Argdown CLI (`@argdown/cli`, from npm).

Out: every map in maps/ exported, read by `argdown json`, and its statements,
arguments and relations compared with the map. In: documents written in the
style of Argdown's own documentation (tests/interchange/*.argdown), each read
by the Argdown CLI first (so they are Argdown), then imported, and the map
compared with what Argdown read.
"""

from __future__ import annotations

import re
import shutil
import tempfile
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings

import argmap
import hostile  # tests/hostile.py: the generated maps
from argdown_cli import argdown_json, argdown_json_folder
from argmap.cli import main
from argmap.formats.argdown import to_argdown
from argmap.formats.argdown_import import from_argdown
from argmap.formats.argtext import to_arg
from argmap.formats.imported import ImportFailure
from argmap.model import ArgumentMap, AttackKind
from argmap.read.parser import parse

ROOT = Path(__file__).resolve().parents[1]
MAPS = sorted((ROOT / "maps").glob("*.arg"))
DOCUMENTS = sorted((ROOT / "tests" / "interchange").glob("*.argdown"))


def _words(text: str) -> str:
    return " ".join(text.split())


def _statement_text(statement: dict[str, Any], default: str = "") -> str:
    """A statement's (or an argument's) first text as Argdown read it, its tags taken out."""
    text = next((m["text"] for m in statement["members"] if m.get("text", "").strip()), default)
    for tag in statement.get("tags", []):
        text = text.replace(f"#({tag})", "").replace(f"#{tag}", "")
    return _words(text)


_READ: dict[str, dict[str, Any]] = {}


def _argdown_read(path: Path) -> dict[str, Any]:
    """What Argdown reads in a document of the tests: all of them read in one run, when the first is asked for."""
    if not _READ:
        with tempfile.TemporaryDirectory() as folder:  # the CLI writes its JSON beside what it reads
            for document in DOCUMENTS:
                shutil.copy(document, folder)
            _READ.update(argdown_json_folder(Path(folder)))
    return _READ[path.stem]


def _relations(data: dict[str, Any]) -> set[tuple[str, str, str]]:
    return {(r["relationType"], r["from"], r["to"]) for r in data["relations"]}


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[ArgumentMap, dict[str, Any]]]:
    folder = tmp_path_factory.mktemp("argdown")
    maps = {}
    for path in MAPS:
        maps[path.name] = argmap.load(path)
        (folder / f"{path.stem}.argdown").write_text(to_argdown(maps[path.name]), encoding="utf-8")
    read = argdown_json_folder(folder)
    return {name: (argument_map, read[Path(name).stem]) for name, argument_map in maps.items()}


@pytest.mark.parametrize("name", [p.name for p in MAPS])
def test_every_claim_is_a_statement_with_its_text_and_tags(exported: dict[str, Any], name: str) -> None:
    argument_map, data = exported[name]
    statements = data["statements"]
    for claim in argument_map.claims:
        assert claim.id in statements
        assert _statement_text(statements[claim.id]) == _words(claim.text)
        assert sorted(statements[claim.id].get("tags", [])) == sorted(claim.tags)


@pytest.mark.parametrize("name", [p.name for p in MAPS])
def test_every_argument_is_an_argument_with_its_premises_and_conclusion(exported: dict[str, Any], name: str) -> None:
    argument_map, data = exported[name]
    for argument in argument_map.arguments:
        assert argument.id in data["arguments"]
        if argument.premises and argument.conclusion is not None:
            structure = data["arguments"][argument.id]["pcs"]
            assert [s["title"] for s in structure] == [r.id for r in (*argument.premises, argument.conclusion)]
            assert [s["role"] for s in structure][-1] == "main-conclusion"


@pytest.mark.parametrize("name", [p.name for p in MAPS])
def test_every_attack_and_contradiction_is_an_argdown_relation(exported: dict[str, Any], name: str) -> None:
    argument_map, data = exported[name]
    relations = _relations(data)
    undercutting = {r[1] for r in relations if r[0] == "undercut"}
    for attack in argument_map.attacks:
        if attack.kind is AttackKind.UNDERCUT:
            assert attack.attacker.id in undercutting
        else:
            assert ("attack", attack.attacker.id, attack.target.id) in relations
    for contradiction in argument_map.contradictions:
        pair = {("contradictory", contradiction.left.id, contradiction.right.id),
                ("contradictory", contradiction.right.id, contradiction.left.id)}  # fmt: skip
        assert pair & relations


@pytest.mark.parametrize("name", [p.name for p in MAPS])
def test_every_support_is_a_relation_or_an_argument_s_inference(exported: dict[str, Any], name: str) -> None:
    argument_map, data = exported[name]
    relations = _relations(data)
    structures = {
        (tuple(s["title"] for s in a["pcs"][:-1]), a["pcs"][-1]["title"])
        for a in data["arguments"].values()
        if a["pcs"]
    }
    for support in argument_map.supports:
        premises = tuple(p.id for p in support.premises)
        shown = any(set(premises) <= set(p) and c == support.conclusion.id for p, c in structures)
        related = all(("support", p, support.conclusion.id) in relations for p in premises)
        assert shown or related, support


def test_a_map_with_no_claims_is_still_a_document_argdown_reads(tmp_path: Path) -> None:
    target = tmp_path / "empty.argdown"
    target.write_text(to_argdown(parse('source s "A source"\n')), encoding="utf-8")
    assert argdown_json(target)["statements"] == {}


def test_markup_in_texts_reads_back_as_the_same_words(tmp_path: Path) -> None:
    text = r"Tags #no, [titles], <args>, *stars*, _under_, @at, +> -> >< _>, {data}, // and /* */, back\\slash \"q\""
    target = tmp_path / "markup.argdown"
    target.write_text(to_argdown(parse(f'claim x: "{text}"\n')), encoding="utf-8")
    claim = parse(f'claim x: "{text}"\n').claims[0]
    assert _statement_text(argdown_json(target)["statements"]["x"]) == claim.text


# --- in ------------------------------------------------------------------------------


def _imported(path: Path) -> tuple[ArgumentMap, tuple[str, ...]]:
    imported = from_argdown(path.read_text(encoding="utf-8"), str(path))
    text = to_arg(imported.map, imported.comments)
    return parse(text, "imported.arg"), imported.left_out


@pytest.mark.parametrize("path", DOCUMENTS, ids=lambda p: p.name)
def test_an_imported_document_has_the_statements_argdown_reads(path: Path) -> None:
    data = _argdown_read(path)
    argument_map, _ = _imported(path)
    texts = sorted(_words(c.text) for c in argument_map.claims)
    # An argument with no premise-conclusion structure stands for its gist, a claim of its description.
    gists = [_statement_text(a, title) for title, a in data["arguments"].items() if not a["pcs"]]
    assert texts == sorted([_statement_text(s) for s in data["statements"].values()] + gists)


@pytest.mark.parametrize("path", DOCUMENTS, ids=lambda p: p.name)
def test_an_imported_document_has_the_arguments_and_structures_argdown_reads(path: Path) -> None:
    data = _argdown_read(path)
    argument_map, _ = _imported(path)
    text_of = {c.id: _words(c.text) for c in argument_map.claims}
    statement_text = {title: _statement_text(s) for title, s in data["statements"].items()}
    with_structure = {title: a for title, a in data["arguments"].items() if a["pcs"]}
    ours = {a.id: a for a in argument_map.arguments}
    supporting = {
        r["from"] for r in data["relations"] if r["fromType"] == "argument" and r["from"] not in with_structure
        and r["relationType"] == "support" and r["toType"] == "equivalence-class"
    }  # fmt: skip
    assert len(ours) == len(with_structure) + len(supporting)
    for title, argument in with_structure.items():
        conclusion = statement_text[argument["pcs"][-1]["title"]]
        match = [a for a in ours.values() if _words(a.title) == _statement_text(argument, title)]
        assert len(match) == 1 and match[0].conclusion is not None
        assert text_of[match[0].conclusion.id] == conclusion
        intermediate = {s["title"] for s in argument["pcs"] if s["role"] == "intermediary-conclusion"}
        premises = [statement_text[s["title"]] for s in argument["pcs"][:-1] if s["title"] not in intermediate]
        assert [text_of[r.id] for r in match[0].premises] == premises


@pytest.mark.parametrize("path", DOCUMENTS, ids=lambda p: p.name)
def test_an_imported_document_has_the_relations_argdown_reads(path: Path) -> None:
    data = _argdown_read(path)
    argument_map, _ = _imported(path)
    text_of = {c.id: _words(c.text) for c in argument_map.claims}
    statement_text = {title: _statement_text(s) for title, s in data["statements"].items()}
    ours: set[tuple[str, str, str]] = set()
    for support in argument_map.supports:
        if support.argument is None:
            ours.update(("support", text_of[p.id], text_of[support.conclusion.id]) for p in support.premises)
    for attack in argument_map.attacks:
        if attack.kind is AttackKind.UNDERCUT:
            ours.add(("undercut", text_of[attack.attacker.id], attack.target.id))
        else:
            ours.add(("attack", text_of[attack.attacker.id], text_of[attack.target.id]))
    for contradiction in argument_map.contradictions:
        ours.add(("contradictory", text_of[contradiction.left.id], text_of[contradiction.right.id]))
    argument_ids = {a.title: a.id for a in argument_map.arguments}
    description = {title: _statement_text(a, title) for title, a in data["arguments"].items()}
    expected = set()
    for kind, start, end in _relations(data):
        if kind == "undercut":
            expected.add((kind, statement_text[start], argument_ids[description[end]]))
        elif start in statement_text and end in statement_text:
            expected.add((kind, statement_text[start], statement_text[end]))
    assert expected <= ours


def test_headings_become_comments_and_the_front_matter_title_the_map_s_title() -> None:
    path = ROOT / "tests" / "interchange" / "censorship.argdown"
    imported = from_argdown(path.read_text(encoding="utf-8"), str(path))
    assert imported.map.title == "Censorship"
    text = to_arg(imported.map, imported.comments)
    assert "# The debate\n" in text and "# The arguments in detail\n" in text


def test_statement_titles_that_are_not_ids_become_readable_ids() -> None:
    imported = from_argdown(
        "[Higher fines]: Higher fines deter.\n\n[Higher-fines]: Other.\n\n[Higher fines!]: x\n", "t"
    )
    assert [c.id for c in imported.map.claims] == ["c_higher_fines", "Higher-fines", "c_higher_fines_2"]


def test_tags_become_tag_words() -> None:
    imported = from_argdown("[a]: Text #(long term) #policy\n", "t")
    assert imported.map.claims[0].tags == ("long_term", "policy")
    assert imported.map.claims[0].text == "Text"


def test_a_multi_line_statement_reads_as_one_text() -> None:
    imported = from_argdown("[a]: The first line\n  goes on here.\n", "t")
    assert imported.map.claims[0].text == "The first line goes on here."


@pytest.mark.parametrize(
    ("text", "where", "what"),
    [
        ("[a: never closed\n", ":1:1:", "no ']' closes"),
        ("  + [b]: a relation with nothing above\n", ":1:3:", "nothing above it"),
        ("(1) [p]: premise\n----\n", ":2:1:", "without a conclusion"),
        ("===\ntitle: x\n", ":1:1:", "never closed"),
        ("[a]: a bell \x07 rings\n", ":1:1:", "U+0007"),
    ],
)
def test_what_cannot_be_read_is_one_located_error(text: str, where: str, what: str) -> None:
    with pytest.raises(ImportFailure) as caught:
        from_argdown(text, "doc.argdown")
    message = str(caught.value)
    assert message.startswith(f"doc.argdown{where}") and what in message and "\n" not in message


def test_the_export_command_writes_argdown(tmp_path: Path) -> None:
    target = tmp_path / "khatami.argdown"
    result = CliRunner().invoke(
        main, ["export", str(ROOT / "maps" / "khatami.arg"), "-f", "argdown", "-o", str(target)]
    )
    assert result.exit_code == 0, result.output
    assert set(argdown_json(target)["statements"]) == {c.id for c in argmap.load(ROOT / "maps" / "khatami.arg").claims}


def test_the_import_command_reads_argdown_by_its_extension() -> None:
    path = ROOT / "tests" / "interchange" / "statements.argdown"
    result = CliRunner().invoke(main, ["import", str(path)])
    assert result.exit_code == 0, result.output
    assert re.search(r'claim Climate: "Global warming is caused by humans\."', result.stdout)
    assert len(parse(result.stdout).claims) == 10


def argdown_title(argument_id: str) -> str:
    """The name Argdown gives an argument argmap exports: `\\_x` for an id starting with `_` (docs/interchange.md)."""
    return "\\" + argument_id if argument_id.startswith("_") else argument_id


def test_an_argument_id_starting_with_an_underscore_is_read_by_argdown(tmp_path: Path) -> None:
    # Argdown refuses a paragraph starting `<_` (an incoming undercut): such a title is written `<\\_x>`.
    text = (
        'claim a: "A"\nargument _x "Title" {\n  premise p: "P"\n  conclusion c: "C"\n}\n'
        'argument _y "" {\n}\na supports _y\nclaim u: "U"\nu undercuts _x\n'
    )
    target = tmp_path / "underscore.argdown"
    target.write_text(to_argdown(parse(text, "underscore.arg")), encoding="utf-8")
    data = argdown_json(target)
    assert set(data["arguments"]) == {"\\_x", "\\_y"}
    relations = {(r["from"], r["to"], r["relationType"]) for r in data["relations"]}
    assert relations == {("a", "\\_y", "support"), ("u", "\\_x", "undercut")}
    assert len(data["arguments"]["\\_x"]["pcs"]) == 2


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def test_generated_maps_export_to_documents_the_argdown_cli_reads_with_every_claim_and_link(tmp_path: Path) -> None:
    """Maps from the grammar (odd ids, escapes, empty texts, dangling links), read by Argdown in one run."""
    maps: list[ArgumentMap] = []

    @settings(max_examples=60, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    @given(hostile.generated_maps())
    def collect(generated: hostile.Generated) -> None:
        maps.append(parse(_CONTROL.sub("", generated.text), "generated.arg"))

    collect()
    for number, argument_map in enumerate(maps):
        (tmp_path / f"m{number}.argdown").write_text(to_argdown(argument_map), encoding="utf-8")
    read = argdown_json_folder(tmp_path)
    for number, argument_map in enumerate(maps):
        data = read[f"m{number}"]
        for claim_id in {c.id for c in argument_map.claims}:
            texts = {_words(c.text) for c in argument_map.claims if c.id == claim_id} - {""}
            statement = data["statements"][claim_id]
            tags = statement.get("tags", [])
            members = {_statement_text({"members": [m], "tags": tags}) for m in statement["members"]} - {""}
            assert members == texts
        assert {argdown_title(a.id) for a in argument_map.arguments} <= set(data["arguments"])
        relations = _relations(data)
        # Argdown itself drops a relation of a statement to itself.
        for attack in argument_map.attacks:
            if attack.kind is not AttackKind.UNDERCUT and attack.attacker.id != attack.target.id:
                assert ("attack", attack.attacker.id, attack.target.id) in relations
        for contradiction in argument_map.contradictions:
            if contradiction.left.id == contradiction.right.id:
                continue
            assert {("contradictory", contradiction.left.id, contradiction.right.id),
                    ("contradictory", contradiction.right.id, contradiction.left.id)} & relations  # fmt: skip
