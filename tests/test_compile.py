"""The compiler: what a map looks like as DOT, and that no map text can change the graph's shape."""

from __future__ import annotations

import difflib
import os
import re
import shutil
from pathlib import Path

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import argmap
from argmap.draw.compile import (
    DOT_LIMIT,
    EDGE_LOOKS,
    LARGE_MAP,
    NODE_LOOKS,
    REASON_LENGTH,
    STATUS_LOOKS,
    TITLE_WIDTH,
    WRAP_WIDTH,
    Evaluated,
    Finding,
    Options,
    compile_map,
    drawn_boxes,
    safe_text,
)
from argmap.draw.render import render_map
from argmap.draw.rows import MOST_STAGGER
from argmap.draw.style import ACTOR_PALETTE, DIMMED, OTHERS_INK, QUOTE_MARK, STATUS_INK
from argmap.draw.text import node_name, wrap, wrap_cutting
from argmap.errors import UsageError
from argmap.model import Actor, ArgumentMap, Attack, AttackKind, Claim, ClaimKind, Contradiction, Ref, Status, Support

HERE = Path(__file__).parent
FIXTURES = HERE / "fixtures" / "render"
GOLDEN = HERE / "golden"
SEED_INDEX = HERE.parent / "maps" / "khatami.arg"

HTML_LABEL = re.compile(r"label=<(?:[^<>]|<[^<>]*>)*>")


def dot_of(path: Path, **options: object) -> str:
    return str(compile_map(argmap.load(path), Options(**options)).source)  # type: ignore[arg-type]


def attributes_of(source: str, name: str) -> str:
    """The attribute list of the node or edge statement that starts with `name`."""
    match = re.search(rf"^\s*{re.escape(name)} \[(.*)\]$", source, re.MULTILINE)
    assert match, f"no statement {name!r} in the DOT"
    return match.group(1)


def golden_maps() -> list[Path]:
    maps = [FIXTURES / "small.arg", FIXTURES / "split" / "index.arg", FIXTURES / "hostile.arg"]
    return [*maps, SEED_INDEX] if SEED_INDEX.exists() else maps


@pytest.mark.parametrize("path", golden_maps(), ids=lambda p: p.stem if p != SEED_INDEX else "seed-khatami")
def test_dot_matches_golden_file(path: Path) -> None:
    golden = GOLDEN / f"{'seed-' if path == SEED_INDEX else ''}{path.stem}.dot"
    source = dot_of(path)
    if os.environ.get("ARGMAP_UPDATE_GOLDEN"):
        golden.write_text(source, encoding="utf-8")
    assert golden.exists(), f"no golden file {golden}: run ARGMAP_UPDATE_GOLDEN=1 pytest tests/test_compile.py"
    assert source == golden.read_text(encoding="utf-8"), "DOT changed: regenerate with ARGMAP_UPDATE_GOLDEN=1"


def test_same_map_gives_byte_identical_dot() -> None:
    assert dot_of(FIXTURES / "small.arg") == dot_of(FIXTURES / "small.arg")


def test_node_names_are_the_claim_ids_quoted() -> None:
    source = dot_of(FIXTURES / "small.arg")
    names = re.findall(r'^\s*"([^"]+)" \[', source, re.MULTILINE)
    assert {"won", "leverage", "lobby", "step:leverage:lobby:won"} <= set(names)
    assert 'id="claim-won"' in source


@pytest.mark.parametrize(
    "ident, name",
    [("won", '"won"'), ("caf\u00e9-2", '"caf\u00e9-2"'), ('a"b', '"%a%22.b"'), ("x\\", '"%x%5c."'),
     ("a:b", '"%a%3a.b"')],
)
def test_a_node_name_is_the_id_or_an_encoding_no_quote_or_backslash_can_end(ident: str, name: str) -> None:
    assert node_name(ident) == name


def changed_lines(before: ArgumentMap, after: ArgumentMap, direction: str) -> list[str]:
    """The DOT lines that differ between the pictures of two maps, removed and added."""
    old = compile_map(before, Options(direction=direction)).source.splitlines()
    new = compile_map(after, Options(direction=direction)).source.splitlines()
    return [line for line in difflib.unified_diff(old, new, lineterm="", n=0)
            if line[:1] in "+-" and not line.startswith(("+++", "---"))]  # fmt: skip


