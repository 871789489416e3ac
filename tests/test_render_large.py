"""Large maps: PNGs Graphviz would shrink are refused, overlaps removed, time-limit advice, many graphs in one run."""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

import argmap
from argmap.cli import main
from argmap.draw import render as render_module
from argmap.draw.compile import Options, compile_map
from argmap.draw.render import (
    OVERVIEW_DOT_LIMIT,
    Layout,
    PictureTooLarge,
    layouts,
    run_graphs,
    run_layout,
    timeout_advice,
)
from fakedot import fake_dot  # tests/fakedot.py

ROOT = Path(__file__).resolve().parents[1]
SMALL = ROOT / "tests" / "fixtures" / "render" / "small.arg"
needs_dot = pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz `dot` is not installed")


@pytest.fixture(autouse=True)
def no_bundled_graphviz(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(render_module, "pygraphviz_available", lambda: False)


def png_header(width: int, height: int) -> str:
    """printf arguments for the first 24 bytes of a PNG of this size: signature, IHDR length, type, size."""
    size = width.to_bytes(4, "big") + height.to_bytes(4, "big")
    octal = "".join(f"\\{byte:03o}" for byte in b"\x89PNG\r\n\x1a\n\x00\x00\x00\x0dIHDR" + size)
    return f"printf '{octal}'"


SHRINKING_DOT = "cat >/dev/null; echo 'dot: graph is too large for cairo-renderer bitmaps. Scaling by 0.5 to fit' >&2; "


# --- PNG too large ------------------------------------------------------------


def test_a_png_graphviz_would_shrink_is_refused_saying_what_to_use_instead(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", fake_dot(tmp_path, SHRINKING_DOT + png_header(100, 200))["PATH"])
    with pytest.raises(PictureTooLarge) as refused:
        run_layout("digraph {}", "png", Layout("dot"), 10)
    message = str(refused.value)
    assert "200 × 400 px" in message  # what Graphviz would have needed before shrinking it by half
    assert "--format svg" in message and "--view arguments" in message and "--focus" in message


def test_a_refused_png_is_not_tried_with_other_layouts(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", fake_dot(tmp_path, SHRINKING_DOT + png_header(100, 200))["PATH"])
    tried: list[Layout] = []

    def run(source: str, fmt: str, layout: Layout, timeout: float) -> bytes:
        tried.append(layout)
        return run_layout(source, fmt, layout, timeout)

    with pytest.raises(PictureTooLarge):
        render_module.render_map(argmap.load(SMALL), "png", run=run)
    assert len(tried) == 1


def test_a_svg_is_not_checked_for_bitmap_size(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", fake_dot(tmp_path, SHRINKING_DOT + "echo '<svg/>'")["PATH"])
    assert run_layout("digraph {}", "svg", Layout("dot"), 10).startswith(b"<svg/>")


def test_cli_refuses_the_png_with_exit_2_and_writes_no_file(tmp_path: Path) -> None:
    env = fake_dot(tmp_path, SHRINKING_DOT + png_header(100, 200))
    result = CliRunner().invoke(main, ["render", str(SMALL), "-o", str(tmp_path / "map.png")], env=env)
    assert result.exit_code == 2 and "--view arguments" in result.stderr and "Traceback" not in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bin"]


# --- force-directed layouts ---------------------------------------------------


@pytest.mark.parametrize("engine, removes", [("sfdp", True), ("neato", True), ("dot", False)])
def test_force_directed_engines_are_told_to_remove_overlaps(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, engine: str, removes: bool
) -> None:
    monkeypatch.setenv("PATH", fake_dot(tmp_path, 'cat >/dev/null; echo "$@"')["PATH"])
    argv = run_layout("digraph {}", "svg", Layout(engine), 10).decode()
    assert ("-Goverlap=prism" in argv) is removes


@needs_dot
def test_sfdp_leaves_no_two_boxes_overlapping(tmp_path: Path) -> None:
    sys.path.insert(0, str(ROOT / "bench"))
    try:
        import generate
    finally:
        sys.path.remove(str(ROOT / "bench"))
    path = tmp_path / "g.arg"
    generate.main(["--arguments", "150", "-o", str(path)])
    source = compile_map(argmap.load(path), Options(legend=False, clusters=False)).source
    layout = json.loads(run_layout(source, "json", Layout("sfdp"), 120))
    boxes = sorted(_box(node) for node in layout["objects"] if "pos" in node and "width" in node)
    assert len(boxes) > 600
    assert not any(_overlap(a, b) for i, a in enumerate(boxes) for b in boxes[i + 1 : i + 40])


def _box(node: dict[str, str]) -> tuple[float, float, float, float]:
    x, y = (float(v) for v in node["pos"].split(","))
    w, h = float(node["width"]) * 36, float(node["height"]) * 36  # half the size, in points
    return x - w, y - h, x + w, y + h


def _overlap(a: tuple[float, ...], b: tuple[float, ...]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


# --- the time limit's advice --------------------------------------------------


def test_time_limit_advice_never_suggests_the_engine_that_just_timed_out() -> None:
    assert "--engine sfdp" not in timeout_advice(Options(), "claims", "svg", [Layout("sfdp", clusters=False)])
    assert "--engine sfdp" in timeout_advice(Options(), "claims", "svg", [Layout("dot")])


def test_time_limit_advice_suggests_the_overview_and_a_focus() -> None:
    advice = timeout_advice(Options(), "claims", "svg", [Layout("dot")])
    assert "--view arguments" in advice and "--focus ID" in advice and "--timeout" in advice


def test_time_limit_advice_leaves_out_what_is_already_asked_for() -> None:
    advice = timeout_advice(Options(focus="x", depth=3), "arguments", "svg", [Layout("dot")])
    assert "--view arguments" not in advice and "--focus ID" not in advice and "smaller --depth" in advice


def test_time_limit_advice_suggests_svg_for_a_bitmap() -> None:
    assert "--format svg" in timeout_advice(Options(), "claims", "png", [Layout("dot")])
    assert "--format svg" not in timeout_advice(Options(), "claims", "svg", [Layout("dot")])


def test_timed_out_render_says_what_would_help_and_writes_nothing(tmp_path: Path) -> None:
    env = fake_dot(tmp_path, f"exec {shutil.which('sleep')} 30")
    result = CliRunner().invoke(
        main, ["render", str(SMALL), "-o", str(tmp_path / "map.png"), "--timeout", "2"], env=env
    )
    assert result.exit_code == 2 and "--view arguments" in result.stderr and "--format svg" in result.stderr
    assert "--engine sfdp" not in result.stderr  # the fallback chain ends with sfdp, which timed out too
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bin"]


# --- the overview from the command line, and many graphs in one run ---------


def test_view_arguments_draws_one_box_per_argument() -> None:
    result = CliRunner().invoke(main, ["render", str(SMALL), "-o", "-", "-f", "dot", "--view", "arguments"])
    assert result.exit_code == 0
    assert b'id="argument-outplayed"' in result.stdout_bytes and b'id="claim-leverage"' not in result.stdout_bytes


@needs_dot
def test_run_graphs_draws_every_graph_in_every_format() -> None:
    drawn = run_graphs(["digraph a {x}\n", "digraph b {y; z}\n"], ("json", "svg"), Layout("dot"), 60)
    assert [sorted(d) for d in drawn] == [["json", "svg"], ["json", "svg"]]
    assert [len(json.loads(d["json"])["objects"]) for d in drawn] == [1, 2]


def test_the_overview_is_not_laid_out_twice_by_the_same_engine() -> None:
    tried: list[Layout] = []

    def run(source: str, fmt: str, layout: Layout, timeout: float) -> bytes:
        tried.append(layout)
        raise render_module.RenderTimeout("too slow")

    with pytest.raises(render_module.RenderTimeout):
        render_module.render_map(argmap.load(SMALL), "svg", view="arguments", run=run)
    assert [layout.engine for layout in tried] == ["dot", "sfdp"]


def test_an_overview_of_more_boxes_than_dot_lays_out_in_good_time_goes_straight_to_sfdp() -> None:
    assert layouts(boxes=OVERVIEW_DOT_LIMIT + 1, dot_limit=OVERVIEW_DOT_LIMIT) == (Layout("sfdp", clusters=False),)
    assert layouts(boxes=OVERVIEW_DOT_LIMIT + 1)[0] == Layout("dot")  # the full picture keeps its own limit
