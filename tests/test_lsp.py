"""`argmap lsp`, driven over stdio by a real LSP client (pytest-lsp) on a copy of the seed's maps."""

from __future__ import annotations

import asyncio
import re
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import pytest_lsp
from lsprotocol import types
from pygls.exceptions import JsonRpcException
from pytest_lsp import LanguageClient

from argmap.edit.fmt import format_text
from argmap.errors import ParseError
from argmap.read.parser import parse
from lsp_client import (
    SERVER,
    change,
    codes,
    diagnostics_until,
    open_file,
    position_of,
    seed_project,
    start,
    uri,
)

# One server for the module (starting one takes seconds on a loaded machine); each test has a project of its own.
pytestmark = pytest.mark.asyncio(loop_scope="module")


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return seed_project(tmp_path)


@pytest_lsp.fixture(config=SERVER, scope="module")
async def client(lsp_client: LanguageClient, tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[None]:
    await start(lsp_client, tmp_path_factory.getbasetemp())
    yield
    await lsp_client.shutdown_session()


def apply(text: str, edits: list[types.TextEdit] | tuple[types.TextEdit, ...]) -> str:
    """A text with edits applied (positions as characters: the tests' texts are in the BMP)."""
    lines = text.split("\n")
    offsets = [0]
    for line in lines:
        offsets.append(offsets[-1] + len(line) + 1)

    def at(position: types.Position) -> int:
        return min(offsets[min(position.line, len(lines))] + position.character, len(text))

    for edit in sorted(edits, key=lambda e: (e.range.start.line, e.range.start.character), reverse=True):
        text = text[: at(edit.range.start)] + edit.new_text + text[at(edit.range.end) :]
    return text


async def test_an_error_typed_is_reported_with_its_rule_and_goes_when_fixed(client: LanguageClient, project: Path):
    path = project / "maps" / "outplayed.arg"
    text = path.read_text(encoding="utf-8")
    address = open_file(client, path)
    await diagnostics_until(client, address, lambda found: "AM103" not in codes(found))
    change(client, address, text.replace("by felgenhauer", "by felgenhaur", 1), 2)
    found = await diagnostics_until(client, address, lambda found: "AM103" in codes(found))
    unknown = next(d for d in found if d.code == "AM103")
    assert unknown.severity == types.DiagnosticSeverity.Error
    assert unknown.range.start == position_of(text, "felgenhauer", offset=0)
    assert "felgenhaur" in unknown.message and unknown.source == "argmap"
    assert unknown.data["name"] == "unknown-actor" and unknown.data["suggestion"] == "felgenhauer"
    assert unknown.data["explain"] == "argmap rules AM103"
    change(client, address, text, 3)
    await diagnostics_until(client, address, lambda found: "AM103" not in codes(found))


async def test_a_syntax_error_is_published_and_the_map_is_checked_again_once_it_is_fixed(
    client: LanguageClient, project: Path
):
    path = project / "maps" / "outplayed.arg"
    text = path.read_text(encoding="utf-8")
    address = open_file(client, path, text.replace("premise leverage:", "premise leverage", 1))
    found = await diagnostics_until(client, address, lambda found: "AM001" in codes(found))
    assert all(d.severity == types.DiagnosticSeverity.Error for d in found if d.code == "AM001")
    change(client, address, text, 2)
    await diagnostics_until(client, address, lambda found: "AM001" not in codes(found))


async def test_every_syntax_error_the_reader_finds_is_published(client: LanguageClient, project: Path):
    text = 'claim a "no colon"\nclaim b: "fine"\nclaim c "no colon"\nexpect b inn\n'
    path = project / "maps" / "scratch.arg"
    with pytest.raises(ParseError) as raised:
        parse(text, str(path))
    address = open_file(client, path, text)
    found = await diagnostics_until(client, address, lambda found: "AM001" in codes(found))
    assert [d.range.start.line + 1 for d in found] == [d.span.line for d in raised.value.diagnostics]


async def test_findings_and_warnings_of_every_rule_reach_the_files_they_are_in(client: LanguageClient, project: Path):
    address = open_file(client, project / "maps" / "khatami.arg")
    terrorism = uri(project / "maps" / "terrorism.arg")
    found = await diagnostics_until(client, terrorism, lambda found: "AM601" in codes(found))
    actor_on_both_sides = next(d for d in found if d.code == "AM601")
    # Acknowledged in the map: shown, as a hint, with the reason.
    assert actor_on_both_sides.severity == types.DiagnosticSeverity.Hint
    assert "acknowledged:" in actor_on_both_sides.message
    assert actor_on_both_sides.related_information
    assert address in client.diagnostics


async def test_a_file_of_a_split_map_is_checked_through_the_index_and_unsaved_texts_count(
    client: LanguageClient, project: Path
):
    outplayed = open_file(client, project / "maps" / "outplayed.arg")
    # Alone, outplayed.arg names actors and sources only sources.arg declares: checked through the index, fine.
    first = await diagnostics_until(client, outplayed, lambda found: True)
    assert not {"AM101", "AM103", "AM104"} & set(codes(first))
    # An unsaved rename of the actor in sources.arg: outplayed.arg's uses of it are now unknown.
    sources_path = project / "maps" / "sources.arg"
    sources = open_file(client, sources_path)
    changed = sources_path.read_text(encoding="utf-8").replace("actor felgenhauer ", "actor pavel ", 1)
    change(client, sources, changed, 2)
    found = await diagnostics_until(client, outplayed, lambda found: "AM103" in codes(found))
    assert sum(1 for d in found if d.code == "AM103") == 4  # the argument's `by` and its three claims'


async def test_a_syntax_error_in_one_file_leaves_the_other_files_reports_in_place(
    client: LanguageClient, project: Path
):
    index = project / "maps" / "khatami.arg"
    text = index.read_text(encoding="utf-8")
    address = open_file(client, index)
    terrorism = uri(project / "maps" / "terrorism.arg")
    await diagnostics_until(client, terrorism, lambda found: "AM601" in codes(found))
    change(client, address, text + "\nclaim broken no colon\n", 2)
    await diagnostics_until(client, address, lambda found: "AM001" in codes(found))
    await asyncio.sleep(0.5)  # anything else that check sent has arrived too
    assert "AM601" in codes(client.diagnostics[terrorism])
    change(client, address, text, 3)
    await diagnostics_until(client, address, lambda found: "AM001" not in codes(found))
    assert "AM601" in codes(client.diagnostics[terrorism])


async def test_definition_goes_to_the_actor_declared_in_another_file(client: LanguageClient, project: Path):
    path = project / "maps" / "outplayed.arg"
    text = path.read_text(encoding="utf-8")
    address = open_file(client, path)
    await diagnostics_until(client, address, lambda found: True)
    found = await client.text_document_definition_async(
        types.DefinitionParams(
            text_document=types.TextDocumentIdentifier(uri=address), position=position_of(text, "felgenhauer", 1)
        )
    )
    sources = (project / "maps" / "sources.arg").read_text(encoding="utf-8")
    assert found == [
        types.Location(
            uri=uri(project / "maps" / "sources.arg"),
            range=types.Range(
                start=position_of(sources, "felgenhauer", offset=0),
                end=position_of(sources, "felgenhauer", offset=len("felgenhauer")),
            ),
        )
    ]


async def test_definition_of_an_include_opens_the_included_file(client: LanguageClient, project: Path):
    path = project / "maps" / "khatami.arg"
    text = path.read_text(encoding="utf-8")
    address = open_file(client, path)
    found = await client.text_document_definition_async(
        types.DefinitionParams(
            text_document=types.TextDocumentIdentifier(uri=address), position=position_of(text, '"deals.arg"', offset=3)
        )
    )
    assert found is not None and [location.uri for location in found] == [uri(project / "maps" / "deals.arg")]


async def test_references_find_every_use_of_a_source_across_the_map(client: LanguageClient, project: Path):
    path = project / "maps" / "sources.arg"
    text = path.read_text(encoding="utf-8")
    address = open_file(client, path)
    found = await client.text_document_references_async(
        types.ReferenceParams(
            text_document=types.TextDocumentIdentifier(uri=address),
            position=position_of(text, "source monitor ", offset=len("source m")),
            context=types.ReferenceContext(include_declaration=True),
        )
    )
    assert found is not None
    files = {location.uri.rsplit("/", 1)[-1] for location in found}
    written = sum(
        (project / "maps" / name).read_text(encoding="utf-8").count("quote monitor ")
        + (project / "maps" / name).read_text(encoding="utf-8").count(" monitor,")
        for name in files
    )
    assert "sources.arg" in files and "outplayed.arg" in files and len(files) > 5
    assert len(found) >= written  # every quote of it, and the declaration


async def test_hover_shows_a_claim_its_actor_grades_likelihood_and_status(client: LanguageClient, project: Path):
    path = project / "maps" / "deals.arg"
    text = path.read_text(encoding="utf-8")
    address = open_file(client, path)
    found = await client.text_document_hover_async(
        types.HoverParams(
            text_document=types.TextDocumentIdentifier(uri=address), position=position_of(text, "worth_7bn")
        )
    )
    assert found is not None and isinstance(found.contents, types.MarkupContent)
    shown = found.contents.value
    assert "`worth_7bn`" in shown and "lucrative" in shown
    assert "Observers" in shown  # the actor, by name
    assert "evaluated: **out**" in shown  # `expect worth_7bn out` in the seed


async def test_hover_on_a_quote_says_whether_it_is_in_its_source(client: LanguageClient, project: Path):
    path = project / "maps" / "outplayed.arg"
    text = path.read_text(encoding="utf-8")
    address = open_file(client, path)
    where = position_of(text, "Tehran had outplayed Moscow")
    found = await client.text_document_hover_async(
        types.HoverParams(text_document=types.TextDocumentIdentifier(uri=address), position=where)
    )
    assert found is not None and "**found**" in found.contents.value  # type: ignore[union-attr]
    change(client, address, text.replace("Tehran had outplayed Moscow", "Tehran outwitted Moscow"), 2)
    await diagnostics_until(client, address, lambda found: "AM301" in codes(found))
    found = await client.text_document_hover_async(
        types.HoverParams(text_document=types.TextDocumentIdentifier(uri=address), position=where)
    )
    assert found is not None and "**not found**" in found.contents.value  # type: ignore[union-attr]


async def test_completion_offers_actors_after_by_sources_after_cite_and_terms_in_confidence(
    client: LanguageClient, project: Path
):
    path = project / "maps" / "outplayed.arg"
    text = path.read_text(encoding="utf-8")
    address = open_file(client, path)
    lines = text.split("\n")
    line = len(lines) - 1
    typed = text + 'claim fresh: "A new claim." by  cite  likelihood "'

    change(client, address, typed, 2)

    async def labels(after: str) -> set[str]:
        column = typed.split("\n")[-1].index(after) + len(after)
        found = await client.text_document_completion_async(
            types.CompletionParams(
                text_document=types.TextDocumentIdentifier(uri=address),
                position=types.Position(line=line, character=column),
            )
        )
        assert isinstance(found, types.CompletionList)
        return {item.label for item in found.items}

    assert {"felgenhauer", "kremlin"} <= await labels("by ")
    assert "monitor" not in await labels("by ")
    assert {"monitor", "nyt"} <= await labels("cite ")
    assert {"likely", "almost certain", "roughly even chance"} <= await labels('likelihood "')


async def test_completion_at_the_start_of_a_line_offers_keywords_and_claims(client: LanguageClient, project: Path):
    path = project / "maps" / "outplayed.arg"
    text = path.read_text(encoding="utf-8") + "\n"
    address = open_file(client, path, text)
    found = await client.text_document_completion_async(
        types.CompletionParams(
            text_document=types.TextDocumentIdentifier(uri=address),
            position=types.Position(line=text.count("\n"), character=0),
        )
    )
    assert isinstance(found, types.CompletionList)
    labels = {item.label for item in found.items}
    assert {"claim", "argument", "acknowledge", "expect", "leverage"} <= labels


async def test_rename_changes_every_file_of_the_map(client: LanguageClient, project: Path):
    path = project / "maps" / "sources.arg"
    text = path.read_text(encoding="utf-8")
    address = open_file(client, path)
    where = position_of(text, "actor felgenhauer", offset=len("actor f"))
    alone = r"(?<![\w-])felgenhauer(?![\w-])"
    before = sum(len(re.findall(alone, p.read_text(encoding="utf-8"))) for p in (project / "maps").glob("*.arg"))
    edit = await client.text_document_rename_async(
        types.RenameParams(
            text_document=types.TextDocumentIdentifier(uri=address), position=where, new_name="pavel_felgenhauer"
        )
    )
    assert edit is not None and edit.changes is not None
    for address_changed, edits in edit.changes.items():
        name = address_changed.rsplit("/", 1)[-1]
        file = project / "maps" / name
        file.write_text(apply(file.read_text(encoding="utf-8"), edits), encoding="utf-8")
    assert {a.rsplit("/", 1)[-1] for a in edit.changes} == {"sources.arg", "outplayed.arg"}
    combined = "".join(p.read_text(encoding="utf-8") for p in (project / "maps").glob("*.arg"))
    assert not re.search(alone, combined)
    assert combined.count("pavel_felgenhauer") == before == 5  # declared once, `by` four times


async def test_rename_refuses_an_id_that_is_taken_or_not_an_id(client: LanguageClient, project: Path):
    path = project / "maps" / "sources.arg"
    text = path.read_text(encoding="utf-8")
    address = open_file(client, path)
    where = position_of(text, "actor felgenhauer", offset=len("actor f"))
    for new_name in ("kremlin", "two words", "claim", "1st"):
        with pytest.raises(JsonRpcException):
            await client.text_document_rename_async(
                types.RenameParams(
                    text_document=types.TextDocumentIdentifier(uri=address), position=where, new_name=new_name
                )
            )


async def test_formatting_gives_the_layout_of_argmap_fmt(client: LanguageClient, project: Path):
    path = project / "maps" / "scratch.arg"
    messy = 'claim   a: "One."   by   x\nclaim b: "Two."\n\n\n\nb   supports a\n'
    path.write_text(messy, encoding="utf-8")
    address = open_file(client, path)
    edits = await client.text_document_formatting_async(
        types.DocumentFormattingParams(
            text_document=types.TextDocumentIdentifier(uri=address),
            options=types.FormattingOptions(tab_size=2, insert_spaces=True),
        )
    )
    assert edits
    assert apply(messy, edits) == format_text(messy, str(path))


async def test_formatting_leaves_a_map_with_a_syntax_error_alone(client: LanguageClient, project: Path):
    path = project / "maps" / "scratch.arg"
    address = open_file(client, path, 'claim a "no colon"\n')
    edits = await client.text_document_formatting_async(
        types.DocumentFormattingParams(
            text_document=types.TextDocumentIdentifier(uri=address),
            options=types.FormattingOptions(tab_size=2, insert_spaces=True),
        )
    )
    assert not edits


async def test_document_symbols_outline_arguments_and_their_claims(client: LanguageClient, project: Path):
    address = open_file(client, project / "maps" / "outplayed.arg")
    found = await client.text_document_document_symbol_async(
        types.DocumentSymbolParams(text_document=types.TextDocumentIdentifier(uri=address))
    )
    assert found is not None
    by_name = {s.name: s for s in found if isinstance(s, types.DocumentSymbol)}
    assert [c.name for c in by_name["outplayed"].children or ()] == ["leverage", "collision", "outplayed_moscow"]


async def test_a_quick_fix_takes_the_did_you_mean(client: LanguageClient, project: Path):
    path = project / "maps" / "outplayed.arg"
    text = path.read_text(encoding="utf-8")
    wrong = text.replace("leverage, collision support", "leverag, collision support", 1)
    address = open_file(client, path, wrong)
    found = await diagnostics_until(client, address, lambda found: "AM101" in codes(found))
    undefined = [d for d in found if d.code == "AM101"]
    actions = await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=address),
            range=undefined[0].range,
            context=types.CodeActionContext(diagnostics=undefined),
        )
    )
    assert actions
    fix = next(a for a in actions if isinstance(a, types.CodeAction) and a.is_preferred)
    assert fix.edit is not None and fix.edit.changes is not None
    assert apply(wrong, fix.edit.changes[address]) == text