@pytest.mark.parametrize("direction", ["BT", "TB", "LR", "RL"])
def test_adding_a_claim_changes_only_the_lines_about_it_and_its_links(direction: str) -> None:
    seed = argmap.load(SEED_INDEX)
    extra = Claim("caveat", "Arms talks stall.", kind=ClaimKind.OBJECTION, actors=(Ref("analysts"),))
    grown = attrs.evolve(
        seed,
        claims=(*seed.claims, extra),
        attacks=(*seed.attacks, Attack(Ref("caveat"), AttackKind.REBUT, Ref("policy_dangerous"))),
    )
    changed = changed_lines(seed, grown, direction)
    assert changed and all("caveat" in line for line in changed), changed


@pytest.mark.parametrize("direction", ["BT", "TB", "LR", "RL"])
def test_adding_a_thread_changes_only_its_lines_and_the_lines_that_join_the_rows(direction: str) -> None:
    """A new thread may go into any row, and may change how the threads are cut into rows: then the
    lines that join the rows change too. They are few (a rank group per row, a hidden point and an
    edge or two per thread at each boundary), and each names a row (`row:`)."""
    seed = argmap.load(SEED_INDEX)
    grown = attrs.evolve(seed, claims=(*seed.claims, Claim("aside", "An aside.", actors=(Ref("analysts"),))))
    changed = changed_lines(seed, grown, direction)
    assert any("aside" in line for line in changed)
    assert all("aside" in line or "row:" in line for line in changed), changed


def test_every_kind_of_claim_has_its_own_shape_or_line_style() -> None:
    looks = {(look["shape"], look["style"], look.get("peripheries")) for look in NODE_LOOKS.values()}
    assert len(looks) == len(ClaimKind)


def test_support_and_each_attack_differ_in_colour_and_arrowhead() -> None:
    support = EDGE_LOOKS["support"]
    for kind in AttackKind:
        assert EDGE_LOOKS[kind.value]["color"] != support["color"]
        assert EDGE_LOOKS[kind.value]["arrowhead"] != support["arrowhead"]


def test_each_kind_of_attack_has_its_own_line_style_and_arrowhead() -> None:
    looks = [EDGE_LOOKS[kind.value] for kind in AttackKind]
    assert len({look["style"] for look in looks}) == len({look["arrowhead"] for look in looks}) == len(AttackKind)


def test_linked_premises_meet_in_one_junction_before_the_conclusion() -> None:
    source = dot_of(FIXTURES / "small.arg")
    step = '"step:leverage:lobby:won"'
    assert re.search(rf'^\s*"leverage" -> {step} ', source, re.MULTILINE)
    assert re.search(rf'^\s*"lobby" -> {step} ', source, re.MULTILINE)
    assert re.search(rf'^\s*{step} -> "won" ', source, re.MULTILINE)
    assert '"leverage" -> "won"' not in source


def test_undercut_of_an_argument_points_at_its_inference() -> None:
    source = dot_of(FIXTURES / "small.arg")
    assert "style=dotted" in attributes_of(source, '"speculation" -> "step:leverage:lobby:won"')


def test_undercut_of_one_step_gets_a_junction_on_that_step() -> None:
    source = dot_of(FIXTURES / "split" / "index.arg")
    junction = re.search(r'^\s*"money" -> ("step:[^"]+") ', source, re.MULTILINE)
    assert junction
    assert f'"doubt" -> {junction.group(1)} ' in source
    assert f'{junction.group(1)} -> "ahead" ' in source


def test_undercut_of_a_claim_points_at_every_step_into_it() -> None:
    amap = ArgumentMap(
        claims=(Claim("p", "P."), Claim("q", "Q."), Claim("c", "C."), Claim("x", "X.")),
        supports=(Support((Ref("p"),), Ref("c")), Support((Ref("q"),), Ref("c"))),
        attacks=(Attack(Ref("x"), AttackKind.UNDERCUT, Ref("c")),),
    )
    source = compile_map(amap, Options(legend=False)).source
    assert '"x" -> "step:p:c" ' in source and '"x" -> "step:q:c" ' in source and '"x" -> "c"' not in source


def test_contradiction_is_one_edge_with_both_ends_alike() -> None:
    amap = ArgumentMap(
        claims=(Claim("a", "A."), Claim("b", "B.")), contradictions=(Contradiction(Ref("a"), Ref("b")),)
    )
    source = compile_map(amap, Options(legend=False)).source
    assert len(re.findall(r"->.*\[(?!style=invis\])", source)) == 1
    edge = attributes_of(source, '"a" -> "b"')
    assert "dir=both" in edge and "arrowhead=tee" in edge and "arrowtail=tee" in edge


def test_bottom_to_top_a_hidden_point_keeps_a_side_by_side_contradictions_label_inside_the_picture() -> None:
    amap = ArgumentMap(
        claims=(Claim("a", "A."), Claim("b", "B.")), contradictions=(Contradiction(Ref("a"), Ref("b")),)
    )
    assert '"tie:a:b" -> "a" [style=invis]' in compile_map(amap, Options(direction="BT")).source
    assert "tie:" not in compile_map(amap, Options(direction="TB")).source


