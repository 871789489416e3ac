"""A map as two spreadsheet tables: `claims.csv` (a row per claim) and `links.csv` (a row per link).

RFC 4180: comma-separated, fields quoted when they hold a comma, a quote or
a line break, quotes doubled, rows ended by CRLF; UTF-8, with a byte order
mark on request so that spreadsheet programs read it as UTF-8. A cell that
a spreadsheet would run as a formula (it starts with `=`, `+`, `-`, `@`, a
tab or a carriage return) is written after a `'`, as OWASP advises: a map
from anyone must not run code on a manager's machine.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

from argmap import evaluate
from argmap.model import ArgumentMap, AttackKind

__all__ = ["CLAIM_COLUMNS", "LINK_COLUMNS", "TABLES", "claims_csv", "links_csv", "tables"]

CLAIM_COLUMNS = (
    "id", "kind", "text", "actors", "sources", "likelihood", "probability", "confidence", "credibility", "tags",
    "status",
)  # fmt: skip
LINK_COLUMNS = ("from", "to", "kind")
# Several values in one cell (actors, sources, tags) are joined by this.
SEPARATOR = "; "
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_ATTACK_WORD = {AttackKind.REBUT: "rebut", AttackKind.UNDERMINE: "undermine", AttackKind.UNDERCUT: "undercut"}


def _cell(value: object) -> str:
    if value is None:
        return ""
    text = value if isinstance(value, str) else str(value)
    return "'" + text if text.startswith(_FORMULA_STARTS) else text


def _csv(rows: Iterable[Sequence[object]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")  # RFC 4180: CRLF, minimal quoting, quotes doubled
    writer.writerows([_cell(value) for value in row] for row in rows)
    return out.getvalue()


def _unique(words: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(words))


def claims_csv(argument_map: ArgumentMap) -> str:
    """`claims.csv`: each claim with its actors, sources (cited and quoted), likelihood, grades, tags and status."""
    statuses = {c.claim: c.status.value for c in evaluate.evaluate(argument_map).claims}
    rows: list[Sequence[object]] = [CLAIM_COLUMNS]
    for claim in argument_map.claims:
        sources = _unique([r.id for r in claim.citations] + [q.source.id for q in claim.quotes])
        rows.append((
            claim.id, claim.kind.value, claim.text, SEPARATOR.join(r.id for r in claim.actors),
            SEPARATOR.join(sources), claim.likelihood,
            None if claim.probability is None else f"{claim.probability:g}", claim.confidence, claim.credibility,
            SEPARATOR.join(claim.tags), statuses.get(claim.id),
        ))  # fmt: skip
    return _csv(rows)


def links_csv(argument_map: ArgumentMap) -> str:
    """`links.csv`: a row per premise of each support, per attack and per contradiction.

    The kinds: `support`, `linked support` (one row per premise of a linked
    support), `rebut`, `undermine`, `undercut` (its `to` is an argument, or
    the step written `premise to conclusion`), `contradiction` and `preference`
    (from the better to the worse).
    """
    rows: list[Sequence[object]] = [LINK_COLUMNS]
    for support in argument_map.supports:
        kind = "linked support" if support.linked and len(support.premises) > 1 else "support"
        rows.extend((premise.id, support.conclusion.id, kind) for premise in support.premises)
    for attack in argument_map.attacks:
        target = attack.target.id if attack.inference_to is None else f"{attack.target.id} to {attack.inference_to.id}"
        rows.append((attack.attacker.id, target, _ATTACK_WORD[attack.kind]))
    rows.extend((c.left.id, c.right.id, "contradiction") for c in argument_map.contradictions)
    rows.extend((p.better.id, p.worse.id, "preference") for p in argument_map.preferences)
    return _csv(rows)


def tables(argument_map: ArgumentMap, bom: bool = False) -> dict[str, bytes]:
    """Both tables by file name, encoded in UTF-8 (with a byte order mark when `bom`)."""
    encoding = "utf-8-sig" if bom else "utf-8"
    return {name: make(argument_map).encode(encoding) for name, make in TABLES.items()}


TABLES = {"claims.csv": claims_csv, "links.csv": links_csv}
