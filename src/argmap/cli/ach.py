"""`argmap ach`: the analysis of competing hypotheses of a map's hypothesis sets, as a table or a page."""

from __future__ import annotations

import difflib

import click

from argmap.cli.common import fail, handle_errors, load_map
from argmap.evaluate.ach import TooManyHypotheses, derive, hypothesis_sets
from argmap.formats.ach import FORMATS

__all__ = ["ach"]


@click.command("ach")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option("--set", "set_ids", multiple=True, metavar="ID",
              help="Only this hypothesis set (repeat for several); default: every set in the map.")  # fmt: skip
@click.option("--format", "-f", "fmt", type=click.Choice(list(FORMATS)), default="text", show_default=True,
              help="Output format.")  # fmt: skip
@click.option("--allow-outside-root", is_flag=True, help="Allow includes outside the project folder.")
@handle_errors
def ach(file: str, set_ids: tuple[str, ...], fmt: str, allow_outside_root: bool) -> None:
    """Analysis of competing hypotheses for the hypothesis sets in FILE.

    Each set's matrix: its evidence (the claims that reach a hypothesis by
    support or attack, up to three links away) against its hypotheses, each
    cell C, CC, I, II or N, the weighted inconsistency score of each
    hypothesis (the least inconsistent ranks first), the diagnosticity of each
    piece of evidence and the pieces whose removal changes the ranking. See
    docs/ach.md for how every cell is derived.
    """
    argument_map = load_map(file, allow_outside_root)
    sets = hypothesis_sets(argument_map)
    if not sets:
        fail(f'{file}: the map has no hypothesis set; declare one: hypotheses ID "The question?" {{ h1, h2, h3 }}')
    known = [s.id for s in sets]
    for wanted in set_ids:
        if wanted not in known:
            near = difflib.get_close_matches(wanted, known, n=1)
            hint = f"did you mean '{near[0]}'?" if near else f"the map's sets: {', '.join(known)}"
            fail(f"no hypothesis set '{wanted}' in {file}; {hint}")
    try:
        matrices = [derive(argument_map, s) for s in sets if not set_ids or s.id in set_ids]
    except TooManyHypotheses as error:
        fail(f"{file}: {error}")
    click.echo(FORMATS[fmt](matrices, file), nl=False)
