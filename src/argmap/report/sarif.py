"""SARIF 2.1.0, the format code-scanning services read (GitHub, Azure DevOps, IDEs).

Acknowledged diagnostics become results with an in-source suppression that
carries the analyst's reason, so a scanner shows them as dismissed, not gone.
"""

from __future__ import annotations

import urllib.parse
from pathlib import Path
from typing import Any

from argmap import __version__
from argmap.checks.registry import RULES, Rule
from argmap.diagnostics import Diagnostic, Severity, file_bytes, json_text
from argmap.model import Span
from argmap.report.base import CheckReport, formatter

__all__ = ["SARIF_SCHEMA", "SARIF_VERSION", "sarif"]

SARIF_VERSION = "2.1.0"
SARIF_SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
_LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


def _uri(file: str) -> str:
    """The file's URI, percent-encoded from its bytes: right for a name that is not UTF-8 too."""
    path = Path(file)
    quoted = urllib.parse.quote_from_bytes(file_bytes(path.as_posix()))
    return f"file://{quoted}" if path.is_absolute() else quoted


def _location(span: Span, message: str | None = None) -> dict[str, Any]:
    region: dict[str, Any] = {"startLine": max(span.line, 1), "startColumn": max(span.column, 1)}
    if span.end_line >= span.line:
        region["endLine"] = max(span.end_line, 1)
        if span.end_line > span.line or span.end_column > span.column:
            region["endColumn"] = max(span.end_column, 1)
    location: dict[str, Any] = {"physicalLocation": {"artifactLocation": {"uri": _uri(span.file)}, "region": region}}
    if message is not None:
        location["message"] = {"text": message}
    return location


def _rule_json(found: Rule) -> dict[str, Any]:
    return {
        "id": found.code,
        "name": found.name,
        "shortDescription": {"text": found.summary},
        "fullDescription": {"text": found.doc},
        "help": {"text": found.doc},
        "defaultConfiguration": {"level": _LEVELS[found.severity]},
        "properties": {"category": found.category.value},
    }


def _result(d: Diagnostic, rule_index: dict[str, int]) -> dict[str, Any]:
    text = d.message + (f"\nhelp: {d.hint}" if d.hint else "")
    result: dict[str, Any] = {
        "ruleId": d.code,
        "level": _LEVELS[d.severity],
        "message": {"text": text},
        "locations": [_location(d.span)],
        "properties": {"category": d.category.value},
    }
    if d.code in rule_index:
        result["ruleIndex"] = rule_index[d.code]
    if d.related:
        result["relatedLocations"] = [
            {"id": number, **_location(where, what)} for number, (where, what) in enumerate(d.related)
        ]
    if d.acknowledged is not None:
        result["suppressions"] = [{"kind": "inSource", "justification": d.acknowledged}]
    return result


@formatter("sarif")
def sarif(report: CheckReport) -> str:
    """One SARIF log with one run: every diagnostic a result, the rules they come from in the driver."""
    reported = {d.code for d in report.diagnostics}
    rules = sorted((r for r in RULES.values() if r.code in reported), key=lambda r: r.code)
    rule_index = {r.code: number for number, r in enumerate(rules)}
    run: dict[str, Any] = {
        "tool": {
            "driver": {
                "name": "argmap",
                "version": __version__,
                "rules": [_rule_json(r) for r in rules],
            }
        },
        "columnKind": "unicodeCodePoints",
        "results": [_result(d, rule_index) for d in report.diagnostics],
    }
    if report.config is not None:
        run["artifacts"] = [_config_artifact(report.config, report.config_given)]
    return json_text({"$schema": SARIF_SCHEMA, "version": SARIF_VERSION, "runs": [run]})


def _config_artifact(config: str, given: bool) -> dict[str, Any]:
    """The settings file the run used, in the role SARIF has for it: named by the user, or found by argmap."""
    role = "userSpecifiedConfiguration" if given else "toolSpecifiedConfiguration"
    return {"location": {"uri": _uri(config)}, "roles": [role]}
