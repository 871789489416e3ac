"""Text for people: `full` (the source line with a caret) and `concise` (one line each)."""

from __future__ import annotations

from argmap.diagnostics import Category, Diagnostic, format_full, place, printable
from argmap.report.base import CheckReport, formatter

__all__ = ["concise", "full", "label"]


def label(d: Diagnostic) -> str:
    """`error`, `warning`, `finding` or `info`, and `acknowledged` when it is."""
    kind = "finding" if d.category is Category.FINDING else d.severity.value
    return f"{kind}, acknowledged" if d.acknowledged is not None else kind


def _headline(d: Diagnostic) -> str:
    return f"{place(d.span)}: {d.code} [{label(d)}] {printable(d.message)}"


@formatter("full")
def full(report: CheckReport) -> str:
    """Each diagnostic: its headline, the source line with a caret, any help and related places."""
    blocks = []
    for d in report.diagnostics:
        body = format_full(d).split("\n", 1)
        block = _headline(d) + ("\n" + body[1] if len(body) > 1 else "")
        if d.acknowledged is not None:
            block += f"\n    = acknowledged: {printable(d.acknowledged)}"
        blocks.append(block)
    return "".join(f"{b}\n\n" for b in blocks)


@formatter("concise")
def concise(report: CheckReport) -> str:
    """`file:line:col: CODE [kind] message`, one line per diagnostic."""
    lines = []
    for d in report.diagnostics:
        why = f" (acknowledged: {printable(d.acknowledged)})" if d.acknowledged is not None else ""
        lines.append(_headline(d) + why)
    return "".join(f"{line}\n" for line in lines)
