"""What the language server answers, worked out from one `Analysis`: LSP values, no I/O.

Places in a map are 1-based lines and columns counted in characters; the
client counts in UTF-16 units unless it says otherwise, so every place is
converted with the text of its own file (`Places`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path

import attrs
from lsprotocol import types
from pygls.uris import from_fs_path
from pygls.workspace import PositionCodec

from argmap.checks import RULES
from argmap.checks.estimative import ICD203, ICD203_SYNONYMS, RELIABILITY
from argmap.checks.sources import quote_passage
from argmap.diagnostics import Category, Diagnostic, Severity
from argmap.edit.lsp.analysis import Analysis
from argmap.edit.lsp.symbols import ACTOR, ARGUMENT, CLAIM, SOURCE, Occurrence
from argmap.errors import ParseError
from argmap.model import Claim, Quote, Span
from argmap.read.parser import parse
from argmap.read.vocabulary import DETAIL_KEYWORDS, RELATION_KEYWORDS, STATEMENT_KEYWORDS

__all__ = [
    "At",
    "Places",
    "RenameRefused",
    "code_actions",
    "completions",
    "definition",
    "document_symbols",
    "hover",
    "lsp_diagnostics",
    "references",
    "rename",
    "rename_target",
    "uri_of",
]

SOURCE_NAME = "argmap"
_LINE_END = re.compile(r"\r\n|\r|\n")
_ID = re.compile(r"[^\W\d][\w\-]*")
_DID_YOU_MEAN = re.compile(r"did you mean '([^'\n]+)'\?")


def uri_of(file: str) -> str:
    """The URI of a map file named by its path."""
    return from_fs_path(file) or f"file://{file}"


class Places:
    """Converts between the map's places (line, column in characters) and the client's positions."""

    def __init__(self, codec: PositionCodec, texts: Callable[[str], str | None]) -> None:
        self.codec = codec
        self._texts = texts
        self._lines: dict[str, list[str]] = {}

    def lines(self, file: str) -> list[str]:
        """The lines of a file as last read (none when it was never read)."""
        if file not in self._lines:
            text = self._texts(file)
            self._lines[file] = _LINE_END.split(text) if text is not None else []
        return self._lines[file]

    def position(self, file: str, line: int, column: int) -> types.Position:
        """The client's position of a 1-based line and column."""
        lines = self.lines(file)
        row, character = max(line - 1, 0), max(column - 1, 0)
        if row < len(lines) and not lines[row].isascii():
            character = self.codec.client_num_units(lines[row][:character])
        return types.Position(line=row, character=character)

    def range(self, span: Span) -> types.Range:
        """The client's range of a span."""
        return types.Range(
            start=self.position(span.file, span.line, span.column),
            end=self.position(span.file, span.end_line, span.end_column),
        )

    def location(self, span: Span) -> types.Location:
        """Where a span is, for the client."""
        return types.Location(uri=uri_of(span.file), range=self.range(span))

    def place(self, file: str, position: types.Position) -> tuple[int, int]:
        """The 1-based line and column of a client's position."""
        lines = self.lines(file)
        character = position.character
        if position.line < len(lines) and not lines[position.line].isascii():
            at = types.Position(line=position.line, character=position.character)
            character = self.codec.position_from_client_units(lines, at).character
        return position.line + 1, character + 1


@attrs.frozen
class At:
    """A place the client asks about: the analysis of its map, its file, its 1-based line and column."""

    analysis: Analysis
    file: str
    line: int
    column: int
    places: Places

    def occurrence(self) -> Occurrence | None:
        """The id written here."""
        return self.analysis.symbols.at(self.file, self.line, self.column)


# --- diagnostics ----------------------------------------------------------------------


def lsp_diagnostics(diagnostics: Iterable[Diagnostic], places: Places) -> list[types.Diagnostic]:
    """The map's diagnostics for the client: severity, rule code, the rule's own words, and a suggestion."""
    return [_diagnostic(d, places) for d in diagnostics]


def _severity(diagnostic: Diagnostic) -> types.DiagnosticSeverity:
    if diagnostic.acknowledged is not None:
        return types.DiagnosticSeverity.Hint  # kept on purpose: still in view, never in the way
    if diagnostic.severity is Severity.ERROR:
        return types.DiagnosticSeverity.Error
    if diagnostic.category is Category.FINDING or diagnostic.severity is Severity.INFO:
        return types.DiagnosticSeverity.Information
    return types.DiagnosticSeverity.Warning


