"""A picture's separate threads packed into rows, so it comes out about a page's shape rather than a strip.

`dot` sets the parts of a graph that no link joins side by side: the seed
map's eight threads in one row made a picture three times as wide as it is
high. Here each thread (a weakly connected part of the links, with the boxes
of one panel kept together) is measured roughly, in boxes and ranks, and the
threads are packed into rows; hidden edges through one hidden point per
boundary put each row's ranks after the previous row's.

A row is a band of ranks: bottom to top and top to bottom it is a row of the
picture, left to right and right to left a column. Each row's conclusions
share a rank, the row's top, so what the map concludes heads every row.

A thread broader than the whole picture would be at a landscape page's
shape, such as a generated map's largest, is still a strip in its row: its
leaves are staggered over a few more ranks (`staggered`), as Graphviz's
`unflatten` does, so that `--format dot` needs no Graphviz for it either.

No I/O and no Graphviz run here: this module only adds DOT statements to the
compiler's graph. In the full picture its hidden edges name a node of each
thread and one more at each boundary between rows, so adding a claim to a
thread leaves them alone unless it lengthens the thread.
"""

from __future__ import annotations

import itertools
import math
import zlib
from collections import Counter, deque
from collections.abc import Collection, Hashable, Iterable, Mapping, Sequence
from typing import Protocol, TypeVar

import attrs

_T = TypeVar("_T", bound=Hashable)

__all__ = ["ASPECT", "Body", "Room", "Thread", "join_rows", "pack", "parts", "stack_threads", "staggered", "threads"]

# A hidden point that marks the boundary between two rows, and the hidden edges that join the rows
# to it. Rows whose threads hang from their top ranks need the edges only to order the ranks: weight 0,
# so they pull no box towards the boundary, neither down, away from the boxes it supports, nor
# sideways into one bunch round the point, mixing the threads. Rows without (the overview's) are
# held together by the edges alone, which pull each thread towards the boundary.
_BOUNDARY = '[label="" shape=point style=invis width=0]'
_ORDERING = "[style=invis weight=0]"
_PULLING = "[style=invis]"
# The shape a packed picture aims at, width over height: landscape, between a square and a wide page
# (1.6 : 1), in the middle of them as a ratio goes, as the estimate of a layout may be a fifth out.
ASPECT = math.sqrt(1.6)
# A thread broader across the ranks than the whole picture would be at STAGGER_ASPECT, by this factor
# or more, has its leaves staggered (see `staggered`) over as many ranks as bring it nearest that
# breadth, up to MOST_STAGGER: a narrower thread goes into a row beside others, and more ranks cost
# `dot` time for little change in shape.
STAGGER_FROM = 1.25
STAGGER_ASPECT = 1.3
MOST_STAGGER = 8


class Body(Protocol):
    """Where statements go: a `graphviz.Digraph`, or a panel's lines."""

    body: list[str]


@attrs.frozen
class Thread:
    """One separate thread: its nodes in the graph's order, and what packing it and joining it to others takes."""

    nodes: tuple[str, ...]
    top: tuple[str, ...]  # its conclusions, in its row's top rank
    lowest: str  # the node with the longest chain of links above it: a boundary below holds it up
    source: str  # its first node that no link leads to (its first node, in a cycle)
    highest: str  # a conclusion, or the node furthest from its sources: a boundary above hangs from it
    box_ranks: int  # ranks holding a box
    dot_ranks: int  # ranks holding only inference dots, which take less room
    breadth: int  # the most boxes side by side: in one rank of each panel, added up (see `_measured`)
    boxes: int


@attrs.frozen
class Room:
    """The room `dot` gives a box with the space round it, in points, across the ranks and along them.

    `across` is a box's width plus `nodesep` top to bottom, its height plus
    `nodesep` left to right; `along` the other way round, plus `ranksep`;
    `dot_along` is a rank of inference dots. `heading` is the title, band and
    key over the picture: its height, and its width, which no picture is narrower than.
    """

    across: float
    along: float
    dot_along: float
    heading: tuple[float, float] = (0.0, 0.0)


