"""The rule registry: every check, its stable code, and one run over a map.

A rule is a small pure function from a `MapIndex` to the `Hit`s it finds.
The `@rule` decorator registers it under a code (`AMnnn`, in bands by
topic), a kebab-case name, a default severity and a category; its docstring
(a one-line summary, then a bad and a good example) is what `argmap rules`
shows. `run_checks` builds the index once, runs the selected rules, applies
the map's acknowledgements and reports the ones that match nothing.
"""

from __future__ import annotations

import inspect
import os
import re
import sys
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence

import attrs

from argmap.checks.index import MapIndex
from argmap.diagnostics import Category, Diagnostic, Severity
from argmap.gcpause import keep_until_exit, paused_gc
from argmap.model import ArgumentMap, Span

__all__ = [
    "RULES",
    "STALE_ACKNOWLEDGEMENT",
    "UNKNOWN_RULE_ACKNOWLEDGED",
    "Hit",
    "Rule",
    "RuleCheck",
    "UnknownSelector",
    "fails",
    "rule",
    "run_checks",
    "selected_rules",
]

CODE = re.compile(r"^AM\d{3}$")
NAME = re.compile(r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$")
STALE_ACKNOWLEDGEMENT = "AM901"
UNKNOWN_RULE_ACKNOWLEDGED = "AM902"


@attrs.frozen
class Hit:
    """One place a rule fired, before the registry gives it the rule's code and severity.

    `subjects` are the ids the hit is about: `acknowledge CODE on ID` matches
    a hit whose subjects include ID. `acknowledged` carries a reason the map
    already gives (a contradiction's `acknowledged "..."`).
    """

    message: str
    span: Span
    hint: str | None = None
    related: tuple[tuple[Span, str], ...] = ()
    subjects: tuple[str, ...] = ()
    acknowledged: str | None = None


RuleCheck = Callable[[MapIndex], Iterable[Hit]]


@attrs.frozen
class Rule:
    """A registered check. `check` is None for the codes the parser and loader raise themselves."""

    code: str
    name: str
    severity: Severity
    category: Category
    doc: str
    check: RuleCheck | None = attrs.field(default=None, eq=False, repr=False)
    # Rules of one group share costly work through the index (the evaluation's rules share the
    # evaluation): a group may run in a process of its own, while the other rules run here.
    group: str | None = attrs.field(default=None, eq=False, repr=False)

    @property
    def summary(self) -> str:
        """The first line of the docstring."""
        return self.doc.split("\n", 1)[0].strip()


RULES: dict[str, Rule] = {}


def rule(
    code: str,
    name: str,
    severity: Severity = Severity.ERROR,
    category: Category = Category.DEFECT,
    group: str | None = None,
) -> Callable[[RuleCheck], RuleCheck]:
    """Register a check under `code` and `name`; a code or a name is never registered twice."""
    if not CODE.match(code):
        raise ValueError(f"rule code {code!r} is not of the form AMnnn")
    if not NAME.match(name):
        raise ValueError(f"rule name {name!r} is not kebab-case")

    def register(check: RuleCheck) -> RuleCheck:
        doc = inspect.cleandoc(check.__doc__ or "")
        if not doc:
            raise ValueError(f"rule {code} has no docstring")
        if code in RULES or any(r.name == name for r in RULES.values()):
            raise ValueError(f"rule {code} {name} is registered twice")
        RULES[code] = Rule(code, name, severity, category, doc, check, group)
        return check

    return register


def reserve(code: str, name: str, doc: str) -> None:
    """Register a code the parser or loader raises as a `MapError`, so it can be listed and explained."""
    RULES[code] = Rule(code, name, Severity.ERROR, Category.DEFECT, inspect.cleandoc(doc))


class UnknownSelector(ValueError):
    """A `--select`/`--ignore` entry that names no rule."""


def _matches(selector: str, found: Rule) -> bool:
    selector = selector.strip()
    if selector.upper() == "ALL":
        return True
    return found.code.startswith(selector.upper()) or found.name == selector.lower()


def selected_rules(select: Sequence[str] | None = None, ignore: Sequence[str] = ()) -> list[Rule]:
    """The rules a selection runs, by code, code prefix or name; `None` selects every rule.

    Raises `UnknownSelector` for an entry that matches no rule.
    """
    for selector in [*(select or ()), *ignore]:
        if not any(_matches(selector, r) for r in RULES.values()):
            raise UnknownSelector(f"'{selector}' matches no rule code, prefix or name (see `argmap rules`)")
    chosen = [r for r in RULES.values() if select is None or any(_matches(s, r) for s in select)]
    return sorted((r for r in chosen if not any(_matches(s, r) for s in ignore)), key=lambda r: r.code)


def run_checks(
    argument_map: ArgumentMap,
    select: Sequence[str] | None = None,
    ignore: Sequence[str] = (),
    *,
    parallel: bool = False,
    allow_outside_root: bool = False,
    likelihood_terms: str = "standard",
) -> list[Diagnostic]:
    """Every diagnostic the selected rules find in a map, acknowledged where the map says so.

    Sorted by file, line, column and code. With `parallel`, on a map of at
    least `PARALLEL_FROM` claims and where processes can fork, the evaluation's
    rules run in a forked process while the others run here; the result is the
    same either way. Source files outside the map's project are not read
    (AM303) unless `allow_outside_root` is set. `likelihood_terms` is the
    `likelihood-terms` setting: "standard" (ICD 203's first word list) or
    "alternate" (its second), the list AM401 accepts.
    """
    rules = [r for r in selected_rules(select, ignore) if r.check is not None]
    # The index and the evaluation are many small objects without cycles, gone when the run ends:
    # the cycle collector would walk them (and the whole map) again and again for nothing.
    with paused_gc():
        index = MapIndex(argument_map, allow_outside_root=allow_outside_root, likelihood_terms=likelihood_terms)
        keep_until_exit(index)  # in the console script: freed with the process, not one object at a time
        # The acknowledgement rules judge the acknowledgements against everything else: run last.
        ordered = [r for r in rules if r.code not in (STALE_ACKNOWLEDGEMENT, UNKNOWN_RULE_ACKNOWLEDGED)]
        aside: list[Rule] = []
        if parallel and len(argument_map.claims) >= PARALLEL_FROM and _can_fork():
            aside = [r for r in ordered if r.group == "evaluation"]
        pending = _in_a_child(aside, index) if aside else None
        hits = _hits([r for r in ordered if r not in aside], index)
        if pending is not None:
            hits.update(pending())
        found = [(r, hit) for r in ordered for hit in hits[r.code]]
        diagnostics = list(_acknowledge(index, rules, found))
        return sorted(dict.fromkeys(diagnostics), key=_order)


# Below this many claims the evaluation takes less time than starting a process for it.
PARALLEL_FROM = 2_000


def _hits(rules: Iterable[Rule], index: MapIndex) -> dict[str, list[Hit]]:
    found: dict[str, list[Hit]] = {}
    for current in rules:
        assert current.check is not None
        found[current.code] = list(current.check(index))
    return found


def _can_fork() -> bool:
    """A second core to run on, and `fork` to get there with the map already in memory."""
    if not hasattr(os, "fork") or not hasattr(os, "sched_getaffinity") or sys.platform == "darwin":
        return False  # macOS: forking after system frameworks are loaded is unsafe
    return len(os.sched_getaffinity(0)) > 1 and threading.active_count() == 1


def _in_a_child(rules: list[Rule], index: MapIndex) -> Callable[[], dict[str, list[Hit]]]:
    """Run `rules` in a forked process; the function returned waits for their hits.

    The child shares the map and the index as they are (no copy is sent), runs
    the rules and sends their hits back through a pipe. Should the child fail in
    any way, the rules run again here, where any error surfaces as it would have.
    """
    import pickle  # only a run that forks needs it

    read_end, write_end = os.pipe()
    try:
        pid = os.fork()
    except OSError:
        os.close(read_end)
        os.close(write_end)
        return lambda: _hits(rules, index)
    if pid == 0:  # the child: never returns, and leaves the parent's buffers and clean-up alone
        status = 1
        try:
            os.close(read_end)
            payload = pickle.dumps(_hits(rules, index), protocol=pickle.HIGHEST_PROTOCOL)
            with os.fdopen(write_end, "wb") as pipe:
                pipe.write(payload)
            status = 0
        finally:
            os._exit(status)
    os.close(write_end)

    def collect() -> dict[str, list[Hit]]:
        with os.fdopen(read_end, "rb") as pipe:
            payload = pipe.read()
        _, status = os.waitpid(pid, 0)
        if status == 0:
            try:
                found: dict[str, list[Hit]] = pickle.loads(payload)  # written by our own child
                if set(found) == {r.code for r in rules}:
                    return found
            except Exception:  # a broken answer is the same as none: run them here
                pass
        return _hits(rules, index)

    return collect


def _order(d: Diagnostic) -> tuple[str, int, int, str]:
    return (d.span.file, d.span.line, d.span.column, d.code)


def _acknowledge(index: MapIndex, rules: list[Rule], found: list[tuple[Rule, Hit]]) -> Iterator[Diagnostic]:
    """Mark hits the map acknowledges; then report acknowledgements that matched nothing.

    Acknowledgements are looked up by (code, target), so the cost grows with the
    number of hits, not with hits times acknowledgements.
    """
    by_name: dict[str, str] = {r.name: r.code for r in RULES.values()}
    wanted: dict[tuple[str, str | None], list[int]] = {}
    for number, ack in enumerate(index.map.acknowledgements):
        code = by_name.get(ack.rule, ack.rule.upper())
        wanted.setdefault((code, ack.target.id if ack.target else None), []).append(number)
    acknowledged_pairs = _AcknowledgedPairs(index)
    used: set[int] = set()
    for found_rule, hit in found:
        reason = hit.acknowledged
        if reason is None and found_rule.category is Category.FINDING and acknowledged_pairs:
            reason = acknowledged_pairs.reason(hit.subjects)
        for target in (None, *hit.subjects):
            for number in wanted.get((found_rule.code, target), ()):
                used.add(number)
                reason = reason or index.map.acknowledgements[number].reason
        yield Diagnostic(
            found_rule.code,
            hit.message,
            hit.span,
            severity=found_rule.severity,
            category=found_rule.category,
            name=found_rule.name,
            hint=hit.hint,
            related=hit.related,
            acknowledged=reason,
        )
    ran = {r.code for r in rules}
    yield from _stale(index, ran, used, by_name)
    yield from _stale_contradictions(index, ran, found)


class _AcknowledgedPairs:
    """The contradictions the map acknowledges, each side with its partners and the reason given.

    A finding about both sides of one is acknowledged with its reason. A
    finding may be about thousands of claims (a conclusion and all its linked
    premises): its pairs are never all formed, each subject's partners are
    looked up instead.
    """

    def __init__(self, index: MapIndex):
        self.partners: dict[str, dict[str, str]] = {}
        for contradiction in index.map.contradictions:
            left, right, reason = contradiction.left.id, contradiction.right.id, contradiction.acknowledged
            if reason is None or left == right:
                continue  # a claim contradicting itself is no pair of subjects
            self.partners.setdefault(left, {})[right] = reason  # written twice: the last one counts
            self.partners.setdefault(right, {})[left] = reason

    def __bool__(self) -> bool:
        return bool(self.partners)

    def reason(self, subjects: Sequence[str]) -> str | None:
        """The reason for the first acknowledged pair among `subjects`, pairs taken in order (a, b), (a, c), (b, c)...

        Time: each subject costs the fewer of its partners and the subjects after it.
        """
        ordered = list(dict.fromkeys(subjects))
        position = {subject: i for i, subject in enumerate(ordered)}
        for i, subject in enumerate(ordered):
            partners = self.partners.get(subject)
            if not partners:
                continue
            if len(partners) < len(ordered) - i:
                later = [position[p] for p in partners if position.get(p, -1) > i]
                partner = ordered[min(later)] if later else None
            else:
                partner = next((other for other in ordered[i + 1 :] if other in partners), None)
            if partner is not None:
                return partners[partner]
        return None


def _stale(index: MapIndex, ran: set[str], used: set[int], by_name: dict[str, str]) -> Iterator[Diagnostic]:
    """`acknowledge` lines naming no rule (AM902), or matching nothing their rule found (AM901)."""
    stale, unknown = RULES.get(STALE_ACKNOWLEDGEMENT), RULES.get(UNKNOWN_RULE_ACKNOWLEDGED)
    for number, ack in enumerate(index.map.acknowledgements):
        code = by_name.get(ack.rule, ack.rule.upper())
        if code not in RULES:
            if unknown is not None and unknown.code in ran:
                near = index.suggest(ack.rule, [*RULES, *by_name], "rules")
                yield _meta(
                    unknown,
                    f"'{ack.rule}' is not a rule code or name",
                    ack.span,
                    f"did you mean '{near}'?" if near else "`argmap rules` lists every rule",
                )
            continue
        target_known = ack.target is None or index.defines(ack.target.id)
        if stale is not None and stale.code in ran and code in ran and number not in used and target_known:
            on = f" on '{ack.target.id}'" if ack.target else ""
            yield _meta(
                stale,
                f"acknowledgement of {code}{on} matches nothing: the finding is gone",
                ack.span,
                "remove the acknowledgement, or point it at the finding it was meant for",
            )


def _stale_contradictions(index: MapIndex, ran: set[str], found: list[tuple[Rule, Hit]]) -> Iterator[Diagnostic]:
    """A contradiction's `acknowledged` is stale when no finding is about both its sides.

    Judged only when every finding rule ran: one that was ignored might have matched.
    """
    stale = RULES.get(STALE_ACKNOWLEDGEMENT)
    finding_rules = {r.code for r in RULES.values() if r.category is Category.FINDING and r.check is not None}
    if stale is None or stale.code not in ran or not finding_rules <= ran:
        return
    sides = {side for c in index.map.contradictions if c.acknowledged is not None for side in (c.left.id, c.right.id)}
    # The findings about each side, by number: a pair is about one finding when the two sets meet.
    findings_on: dict[str, set[int]] = {}
    for number, (r, hit) in enumerate(found):
        if r.category is Category.FINDING:
            for subject in hit.subjects:
                if subject in sides:
                    findings_on.setdefault(subject, set()).add(number)
    for contradiction in index.map.contradictions:
        if contradiction.acknowledged is None:
            continue
        left, right = contradiction.left.id, contradiction.right.id
        if left == right or findings_on.get(left, set()).isdisjoint(findings_on.get(right, ())):
            yield _meta(
                stale,
                f"'{contradiction.left.id} contradicts {contradiction.right.id}' is acknowledged, "
                "but no finding is reported on it",
                contradiction.span,
                'remove `acknowledged "..."` if the contradiction no longer needs it',
            )


def _meta(found: Rule, message: str, span: Span, hint: str | None) -> Diagnostic:
    return Diagnostic(found.code, message, span, found.severity, found.category, found.name, hint)


def fails(diagnostic: Diagnostic, strict: bool = False) -> bool:
    """Whether a diagnostic fails a run.

    An unacknowledged error fails; with `strict`, so does an unacknowledged warning or finding.
    """
    if diagnostic.acknowledged is not None:
        return False
    if diagnostic.severity is Severity.ERROR:
        return True
    return strict and (diagnostic.severity is Severity.WARNING or diagnostic.category is Category.FINDING)
