"""Abstract argumentation frameworks: arguments, attacks, and which arguments stand.

A framework is Dung's pair of arguments and an attack relation; it knows
nothing of maps or claims (`argmap.evaluate` builds one from a map). Three
semantics are computed, each as a labelling of every argument in, out or
undecided, or as a set of extensions:

- grounded: the skeptical core, in time linear in arguments plus attacks
  (a worklist, no recursion), always computed;
- complete, preferred and stable: found by a backtracking search over the
  arguments the grounded labelling leaves undecided, one independent part
  at a time (`_Search`). Their number can grow exponentially with those
  arguments, so the search stops after `limit` steps, in time and memory
  alike, and says which arguments it left unsettled rather than run on.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterable, Iterator, Sequence

import attrs

from argmap.gcpause import paused_gc
from argmap.model import Status

__all__ = [
    "DEFAULT_LIMIT",
    "MAX_LISTED",
    "Extensions",
    "Framework",
    "apx_lines",
    "complete",
    "grounded",
    "has_odd_cycle",
    "iccma_lines",
    "preferred",
    "preferred_and_stable",
    "stable",
    "strongly_connected",
    "to_apx",
    "to_iccma",
]

DEFAULT_LIMIT = 100_000
"""Search steps allowed for complete, preferred and stable semantics before giving up.