async def test_a_quick_fix_acknowledges_a_warning_with_a_reason_to_fill_in(client: LanguageClient, project: Path):
    path = project / "maps" / "scratch.arg"
    text = 'claim lonely: "Nothing links to this claim."\n'
    address = open_file(client, path, text)
    found = await diagnostics_until(client, address, lambda found: "AM501" in codes(found))
    actions = await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=address),
            range=found[0].range,
            context=types.CodeActionContext(diagnostics=list(found)),
        )
    )
    assert actions
    acknowledge = next(a for a in actions if isinstance(a, types.CodeAction) and a.title.startswith("Acknowledge"))
    assert acknowledge.edit is not None and acknowledge.edit.changes is not None
    acknowledged = apply(text, acknowledge.edit.changes[address])
    assert acknowledged.startswith(text) and 'acknowledge AM501 on lonely "' in acknowledged
    # The edited map reads, and the warning is acknowledged.
    change(client, address, acknowledged, 2)
    await diagnostics_until(
        client, address, lambda found: any(d.code == "AM501" and "acknowledged:" in d.message for d in found)
    )


async def test_garbage_never_stops_the_server(client: LanguageClient, project: Path):
    path = project / "maps" / "outplayed.arg"
    text = path.read_text(encoding="utf-8")
    address = open_file(client, path)
    garbage = [
        "\x00\ud800" * 50,
        '"' * 5000,
        "argument {" * 2000,
        "claim a: " + "(" * 10000,
        'include "../../../../etc/passwd"\n' * 3,
        "\u202e\x1b[2J" + text[: len(text) // 2],
        "x" * 200_000,
    ]
    for version, each in enumerate(garbage, start=2):
        change(client, address, each, version)
    change(client, address, text, len(garbage) + 2)
    await diagnostics_until(client, address, lambda found: "AM001" not in codes(found))
    found = await client.text_document_hover_async(
        types.HoverParams(
            text_document=types.TextDocumentIdentifier(uri=address), position=position_of(text, "outplayed_moscow")
        )
    )
    assert found is not None


async def test_an_include_outside_the_project_is_refused_not_read(client: LanguageClient, project: Path):
    outside = project.parent / f"{project.name}-outside.arg"
    outside.write_text('claim secret: "Outside the project."\n', encoding="utf-8")
    try:
        path = project / "maps" / "scratch.arg"
        address = open_file(client, path, f'include "../../{outside.name}"\nclaim a: "x"\na supports secret\n')
        found = await diagnostics_until(client, address, lambda found: "AM003" in codes(found))
        assert any("outside the project" in d.message for d in found)
    finally:
        outside.unlink()
