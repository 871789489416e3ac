"""`argmap eval --sensitivity`: the linchpins of a large map's top conclusions.

For each size N it generates a map of N arguments (bench/generate.py), picks
the K top conclusions that rest on the most (the largest set of claims their
status and strength depend on: the hardest ones), and times, in this
process, reading the map and the sensitivity of those K, best of three; then
`argmap eval --sensitivity` as a whole process for the same K, reading the
map included. The target: 5,000 arguments, top 10, under 10 s.

    python bench/sensitivity.py --sizes 1000 5000 --top 10
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from generate import build, to_arg
from timing import best_of

from argmap.evaluate.sensitivity import _Graph, sensitivity
from argmap.read.loader import load


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 5_000], help="map sizes, in arguments")
    parser.add_argument("--top", type=int, default=10, help="how many top conclusions (default 10)")
    options = parser.parse_args(argv)
    print(f"{'arguments':>9}  {'claims':>7}  {'tops':>5}  {'rest on':>8}  {'linchpins':>9}  "
          f"{'read s':>7}  {'sens. s':>7}  {'process s':>9}")  # fmt: skip
    with tempfile.TemporaryDirectory() as folder:
        for size in options.sizes:
            path = Path(folder) / f"{size}.arg"
            path.write_text(to_arg(build(size)), encoding="utf-8")
            read = best_of(lambda: load(path))  # noqa: B023 - called at once
            amap = load(path)
            graph = _Graph(amap)
            tops = amap.top_conclusions()
            sizes = {c: len(graph.upstream(graph.number[c])) for c in tops}
            chosen = sorted(tops, key=lambda c: -sizes[c])[: options.top]
            found: list[object] = []
            took = best_of(lambda: found.append(sensitivity(amap, chosen)))  # noqa: B023 - called at once
            results = sensitivity(amap, chosen)
            linchpins = sum(len(r.linchpins) for r in results)
            command = [sys.executable, "-m", "argmap", "eval", str(path), "--sensitivity", *chosen]
            start = time.perf_counter()
            subprocess.run(command, check=False, capture_output=True, cwd=folder)
            process = time.perf_counter() - start
            rest_on = sum(sizes[c] for c in chosen)
            print(f"{size:>9,}  {len(amap.claims):>7,}  {len(tops):>5,}  {rest_on:>8,}  {linchpins:>9,}  "
                  f"{read:>7.2f}  {took:>7.2f}  {process:>9.2f}")  # fmt: skip


if __name__ == "__main__":
    main()