def _diagnostic(diagnostic: Diagnostic, places: Places) -> types.Diagnostic:
    message = diagnostic.message
    if diagnostic.hint:
        message += f"\nhelp: {diagnostic.hint}"
    if diagnostic.acknowledged is not None:
        message += f"\nacknowledged: {diagnostic.acknowledged}"
    rule = RULES.get(diagnostic.code)
    data: dict[str, str] = {"rule": diagnostic.code, "explain": f"argmap rules {diagnostic.code}"}
    if rule is not None:
        data["name"] = rule.name
        data["summary"] = rule.summary
        data["category"] = "finding" if rule.category is Category.FINDING else rule.severity.value
    suggestion = _DID_YOU_MEAN.search(diagnostic.hint or "") or _DID_YOU_MEAN.search(diagnostic.message)
    if suggestion is not None:
        data["suggestion"] = suggestion.group(1)
    related = [
        types.DiagnosticRelatedInformation(location=places.location(span), message=what)
        for span, what in diagnostic.related
    ]
    return types.Diagnostic(
        range=places.range(diagnostic.span),
        message=message,
        severity=_severity(diagnostic),
        code=diagnostic.code,
        source=SOURCE_NAME,
        tags=[types.DiagnosticTag.Unnecessary] if diagnostic.code == "AM901" else None,
        related_information=related or None,
        data=data,
    )


# --- definitions, references, rename ----------------------------------------------------


def definition(at: At) -> list[types.Location]:
    """Where the id (or the included file) at a place is defined."""
    include = at.analysis.symbols.include_at(at.file, at.line, at.column)
    if include is not None:
        target = (Path(at.file).parent / include.id).resolve()
        start = types.Position(line=0, character=0)
        return [types.Location(uri=uri_of(str(target)), range=types.Range(start=start, end=start))]
    found = at.occurrence()
    if found is None:
        return []
    return [at.places.location(o.span) for o in at.analysis.symbols.definitions.get(found.id, ())]


def references(at: At, include_declaration: bool) -> list[types.Location]:
    """Every place the id at a place is written, across the map's files."""
    found = at.occurrence()
    if found is None:
        return []
    found_all = at.analysis.symbols.everywhere(found.id)
    return [at.places.location(o.span) for o in found_all if include_declaration or not o.definition]


class RenameRefused(ValueError):
    """A rename that cannot be done: said in a sentence for the user."""


def rename_target(at: At) -> Occurrence:
    """The id a rename at a place would rename; `RenameRefused` when there is none or the map cannot be read."""
    found = at.occurrence()
    if found is None or found.id not in at.analysis.symbols.kinds:
        raise RenameRefused("no claim, argument, actor or source id is written here")
    if not at.analysis.checked:
        raise RenameRefused("the map has errors that stop it being read; fix them before renaming")
    return found


def rename(at: At, new_id: str) -> types.WorkspaceEdit:
    """An edit renaming the id at a place in every file of the map; `RenameRefused` for an id that cannot be."""
    found = rename_target(at)
    analysis, places = at.analysis, at.places
    if not _ID.fullmatch(new_id) or not _reads_as_id(new_id):
        raise RenameRefused(f"'{new_id}' cannot be an id: start with a letter, go on with letters, digits, _ or -, "
                            "and take no keyword that starts a statement")  # fmt: skip
    if new_id == found.id:
        return types.WorkspaceEdit(changes={})
    if new_id in analysis.symbols.kinds:
        raise RenameRefused(f"'{new_id}' is already the id of a {analysis.symbols.kinds[new_id]}")
    changes: dict[str, list[types.TextEdit]] = {}
    for each in analysis.symbols.everywhere(found.id):
        edit = types.TextEdit(range=places.range(each.span), new_text=new_id)
        changes.setdefault(uri_of(each.span.file), []).append(edit)
    return types.WorkspaceEdit(changes=changes)


def _reads_as_id(new_id: str) -> bool:
    """Whether the reader takes a word as an id both where a claim is defined and at the start of a link."""
    try:
        parse(f'claim {new_id}: "a"\nclaim other_: "b"\n{new_id} supports other_\n', "<rename>")
    except ParseError:
        return False
    return True


# --- hover ------------------------------------------------------------------------------

# What would turn map text into markup in a hover: emphasis, code, links, HTML, tables, strike-through.
_MARKDOWN = re.compile(r"([\\`*_\[\]<>|~])")


