"""What a change does to the argument: statuses that flip, findings that come and go, expectations that now fail.

Both maps are evaluated (`argmap.evaluate`, grounded semantics) and checked
with the rules `argmap check` runs; a claim is followed through a rename, and
a finding is matched by its rule and its message (with renamed ids read as
their new names), never by where it was written, so a map moved about in its
files changes nothing here.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence

import attrs

from argmap.checks import run_checks
from argmap.diagnostics import Diagnostic
from argmap.evaluate import Labelling, translate
from argmap.model import ArgumentMap, Span, Status
from argmap.review.diff import MapDiff, diff_maps

__all__ = [
    "EXPECTATION_RULE",
    "ExpectationChange",
    "FindingChange",
    "Meaning",
    "Review",
    "StatusFlip",
    "compare",
    "meaning",
]

# The rule that reports a failing `expect` line: the review gives expectations a section of their own.
EXPECTATION_RULE = "AM615"


@attrs.frozen
class StatusFlip:
    """A claim in both maps whose evaluated status changed, with the reason for each status."""

    claim: str
    old: Status
    new: Status
    old_reason: str
    new_reason: str
    old_id: str | None = None  # the claim's id before a rename


@attrs.frozen
class FindingChange:
    """A diagnostic of `argmap check` that appeared, disappeared, became acknowledged or lost its acknowledgement."""

    change: str  # "appeared", "disappeared", "acknowledged", "unacknowledged"
    code: str
    name: str
    severity: str
    category: str
    message: str
    place: Span  # in the new map; in the old one for a finding that disappeared
    reason: str | None = None  # the acknowledgement's reason


@attrs.frozen
class ExpectationChange:
    """An `expect` line of the new map that fails now and did not before (`fails`), or the reverse."""

    claim: str
    expected: Status
    status: Status
    reason: str
    fails: bool


@attrs.frozen
class Meaning:
    """What the change does to the argument."""

    flips: tuple[StatusFlip, ...] = ()
    findings: tuple[FindingChange, ...] = ()
    expectations: tuple[ExpectationChange, ...] = ()

    @property
    def empty(self) -> bool:
        return not (self.flips or self.findings or self.expectations)


@attrs.frozen
class Review:
    """A change to a map: the two maps' names, what differs, and what it does to the argument."""

    old_name: str
    new_name: str
    diff: MapDiff
    meaning: Meaning

    @property
    def changed(self) -> bool:
        """The change says something: `--exit-code` exits 1."""
        return not (self.diff.empty and self.meaning.empty)


_CHANGES = ("appeared", "disappeared", "acknowledged", "unacknowledged")


def _renamer(renames: Mapping[str, str]) -> Callable[[str], str]:
    """Old ids in a message written as the new map names them (an id is letters, digits, `_` and `-`)."""
    if not renames:
        return lambda text: text
    pattern = re.compile(
        r"(?<![\w-])(" + "|".join(re.escape(i) for i in sorted(renames, key=len, reverse=True)) + r")(?![\w-])"
    )
    return lambda text: pattern.sub(lambda m: renames[m.group(1)], text)


def _finding(change: str, diagnostic: Diagnostic, message: str, reason: str | None = None) -> FindingChange:
    return FindingChange(
        change, diagnostic.code, diagnostic.name, diagnostic.severity.value, diagnostic.category.value, message,
        diagnostic.span, reason,
    )  # fmt: skip


def _findings(
    old: Sequence[Diagnostic], new: Sequence[Diagnostic], rename: Callable[[str], str], old_text: Callable[[str], str]
) -> list[FindingChange]:
    """The diagnostics matched by rule and message, each unmatched one or a change of acknowledgement reported."""
    before: dict[tuple[str, str], list[Diagnostic]] = {}
    for diagnostic in old:
        if diagnostic.code != EXPECTATION_RULE:
            before.setdefault((diagnostic.code, rename(old_text(diagnostic.message))), []).append(diagnostic)
    found: list[FindingChange] = []
    for diagnostic in new:
        if diagnostic.code == EXPECTATION_RULE:
            continue
        key = (diagnostic.code, diagnostic.message)
        matches = before.get(key)
        if not matches:
            found.append(_finding("appeared", diagnostic, diagnostic.message, diagnostic.acknowledged))
            continue
        was = matches.pop(0)
        if was.acknowledged is None and diagnostic.acknowledged is not None:
            found.append(_finding("acknowledged", diagnostic, diagnostic.message, diagnostic.acknowledged))
        elif was.acknowledged is not None and diagnostic.acknowledged is None:
            found.append(_finding("unacknowledged", diagnostic, diagnostic.message, was.acknowledged))
    for (_, message), left in before.items():
        for diagnostic in left:
            gone = _finding("disappeared", diagnostic, message, diagnostic.acknowledged)
            found.append(attrs.evolve(gone, place=attrs.evolve(gone.place, file=old_text(gone.place.file))))
    return sorted(found, key=lambda f: (_CHANGES.index(f.change), f.code, f.message))