A step is a look at one argument, counted once more for each of its
attackers, or one argument of a labelling the search keeps: the search's
time and the memory it keeps both grow with its steps, never past the limit.
"""

MAX_LISTED = 1_000_000
"""Extensions are listed only while, all together, they hold at most this many arguments; past it they are counted."""

_IN, _OUT, _UNDEC, _FREE = 1, 2, 3, 0


@attrs.frozen
class Framework:
    """Arguments (unique names, in order) and attacks between them as (attacker, attacked) pairs."""

    arguments: tuple[str, ...]
    attacks: tuple[tuple[str, str], ...]
    _index: dict[str, int] = attrs.field(init=False, eq=False, repr=False)
    # Each argument's attackers and targets by number, in the order the attacks were given (read-only).
    _attackers: Sequence[Sequence[int]] = attrs.field(init=False, eq=False, repr=False)
    _targets: Sequence[Sequence[int]] = attrs.field(init=False, eq=False, repr=False)
    # The grounded labelling's codes, worked out the first time a semantics needs them.
    _grounded: bytes | None = attrs.field(init=False, default=None, eq=False, repr=False)

    def __attrs_post_init__(self) -> None:
        with paused_gc():
            self._build_indexes()

    def _build_indexes(self) -> None:
        arguments = self.arguments
        index = dict(zip(arguments, range(len(arguments)), strict=True))
        if len(index) != len(arguments):
            raise ValueError("argument names must be unique")
        attacks = dict.fromkeys(self.attacks)
        try:
            pairs = [(index[source], index[target]) for source, target in attacks]
        except KeyError:
            source, target = next((s, t) for s, t in attacks if s not in index or t not in index)
            raise ValueError(f"attack {source} -> {target} names an argument the framework lacks") from None
        attackers: list[list[int]] = [[] for _ in arguments]
        targets: list[list[int]] = [[] for _ in arguments]
        for source_number, target_number in pairs:
            attackers[target_number].append(source_number)
            targets[source_number].append(target_number)
        self._set_numbers(index, attackers, targets, None)

    @classmethod
    def _numbered(
        cls,
        arguments: tuple[str, ...],
        attacks: tuple[tuple[str, str], ...],
        index: dict[str, int],
        attackers: Sequence[Sequence[int]],
        targets: Sequence[Sequence[int]],
        grounded_codes: bytes | None = None,
    ) -> Framework:
        """The framework of a caller that numbered its arguments and linked them as it made them (`argmap.evaluate`).

        `index` numbers `arguments` in order; `attackers` and `targets` list,
        by number, what `attacks` (distinct) give, in their order: what
        `_build_indexes` would work out. They are kept, not copied. The caller
        may pass the grounded labelling's codes if it has worked them out.
        """
        framework = cls.__new__(cls)
        object.__setattr__(framework, "arguments", arguments)
        object.__setattr__(framework, "attacks", attacks)
        framework._set_numbers(index, attackers, targets, grounded_codes)
        return framework

    def _set_numbers(
        self,
        index: dict[str, int],
        attackers: Sequence[Sequence[int]],
        targets: Sequence[Sequence[int]],
        grounded_codes: bytes | None,
    ) -> None:
        object.__setattr__(self, "_index", index)
        object.__setattr__(self, "_attackers", attackers)
        object.__setattr__(self, "_targets", targets)
        object.__setattr__(self, "_grounded", grounded_codes)

    @classmethod
    def of(cls, arguments: Iterable[str], attacks: Iterable[tuple[str, str]]) -> Framework:
        """A framework from any iterables."""
        return cls(tuple(arguments), tuple(attacks))

    def attackers(self, argument: str) -> tuple[str, ...]:
        """The arguments that attack `argument`, in the order the attacks were given."""
        return tuple(self.arguments[i] for i in self._attackers[self._index[argument]])

    def targets(self, argument: str) -> tuple[str, ...]:
        """The arguments `argument` attacks."""
        return tuple(self.arguments[i] for i in self._targets[self._index[argument]])


def _listed_count(extensions: Extensions) -> int | None:
    return None if extensions.extensions is None else len(extensions.extensions)


def _listed_union(extensions: Extensions) -> frozenset[str] | None:
    listed = extensions.extensions
    return None if listed is None else frozenset[str]().union(*listed)


def _listed_intersection(extensions: Extensions) -> frozenset[str] | None:
    listed = extensions.extensions
    if listed is None:
        return None
    return frozenset.intersection(*listed) if listed else frozenset()


@attrs.frozen
class Extensions:
    """The extensions of one semantics: how many, which (when few enough to list), and who is in them.

    `count` is None when the search hit its limit before it could tell.
    `extensions` lists them, or is None: when the search hit its limit, and
    when there are too many to list (`MAX_LISTED`). `in_some` and `in_every`
    hold the arguments in at least one extension and in all of them (both
    empty when there is none); they are exact outside `unsettled`, the
    arguments of the parts the search could not finish, and None when
    nothing at all is known. Given only the list, the rest is worked out from it.
    """

    semantics: str
    extensions: tuple[frozenset[str], ...] | None
    count: int | None = attrs.field(default=attrs.Factory(_listed_count, takes_self=True))
    in_some: frozenset[str] | None = attrs.field(default=attrs.Factory(_listed_union, takes_self=True))
    in_every: frozenset[str] | None = attrs.field(default=attrs.Factory(_listed_intersection, takes_self=True))
    unsettled: frozenset[str] = frozenset()

    @property
    def computed(self) -> bool:
        """Whether the search finished within its limit (the extensions may still be too many to list)."""
        return self.count is not None

    def credulous(self, argument: str) -> bool | None:
        """In at least one extension (None when the search did not settle it)."""
        if self.in_some is None or argument in self.unsettled:
            return None
        return argument in self.in_some

    def skeptical(self, argument: str) -> bool | None:
        """In every extension, and there is at least one (None when the search did not settle it)."""
        if self.in_every is None or argument in self.unsettled:
            return None
        return argument in self.in_every


_STATUS = {_IN: Status.IN, _OUT: Status.OUT, _UNDEC: Status.UNDEC}


def _grounded_codes(framework: Framework) -> bytes:
    """Each argument's grounded label as a code (a byte), computed once per framework."""
    codes = framework._grounded
    if codes is None:
        codes = _label_grounded(framework._attackers, framework._targets)
        object.__setattr__(framework, "_grounded", codes)
    return codes


