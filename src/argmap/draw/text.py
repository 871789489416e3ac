"""Map text made safe for DOT: cleaned, wrapped and escaped for HTML-like labels.

Every piece of the analyst's text reaches DOT through this module. In a
label it is escaped as HTML (`&`, `<`, `>`, quotes) with backslashes doubled,
which Graphviz would otherwise expand (`\\N`, `\\G`) even there.
"""

from __future__ import annotations

import functools
import hashlib
import html
import re

__all__ = [
    "ID_SAFE",
    "SMALL",
    "dom_id",
    "esc",
    "escape",
    "html_label",
    "node_name",
    "safe_text",
    "shorten",
    "small",
    "tooltip",
    "wrap",
    "wrap_cutting",
    "wrapped",
]

# Characters that must not reach Graphviz or the SVG it writes: C0 and C1
# controls (NUL ends a C string; XML forbids most of them), lone surrogates
# and the two non-characters XML rejects.
_UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
_SPACE = re.compile(r"\s+")
# What `safe_text` would change: a run of white space, white space other than a space, at either end, or unsafe.
_NOT_SAFE_YET = re.compile(r"\s\s|[^\S ]|^\s|\s$|" + _UNSAFE.pattern)
ID_SAFE = re.compile(r"[^\w\-]")
# An id as the grammar writes it (grammar/argmap.lark, ID): a letter or `_`, then letters, digits, `_` and `-`.
_GRAMMAR_ID = re.compile(r"[^\W\d][\w\-]*")

SMALL = 9
# Graphviz refuses a label holding a run of more than 16,384 bytes between two tags ("syntax
# error ... longer than 16384?") and every layout fails. Text that is not wrapped (an id, a
# list of actors) is cut into runs of at most this many characters; escaped, one character
# takes at most six bytes (`&quot;`), so a run stays far below Graphviz's limit.
LONGEST_RUN = 1_000
# DOT names and quoted attributes (an SVG id, a tooltip) have the same limit: a longer name
# is its start and a digest of the whole, a longer tooltip is shortened.
LONGEST_NAME = 200


def safe_text(text: str) -> str:
    """Text with runs of white space made one space and unsafe characters replaced by U+FFFD."""
    if _NOT_SAFE_YET.search(text) is None:  # most texts: one search instead of two substitutions
        return text
    return _UNSAFE.sub("\ufffd", _SPACE.sub(" ", text)).strip()


def escape(line: str) -> str:
    """Safe text as the content of an HTML-like label; a run longer than `LONGEST_RUN` is cut by <BR/>."""
    if len(line) > LONGEST_RUN and max(map(len, line.split("\n"))) > LONGEST_RUN:
        # Lines `wrapped` joins by "\n" stay so; each piece is escaped on its own, so no entity is cut.
        return "\n".join(
            "<BR/>".join(escape(run[start : start + LONGEST_RUN]) for start in range(0, len(run), LONGEST_RUN))
            for run in line.split("\n")
        )
    # Graphviz expands \N, \G, \L and friends even inside HTML-like labels, after
    # entities are decoded; a doubled backslash is its escape for a literal one.
    return html.escape(line, quote=True).replace("\\", "\\\\")


def esc(text: str) -> str:
    """Any text as the content of an HTML-like label."""
    return escape(safe_text(text))


def wrap(text: str, width: int) -> list[str]:
    """Greedy word wrap of single-spaced text; words longer than a line are cut (textwrap is slower).

    Lines are found in C by one regular expression: the longest run of at
    most `width` characters that ends before a space or at the end. A word
    longer than a line takes the slower way, which cuts it. Only a plain
    space breaks a line: a no-break space holds its neighbours together.
    """
    fits, longest_word = _wrap_patterns(width)
    if longest_word.search(text) is None:
        return fits.findall(text) or [""]
    return wrap_cutting(text, width)


@functools.cache
def _wrap_patterns(width: int) -> tuple[re.Pattern[str], re.Pattern[str]]:
    return re.compile(rf"[^ ].{{0,{width - 1}}}(?= |$)", re.DOTALL), re.compile(rf"[^ ]{{{width + 1}}}")