def _md(text: str) -> str:
    """Map text shown as itself in Markdown, never as markup (runs of whitespace as one space)."""
    return _MARKDOWN.sub(r"\\\1", re.sub(r"\s+", " ", text))


def _code(text: str) -> str:
    """Text shown as code: in a code span nothing is markup, and no escape is read, so none is written."""
    text = re.sub(r"\s+", " ", text)
    fence = "`" * (max((len(run) for run in re.findall(r"`+", text)), default=0) + 1)
    return f"{fence} {text} {fence}" if "`" in text else f"{fence}{text}{fence}"


def hover(at: At) -> types.Hover | None:
    """What the id (or the quote, or the rule an `acknowledge` names) at a place stands for."""
    analysis = at.analysis
    quote = analysis.symbols.quote_at(at.file, at.line, at.column)
    found = at.occurrence()
    lines: list[str] = []
    span = found.span if found is not None else quote.span if quote is not None else None
    if found is not None:
        lines = _describe(analysis, found.id)
    if quote is not None:
        lines = [*lines, *([""] if lines else []), *_describe_quote(analysis, quote)]
    if not lines:
        acknowledged = next((a for a in analysis.map.acknowledgements if _on(a.span, at)), None)
        if acknowledged is None:
            return None
        lines, span = _describe_rule(acknowledged.rule), acknowledged.span
    return types.Hover(
        contents=types.MarkupContent(kind=types.MarkupKind.Markdown, value="\n".join(lines)),
        range=at.places.range(span) if span is not None else None,
    )


def _describe_rule(written: str) -> list[str]:
    """The rule an `acknowledge` names, by code or by name, and what it reports."""
    found = RULES.get(written.upper()) or next((r for r in RULES.values() if r.name == written), None)
    if found is None:
        return [f"`{_md(written)}` is not a rule: `argmap rules` lists them"]
    kind = "finding" if found.category is Category.FINDING else found.severity.value
    explain = f"`argmap rules {found.code}` explains it"
    return [f"**{found.code}** {found.name} ({kind})", "", _md(found.summary), "", explain]


def _on(span: Span, at: At) -> bool:
    """Whether a place is on a span of one line."""
    return span.file == at.file and span.line == at.line and span.column <= at.column <= span.end_column


def _describe(analysis: Analysis, node_id: str) -> list[str]:
    index = analysis.index
    kind = analysis.symbols.kinds.get(node_id)
    if kind == CLAIM:
        return _describe_claim(analysis, index.claims[node_id])
    if kind == ARGUMENT:
        argument = index.arguments[node_id]
        out = [f"**argument** `{node_id}`: {_md(argument.title)}"]
        if argument.actors:
            out.append(f"by {_actors(analysis, argument.actors)}")
        premises = ", ".join(f"`{r.id}`" for r in argument.premises)
        conclusions = ", ".join(f"`{r.id}`" for r in argument.conclusions)
        out.append(f"premises {premises or 'none'}; conclusion {conclusions or 'none'}")
        if argument.conclusion is not None:
            out.extend(_status(analysis, argument.conclusion.id, "the conclusion"))
        return out
    if kind == ACTOR:
        actor = index.actors[node_id]
        out = [f"**actor** `{node_id}`: {_md(actor.name)}" + (" (unnamed)" if actor.unnamed else "")]
        if actor.role:
            out.append(f"role: {_md(actor.role)}")
        held = sum(1 for c in analysis.map.claims if any(r.id == node_id for r in c.actors))
        out.append(f"holds {held} claim{'' if held == 1 else 's'}")
        return out
    if kind == SOURCE:
        source = index.sources[node_id]
        out = [f"**source** `{node_id}`: {_md(source.title)}"]
        if source.reliability:
            grade = _RELIABILITY.get(source.reliability, "not an Admiralty grade")
            out.append(f"reliability {source.reliability}: {grade}")
        if source.file:
            out.append(f"file: {_code(source.file)}")
        return out
    return [f"`{node_id}` is not defined in this map"] if node_id else []


_RELIABILITY = dict(zip(RELIABILITY, (
    "completely reliable", "usually reliable", "fairly reliable", "not usually reliable", "unreliable",
    "reliability cannot be judged",
), strict=True))  # fmt: skip
_CREDIBILITY = {
    1: "confirmed by other sources", 2: "probably true", 3: "possibly true", 4: "doubtful", 5: "improbable",
    6: "truth cannot be judged",
}  # fmt: skip


