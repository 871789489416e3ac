"""Packing a picture's separate threads into rows: what a thread is, how it is measured, cut and joined."""

from __future__ import annotations

import re

from argmap.draw.rows import MOST_STAGGER, Room, Thread, join_rows, pack, stack_threads, staggered, threads

# A square box's room, so the shape of a packed picture is easy to work out: a row of
# n boxes is n wide, a thread of r ranks r high.
SQUARE = Room(across=1.0, along=1.0, dot_along=1.0)


class Graph:
    """Where `join_rows` and `stack_threads` write their statements."""

    def __init__(self) -> None:
        self.body: list[str] = []

    def source(self) -> str:
        return "".join(self.body)


def alone(count: int) -> list[Thread]:
    """Threads of one box each, named n0, n1, ..."""
    return threads([f'"n{i}"' for i in range(count)], [])


def fan(count: int) -> tuple[list[str], list[tuple[str, str]]]:
    """A conclusion `"c"` that `count` premises, p0, p1, ..., each support alone: one thread two ranks deep."""
    premises = [f'"p{i}"' for i in range(count)]
    return ['"c"', *premises], [(premise, '"c"') for premise in premises]


def fan_staggered(count: int, others: int = 0) -> dict[str, int]:
    """How `staggered` lowers the leaves of a fan of `count` premises beside `others` threads of one box each."""
    nodes, links = fan(count)
    return staggered([*nodes, *(f'"n{i}"' for i in range(others))], links, (), (), {'"c"'}, (), SQUARE, True)


def test_threads_are_the_parts_links_and_ties_join_in_the_order_of_their_first_node() -> None:
    found = threads(['"a"', '"b"', '"c"', '"d"', '"e"'], [('"a"', '"c"')], ties=[('"b"', '"e"')])
    assert [thread.nodes for thread in found] == [('"a"', '"c"'), ('"b"', '"e"'), ('"d"',)]


def test_the_nodes_of_one_panel_are_one_thread_though_no_link_joins_them() -> None:
    found = threads(['"a"', '"b"', '"c"'], [], together=[['"a"', '"c"']])
    assert [thread.nodes for thread in found] == [('"a"', '"c"'), ('"b"',)]


def test_a_thread_hangs_from_its_conclusion_and_stands_on_its_deepest_node() -> None:
    (thread,) = threads(['"p"', '"q"', '"c"'], [('"p"', '"q"'), ('"q"', '"c"')], top={'"c"'})
    assert (thread.highest, thread.lowest, thread.top) == ('"c"', '"p"', ('"c"',))
    assert (thread.box_ranks, thread.dot_ranks, thread.breadth) == (3, 0, 1)


def test_a_thread_that_concludes_nothing_hangs_from_its_node_furthest_from_its_sources() -> None:
    links = [('"a"', '"b"'), ('"b"', '"c"'), ('"a"', '"d"')]
    (thread,) = threads(['"a"', '"b"', '"c"', '"d"'], links)
    assert (thread.highest, thread.lowest, thread.top) == ('"c"', '"a"', ())


def test_a_threads_source_is_its_first_node_no_link_leads_to() -> None:
    (thread,) = threads(['"c"', '"q"', '"p"'], [('"p"', '"c"'), ('"q"', '"c"')], top={'"c"'})
    assert thread.source == '"q"'


def test_a_link_out_of_a_conclusion_does_not_rank_it() -> None:
    """A conclusion stays in its row's top rank, so a rebuttal it makes runs flat or down, not up."""
    (thread,) = threads(['"c"', '"x"'], [('"c"', '"x"')], top={'"c"', '"x"'})
    assert thread.box_ranks == 1 and thread.breadth == 2


def test_a_cycle_of_links_is_measured_without_going_round_it_for_ever() -> None:
    (thread,) = threads(['"a"', '"b"', '"c"'], [('"a"', '"b"'), ('"b"', '"c"'), ('"c"', '"a"')])
    assert thread.box_ranks == 3 and thread.lowest == '"a"' and thread.highest == '"c"'


def test_an_inference_dot_takes_a_rank_of_its_own_but_is_no_box() -> None:
    nodes = ['"p"', '"q"', '"step"', '"c"']
    links = [('"p"', '"step"'), ('"q"', '"step"'), ('"step"', '"c"')]
    (thread,) = threads(nodes, links, top={'"c"'}, dots={'"step"'})
    assert (thread.box_ranks, thread.dot_ranks, thread.breadth, thread.boxes) == (2, 1, 2, 3)


def test_panels_side_by_side_add_up_their_breadths() -> None:
    nodes = ['"a1"', '"a2"', '"b1"', '"c"']
    links = [('"a1"', '"c"'), ('"a2"', '"c"'), ('"b1"', '"c"')]
    (thread,) = threads(nodes, links, together=[['"a1"', '"a2"'], ['"b1"']], top={'"c"'})
    assert thread.breadth == 2 + 1 + 1  # two boxes of one panel in a rank, one of another, one in none


def test_no_threads_make_no_rows() -> None:
    assert pack([], SQUARE, across_is_wide=True) == []


def test_one_thread_is_one_row() -> None:
    assert pack(alone(1), SQUARE, across_is_wide=True) == [alone(1)]


def test_alike_threads_are_cut_into_rows_that_make_a_landscape_picture() -> None:
    rows = pack(alone(12), SQUARE, across_is_wide=True)
    assert [len(row) for row in rows] == [4, 4, 4]  # 4 wide and 3 high: 1.33, the nearest to √1.6


