"""Render time by map size: which layout `argmap render` ends up with, and how long it takes.

For each size N it generates a map of N arguments (bench/generate.py), then
times `argmap render --format svg` as a whole process, bare `dot -Tsvg` on
the same DOT for comparison when that finishes within the time limit, and
`argmap render --view arguments` (one box per argument) with the layout it
ends with.

    python bench/render_large.py --sizes 100 1000 5000 --timeout 300
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from generate import build, to_arg  # noqa: E402

ARGMAP = [sys.executable, "-m", "argmap"]


def timed(argv: list[str], timeout: float) -> tuple[float | None, str]:
    """Wall seconds (None past `timeout`) and stderr of one process."""
    started = time.perf_counter()
    try:
        done = subprocess.run(argv, capture_output=True, timeout=timeout, check=False)
    except subprocess.TimeoutExpired:
        return None, f"past {timeout:g} s"
    elapsed = time.perf_counter() - started
    if done.returncode != 0:
        return None, done.stderr.decode(errors="replace").strip().splitlines()[-1]
    return elapsed, done.stderr.decode(errors="replace").strip()


def render(source: Path, out: Path, timeout: float, *extra: str) -> tuple[float | None, str]:
    """Wall seconds of one `argmap render` (None past its limit) and the layout it ended with, or its error."""
    seconds, stderr = timed(
        [*ARGMAP, "render", str(source), "-o", str(out), "--timeout", str(timeout), *extra], timeout * 1.2
    )
    if seconds is None:
        return None, stderr
    return seconds, stderr.rsplit("laid out with ", 1)[1] if "laid out with " in stderr else "dot (Graphviz)"


def shown(seconds: float | None) -> str:
    return "-" if seconds is None else f"{seconds:.1f} s"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000, 5000])
    parser.add_argument("--timeout", type=float, default=300, help="argmap's --timeout, and bare dot's limit")
    parser.add_argument("--no-bare-dot", action="store_true", help="skip timing bare dot")
    parser.add_argument("--no-overview", action="store_true", help="skip timing --view arguments")
    options = parser.parse_args(argv)
    print("| arguments | boxes | argmap render --format svg | layout used | bare dot -Tsvg | --view arguments |")
    print("| ---: | ---: | ---: | --- | ---: | ---: |")
    with tempfile.TemporaryDirectory() as folder:
        for size in options.sizes:
            source = Path(folder) / f"{size}.arg"
            source.write_text(to_arg(build(size, 1)), encoding="utf-8")
            dot = Path(folder) / f"{size}.dot"
            subprocess.run([*ARGMAP, "render", str(source), "-o", str(dot)], check=True)
            text = dot.read_text(encoding="utf-8")
            boxes = text.count('id="claim-') + text.count('id="step-')  # claims and inference dots
            seconds, layout = render(source, Path(folder) / f"{size}.svg", options.timeout)
            bare: float | None = None
            if not options.no_bare_dot:
                bare, _ = timed(["dot", "-Tsvg", str(dot), "-o", str(Path(folder) / "bare.svg")], options.timeout)
            overview = "-"
            if not options.no_overview:
                overview_svg = Path(folder) / f"{size}-arguments.svg"
                took, used = render(source, overview_svg, options.timeout, "--view", "arguments")
                overview = shown(took) + ("" if used.startswith("dot") else f" ({used})")
            print(f"| {size:,} | {boxes:,} | {shown(seconds)} | {layout} | {shown(bare)} | {overview} |", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
