"""Abstract argumentation frameworks: arguments, attacks, and which arguments stand.

A framework is Dung's pair of arguments and an attack relation; it knows
nothing of maps or claims (`argmap.evaluate` builds one from a map). Three
semantics are computed, each as a labelling of every argument in, out or
undecided, or as a set of extensions:

- grounded: the skeptical core, in time linear in arguments plus attacks
  (a worklist, no recursion), always computed;
- complete, preferred and stable: found by a backtracking search over the
  arguments the grounded labelling leaves undecided. Their number can grow
  exponentially with those arguments (n independent mutual attacks have 3^n
  complete labellings), so the search stops after `limit` steps and the result
  says "not computed" rather than running on.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import attrs

from argmap.gcpause import paused_gc
from argmap.model import Status

__all__ = [
    "DEFAULT_LIMIT",
    "Extensions",
    "Framework",
    "complete",
    "grounded",
    "has_odd_cycle",
    "preferred",
    "preferred_and_stable",
    "stable",
    "strongly_connected",
    "to_apx",
    "to_iccma",
]

DEFAULT_LIMIT = 100_000
"""Search steps allowed for complete, preferred and stable semantics before giving up."""

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


@attrs.frozen
class Extensions:
    """The extensions of one semantics, or None when the search hit its limit."""

    semantics: str
    extensions: tuple[frozenset[str], ...] | None

    @property
    def computed(self) -> bool:
        """Whether the search finished within its limit."""
        return self.extensions is not None

    def credulous(self, argument: str) -> bool | None:
        """In at least one extension (None when not computed)."""
        if self.extensions is None:
            return None
        return any(argument in e for e in self.extensions)

    def skeptical(self, argument: str) -> bool | None:
        """In every extension, and there is at least one (None when not computed)."""
        if self.extensions is None:
            return None
        return bool(self.extensions) and all(argument in e for e in self.extensions)


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
    pass


class _Search:
    """Backtracking over the undecided part of the grounded labelling, keeping every complete labelling."""

    def __init__(
        self, attackers: Sequence[Sequence[int]], targets: Sequence[Sequence[int]], base: Sequence[int], limit: int
    ):
        self.limit = limit
        self.steps = 0
        self.region = [i for i, code in enumerate(base) if code == _UNDEC]
        # Within the region only undecided attackers matter: a grounded-out attacker is out in every
        # complete labelling, and no region argument has a grounded-in attacker.
        self.attackers = {i: tuple(a for a in attackers[i] if base[a] == _UNDEC) for i in self.region}
        self.targets = {i: tuple(t for t in targets[i] if base[t] == _UNDEC) for i in self.region}
        self.found: list[dict[int, int]] = []

    def run(self) -> list[dict[int, int]]:
        start = dict.fromkeys(self.region, _FREE)
        stack: list[dict[int, int]] = []
        if self._propagate(start, list(self.region)):
            stack.append(start)
        while stack:
            labels = stack.pop()
            free = next((i for i in self.region if labels[i] == _FREE), None)
            if free is None:
                self.found.append(labels)
                continue
            # Pushed in reverse so that in is tried first, then out, then undecided.
            for code in (_UNDEC, _OUT, _IN):
                trial = dict(labels)
                trial[free] = code
                if self._propagate(trial, [free]):
                    stack.append(trial)
        return self.found

    def _propagate(self, labels: dict[int, int], changed: list[int]) -> bool:
        """Force the labels the complete-labelling rules imply; False on a contradiction."""
        queue = list(changed)
        for i in changed:
            queue.extend(self.targets[i])
            queue.extend(self.attackers[i])
        while queue:
            self.steps += 1
            if self.steps > self.limit:
                raise _LimitReached
            node = queue.pop()
            forced = self._check(labels, node)
            if forced is None:
                return False
            for other, code in forced:
                labels[other] = code
                queue.append(other)
                queue.extend(self.targets[other])
                queue.extend(self.attackers[other])
        return True

    def _check(self, labels: dict[int, int], node: int) -> list[tuple[int, int]] | None:
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


def _complete(
    attackers: Sequence[Sequence[int]], targets: Sequence[Sequence[int]], base: Sequence[int], limit: int
) -> list[tuple[frozenset[int], bool]] | None:
    """Every complete labelling as (its in set by number, whether it leaves something undecided); None past the limit.

    `base` is the grounded labelling's codes.
    """
    try:
        found = _Search(attackers, targets, base, limit).run()
    except _LimitReached:
        return None
    always_in = frozenset(i for i, code in enumerate(base) if code == _IN)
    return [
        (always_in | frozenset(i for i, c in labels.items() if c == _IN), any(c == _UNDEC for c in labels.values()))
        for labels in found
    ]


def _preferred_and_stable_numbers(
    attackers: Sequence[Sequence[int]], targets: Sequence[Sequence[int]], base: Sequence[int], limit: int
) -> tuple[tuple[frozenset[int], ...], tuple[frozenset[int], ...]] | None:
    """`preferred_and_stable` by number, each in the order `_sorted` gives; None past the limit."""
    found = _complete(attackers, targets, base, limit)
    if found is None:
        return None
    maximal: list[frozenset[int]] = []
    # Largest first: a set is maximal unless a larger one already kept contains it.
    for candidate in sorted({ins for ins, _ in found}, key=len, reverse=True):
        if not any(candidate < kept for kept in maximal):
            maximal.append(candidate)
    return _sorted(maximal), _sorted(ins for ins, undecided in found if not undecided)


def _sorted(extensions: Iterable[frozenset[int]]) -> tuple[frozenset[int], ...]:
    """The distinct extensions, ordered by their arguments' numbers."""
    distinct = set(extensions)
    if len(distinct) < 2:
        return tuple(distinct)  # nothing to order (a large map often has exactly one extension)
    return tuple(sorted(distinct, key=sorted))


