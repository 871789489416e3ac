"""`argmap lsp` on a map split over folders, each test with a server of its own (the settings differ)."""

from __future__ import annotations

import shutil
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import LanguageClient

from lsp_client import ROOT, SERVER, codes, diagnostics_until, open_file, position_of, start

pytestmark = pytest.mark.asyncio


@pytest_lsp.fixture(config=SERVER)
async def split_client(lsp_client: LanguageClient, tmp_path: Path) -> AsyncIterator[None]:
    shutil.copytree(ROOT / "tests" / "lsp" / "split", tmp_path / "split")
    (tmp_path / "argmap.toml").write_text("", encoding="utf-8")
    await start(lsp_client, tmp_path)
    yield
    await lsp_client.shutdown_session()


async def test_a_part_in_a_subfolder_is_checked_through_the_index_above_it(
    split_client: LanguageClient, tmp_path: Path
):
    claims = tmp_path / "split" / "parts" / "claims.arg"
    text = claims.read_text(encoding="utf-8")
    address = open_file(split_client, claims)
    found = await diagnostics_until(split_client, address, lambda found: True)
    assert not {"AM103", "AM104"} & set(codes(found))  # actor and source come from people.arg, through the index
    hover = await split_client.text_document_hover_async(
        types.HoverParams(
            text_document=types.TextDocumentIdentifier(uri=address), position=position_of(text, "lucrative")
        )
    )
    assert hover is not None
    shown = hover.contents.value  # type: ignore[union-attr]
    assert "memo B2" not in shown and "`memo` B" in shown  # the source's grade: reliability B, no credibility
    assert 'likelihood: "likely" 70%' in shown
    definition = await split_client.text_document_definition_async(
        types.DefinitionParams(
            text_document=types.TextDocumentIdentifier(uri=address), position=position_of(text, "memo")
        )
    )
    assert definition is not None and definition[0].uri.endswith("/split/parts/people.arg")  # type: ignore[index,union-attr]


@pytest_lsp.fixture(config=SERVER)
async def chosen_client(lsp_client: LanguageClient, tmp_path: Path) -> AsyncIterator[None]:
    shutil.copytree(ROOT / "tests" / "lsp" / "split", tmp_path / "split")
    (tmp_path / "argmap.toml").write_text("", encoding="utf-8")
    # A second map of the same part, without the people: chosen, it is the one the part is checked through.
    (tmp_path / "split" / "other.arg").write_text('include "parts/claims.arg"\n', encoding="utf-8")
    await start(lsp_client, tmp_path, {"map": "split/other.arg"})
    yield
    await lsp_client.shutdown_session()


async def test_the_map_setting_chooses_the_map_a_file_is_checked_through(chosen_client: LanguageClient, tmp_path: Path):
    address = open_file(chosen_client, tmp_path / "split" / "parts" / "claims.arg")
    found = await diagnostics_until(chosen_client, address, lambda found: "AM103" in codes(found))
    assert {"AM103", "AM104"} <= set(codes(found))
