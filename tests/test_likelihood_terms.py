"""`likelihood-terms`: which of ICD 203's two word lists a project writes its likelihoods in (AM401, AM404)."""

from __future__ import annotations

import json
import os
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import pytest_lsp
from click.testing import CliRunner, Result
from pytest_lsp import LanguageClient

from argmap.checks import run_checks
from argmap.checks.index import MapIndex
from argmap.cli import main
from argmap.diagnostics import Diagnostic
from argmap.edit.lsp.analysis import analyse
from argmap.edit.lsp.project import MapReader
from argmap.errors import UsageError
from argmap.read.config import Settings, load_settings, read_settings
from argmap.read.parser import parse
from lsp_client import SERVER, diagnostics_until, open_file, start

# Both lists in one map: "very likely" and "almost certainly" are the first list's, "probable" the second's.
MIXED = """\
claim top: "Arms deals will be signed." likelihood "very likely"
claim cash: "Iran will pay in cash." likelihood "probable"
claim sure: "Moscow will sell." likelihood "almost certainly"
cash supports top
sure supports top
"""
# The second list throughout.
SECOND = """\
claim top: "Arms deals will be signed." likelihood "highly probable"
claim cash: "Iran will pay in cash." likelihood "probable"
cash supports top
"""
FIRST = SECOND.replace("highly probable", "very likely").replace('"probable"', '"likely"')


def found(text: str, terms: str) -> list[Diagnostic]:
    return run_checks(parse(text, "map.arg"), select=["AM4"], likelihood_terms=terms)


def by_line(diagnostics: list[Diagnostic]) -> list[tuple[str, int]]:
    return [(d.code, d.span.line) for d in diagnostics]


# --- the setting -----------------------------------------------------------------------


def test_the_setting_defaults_to_the_first_list() -> None:
    assert Settings().likelihood_terms == "standard"
    assert read_settings(Path("argmap.toml"), {}).likelihood_terms == "standard"


@pytest.mark.parametrize("value", ["standard", "alternate"])
def test_the_setting_reads_either_list(value: str) -> None:
    assert read_settings(Path("argmap.toml"), {"likelihood-terms": value}).likelihood_terms == value


@pytest.mark.parametrize(
    ("value", "shown"), [("second", "not 'second'"), ("Alternate", "not 'Alternate'"), (2, "not 2")]
)
def test_any_other_value_is_a_usage_error_naming_the_file_and_the_two_values(value: object, shown: str) -> None:
    with pytest.raises(UsageError) as raised:
        read_settings(Path("ci/argmap.toml"), {"likelihood-terms": value})
    message = str(raised.value)
    assert message.startswith("ci/argmap.toml: 'likelihood-terms' must be")
    assert '"standard"' in message and '"alternate"' in message and message.endswith(shown)


