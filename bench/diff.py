"""How long `argmap diff` takes on large maps, and where the time goes.

For each size, a synthetic map (bench/generate.py) is compared with itself
with one argument added at the end, which rebuts an early conclusion: the
model comparison (`diff_maps`), the evaluation and the checks of both maps
(`meaning`), each output format, and the whole command as its own process.

    python bench/diff.py                      # 1,000 and 5,000 arguments
    python bench/diff.py --sizes 500,20000
"""

from __future__ import annotations

import argparse
import gc
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import generate

from argmap.read.loader import load
from argmap.review import FORMATS, Review, diff_maps, meaning

__all__ = ["main"]


def _timed(action):  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    result = action()
    return result, time.perf_counter() - start


def _maps(folder: Path, count: int) -> tuple[Path, Path]:
    text = generate.to_arg(generate.build(count))
    old, new = folder / "old.arg", folder / "new.arg"
    old.write_text(text, encoding="utf-8")
    extra = (
        '\nargument late "A late objection" {\n'
        '  premise late_p: "A late premise that tells against the first conclusion."\n'
        '  conclusion late_c: "The first conclusion does not hold."\n'
        "}\nlate_c rebuts a1_c\n"
    )
    new.write_text(text + extra, encoding="utf-8")
    (folder / "argmap.toml").write_text("", encoding="utf-8")
    return old, new


def measure(count: int) -> None:
    with tempfile.TemporaryDirectory() as scratch:
        old_path, new_path = _maps(Path(scratch), count)
        (old, new), loading = _timed(lambda: (load(old_path), load(new_path)))
        gc.freeze()  # as the command does once its maps are loaded (argmap.cli.common.load_map)
        diff, comparing = _timed(lambda: diff_maps(old, new))
        found, judging = _timed(lambda: meaning(old, new, diff))
        review = Review(str(old_path), str(new_path), diff, found)
        writing = {name: _timed(lambda f=fmt: f(review, False))[1] for name, fmt in FORMATS.items()}
        argv = [sys.executable, "-m", "argmap", "diff", str(old_path), str(new_path), "--format", "json"]
        _, whole = _timed(lambda: subprocess.run(argv, capture_output=True, check=True))
    print(f"{count:>7,} arguments ({len(new.claims):,} claims): load both {loading:.2f} s, "
          f"compare {comparing:.3f} s, evaluate and check both {judging:.2f} s, "
          + ", ".join(f"{name} {seconds * 1000:.1f} ms" for name, seconds in writing.items())
          + f"; the command {whole:.2f} s; {len(found.flips)} status flips, "
          f"{len(diff.added)} added, {len(diff.links_added)} links added")  # fmt: skip


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--sizes", default="1000,5000", help="comma-separated numbers of arguments")
    args = parser.parse_args(argv)
    for size in args.sizes.split(","):
        measure(int(size))


if __name__ == "__main__":
    main()
