"""The parser's table cache: used only from a folder that is the user's alone."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import attrs
import pytest

import argmap
from argmap.read import larkparse as parser

pytestmark = pytest.mark.skipif(not hasattr(os, "geteuid"), reason="the cache needs POSIX ownership")


@pytest.fixture
def cache_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.delenv("ARGMAP_NO_CACHE", raising=False)
    return tmp_path


def test_the_cache_folder_is_made_private_under_xdg_cache_home(cache_home: Path) -> None:
    folder = parser._cache_folder()
    assert folder == cache_home / "argmap"
    assert stat.S_IMODE(folder.stat().st_mode) & 0o077 == 0


def test_a_folder_others_can_write_to_is_not_used(cache_home: Path) -> None:
    (cache_home / "argmap").mkdir()
    (cache_home / "argmap").chmod(0o777)
    assert parser._cache_folder() is None


def test_a_symbolic_link_is_not_taken_for_the_cache_folder(
    cache_home: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    elsewhere = tmp_path_factory.mktemp("elsewhere")
    elsewhere.chmod(0o700)
    (cache_home / "argmap").symlink_to(elsewhere, target_is_directory=True)
    assert parser._cache_folder() is None


def test_a_cache_file_others_can_write_to_is_not_loaded(cache_home: Path) -> None:
    folder = parser._cache_folder()
    assert folder is not None
    planted = folder / "parser-planted.pickle"
    planted.write_bytes(b"not a parser")
    planted.chmod(0o666)
    assert not parser._private(planted, directory=False)
    planted.chmod(0o600)
    assert parser._private(planted, directory=False)


def test_a_parser_built_from_the_cache_reads_maps_the_same(cache_home: Path) -> None:
    text = 'claim a: "A." by x\nclaim b: "B."\na supports b\n'
    first = parser._lark(parser._FastLexer)
    assert list((cache_home / "argmap").glob("parser-*.pickle"))
    again = parser._lark(parser._FastLexer)
    # A raw Lark parse names whatever file the shared builder read last; compare the rest.
    def content(m: argmap.ArgumentMap) -> argmap.ArgumentMap:
        return attrs.evolve(m, files=())

    assert content(again.parse(text)) == content(first.parse(text)) == content(argmap.parse(text))
