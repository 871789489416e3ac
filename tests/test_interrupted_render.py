"""A render killed at any moment leaves the earlier output intact: the old bytes, or the whole new file.

`argmap render` of a larger map runs as a real process and is sent SIGKILL at
several points of its run, over an output file that already exists.
"""

from __future__ import annotations

import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))
from generate import build, to_arg  # bench/generate.py: synthetic maps of any size

pytestmark = [
    pytest.mark.slow,
    pytest.mark.needs_dot,
    pytest.mark.skipif(shutil.which("dot") is None, reason="needs Graphviz dot"),
    pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL"),
]

OLD = b"<svg>the earlier drawing</svg>\n"


def render(map_path: Path, output: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen([sys.executable, "-m", "argmap", "render", str(map_path), "--output", str(output)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip


@pytest.fixture(scope="module")
def larger_map(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, float]:
    """A map of 150 arguments, and how long one render of it takes."""
    folder = tmp_path_factory.mktemp("kill")
    (folder / "argmap.toml").touch()
    path = folder / "large.arg"
    path.write_text(to_arg(build(150)), encoding="utf-8")
    start = time.perf_counter()
    assert render(path, folder / "first.svg").wait(timeout=300) == 0
    return path, time.perf_counter() - start


@pytest.mark.parametrize("fraction", [0.05, 0.3, 0.6, 0.85, 0.95, 0.99])
def test_render_killed_mid_run_leaves_old_or_whole_new_output(
    larger_map: tuple[Path, float], tmp_path: Path, fraction: float
) -> None:
    path, duration = larger_map
    output = tmp_path / "large.svg"
    output.write_bytes(OLD)
    process = render(path, output)
    time.sleep(duration * fraction)
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=60)
    data = output.read_bytes()
    assert data == OLD or (data.startswith(b"<?xml") and data.rstrip().endswith(b"</svg>")), data[-200:]


def test_some_kill_lands_before_the_render_ends(larger_map: tuple[Path, float], tmp_path: Path) -> None:
    path, duration = larger_map
    output = tmp_path / "large.svg"
    output.write_bytes(OLD)
    process = render(path, output)
    time.sleep(duration * 0.5)
    process.send_signal(signal.SIGKILL)
    assert process.wait(timeout=60) == -signal.SIGKILL
    assert output.read_bytes() == OLD
