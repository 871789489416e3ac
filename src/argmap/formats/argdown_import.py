"""Argdown read into a map, by a parser of the part of Argdown's syntax that a map can hold.

It reads: a front matter's `title`; headings (kept as comments before what
follows them); `//`, `/* */` and `<!-- -->` comments; statements (`[Title]:
text`, `[Title]`, or bare text) and arguments (`<Title>: text`, `<Title>`),
with `#tag` and `#(tag words)` tags; premise-conclusion structures (`(1) ...`
numbered statements and `----` or `-- rule --` inference lines, intermediate
conclusions included); and relations below an element, nested by indentation:
`+>` `->` `_>` `><` outgoing, `+` `-` `_` `<+` `<-` `<_` incoming. It leaves
out, and says so: data in `{...}`, markdown lists and emphasis as markup, and
relations a map cannot hold (an undercut of a statement). docs/interchange.md
has the table of what becomes what.
"""

from __future__ import annotations

import itertools
import json
import re
from collections.abc import Iterator

import attrs

from argmap.formats.argtext import IdMaker
from argmap.formats.imported import MAX_ITEMS, Imported, ImportFailure, checked_text
from argmap.model import Argument, ArgumentMap, Attack, AttackKind, Claim, ClaimKind, Contradiction, Ref, Support

__all__ = ["from_argdown"]

_STATEMENT = re.compile(r"\[((?:[^\]\\]|\\.)+)\](?::[ \t]*(.*))?")
_ARGUMENT = re.compile(r"<((?:[^>\\]|\\.)+)>(?::[ \t]*(.*))?")
_NUMBERED = re.compile(r"\((\d+)\)[ \t]*")
_INFERENCE = re.compile(r"-{2,}[ \t]*|--.*--[ \t]*")
_HEADING = re.compile(r"(#{1,6})[ \t]+(.*)")
_RELATION = re.compile(r"(\+>|->|_>|><|<\+|<-|<_|\+|-|_)[ \t]+")
_TAG = re.compile(r"(?<!\\)#\(((?:[^)\\]|\\.)*)\)|(?<!\\)#([\w\-]+)")
_DATA = re.compile(r"(?<!\\)\{[^{}]*\}[ \t]*$")
_ESCAPE = re.compile(r"\\(.)")
_LIST_MARK = re.compile(r"(?:[*+]|\d+\.)[ \t]+")


@attrs.define
class _Element:
    """A statement or an argument, as Argdown knows it by its title."""

    kind: str  # "statement" or "argument"
    title: str
    id: str
    line: int
    text: str | None = None
    tags: list[str] = attrs.field(factory=list)
    # An argument's premise-conclusion structure: each step's premises and conclusion, by statement title.
    steps: list[tuple[list[str], str]] = attrs.field(factory=list)


def _strip_comments(text: str) -> str:
    """The text with its comments blanked out, line breaks kept so that lines keep their numbers.

    Block comments are found with `str.find`, once through the text: a
    pattern would search again from every `/*` that is never closed.
    """
    pieces: list[str] = []
    at = 0
    following = {"/*": text.find("/*"), "<!--": text.find("<!--")}  # each opening's next place, -1 for none
    while True:
        for opening, found in following.items():
            if 0 <= found < at:
                following[opening] = text.find(opening, at)
        starts = [(found, opening) for opening, found in following.items() if found >= 0]
        if not starts:
            break
        start, opening = min(starts)
        closing = "*/" if opening == "/*" else "-->"
        end = text.find(closing, start + len(opening))
        end = len(text) if end < 0 else end + len(closing)
        pieces.append(text[at:start])
        comment = text[start:end]
        pieces.append(" " * len(comment) if "\n" not in comment else re.sub(r"[^\n]", " ", comment))
        at = end
    pieces.append(text[at:])
    return re.sub(r"(?<![\\:])//[^\n]*", lambda m: " " * len(m.group()), "".join(pieces))


