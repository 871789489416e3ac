"""A map as it is written: every word and comment of the text, grouped by the grammar's statements.

The model (`argmap.model`) keeps what a map says and drops how it was
written: comments, line breaks, the order of a claim's details. Tools that
rewrite a map's text (`argmap fmt`) need both, so this module reads the text
with the grammar's own Lark parser, keeping every token, and hands the
comments, which the grammar ignores, to the words they belong to:

- a comment alone on its line belongs to the word after it (`Word.leading`);
- a comment after code belongs to the word it follows on that line (`Word.trailing`);
- comments after the last statement belong to `Syntax.end`.

Statements and their details become `Node`s named after the grammar's rules
(`claim`, `by`, `quote`, `contradiction_of`, ...); the small rules that only
spell out words (`text`, `id_list`, `target`, ...) are folded into their
parent's words. Lark is imported only when a syntax is asked for.
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING, Any

import attrs

from argmap.read.parser import normalise, parse
from argmap.read.vocabulary import grammar_text, syntax_error

if TYPE_CHECKING:
    import lark

__all__ = ["Comment", "Node", "Syntax", "Word", "normalise", "read_syntax"]


@attrs.frozen
class Comment:
    """A `#` comment: its text from `#` to the end of the line, trailing blanks left out."""

    text: str
    blank_before: bool = False  # a blank line separates it from what comes before it


@attrs.frozen
class Word:
    """One token as written: a keyword, an id, a mark, a number, or a text with its quotes."""

    text: str
    kind: str  # the grammar's terminal: ID, STRING, NUMBER, or a keyword's or mark's name
    line: int
    column: int
    leading: tuple[Comment, ...] = ()  # the comments on lines of their own just before it
    trailing: Comment | None = None  # the comment after it on the line where it ends
    blank_before: bool = False  # a blank line between it and what comes before (its comments included)

    @property
    def is_text(self) -> bool:
        """A text in double quotes."""
        return self.kind == "STRING"


@attrs.frozen
class Node:
    """A statement, a detail or an argument's member: the grammar rule's name and what it holds, in order."""

    kind: str
    items: tuple[Word | Node, ...]

    def words(self) -> list[Word]:
        """Every word of the node, nested nodes included, in the order written."""
        found: list[Word] = []
        for item in self.items:
            found.extend(item.words() if isinstance(item, Node) else (item,))
        return found

    def first_word(self) -> Word:
        """The word the node starts with."""
        first = self.items[0]
        return first.first_word() if isinstance(first, Node) else first


@attrs.frozen
class Syntax:
    """A whole text: its statements, and the end of the text, which holds the comments after the last."""

    statements: tuple[Node, ...]
    end: Word


def read_syntax(text: str, name: str = "<string>") -> Syntax:
    """The words, comments and statements of a normalised map text (see `normalise`).

    A text that is not a valid map raises the located `ParseError` that
    `parse` gives for it.
    """
    tree, comments = _parse_tree(text, name)
    words = _attach_comments(text, _tokens(tree), comments)
    statements = tuple(_node(child, words) for child in tree.children if not isinstance(child, str))
    return Syntax(statements, words[len(text)])


# --- Lark, kept apart: built once, and only when a syntax is read -----------------

_lock = threading.Lock()
_state: dict[str, Any] = {}


def _parse_tree(text: str, name: str) -> tuple[lark.Tree[lark.Token], list[lark.Token]]:
    """Lark's parse tree of `text`, every token kept, and the comments its lexer met."""
    import lark

    with _lock:
        if "parser" not in _state:
            collected: list[lark.Token] = []
            _state["comments"] = collected
            _state["parser"] = lark.Lark(
                grammar_text(), parser="lalr", lexer="contextual", keep_all_tokens=True,
                maybe_placeholders=False, lexer_callbacks={"COMMENT": collected.append},
            )  # fmt: skip
        comments: list[lark.Token] = _state["comments"]
        comments.clear()
        try:
            tree: lark.Tree[lark.Token] = _state["parser"].parse(text)
        except lark.exceptions.LarkError as error:
            parse(text, name)  # raises the explained error, as for any map
            # The two readers agree on what is a map, so this is not reached; if it were, say where.
            syntax_error(text, name, getattr(error, "line", 1), getattr(error, "column", 1), "not a valid map")
        return tree, list(comments)


# --- tokens and comments -----------------------------------------------------------------

_FOLDED_RULES = frozenset({"text", "id_list", "claim_kind", "support_verb", "attack_verb", "target", "together"})


def _tokens(tree: lark.Tree[lark.Token]) -> list[lark.Token]:
    """Every token of the tree, in the order written."""
    import lark

    found: list[lark.Token] = []
    stack: list[lark.Tree[lark.Token] | lark.Token] = [tree]
    while stack:
        item = stack.pop()
        if isinstance(item, lark.Token):
            found.append(item)
        else:
            stack.extend(reversed(item.children))
    return found


def _attach_comments(text: str, tokens: list[lark.Token], comments: list[lark.Token]) -> dict[int, Word]:
    """Words keyed by where they start, each with its comments; the end of the text keyed by its length."""
    leading: dict[int, list[Comment]] = {}
    trailing: dict[int, Comment] = {}
    blank_before: dict[int, bool] = {}
    waiting: list[Comment] = []  # comments on lines of their own, for the next token
    previous: lark.Token | None = None  # the token or comment before the current element
    last_token: lark.Token | None = None
    for element in sorted([*tokens, *comments], key=_start):
        start = _start(element)
        gap = text[previous.end_pos or 0 : start] if previous is not None else ""
        blank = gap.count("\n") >= 2
        if element.type != "COMMENT":
            leading[start], waiting = waiting, []
            blank_before[start] = blank
            last_token = element
        elif last_token is not None and previous is last_token and "\n" not in gap:
            trailing[_start(last_token)] = Comment(str(element).rstrip())
        else:
            waiting.append(Comment(str(element).rstrip(), blank))
        previous = element
    words = {}
    for token in tokens:
        start = _start(token)
        words[start] = Word(str(token), str(token.type), token.line or 1, token.column or 1,
                            tuple(leading[start]), trailing.get(start), blank_before[start])  # fmt: skip
    end_gap = text[previous.end_pos or 0 :] if previous is not None else text
    words[len(text)] = Word("", "$END", text.count("\n") + 1, 1, tuple(waiting), None, end_gap.count("\n") >= 2)
    return words


def _start(token: lark.Token) -> int:
    """Where a token starts in the text (Lark leaves the offset unset only on tokens it makes up)."""
    return token.start_pos or 0


def _node(tree: lark.Tree[lark.Token], words: dict[int, Word]) -> Node:
    """A statement or detail, with the words of the rules that only spell words folded in."""
    import lark

    items: list[Word | Node] = []
    for child in tree.children:
        if isinstance(child, lark.Token):
            items.append(words[_start(child)])
        elif child.data in _FOLDED_RULES:
            items.extend(words[_start(token)] for token in _tokens(child))
        else:
            items.append(_node(child, words))
    return Node(str(tree.data), tuple(items))