@pytest.mark.parametrize("direction", ["LR", "RL"])
def test_left_to_right_a_contradiction_places_its_claims_side_by_side_itself(direction: str) -> None:
    amap = ArgumentMap(
        claims=(Claim("a", "A."), Claim("b", "B.")), contradictions=(Contradiction(Ref("a"), Ref("b")),)
    )
    assert "rank=same" not in compile_map(amap, Options(direction=direction)).source


def test_acknowledged_contradiction_is_marked_with_its_reason() -> None:
    edge = attributes_of(dot_of(FIXTURES / "small.arg"), '"fight_terror" -> "befriend"')
    assert "acknowledged: The piece calls<BR/>this a major contradiction" in edge and "style=dashed" in edge


def test_contradiction_is_labelled_with_a_label_the_layout_makes_room_for() -> None:
    edge = attributes_of(dot_of(FIXTURES / "small.arg"), '"fight_terror" -> "befriend"')
    assert "label=<" in edge and "<B>contradicts</B>" in edge
    assert "xlabel" not in edge and "constraint" not in edge


def test_a_long_acknowledged_reason_is_cut_short_at_a_word() -> None:
    reason = "The piece itself calls this one of the major contradictions " * 5
    amap = ArgumentMap(
        claims=(Claim("a", "A."), Claim("b", "B.")), contradictions=(Contradiction(Ref("a"), Ref("b"), reason),)
    )
    edge = attributes_of(compile_map(amap, Options(legend=False)).source, '"a" -> "b"')
    shown = re.sub(r"<[^>]*>", " ", edge.split("<I>", 1)[1].split("</I>")[0])
    assert shown.rstrip().endswith("…") and len(" ".join(shown.split())) <= len("acknowledged: ") + REASON_LENGTH


def test_top_conclusions_are_the_supported_claims_that_support_nothing() -> None:
    amap = argmap.load(FIXTURES / "small.arg")
    assert amap.top_conclusions() == ["won"]
    seed = argmap.load(SEED_INDEX)
    assert "policy_dangerous" in seed.top_conclusions() and "turned_against" not in seed.top_conclusions()


def row_groups(source: str) -> list[tuple[str, list[str]]]:
    """Each row's rank group, first row first: its rank (`max` or `same`) and the nodes in it."""
    groups = re.findall(r'^\tsubgraph "row:\d+:top" \{rank=(\w+); (.*)\}$', source, re.MULTILINE)
    return [(rank, re.findall(r'"([^"]+)"', names)) for rank, names in groups]


@pytest.mark.parametrize("direction", ["BT", "TB", "LR", "RL"])
def test_each_rows_conclusions_share_its_top_rank_and_one_row_has_the_pictures_furthest(direction: str) -> None:
    seed = argmap.load(SEED_INDEX)
    groups = row_groups(compile_map(seed, Options(direction=direction)).source)
    listed = [name for _, names in groups for name in names]
    assert len(groups) > 1 and [rank for rank, _ in groups].count("max") == 1
    assert set(seed.top_conclusions()) <= set(listed) and len(listed) == len(set(listed))


@pytest.mark.parametrize("direction, first_row_ranks_last", [("BT", True), ("TB", False), ("LR", False), ("RL", True)])
def test_the_thread_of_most_claims_heads_the_first_row_nearest_the_title(
    direction: str, first_row_ranks_last: bool
) -> None:
    big = tuple(Claim(f"b{i}", "Big.") for i in range(4))
    supports = tuple(Support((Ref(f"b{i}"),), Ref("b3")) for i in range(3))
    amap = ArgumentMap(claims=(*(Claim(f"k{i}", "Small.") for i in range(6)), *big), supports=supports)
    source = compile_map(amap, Options(direction=direction, legend=False)).source
    assert row_groups(source)[0][1][0] == "b3"
    # Taking the last ranks, the first row stands on the boundary after it; else it hangs the boundary.
    assert ('\t"row:1" -> "b0"' if first_row_ranks_last else '\t"b3" -> "row:1"') in source


def test_top_conclusions_get_a_heavier_frame_and_larger_text() -> None:
    won = attributes_of(dot_of(FIXTURES / "small.arg"), '"won"')
    assert "penwidth=3.2" in won and "fontsize=13" in won
    assert "fontsize" not in attributes_of(dot_of(FIXTURES / "small.arg"), '"lobby"')