def _actors(analysis: Analysis, refs: Sequence[object]) -> str:
    actors = analysis.index.actors
    names = []
    for ref in refs:
        ref_id = getattr(ref, "id", "")
        actor = actors.get(ref_id)
        names.append(f"{_md(actor.name)} (`{ref_id}`)" if actor is not None else f"`{ref_id}`")
    return ", ".join(names)


def _describe_claim(analysis: Analysis, claim: Claim) -> list[str]:
    out = [f"**{claim.kind.value}** `{claim.id}`" + (f" in argument `{claim.argument}`" if claim.argument else ""), "",
           f"> {_md(claim.text)}", ""]  # fmt: skip
    if claim.actors:
        out.append(f"by {_actors(analysis, claim.actors)}")
    sources = analysis.index.sources
    cited = list(dict.fromkeys([*(q.source.id for q in claim.quotes), *(r.id for r in claim.citations)]))
    if cited:
        graded = []
        for source_id in cited:
            source = sources.get(source_id)
            grade = f"{source.reliability or ''}{claim.credibility or ''}" if source is not None else ""
            graded.append(f"`{source_id}`" + (f" {grade}" if grade else ""))
        out.append("sources: " + ", ".join(graded))
    if claim.credibility is not None:
        out.append(f"credibility {claim.credibility}: {_CREDIBILITY.get(claim.credibility, '')}")
    if claim.likelihood is not None or claim.probability is not None:
        likelihood = [f'"{_md(claim.likelihood)}"'] if claim.likelihood is not None else []
        if claim.probability is not None:
            likelihood.append(f"{claim.probability:.0%}")
        out.append("likelihood: " + " ".join(likelihood))
    if claim.confidence is not None:
        out.append(f"analytic confidence: {_md(claim.confidence)}")
    out.extend(_status(analysis, claim.id, "evaluated"))
    return out


def _status(analysis: Analysis, claim_id: str, what: str) -> list[str]:
    found = analysis.status(claim_id)
    if found is None:
        return []
    status, reason = found
    return [f"{what}: **{status.value}**: {_md(reason)}"]


# How much of the source a hover shows on each side of a quote found in it, in characters.
_PASSAGE_CONTEXT = 100


def _describe_quote(analysis: Analysis, quote: Quote) -> list[str]:
    source = analysis.index.sources.get(quote.source.id)
    if source is None:
        return [f"quote from `{quote.source.id}`, which is not a declared source"]
    if source.file is None:
        return [f"quote from `{source.id}`: not verified, the source names no `file`"]
    if not analysis.checked:
        return [f"quote from `{source.id}`: not verified while the map has errors"]
    for diagnostic in analysis.diagnostics.get(source.span.file, []):
        if diagnostic.code in ("AM302", "AM303") and diagnostic.span == source.span:
            return [f"quote from `{source.id}`: not verified, its file cannot be read ({diagnostic.code})"]
    passage = quote_passage(analysis.index, source, quote.text, context=_PASSAGE_CONTEXT)
    if passage is None:
        return [f"quote from `{source.id}`: **not found** in {_code(source.file)} (AM301)"]
    return [f"quote from `{source.id}`: **found** in {_code(source.file)}:",
            f"> {_md(passage.before)}**{_md(passage.quoted)}**{_md(passage.after)}"]  # fmt: skip


# --- completion -------------------------------------------------------------------------

ICD203_TERMS = (*ICD203, *ICD203_SYNONYMS)
_LINK_WORDS = ("supports", "support", "rebuts", "rebut", "undermines", "undermine", "undercuts", "undercut",
               "contradicts", "to", "together")  # fmt: skip
_WORDS_BEFORE = re.compile(r"(\"[^\"]*\"|[^\s,\"]+|,)")


def _in_text(before: str) -> bool:
    """Whether a place on a line is inside a text: an odd number of unescaped quotes before it."""
    return len(re.findall(r'(?<!\\)"', before)) % 2 == 1


def completions(analysis: Analysis, line_text: str, column: int) -> list[types.CompletionItem]:
    """What may be written at a place, judged from the words before it on its line."""
    before = line_text[: max(column - 1, 0)]
    symbols = analysis.symbols
    if _in_text(before):
        if re.search(r'\blikelihood\s+"[^"]*$', before):
            return [types.CompletionItem(t, kind=types.CompletionItemKind.EnumMember, detail="ICD 203")
                    for t in ICD203_TERMS]  # fmt: skip
        return []
    words = _WORDS_BEFORE.findall(before)
    if words and before[-1:].strip() and before[-1] != ",":
        words = words[:-1]  # the word being written
    previous = _previous(words)

    def ids(*kinds: str) -> list[types.CompletionItem]:
        known = symbols.kinds.items()
        return [types.CompletionItem(i, kind=_COMPLETION_KIND[k], detail=k) for i, k in known if k in kinds]

    if previous == "by":
        return ids(ACTOR)
    if previous in ("cite", "quote"):
        return ids(SOURCE)
    if previous == "likelihood":
        return [types.CompletionItem(f'"{t}"', kind=types.CompletionItemKind.EnumMember, detail="ICD 203")
                for t in ICD203_TERMS]  # fmt: skip
    if previous == "confidence":
        return [types.CompletionItem(level, kind=types.CompletionItemKind.EnumMember, detail="analytic confidence")
                for level in ("low", "moderate", "high")]  # fmt: skip
    if previous == "reliability":
        return [types.CompletionItem(g, detail=_RELIABILITY[g]) for g in RELIABILITY]
    if previous == "credibility":
        return [types.CompletionItem(str(g), detail=w) for g, w in _CREDIBILITY.items()]
    if previous == "acknowledge":
        return [types.CompletionItem(r.code, detail=r.name, documentation=r.summary) for r in RULES.values()]
    if previous in ("prefer", "over"):
        return ids(CLAIM, SOURCE)  # a preference orders two claims, or two sources
    if previous == "expect":
        return ids(CLAIM)
    if previous in ("premise", "conclusion") and re.match(r"\s", line_text):
        return ids(CLAIM)  # inside an argument: a claim written elsewhere
    if previous in ("undercuts", "undercut"):
        return ids(CLAIM, ARGUMENT)
    if previous in _LINK_WORDS or previous == "on":
        return ids(CLAIM) if previous != "on" else ids(CLAIM, ARGUMENT, ACTOR, SOURCE)
    if words[:1] == ["expect"] and len(words) == 2:
        return [types.CompletionItem(s, kind=types.CompletionItemKind.EnumMember) for s in ("in", "out", "undec")]
    if words[:1] == ["acknowledge"] and len(words) == 2:
        return _keywords(["on"])
    if previous in symbols.kinds and words[:1] == [previous] and not line_text[:1].isspace():
        return _keywords(RELATION_KEYWORDS)  # `leverage |`: a link follows the id that starts it
    if not words:
        statement = not line_text[:1].isspace()
        keywords = STATEMENT_KEYWORDS if statement else (*STATEMENT_KEYWORDS, *DETAIL_KEYWORDS)
        return [*_keywords(keywords), *ids(CLAIM)]
    return _keywords((*DETAIL_KEYWORDS, *RELATION_KEYWORDS))


def _previous(words: list[str]) -> str:
    """The word before the one being written, a list of ids (`by a, b and |`) skipped back to its keyword."""
    at = len(words) - 1
    while at >= 0 and words[at] in (",", "and"):
        at -= 2
    return words[at] if at >= 0 else ""


_COMPLETION_KIND = {
    CLAIM: types.CompletionItemKind.Variable,
    ARGUMENT: types.CompletionItemKind.Class,
    ACTOR: types.CompletionItemKind.Reference,
    SOURCE: types.CompletionItemKind.File,
}


def _keywords(words: Iterable[str]) -> list[types.CompletionItem]:
    return [types.CompletionItem(w, kind=types.CompletionItemKind.Keyword) for w in dict.fromkeys(words)]


# --- document symbols -------------------------------------------------------------------


