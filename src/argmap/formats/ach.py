"""ACH matrices (`argmap.evaluate.ach`) as text: a terminal table, Markdown, CSV, JSON and an HTML page.

`FORMATS` is the registry `argmap ach --format` takes its choices from. Every
format shows each hypothesis and each piece of evidence by id and by text,
marks the cells the analyst set (`*`), and gives the scores, the ranking and
its sensitivity. Map texts are untrusted: the terminal table and Markdown
show what a terminal would act on escaped (`diagnostics.printable`), the
HTML escapes every text it writes, CSV keeps a spreadsheet from reading a
text as a formula, and JSON escapes as `argmap check` does.
"""

from __future__ import annotations

import csv
import html
import io
import textwrap
from collections.abc import Callable, Sequence
from typing import Any

from argmap.diagnostics import file_text, json_text, printable
from argmap.evaluate.ach import MAX_DEPTH, Cell, CellDerivation, Matrix, Row

__all__ = ["ACH_SCHEMA_VERSION", "FORMATS", "to_csv", "to_data", "to_html", "to_json", "to_markdown", "to_text"]

ACH_SCHEMA_VERSION = 1
# The terminal table's texts are wrapped to this width.
_WIDTH = 100
_LEGEND = "CC strongly consistent, C consistent, N not applicable, I inconsistent, II strongly inconsistent"


def _cell(derivation: CellDerivation) -> str:
    return derivation.cell.value + ("*" if derivation.overridden else "")


def _score(value: float) -> str:
    """A weight or a score as people write it: at most two decimals, no trailing zeros (1.875 is 1.88)."""
    return f"{round(value, 2):g}"


def _ranking_words(matrix: Matrix, names: dict[str, str]) -> str:
    scores = {s.hypothesis: s.inconsistency for s in matrix.scores}
    groups = [" = ".join(f"{names[h]} {h} ({_score(scores[h])})" for h in group) for group in matrix.ranking]
    return " < ".join(groups)


def _sensitivity_lines(matrix: Matrix) -> list[str]:
    if not matrix.rows:
        return ["Sensitivity: no evidence."]
    if not matrix.sensitivity:
        return ["Sensitivity: no single piece of evidence changes the ranking."]
    lines = ["Sensitivity: leaving out one piece of evidence changes the ranking:"]
    for found in matrix.sensitivity:
        top = "  (a new first place)" if found.changes_top else ""
        lines.append(f"  {found.words()}{top}")
    return lines


def _overrides(matrix: Matrix) -> list[tuple[str, str, str, str]]:
    """(hypothesis, evidence, cell, reason) of each cell the analyst set."""
    return [
        (h, row.evidence, c.cell.value, c.override.reason)
        for row in matrix.rows
        for h, c in zip(matrix.hypotheses, row.cells, strict=True)
        if c.override is not None
    ]


def _wrapped(label: str, text: str, indent: int) -> list[str]:
    return textwrap.wrap(
        f"{label}{text}", _WIDTH, initial_indent="  ", subsequent_indent=" " * (indent + 2), break_on_hyphens=False
    ) or ["  " + label]


# --- the terminal table ----------------------------------------------------------------------


def to_text(matrices: Sequence[Matrix], file: str) -> str:
    """The matrices as tables for a terminal: hypotheses as columns H1, H2..., named below."""
    out: list[str] = []
    for number, matrix in enumerate(matrices):
        if number:
            out.append("")
        out.extend(_text_one(matrix))
    return "\n".join(printable(line) for line in out) + "\n"


