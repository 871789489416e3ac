"""`argmap rules`: list the checks, or explain one."""

from __future__ import annotations

import click

from argmap.checks import RULES, Rule
from argmap.cli.common import handle_errors
from argmap.errors import UsageError

__all__ = ["rules"]


def _kind(found: Rule) -> str:
    return "finding" if found.category.value == "finding" else found.severity.value


def _explain(found: Rule) -> str:
    origin = "" if found.check is not None else "\n(reported while reading the map; it cannot be ignored)"
    return f"{found.code} {found.name} ({_kind(found)}){origin}\n\n{found.doc}\n"


@click.command()
@click.argument("code", required=False)
@handle_errors
def rules(code: str | None) -> None:
    """List every rule, or explain the rule CODE (a code like AM101, a prefix like AM1, or a name)."""
    ordered = sorted(RULES.values(), key=lambda r: r.code)
    if code is not None:
        exact = [r for r in ordered if code.upper() == r.code or code.lower() == r.name]
        if exact:
            click.echo(_explain(exact[0]), nl=False)
            return
        ordered = [r for r in ordered if r.code.startswith(code.upper())]
        if not ordered:
            raise UsageError(f"no rule matches '{code}'; `argmap rules` lists them all")
    width = max(len(r.name) for r in ordered)
    for r in ordered:
        click.echo(f"{r.code}  {r.name:<{width}}  {_kind(r):<8}  {r.summary}")