def test_the_setting_is_read_from_pyproject(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[tool.argmap]\nlikelihood-terms = "alternate"\n', encoding="utf-8")
    assert load_settings(start=tmp_path).likelihood_terms == "alternate"


def test_the_index_refuses_an_unknown_list() -> None:
    with pytest.raises(ValueError, match="standard, alternate"):
        MapIndex(parse(FIRST, "map.arg"), likelihood_terms="second")


# --- AM401 under each setting ------------------------------------------------------------


def test_first_list_reports_the_second_lists_term_with_its_counterpart_and_the_setting() -> None:
    (report,) = found(MIXED, "standard")
    assert (report.code, report.span.line) == ("AM401", 2)
    assert report.message == "'probable' is from ICD 203's second list, but this project uses ICD 203's first list"
    assert report.hint is not None
    assert report.hint.startswith('write likelihood "likely", or set likelihood-terms = "alternate"')


def test_second_list_reports_the_first_lists_terms_with_their_counterparts() -> None:
    reports = found(MIXED, "alternate")
    assert by_line(reports) == [("AM401", 1), ("AM401", 3)]
    hints = [d.hint or "" for d in reports]
    assert hints[0].startswith('write likelihood "highly probable", or set likelihood-terms = "standard"')
    assert hints[1].startswith('write likelihood "nearly certainly"')  # an adverb for an adverb


def test_each_list_passes_under_its_own_setting() -> None:
    assert found(FIRST, "standard") == []
    assert found(SECOND, "alternate") == []


def test_capitals_are_reported_as_capitals_within_the_kept_list() -> None:
    (report,) = found('claim a: "A." likelihood "Probable"\n', "alternate")
    assert report.hint == 'ICD 203\'s terms are written in lower case: likelihood "probable"'


def test_an_unknown_term_is_offered_the_kept_lists_words() -> None:
    (report,) = found('claim a: "A." likelihood "highly probabl"\n', "alternate")
    assert report.message == "'highly probabl' is not an ICD 203 estimative term"
    assert report.hint == "did you mean 'highly probable'?"
    (far,) = found('claim a: "A." likelihood "zzz"\n', "alternate")
    assert far.hint == (
        "use one of: remote, highly improbable, improbable, roughly even odds, "
        "probable, highly probable, nearly certain"
    )


# --- AM404: a map written in the other list throughout ---------------------------------


def test_a_map_in_the_other_list_throughout_is_reported_once_by_am404() -> None:
    (report,) = found(SECOND, "standard")
    assert (report.code, report.span.line) == ("AM404", 1)
    assert "all 2 of its likelihoods from ICD 203's second list" in report.message
    assert report.hint is not None and report.hint.startswith('set likelihood-terms = "alternate"')
    assert [note for _, note in report.related] == ["'probable' from ICD 203's second list"]
    (other_way,) = found(FIRST, "alternate")
    assert (other_way.code, other_way.span.line) == ("AM404", 1)


def test_a_mixed_map_is_am401s_report_not_am404s() -> None:
    assert {d.code for d in found(MIXED, "standard")} == {"AM401"}


def test_probability_is_still_held_to_a_term_of_the_other_list() -> None:
    text = 'claim a: "A." likelihood "very likely"\nclaim b: "B." likelihood "probable" probability 30%\nb supports a\n'
    assert by_line(found(text, "standard")) == [("AM401", 2), ("AM402", 2)]


# --- where the settings are loaded -----------------------------------------------------


def run(folder: Path, *args: str) -> Result:
    old = Path.cwd()
    os.chdir(folder)
    try:
        return CliRunner().invoke(main, list(args))
    finally:
        os.chdir(old)


def test_check_takes_the_list_from_argmap_toml(tmp_path: Path) -> None:
    (tmp_path / "map.arg").write_text(SECOND, encoding="utf-8")
    (tmp_path / "argmap.toml").write_text("", encoding="utf-8")
    refused = run(tmp_path, "check", "map.arg")
    assert refused.exit_code == 1 and "AM404" in refused.stdout
    (tmp_path / "argmap.toml").write_text('likelihood-terms = "alternate"\n', encoding="utf-8")
    assert run(tmp_path, "check", "map.arg").exit_code == 0
    (tmp_path / "argmap.toml").write_text('likelihood-terms = "second"\n', encoding="utf-8")
    bad = run(tmp_path, "check", "map.arg")
    assert bad.exit_code == 2 and "'likelihood-terms' must be" in bad.stderr


def test_diff_takes_the_list_from_the_settings(tmp_path: Path) -> None:
    (tmp_path / "argmap.toml").write_text('likelihood-terms = "alternate"\n', encoding="utf-8")
    (tmp_path / "old.arg").write_text(SECOND, encoding="utf-8")
    (tmp_path / "new.arg").write_text(SECOND + 'claim oil: "Oil." likelihood "likely"\noil supports top\n', "utf-8")
    result = run(tmp_path, "diff", "old.arg", "new.arg", "--format", "json")
    findings = [(f["change"], f["code"]) for f in json.loads(result.stdout)["findings"] if f["code"].startswith("AM4")]
    assert findings == [("appeared", "AM401")]  # "likely" in a project of the second list (and no AM404 before)


def test_the_language_server_checks_with_the_list_it_is_given(tmp_path: Path) -> None:
    (tmp_path / "map.arg").write_text(SECOND, encoding="utf-8")
    root = tmp_path.resolve()
    default = analyse(MapReader(), root / "map.arg", root, {}, select=["AM4"])
    assert [d.code for ds in default.diagnostics.values() for d in ds] == ["AM404"]
    alternate = analyse(MapReader(), root / "map.arg", root, {}, select=["AM4"], likelihood_terms="alternate")
    assert [d for ds in alternate.diagnostics.values() for d in ds] == []


@pytest_lsp.fixture(config=SERVER)
async def alternate_client(lsp_client: LanguageClient, tmp_path: Path) -> AsyncIterator[None]:
    (tmp_path / "argmap.toml").write_text('likelihood-terms = "alternate"\n', encoding="utf-8")
    (tmp_path / "map.arg").write_text(MIXED, encoding="utf-8")
    await start(lsp_client, tmp_path)
    yield
    await lsp_client.shutdown_session()


@pytest.mark.asyncio
async def test_the_language_server_reads_the_list_from_the_projects_settings(
    alternate_client: LanguageClient, tmp_path: Path
) -> None:
    address = open_file(alternate_client, tmp_path / "map.arg")
    found = await diagnostics_until(alternate_client, address, lambda found: True)
    # The first list's terms (lines 1 and 3) are reported, not the second list's "probable" (line 2).
    assert sorted(d.range.start.line for d in found if d.code == "AM401") == [0, 2]
