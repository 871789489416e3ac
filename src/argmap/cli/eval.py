"""`argmap eval`: which claims of a map stand, and why, as a table or JSON."""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import click

from argmap.cli.common import handle_errors, load_map
from argmap.diagnostics import file_text, json_text, printable
from argmap.evaluate import Evaluation, evaluate
from argmap.evaluate.framework import DEFAULT_LIMIT, Extensions

__all__ = ["EVAL_FORMATS", "eval_command", "to_data"]

EVAL_SCHEMA_VERSION = 1

# Counts of extensions past this are given by their order of magnitude: a product over thousands of
# independent parts has thousands of digits (and Python will not write an int of more than 4,300).
_EXACT_BELOW = 10**15


def _preferred_word(credulous: bool | None, skeptical: bool | None) -> str:
    if credulous is None:
        return "?"
    return "all" if skeptical else "some" if credulous else "none"


def _extensions_data(evaluation: Evaluation, extensions: Extensions) -> dict[str, Any]:
    """`computed` and the extensions' claims; `count` too when they are computed but too many to list."""
    claims = evaluation.claim_extensions(extensions)
    order = {c.claim: n for n, c in enumerate(evaluation.claims)}
    data: dict[str, Any] = {
        "computed": extensions.computed,
        "extensions": None if claims is None else [sorted(e, key=order.__getitem__) for e in claims],
    }
    if extensions.count is not None and claims is None:
        data["count"] = extensions.count if extensions.count < _EXACT_BELOW else None
    return data


def to_data(evaluation: Evaluation, file: str) -> dict[str, Any]:
    """The evaluation as JSON-ready data."""
    arguments, attacks = evaluation.translation.sizes
    return {
        "argmap_eval": EVAL_SCHEMA_VERSION,
        "file": file,
        "framework": {"arguments": arguments, "attacks": attacks},
        "claims": [
            {
                "id": c.claim,
                "status": c.status.value,
                "reason": c.reason,
                "preferred": {"credulous": c.credulous, "skeptical": c.skeptical},
            }
            for c in evaluation.claims
        ],
        "steps": [
            {
                "premises": [p.id for p in s.support.premises],
                "conclusion": s.support.conclusion.id,
                "linked": s.support.linked,
                "argument": s.support.argument,
                "status": s.status.value,
                "reason": s.reason,
            }
            for s in evaluation.steps
        ],
        "preferred": _extensions_data(evaluation, evaluation.preferred),
        "stable": _extensions_data(evaluation, evaluation.stable),
    }


def _json(evaluation: Evaluation, file: str, limit: int) -> str:
    # As check's json: a name that is not UTF-8 written with its bytes escaped, nothing a terminal acts on.
    return json_text(to_data(evaluation, file_text(file)))


def _table(evaluation: Evaluation, file: str, limit: int) -> str:
    rows = [("claim", "status", "preferred", "reason")]
    rows += [(c.claim, c.status.value, _preferred_word(c.credulous, c.skeptical), c.reason) for c in evaluation.claims]
    width = [max(len(row[i]) for row in rows) for i in range(3)]
    lines = ["  ".join(cell.ljust(width[i]) for i, cell in enumerate(row[:3])) + "  " + row[3] for row in rows]
    counts = {s: sum(1 for c in evaluation.claims if c.status.value == s) for s in ("in", "out", "undec")}
    lines.append("")
    lines.append(f"{file}: {len(evaluation.claims)} claims: {counts['in']} in, {counts['out']} out, "
                 f"{counts['undec']} undecided (grounded)")  # fmt: skip
    lines.append(_summary(evaluation.preferred, limit))
    lines.append(_summary(evaluation.stable, limit))
    return "\n".join(map(printable, lines)) + "\n"  # the file's name is untrusted too (a glob in CI)


def _summary(extensions: Extensions, limit: int) -> str:
    semantics, count = extensions.semantics, extensions.count
    if count is None:
        return f"{semantics} extensions: not computed (the search needs more than {limit} steps; raise --limit)"
    if not count:
        return f"{semantics} extensions: none (an odd cycle of attacks leaves no consistent choice)"
    return f"{semantics} extensions: {_how_many(count)}"


def _how_many(count: int) -> str:
    """A count as digits, or past `_EXACT_BELOW` as a power of ten."""
    return str(count) if count < _EXACT_BELOW else f"about 10^{math.floor(math.log10(count))}"


EVAL_FORMATS: dict[str, Callable[[Evaluation, str, int], str]] = {"table": _table, "json": _json}


@click.command("eval")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option("--format", "-f", "fmt", type=click.Choice(sorted(EVAL_FORMATS)), default="table", show_default=True,
              help="Output format.")  # fmt: skip
@click.option("--limit", type=click.IntRange(min=1), default=DEFAULT_LIMIT, show_default=True, metavar="STEPS",
              help="Search steps for preferred and stable extensions; past it they are not computed.")  # fmt: skip
@click.option("--allow-outside-root", is_flag=True, help="Allow includes outside the project folder.")
@handle_errors
def eval_command(file: str, fmt: str, limit: int, allow_outside_root: bool) -> None:
    """Evaluate the map in FILE: each claim in, out or undecided (grounded semantics), with the reason.

    The preferred column says in how many preferred extensions a claim is
    accepted: all, some or none. See docs/evaluation.md for the translation.
    """
    evaluation = evaluate(load_map(file, allow_outside_root), limit)
    click.echo(EVAL_FORMATS[fmt](evaluation, file, limit), nl=False)