def _text_one(matrix: Matrix) -> list[str]:
    hypotheses = matrix.hypotheses
    names = {h: f"H{i}" for i, h in enumerate(hypotheses, 1)}
    lines = [f"{matrix.set.id}: {matrix.set.question}", ""]
    label_width = max([len("inconsistency"), *(len(r.evidence) for r in matrix.rows)])
    column = max(4, *(len(_score(s.inconsistency)) + 1 for s in matrix.scores)) if matrix.scores else 4
    header = "evidence".ljust(label_width) + "".join(names[h].rjust(column) for h in hypotheses)
    lines.append(header + "  weight  diagnosticity")
    for row in matrix.rows:
        cells = "".join(_cell(c).rjust(column) for c in row.cells)
        diagnostic = _score(row.diagnosticity) if row.diagnostic else "0 (non-diagnostic)"
        lines.append(f"{row.evidence.ljust(label_width)}{cells}  {_score(row.weight).rjust(6)}  {diagnostic}")
    if not matrix.rows:
        lines.append("(no evidence: no claim reaches a hypothesis, and no cell is set)")
    lines.append(
        "inconsistency".ljust(label_width) + "".join(_score(s.inconsistency).rjust(column) for s in matrix.scores)
    )
    lines.append("rank".ljust(label_width) + "".join(str(s.rank).rjust(column) for s in matrix.scores))
    lines.append("")
    if matrix.ranking:
        ranking = f"Ranking, least inconsistent first: {_ranking_words(matrix, names)}"
        lines.extend(textwrap.wrap(ranking, _WIDTH, subsequent_indent="  ", break_on_hyphens=False))
    for line in _sensitivity_lines(matrix):
        indent = " " * (len(line) - len(line.lstrip()) + 2)
        lines.extend(textwrap.wrap(line, _WIDTH, subsequent_indent=indent, break_on_hyphens=False) or [line])
    lines.append("")
    lines.append("Hypotheses:")
    for hypothesis, text in zip(hypotheses, matrix.texts, strict=True):
        label = f"{names[hypothesis]} {hypothesis}: "
        lines.extend(_wrapped(label, text, len(names[hypothesis]) + 1))
    if matrix.rows:
        lines.append("Evidence:")
        for row in matrix.rows:
            lines.extend(_wrapped(f"{row.evidence}: ", row.text, 2))
    overrides = _overrides(matrix)
    if overrides:
        lines.append("Cells set by the analyst (*):")
        for hypothesis, evidence, cell, reason in overrides:
            lines.extend(_wrapped(f"{evidence} / {names[hypothesis]} {cell}: ", reason, 2))
    lines.extend(textwrap.wrap(f"Cells: {_LEGEND}; * set by an `ach` line.", _WIDTH, subsequent_indent="  "))
    return lines


# --- Markdown --------------------------------------------------------------------------------

# What could start markup inside a table cell or a list item: emphasis, code, links, raw HTML, a column's end.
_MARKDOWN_SPECIAL = str.maketrans({c: "\\" + c for c in "\\`*_[]<>|~"})


def _md(text: str) -> str:
    """Map text as literal Markdown: no markup, no raw HTML, no table column ended early."""
    return printable(text).translate(_MARKDOWN_SPECIAL)


def _md_order(ranking: Sequence[Sequence[str]], names: dict[str, str], matrix: Matrix | None) -> str:
    """A ranking with ids as code: `H2 `b` (0), then H1 `a` = H3 `c` (2)`, scores when `matrix` is given."""
    scores = {s.hypothesis: s.inconsistency for s in matrix.scores} if matrix is not None else {}
    return ", then ".join(
        " = ".join(f"{names[h]} `{h}`" + (f" ({_score(scores[h])})" if h in scores else "") for h in group)
        for group in ranking
    )


def to_markdown(matrices: Sequence[Matrix], file: str) -> str:
    """The matrices as Markdown tables, each with its ranking and sensitivity."""
    out: list[str] = []
    for matrix in matrices:
        hypotheses = matrix.hypotheses
        names = {h: f"H{i}" for i, h in enumerate(hypotheses, 1)}
        out.append(f"### {_md(matrix.set.question)} (`{matrix.set.id}`)")
        out.append("")
        out.extend(f"- **{names[h]}** `{h}`: {_md(text)}" for h, text in zip(hypotheses, matrix.texts, strict=True))
        out.append("")
        out.append("| evidence | " + " | ".join(names[h] for h in hypotheses) + " | weight | diagnosticity |")
        out.append("| --- | " + " | ".join(":-:" for _ in hypotheses) + " | ---: | ---: |")
        for row in matrix.rows:
            cells = " | ".join(_cell(c).replace("*", "\\*") for c in row.cells)
            out.append(
                f"| `{row.evidence}`: {_md(row.text)} | {cells} | {_score(row.weight)} | {_score(row.diagnosticity)} |"
            )
        out.append(
            "| **inconsistency** | " + " | ".join(f"**{_score(s.inconsistency)}**" for s in matrix.scores) + " | | |"
        )
        out.append("| rank | " + " | ".join(str(s.rank) for s in matrix.scores) + " | | |")
        out.append("")
        if matrix.ranking:
            out.append(f"Ranking, least inconsistent first: {_md_order(matrix.ranking, names, matrix)}.")
            out.append("")
        if matrix.sensitivity:
            out.append("Sensitivity: leaving out one piece of evidence changes the ranking:")
            out.append("")
            out.extend(
                f"- without `{s.evidence}`: {_md_order(s.ranking, names, None)}"
                + (" (a new first place)" if s.changes_top else "")
                for s in matrix.sensitivity
            )
        else:
            out.extend(_sensitivity_lines(matrix))
        overrides = _overrides(matrix)
        if overrides:
            out.append("")
            out.append("Cells set by the analyst (\\*):")
            out.append("")
            out.extend(f"- `{e}` / {names[h]} **{cell}**: {_md(reason)}" for h, e, cell, reason in overrides)
        out.append("")
        out.append(f"Cells: {_LEGEND}.")
        out.append("")
    return "\n".join(out)