def _named(names: Sequence[str], semantics: str, extensions: tuple[frozenset[int], ...] | None) -> Extensions:
    """Extensions by number as `Extensions` of the arguments' names."""
    if extensions is None:
        return Extensions(semantics, None)
    return Extensions(semantics, tuple(frozenset(names[i] for i in e) for e in extensions))


def complete(framework: Framework, limit: int = DEFAULT_LIMIT) -> Extensions:
    """The complete extensions: conflict-free sets that contain exactly the arguments they defend."""
    found = _complete(framework._attackers, framework._targets, _grounded_codes(framework), limit)
    return _named(framework.arguments, "complete", None if found is None else _sorted(ins for ins, _ in found))


def preferred(framework: Framework, limit: int = DEFAULT_LIMIT) -> Extensions:
    """The preferred extensions: the complete extensions no other complete extension strictly contains."""
    return preferred_and_stable(framework, limit)[0]


def preferred_and_stable(framework: Framework, limit: int = DEFAULT_LIMIT) -> tuple[Extensions, Extensions]:
    """`preferred` and `stable` from one search (each is None-valued when the search hit `limit`)."""
    found = _preferred_and_stable_numbers(framework._attackers, framework._targets, _grounded_codes(framework), limit)
    preferred_ones, stable_ones = (None, None) if found is None else found
    names = framework.arguments
    return _named(names, "preferred", preferred_ones), _named(names, "stable", stable_ones)


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
    number = {name: i for i, name in enumerate(framework.arguments, start=1)}
    lines = [f"p af {len(framework.arguments)}"]
    lines += [f"# {number[name]} {name}" for name in framework.arguments]
    lines += [f"{number[a]} {number[b]}" for a, b in dict.fromkeys(framework.attacks)]
    return "\n".join(lines) + "\n"


def to_apx(framework: Framework) -> str:
    """The framework as ASPARTIX facts (`arg(a1).`, `att(a1,a2).`); `%` comments map each `aN` back to its name."""
    number = {name: f"a{i}" for i, name in enumerate(framework.arguments, start=1)}
    lines = [f"% {number[name]} {name}" for name in framework.arguments]
    lines += [f"arg({number[name]})." for name in framework.arguments]
    lines += [f"att({number[a]},{number[b]})." for a, b in dict.fromkeys(framework.attacks)]
    return "\n".join(lines) + "\n"


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
