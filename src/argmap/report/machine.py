"""Formats for machines: `json` (argmap's own stable schema) and `github` (workflow commands)."""

from __future__ import annotations

from typing import Any

from argmap.checks.registry import fails
from argmap.diagnostics import Category, Diagnostic, Severity, file_text, json_text, printable
from argmap.report.base import CheckReport, formatter

__all__ = ["JSON_SCHEMA_VERSION", "github", "json_report"]

JSON_SCHEMA_VERSION = 1


def _diagnostic_json(d: Diagnostic, strict: bool) -> dict[str, Any]:
    return {
        "code": d.code,
        "name": d.name,
        "severity": d.severity.value,
        "category": d.category.value,
        "message": d.message,
        "file": file_text(d.span.file),
        "line": d.span.line,
        "column": d.span.column,
        "end_line": d.span.end_line,
        "end_column": d.span.end_column,
        "hint": d.hint,
        "related": [
            {"file": file_text(s.file), "line": s.line, "column": s.column, "message": what} for s, what in d.related
        ],
        "acknowledged": d.acknowledged,
        "fails": fails(d, strict),
    }


@formatter("json")
def json_report(report: CheckReport) -> str:
    """`{"version": 1, "files": [...], "failed": bool, "diagnostics": [...], "config": ...}`; see the README."""
    document = {
        "version": JSON_SCHEMA_VERSION,
        "files": [file_text(f) for f in report.files],
        "failed": report.failed,
        "diagnostics": [_diagnostic_json(d, report.strict) for d in report.diagnostics],
        "config": None if report.config is None else file_text(report.config),
    }
    return json_text(document)


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def _command(d: Diagnostic, strict: bool) -> str:
    if d.acknowledged is not None or d.severity is Severity.INFO:
        return "notice"
    if d.severity is Severity.ERROR or fails(d, strict):
        return "error"
    return "warning"


@formatter("github")
def github(report: CheckReport) -> str:
    """GitHub Actions workflow commands: `::error file=F,line=L,col=C,...,title=T::message`."""
    lines = []
    for d in report.diagnostics:
        s = d.span
        kind = "finding" if d.category is Category.FINDING else d.severity.value
        title = f"{d.code} {d.name} ({kind})" if d.name else f"{d.code} ({kind})"
        # Each piece escaped on its own: a line break of the map's never reaches the log; these three do, as %0A.
        message = printable(d.message)
        if d.hint:
            message += f"\nhelp: {printable(d.hint)}"
        if d.acknowledged is not None:
            message += f"\nacknowledged: {printable(d.acknowledged)}"
        props = [f"file={_escape_property(printable(s.file))}", f"line={s.line}", f"col={s.column}"]
        if s.end_line >= s.line:
            props.append(f"endLine={s.end_line}")
        if s.end_line == s.line and s.end_column > s.column:
            props.append(f"endColumn={s.end_column}")
        props.append(f"title={_escape_property(title)}")
        lines.append(f"::{_command(d, report.strict)} {','.join(props)}::{_escape_data(message)}")
    return "".join(f"{line}\n" for line in lines)