def _label_grounded(attackers: Sequence[Sequence[int]], targets: Sequence[Sequence[int]]) -> bytes:
    label = bytearray(len(attackers))  # every argument _FREE
    # An argument is in once every attacker is out; count the attackers still standing.
    standing = list(map(len, attackers))
    worklist = [i for i, count in enumerate(standing) if not count]
    for i in worklist:
        label[i] = _IN
    while worklist:
        accepted = worklist.pop()
        for defeated in targets[accepted]:
            if label[defeated] != _FREE:
                continue
            label[defeated] = _OUT
            for freed in targets[defeated]:
                standing[freed] -= 1
                if standing[freed] == 0 and label[freed] == _FREE:
                    label[freed] = _IN
                    worklist.append(freed)
    return bytes(label.replace(bytes([_FREE]), bytes([_UNDEC])))


def grounded(framework: Framework) -> dict[str, Status]:
    """The grounded labelling: in when every attacker is out, out when an attacker is in, else undecided."""
    return dict(zip(framework.arguments, map(_STATUS.__getitem__, _grounded_codes(framework)), strict=True))


class _LimitReached(Exception):
    """The search has taken every step it was allowed."""


class _Budget:
    """The steps a search may still take, shared by every part of one framework."""

    def __init__(self, steps: int):
        self.left = steps

    def spend(self, steps: int) -> None:
        """Take `steps` from what is left; `_LimitReached` once nothing is."""
        self.left -= steps
        if self.left < 0:
            raise _LimitReached


_CHOICES = (_IN, _OUT, _UNDEC)  # the order each free argument's labels are tried in


@attrs.frozen
class _Found:
    """The complete labellings of one part, as their in-sets by the part's own numbers."""

    complete: tuple[frozenset[int], ...]
    preferred: tuple[frozenset[int], ...]  # the maximal in-sets
    stable: tuple[frozenset[int], ...]  # the in-sets of labellings that leave nothing undecided


class _PartSearch:
    """Backtracking over the arguments of one part, keeping the in-set of every complete labelling.

    Labels are set in place and undone from a trail, so the search holds the
    part's labels once, however deep it goes; what it keeps of each labelling
    found is paid for in steps, so its memory, like its time, stays within
    the budget.
    """

    def __init__(self, attackers: Sequence[Sequence[int]], budget: _Budget):
        self.attackers = attackers
        targets: list[list[int]] = [[] for _ in attackers]
        for attacked, its_attackers in enumerate(attackers):
            for attacker in its_attackers:
                targets[attacker].append(attacked)
        # A change of label can force a label on what the argument attacks and on what attacks it.
        self.neighbours = [(*targets[i], *attackers[i]) for i in range(len(attackers))]
        self.labels = bytearray(len(attackers))  # every argument _FREE
        self.trail: list[int] = []  # the arguments labelled, in order, to undo back to a choice
        self.budget = budget
        self.found: list[tuple[frozenset[int], bool]] = []  # each labelling's in-set, and whether it is stable

    def run(self) -> _Found:
        """Every complete labelling of the part (`_LimitReached` past the budget)."""
        if self._propagate(range(len(self.labels))):
            self._explore()
        ins = [found for found, _ in self.found]
        return _Found(tuple(ins), _maximal(ins, self.budget), tuple(found for found, whole in self.found if whole))

    def _explore(self) -> None:
        labels, trail = self.labels, self.trail
        first = labels.find(_FREE)
        if first < 0:
            self._keep()
            return
        # Each choice point: the argument, how many of its labels have been tried, the trail's length before.
        stack = [[first, 0, len(trail)]]
        while stack:
            top = stack[-1]
            argument, tried, mark = top
            while len(trail) > mark:
                labels[trail.pop()] = _FREE
            if tried == len(_CHOICES):
                stack.pop()
                continue
            top[1] = tried + 1
            labels[argument] = _CHOICES[tried]
            trail.append(argument)
            if not self._propagate((argument,)):
                continue
            following = labels.find(_FREE, argument + 1)  # every argument before this one is labelled
            if following < 0:
                self._keep()
            else:
                stack.append([following, 0, len(trail)])

    def _keep(self) -> None:
        labels = self.labels
        self.budget.spend(len(labels))
        self.found.append((frozenset(i for i, code in enumerate(labels) if code == _IN), _UNDEC not in labels))

    def _propagate(self, changed: Iterable[int]) -> bool:
        """Force the labels the complete-labelling rules imply; False on a contradiction."""
        labels, attackers, neighbours, trail = self.labels, self.attackers, self.neighbours, self.trail
        queue = list(changed)
        for i in queue[:]:
            queue.extend(neighbours[i])
        budget = self.budget
        while queue:
            node = queue.pop()
            budget.spend(1 + len(attackers[node]))  # a look at the argument and each of its attackers
            forced = self._check(node)
            if forced is None:
                return False
            for other, code in forced:
                labels[other] = code
                trail.append(other)
                queue.append(other)
                queue.extend(neighbours[other])
        return True

    def _check(self, node: int) -> list[tuple[int, int]] | None:
        labels = self.labels
        attackers = self.attackers[node]
        codes = [labels[a] for a in attackers]
        ins, outs, free = codes.count(_IN), codes.count(_OUT), codes.count(_FREE)
        mine = labels[node]
        if ins:
            expected = _OUT
        elif outs == len(codes):
            expected = _IN
        elif free == 0:
            expected = _UNDEC
        else:
            expected = _FREE
        if expected != _FREE:
            if mine == _FREE:
                return [(node, expected)]
            return [] if mine == expected else None
        # Some attackers are still free and none is in.
        if mine == _IN:
            return [(a, _OUT) for a in attackers if labels[a] == _FREE]
        if mine == _OUT and free == 1:
            return [(a, _IN) for a in attackers if labels[a] == _FREE]
        if mine == _UNDEC and free == 1 and outs == len(codes) - 1:
            return [(a, _UNDEC) for a in attackers if labels[a] == _FREE]
        return []