def test_argument_is_a_cluster_titled_with_its_title_and_actor() -> None:
    source = dot_of(FIXTURES / "small.arg")
    cluster = source[source.index('subgraph "cluster_argument:outplayed"') :]
    assert "Tehran outplayed Moscow</B>" in cluster and "Pavel Felgenhauer" in cluster
    assert 'id="claim-won"' in cluster


def test_claim_shows_its_actor_quote_mark_and_sources() -> None:
    won = attributes_of(dot_of(FIXTURES / "small.arg"), '"won"')
    assert f"{QUOTE_MARK} monitor · segodnya" in won and "quoted" not in won
    assert "The Kremlin" in attributes_of(dot_of(FIXTURES / "small.arg"), '"defensive"')


QUOTED_PANEL = """
source s "S"
actor a "Ana"
argument arg "An argument" {
  conclusion held: "Held by Ana." by a
    quote s "held"
  premise unheld: "Held by no one."
    quote s "unheld"
}
"""


def quoted_panel_label(claim: str) -> str:
    """The label of a claim of an argument whose claims all quote one source, written once on the panel."""
    source = compile_map(argmap.parse(QUOTED_PANEL, "quoted.arg"), Options(legend=False, summary=False)).source
    return HTML_LABEL.search(attributes_of(source, f'"{claim}"')).group(0)  # type: ignore[union-attr]


def test_a_quote_mark_with_no_small_print_to_lead_ends_the_actors_line() -> None:
    lines = quoted_panel_label("held").split("<BR/>")
    assert lines[-1].endswith(f"<I>Ana</I> · {QUOTE_MARK}</FONT>>") and lines[0].count(QUOTE_MARK) == 0


def test_a_quote_mark_with_no_small_print_to_lead_and_no_actor_ends_the_header() -> None:
    lines = quoted_panel_label("unheld").split("<BR/>")
    assert lines[0].endswith(f"PREMISE · unheld · {QUOTE_MARK}</FONT>") and len(lines) == 2


def test_actors_colour_the_borders_and_squares_from_the_dark2_palette() -> None:
    source = dot_of(FIXTURES / "small.arg")
    defensive = attributes_of(source, '"defensive"')
    assert f'color="{ACTOR_PALETTE[0]}"' in defensive and f'<FONT COLOR="{ACTOR_PALETTE[0]}">■</FONT>' in defensive
    assert ACTOR_PALETTE == ("#1b9e77", "#d95f02", "#7570b3", "#e7298a", "#66a61e", "#e6ab02", "#a6761d")


def test_the_actors_with_most_claims_get_the_colours_and_the_rest_share_a_grey() -> None:
    actors = tuple(Actor(f"a{i}", f"Actor {i}") for i in range(9))
    claims = tuple(Claim(f"k{i}", "Text.", actors=(Ref(f"a{i}"),)) for i in range(9))
    more = tuple(Claim(f"m{i}", "Text.", actors=(Ref("a8"),)) for i in range(2))
    source = compile_map(ArgumentMap(actors=actors, claims=(*claims, *more)), Options(legend=False)).source
    assert f'color="{ACTOR_PALETTE[0]}"' in attributes_of(source, '"k8"')
    assert f'color="{ACTOR_PALETTE[1]}"' in attributes_of(source, '"k0"')
    assert f'color="{OTHERS_INK}"' in attributes_of(source, '"k7"')


def test_an_actor_keeps_its_colour_in_a_focus_view() -> None:
    whole = attributes_of(dot_of(SEED_INDEX), '"defensive"')
    focused = dot_of(SEED_INDEX, focus="defensive", depth=0)
    colour = re.search(r'color="(#\w+)"', whole)
    assert colour and f'color="{colour.group(1)}"' in attributes_of(focused, '"defensive"')
    key = graph_label(focused)[graph_label(focused).index("<B>Actors</B>") :]
    assert "The Kremlin and Russian officials" in key and "Monitor" not in key


@pytest.mark.parametrize("by", ["none", "status"])
def test_without_colour_by_actor_a_box_keeps_its_kinds_border(by: str) -> None:
    defensive = attributes_of(dot_of(FIXTURES / "small.arg", color_by=by), '"defensive"')
    assert f'color="{NODE_LOOKS[ClaimKind.OBJECTION]["color"]}"' in defensive and "■" not in defensive


def test_colour_by_tag_colours_by_each_claims_first_tag() -> None:
    seed = argmap.load(SEED_INDEX)
    source = compile_map(seed, Options(color_by="tag")).source
    arms = attributes_of(source, '"no_arms_signed"')  # tagged arms, the tag on most claims
    assert f'color="{ACTOR_PALETTE[0]}"' in arms and f'<FONT COLOR="{ACTOR_PALETTE[0]}">■</FONT> arms' in arms


