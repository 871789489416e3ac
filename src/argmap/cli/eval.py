"""`argmap eval`: which claims of a map stand, and why, as a table or JSON."""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import click

from argmap.cli.common import handle_errors, load_map
from argmap.diagnostics import file_text, json_text, printable
from argmap.errors import UsageError
from argmap.evaluate import Evaluation, evaluate
from argmap.evaluate.framework import DEFAULT_LIMIT, Extensions
from argmap.evaluate.gradual import Strengths, dfquad
from argmap.evaluate.preferences import LINKS, evaluate_weighed
from argmap.evaluate.sensitivity import DEFAULT_THRESHOLD, Sensitivity, sensitivity

__all__ = ["EVAL_FORMATS", "SEMANTICS", "eval_command", "sensitivity_data", "strengths_data", "to_data"]

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
SEMANTICS = ("grounded", "dfquad")


def strengths_data(strengths: Strengths, file: str) -> dict[str, Any]:
    """DF-QuAD's strengths as JSON-ready data: each claim's base score and strength."""
    return {
        "argmap_eval": EVAL_SCHEMA_VERSION,
        "file": file,
        "semantics": "dfquad",
        "converged": strengths.converged,
        "claims": [
            {"id": claim, "base": strengths.base[claim], "strength": value}
            for claim, value in strengths.strength.items()
        ],
    }


def _strengths_table(strengths: Strengths, file: str) -> str:
    rows = [("claim", "base", "strength")]
    rows += [(claim, f"{strengths.base[claim]:.3f}", f"{value:.3f}") for claim, value in strengths.strength.items()]
    width = [max(len(row[i]) for row in rows) for i in range(3)]
    lines = ["  ".join(cell.ljust(width[i]) for i, cell in enumerate(row)).rstrip() for row in rows]
    lines.append("")
    settled = "" if strengths.converged else f" (not settled after {strengths.rounds} rounds: the last values)"
    lines.append(f"{file}: {len(strengths.strength)} claims, DF-QuAD strengths in [0, 1]{settled}")
    return "\n".join(map(printable, lines)) + "\n"


def sensitivity_data(found: list[Sensitivity], file: str, threshold: float) -> dict[str, Any]:
    """The linchpins of each conclusion as JSON-ready data."""
    return {
        "argmap_eval": EVAL_SCHEMA_VERSION,
        "file": file,
        "sensitivity": {"threshold": threshold},
        "conclusions": [
            {
                "id": s.conclusion,
                "status": s.status.value,
                "strength": s.strength,
                "sources": list(s.sources),
                "actors": list(s.actors),
                "linchpins": [
                    {
                        "kind": p.kind,
                        "id": p.id,
                        "status": None if p.status is None else p.status.value,
                        "strength": p.strength,
                        "withdraws": list(p.withdrawn),
                    }
                    for p in s.linchpins
                ],
            }
            for s in found
        ],
    }


def _sensitivity_table(found: list[Sensitivity], file: str, threshold: float) -> str:
    lines = []
    for item in found:
        lines.append(f"{item.conclusion}: {item.status.value}, strength {item.strength:.2f}")
        lines.append(
            f"  rests on sources: {', '.join(item.sources) or 'none'}; actors: {', '.join(item.actors) or 'none'}"
        )
        if not item.linchpins:
            lines.append(f"  no single withdrawal flips it or moves it by more than {threshold:g}")
        for pin in item.linchpins:
            after = "withdrawn with it" if pin.status is None else f"{pin.status.value}, strength {pin.strength:.2f}"
            takes = "" if pin.kind == "claim" else f" (takes {', '.join(pin.withdrawn)})"
            lines.append(f"  without {pin.kind} {pin.id}{takes}: {after}")
        lines.append("")
    pins = sum(len(s.linchpins) for s in found)
    lines.append(f"{file}: {len(found)} conclusions, {pins} linchpins (a status flipped, or a strength moved by more "
                 f"than {threshold:g})")  # fmt: skip
    return "\n".join(map(printable, lines)) + "\n"


@click.command("eval")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.argument("claims", nargs=-1)
@click.option("--format", "-f", "fmt", type=click.Choice(sorted(EVAL_FORMATS)), default="table", show_default=True,
              help="Output format.")  # fmt: skip
@click.option("--limit", type=click.IntRange(min=1), default=DEFAULT_LIMIT, show_default=True, metavar="STEPS",
              help="Search steps for preferred and stable extensions; past it they are not computed.")  # fmt: skip
@click.option("--semantics", type=click.Choice(SEMANTICS), default="grounded", show_default=True,
              help="grounded: each claim in, out or undecided; dfquad: each claim's strength in [0, 1].")  # fmt: skip
@click.option("--sensitivity", "linchpins", is_flag=True,
              help="For each top conclusion (or each CLAIM), the claims, sources and actors it hangs on.")  # fmt: skip
@click.option("--threshold", type=click.FloatRange(0, 1), default=DEFAULT_THRESHOLD, show_default=True,
              help="With --sensitivity: a strength moved by more than this makes a linchpin.")  # fmt: skip
@click.option("--preferences", type=click.Choice(("map", "grades", "none")), default="map", show_default=True,
              help="map: weigh attacks by the map's prefer lines; grades: by grades too; none: do not.")  # fmt: skip
@click.option("--link", type=click.Choice(LINKS), default="last", show_default=True,
              help="With --preferences grades: the claims' own grades, or their weakest support's.")  # fmt: skip
@click.option("--allow-outside-root", is_flag=True, help="Allow includes outside the project folder.")
@handle_errors
def eval_command(
    file: str,
    fmt: str,
    limit: int,
    allow_outside_root: bool,
    semantics: str = "grounded",
    claims: tuple[str, ...] = (),
    linchpins: bool = False,
    threshold: float = DEFAULT_THRESHOLD,
    preferences: str = "map",
    link: str = "last",
) -> None:
    """Evaluate the map in FILE: each claim in, out or undecided (grounded semantics), with the reason.

    The preferred column says in how many preferred extensions a claim is
    accepted: all, some or none. See docs/evaluation.md for the translation.
    With --semantics dfquad, each claim's strength instead (DF-QuAD); with
    --sensitivity [CLAIM ...], the linchpins of each top conclusion (or of
    each CLAIM): see docs/evaluation.md.
    """
    if claims and not linchpins:
        raise UsageError(f"unexpected argument '{claims[0]}': claims are named only with --sensitivity")
    if linchpins:
        amap = load_map(file, allow_outside_root)
        known = amap.claims_by_id()
        unknown = [c for c in claims if c not in known]
        if unknown:
            raise UsageError(f"{file}: no claim '{unknown[0]}' in the map")
        found = sensitivity(amap, claims or None, threshold)
        if fmt == "json":
            click.echo(json_text(sensitivity_data(found, file_text(file), threshold)), nl=False)
        else:
            click.echo(_sensitivity_table(found, file, threshold), nl=False)
        return
    if semantics == "dfquad":
        strengths = dfquad(load_map(file, allow_outside_root))
        if fmt == "json":
            click.echo(json_text(strengths_data(strengths, file_text(file))), nl=False)
        else:
            click.echo(_strengths_table(strengths, file), nl=False)
        return
    amap = load_map(file, allow_outside_root)
    if preferences == "grades" or (preferences == "map" and amap.preferences):
        evaluation, _ = evaluate_weighed(amap, link, limit, use_grades=preferences == "grades")
    else:
        evaluation = evaluate(amap, limit)
    click.echo(EVAL_FORMATS[fmt](evaluation, file, limit), nl=False)