def wrap_cutting(text: str, width: int) -> list[str]:
    """Greedy word wrap that also cuts the words longer than a line."""
    lines: list[str] = []
    line = ""
    for word in text.split(" "):
        if len(word) > width:
            # Fill the current line, then cut the rest into whole lines (by offset: a 1 MB word stays linear).
            room = width - len(line) - 1 if line else width
            if room <= 0:
                lines.append(line)
                line, room = "", width
            lines.append(f"{line} {word[:room]}" if line else word[:room])
            cuts = range(room, len(word), width)
            lines.extend(word[start : start + width] for start in cuts)
            line = lines.pop()  # the last piece may share its line with the next words
            continue
        if not line:
            line = word
        elif len(line) + 1 + len(word) <= width:
            line = f"{line} {word}"
        else:
            lines.append(line)
            line = word
    if line or not lines:
        lines.append(line)
    return lines


def wrapped(text: str, width: int, *, clean: bool = True) -> str:
    """Text wrapped at `width` and escaped, its lines joined by <BR/>; `clean=False` for text already safe."""
    # Escaping maps each character on its own, so the lines are escaped in one go, joined
    # by a line break (which safe text never holds) that then becomes <BR/>.
    return escape("\n".join(wrap(safe_text(text) if clean else text, width))).replace("\n", "<BR/>")


def shorten(text: str, limit: int) -> str:
    """Safe text cut at a word to at most `limit` characters, with an ellipsis when cut."""
    text = safe_text(text)
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    space = cut.rfind(" ")
    return (cut[:space] if space > limit // 2 else cut).rstrip(" ,;:–—-") + "…"


def small(content: str, italic: bool = False) -> str:
    """Escaped content in the small print."""
    inner = f"<I>{content}</I>" if italic else content
    return f'<FONT POINT-SIZE="{SMALL}">{inner}</FONT>'


def html_label(*lines: str) -> str:
    """Escaped lines as one HTML-like label."""
    return "<" + "<BR/>".join(lines) + ">"


def tooltip(text: str) -> str:
    """Text for a tooltip, a quoted attribute that Graphviz reads for backslash escapes and copies into SVG.

    The result holds no backslash (a look-alike, U+29F5, stands in), no
    double quote and no `&`, `<` or `>` but as the entities Graphviz passes
    through unchanged, so it can neither end the quoted value, nor expand an
    escape such as `\\N`, nor add markup to the SVG.
    """
    return html.escape(shorten(text, LONGEST_RUN).replace("\\", "\u29f5"), quote=True)


def dom_id(prefix: str, ident: str) -> str:
    """An SVG id: `prefix-ident`, with anything but `\\w` and `-` (only in a map built in code) replaced."""
    return _bounded(f"{prefix}-{ID_SAFE.sub('_', ident)}")


def node_name(ident: str, *more: str, prefix: str | None = None) -> str:
    """A map id (or several, after `prefix:`, for a generated name) as a quoted DOT name.

    An id is written as it is when the grammar allows it: letters, digits,
    `_` and `-`, so no quote or backslash can end the quoted name, and no
    `:`, which every generated name holds, so a map's names never meet them.
    An id made in code that the grammar would refuse is written `%` and its
    characters, all but ASCII letters, digits, `_` and `-` as code points.
    """
    parts = [_encoded(i) for i in (ident, *more)]
    return '"' + _bounded(":".join([prefix, *parts] if prefix else parts)) + '"'


def _bounded(name: str) -> str:
    """`name`, or past `LONGEST_NAME` its start, `~` and a digest of the whole (no other name holds a `~`)."""
    if len(name) <= LONGEST_NAME:
        return name
    digest = hashlib.sha256(name.encode("utf-8", "surrogatepass")).hexdigest()[:24]
    return f"{name[: LONGEST_NAME - len(digest) - 1]}~{digest}"


def _encoded(ident: str) -> str:
    if _GRAMMAR_ID.fullmatch(ident):
        return ident
    return "%" + "".join(c if c.isascii() and (c.isalnum() or c in "_-") else f"%{ord(c):x}." for c in ident)