def _flips(old: Labelling, new: Labelling, renames: Mapping[str, str]) -> list[StatusFlip]:
    before, after = old.statuses, new.statuses
    flips = []
    for old_id, status in before.items():
        new_id = renames.get(old_id, old_id)
        now = after.get(new_id)
        if now is None or now is status:
            continue
        flips.append(StatusFlip(new_id, status, now, old.reason(old_id), new.reason(new_id),
                                old_id if old_id != new_id else None))  # fmt: skip
    return sorted(flips, key=lambda f: f.claim)


def _failing(labels: Labelling, amap: ArgumentMap) -> dict[tuple[str, Status], Status]:
    """Each `expect` line that fails: (claim, expected) to the status the claim has."""
    statuses = labels.statuses
    failing = {}
    for expectation in amap.expectations:
        status = statuses.get(expectation.claim.id)
        if status is not None and status is not expectation.status:
            failing[(expectation.claim.id, expectation.status)] = status
    return failing


def _expectations(
    old: Labelling, old_map: ArgumentMap, new: Labelling, new_map: ArgumentMap, renames: Mapping[str, str]
) -> list[ExpectationChange]:
    before = {(renames.get(c, c), s): now for (c, s), now in _failing(old, old_map).items()}
    after = _failing(new, new_map)
    found = [
        ExpectationChange(claim, expected, status, new.reason(claim), True)
        for (claim, expected), status in after.items()
        if (claim, expected) not in before
    ]
    statuses = new.statuses
    still_expected = {(e.claim.id, e.status) for e in new_map.expectations}
    for key in before:
        claim, expected = key
        now = statuses.get(claim)
        if key not in after and key in still_expected and now is not None:
            found.append(ExpectationChange(claim, expected, now, new.reason(claim), False))
    return sorted(found, key=lambda e: (not e.fails, e.claim, e.expected.value))


def meaning(
    old: ArgumentMap,
    new: ArgumentMap,
    diff: MapDiff,
    *,
    select: Sequence[str] | None = None,
    ignore: Sequence[str] = (),
    allow_outside_root: bool = False,
    old_text: Callable[[str], str] = lambda text: text,
    old_confined: bool = False,
    likelihood_terms: str = "standard",
) -> Meaning:
    """What the change from `old` to `new` (whose differences are `diff`) does to the argument.

    `select`, `ignore` and `likelihood_terms` choose the rules and the ICD 203
    word list as for `argmap check`; `old_text`
    rewrites the old map's file names in its messages, and `old_confined`
    reads the old map's source files inside its project whatever
    `allow_outside_root` says (the old map of `diff --git` is read from a
    copy of the revision, which stands for the repository).
    """
    old_labels, new_labels = Labelling(translate(old)), Labelling(translate(new))
    renames = diff.renames
    old_checks = run_checks(old, select, ignore, allow_outside_root=allow_outside_root and not old_confined,
                            likelihood_terms=likelihood_terms)  # fmt: skip
    new_checks = run_checks(new, select, ignore, allow_outside_root=allow_outside_root,
                            likelihood_terms=likelihood_terms)  # fmt: skip
    return Meaning(
        flips=tuple(_flips(old_labels, new_labels, renames)),
        findings=tuple(_findings(old_checks, new_checks, _renamer(renames), old_text)),
        expectations=tuple(_expectations(old_labels, old, new_labels, new, renames)),
    )


def compare(
    old: ArgumentMap,
    new: ArgumentMap,
    old_name: str = "old",
    new_name: str = "new",
    *,
    select: Sequence[str] | None = None,
    ignore: Sequence[str] = (),
    allow_outside_root: bool = False,
    old_text: Callable[[str], str] = lambda text: text,
    old_confined: bool = False,
    likelihood_terms: str = "standard",
) -> Review:
    """The review of the change from `old` to `new`: `diff_maps`, then `meaning` (which takes the same options)."""
    diff = diff_maps(old, new)
    found = meaning(old, new, diff, select=select, ignore=ignore, allow_outside_root=allow_outside_root,
                    old_text=old_text, old_confined=old_confined, likelihood_terms=likelihood_terms)  # fmt: skip
    return Review(old_name, new_name, diff, found)