def test_rows_keep_the_threads_in_their_order_of_importance() -> None:
    ordered = alone(12)
    rows = pack(ordered, SQUARE, across_is_wide=True)
    assert [thread for row in rows for thread in row] == ordered


def test_left_to_right_a_row_is_a_column_so_the_rows_are_cut_the_other_way() -> None:
    rows = pack(alone(12), SQUARE, across_is_wide=False)
    assert [len(row) for row in rows] == [3, 3, 3, 3]  # 4 columns of 3: 4 wide, 3 high


def test_the_heading_counts_in_the_pictures_shape() -> None:
    tall_heading = Room(across=1.0, along=1.0, dot_along=1.0, heading=(0.0, 3.0))
    assert len(pack(alone(12), tall_heading, across_is_wide=True)) < len(pack(alone(12), SQUARE, True))


def test_join_rows_puts_each_rows_top_nodes_in_one_rank_and_the_last_ranks_row_furthest() -> None:
    graph = Graph()
    found = alone(3)
    join_rows(graph, [found[:2], found[2:]], backwards=True)
    groups = re.findall(r'subgraph "row:(\d):top" \{rank=(\w+); (.*)\}', graph.source())
    assert groups == [("1", "max", '"n0"; "n1"'), ("2", "same", '"n2"')]


def test_join_rows_hangs_a_boundary_from_every_thread_of_the_earlier_row() -> None:
    graph = Graph()
    found = alone(3)
    join_rows(graph, [found[:2], found[2:]], backwards=False)
    source = graph.source()
    assert '\t"row:1" [label="" shape=point style=invis width=0]\n' in source
    hung = re.findall(r'^\t(.*) -> "row:1" (.*)$', source, re.MULTILINE)
    assert hung == [('"n0"', "[style=invis weight=0]"), ('"n1"', "[style=invis weight=0]")]


def test_join_rows_stands_the_later_row_on_the_boundary_by_its_deepest_thread_alone() -> None:
    """Weight 0: the edges order the ranks without pulling boxes towards the boundary."""
    graph = Graph()
    deep, shallow = threads(['"p"', '"c"', '"s"'], [('"p"', '"c"')], top={'"c"'})
    join_rows(graph, [alone(1), [shallow, deep]], backwards=False)
    assert re.findall(r'"row:1" -> (.*)\n', graph.source()) == ['"p" [style=invis weight=0]']


def test_join_rows_without_hanging_pulls_every_later_thread_to_the_boundary_by_its_first_source() -> None:
    graph = Graph()
    deep, shallow = threads(['"p"', '"c"', '"s"'], [('"p"', '"c"')])
    join_rows(graph, [alone(1), [deep, shallow]], backwards=False, hang=False)
    source = graph.source()
    assert re.findall(r'"row:1" -> (.*)\n', source) == ['"p" [style=invis]', '"s" [style=invis]']
    assert "subgraph" not in source


def test_stack_threads_leaves_three_threads_side_by_side() -> None:
    graph = Graph()
    stack_threads(graph, ['"a"', '"b"', '"c"'], [], [])
    assert graph.body == []


def test_stack_threads_stacks_nine_threads_in_about_three_rows() -> None:
    graph = Graph()
    stack_threads(graph, [f'"n{i}"' for i in range(9)], [], [])
    assert re.findall(r'^\t"(row:\d)" \[', graph.source(), re.MULTILINE) == ["row:1", "row:2"]


def test_a_lowered_leaf_sits_that_many_ranks_further_down_and_the_ranks_it_skips_hold_no_box() -> None:
    (thread,) = threads(['"p"', '"c"'], [('"p"', '"c"')], top={'"c"'}, lowered={'"p"': 2})
    assert (thread.box_ranks, thread.dot_ranks, thread.lowest) == (2, 2, '"p"')


def test_a_fan_far_broader_than_it_is_deep_has_its_premises_lowered_by_up_to_seven_ranks() -> None:
    lowered = fan_staggered(60)
    assert set(lowered) <= set(fan(60)[0][1:])
    spread = set(lowered.values())
    assert len(spread) > 1 and spread <= set(range(1, MOST_STAGGER))


def test_staggering_brings_a_fan_sixty_boxes_broad_and_two_ranks_deep_near_a_landscape_shape() -> None:
    nodes, links = fan(60)
    (flat,) = threads(nodes, links, top={'"c"'})
    (deep,) = threads(nodes, links, top={'"c"'}, lowered=fan_staggered(60))
    assert flat.breadth / (flat.box_ranks + flat.dot_ranks) == 30
    assert 1.0 <= deep.breadth / (deep.box_ranks + deep.dot_ranks) <= 1.6


def test_a_thread_no_broader_than_it_is_deep_is_not_staggered() -> None:
    assert fan_staggered(3) == {}


def test_a_thread_that_fits_a_row_beside_the_other_threads_is_not_staggered() -> None:
    """Alone, a fan of 12 is 6 times as wide as deep; beside 100 boxes, it is no broader than their rows."""
    assert fan_staggered(12) != {}
    assert fan_staggered(12, others=100) == {}


def test_a_leaf_is_lowered_by_its_name_whatever_the_order_of_the_graph() -> None:
    nodes, links = fan(60)
    backwards = staggered(nodes[::-1], links[::-1], (), (), {'"c"'}, (), SQUARE, True)
    assert backwards == fan_staggered(60)
