"""The look of a picture: one table of shapes, lines and colours, read by the compiler and the key alike.

Colour is never the only cue. Kinds of claim differ in shape, kinds of link
in line style and arrowhead, statuses in border style, so a greyscale print
keeps every distinction.
"""

from __future__ import annotations

from collections.abc import Mapping

from argmap.model import ClaimKind, Status

__all__ = [
    "ACTOR_PALETTE",
    "CONTRADICTION_INK",
    "DIMMED",
    "EDGE_LOOKS",
    "EDGE_SAMPLES",
    "EDGE_WORDS",
    "FONT",
    "INKED_PEN",
    "JUNCTION_LOOK",
    "NODE_LOOKS",
    "OTHERS_INK",
    "QUOTE_MARK",
    "STATUS_GLYPHS",
    "STATUS_INK",
    "STATUS_LOOKS",
    "STATUS_WORDS",
    "TOP_LOOK",
    "dimmed",
    "grey_level",
    "with_status",
]

FONT = "Helvetica"

# ColorBrewer Dark2, the colour-blind-safe qualitative scheme, less its last
# grey: one colour each for the actors (or tags) with the most claims in the
# picture. The rest share OTHERS_INK; a claim of no actor keeps its kind's border.
ACTOR_PALETTE = ("#1b9e77", "#d95f02", "#7570b3", "#e7298a", "#66a61e", "#e6ab02", "#a6761d")
OTHERS_INK = "#666666"
# A border in an actor's colour is drawn this heavy, so the colour reads at print size.
INKED_PEN = "2"

# A quoted claim's mark, before the source it quotes.
QUOTE_MARK = "“”"

# How each kind of claim looks. Shapes and line styles differ as well as
# fills, so the kinds stay apart in greyscale print. The border takes the
# colour of the claim's actor (or tag) when claims are coloured by them.
NODE_LOOKS: dict[ClaimKind, dict[str, str]] = {
    ClaimKind.CLAIM: {"shape": "box", "style": "rounded,filled", "fillcolor": "#ffffff", "color": "#4d4d4d"},
    ClaimKind.PREMISE: {"shape": "box", "style": "filled", "fillcolor": "#eef3fa", "color": "#2c5a8c"},
    ClaimKind.CONCLUSION: {
        "shape": "box", "style": "rounded,filled", "fillcolor": "#d4e4f4", "color": "#08306b", "peripheries": "2",
    },
    ClaimKind.OBJECTION: {"shape": "octagon", "style": "filled", "fillcolor": "#fbe3df", "color": "#99000d"},
    ClaimKind.REBUTTAL: {"shape": "box", "style": "filled,diagonals", "fillcolor": "#e5f5e0", "color": "#00441b"},
}  # fmt: skip

# What the map concludes (a claim that supports nothing further): a heavier
# frame and larger text, in the top rank.
TOP_LOOK = {"penwidth": "3.2", "fontsize": "13"}

# How each kind of link looks. Support is green and solid with an arrow; the
# attacks are red and each has its own line style and arrowhead (rebut: solid
# to a bar; undermine: dashed to a diamond; undercut: dotted to a square on
# the inference's dot); a contradiction is a heavy purple double line,
# labelled, with a bar at both ends.
_SUPPORT = {"color": "#1b7837", "style": "solid", "penwidth": "1.6", "arrowhead": "normal", "arrowsize": "1.1"}
_ATTACK = {"color": "#b2182b", "penwidth": "2", "arrowsize": "1.2"}
CONTRADICTION_INK = "#762a83"
_CONTRADICTION = {
    "color": f"{CONTRADICTION_INK}:#ffffff:{CONTRADICTION_INK}", "style": "solid", "penwidth": "2.2",
    "dir": "both", "arrowhead": "tee", "arrowtail": "tee", "arrowsize": "1.2", "fontcolor": CONTRADICTION_INK,
}  # fmt: skip
EDGE_LOOKS: dict[str, dict[str, str]] = {
    "support": _SUPPORT,
    "linked-premise": {**_SUPPORT, "arrowhead": "none"},
    "rebut": {**_ATTACK, "style": "solid", "arrowhead": "tee"},
    "undermine": {**_ATTACK, "style": "dashed", "arrowhead": "diamond"},
    "undercut": {**_ATTACK, "style": "dotted", "penwidth": "2.4", "arrowhead": "box"},
    "contradiction": _CONTRADICTION,
    "acknowledged-contradiction": {**_CONTRADICTION, "style": "dashed"},
}
EDGE_WORDS = {
    "support": "supports",
    "linked-premise": "premises that only work together meet in a dot",
    "rebut": "rebuts a claim",
    "undermine": "undermines a premise",
    "undercut": "undercuts the inference (ends on its dot)",
    "contradiction": "contradicts",
    "acknowledged-contradiction": "contradicts, acknowledged",
}
# How the key draws each link in a table row: the line's style, and a glyph for its end.
EDGE_SAMPLES: dict[str, tuple[str, str]] = {
    "support": ("solid", "▶"),
    "linked-premise": ("solid", "●"),
    "rebut": ("solid", "┫"),
    "undermine": ("dashed", "◆"),
    "undercut": ("dotted", "■"),
    "contradiction": ("double", "┃"),
    "acknowledged-contradiction": ("dashed", "┃"),
}
JUNCTION_LOOK = {"shape": "circle", "style": "filled", "fillcolor": "#1b7837", "color": "#1b7837",
                 "width": "0.2", "height": "0.2", "fixedsize": "true", "label": ""}  # fmt: skip

# Evaluation results, laid over the kind's look: the fill says the status; the
# border style and a glyph in the box's first line (STATUS_GLYPHS) say it again
# for greyscale print, where the three fills also stay 40 levels of grey or
# more apart (accepted 246, undecided 203, defeated 158: `grey_level`).
STATUS_LOOKS: dict[Status, dict[str, str]] = {
    Status.IN: {"fillcolor": "#f1f9ee", "style_add": "solid"},
    Status.OUT: {"fillcolor": "#9e9e9e", "style_add": "dashed"},
    Status.UNDEC: {"fillcolor": "#fdc85a", "style_add": "dotted"},
}
STATUS_WORDS = {Status.IN: "accepted", Status.OUT: "defeated", Status.UNDEC: "undecided"}
# A status in a glyph, beside its word in a box's first line, in the band and in the key.
STATUS_GLYPHS = {Status.IN: "✓", Status.OUT: "✗", Status.UNDEC: "?"}
# A status as a border colour (--color-by status): strong versions of the fills.
STATUS_INK = {Status.IN: "#1b7837", Status.OUT: "#525252", Status.UNDEC: "#b35806"}
# A link from a defeated claim, in the status view: its colour at a third of its strength.
DIMMED = "55"


def with_status(look: Mapping[str, str], status: Status) -> dict[str, str]:
    """A kind's look with a status laid over it: the status's fill, and its line style added."""
    merged = dict(look)
    overlay = dict(STATUS_LOOKS[status])
    extra = overlay.pop("style_add")
    merged.update(overlay)
    if extra != "solid":
        merged["style"] = f"{merged['style']},{extra}"
    return merged


def dimmed(colour: str) -> str:
    """A colour (or a `:`-separated list of them) faded to `DIMMED` opacity."""
    return ":".join(f"{part}{DIMMED}" for part in colour.split(":"))


def grey_level(colour: str) -> float:
    """How light `#rrggbb` prints in greyscale, 0 to 255 (Rec. 709 luma, as ImageMagick's `-colorspace Gray`)."""
    red, green, blue = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue
