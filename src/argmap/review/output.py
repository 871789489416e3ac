"""A review written out: `text` for a terminal, `markdown` for a pull-request comment, `json` for programs.

Map text is untrusted: on a terminal it is shown escaped (`printable`); in
Markdown every character that Markdown or HTML would act on is escaped, and
an `@` cannot mention anyone, so a map cannot add markup, links or pings to
a comment. The JSON shape is documented in docs/diff.md.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from typing import Any, ClassVar

from argmap.diagnostics import file_text, json_text, place, printable
from argmap.model import Span, Status
from argmap.review.diff import KINDS, Changed, FieldChange, Item, Link, Value
from argmap.review.meaning import ExpectationChange, FindingChange, Review, StatusFlip

__all__ = ["FORMATS", "JSON_VERSION", "summary", "to_json", "to_markdown", "to_text"]

JSON_VERSION = 1

_KIND_WORDS = {"claim": ("claim", "claims"), "argument": ("argument", "arguments"),
               "hypotheses": ("hypothesis set", "hypothesis sets"), "actor": ("actor", "actors"),
               "source": ("source", "sources")}  # fmt: skip
_LINK_WORDS = {
    "support": "support",
    "linked-support": "linked support",
    "rebut": "rebuttal",
    "undermine": "undermining",
    "undercut": "undercut",
    "contradiction": "contradiction",
    "acknowledged-contradiction": "acknowledged contradiction",
    "acknowledgement": "acknowledgement",
    "expectation": "expectation",
    "ach-cell": "ACH cell",
}
_FINDING_WORDS = {
    "appeared": "appeared",
    "disappeared": "disappeared",
    "acknowledged": "now acknowledged",
    "unacknowledged": "no longer acknowledged",
}
_STATUS_GLYPHS = {Status.IN: "✓", Status.OUT: "✗", Status.UNDEC: "?"}


def _count(number: int, one: str, many: str | None = None) -> str:
    return f"{number} {one if number == 1 else many or one + 's'}"


def summary(review: Review) -> str:
    """One line: what the change does to the argument first, then what it changes in the map."""
    diff, meaning = review.diff, review.meaning
    if not review.changed:
        return "no change of meaning"
    argument = []
    if meaning.flips:
        argument.append(_count(len(meaning.flips), "claim changes status", "claims change status"))
    for change in ("appeared", "disappeared", "acknowledged", "unacknowledged"):
        number = sum(1 for f in meaning.findings if f.change == change)
        if number:
            argument.append(f"{_count(number, 'finding')} {_FINDING_WORDS[change]}")
    failing = sum(1 for e in meaning.expectations if e.fails)
    if failing:
        argument.append(_count(failing, "expectation now fails", "expectations now fail"))
    if len(meaning.expectations) > failing:
        argument.append(_count(len(meaning.expectations) - failing, "expectation passes again",
                               "expectations pass again"))  # fmt: skip
    things = []
    for kind in KINDS:
        parts = []
        added = sum(1 for i in diff.added if i.kind == kind)
        removed = sum(1 for i in diff.removed if i.kind == kind)
        renamed = sum(1 for c in diff.changed if c.kind == kind and c.old_id is not None)
        changed = sum(1 for c in diff.changed if c.kind == kind and c.changes)
        for number, word in ((added, "added"), (removed, "removed"), (changed, "changed"), (renamed, "renamed")):
            if number:
                parts.append(f"{number} {word}")
        if parts:
            things.append(f"{_KIND_WORDS[kind][1]}: {', '.join(parts)}")
    links = []
    if diff.links_added:
        links.append(f"{len(diff.links_added)} added")
    if diff.links_removed:
        links.append(f"{len(diff.links_removed)} removed")
    if links:
        things.append(f"links: {', '.join(links)}")
    if diff.title is not None:
        things.append("title changed")
    head = ", ".join(argument) if argument else "no claim changes status"
    return f"{head}; {'; '.join(things)}" if things else head


def _shown(value: Value) -> str:
    """A field's value in words (not yet escaped)."""
    if value is None:
        return "(none)"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value * 100:g}%"
    if isinstance(value, tuple):
        return "; ".join(value) if value else "(none)"
    return str(value)


def _field_word(kind: str, field: str) -> str:
    if field == "reliability" and kind == "source":
        return "regraded"
    return field


# --- text ----------------------------------------------------------------------------


class _Ink:
    """ANSI colours for a terminal, or none at all."""

    CODES: ClassVar[dict[str, str]] = {"add": "32", "remove": "31", "change": "33", "head": "1", "dim": "2"}

    def __init__(self, color: bool) -> None:
        self.color = color

    def __call__(self, text: str, what: str) -> str:
        if not self.color or not text:
            return text
        return f"\x1b[{self.CODES[what]}m{text}\x1b[0m"


def _text_words(change: FieldChange, ink: _Ink) -> str:
    parts = []
    for op, words in change.words:
        shown = printable(words)
        if op == "=":
            parts.append(shown)
        elif op == "-":
            parts.append(ink(f"[-{shown}-]", "remove"))
        else:
            parts.append(ink(f"{{+{shown}+}}", "add"))
    return " ".join(parts)


def _text_change(kind: str, change: FieldChange, ink: _Ink) -> str:
    word = _field_word(kind, change.field)
    if change.words:
        return f"      {word}: {_text_words(change, ink)}"
    was, now = printable(_shown(change.old)), printable(_shown(change.new))
    return f"      {word}: {ink(was, 'remove')} → {ink(now, 'add')}"


def _text_things(review: Review, ink: _Ink) -> list[str]:
    diff = review.diff
    lines: list[str] = []
    for kind in KINDS:
        added = [i for i in diff.added if i.kind == kind]
        removed = [i for i in diff.removed if i.kind == kind]
        changed = [c for c in diff.changed if c.kind == kind]
        if not (added or removed or changed):
            continue
        lines += ["", ink(_KIND_WORDS[kind][1].capitalize(), "head")]
        for sign, what, items in (("+", "add", added), ("-", "remove", removed)):
            for item in items:
                detail = f" ({printable(item.detail)})" if item.detail else ""
                lines.append(ink(f"  {sign} {printable(item.id)}{detail}: {printable(item.label)}", what))
        for thing in changed:
            name = printable(thing.id)
            if thing.old_id is not None:
                name = f"{printable(thing.old_id)} renamed {name}"
            lines.append(ink(f"  ~ {name}", "change"))
            lines += [_text_change(kind, change, ink) for change in thing.changes]
    if diff.links_added or diff.links_removed:
        lines += ["", ink("Links", "head")]
        for sign, what, links in (("+", "add", diff.links_added), ("-", "remove", diff.links_removed)):
            lines += [ink(f"  {sign} {printable(link.text)}", what) for link in links]
    return lines


def _text_meaning(review: Review, ink: _Ink) -> list[str]:
    meaning = review.meaning
    lines: list[str] = []
    if meaning.flips:
        lines += ["", ink("Statuses", "head")]
        for flip in meaning.flips:
            renamed = f" (was {printable(flip.old_id)})" if flip.old_id else ""
            lines.append(ink(f"  ~ {printable(flip.claim)}{renamed}: {flip.old.value} → {flip.new.value}", "change"))
            lines.append(f"      was {flip.old.value}: {printable(flip.old_reason)}")
            lines.append(f"      now {flip.new.value}: {printable(flip.new_reason)}")
    if meaning.findings:
        lines += ["", ink("Findings", "head")]
        for finding in meaning.findings:
            sign, what = {"appeared": ("+", "add"), "disappeared": ("-", "remove")}.get(finding.change, ("~", "change"))
            lines.append(ink(f"  {sign} {finding.code} {finding.name} ({_FINDING_WORDS[finding.change]}): "
                             f"{printable(finding.message)}", what))  # fmt: skip
            lines.append(f"      at {place(finding.place)}")
            if finding.reason is not None:
                lines.append(f"      acknowledged: {printable(finding.reason)}")
    if meaning.expectations:
        lines += ["", ink("Expectations", "head")]
        for expectation in meaning.expectations:
            sign, what, verb = ("!", "remove", "now fails") if expectation.fails else ("✓", "add", "passes again")
            lines.append(ink(f"  {sign} expect {printable(expectation.claim)} {expectation.expected.value} {verb}: "
                             f"it is {expectation.status.value}", what))  # fmt: skip
            lines.append(f"      {printable(expectation.reason)}")
    return lines


def to_text(review: Review, color: bool = False) -> str:
    """The review for a terminal: a summary line, what it does to the argument, then what it changes in the map."""
    ink = _Ink(color)
    head = ink(f"argmap diff {printable(review.old_name)} {printable(review.new_name)}", "head")
    lines = [head, summary(review)]
    lines += _text_meaning(review, ink)
    lines += _text_things(review, ink)
    if review.diff.title is not None:
        lines += ["", ink("Title", "head"), _text_change("map", review.diff.title, ink)]
    return "\n".join(lines) + "\n"


# --- markdown ------------------------------------------------------------------------

# Markdown's punctuation, escaped with a backslash; HTML's own characters as entities.
_MARKDOWN_PUNCTUATION = re.compile(r"([\\`*_{}\[\]()#+\-.!|~:])")
# Past this many entries a section is folded into a <details> block.
FOLD_AFTER = 8


def md(text: str) -> str:
    """Untrusted text as Markdown that shows it literally: no markup, links, HTML, mentions or line breaks."""
    text = printable(" ".join(text.split()))
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
    text = _MARKDOWN_PUNCTUATION.sub(r"\\\1", text)
    return text.replace("@", "&#64;")  # no @mention pings anyone


def _md_id(ident: str) -> str:
    """An id in code style when it is written as the grammar writes ids; escaped text otherwise."""
    return f"`{ident}`" if re.fullmatch(r"[^\W\d][\w\-]*", ident) else md(ident)


def _md_words(change: FieldChange) -> str:
    parts = []
    for op, words in change.words:
        shown = md(words)
        parts.append(shown if op == "=" else f"<del>{shown}</del>" if op == "-" else f"<ins>{shown}</ins>")
    return " ".join(parts)


def _md_change(kind: str, change: FieldChange) -> str:
    word = _field_word(kind, change.field)
    if change.words:
        return f"  - {word}: {_md_words(change)}"
    return f"  - {word}: <del>{md(_shown(change.old))}</del> → <ins>{md(_shown(change.new))}</ins>"


def _folded(title: str, lines: Sequence[str], open_: bool = False) -> list[str]:
    """A section's lines, folded into <details> when it is long."""
    entries = sum(1 for line in lines if line.startswith("- "))
    if entries <= FOLD_AFTER:
        return [f"#### {title}", "", *lines, ""]
    return [f"<details{' open' if open_ else ''}><summary><b>{title}</b> ({entries})</summary>", "", *lines, "",
            "</details>", ""]  # fmt: skip


def _md_item(item: Item) -> str:
    detail = f" ({md(item.detail)})" if item.detail else ""
    return f"- {_md_id(item.id)}{detail}: {md(item.label)}"


def _md_changed(thing: Changed) -> list[str]:
    name = _md_id(thing.id)
    if thing.old_id is not None:
        name = f"{_md_id(thing.old_id)} renamed {name}"
    return [f"- {name}", *(_md_change(thing.kind, c) for c in thing.changes)]


def _md_things(review: Review) -> list[str]:
    diff = review.diff
    lines: list[str] = []
    for kind in KINDS:
        many = _KIND_WORDS[kind][1].capitalize()
        for verb, items in (("added", diff.added), ("removed", diff.removed)):
            mine = [i for i in items if i.kind == kind]
            if mine:
                lines += _folded(f"{many} {verb}", [_md_item(i) for i in mine])
        changed = [c for c in diff.changed if c.kind == kind]
        if changed:
            lines += _folded(f"{many} changed", [line for c in changed for line in _md_changed(c)])
    for title, links in (("Links added", diff.links_added), ("Links removed", diff.links_removed)):
        if links:
            lines += _folded(title, [f"- {_LINK_WORDS[link.kind]}: {md(link.text)}" for link in links])
    if diff.title is not None:
        lines += ["#### Title", "", _md_change("map", diff.title).strip(), ""]
    return lines


def _md_flips(flips: Sequence[StatusFlip]) -> list[str]:
    rows = ["| claim | was | now | why, now |", "| --- | --- | --- | --- |"]
    for flip in flips:
        renamed = f" (was {_md_id(flip.old_id)})" if flip.old_id else ""
        rows.append(f"| {_md_id(flip.claim)}{renamed} | {_STATUS_GLYPHS[flip.old]} {flip.old.value} | "
                    f"{_STATUS_GLYPHS[flip.new]} {flip.new.value} | {md(flip.new_reason)} |")  # fmt: skip
    reasons = [f"- {_md_id(f.claim)} was {f.old.value}: {md(f.old_reason)}" for f in flips]
    return ["#### Claims that change status", "", *rows, "", "<details><summary>Why each was as it was</summary>", "",
            *reasons, "", "</details>", ""]  # fmt: skip


def _md_finding(finding: FindingChange) -> str:
    line = (f"- **{finding.code}** {finding.name}, {_FINDING_WORDS[finding.change]}: {md(finding.message)} "
            f"({md(place(finding.place))})")  # fmt: skip
    if finding.reason is not None:
        line += f"; acknowledged: {md(finding.reason)}"
    return line


