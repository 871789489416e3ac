"""The key: rows of one table, of only what a picture draws, the same shape whichever way the map runs.

The compiler notes what it draws in a `Drawn` record; the key explains just
that, from the look table (`argmap.draw.style`), so it can never disagree with
the picture. Each link is a short line in the link's colour and style, ending
in a glyph for its arrowhead. The key is table rows rather than nodes and
edges, so `rankdir` cannot turn it, and it sits beside the summary band under
the title.
"""

from __future__ import annotations

import attrs

from argmap.draw.style import (
    EDGE_LOOKS,
    EDGE_SAMPLES,
    EDGE_WORDS,
    QUOTE_MARK,
    STATUS_GLYPHS,
    STATUS_LOOKS,
    STATUS_WORDS,
)
from argmap.draw.text import esc

__all__ = ["KEY_COLUMNS", "Drawn", "key_rows"]

# The key's three columns: a line, the glyph that ends it, and the words; other samples span the first two.
KEY_COLUMNS = 3


@attrs.define
class Drawn:
    """What one picture holds, noted while it is compiled, for its key."""

    links: set[str] = attrs.field(factory=set)
    top: bool = False
    statuses: bool = False
    quoted: bool = False
    graded: bool = False
    likelihood: bool = False
    hidden: bool = False
    # Colours and what they stand for (actor or tag names), in the key's order, under `ink_heading`.
    inks: list[tuple[str, str]] = attrs.field(factory=list)
    ink_heading: str = "Actors"


def key_rows(drawn: Drawn) -> list[str]:
    """The key as rows of an HTML-like table, each `KEY_COLUMNS` wide; none when the picture has nothing to explain."""
    rows: list[tuple[str, str]] = [(_sample(link), words) for link, words in EDGE_WORDS.items() if link in drawn.links]
    if drawn.top:
        frame = '<TD COLSPAN="2" BORDER="3" STYLE="rounded" WIDTH="40" HEIGHT="14"></TD>'
        rows.append((frame, "what the map concludes"))
    if drawn.statuses:
        for status, words in STATUS_WORDS.items():
            look = STATUS_LOOKS[status]
            cell = f'<TD COLSPAN="2" BGCOLOR="{look["fillcolor"]}" BORDER="1" STYLE="{look["style_add"]}">'
            rows.append((f"{cell}{STATUS_GLYPHS[status]}</TD>", words))
    if drawn.quoted:
        rows.append((f'<TD COLSPAN="2">{QUOTE_MARK}</TD>', "quotes its source"))
    if drawn.graded:
        rows.append(('<TD COLSPAN="2">ap B2</TD>', "source reliability B, credibility 2"))
    if drawn.likelihood:
        rows.append(('<TD COLSPAN="2"><B>likely 70%</B></TD>', "likelihood"))
    if drawn.hidden:
        rows.append(('<TD COLSPAN="2"><I>+2 hidden</I></TD>', "links to claims out of view"))
    if drawn.inks:
        rows.append(('<TD COLSPAN="2"></TD>', f"<B>{drawn.ink_heading}</B>"))
        rows.extend((f'<TD COLSPAN="2"><FONT COLOR="{ink}">■</FONT></TD>', esc(name)) for name, ink in drawn.inks)
    if not rows:
        return []
    heading = f'<TD COLSPAN="{KEY_COLUMNS}" ALIGN="LEFT"><B>Key</B></TD>'
    return [heading, *(f'{sample}<TD ALIGN="LEFT">{words}</TD>' for sample, words in rows)]


def _sample(link: str) -> str:
    """A link drawn in two cells: a short line in its style and colour, and the glyph of its end."""
    style, end = EDGE_SAMPLES[link]
    ink = EDGE_LOOKS[link]["color"].split(":")[0]
    if style == "double":
        line = f'<TD SIDES="TB" BORDER="2" COLOR="{ink}" WIDTH="28" HEIGHT="9" FIXEDSIZE="TRUE"></TD>'
    else:
        # A fixed size keeps the line at the middle of its row, level with the glyph.
        dashes = "" if style == "solid" else f' STYLE="{style}"'
        line = f'<TD SIDES="B" BORDER="2"{dashes} COLOR="{ink}" WIDTH="28" HEIGHT="9" FIXEDSIZE="TRUE"></TD>'
    return f'{line}<TD ALIGN="LEFT"><FONT COLOR="{ink}">{end}</FONT></TD>'