def _maximal(sets: Sequence[frozenset[int]], budget: _Budget) -> tuple[frozenset[int], ...]:
    """The sets no other contains, each comparison paid for from the budget."""
    kept: list[frozenset[int]] = []
    # Largest first: a set is maximal unless a larger one already kept contains it.
    for candidate in sorted(set(sets), key=len, reverse=True):
        budget.spend(len(kept))
        if not any(candidate < other for other in kept):
            kept.append(candidate)
    return tuple(kept)


def _parts(attackers: Sequence[Sequence[int]], targets: Sequence[Sequence[int]], base: bytes) -> list[list[int]]:
    """The arguments `base` leaves undecided, split into parts that no attack joins, each in ascending order.

    Parts come in the order of their first argument.
    """
    seen = bytearray(len(base))
    parts: list[list[int]] = []
    start = base.find(_UNDEC)
    while start >= 0:
        if not seen[start]:
            seen[start] = 1
            members = [start]
            for member in members:  # grows as the part is found
                for other in (*attackers[member], *targets[member]):
                    if base[other] == _UNDEC and not seen[other]:
                        seen[other] = 1
                        members.append(other)
            members.sort()
            parts.append(members)
        start = base.find(_UNDEC, start + 1)
    return parts


class _Search:
    """Complete, preferred and stable extensions, found part by part.

    The arguments the grounded labelling leaves undecided fall into parts
    that no attack joins; within a part, only its own arguments' labels
    matter (a grounded-out attacker is out in every complete labelling, and
    no undecided argument has a grounded-in attacker). So each part is
    searched on its own, and an extension of the framework is the grounded
    in-set with one choice from each part: there are as many as the
    product of the parts' counts, and an argument's acceptance depends on
    its own part alone. Nine independent contradictions are nine searches of
    two arguments, not one of 3^9 labellings, and the product is only
    multiplied out when the extensions are listed (`MAX_LISTED`).

    Parts are searched smallest first, sharing one budget of `limit`
    steps; a part of the same shape as one searched already (the same
    attacks between the same number of arguments) is not searched again.
    A part the budget cannot finish is left unsettled: its arguments'
    acceptance is unknown, everything else is exact.
    """

    def __init__(self, attackers: Sequence[Sequence[int]], targets: Sequence[Sequence[int]], base: bytes, limit: int):
        self.always_in = frozenset(i for i, code in enumerate(base) if code == _IN)
        self.settled: list[tuple[list[int], _Found]] = []  # each part's arguments and what it has
        unsettled: list[list[int]] = []
        budget = _Budget(limit)
        shapes: dict[tuple[tuple[int, ...], ...], _Found] = {}
        for members in sorted(_parts(attackers, targets, base), key=len):
            shape = _shape(members, attackers, base)
            found = shapes.get(shape)
            if found is None and budget.left > 0:
                try:
                    found = shapes[shape] = _PartSearch(shape, budget).run()
                except _LimitReached:
                    budget.left = 0
            if found is None:
                unsettled.append(members)
            else:
                self.settled.append((members, found))
        self.unsettled = frozenset(i for members in unsettled for i in members)
        self._choices: dict[str, tuple[tuple[tuple[int, ...], ...], ...]] = {}
        self._counts: dict[str, int | None] = {}
        self._named: dict[frozenset[int], frozenset[str]] = {}
        self._in_some: dict[str, frozenset[int]] = {}
        self._in_every: dict[str, frozenset[int]] = {}

    def choices(self, semantics: str) -> tuple[tuple[tuple[int, ...], ...], ...]:
        """Each settled part's in-sets under `semantics`, by argument number (worked out once).

        Tuples, not sets: a map of many small parts holds one or two numbers in each.
        """
        known = self._choices.get(semantics)
        if known is None:
            known = self._choices[semantics] = tuple(
                tuple(tuple(members[i] for i in sorted(found_set)) for found_set in getattr(found, semantics))
                for members, found in self.settled
            )
        return known

    def count(self, semantics: str) -> int | None:
        """How many extensions there are; None when a part is unsettled (unless another has none at all)."""
        if semantics not in self._counts:
            counts = [len(sets) for sets in self.choices(semantics)]
            self._counts[semantics] = 0 if 0 in counts else None if self.unsettled else _product(counts)
        return self._counts[semantics]

    def in_some(self, semantics: str) -> frozenset[int]:
        """The arguments in at least one extension (of the settled parts), worked out once."""
        known = self._in_some.get(semantics)
        if known is None:
            if self.count(semantics) == 0:
                known = frozenset()
            else:
                known = _joined(self.always_in, [in_set for sets in self.choices(semantics) for in_set in sets])
            self._in_some[semantics] = known
        return known

    def in_every(self, semantics: str) -> frozenset[int]:
        """The arguments in every extension (of the settled parts), worked out once; none when there is none."""
        known = self._in_every.get(semantics)
        if known is None:
            if self.count(semantics) == 0:
                known = frozenset()  # a part with no extension: none has any argument
            else:
                common = [frozenset(sets[0]).intersection(*sets[1:]) for sets in self.choices(semantics)]
                known = _joined(self.always_in, common)
            self._in_every[semantics] = known
        return known

    def listed(self, semantics: str) -> tuple[frozenset[int], ...] | None:
        """The extensions multiplied out and in `_sorted` order; None when not computed or too many to list."""
        count = self.count(semantics)
        if count is None:
            return None
        choices = self.choices(semantics)
        largest = len(self.always_in) + sum(max(map(len, sets), default=0) for sets in choices)
        if count * max(largest, 1) > MAX_LISTED:
            return None
        return _sorted(_joined(self.always_in, choice) for choice in itertools.product(*choices))

    def named(self, names: Sequence[str], semantics: str) -> Extensions:
        """What the search found under `semantics`, as `Extensions` of the arguments' names."""
        count = self.count(semantics)
        listed = self.listed(semantics)

        def named_set(numbers: frozenset[int]) -> frozenset[str]:
            # One set of names for equal sets of numbers: a map with one extension has it as the extension,
            # as what is in some and as what is in every one, under preferred and stable semantics alike.
            known = self._named.get(numbers)
            if known is None:
                known = self._named[numbers] = frozenset(names[i] for i in numbers)
            return known

        return Extensions(
            semantics,
            None if listed is None else tuple(map(named_set, listed)),
            count,
            named_set(self.in_some(semantics)),
            named_set(self.in_every(semantics)),
            frozenset() if count == 0 else named_set(self.unsettled),
        )