class _Reader:
    def __init__(self, name: str) -> None:
        self.name = name
        self.ids = IdMaker()
        self.elements: dict[tuple[str, str], _Element] = {}
        self.order: list[_Element] = []
        self.relations: list[tuple[_Element, str, _Element, int]] = []
        self.comments: dict[str, list[str]] = {}
        self.pending_comments: list[str] = []
        self.left_out: list[str] = []
        self.title: str | None = None

    def fail(self, line: int, column: int, message: str) -> ImportFailure:
        return ImportFailure(f"{self.name}:{line}:{column}: {message}")

    def element(self, kind: str, title: str, line: int) -> _Element:
        key = (kind, title)
        found = self.elements.get(key)
        if found is None:
            prefix = "c_" if kind == "statement" else "a_"
            found = _Element(kind, title, self.ids.make(title, prefix, kind), line)
            if len(self.elements) >= MAX_ITEMS:
                raise self.fail(line, 1, f"more than {MAX_ITEMS:,} statements and arguments")
            self.elements[key] = found
            self.order.append(found)
            if self.pending_comments:
                self.comments[found.id] = self.pending_comments
                self.pending_comments = []
        return found

    def words(self, raw: str, line: int, column: int) -> tuple[str, list[str]]:
        """A text's words and tags: data left out, escapes undone; a mention (`@[Title]`) stays as written."""
        if _DATA.search(raw):
            self.left_out.append(f"data in braces at line {line}")
            raw = _DATA.sub("", raw)
        tags = [_ESCAPE.sub(r"\1", a or b) for a, b in _TAG.findall(raw)]
        raw = _TAG.sub("", raw)
        text = " ".join(_ESCAPE.sub(r"\1", raw).split())
        return checked_text(text, f"{self.name}:{line}:{column}"), tags

    def read(self, raw_line: str, line: int, column: int) -> _Element:
        """An element written at `column` of `line`: a definition, a reference, or bare text."""
        for kind, pattern in (("statement", _STATEMENT), ("argument", _ARGUMENT)):
            match = pattern.fullmatch(raw_line)
            if match:
                title = " ".join(_ESCAPE.sub(r"\1", match.group(1)).split())
                checked_text(title, f"{self.name}:{line}:{column}", "title")
                found = self.element(kind, title, line)
                if match.group(2) is not None:
                    self.define(found, match.group(2), line, column)
                return found
        if raw_line.startswith(("[", "<")):
            closing = "]" if raw_line[0] == "[" else ">"
            raise self.fail(line, column, f"'{raw_line[0]}' opens a title that no '{closing}' closes on this line")
        text, _tags = self.words(raw_line, line, column)
        found = self.element("statement", text, line)
        self.define(found, raw_line, line, column)
        return found

    def define(self, found: _Element, raw: str, line: int, column: int) -> None:
        text, tags = self.words(raw, line, column)
        found.tags.extend(tag for tag in tags if tag not in found.tags)
        if found.text is None or not found.text:
            found.text = text
        elif text and text != found.text:
            self.left_out.append(f"a second text for {found.kind} '{found.title}' at line {line}")

    def more_text(self, found: _Element, raw: str, line: int, column: int) -> None:
        text, tags = self.words(raw, line, column)
        found.tags.extend(tag for tag in tags if tag not in found.tags)
        found.text = f"{found.text} {text}".strip() if found.text else text


def _lines(text: str) -> Iterator[tuple[int, int, str]]:
    """Each line that holds something: its number, its indentation and its content."""
    for number, raw in enumerate(text.split("\n"), start=1):
        content = raw.rstrip()
        stripped = content.lstrip(" \t")
        if stripped:
            yield number, len(content.replace("\t", "    ")) - len(stripped.replace("\t", "    ")), stripped


def _front_matter(text: str, reader: _Reader) -> str:
    """The text with its front matter (`===` ... `===`) blanked, its `title` read."""
    if not text.lstrip().startswith("==="):
        return text
    start = text.index("===")
    end = text.find("\n===", start + 3)
    if end < 0:
        line = text.count("\n", 0, start) + 1
        raise reader.fail(line, 1, "the front matter opened with '===' is never closed by another '==='")
    stop = text.find("\n", end + 4)
    stop = len(text) if stop < 0 else stop
    for entry in text[start + 3 : end].split("\n"):
        key, _, value = entry.partition(":")
        if key.strip() == "title" and value.strip():
            value = value.strip()
            try:
                title = json.loads(value) if value.startswith('"') else value.strip("'")
            except json.JSONDecodeError:
                title = value.strip('"')
            line = text.count("\n", 0, start + 3 + text[start + 3 : end].index(entry)) + 1
            reader.title = checked_text(str(title), f"{reader.name}:{line}:1", "title")
    return re.sub(r"[^\n]", " ", text[:stop]) + text[stop:]


