"""The old `confidence "TERM"` spelling: refused with the new one in the message, rewritten by `argmap fmt --fix`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

import argmap
from argmap.cli import main
from argmap.edit.migrate import migrate_text
from argmap.errors import ParseError

OLD = 'claim deals: "Arms deals this summer."\n  confidence "likely"\n  probability 70%\n'
NEW = 'claim deals: "Arms deals this summer."\n  likelihood "likely"\n  probability 70%\n'


@pytest.fixture(autouse=True)
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A project folder of its own, so no settings from above it apply."""
    (tmp_path / "argmap.toml").write_text("", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def run(*args: str, stdin: str | None = None) -> Any:
    return CliRunner().invoke(main, list(args), input=stdin)


@pytest.mark.parametrize("reader", ["fast", "lark"])
def test_the_old_spelling_is_an_error_that_gives_the_new_one(reader: str, monkeypatch: pytest.MonkeyPatch) -> None:
    if reader == "lark":
        monkeypatch.setenv("ARGMAP_READER", "lark")
    with pytest.raises(ParseError) as caught:
        argmap.parse(OLD, "m.arg")
    (diagnostic,) = caught.value.diagnostics
    assert (diagnostic.span.line, diagnostic.span.column) == (2, 14)
    assert "likelihood" in diagnostic.message
    assert diagnostic.hint is not None and 'likelihood "likely"' in diagnostic.hint


@pytest.mark.parametrize(
    ("written", "said"),
    [('confidence "high"', "confidence high"), ("confidence sure", "low, moderate or high, not sure")],
)
def test_a_confidence_is_one_of_three_bare_words(written: str, said: str) -> None:
    with pytest.raises(ParseError) as caught:
        argmap.parse(f'claim a: "A." {written}\n', "m.arg")
    (diagnostic,) = caught.value.diagnostics
    assert said in f"{diagnostic.message} {diagnostic.hint}"


@pytest.mark.parametrize("level", ["low", "moderate", "high"])
def test_both_readers_read_likelihood_and_confidence_apart(level: str, monkeypatch: pytest.MonkeyPatch) -> None:
    text = f'claim a: "A." likelihood "very  likely" probability 90% confidence {level}\n'
    fast = argmap.parse(text, "m.arg")
    monkeypatch.setenv("ARGMAP_READER", "lark")
    lark = argmap.parse(text, "m.arg")
    assert fast == lark
    (claim,) = fast.claims
    assert (claim.likelihood, claim.probability, claim.confidence) == ("very likely", 0.9, level)
    assert claim.confidence_span is not None and claim.confidence_span.column == text.index(level) + 1


def test_migration_rewrites_the_detail_and_leaves_texts_and_comments_alone() -> None:
    text = (
        '# confidence "likely" in a comment stays\n'
        'claim a: "He said confidence \\"likely\\" aloud." confidence "likely"\n'
        'claim b: "B."\n  confidence   "High"\n'
    )
    assert migrate_text(text) == (
        '# confidence "likely" in a comment stays\n'
        'claim a: "He said confidence \\"likely\\" aloud." likelihood "likely"\n'
        'claim b: "B."\n  confidence   high\n'
    )
    assert migrate_text(NEW) == NEW


def test_fmt_fix_rewrites_the_file_and_plain_fmt_refuses_it(project: Path) -> None:
    path = project / "m.arg"
    path.write_text(OLD, encoding="utf-8")
    refused = run("fmt", str(path))
    assert refused.exit_code == 1 and 'likelihood "likely"' in refused.output
    assert path.read_text(encoding="utf-8") == OLD
    fixed = run("fmt", "--fix", str(path))
    assert fixed.exit_code == 0, fixed.output
    assert path.read_text(encoding="utf-8") == NEW
    assert run("check", str(path)).exit_code == 0


def test_fmt_fix_on_stdin_writes_the_new_spelling() -> None:
    result = run("fmt", "--fix", "-", stdin=OLD)
    assert result.exit_code == 0
    assert result.stdout == NEW
