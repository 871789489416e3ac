"""What a syntax error costs: `argmap check` on a generated map, clean and with mistakes.

Generates a map of N arguments with `bench/generate.py` (5,000 by default, the
size issue 15 measured), then runs `argmap check --select AM001` on it as a
process of its own, each variant in turn, and prints the median CPU time (user
and system, start-up included), the wall time and how many syntax errors were
reported. The variants:

- clean: the map as generated;
- last line: one mistake on the map's last line (a claim with no colon);
- keyword id: a claim whose id is spelled like a keyword (`claim in: ...`),
  well-formed, added at the end and used by a link;
- three mistakes: one near the start, one in the middle, one at the end;
- every argument: a mistake in each of the first 200 arguments (where the
  report stops and counts the rest).

    python bench/parse_errors.py                    # 5,000 arguments, 3 runs of each
    python bench/parse_errors.py --arguments 1000 --runs 5
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import generate

__all__ = ["VARIANTS", "main"]

ARGMAP = [sys.executable, "-m", "argmap"]


def _last_line(text: str) -> str:
    return text + 'claim late "a claim with no colon"\n'


def _keyword_id(text: str) -> str:
    return text + 'claim in: "A claim whose id is spelled like a keyword."\nin supports a1_c\n'


def _lines_with(text: str, prefix: str) -> list[int]:
    lines = text.split("\n")
    return [n for n, line in enumerate(lines) if line.lstrip().startswith(prefix)]


def _broken(text: str, which: Callable[[list[int]], list[int]]) -> str:
    """`text` with a colon taken from the premises `which` picks."""
    lines = text.split("\n")
    for n in which(_lines_with(text, "premise ")):
        lines[n] = lines[n].replace(":", "", 1)
    return "\n".join(lines)


def _three(text: str) -> str:
    return _broken(text, lambda found: [found[0], found[len(found) // 2], found[-1]])


def _every_argument(text: str) -> str:
    return _broken(text, lambda found: found[: 3 * 200 : 3])


VARIANTS: dict[str, Callable[[str], str]] = {
    "clean": lambda text: text,
    "last line": _last_line,
    "keyword id": _keyword_id,
    "three mistakes": _three,
    "every argument (200)": _every_argument,
}


def _run(path: Path) -> tuple[float, float, int]:
    """CPU seconds, wall seconds and the number of syntax errors of one `argmap check`, run in the map's folder.

    (Run from `bench/`, Python would take this folder's modules for the standard library's.)
    """
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(
        [*ARGMAP, "check", "--select", "AM001", "--output-format", "json", path.name],
        cwd=path.parent,
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "ARGMAP_JOBS": "1"},
    )
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
    if done.returncode not in (0, 1):
        raise SystemExit(f"argmap check exited {done.returncode} on {path}: {done.stderr.strip()[:300]}")
    errors = sum(d["code"] == "AM001" for d in json.loads(done.stdout)["diagnostics"])
    return cpu, wall, errors


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--arguments", "-n", type=int, default=5_000, help="arguments in the map (default 5,000)")
    parser.add_argument("--runs", type=int, default=3, help="runs of each variant; the median is shown (default 3)")
    options = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="argmap-parse-errors-") as folder:
        base = Path(folder) / "clean.arg"
        generate.main(["--arguments", str(options.arguments), "-o", str(base)])
        (Path(folder) / "argmap.toml").write_text("", encoding="utf-8")
        text = base.read_text(encoding="utf-8")
        paths = {}
        for number, (name, make) in enumerate(VARIANTS.items()):
            paths[name] = Path(folder) / f"variant{number}.arg"
            paths[name].write_text(make(text), encoding="utf-8")
        _run(paths["clean"])  # warm the parser cache and the file cache
        results: dict[str, list[tuple[float, float, int]]] = {name: [] for name in VARIANTS}
        for _ in range(options.runs):
            for name, path in paths.items():  # in turn, so a busy moment falls on every variant alike
                results[name].append(_run(path))
    print(f"argmap check --select AM001 on a generated map of {options.arguments:,} arguments "
          f"({len(text) / 1e6:.1f} MB), median of {options.runs}")  # fmt: skip
    print(f"| {'variant':<22} | {'CPU':>8} | {'wall':>8} | {'x clean CPU':>11} | {'syntax errors':>13} |")
    print(f"| {'-' * 22} | {'-' * 7}: | {'-' * 7}: | {'-' * 10}: | {'-' * 12}: |")
    clean_cpu = statistics.median(r[0] for r in results["clean"])
    for name, runs in results.items():
        cpu = statistics.median(r[0] for r in runs)
        wall = statistics.median(r[1] for r in runs)
        errors = runs[-1][2]
        print(f"| {name:<22} | {cpu:7.2f}s | {wall:7.2f}s | {cpu / clean_cpu:10.2f}x | {errors:>13} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