def threads(
    nodes: Sequence[str],
    links: Iterable[tuple[str, str]],
    ties: Iterable[tuple[str, str]] = (),
    together: Iterable[Sequence[str]] = (),
    top: Collection[str] = (),
    dots: Collection[str] = (),
    lowered: Mapping[str, int] | None = None,
) -> list[Thread]:
    """The separate threads of a graph, each measured; in the order of their first node.

    `links` rank their ends (the tail below the head); `ties` join two nodes
    without ranking them; the nodes of each group in `together` (a panel)
    count as one thread, as a panel cannot be cut across rows, and take
    room of their own across the ranks. Links out of a node in `top` do not
    rank it: a conclusion stays in its row's top rank. `dots` are inference
    dots, not boxes. A node in `lowered` (a staggered leaf, see `staggered`)
    sits that many ranks further below the nodes it links to.
    """
    links = list(links)
    groups = [list(group) for group in together]
    after: dict[str, list[str]] = {name: [] for name in nodes}
    for tail, head in links:
        after[tail].append(head)
    pairs = [*links, *ties, *(pair for group in groups for pair in itertools.pairwise(group))]
    depth = _depths(nodes, {name: () if name in top else onward for name, onward in after.items()}, lowered or {})
    panel = {name: number for number, group in enumerate(groups) for name in group}
    led_to = {head for _, head in links}
    return [_measured(part, after, depth, top, dots, panel, led_to) for part in parts(nodes, pairs)]


def staggered(
    nodes: Sequence[str],
    links: Iterable[tuple[str, str]],
    ties: Iterable[tuple[str, str]],
    together: Iterable[Sequence[str]],
    top: Collection[str],
    dots: Collection[str],
    room: Room,
    across_is_wide: bool,
) -> dict[str, int]:
    """The leaves to lower, each by how many ranks, so that no thread is drawn as a strip: Graphviz's `unflatten`.

    `dot` sets every claim of a wide, shallow thread in a few ranks: the
    largest threads of a generated map of 100 arguments are each several
    times as wide as deep. A leaf is a node that links somewhere and that no
    link leads to (a premise with nothing below it, an objection, a rebuttal).
    In a thread `STAGGER_FROM` times as broad across the ranks as a picture of
    all the threads' room at `STAGGER_ASPECT`, or more, the leaves are lowered
    by 0 to L - 1 ranks each, by their name's checksum, so adding a leaf moves
    no other unless it changes L; L, from 1 to `MOST_STAGGER`, is the one
    that brings the thread's breadth nearest that picture's. The arguments
    are those of `threads`.
    """
    links, ties, together = list(links), list(ties), [list(group) for group in together]
    plain = threads(nodes, links, ties, together, top, dots)
    area = sum(_area(thread, room) for thread in plain)
    wide = [i for i, thread in enumerate(plain) if _miss(thread, area, room, across_is_wide) >= math.log(STAGGER_FROM)]
    if not wide:
        return {}
    led_to = {head for _, head in links}
    leaves = [tail for tail in dict.fromkeys(tail for tail, _ in links) if tail not in led_to and tail not in top]
    tried = {1: plain}
    for spread in range(2, MOST_STAGGER + 1):
        tried[spread] = threads(nodes, links, ties, together, top, dots, _lowering(leaves, spread))
    lowered: dict[str, int] = {}
    for index in wide:
        others = area - _area(plain[index], room)  # the room the other threads take, which this one does not change
        misses = {
            spread: abs(_miss(found[index], others + _area(found[index], room), room, across_is_wide))
            for spread, found in tried.items()
        }
        spread = min(misses, key=lambda spread: misses[spread])  # on a tie, the least
        in_thread = set(plain[index].nodes)
        lowered.update(_lowering([leaf for leaf in leaves if leaf in in_thread], spread))
    return lowered


def _lowering(leaves: Iterable[str], spread: int) -> dict[str, int]:
    """Leaves lowered by 0 to `spread` - 1 ranks, each by a checksum of its name: the same in every run and map."""
    lowered = {leaf: zlib.crc32(leaf.encode()) % spread for leaf in leaves}
    return {leaf: ranks for leaf, ranks in lowered.items() if ranks}


def _area(thread: Thread, room: Room) -> float:
    """The room a thread takes, roughly: its breadth across the ranks times its depth along them."""
    return thread.breadth * room.across * (thread.box_ranks * room.along + thread.dot_ranks * room.dot_along)


def _miss(thread: Thread, area: float, room: Room, across_is_wide: bool) -> float:
    """How much broader a thread is across the ranks than a picture of `area` at `STAGGER_ASPECT`, as a logarithm."""
    shape = STAGGER_ASPECT if across_is_wide else 1 / STAGGER_ASPECT
    return math.log(thread.breadth * room.across / math.sqrt(area * shape))


