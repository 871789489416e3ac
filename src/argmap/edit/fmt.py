"""The canonical layout of a map: what `argmap fmt` writes.

One way to write any map, so that a diff shows what changed in the argument
and never how someone likes to indent (docs/language.md, "Formatting"):

- one statement per line at the left margin; an argument's members two
  spaces in, a statement's details two spaces deeper than the statement;
- a source or an actor on one line when it fits, else one detail per line
  (an actor's `unnamed` stays on its first line); a claim's details always one
  per line; an argument's details on its header line when they fit, else one
  per line with the `{` on a line of its own;
- details in one fixed order, the grammar's: `file reliability` /
  `unnamed role` / `by quote cite likelihood probability confidence credibility`, then
  `tags`, `note`, and a claim's own links last (`supports`, attacks, `contradicts`);
- prose filled to the line length at its spaces: a claim's text continues four
  spaces in (clear of its details), a quote, note, role or reason two spaces
  deeper than its line; names (the map's title, a source's, an actor's, an
  argument's), file names, includes and likelihood terms are never broken;
- one space between words, none before `,` `:` `%`;
- a claim or an argument taking more than one line stands apart from the
  statements around it by a blank line; elsewhere a blank line is kept where
  there was one, and never two in a row;
- a comment stays with the word it was written before or after; comments
  ending consecutive lines are aligned one column, two spaces past the
  longest of those lines.

`format_text` reads the map again once laid out and refuses to return a text
that does not say exactly what the original said (`FormatError`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import attrs

from argmap.errors import ArgmapError, ParseError
from argmap.read.fastread import fold_lines, unquote
from argmap.read.parser import parse
from argmap.read.syntax import Node, Syntax, Word, normalise, read_syntax

__all__ = ["DEFAULT_LINE_LENGTH", "FormatError", "format_text"]

DEFAULT_LINE_LENGTH = 100

# The order details are written in: the grammar's, for each kind of statement.
_DETAIL_ORDER = {
    kind: rank
    for rank, kind in enumerate((
        "file", "reliability", "unnamed", "role", "by", "quote", "cite", "likelihood", "probability",
        "confidence", "credibility", "tags", "note", "support_of", "attack_of", "contradiction_of",
    ))
}  # fmt: skip
# Texts that name a file or come from a fixed list of terms: broken over lines, they would read wrong.
_UNBROKEN = frozenset({"include", "file", "likelihood", "title", "hypotheses"})
# Details that are a single word qualifying the name before them: written on the statement's first line.
_ON_FIRST_LINE = frozenset({"unnamed"})
_NO_SPACE_BEFORE = frozenset({",", ":", "%"})
# A claim's text continues this far in, past its details; any other text, two spaces deeper than its line.
_CLAIM_TEXT_INDENT = 4
_INDENT = 2

# Where a text may be broken: a single space between two characters that are not blank, so the
# break (a line break and an indentation) is folded back into exactly that space when read.
_BREAK = re.compile(r"(?<=\S) (?=\S)")


class FormatError(ArgmapError, RuntimeError):
    """The layout would not say what the map says: a fault of the formatter, so nothing is written."""


def format_text(text: str, name: str = "<string>", line_length: int = DEFAULT_LINE_LENGTH) -> str:
    """The map in `text` in the canonical layout, at most `line_length` wide where words allow.

    Raises the located `ParseError` for a text that is not a valid map, and
    `FormatError` if the layout would change what the map says.
    """
    text = normalise(text)
    before = parse(text, name)
    formatted = _Layout(line_length).text(read_syntax(text, name))
    try:
        after = parse(formatted, name)
    except ParseError as error:
        raise FormatError(f"{name}: the laid-out map does not read back ({error}); the file is left as it is") from None
    if after != before:
        raise FormatError(f"{name}: the laid-out map would say something else; the file is left as it is")
    return formatted


# --- texts ---------------------------------------------------------------------------


def _folded(raw: str) -> str:
    """A text token on one line: each line break and the blanks around it made one space, as the readers do."""
    return fold_lines(raw)


def _wrap(raw: str, column: int, width: int, indent: int, tail: int) -> list[str]:
    """A text token filled into lines: the first starts at `column`, the others at `indent`.

    `tail` is how much follows the closing quote on its line. A line holds
    as many words as fit; a word longer than the line gets a line to itself.
    Should the breaks ever read back as other words, the text stays on one line.
    """
    folded = _folded(raw)
    words = _BREAK.split(folded[1:-1])
    lines = ['"' + words[0]]
    for number, word in enumerate(words[1:], start=2):
        start = column if len(lines) == 1 else indent
        closing = 1 + tail if number == len(words) else 0
        if start + len(lines[-1]) + 1 + len(word) + closing <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    lines[-1] += '"'
    if unquote(("\n" + " " * indent).join(lines)) != unquote(raw):
        return [folded]
    return lines


def _one_line(words: Sequence[Word]) -> str:
    """Words on one line, texts unbroken."""
    return "".join(
        ("" if i == 0 or word.text in _NO_SPACE_BEFORE else " ") + (_folded(word.text) if word.is_text else word.text)
        for i, word in enumerate(words)
    )


def _comments_inside(parts: Sequence[Sequence[Word]]) -> bool:
    """A comment before any part of a statement but the first, or after any part but the last.

    The parts are a statement's first words and its details: such a comment
    keeps them on lines of their own, so it stays before or after its part.
    A comment among the words of one part ends up before or after the part's
    line either way, which is why it does not count.
    """
    return any(word.leading for part in parts[1:] for word in part) or any(
        word.trailing for part in parts[:-1] for word in part
    )


def _blank_before(word: Word) -> bool:
    """Whether the author left a blank line before the word, or before the comments that lead to it."""
    return word.leading[0].blank_before if word.leading else word.blank_before


# --- lines ---------------------------------------------------------------------------


@attrs.frozen
class _Line:
    """One line of the output: its code, and the comment that ends it, aligned when the text is put together."""

    code: str
    comment: str | None = None


_BLANK = _Line("")


def _join(lines: list[_Line]) -> str:
    """The output text; the comments ending consecutive lines are aligned two spaces past the longest line."""
    out: list[str] = []
    at = 0
    while at < len(lines):
        end = at
        while end < len(lines) and lines[end].comment is not None:
            end += 1
        if end == at:
            out.append(lines[at].code)
            at += 1
            continue
        column = max(len(line.code) for line in lines[at:end]) + 2
        out.extend(f"{line.code.ljust(column)}{line.comment}" for line in lines[at:end])
        at = end
    return "\n".join(out) + "\n" if out else ""


@attrs.frozen
class _Layout:
    """Lays out a map's syntax at a line length; each method returns the lines of one part."""

    width: int

    def text(self, syntax: Syntax) -> str:
        """The whole text."""
        return _join(self._sequence(syntax.statements, 0, syntax.end, top=True))

    # one logical line: words joined, texts filled, comments before and after

    def _line(
        self, indent: int, words: Sequence[Word], follow: int, *, lead: bool = True, wrap: bool = True
    ) -> list[_Line]:
        """Words as one line, or more when a text is filled over several (continued at `follow`).

        Comments on lines of their own before any of the words come first (those
        before the first word only if `lead`: a sequence places them itself);
        the comments after any of the words end the last line.
        """
        lines = [_Line(" " * indent + c.text) for i, w in enumerate(words) if lead or i for c in w.leading]
        physical: list[str] = []
        current = " " * indent
        for i, word in enumerate(words):
            space = "" if i == 0 or word.text in _NO_SPACE_BEFORE else " "
            if not word.is_text:
                current += space + word.text
                continue
            pieces = [_folded(word.text)]
            if wrap:
                tail = len(_one_line(words[i:])) - len(pieces[0])
                pieces = _wrap(word.text, len(current) + len(space), self.width, follow, tail)
            current += space + pieces[0]
            for piece in pieces[1:]:
                physical.append(current)
                current = " " * follow + piece
        physical.append(current)
        lines.extend(_Line(code) for code in physical[:-1])
        trailing = [word.trailing.text for word in words if word.trailing is not None]
        lines.append(_Line(physical[-1], " ".join(trailing) if trailing else None))
        return lines

    def _fits(self, indent: int, parts: Sequence[Sequence[Word]]) -> bool:
        """A statement's parts fit on one line, with no comment between them."""
        words = [word for part in parts for word in part]
        return not _comments_inside(parts) and indent + len(_one_line(words)) <= self.width

    # sequences of statements: the file, and an argument's members

    def _sequence(self, nodes: Sequence[Node], indent: int, closer: Word, *, top: bool) -> list[_Line]:
        """Statements one after the other, then the comments before `closer` (the `}` or the end of the text).

        At the top of the file a claim or an argument of several lines stands
        apart by a blank line; elsewhere the author's blank lines are kept, one at most.
        """
        out: list[_Line] = []
        apart = False  # the statement before stands apart
        for node in nodes:
            first = node.first_word()
            body = self._statement(node, indent)
            stands_apart = top and (node.kind == "argument" or (node.kind == "claim" and len(body) > 1))
            if out and (_blank_before(first) or stands_apart or apart):
                out.append(_BLANK)
            out.extend(self._comments(first, indent))
            out.extend(body)
            apart = stands_apart
        if closer.leading:
            if out and (_blank_before(closer) or apart):
                out.append(_BLANK)
            out.extend(self._comments(closer, indent, blank_after=False))
        return out

    @staticmethod
    def _comments(word: Word, indent: int, *, blank_after: bool = True) -> list[_Line]:
        """The comments on lines of their own before a statement, with the blank lines the author left between."""
        lines: list[_Line] = []
        for i, comment in enumerate(word.leading):
            if i and comment.blank_before:
                lines.append(_BLANK)
            lines.append(_Line(" " * indent + comment.text))
        if word.leading and word.blank_before and blank_after:
            lines.append(_BLANK)
        return lines

    # statements

    def _statement(self, node: Node, indent: int) -> list[_Line]:
        """One statement, without the comments before it (see `_sequence`)."""
        if node.kind == "argument":
            return self._argument(node, indent)
        if node.kind in ("source", "actor"):
            return self._declaration(node, indent)
        if node.kind == "claim":
            return self._claim(node, indent)
        if node.kind == "contradiction":
            return self._acknowledgeable(node, indent, lead=False)
        if node.kind == "hypotheses":
            return self._hypotheses(node, indent)
        return self._line(indent, node.words(), indent + _INDENT, lead=False, wrap=node.kind not in _UNBROKEN)

    def _hypotheses(self, node: Node, indent: int) -> list[_Line]:
        """A hypothesis set: on one line when it fits, else its members filled between `{` and `}` two spaces in.

        The members are cut after their commas; a member with a comment
        before it starts a line, one with a comment after it ends one.
        """
        words = node.words()
        opening = next(i for i, word in enumerate(words) if word.text == "{")
        head, members, closing = words[: opening + 1], words[opening + 1 : -1], words[-1]
        chunks: list[list[Word]] = []
        for word in members:
            if not chunks or chunks[-1][-1].text == ",":
                chunks.append([])
            chunks[-1].append(word)
        if not members or self._fits(indent, [head, *chunks, [closing]]):
            return self._line(indent, words, indent + _INDENT, lead=False, wrap=False)
        lines = self._line(indent, head, indent + _INDENT, lead=False, wrap=False)
        rows: list[list[Word]] = []
        for chunk in chunks:
            joins = bool(rows) and not chunk[0].leading and rows[-1][-1].trailing is None
            if joins and self._fits(indent + _INDENT, [[*rows[-1], *chunk]]):
                rows[-1] = [*rows[-1], *chunk]
            else:
                rows.append(list(chunk))
        for row in rows:
            lines.extend(self._line(indent + _INDENT, row, indent + 2 * _INDENT, wrap=False))
        lines.extend(self._comments(closing, indent + _INDENT, blank_after=False))  # a comment after the last member
        lines.extend(self._line(indent, [closing], indent, lead=False))
        return lines

    def _declaration(self, node: Node, indent: int) -> list[_Line]:
        """A source or an actor: on one line when it fits, else its details one per line."""
        head, details = _head_and_details(node.items)
        parts = [head, *(detail.words() for detail in details)]
        if self._fits(indent, parts):
            return self._line(indent, [word for part in parts for word in part], indent, lead=False, wrap=False)
        return self._head(indent, head, details, wrap=False)

    def _claim(self, node: Node, indent: int) -> list[_Line]:
        """A claim: its id and text, then its details one per line."""
        head, details = _head_and_details(node.items)
        return self._head(indent, head, details, wrap=True)

    def _argument(self, node: Node, indent: int) -> list[_Line]:
        """An argument: its header, its members two spaces in, and its closing brace."""
        opening = next(i for i, item in enumerate(node.items) if isinstance(item, Word) and item.text == "{")
        head, details = _head_and_details(node.items[:opening])
        brace, closing = node.items[opening], node.items[-1]
        assert isinstance(brace, Word) and isinstance(closing, Word)
        parts = [head, *(detail.words() for detail in details), [brace]]
        # With no details, only comments inside the header keep its title and `{` on separate lines.
        if (not details and not _comments_inside(parts)) or self._fits(indent, parts):
            lines = self._line(indent, [word for part in parts for word in part], indent, lead=False, wrap=False)
        else:
            lines = [*self._head(indent, head, details, wrap=False), *self._line(indent, [brace], indent)]
        members = [item for item in node.items[opening + 1 : -1] if isinstance(item, Node)]
        lines.extend(self._sequence(members, indent + _INDENT, closing, top=False))
        lines.extend(self._line(indent, [closing], indent, lead=False))
        return lines

    def _head(self, indent: int, head: Sequence[Word], details: Sequence[Node], *, wrap: bool) -> list[_Line]:
        """A statement's first line (its text filled if `wrap`), then each detail on a line of its own.

        A one-word detail such as `unnamed` stays on the first line.
        """
        first_line = [*head, *(word for detail in details if detail.kind in _ON_FIRST_LINE for word in detail.words())]
        lines = self._line(indent, first_line, indent + _CLAIM_TEXT_INDENT, lead=False, wrap=wrap)
        for detail in details:
            if detail.kind not in _ON_FIRST_LINE:
                lines.extend(self._detail(detail, indent + _INDENT))
        return lines

    def _detail(self, detail: Node, indent: int) -> list[_Line]:
        """One detail on a line of its own (a contradiction's reason perhaps on the next)."""
        if detail.kind == "contradiction_of":
            return self._acknowledgeable(detail, indent, lead=True)
        return self._line(indent, detail.words(), indent + _INDENT, wrap=detail.kind not in _UNBROKEN)

    def _acknowledgeable(self, node: Node, indent: int, *, lead: bool) -> list[_Line]:
        """A contradiction: its `acknowledged` reason on the same line when it fits, else on the next."""
        own = [item for item in node.items if isinstance(item, Word)]
        reason = next((item for item in node.items if isinstance(item, Node)), None)
        if reason is None or self._fits(indent, [own, reason.words()]):
            return self._line(indent, node.words(), indent + _INDENT, lead=lead, wrap=False)
        return [*self._line(indent, own, indent + _INDENT, lead=lead), *self._detail(reason, indent + _INDENT)]


def _head_and_details(items: Sequence[Word | Node]) -> tuple[list[Word], list[Node]]:
    """A statement's own words, and its details in the fixed order (details of one kind keep theirs)."""
    head = [item for item in items if isinstance(item, Word)]
    details = sorted((item for item in items if isinstance(item, Node)), key=lambda detail: _DETAIL_ORDER[detail.kind])
    return head, details