def _shape(members: Sequence[int], attackers: Sequence[Sequence[int]], base: bytes) -> tuple[tuple[int, ...], ...]:
    """A part's attacks among its own arguments, numbered within the part: each argument's attackers."""
    local = {member: i for i, member in enumerate(members)}
    return tuple(tuple(local[a] for a in attackers[m] if base[a] == _UNDEC) for m in members)


def _joined(base: frozenset[int], more: Sequence[Iterable[int]]) -> frozenset[int]:
    """`base` with `more` added: `base` itself when there is nothing to add (a copy of it is as large as the map)."""
    return base.union(*more) if any(more) else base


def _product(numbers: Sequence[int]) -> int:
    """The product, multiplied in pairs: thousands of parts make a number of thousands of digits."""
    numbers = list(numbers)
    while len(numbers) > 1:
        numbers = [math.prod(numbers[i : i + 2]) for i in range(0, len(numbers), 2)]
    return numbers[0] if numbers else 1


def _sorted(extensions: Iterable[frozenset[int]]) -> tuple[frozenset[int], ...]:
    """The distinct extensions, ordered by their arguments' numbers."""
    distinct = set(extensions)
    if len(distinct) < 2:
        return tuple(distinct)  # nothing to order (a large map often has exactly one extension)
    return tuple(sorted(distinct, key=sorted))


