"""Rendering: running Graphviz within a time limit, falling back, and writing files atomically."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar
from xml.etree import ElementTree

import pytest

import argmap
from argmap.draw import render as render_module
from argmap.draw.compile import Options, compile_map
from argmap.draw.render import (
    DOT_LIMIT,
    GraphvizFailed,
    GraphvizNotFound,
    Layout,
    RenderTimeout,
    layouts,
    render_map,
    write_atomic,
)
from argmap.model import ArgumentMap

FIXTURES = Path(__file__).parent / "fixtures" / "render"
SEED_INDEX = Path(__file__).parent.parent / "maps" / "khatami.arg"
HAS_DOT = shutil.which("dot") is not None
F = TypeVar("F", bound=Callable[..., object])


def needs_dot(test: F) -> F:
    """Marks a test that runs Graphviz's `dot`; skipped where it is not installed."""
    skip = pytest.mark.skipif(not HAS_DOT, reason="Graphviz `dot` is not installed")
    return pytest.mark.needs_dot(skip(test))  # type: ignore[no-any-return]


@pytest.fixture
def small() -> ArgumentMap:
    return argmap.load(FIXTURES / "small.arg")


@pytest.fixture
def no_bundled_graphviz(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(render_module, "pygraphviz_available", lambda: False)


def fake_dot(folder: Path, script: str) -> None:
    """A `dot` program on PATH that runs `script` (shell)."""
    program = folder / "dot"
    program.write_text(f"#!/bin/sh\n{script}\n")
    program.chmod(0o755)


# --- formats ------------------------------------------------------------------


def test_dot_format_needs_no_graphviz(small: ArgumentMap, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", "")
    rendered = render_map(small, "dot")
    assert rendered.data.startswith(b"digraph argmap {") and rendered.layout is None


@needs_dot
@pytest.mark.parametrize("fmt, magic", [("png", b"\x89PNG\r\n\x1a\n"), ("pdf", b"%PDF-")])
@pytest.mark.usefixtures("no_bundled_graphviz")
def test_binary_formats_start_with_their_magic_bytes(small: ArgumentMap, fmt: str, magic: bytes) -> None:
    assert render_map(small, fmt).data.startswith(magic)


@needs_dot
@pytest.mark.usefixtures("no_bundled_graphviz")
def test_svg_is_xml_with_a_node_for_every_claim(small: ArgumentMap) -> None:
    svg = ElementTree.fromstring(render_map(small, "svg").data)
    ids = {element.get("id") for element in svg.iter() if element.get("class") == "node"}
    assert {f"claim-{claim.id}" for claim in small.claims} <= ids


@needs_dot
@pytest.mark.skipif(not SEED_INDEX.exists(), reason="the seed maps are not there")
@pytest.mark.usefixtures("no_bundled_graphviz")
@pytest.mark.parametrize("fmt", ["svg", "png", "pdf"])
def test_seed_map_renders_with_every_claim(fmt: str) -> None:
    seed = argmap.load(SEED_INDEX)
    rendered = render_map(seed, fmt)
    assert rendered.layout == Layout("dot") and not rendered.given_up
    if fmt == "svg":
        svg = ElementTree.fromstring(rendered.data)
        ids = {element.get("id") for element in svg.iter() if element.get("class") == "node"}
        assert {f"claim-{claim.id}" for claim in seed.claims} <= ids


@needs_dot
@pytest.mark.usefixtures("no_bundled_graphviz")
def test_hostile_labels_add_no_nodes_or_edges_once_laid_out() -> None:
    hostile = argmap.load(FIXTURES / "hostile.arg")
    svg = ElementTree.fromstring(render_map(hostile, "svg", Options(legend=False)).data)
    nodes = [e.get("id") for e in svg.iter() if e.get("class") == "node"]
    edges = [e for e in svg.iter() if e.get("class") == "edge"]
    assert sorted(nodes) == sorted([*(f"claim-{c.id}" for c in hostile.claims), "step-p1_p2-c1"])
    assert len(edges) == 2 + 1 + 1  # two premises into the junction, on to the conclusion, one attack
    assert [e for e in svg.iter() if e.get("class") == "cluster"] != []
    assert not any("href" in key for element in svg.iter() for key in element.attrib)


# --- Graphviz missing, failing, slow ------------------------------------------


@pytest.mark.usefixtures("no_bundled_graphviz")
def test_missing_dot_raises_graphviz_not_found(small: ArgumentMap, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", "")
    with pytest.raises(GraphvizNotFound, match="apt-get install graphviz") as caught:
        render_map(small, "svg")
    assert "--format dot" in str(caught.value) and "\n" not in str(caught.value)
    assert isinstance(caught.value, RuntimeError)


@pytest.mark.usefixtures("no_bundled_graphviz")
def test_graphviz_failure_carries_graphvizs_own_message(
    small: ArgumentMap, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake_dot(tmp_path, 'echo "Error: syntax error in line 1 near x" >&2; exit 1')
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(GraphvizFailed, match="syntax error in line 1 near x"):
        render_map(small, "svg")


@pytest.mark.usefixtures("no_bundled_graphviz")
def test_graphviz_crash_is_reported_as_a_crash(
    small: ArgumentMap, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake_dot(tmp_path, "kill -SEGV $$")
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(GraphvizFailed, match=r"crashed .*signal 11"):
        render_map(small, "svg")


@pytest.mark.usefixtures("no_bundled_graphviz")
def test_layout_past_the_time_limit_is_stopped(
    small: ArgumentMap, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake_dot(tmp_path, f"exec {shutil.which('sleep')} 30")
    monkeypatch.setenv("PATH", str(tmp_path))
    started = time.monotonic()
    with pytest.raises(RenderTimeout, match="time limit of 1 s"):
        render_map(small, "svg", timeout=1)
    assert time.monotonic() - started < 10


@pytest.mark.usefixtures("no_bundled_graphviz")
def test_each_layout_gets_a_share_of_the_time_left(small: ArgumentMap) -> None:
    given: list[tuple[Layout, float]] = []

    def run(source: str, fmt: str, layout: Layout, timeout: float) -> bytes:
        given.append((layout, timeout))
        if layout.engine == "sfdp":
            return b"<svg/>"
        raise RenderTimeout("too slow")

    chain = layouts()
    clock = iter([0.0, 40.0, 80.0])  # seconds since the time limit started, as each layout starts
    rendered = render_map(small, "svg", timeout=120, run=run, clock=lambda: next(clock))
    assert [layout for layout, _ in given] == list(chain)
    assert [round(share) for _, share in given] == [40, 40, 40]
    assert rendered.layout == Layout("sfdp", clusters=False) and len(rendered.given_up) == 2


def test_fallback_layouts_draw_without_clusters(small: ArgumentMap) -> None:
    sources: dict[Layout, str] = {}

    def run(source: str, fmt: str, layout: Layout, timeout: float) -> bytes:
        sources[layout] = source
        raise GraphvizFailed("trouble in init_rank")

    with pytest.raises(GraphvizFailed, match="init_rank"):
        render_map(small, "svg", run=run)
    first, *rest = sources.items()
    assert '"cluster_argument:outplayed"' in first[1]
    assert all("cluster_argument" not in source for layout, source in rest if not layout.clusters)


def test_map_too_large_for_dot_goes_straight_to_sfdp() -> None:
    assert layouts(boxes=DOT_LIMIT + 1) == (Layout("sfdp", clusters=False),)


def test_without_dot_on_path_the_bundled_graphviz_does_every_layout(
    small: ArgumentMap, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", "")
    monkeypatch.setattr(render_module, "pygraphviz_available", lambda: True)
    tried: list[Layout] = []

    def run(source: str, fmt: str, layout: Layout, timeout: float) -> bytes:
        tried.append(layout)
        raise GraphvizFailed("no")

    with pytest.raises(GraphvizFailed):
        render_map(small, "svg", run=run)
    assert tried and all(layout.bundled for layout in tried) and len(set(tried)) == len(tried)


@pytest.mark.skipif(not render_module.pygraphviz_available(), reason="pygraphviz (fast-layout extra) not installed")
def test_bundled_graphviz_draws_svg(small: ArgumentMap) -> None:
    data = render_module.run_layout(compile_map(small).source, "svg", Layout("dot", bundled=True), 60)
    assert b'id="claim-won"' in data or b'id="claim&#45;won"' in data


def test_named_engine_is_the_only_layout_tried() -> None:
    assert layouts("neato") == (Layout("neato"),)


def test_fallback_chain_ends_with_sfdp_without_clusters() -> None:
    assert layouts()[0] == Layout("dot") and layouts()[-1] == Layout("sfdp", clusters=False)


@pytest.mark.parametrize(
    "failure, retried", [(GraphvizFailed("trouble in init_rank"), True), (RenderTimeout("slow"), False)]
)
def test_bundled_graphviz_retries_a_layout_that_crashed_but_not_one_that_was_slow(
    small: ArgumentMap, monkeypatch: pytest.MonkeyPatch, failure: Exception, retried: bool
) -> None:
    monkeypatch.setattr(render_module, "pygraphviz_available", lambda: True)
    tried: list[Layout] = []

    def run(source: str, fmt: str, layout: Layout, timeout: float) -> bytes:
        tried.append(layout)
        if len(tried) == 1:
            raise failure
        return b"<svg/>"

    if not HAS_DOT:
        pytest.skip("Graphviz `dot` is not installed")
    rendered = render_map(small, "svg", run=run)
    assert (rendered.layout == Layout("dot", bundled=True)) is retried


# --- writing ------------------------------------------------------------------


def test_write_atomic_replaces_the_file(tmp_path: Path) -> None:
    target = tmp_path / "map.svg"
    target.write_bytes(b"old")
    write_atomic(target, b"new")
    assert target.read_bytes() == b"new" and os.listdir(tmp_path) == ["map.svg"]


def test_failed_write_leaves_the_earlier_file_and_no_temporary(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "map.svg"
    target.write_bytes(b"old")

    def broken(*args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken)
    with pytest.raises(OSError, match="No space"):
        write_atomic(target, b"new")
    assert target.read_bytes() == b"old" and os.listdir(tmp_path) == ["map.svg"]


def test_killed_write_leaves_the_earlier_file(tmp_path: Path) -> None:
    target = tmp_path / "map.svg"
    target.write_bytes(b"old")
    writer = textwrap.dedent(
        f"""
        import os, sys, time
        from argmap.draw.render import write_atomic
        def stall(fd):
            print("writing", flush=True)
            time.sleep(60)
        os.fsync = stall
        write_atomic({str(target)!r}, b"new" * 100000)
        """
    )
    child = subprocess.Popen([sys.executable, "-c", writer], stdout=subprocess.PIPE)
    assert child.stdout is not None and child.stdout.readline() == b"writing\n"
    child.send_signal(signal.SIGKILL)
    child.wait()
    assert target.read_bytes() == b"old"


def test_new_file_gets_the_usual_permissions(tmp_path: Path) -> None:
    umask = os.umask(0o022)
    try:
        write_atomic(tmp_path / "map.svg", b"x")
    finally:
        os.umask(umask)
    assert (tmp_path / "map.svg").stat().st_mode & 0o777 == 0o644