def panel_members(source: str, panel: str) -> set[str]:
    inside = source[source.index(f'subgraph "{panel}"') :].split("\t}\n", 1)[0]
    return set(re.findall(r'^\s*"(\w+)" \[', inside, re.MULTILINE))


def test_group_by_actor_gathers_each_actors_claims_in_a_panel() -> None:
    source = compile_map(argmap.load(SEED_INDEX), Options(group_by="actor")).source
    assert {"leverage", "collision", "outplayed_moscow"} <= panel_members(source, "cluster_actor:felgenhauer")
    assert "cluster_argument" not in source


def test_group_by_tag_gathers_the_claims_of_each_first_tag_in_a_panel() -> None:
    source = compile_map(argmap.load(SEED_INDEX), Options(group_by="tag")).source
    assert {"fight_terror", "befriend"} == panel_members(source, "cluster_tag:terrorism")
    assert "no_arms_signed" in panel_members(source, "cluster_tag:arms")


def test_sources_every_claim_of_a_panel_cites_are_written_once_on_the_panel() -> None:
    source = dot_of(SEED_INDEX)
    panel = source[source.index('subgraph "cluster_argument:outplayed"') :].split("\n", 2)[1]
    assert "sources: monitor\u00a0B · nyt\u00a0B · segodnya\u00a0C" in panel
    leverage = attributes_of(source, '"leverage"')
    assert "nyt" not in leverage and "segodnya" not in leverage and QUOTE_MARK in leverage


def test_a_source_shows_its_admiralty_grade_with_the_claims_credibility() -> None:
    powell = attributes_of(dot_of(SEED_INDEX), '"powell_warning"')
    assert f"{QUOTE_MARK} monitor\u00a0B1 · ap\u00a0B1 · afp\u00a0B1" in powell


def test_likelihood_and_probability_are_one_unbroken_badge() -> None:
    cash = attributes_of(dot_of(SEED_INDEX), '"moscow_cash"')
    assert "<B>likely\u00a070%</B>" in cash and "p = " not in cash


def test_wrap_fills_lines_and_cuts_words_longer_than_a_line() -> None:
    assert wrap("aa bb cc", 5) == ["aa bb", "cc"]
    assert wrap("a " + "x" * 12, 5) == ["a xxx", "xxxxx", "xxxx"]
    assert wrap("", 5) == [""]


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.text(alphabet='ab\u00e9<&\\" \u00a0\n', max_size=14), max_size=20),
    st.sampled_from([1, 2, 5, WRAP_WIDTH, TITLE_WIDTH]),
)
def test_wrap_finds_the_lines_the_greedy_loop_finds(words: list[str], width: int) -> None:
    text = safe_text(" ".join(words))
    lines = wrap(text, width)
    assert lines == wrap_cutting(text, width)
    assert " ".join(lines).replace(" ", "") == text.replace(" ", "")
    assert all(len(line) <= width for line in lines)


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet="ab \t\n\r\x0b\x1c\x85\xa0\u2028\u3000\x00\x7f\x9f\ufffe<&\\", max_size=12))
def test_safe_text_leaves_safe_text_alone_and_cleans_the_rest(text: str) -> None:
    unsafe = "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]"
    assert safe_text(text) == re.sub(unsafe, "\ufffd", re.sub(r"\s+", " ", text)).strip()
    assert safe_text(safe_text(text)) == safe_text(text)