def _search(framework: Framework, limit: int) -> _Search:
    return _Search(framework._attackers, framework._targets, _grounded_codes(framework), limit)


def complete(framework: Framework, limit: int = DEFAULT_LIMIT) -> Extensions:
    """The complete extensions: conflict-free sets that contain exactly the arguments they defend."""
    return _search(framework, limit).named(framework.arguments, "complete")


def preferred(framework: Framework, limit: int = DEFAULT_LIMIT) -> Extensions:
    """The preferred extensions: the complete extensions no other complete extension strictly contains."""
    return preferred_and_stable(framework, limit)[0]


def preferred_and_stable(framework: Framework, limit: int = DEFAULT_LIMIT) -> tuple[Extensions, Extensions]:
    """`preferred` and `stable` from one search (not computed, in part or whole, past `limit` steps)."""
    found = _search(framework, limit)
    return found.named(framework.arguments, "preferred"), found.named(framework.arguments, "stable")


def stable(framework: Framework, limit: int = DEFAULT_LIMIT) -> Extensions:
    """The stable extensions: conflict-free sets that attack every argument outside them (maybe none)."""
    return preferred_and_stable(framework, limit)[1]


def strongly_connected(framework: Framework, among: Sequence[str] | None = None) -> list[tuple[str, ...]]:
    """The strongly connected components of the attack graph (restricted to `among`), iteratively (Tarjan)."""
    allowed = None if among is None else [framework._index[a] for a in among]
    names = framework.arguments
    return [tuple(names[m] for m in members) for members in _components(framework._targets, allowed)]