def parts(nodes: Sequence[_T], pairs: Iterable[tuple[_T, _T]]) -> list[list[_T]]:
    """The nodes in groups joined by `pairs`, each group in the nodes' order, groups by their first node."""
    joined: dict[_T, list[_T]] = {name: [] for name in nodes}
    for one, other in pairs:
        joined[one].append(other)
        joined[other].append(one)
    part_of: dict[_T, int] = {}
    groups: list[list[_T]] = []
    for start in nodes:
        if start in part_of:
            continue
        part_of[start] = len(groups)
        groups.append([])
        stack = [start]
        while stack:
            for other in joined[stack.pop()]:
                if other not in part_of:
                    part_of[other] = part_of[start]
                    stack.append(other)
    for name in nodes:
        groups[part_of[name]].append(name)
    return groups


def _depths(nodes: Sequence[str], onward: Mapping[str, Sequence[str]], lowered: Mapping[str, int]) -> dict[str, int]:
    """Each node's longest chain of links onward, to a node no link leaves; a link closing a cycle is not followed.

    A node's links in `lowered` count as that many links longer each.
    """
    depth: dict[str, int] = {}
    for start in nodes:
        if start in depth:
            continue
        open_ = {start}
        stack = [(start, iter(onward[start]))]
        while stack:
            node, rest = stack[-1]
            following = next((other for other in rest if other not in depth and other not in open_), None)
            if following is not None:
                open_.add(following)
                stack.append((following, iter(onward[following])))
                continue
            stack.pop()
            open_.discard(node)
            longest = max((depth[other] for other in onward[node] if other in depth), default=None)
            depth[node] = 0 if longest is None else longest + 1 + lowered.get(node, 0)
    return depth


def _measured(
    part: list[str], after: Mapping[str, list[str]], depth: Mapping[str, int], top: Collection[str],
    dots: Collection[str], panel: Mapping[str, int], led_to: Collection[str],
) -> Thread:  # fmt: skip
    """A thread's ends and shape, its ranks counted down from its top, as its conclusions hold it there.

    Its breadth is the most boxes in one rank of each panel, added up, and
    of the boxes in no panel: panels stand side by side, and a box cannot
    share a column with a box of another panel.
    """
    lowest = max(part, key=lambda name: depth[name])  # the first of the deepest
    conclusions = tuple(name for name in part if name in top)
    highest = conclusions[0] if conclusions else _furthest(part, after, led_to)
    boxes = [name for name in part if name not in dots]
    in_rank = Counter((panel.get(name), depth[name]) for name in boxes)
    widest: dict[int | None, int] = {}
    for (group, _), count in in_rank.items():
        widest[group] = max(widest.get(group, 0), count)
    box_ranks = len({depth[name] for name in boxes})
    return Thread(
        nodes=tuple(part), top=conclusions, lowest=lowest, highest=highest,
        source=next((name for name in part if name not in led_to), part[0]), box_ranks=box_ranks,
        dot_ranks=depth[lowest] + 1 - box_ranks, breadth=sum(widest.values()), boxes=len(boxes),
    )  # fmt: skip


def _furthest(part: list[str], after: Mapping[str, list[str]], led_to: Collection[str]) -> str:
    """The node furthest, in links, from the thread's sources (breadth first, so a cycle ends); the first of them."""
    start = [name for name in part if name not in led_to] or part[:1]
    distance = dict.fromkeys(start, 0)
    queue = deque(start)
    while queue:
        current = queue.popleft()
        for other in after[current]:
            if other not in distance:
                distance[other] = distance[current] + 1
                queue.append(other)
    return max(distance, key=lambda name: distance[name])


