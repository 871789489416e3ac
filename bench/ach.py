"""`argmap ach` by map size: deriving a hypothesis set's matrix and writing it.

For each size N it generates a map of N arguments (bench/generate.py), adds
a hypothesis set of the conclusions of the first K arguments (the ones that
later arguments build on, so their chains reach furthest), and times, in
this process, the matrix's derivation (chains, scores, sensitivity) and each
output format, best of three; then `argmap ach` as a whole process, reading
the map included.

    python bench/ach.py --sizes 1000 5000 10000 --hypotheses 5
"""

from __future__ import annotations

import argparse
import functools
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from generate import build, to_arg
from timing import best_of

from argmap.evaluate.ach import derive_all
from argmap.formats.ach import FORMATS
from argmap.read.loader import load


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 5000, 10000])
    parser.add_argument("--hypotheses", type=int, default=5)
    options = parser.parse_args(argv)
    members = ", ".join(f"a{n}_c" for n in range(1, options.hypotheses + 1))
    print("arguments  claims  evidence  derive (s)  " + "  ".join(f"{f} (s)" for f in FORMATS) + "  argmap ach (s)")
    with tempfile.TemporaryDirectory() as folder:
        for size in options.sizes:
            path = Path(folder) / f"{size}.arg"
            path.write_text(to_arg(build(size)) + f'\nhypotheses bench "Which?" {{ {members} }}\n', encoding="utf-8")
            argument_map = load(path)
            matrices = derive_all(argument_map)
            derive = best_of(functools.partial(derive_all, argument_map))
            formats = [best_of(functools.partial(FORMATS[f], matrices, str(path))) for f in FORMATS]
            start = time.perf_counter()
            subprocess.run([sys.executable, "-m", "argmap", "ach", str(path)], check=True, capture_output=True)
            whole = time.perf_counter() - start
            shown = "  ".join(f"{t:>{len(f) + 4}.3f}" for f, t in zip(FORMATS, formats, strict=True))
            print(f"{size:>9}  {len(argument_map.claims):>6}  {len(matrices[0].rows):>8}  {derive:>10.3f}  {shown}"
                  f"  {whole:>14.2f}")  # fmt: skip


if __name__ == "__main__":
    main()