def _components(targets: Sequence[Sequence[int]], among: Iterable[int] | None = None) -> list[list[int]]:
    """`strongly_connected` over argument numbers: each component's members in ascending order.

    Roots are taken in ascending order and edges in the order given, so the
    components come out in the same order for the same graph.
    """
    count = len(targets)
    allowed: list[bool] | None = None
    roots: Iterable[int] = range(count)
    if among is not None:
        allowed = [False] * count
        for member in among:
            allowed[member] = True
        roots = [i for i in range(count) if allowed[i]]
    index = [-1] * count
    low = [0] * count
    on_stack = [False] * count
    stack: list[int] = []
    components: list[list[int]] = []
    counter = 0
    for root in roots:
        if index[root] >= 0:
            continue
        work: list[tuple[int, int]] = [(root, 0)]
        while work:
            node, position = work.pop()
            if position == 0:
                index[node] = low[node] = counter
                counter += 1
                stack.append(node)
                on_stack[node] = True
            edges = targets[node]
            if allowed is not None:
                while position < len(edges) and not allowed[edges[position]]:
                    position += 1
            if position < len(edges):
                nxt = edges[position]
                work.append((node, position + 1))
                if index[nxt] < 0:
                    work.append((nxt, 0))
                elif on_stack[nxt] and index[nxt] < low[node]:
                    low[node] = index[nxt]
                continue
            if low[node] == index[node]:
                members = []
                while True:
                    member = stack.pop()
                    on_stack[member] = False
                    members.append(member)
                    if member == node:
                        break
                members.sort()
                components.append(members)
            if work:
                parent = work[-1][0]
                if low[node] < low[parent]:
                    low[parent] = low[node]
    return components


def to_iccma(framework: Framework) -> str:
    """The framework in ICCMA 2023 format (`p af N`, one `i j` line per attack), 1-based numbers.

    `#` comment lines after the header map each number back to its argument's name.
    """
    return "".join(iccma_lines(framework.arguments, _numbered_attacks(framework)))


def iccma_lines(names: Sequence[str], attacks: Iterable[tuple[int, int]]) -> Iterator[str]:
    """`to_iccma`'s lines, each with its newline, for arguments `names` and distinct `attacks` by 0-based number."""
    yield f"p af {len(names)}\n"
    for number, name in enumerate(names, start=1):
        yield f"# {number} {name}\n"
    for attacker, attacked in attacks:
        yield f"{attacker + 1} {attacked + 1}\n"


def to_apx(framework: Framework) -> str:
    """The framework as ASPARTIX facts (`arg(a1).`, `att(a1,a2).`); `%` comments map each `aN` back to its name."""
    return "".join(apx_lines(framework.arguments, _numbered_attacks(framework)))


def apx_lines(names: Sequence[str], attacks: Iterable[tuple[int, int]]) -> Iterator[str]:
    """`to_apx`'s lines, each with its newline, for arguments `names` and distinct `attacks` by 0-based number."""
    for number, name in enumerate(names, start=1):
        yield f"% a{number} {name}\n"
    for number in range(1, len(names) + 1):
        yield f"arg(a{number}).\n"
    written = bool(names)
    for attacker, attacked in attacks:
        written = True
        yield f"att(a{attacker + 1},a{attacked + 1}).\n"
    if not written:
        yield "\n"  # an empty framework is one empty line


def _numbered_attacks(framework: Framework) -> Iterator[tuple[int, int]]:
    """Each attack once, in order, by argument number."""
    index = framework._index
    return ((index[a], index[b]) for a, b in dict.fromkeys(framework.attacks))


def has_odd_cycle(framework: Framework, component: Sequence[str]) -> bool:
    """Whether a strongly connected component holds a cycle of odd length (a self-attack counts).

    A strongly connected graph has an odd directed cycle exactly when its
    undirected shape cannot be coloured with two colours, so one sweep decides it.
    """
    return _has_odd_cycle(framework._attackers, framework._targets, [framework._index[a] for a in component])


def _has_odd_cycle(
    attackers: Sequence[Sequence[int]], targets: Sequence[Sequence[int]], component: Iterable[int]
) -> bool:
    """`has_odd_cycle` by number."""
    members = set(component)
    colour: dict[int, int] = {}
    for start in members:
        if start in colour:
            continue
        colour[start] = 0
        stack = [start]
        while stack:
            node = stack.pop()
            for other in (*targets[node], *attackers[node]):
                if other not in members:
                    continue
                if other not in colour:
                    colour[other] = 1 - colour[node]
                    stack.append(other)
                elif colour[other] == colour[node]:
                    return True
    return False