def pack(ordered: Sequence[Thread], room: Room, across_is_wide: bool) -> list[list[Thread]]:
    """Threads, most important first, cut in that order into the rows whose picture comes nearest `ASPECT`.

    Rows fill in turn up to a breadth: all the threads' breadth over one,
    two, three... rows, until the picture's estimated shape is twice as far
    from `ASPECT` as the best found; `across_is_wide` when the picture's
    width runs across the ranks (top to bottom and bottom to top). On a tie,
    the fewer rows. No threads, no rows.
    """
    total = sum(thread.breadth for thread in ordered)
    widest = max((thread.breadth for thread in ordered), default=0)
    best: list[list[Thread]] = [list(ordered)] if ordered else []
    best_miss = math.inf
    for limit in dict.fromkeys(max(-(-total // count), widest) for count in range(1, len(ordered) + 1)):
        rows = _filled(ordered, limit)
        width, height = _estimate(rows, room, across_is_wide)
        miss = abs(math.log(width / height / ASPECT))
        if miss < best_miss - 1e-9:
            best, best_miss = rows, miss
        elif miss > best_miss + math.log(2):
            break
    return best


def _filled(ordered: Sequence[Thread], limit: int) -> list[list[Thread]]:
    """Threads in order, a row ending where the next thread would make it broader than `limit` boxes."""
    rows: list[list[Thread]] = [[]]
    filled = 0
    for thread in ordered:
        if rows[-1] and filled + thread.breadth > limit:
            rows.append([])
            filled = 0
        rows[-1].append(thread)
        filled += thread.breadth
    return rows


def _estimate(rows: Sequence[Sequence[Thread]], room: Room, across_is_wide: bool) -> tuple[float, float]:
    """The picture's width and height, roughly, were `dot` to lay these rows out."""
    across = max(sum(thread.breadth for thread in row) * room.across for row in rows)
    along = sum(max(t.box_ranks * room.along + t.dot_ranks * room.dot_along for t in row) for row in rows)
    width, height = (across, along) if across_is_wide else (along, across)
    heading_width, heading_height = room.heading
    return max(width, heading_width, 1.0), max(height, 1.0) + heading_height


def _rows(threads: Sequence[Thread], count: float) -> list[list[Thread]]:
    """Threads in order, cut into about `count` rows of about equal numbers of nodes."""
    share = sum(len(t.nodes) for t in threads) / max(round(count), 1)
    rows: list[list[Thread]] = [[]]
    filled = 0
    for thread in threads:
        if rows[-1] and filled + len(thread.nodes) / 2 > share:
            rows.append([])
            filled = 0
        rows[-1].append(thread)
        filled += len(thread.nodes)
    return rows


def join_rows(graph: Body, rows: Sequence[Sequence[Thread]], backwards: bool, hang: bool = True) -> None:
    """Rows in order, each in ranks after the previous row's; `backwards` when the first row takes the last ranks.

    The boundary after row k is a hidden point `"row:k"`, which every thread
    of the row earlier in the ranks hangs from its highest node.

    With `hang`, every thread hangs from its row's top rank: its conclusions,
    or the highest node of a thread that concludes nothing, are one group of
    one rank, `"row:k:top"` (the last ranks' row's is the picture's furthest
    rank, `max`). A boundary then holds up only the lowest node of the later
    row's deepest thread, from whose top rank the others hang shorter: held up
    each, the threads' lowest boxes would be drawn together round the point
    and the threads mixed. Without `hang`, it holds up every thread of the
    later row by its first source, pulling it towards the boundary.
    """
    if hang:
        last = 0 if backwards else len(rows) - 1
        for number, row in enumerate(rows, start=1):
            top = [name for thread in row for name in (thread.top or (thread.highest,))]
            rank = "max" if number - 1 == last else "same"
            graph.body.append(f'\tsubgraph "row:{number}:top" {{rank={rank}; {"; ".join(top)}}}\n')
    edge = _ORDERING if hang else _PULLING
    for number, (first, second) in enumerate(itertools.pairwise(rows), start=1):
        boundary = f'"row:{number}"'
        earlier, later = (second, first) if backwards else (first, second)
        if hang:
            held = [max(later, key=lambda thread: thread.box_ranks + thread.dot_ranks).lowest]  # first deepest
        else:
            held = [thread.source for thread in later]
        graph.body.append(f"\t{boundary} {_BOUNDARY}\n")
        graph.body.extend(f"\t{thread.highest} -> {boundary} {edge}\n" for thread in earlier)
        graph.body.extend(f"\t{boundary} -> {name} {edge}\n" for name in held)


def stack_threads(
    graph: Body, nodes: Sequence[str], links: Sequence[tuple[str, str]], ties: Sequence[tuple[str, str]]
) -> None:
    """More than three separate threads in about as many rows as threads per row, in the order of their first node.

    For pictures whose boxes are all alike (the overview), where counting
    threads is as good as measuring them, and whose threads need not hang
    from their rows' tops, as nothing in them is set apart as concluding.
    """
    found = threads(nodes, links, ties)
    if len(found) > 3:
        join_rows(graph, _rows(found, math.sqrt(len(found))), backwards=False, hang=False)
