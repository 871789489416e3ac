"""`argmap render` from the command line: outputs, folders, and every error a user can cause."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from argmap.cli import main
from argmap.draw import render as render_module
from fakedot import fake_dot  # tests/fakedot.py

FIXTURES = Path(__file__).parent / "fixtures" / "render"
SMALL = str(FIXTURES / "small.arg")
HAS_DOT = shutil.which("dot") is not None
needs_dot = pytest.mark.skipif(not HAS_DOT, reason="Graphviz `dot` is not installed")


@pytest.fixture(autouse=True)
def no_bundled_graphviz(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(render_module, "pygraphviz_available", lambda: False)


def run(*args: str, env: dict[str, str] | None = None) -> tuple[int, bytes, str]:
    result = CliRunner().invoke(main, ["render", *args], env=env)
    return result.exit_code, result.stdout_bytes, result.stderr


@pytest.mark.needs_dot
@needs_dot
@pytest.mark.parametrize("name, magic", [("map.svg", b"<?xml"), ("map.png", b"\x89PNG"), ("map.pdf", b"%PDF")])
def test_format_comes_from_the_output_extension(tmp_path: Path, name: str, magic: bytes) -> None:
    code, _, _ = run(SMALL, "-o", str(tmp_path / name))
    assert code == 0 and (tmp_path / name).read_bytes().startswith(magic)


def test_format_option_wins_over_the_extension(tmp_path: Path) -> None:
    code, _, _ = run(SMALL, "-o", str(tmp_path / "map.txt"), "--format", "dot")
    assert code == 0 and (tmp_path / "map.txt").read_text().startswith("digraph")


def test_dash_writes_to_stdout() -> None:
    code, out, _ = run(SMALL, "-o", "-", "-f", "dot")
    assert code == 0 and out.startswith(b"digraph argmap {")


def test_folder_renders_each_top_level_map_into_the_output_folder(tmp_path: Path) -> None:
    code, _, _ = run(str(FIXTURES / "split"), "-o", str(tmp_path / "out"), "-f", "dot")
    assert code == 0 and sorted(p.name for p in (tmp_path / "out").iterdir()) == ["index.dot"]


def test_output_equal_to_an_input_is_refused(tmp_path: Path) -> None:
    copy = tmp_path / "map.arg"
    shutil.copy(SMALL, copy)
    code, _, err = run(str(copy), "-o", str(copy), "-f", "dot")
    assert code == 2 and "refusing to write over the map" in err
    assert copy.read_bytes() == Path(SMALL).read_bytes()


def test_output_equal_to_an_included_file_is_refused(tmp_path: Path) -> None:
    included = FIXTURES / "split" / "claims.arg"
    code, _, err = run(str(FIXTURES / "split" / "index.arg"), "-o", str(included), "-f", "dot")
    assert code == 2 and "refusing" in err


def test_missing_graphviz_exits_2_with_one_line_on_how_to_install() -> None:
    code, _, err = run(SMALL, "-o", "-", env={"PATH": ""})
    assert code == 2
    assert err.count("\n") == 1 and "apt-get install graphviz" in err and "--format dot" in err


def test_dot_format_works_without_graphviz(tmp_path: Path) -> None:
    code, _, _ = run(SMALL, "-o", str(tmp_path / "map.dot"), env={"PATH": ""})
    assert code == 0 and (tmp_path / "map.dot").exists()


def test_graphviz_failure_exits_2_with_its_message(tmp_path: Path) -> None:
    env = fake_dot(tmp_path, 'echo "Error: <stdin>: syntax error in line 3" >&2; exit 1')
    code, _, err = run(SMALL, "-o", str(tmp_path / "map.svg"), env=env)
    assert code == 2 and "syntax error in line 3" in err and "Traceback" not in err


def test_timeout_exits_2_and_leaves_the_earlier_output(tmp_path: Path) -> None:
    env = fake_dot(tmp_path, f"exec {shutil.which('sleep')} 30")
    earlier = tmp_path / "map.svg"
    earlier.write_text("earlier picture")
    code, _, err = run(SMALL, "-o", str(earlier), "--timeout", "0.6", env=env)
    assert code == 2 and "time limit" in err
    assert earlier.read_text() == "earlier picture" and sorted(p.name for p in tmp_path.iterdir()) == ["bin", "map.svg"]


def test_map_error_exits_1_with_a_located_message(tmp_path: Path) -> None:
    broken = tmp_path / "broken.arg"
    broken.write_text('claim a "no colon"\n')
    code, _, err = run(str(broken), "-o", "-", "-f", "dot")
    assert code == 1 and f"{broken}:1:" in err


def test_unknown_extension_is_a_usage_error(tmp_path: Path) -> None:
    code, _, err = run(SMALL, "-o", str(tmp_path / "map.jpeg"))
    assert code == 2 and "--format" in err


def test_unknown_focus_is_a_usage_error() -> None:
    code, _, err = run(SMALL, "-o", "-", "-f", "dot", "--focus", "nowhere")
    assert code == 2 and "no claim 'nowhere'" in err


def test_several_maps_to_stdout_is_a_usage_error() -> None:
    code, _, err = run(str(FIXTURES / "split"), "-o", "-")
    assert code == 2 and "-o -" in err


def test_fallback_layout_is_named_on_stderr(tmp_path: Path) -> None:
    # A `dot` that stalls on clusters but draws a map without them.
    grep, sleep, cat = (shutil.which(p) for p in ("grep", "sleep", "cat"))
    env = fake_dot(tmp_path, f"{grep} -q cluster_a && exec {sleep} 30; {cat} >/dev/null; echo '<svg/>'")
    code, _, err = run(SMALL, "-o", str(tmp_path / "map.svg"), "--timeout", "3", env=env)
    assert code == 0 and "laid out with dot (Graphviz, without argument clusters)" in err


@pytest.mark.parametrize("direction", ["LR", "rl"])
def test_direction_option_reaches_the_drawing(direction: str) -> None:
    code, out, _ = run(SMALL, "-o", "-", "-f", "dot", "--direction", direction)
    assert code == 0 and f"rankdir={direction.upper()}".encode() in out


def test_no_legend_leaves_out_the_key() -> None:
    _, out, _ = run(SMALL, "-o", "-", "-f", "dot", "--no-legend")
    assert b"cluster_legend" not in out


def test_many_maps_render_with_a_progress_bar_on_stderr(tmp_path: Path) -> None:
    maps = tmp_path / "maps"
    maps.mkdir()
    for number in range(6):
        (maps / f"m{number}.arg").write_text(f'claim c{number}: "Claim {number}."\n')
    code, _, err = run(str(maps), "-o", str(tmp_path / "out"), "-f", "dot")
    assert code == 0 and "Rendering" in err
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [f"m{n}.dot" for n in range(6)]


def test_one_broken_map_in_a_folder_does_not_stop_the_others(tmp_path: Path) -> None:
    maps = tmp_path / "maps"
    maps.mkdir()
    (maps / "good.arg").write_text('claim a: "Fine."\n')
    (maps / "bad.arg").write_text('claim b "no colon"\n')
    code, _, err = run(str(maps), "-o", str(tmp_path / "out"), "-f", "dot")
    assert code == 1 and "bad.arg:1:" in err
    assert [p.name for p in (tmp_path / "out").iterdir()] == ["good.dot"]


def test_output_under_a_file_is_a_clean_error(tmp_path: Path) -> None:
    (tmp_path / "plain").write_text("not a folder")
    code, _, err = run(SMALL, "-o", str(tmp_path / "plain" / "map.dot"))
    assert code == 2 and err.strip().endswith("is a file, not a folder") and "Traceback" not in err


def test_map_too_large_for_dot_is_laid_out_with_sfdp_and_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(render_module, "DOT_LIMIT", 3)
    env = fake_dot(tmp_path, f"{shutil.which('cat')} >/dev/null; echo '<svg/>'")
    code, _, err = run(SMALL, "-o", str(tmp_path / "map.svg"), env=env)
    assert code == 0 and "boxes are more than dot lays out in good time" in err and "laid out with sfdp" in err


SEED = str(Path(__file__).parent.parent / "maps" / "khatami.arg")


def test_the_summary_band_shows_the_evaluation_and_open_findings_unless_turned_off() -> None:
    _, out, _ = run(SEED, "-o", "-", "-f", "dot")
    assert b"What the map concludes" in out and b"Evaluation</B> (grounded), 44 claims" in out
    assert b"<B>Open findings</B>: none" in out and b"\xe2\x9a\x91 AM601: actor" in out
    _, out, _ = run(SEED, "-o", "-", "-f", "dot", "--no-summary")
    assert b"What the map concludes" not in out and b"Evaluation" not in out


def test_status_fills_the_boxes_and_tells_why_in_each_tooltip() -> None:
    _, out, _ = run(SEED, "-o", "-", "-f", "dot", "--status")
    assert "✗ DEFEATED".encode() in out and b'tooltip="defeated: attacked by not_fulfilled, which is in"' in out


def test_colour_and_panels_by_tag_reach_the_drawing() -> None:
    _, out, _ = run(SEED, "-o", "-", "-f", "dot", "--color-by", "tag", "--group-by", "tag")
    assert b'subgraph "cluster_tag:arms"' in out and b"<B>Tags</B>" in out


def test_colour_by_status_is_the_status_view() -> None:
    _, out, _ = run(SEED, "-o", "-", "-f", "dot", "--color-by", "status")
    assert "✓ ACCEPTED".encode() in out and b"<B>Actors</B>" not in out


@pytest.mark.parametrize("focus", [["--focus", "befriend,no_alarm"], ["--focus", "befriend", "--focus", "no_alarm"]])
def test_focus_takes_several_ids(focus: list[str]) -> None:
    code, out, _ = run(SEED, "-o", "-", "-f", "dot", "--depth", "0", *focus)
    assert code == 0 and b"Focus: befriend, no_alarm, 2 of 44 claims" in out


def test_a_mistyped_focus_suggests_the_nearest_id() -> None:
    code, _, err = run(SEED, "-o", "-", "-f", "dot", "--focus", "befrend")
    assert code == 2 and "did you mean 'befriend'?" in err


@pytest.mark.parametrize("inputs", [[SMALL], [str(FIXTURES / "split"), SMALL]], ids=["one map", "several maps"])
def test_a_graphviz_message_quoting_the_map_is_shown_escaped(tmp_path: Path, inputs: list[str]) -> None:
    # Graphviz's errors quote the label, which holds map text: an OSC sequence would set the terminal's title.
    env = fake_dot(tmp_path, r"printf 'Error: near <\033]0;owned\007>\n' >&2; exit 1")
    code, _, err = run(*inputs, "-o", str(tmp_path / "out") + "/", env=env)
    assert code == 2
    assert "near <\\x1b]0;owned\\x07>" in err and "\x1b" not in err