def test_wrap_of_a_megabyte_word_is_quick() -> None:
    lines = wrap("x" * 1_000_000, WRAP_WIDTH)
    assert len(lines) == -(-1_000_000 // WRAP_WIDTH) and max(map(len, lines)) == WRAP_WIDTH


def test_long_text_is_wrapped() -> None:
    label = attributes_of(dot_of(FIXTURES / "small.arg"), '"lobby"')
    assert label.count("<BR/>") >= 3


@pytest.mark.parametrize("direction", ["TB", "BT", "LR", "RL"])
def test_direction_sets_rankdir(direction: str) -> None:
    assert f"rankdir={direction}" in dot_of(FIXTURES / "small.arg", direction=direction)


def test_unknown_direction_is_a_usage_error() -> None:
    with pytest.raises(UsageError, match="direction"):
        dot_of(FIXTURES / "small.arg", direction="UP")


def graph_label(source: str) -> str:
    match = re.search(r"^\tgraph \[label=(<.*>) labelloc=t\]$", source, re.MULTILINE)
    assert match, "no graph label"
    return match.group(1)


def test_legend_is_drawn_under_the_title_unless_turned_off() -> None:
    assert "<B>Key</B>" in graph_label(dot_of(FIXTURES / "small.arg"))
    assert "<B>Key</B>" not in dot_of(FIXTURES / "small.arg", legend=False)
    assert "cluster_legend" not in dot_of(FIXTURES / "small.arg")


@pytest.mark.parametrize("direction", ["TB", "LR", "RL"])
def test_the_key_is_the_same_table_whichever_way_the_map_runs(direction: str) -> None:
    assert graph_label(dot_of(SEED_INDEX)) == graph_label(dot_of(SEED_INDEX, direction=direction))


def test_the_summary_band_lists_what_the_map_concludes_unless_turned_off() -> None:
    label = graph_label(dot_of(FIXTURES / "small.arg"))
    assert "What the map concludes" in label and "Tehran outplayed Moscow during Khatami’s visit." in label
    assert "What the map concludes" not in dot_of(FIXTURES / "small.arg", summary=False)


def test_statuses_colour_claims_and_join_the_legend() -> None:
    amap = argmap.load(FIXTURES / "small.arg")
    source = compile_map(amap, Options(statuses={"won": Status.OUT, "leverage": Status.IN})).source
    won = attributes_of(source, '"won"')
    assert "✗ DEFEATED" in won and STATUS_LOOKS[Status.OUT]["fillcolor"] in won and "dashed" in won
    assert "ACCEPTED" in attributes_of(source, '"leverage"')
    assert "defeated</TD>" in graph_label(source) and "defeated</TD>" not in dot_of(FIXTURES / "small.arg")


def test_in_the_status_view_links_from_defeated_claims_are_dimmed() -> None:
    amap = argmap.load(FIXTURES / "small.arg")
    source = compile_map(amap, Options(statuses={"defensive": Status.OUT, "offensive": Status.IN})).source
    assert f'color="{EDGE_LOOKS["undermine"]["color"]}{DIMMED}"' in attributes_of(source, '"defensive" -> "leverage"')
    assert f'color="{EDGE_LOOKS["rebut"]["color"]}"' in attributes_of(source, '"offensive" -> "defensive"')


def test_each_claim_tells_why_it_stands_or_falls_in_its_tooltip() -> None:
    amap = argmap.load(FIXTURES / "small.arg")
    evaluation = Evaluated({"won": Status.OUT}, {"won": "attacked by x, which is in"})
    won = attributes_of(compile_map(amap, Options(evaluation=evaluation)).source, '"won"')
    assert 'tooltip="defeated: attacked by x, which is in"' in won


def test_colour_by_status_draws_the_status_in_the_border_too() -> None:
    amap = argmap.load(FIXTURES / "small.arg")
    source = compile_map(amap, Options(statuses={"won": Status.UNDEC}, color_by="status")).source
    assert f'color="{STATUS_INK[Status.UNDEC]}"' in attributes_of(source, '"won"')


def test_focus_draws_only_claims_within_depth() -> None:
    source = dot_of(FIXTURES / "small.arg", focus="defensive", depth=1, legend=False)
    shown = set(re.findall(r'id="claim-(\w+)"', source))
    assert shown == {"defensive", "leverage", "offensive"}


def test_focus_on_an_unknown_claim_is_a_usage_error() -> None:
    with pytest.raises(UsageError, match="no claim 'nowhere'"):
        dot_of(FIXTURES / "small.arg", focus="nowhere")


def test_focus_takes_several_ids_comma_separated() -> None:
    source = dot_of(SEED_INDEX, focus="befriend, no_alarm", depth=0)
    assert set(re.findall(r'id="claim-(\w+)"', source)) == {"befriend", "no_alarm"}


def test_focus_on_an_argument_centres_on_all_its_claims() -> None:
    source = dot_of(SEED_INDEX, focus="outplayed", depth=0)
    assert set(re.findall(r'id="claim-(\w+)"', source)) == {"leverage", "collision", "outplayed_moscow"}
    assert "penwidth=4" in attributes_of(source, '"leverage"')


def test_focus_marks_the_links_it_cuts_off() -> None:
    source = dot_of(SEED_INDEX, focus="no_alarm", depth=1)
    assert "+2 hidden" in attributes_of(source, '"policy_dangerous"')  # its two premises
    assert "hidden" not in attributes_of(source, '"no_alarm"') and "links to claims out of view" in source


def test_focus_titles_the_view_with_what_it_shows() -> None:
    assert "Focus: befriend, 2 of 44 claims" in dot_of(SEED_INDEX, focus="befriend", depth=1)


def test_a_mistyped_focus_suggests_the_nearest_id() -> None:
    with pytest.raises(UsageError, match=r"no claim 'befrend'.*did you mean 'befriend'"):
        dot_of(SEED_INDEX, focus="befrend")
    with pytest.raises(UsageError, match="did you mean 'outplayed'"):
        dot_of(SEED_INDEX, focus="outplayd")


def test_drawn_boxes_counts_claims_and_junctions_within_the_focus() -> None:
    amap = argmap.load(FIXTURES / "small.arg")
    assert drawn_boxes(amap) == len(amap.claims) + 1
    assert drawn_boxes(amap, Options(focus="defensive", depth=1)) == 3


@pytest.mark.parametrize("direction", ["BT", "TB", "LR", "RL"])
def test_many_separate_threads_are_packed_into_rows_in_every_direction(direction: str) -> None:
    amap = ArgumentMap(claims=tuple(Claim(f"k{i}", "Text.") for i in range(9)))
    source = compile_map(amap, Options(direction=direction)).source
    assert '"row:1" [' in source and len(row_groups(source)) > 1


def test_one_thread_is_one_row_with_no_boundary() -> None:
    source = dot_of(FIXTURES / "small.arg")
    assert len(row_groups(source)) == 1 and '"row:1" [' not in source


def test_claims_joined_only_by_a_contradiction_share_a_rank() -> None:
    amap = ArgumentMap(
        claims=(Claim("a", "A."), Claim("b", "B.")), contradictions=(Contradiction(Ref("a"), Ref("b")),)
    )
    assert re.search(r'\{\s*rank=same\s*"a"\s*"b"\s*\}', compile_map(amap, Options(legend=False)).source)


def fan_map(count: int) -> ArgumentMap:
    """A conclusion `c` that `count` premises, p0, p1, ..., each support alone."""
    premises = tuple(Claim(f"p{i}", "Text.") for i in range(count))
    supports = tuple(Support(premises=(Ref(p.id),), conclusion=Ref("c")) for p in premises)
    return ArgumentMap(claims=(Claim("c", "Text."), *premises), supports=supports)


def test_the_links_out_of_the_leaves_of_a_thread_far_broader_than_deep_are_lengthened() -> None:
    source = compile_map(fan_map(60), Options(legend=False, summary=False)).source
    lengthened = re.findall(r'^\t"(\w+)" -> "c" \[.* minlen=(\d+)\]$', source, re.MULTILINE)
    assert len(lengthened) > 30 and all(tail.startswith("p") for tail, _ in lengthened)
    assert {int(length) for _, length in lengthened} <= set(range(2, MOST_STAGGER + 1))


def test_a_thread_no_broader_than_deep_keeps_its_links_one_rank_long() -> None:
    assert "minlen" not in compile_map(fan_map(3)).source


def test_a_large_maps_threads_are_packed_into_rows_too() -> None:
    claims = tuple(Claim(f"k{i}", "Text.") for i in range(LARGE_MAP))
    assert '"row:1" [' in compile_map(ArgumentMap(claims=claims)).source


def test_a_map_only_sfdp_lays_out_is_neither_packed_into_rows_nor_staggered() -> None:
    """`sfdp` knows no ranks: the rows' hidden points would only pull the threads together."""
    fan = fan_map(DOT_LIMIT)
    assert drawn_boxes(fan) > DOT_LIMIT
    source = compile_map(fan).source
    assert "row:" not in source and "minlen" not in source


def test_large_map_gets_layout_limits() -> None:
    claims = tuple(Claim(f"k{i}", "Text.") for i in range(LARGE_MAP))
    assert "mclimit" in compile_map(ArgumentMap(claims=claims)).source
    assert "mclimit" not in dot_of(FIXTURES / "small.arg")


# --- hostile text -------------------------------------------------------------

HOSTILE = (
    '"]; x [label="boom"]; y -> z; //',
    "<b>bold</b> <TABLE><TR><TD>x</TD></TR></TABLE>",
    "} subgraph cluster_x { injected } digraph strict node edge {",
    "\\N \\G \\L \\n \\l \\\\ \\",
    "line\nbreak\r\ttab \x00 nul \x07 bell \x1b[31m \ud800 \ufffe",
    "&amp; &#60; ]]> <!-- --> <![CDATA[ x ]]>",
    'URL="javascript:alert(1)" href="x" image="/etc/passwd" fontpath="/" comment="c"',
)


def hostile_map(text: str) -> ArgumentMap:
    claims = (Claim("a", text, kind=ClaimKind.PREMISE), Claim("b", text, kind=ClaimKind.CONCLUSION))
    return ArgumentMap(title=text, claims=claims, contradictions=(Contradiction(Ref("a"), Ref("b"), text),))


def hostile_options(text: str) -> Options:
    """Every place map text reaches: labels, the band, the key, and the tooltips of the status view."""
    statuses = {"a": Status.IN, "b": Status.OUT}
    evaluation = Evaluated(statuses, {"a": text, "b": text})
    return Options(statuses=statuses, evaluation=evaluation, findings=(Finding("AM601", text),))


# A tooltip's value, in full: proof it holds no quote and no backslash that could end it early.
TOOLTIP = re.compile(r'\b(label)?tooltip="[^"\\]*"')


def shape_of(source: str) -> str:
    """The DOT with every label's and tooltip's content taken out: what is left is the graph's structure."""
    return TOOLTIP.sub(r'\1tooltip=""', HTML_LABEL.sub("label=<>", source))


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_text_leaves_the_graph_structure_unchanged(text: str) -> None:
    benign = compile_map(hostile_map("plain words"), hostile_options("plain words")).source
    hostile = compile_map(hostile_map(text), hostile_options(text)).source
    assert shape_of(hostile) == shape_of(benign)
    assert "tooltip=" in hostile


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_text_never_reaches_an_attribute_that_links_or_reads_files(text: str) -> None:
    attributes = re.findall(r"\b(\w+)=", shape_of(compile_map(hostile_map(text), hostile_options(text)).source))
    assert not {"URL", "href", "comment", "image", "fontpath", "imagepath", "shapefile"} & set(attributes)


@pytest.mark.parametrize("text", HOSTILE)
def test_a_tooltip_holds_no_quote_backslash_or_markup_of_the_maps(text: str) -> None:
    source = compile_map(hostile_map(text), hostile_options(text)).source
    values = re.findall(r'\btooltip="([^"]*)"', source)
    assert values and not any("\\" in value or "<" in value or ">" in value for value in values)
    assert all(not re.search(r"&(?!(amp|lt|gt|quot|#x27);)", value) for value in values)


def test_safe_text_replaces_control_characters_nul_and_lone_surrogates() -> None:
    assert safe_text("a\x00b\x07c\ud800d\ufffe") == "a\ufffdb\ufffdc\ufffdd\ufffd"
    assert safe_text("  one\n  two\t three ") == "one two three"


def test_dot_source_encodes_as_utf8_whatever_the_text() -> None:
    compile_map(hostile_map("\ud800\udfff \x00 الحرب e\u0301")).source.encode("utf-8")


# --- Graphviz refuses a run of text or a quoted string past 16,384 bytes ------------------

GRAPHVIZ_LONGEST = 16_384
_QUOTED = re.compile(r'"(?:[^"\\]|\\.)*"')
_HTML_RUN = re.compile(r">([^<>]*)<")


def _longest_pieces(dot: str) -> int:
    """The longest quoted string or run of label text between two tags in `dot`, in UTF-8 bytes."""
    pieces = [*_QUOTED.findall(dot), *_HTML_RUN.findall(dot)]
    return max(len(piece.encode("utf-8")) for piece in pieces)


LONG = "x" * 20_000
LONG_MAPS = {
    "a long claim id": f'claim {LONG}: "A."\nclaim b: "B."\nb supports {LONG}\n',
    "a long argument id": f'argument {LONG} "T" {{\n  premise p: "P."\n  conclusion c: "C."\n  p supports c\n}}\n',
    "a long tag": f'claim a: "A." tags {LONG}\nclaim b: "B."\na supports b\n',
    "a long acknowledged reason": f'claim a: "A."\nclaim b: "B."\na contradicts b acknowledged "{LONG}"\n',
    "many premises together": "".join(f'claim p{i}: "P."\n' for i in range(3_000))
    + 'claim c: "C."\n'
    + " and ".join(f"p{i}" for i in range(3_000))
    + " together support c\n",
}


@pytest.mark.parametrize("text", LONG_MAPS.values(), ids=LONG_MAPS.keys())
def test_no_run_of_text_or_quoted_name_reaches_graphvizs_limit(text: str) -> None:
    dot = str(compile_map(argmap.parse(text, "long.arg")).source)
    assert _longest_pieces(dot) < GRAPHVIZ_LONGEST // 2


def test_two_long_ids_with_the_same_start_keep_names_of_their_own() -> None:
    assert node_name(LONG + "a") != node_name(LONG + "b")
    assert len(node_name(LONG + "a")) < 300


@pytest.mark.needs_dot
@pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz `dot` is not installed")
def test_graphviz_lays_out_a_map_whose_id_is_longer_than_its_limit() -> None:
    rendered = render_map(argmap.parse(LONG_MAPS["a long claim id"], "long.arg"), "svg", timeout=60)
    assert rendered.data.startswith(b"<?xml") and not rendered.given_up