def document_symbols(analysis: Analysis, file: str, places: Places) -> list[types.DocumentSymbol]:
    """The outline of one file: its sources and actors, its arguments with their claims, and the other claims."""
    m = analysis.map
    out: list[types.DocumentSymbol] = []

    def symbol(name: str, kind: types.SymbolKind, span: Span, detail: str, end: Span | None = None,
               children: list[types.DocumentSymbol] | None = None) -> types.DocumentSymbol:  # fmt: skip
        whole = places.range(span)
        if end is not None and (end.end_line, end.end_column) > (span.end_line, span.end_column):
            whole = types.Range(start=whole.start, end=places.range(end).end)
        return types.DocumentSymbol(name=name, kind=kind, range=whole, selection_range=places.range(span),
                                    detail=detail, children=children)  # fmt: skip

    for source in m.sources:
        if source.span.file == file:
            out.append(symbol(source.id, types.SymbolKind.File, source.span, source.title))
    for actor in m.actors:
        if actor.span.file == file:
            out.append(symbol(actor.id, types.SymbolKind.Object, actor.span, actor.name))
    members: dict[str, list[Claim]] = {}
    for claim in m.claims:
        if claim.span.file == file:
            if claim.argument is not None:
                members.setdefault(claim.argument, []).append(claim)
            else:
                out.append(symbol(claim.id, types.SymbolKind.Variable, claim.span, f"{claim.kind.value}: {claim.text}"))
    for argument in m.arguments:
        if argument.span.file != file:
            continue
        claims = members.pop(argument.id, [])
        children = [symbol(c.id, types.SymbolKind.Variable, c.span, f"{c.kind.value}: {c.text}") for c in claims]
        last = max((c.span for c in claims), key=lambda s: (s.end_line, s.end_column), default=None)
        out.append(symbol(argument.id, types.SymbolKind.Class, argument.span, argument.title, last, children))
    for claims in members.values():  # an argument defined in another file
        out.extend(symbol(c.id, types.SymbolKind.Variable, c.span, f"{c.kind.value}: {c.text}") for c in claims)
    out.sort(key=lambda s: (s.range.start.line, s.range.start.character))
    return out


# --- code actions -----------------------------------------------------------------------

REASON_PLACEHOLDER = "REASON: why the map keeps this"


def code_actions(
    analysis: Analysis, file: str, uri: str, diagnostics: Sequence[types.Diagnostic], text: str
) -> list[types.CodeAction]:
    """For the diagnostics at a place: take the "did you mean", or acknowledge a finding or warning."""
    lines = _LINE_END.split(text)
    actions: list[types.CodeAction] = []
    for diagnostic in diagnostics:
        data = diagnostic.data if isinstance(diagnostic.data, Mapping) else {}
        suggestion = data.get("suggestion")
        written = _text_in(lines, diagnostic.range)
        wrong = written.strip('"') if written is not None else ""
        # Only where the range holds the very word the message calls wrong: never an id beside it.
        if isinstance(suggestion, str) and written is not None and wrong and f"'{wrong}'" in diagnostic.message:
            quoted = written.startswith('"') and written.endswith('"') and len(written) > 1
            new_text = f'"{suggestion}"' if quoted else suggestion
            if new_text != written and _ID_OR_TERM.fullmatch(suggestion):
                edit = types.TextEdit(range=diagnostic.range, new_text=new_text)
                actions.append(types.CodeAction(
                    title=f"Change '{written}' to '{new_text}'",
                    kind=types.CodeActionKind.QuickFix,
                    diagnostics=[diagnostic],
                    is_preferred=True,
                    edit=types.WorkspaceEdit(changes={uri: [edit]}),
                ))  # fmt: skip
        category = data.get("category")
        rule = data.get("rule")
        if category in ("finding", "warning") and isinstance(rule, str) and "acknowledged:" not in diagnostic.message:
            subject = written if written is not None and written in analysis.symbols.kinds else None
            on = f" on {subject}" if subject else ""
            line = f'acknowledge {rule}{on} "{REASON_PLACEHOLDER}"\n'
            end = types.Position(line=len(lines) - 1, character=len(lines[-1]))
            prefix = "" if text.endswith("\n") or not text else "\n"
            insert = types.TextEdit(range=types.Range(start=end, end=end), new_text=prefix + line)
            actions.append(types.CodeAction(
                title=f"Acknowledge {rule}{on} (and give the reason)",
                kind=types.CodeActionKind.QuickFix,
                diagnostics=[diagnostic],
                edit=types.WorkspaceEdit(changes={uri: [insert]}),
            ))  # fmt: skip
    return actions


_ID_OR_TERM = re.compile(r"[^\W\d][\w\- ]*")


def _text_in(lines: list[str], where: types.Range) -> str | None:
    """The text of a one-line range (the client's units taken as characters: ids are rarely past the BMP)."""
    if where.start.line != where.end.line or where.start.line >= len(lines):
        return None
    return lines[where.start.line][where.start.character : where.end.character]