def from_argdown(text: str, name: str) -> Imported:
    """The map an Argdown document lays out; `name` locates errors."""
    reader = _Reader(name)
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    text = _strip_comments(_front_matter(text, reader))
    stack: list[tuple[int, _Element]] = []  # the elements lines below may relate to, by indentation
    last: _Element | None = None  # the element whose text a plain line below continues
    argument: _Element | None = None  # the argument a structure starting here belongs to
    structure: list[tuple[str, int, int]] | None = None  # the structure being read: ("premise"|"inference", ...)
    structure_owner: _Element | None = None
    previous_line = 0

    def close_structure() -> None:
        nonlocal structure, structure_owner
        if structure is not None and structure_owner is not None:
            _finish_structure(reader, structure_owner, structure)
        structure, structure_owner = None, None

    for number, indent, content in _lines(text):
        column = indent + 1
        blank_before = number > previous_line + 1
        previous_line = number
        heading = _HEADING.fullmatch(content) if indent == 0 else None
        if heading:
            close_structure()
            reader.pending_comments.append(" ".join(_ESCAPE.sub(r"\1", heading.group(2)).split()))
            stack, last, argument = [], None, None
            continue
        relation = _RELATION.match(content)
        if relation and indent > 0:
            while stack and stack[-1][0] >= indent:
                stack.pop()
            if not stack:
                raise reader.fail(
                    number, column, f"the relation '{relation.group(1)}' has nothing above it to start from"
                )
            child = reader.read(content[relation.end() :], number, column + relation.end())
            reader.relations.append((stack[-1][1], relation.group(1), child, number))
            stack.append((indent, child))
            last = child
            continue
        numbered = _NUMBERED.match(content) if indent == 0 else None
        inference = _INFERENCE.fullmatch(content) if indent == 0 else None
        if numbered or inference:
            if structure is None:
                structure_owner = argument or reader.element("argument", f"argument at line {number}", number)
                structure = []
                argument = None
            if inference:
                structure.append(("inference", number, column))
                stack, last = [], None
                continue
            assert numbered is not None
            member = reader.read(content[numbered.end() :], number, column + numbered.end())
            structure.append((member.title, number, column))
            stack, last = [(indent, member)], member
            continue
        if indent > 0 and last is not None and not blank_before:
            reader.more_text(last, content, number, column)
            continue
        close_structure()
        listed = _LIST_MARK.match(content)
        if listed:
            content = content[listed.end() :]
        found = reader.read(content, number, column)
        stack, last = [(indent, found)], found
        argument = found if found.kind == "argument" and not found.steps else None
    close_structure()
    return _build(reader)


def _finish_structure(reader: _Reader, owner: _Element, structure: list[tuple[str, int, int]]) -> None:
    """An argument's steps from its numbered statements and inference lines."""
    segments: list[list[str]] = [[]]
    for title, line, column in structure:
        if title == "inference":
            if not segments[-1]:
                raise reader.fail(line, column, "an inference line with no premise above it")
            segments.append([])
        else:
            segments[-1].append(title)
    line, column = structure[-1][1], structure[-1][2]
    if len(segments) < 2 or not segments[-1]:
        raise reader.fail(line, column, "the premise-conclusion structure ends without a conclusion under its '----'")
    if owner.steps:
        reader.left_out.append(f"a second premise-conclusion structure for argument '{owner.title}' at line {line}")
        return
    for before, after in itertools.pairwise(segments):
        owner.steps.append((before, after[0]))
        if len(after) > 1 and after is segments[-1]:
            reader.left_out.append(f"statements after the conclusion of '{owner.title}' at line {line}")


def _tags(element: _Element) -> tuple[str, ...]:
    """The element's tags as words a map's `tags` take: `#(tag words)` becomes `tag_words`."""
    return tuple(dict.fromkeys(IdMaker().make(tag, "", "tag") for tag in element.tags))


