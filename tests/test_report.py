"""Output formats: golden files for each, SARIF against its schema, GitHub's workflow-command syntax."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import jsonschema
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from argmap import diagnostics
from argmap.checks import run_checks
from argmap.diagnostics import Category, Diagnostic, Severity, caret_excerpt
from argmap.model import Span
from argmap.read.loader import load
from argmap.report import FORMATTERS, CheckReport, summary

HERE = Path(__file__).parent
FIXTURES = HERE / "fixtures" / "check"
GOLDEN = HERE / "golden" / "check"
SARIF_SCHEMA = HERE / "data" / "sarif-schema-2.1.0.json"
# The golden map's reports, from rules whose wording this suite owns.
GOLDEN_RULES = ["AM101", "AM402", "AM501", "AM601"]
WORKFLOW_COMMAND = re.compile(
    r"^::(error|warning|notice) file=[^,:]+,line=\d+,col=\d+(,endLine=\d+)?(,endColumn=\d+)?,title=[^,:]*::[^\r\n]*$"
)


@pytest.fixture
def report(monkeypatch: pytest.MonkeyPatch) -> CheckReport:
    """broken.arg, checked from its own folder so reports name it by a short relative path."""
    monkeypatch.chdir(FIXTURES)
    diagnostics = run_checks(load("broken.arg"), select=GOLDEN_RULES)
    return CheckReport(tuple(diagnostics), ("broken.arg",))


@pytest.mark.parametrize("fmt", sorted(FORMATTERS))
def test_format_matches_its_golden_file(fmt: str, report: CheckReport) -> None:
    output = FORMATTERS[fmt](report)
    golden = GOLDEN / f"broken.{fmt}"
    if os.environ.get("ARGMAP_UPDATE_GOLDEN"):
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(output, encoding="utf-8")
    assert output == golden.read_text(encoding="utf-8")


@pytest.mark.parametrize("fmt", sorted(FORMATTERS))
def test_acknowledged_finding_is_shown_in_every_format(fmt: str, report: CheckReport) -> None:
    assert "the piece calls it a major contradiction" in FORMATTERS[fmt](report)


@pytest.mark.parametrize("fmt", sorted(FORMATTERS))
def test_nothing_to_report_is_valid_output(fmt: str) -> None:
    output = FORMATTERS[fmt](CheckReport((), ("clean.arg",)))
    if fmt in ("json", "sarif"):
        json.loads(output)
    else:
        assert output == ""


def test_sarif_is_valid_against_the_official_schema(report: CheckReport) -> None:
    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    jsonschema.Draft4Validator(schema).validate(json.loads(FORMATTERS["sarif"](report)))


def test_sarif_marks_an_acknowledged_finding_as_suppressed_with_its_reason(report: CheckReport) -> None:
    results = json.loads(FORMATTERS["sarif"](report))["runs"][0]["results"]
    (acknowledged,) = [r for r in results if "suppressions" in r]
    assert acknowledged["ruleId"] == "AM601"
    assert acknowledged["suppressions"] == [
        {"kind": "inSource", "justification": "the piece calls it a major contradiction"}
    ]


def test_sarif_rule_index_points_at_the_rule(report: CheckReport) -> None:
    run = json.loads(FORMATTERS["sarif"](report))["runs"][0]
    for result in run["results"]:
        assert run["tool"]["driver"]["rules"][result["ruleIndex"]]["id"] == result["ruleId"]


def test_github_lines_follow_the_workflow_command_syntax(report: CheckReport) -> None:
    lines = FORMATTERS["github"](report).splitlines()
    assert lines and all(WORKFLOW_COMMAND.match(line) for line in lines)


def test_github_escapes_percent_newline_and_property_separators() -> None:
    span = Span("a,b:c.arg", 1, 1, 1, 2)
    d = Diagnostic("AM101", "50% sure", span, name="undefined-reference", hint="next")
    (line,) = FORMATTERS["github"](CheckReport((d,))).splitlines()
    assert line.startswith("::error file=a%2Cb%3Ac.arg,line=1,col=1,")
    assert line.endswith("::50%25 sure%0Ahelp: next")


def test_github_reports_an_acknowledged_finding_as_a_notice(report: CheckReport) -> None:
    (line,) = [x for x in FORMATTERS["github"](report).splitlines() if "AM601" in x]
    assert line.startswith("::notice ")


def test_json_carries_every_field_of_its_documented_schema(report: CheckReport) -> None:
    document = json.loads(FORMATTERS["json"](report))
    assert set(document) == {"version", "files", "failed", "diagnostics", "config"}
    assert document["version"] == 1 and document["failed"] is True
    assert set(document["diagnostics"][0]) == {
        "code", "name", "severity", "category", "message", "file", "line", "column",
        "end_line", "end_column", "hint", "related", "acknowledged", "fails",
    }  # fmt: skip


def test_concise_is_one_line_per_diagnostic(report: CheckReport) -> None:
    assert len(FORMATTERS["concise"](report).splitlines()) == len(report.diagnostics)


def test_summary_counts_each_kind_and_gives_the_verdict(report: CheckReport) -> None:
    assert summary(report) == "Found 2 errors, 1 warning, 1 acknowledged in 1 file: check failed."


def test_summary_of_a_clean_run() -> None:
    assert summary(CheckReport((), ("a.arg", "b.arg"))) == "All checks passed (2 files checked)."


def test_strict_report_fails_on_an_unacknowledged_finding() -> None:
    d = Diagnostic("AM601", "m", Span("a.arg", 1, 1, 1, 2), Severity.WARNING, Category.FINDING)
    assert not CheckReport((d,)).failed and CheckReport((d,), strict=True).failed


@settings(max_examples=300, deadline=None)
@given(
    st.text(alphabet=st.sampled_from('\t abcXYZ019:"#{}é\x01字'), max_size=200), st.integers(1, 220), st.integers(0, 40)
)
def test_the_caret_under_a_plain_line_is_where_the_general_rule_puts_it(line: str, column: int, width: int) -> None:
    general = pytest.MonkeyPatch()
    fast = caret_excerpt(line, column, width)
    general.setattr(diagnostics, "_TABS_AND_PRINTABLE", re.compile(r"(?!)"))  # every line takes the general path
    try:
        assert caret_excerpt(line, column, width) == fast
    finally:
        general.undo()


# --- untrusted text: what a map or a file name holds never acts on a terminal or a log ---

# ESC and an OSC sequence (set the title), BEL, form feed, a line break (a line of its own in a
# CI log, where `::` starts a command), a C1 control (CSI), a bidi override, a tag character.
HOSTILE = "a\x1b]0;owned\x07b\x0c\n::error::forged\x9b2J\u202etxt.exe\U000e0041"
HOSTILE_SHOWN = "a\\x1b]0;owned\\x07b\\x0c\\n::error::forged\\x9b2J\\u202etxt.exe\\U000e0041"


def _hostile_report(file: str = "maps/a.arg") -> CheckReport:
    place = Span(file, 2, 3, 2, 9)
    d = Diagnostic(
        "AM101", f"'x' is not defined: {HOSTILE}", place, name="undefined-reference", hint=HOSTILE,
        related=((place, HOSTILE),), acknowledged=HOSTILE, line_text=f'claim x: "{HOSTILE}"',
    )  # fmt: skip
    return CheckReport((d,), (file,), config="pyproject.toml")


def _acted_on(output: str) -> list[str]:
    """The characters of `output` a terminal would act on: everything unprintable but its own line breaks."""
    return sorted({c for c in output if not (c.isprintable() or c in "\n\t")})


@pytest.mark.parametrize("fmt", sorted(FORMATTERS))
def test_no_format_prints_a_control_character_of_the_map(fmt: str) -> None:
    output = FORMATTERS[fmt](_hostile_report())
    assert _acted_on(output) == []
    assert "\n::error::forged" not in output


@pytest.mark.parametrize("fmt", ["full", "concise", "github"])
def test_text_formats_show_control_characters_as_escapes(fmt: str) -> None:
    assert HOSTILE_SHOWN in FORMATTERS[fmt](_hostile_report())


def test_full_shows_every_piece_escaped_on_one_line_each() -> None:
    lines = FORMATTERS["full"](_hostile_report()).splitlines()
    assert lines[0] == f"maps/a.arg:2:3: AM101 [error, acknowledged] 'x' is not defined: {HOSTILE_SHOWN}"
    assert f"    = help: {HOSTILE_SHOWN}" in lines
    assert f"    = note: maps/a.arg:2:3: {HOSTILE_SHOWN}" in lines
    assert f"    = acknowledged: {HOSTILE_SHOWN}" in lines


@pytest.mark.parametrize("fmt", ["json", "sarif"])
def test_json_formats_escape_control_characters_and_keep_the_text(fmt: str) -> None:
    output = FORMATTERS[fmt](_hostile_report())
    document = json.loads(output)
    messages = (
        [d["message"] for d in document["diagnostics"]]
        if fmt == "json"
        else [r["message"]["text"] for r in document["runs"][0]["results"]]
    )
    assert all(HOSTILE in m for m in messages)


# A file name that is not UTF-8: Python holds its byte 0xFF as the lone surrogate U+DCFF.
NOT_UTF8_NAME = "maps/caf\udcff.arg"


@pytest.mark.parametrize("fmt", sorted(FORMATTERS))
def test_every_format_writes_a_name_that_is_not_utf8_as_valid_utf8(fmt: str) -> None:
    FORMATTERS[fmt](_hostile_report(NOT_UTF8_NAME)).encode("utf-8")  # a lone surrogate cannot be encoded


@pytest.mark.parametrize("fmt", ["full", "concise", "github"])
def test_text_formats_show_the_byte_of_a_name_that_is_not_utf8(fmt: str) -> None:
    assert "maps/caf\\xff.arg" in FORMATTERS[fmt](_hostile_report(NOT_UTF8_NAME))


def test_json_gives_a_name_that_is_not_utf8_with_its_byte_escaped() -> None:
    document = json.loads(FORMATTERS["json"](_hostile_report(NOT_UTF8_NAME)))
    assert document["files"] == ["maps/caf\\xff.arg"]
    assert document["diagnostics"][0]["file"] == "maps/caf\\xff.arg"


def test_sarif_gives_a_name_that_is_not_utf8_as_its_percent_encoded_bytes() -> None:
    log = json.loads(FORMATTERS["sarif"](_hostile_report(NOT_UTF8_NAME)))
    location = log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uri"] == "maps/caf%FF.arg"


def test_sarif_with_hostile_text_and_name_is_valid_against_the_schema() -> None:
    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    jsonschema.Draft4Validator(schema).validate(json.loads(FORMATTERS["sarif"](_hostile_report(NOT_UTF8_NAME))))


# --- the settings file a run used ---------------------------------------------------------


def test_summary_names_the_settings_file() -> None:
    assert summary(CheckReport((), ("a.arg",), config="pyproject.toml")) == (
        "All checks passed (1 file checked, config: pyproject.toml)."
    )


def test_summary_of_a_failed_run_names_the_settings_file(report: CheckReport) -> None:
    named = CheckReport(report.diagnostics, report.files, config="argmap.toml")
    assert summary(named).endswith(": check failed (config: argmap.toml).")


def test_json_names_the_settings_file_and_null_without_one() -> None:
    assert json.loads(FORMATTERS["json"](CheckReport((), config="argmap.toml")))["config"] == "argmap.toml"
    assert json.loads(FORMATTERS["json"](CheckReport(())))["config"] is None


@pytest.mark.parametrize(
    ("given", "role"), [(False, "toolSpecifiedConfiguration"), (True, "userSpecifiedConfiguration")]
)
def test_sarif_lists_the_settings_file_as_a_configuration_artifact(given: bool, role: str) -> None:
    log = json.loads(FORMATTERS["sarif"](CheckReport((), config="ci/argmap.toml", config_given=given)))
    assert log["runs"][0]["artifacts"] == [{"location": {"uri": "ci/argmap.toml"}, "roles": [role]}]