# --- CSV ----------------------------------------------------------------------------------------


def _csv_safe(text: str) -> str:
    """A text a spreadsheet shows as text: one starting with = + - @ (or a tab or CR) would be read as a formula."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def to_csv(matrices: Sequence[Matrix], file: str) -> str:
    """One table: a line per set, hypothesis and piece of evidence (the cells as columns H1, H2, ...)."""
    widest = max((len(m.hypotheses) for m in matrices), default=0)
    buffer = io.StringIO()
    header = ["set", "row", "id", "text", "weight", "diagnosticity", *(f"H{i}" for i in range(1, widest + 1))]
    writer = csv.writer(buffer, lineterminator="\n")

    def write(row: list[str]) -> None:
        writer.writerow([*row, *[""] * (len(header) - len(row))])  # every line as wide as the header

    writer.writerow(header)
    for matrix in matrices:
        set_id = matrix.set.id
        write([set_id, "question", set_id, _csv_safe(matrix.set.question), "", ""])
        for hypothesis, text in zip(matrix.hypotheses, matrix.texts, strict=True):
            write([set_id, "hypothesis", hypothesis, _csv_safe(text), "", ""])
        for row in matrix.rows:
            cells = [_cell(c) for c in row.cells]
            write(
                [
                    set_id,
                    "evidence",
                    row.evidence,
                    _csv_safe(row.text),
                    _score(row.weight),
                    _score(row.diagnosticity),
                    *cells,
                ]
            )
        write([set_id, "inconsistency", "", "", "", "", *(_score(s.inconsistency) for s in matrix.scores)])
        write([set_id, "rank", "", "", "", "", *(str(s.rank) for s in matrix.scores)])
    return buffer.getvalue()


# --- JSON ---------------------------------------------------------------------------------------


def _cell_data(derivation: CellDerivation) -> dict[str, Any]:
    return {
        "cell": derivation.cell.value,
        "overridden": derivation.overridden,
        "reason": derivation.reason,
        "chain": [
            {"source": link.source, "verb": link.verb, "target": link.target, "linked": link.linked}
            for link in derivation.chain
        ],
    }


def _row_data(matrix: Matrix, row: Row) -> dict[str, Any]:
    return {
        "id": row.evidence,
        "text": row.text,
        "weight": row.weight,
        "diagnosticity": row.diagnosticity,
        "diagnostic": row.diagnostic,
        "cells": {h: _cell_data(c) for h, c in zip(matrix.hypotheses, row.cells, strict=True)},
    }


def to_data(matrices: Sequence[Matrix], file: str) -> dict[str, Any]:
    """The matrices as JSON-ready data."""
    return {
        "argmap_ach": ACH_SCHEMA_VERSION,
        "file": file_text(file),
        "max_depth": MAX_DEPTH,
        "sets": [
            {
                "id": m.set.id,
                "question": m.set.question,
                "place": {"file": file_text(m.set.span.file), "line": m.set.span.line, "column": m.set.span.column},
                "hypotheses": [
                    {
                        "id": s.hypothesis,
                        "text": s.text,
                        "inconsistency": s.inconsistency,
                        "rank": s.rank,
                        "consistent": s.consistent,
                        "inconsistent": s.inconsistent,
                        "not_applicable": s.not_applicable,
                    }
                    for s in m.scores
                ],
                "evidence": [_row_data(m, row) for row in m.rows],
                "ranking": [list(group) for group in m.ranking],
                "sensitivity": [
                    {"without": s.evidence, "ranking": [list(g) for g in s.ranking], "changes_top": s.changes_top}
                    for s in m.sensitivity
                ],
            }
            for m in matrices
        ],
    }


def to_json(matrices: Sequence[Matrix], file: str) -> str:
    return json_text(to_data(matrices, file))


# --- HTML ---------------------------------------------------------------------------------------

# Colour-blind-safe diverging colours (ColorBrewer PRGn, green to purple): the letters in every cell
# carry the same, so a greyscale print loses nothing. Dark cells take white letters.
_CELL_STYLE = {
    Cell.CC: ("#1b7837", "#ffffff"),
    Cell.C: ("#a6dba0", "#000000"),
    Cell.N: ("#f7f7f7", "#000000"),
    Cell.I: ("#c2a5cf", "#000000"),
    Cell.II: ("#762a83", "#ffffff"),
}
_CSS = """
body { font-family: system-ui, sans-serif; margin: 2em; color: #111; }
table { border-collapse: collapse; margin: 1em 0; }
th, td { border: 1px solid #999; padding: 0.3em 0.5em; vertical-align: top; }
th { background: #eee; text-align: left; }
td.cell { text-align: center; font-weight: bold; font-family: ui-monospace, monospace; min-width: 2.5em; }
td.num { text-align: right; font-family: ui-monospace, monospace; }
th.evidence { min-width: 16em; }
.id { font-family: ui-monospace, monospace; font-size: 0.9em; color: #333; }
.text { display: block; max-width: 36em; font-weight: normal; }
.reason { font-size: 0.85em; color: #333; }
tr.total td, tr.total th { border-top: 2px solid #333; font-weight: bold; }
.legend span { display: inline-block; padding: 0.1em 0.5em; margin-right: 0.4em; border: 1px solid #999;
  font-family: ui-monospace, monospace; font-weight: bold; }
""" + "".join(
    f"td.cell-{cell.value.lower()}, .legend .cell-{cell.value.lower()} {{ background: {bg}; color: {fg}; }}\n"
    for cell, (bg, fg) in _CELL_STYLE.items()
)


def _h(text: str) -> str:
    return html.escape(printable(text), quote=True)


def to_html(matrices: Sequence[Matrix], file: str) -> str:
    """A self-contained page: each matrix coloured by cell, the letters in every cell, every text escaped."""
    title = f"ACH: {file}"
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_h(title)}</title>",
        f"<style>{_CSS}</style>",
        "</head><body>",
        f'<h1>Analysis of competing hypotheses: <span class="id">{_h(file)}</span></h1>',
    ]
    for matrix in matrices:
        parts.extend(_html_one(matrix))
    legend = "".join(f'<span class="cell-{cell.value.lower()}">{cell.value}</span>{_h(cell.meaning)} ' for cell in Cell)
    parts.append(f'<p class="legend">{legend}<span>*</span>set by the analyst (an <code>ach</code> line)</p>')
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"


def _html_one(matrix: Matrix) -> list[str]:
    hypotheses = matrix.hypotheses
    names = {h: f"H{i}" for i, h in enumerate(hypotheses, 1)}
    parts = [
        f'<section id="set-{_h(matrix.set.id)}">',
        f'<h2>{_h(matrix.set.question)} <span class="id">{_h(matrix.set.id)}</span></h2>',
        "<table>",
        "<thead><tr><th>evidence</th>"
        + "".join(
            f'<th title="{_h(text)}">{names[h]}<br><span class="id">{_h(h)}</span></th>'
            for h, text in zip(hypotheses, matrix.texts, strict=True)
        )
        + "<th>weight</th><th>diagnosticity</th></tr></thead>",
        "<tbody>",
    ]
    for row in matrix.rows:
        cells = "".join(
            f'<td class="cell cell-{c.cell.value.lower()}" title="{_h(c.reason)}">{_h(_cell(c))}</td>'
            for c in row.cells
        )
        diagnostic = _score(row.diagnosticity) if row.diagnostic else "0 (non-diagnostic)"
        parts.append(
            f'<tr><th class="evidence"><span class="id">{_h(row.evidence)}</span>'
            f'<span class="text">{_h(row.text)}</span></th>'
            f'{cells}<td class="num">{_score(row.weight)}</td><td class="num">{diagnostic}</td></tr>'
        )
    parts.append(
        '<tr class="total"><th>inconsistency</th>'
        + "".join(f'<td class="num">{_score(s.inconsistency)}</td>' for s in matrix.scores)
        + "<td></td><td></td></tr>"
    )
    parts.append(
        "<tr><th>rank</th>"
        + "".join(f'<td class="num">{s.rank}</td>' for s in matrix.scores)
        + "<td></td><td></td></tr>"
    )
    parts.append("</tbody></table>")
    parts.append("<dl>")
    for hypothesis, text in zip(hypotheses, matrix.texts, strict=True):
        parts.append(f'<dt>{names[hypothesis]} <span class="id">{_h(hypothesis)}</span></dt><dd>{_h(text)}</dd>')
    parts.append("</dl>")
    if matrix.ranking:
        parts.append(f"<p>Ranking, least inconsistent first: {_h(_ranking_words(matrix, names))}</p>")
    sensitivity = _sensitivity_lines(matrix)
    parts.append(f"<p>{_h(sensitivity[0])}</p>")
    if len(sensitivity) > 1:
        parts.append("<ul>" + "".join(f"<li>{_h(line.strip())}</li>" for line in sensitivity[1:]) + "</ul>")
    overrides = _overrides(matrix)
    if overrides:
        parts.append("<p>Cells set by the analyst (*):</p><ul>")
        parts.extend(
            f'<li><span class="id">{_h(e)}</span> / {names[h]} <b>{_h(cell)}</b>: '
            f'<span class="reason">{_h(reason)}</span></li>'
            for h, e, cell, reason in overrides
        )
        parts.append("</ul>")
    parts.append("</section>")
    return parts


FORMATS: dict[str, Callable[[Sequence[Matrix], str], str]] = {
    "text": to_text,
    "markdown": to_markdown,
    "csv": to_csv,
    "json": to_json,
    "html": to_html,
}