def _build(reader: _Reader) -> Imported:
    statements = {e.title: e for e in reader.order if e.kind == "statement"}
    roles: dict[str, set[str]] = {}
    arguments: list[Argument] = []
    supports: list[Support] = []
    attacks: list[Attack] = []
    contradictions: list[Contradiction] = []
    conclusion_of: dict[str, str] = {}  # an argument with a structure: its conclusion
    premises_in_structures: set[str] = set()
    for element in reader.order:
        if element.kind == "argument" and element.steps:
            conclusion_of[element.id] = statements[element.steps[-1][1]].id
            for step_premises, _ in element.steps:
                premises_in_structures.update(statements[p].id for p in step_premises)
    # An argument with no structure stands for its gist: a claim of its description, the premise it rests on.
    gist = {
        e.id: reader.ids.make(e.title, "c_", "argument") for e in reader.order if e.kind == "argument" and not e.steps
    }
    extra: dict[str, tuple[list[Ref], list[Ref]]] = {
        key: ([], []) for key in gist
    }  # what supports it, what it supports
    relations: list[tuple[_Element, str, _Element, int]] = []
    for source, symbol, target, line in reader.relations:
        if symbol in ("+", "-", "_", "<+", "<-", "<_"):
            source, target = target, source
        verb = symbol.strip("<>") if symbol != "><" else "><"
        if verb == "+" and target.id in gist and target.kind == "argument" and source.kind == "statement":
            extra[target.id][0].append(Ref(source.id))
        elif verb == "+" and source.id in gist and source.kind == "argument" and target.kind == "statement":
            extra[source.id][1].append(Ref(target.id))
        else:
            relations.append((source, verb, target, line))
    concluding = {key for key, (_, ends) in extra.items() if ends}
    premises_in_structures.update(gist[key] for key in concluding)

    def claim_of(element: _Element) -> str:
        if element.kind == "statement":
            return element.id
        return conclusion_of.get(element.id) or gist[element.id]

    for source, verb, target, line in relations:
        attacker = claim_of(source)
        if verb == "_":
            if target.kind == "argument" and (target.id in conclusion_of or target.id in concluding):
                attacks.append(Attack(Ref(attacker), AttackKind.UNDERCUT, Ref(target.id)))
            else:
                reader.left_out.append(f"the undercut of {target.kind} '{target.title}' at line {line}")
            continue
        aimed = claim_of(target)
        if verb == "+" and attacker == aimed:
            continue  # an argument supporting its own conclusion: its structure says so already
        if verb == "+":
            supports.append(Support((Ref(attacker),), Ref(aimed)))
        elif verb == "-":
            kind = AttackKind.UNDERMINE if aimed in premises_in_structures else AttackKind.REBUT
            attacks.append(Attack(Ref(attacker), kind, Ref(aimed)))
        else:
            contradictions.append(Contradiction(Ref(attacker), Ref(aimed)))

    gists: list[Claim] = []
    for element in reader.order:
        if element.kind != "argument":
            continue
        title = element.text or element.title
        if not element.steps:
            grounds, ends = (tuple(refs) for refs in extra[element.id])
            own = Ref(gist[element.id])
            if not ends:  # nothing follows from it in the map: its gist is a claim, what supported it supports that
                gists.append(Claim(own.id, title, tags=_tags(element)))
                supports.extend(Support((ground,), own) for ground in grounds)
                if element.id in reader.comments:
                    reader.comments[own.id] = reader.comments.pop(element.id)
                continue
            gists.append(Claim(own.id, title, kind=ClaimKind.PREMISE))
            premises = (own, *grounds)
            arguments.append(Argument(element.id, title, premises=premises, conclusions=ends, tags=_tags(element)))
            if len(ends) == 1:
                supports.append(Support(premises, ends[0], linked=True, argument=element.id, implicit=True))
            continue
        intermediate = {c for _, c in element.steps[:-1]}
        premise_titles = [p for step, _ in element.steps for p in step if p not in intermediate]
        final = element.steps[-1][1]
        for title_ in premise_titles:
            roles.setdefault(title_, set()).add("premise")
        roles.setdefault(final, set()).add("conclusion")
        premises = tuple(Ref(statements[p].id) for p in premise_titles)
        conclusion = Ref(statements[final].id)
        arguments.append(Argument(element.id, title, premises=premises, conclusions=(conclusion,), tags=_tags(element)))
        if len(element.steps) == 1:
            # What the `.arg` reader adds for a block that writes no support into its conclusion.
            supports.append(Support(premises, conclusion, linked=True, argument=element.id, implicit=True))
            continue
        for step_premises, step_conclusion in element.steps:
            refs = tuple(Ref(statements[p].id) for p in step_premises)
            supports.append(Support(refs, Ref(statements[step_conclusion].id), linked=len(refs) > 1,
                                    argument=element.id))  # fmt: skip

    claims = []
    for element in reader.order:
        if element.kind != "statement":
            continue
        role = roles.get(element.title, set())
        role_kind = {"premise": ClaimKind.PREMISE, "conclusion": ClaimKind.CONCLUSION}.get(
            next(iter(role)) if len(role) == 1 else "", ClaimKind.CLAIM
        )
        claims.append(Claim(element.id, element.text or element.title, kind=role_kind, tags=_tags(element)))
    argument_map = ArgumentMap(
        title=reader.title, claims=tuple(claims + gists), arguments=tuple(arguments), supports=tuple(supports),
        attacks=tuple(attacks), contradictions=tuple(contradictions),
    )  # fmt: skip
    if reader.pending_comments:
        reader.left_out.append(f"{len(reader.pending_comments)} heading(s) at the end, with nothing below them")
    return Imported(argument_map, reader.comments, tuple(reader.left_out))