def _md_expectation(expectation: ExpectationChange) -> str:
    verb = "**now fails**" if expectation.fails else "passes again"
    return (f"- `expect` {_md_id(expectation.claim)} {expectation.expected.value} {verb}: it is "
            f"{expectation.status.value}, {md(expectation.reason)}")  # fmt: skip


def to_markdown(review: Review, color: bool = False) -> str:
    """The review as a pull-request comment: a summary line, then sections, long ones folded."""
    meaning = review.meaning
    lines = [f"### argmap diff: {md(review.new_name)}", "", f"**{summary(review)}**", ""]
    if not review.changed:
        return "\n".join(lines)
    if meaning.flips:
        lines += _md_flips(meaning.flips)
    if meaning.findings:
        lines += _folded("Findings", [_md_finding(f) for f in meaning.findings], open_=True)
    if meaning.expectations:
        lines += _folded("Expectations", [_md_expectation(e) for e in meaning.expectations], open_=True)
    lines += _md_things(review)
    return _bounded("\n".join(lines).rstrip("\n") + "\n")


# GitHub refuses a comment of more than 65,536 characters: a review is cut short well before.
MARKDOWN_LIMIT = 60_000


def _bounded(text: str, limit: int = MARKDOWN_LIMIT) -> str:
    """`text` whole, or cut at a line end before `limit` characters, its open <details> closed, saying so."""
    if len(text) <= limit:
        return text
    kept = text[: text.rfind("\n", 0, limit - 500) + 1]
    unclosed = kept.count("<details") - kept.count("</details>")
    left = len(text) - len(kept)
    note = f"\n*The review is cut short here, {left:,} characters before its end: run `argmap diff` for all of it.*\n"
    return kept + "\n</details>\n" * unclosed + note


# --- json ----------------------------------------------------------------------------


def _json_value(value: Value) -> Any:
    return list(value) if isinstance(value, tuple) else value


def _json_change(change: FieldChange) -> dict[str, Any]:
    return {"field": change.field, "old": _json_value(change.old), "new": _json_value(change.new),
            "words": [[op, words] for op, words in change.words]}  # fmt: skip


def _json_span(span: Span) -> dict[str, Any]:
    return {"file": file_text(span.file), "line": span.line, "column": span.column}


def _json_links(links: Iterable[Link]) -> list[dict[str, Any]]:
    return [{"kind": link.kind, "text": link.text, "ends": list(link.ends)} for link in links]


def to_data(review: Review) -> dict[str, Any]:
    """The review as JSON-ready data, in the shape docs/diff.md documents."""
    diff, meaning = review.diff, review.meaning
    return {
        "argmap_diff": JSON_VERSION,
        "old": file_text(review.old_name),
        "new": file_text(review.new_name),
        "changed": review.changed,
        "summary": summary(review),
        "title": None if diff.title is None else {"old": diff.title.old, "new": diff.title.new},
        "added": [{"kind": i.kind, "id": i.id, "label": i.label, "detail": i.detail} for i in diff.added],
        "removed": [{"kind": i.kind, "id": i.id, "label": i.label, "detail": i.detail} for i in diff.removed],
        "modified": [
            {
                "kind": c.kind,
                "id": c.id,
                "old_id": c.old_id,
                "label": c.label,
                "changes": [_json_change(f) for f in c.changes],
            }
            for c in diff.changed
        ],
        "links_added": _json_links(diff.links_added),
        "links_removed": _json_links(diff.links_removed),
        "statuses": [
            {
                "claim": f.claim,
                "old_id": f.old_id,
                "old": f.old.value,
                "new": f.new.value,
                "old_reason": f.old_reason,
                "new_reason": f.new_reason,
            }
            for f in meaning.flips
        ],
        "findings": [
            {
                "change": f.change,
                "code": f.code,
                "name": f.name,
                "severity": f.severity,
                "category": f.category,
                "message": f.message,
                "place": _json_span(f.place),
                "reason": f.reason,
            }
            for f in meaning.findings
        ],
        "expectations": [
            {
                "claim": e.claim,
                "expected": e.expected.value,
                "status": e.status.value,
                "reason": e.reason,
                "fails": e.fails,
            }
            for e in meaning.expectations
        ],
    }


def to_json(review: Review, color: bool = False) -> str:
    """The review as indented JSON, safe to print."""
    return json_text(to_data(review))


FORMATS: dict[str, Callable[[Review, bool], str]] = {"text": to_text, "markdown": to_markdown, "json": to_json}
