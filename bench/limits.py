"""Maps at the limits: each either works or fails with a clear message, in bounded time and memory.

Builds the files in a temporary folder outside the repository, runs each
argmap command on them as its own process and prints, per case and command,
the exit code, the wall and CPU time, the peak memory and the first line of stderr.
A row fails when the exit code is not 0 or 1, when stderr holds a traceback,
an internal error or a RecursionError, or when a map error has no
`file:line:col` first line.

    python bench/limits.py                    # every case (a few minutes)
    python bench/limits.py --cases nested,ids # some of them
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from run import run_once

__all__ = ["CASES", "main"]

ARGMAP = [sys.executable, "-m", "argmap"]
EXPORT = ["export", "--format", "json"]
CHECK = ["check"]
EVAL = ["eval"]
DOT = ["render", "--format", "dot", "--output", "-"]


def _nested_arguments(folder: Path) -> Path:
    return _write(folder / "nested.arg", 'argument a "A" {\n' * 100_000)


def _braces(folder: Path) -> Path:
    return _write(folder / "braces.arg", "{" * 1_000_000)


def _hundred_megabytes(folder: Path) -> Path:
    path = folder / "100mb.arg"
    line = 'claim c{}: "A claim of a map far larger than any analyst writes by hand, to fill the file."\n'
    with path.open("w", encoding="utf-8") as out:
        for i in range(100 * 1024 * 1024 // len(line) + 1):
            out.write(line.format(i))
    return path


def _megabyte_text(folder: Path) -> Path:
    return _write(folder / "1mb-text.arg", 'claim long: "' + "word " * 200_000 + '"\nclaim b: "B"\nlong supports b\n')


def _megabyte_id_list(folder: Path) -> Path:
    return _write(folder / "1mb-ids.arg", ", ".join(f"p{i}" for i in range(130_000)) + " support c\n")


def _hundred_thousand_ids(folder: Path) -> Path:
    return _write(folder / "100k-ids.arg", "".join(f'claim c{i}: "Claim number {i}."\n' for i in range(100_000)))


def _include_chain(folder: Path) -> Path:
    chain = folder / "chain"
    chain.mkdir()
    for i in range(1000):
        _write(chain / f"f{i}.arg", f'claim c{i}: "Claim {i}."\n' + (f'include "f{i + 1}.arg"\n' if i < 999 else ""))
    return chain / "f0.arg"


def _support_chain(folder: Path) -> Path:
    claims = "".join(f'claim c{i}: "Step {i}."\n' for i in range(100_000))
    links = "".join(f"c{i} supports c{i + 1}\n" for i in range(99_999))
    return _write(folder / "100k-chain.arg", claims + links)


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


CASES: dict[str, tuple[str, Callable[[Path], Path], list[list[str]]]] = {
    "nested": ("100,000 nested argument blocks", _nested_arguments, [EXPORT]),
    "braces": ("1,000,000 '{' on one line", _braces, [EXPORT]),
    "100mb": ("a 100 MB file", _hundred_megabytes, [EXPORT, CHECK]),
    "line": ("a 1 MB text on one line", _megabyte_text, [EXPORT, CHECK, EVAL, DOT]),
    "idlist": ("a 1 MB list of 130,000 premises", _megabyte_id_list, [EXPORT, CHECK, EVAL, DOT]),
    "ids": ("100,000 claims", _hundred_thousand_ids, [EXPORT, CHECK, EVAL, DOT]),
    "includes": ("a chain of 1,000 includes", _include_chain, [EXPORT, CHECK, EVAL, DOT]),
    "chain": ("a support chain 100,000 long", _support_chain, [EXPORT, CHECK, EVAL, DOT]),
}

_LOCATED = re.compile(r"^\S.*:\d+:\d+: ")
_BROKEN = ("Traceback", "internal error", "RecursionError")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", default=",".join(CASES), help="comma-separated: " + ", ".join(CASES))
    parser.add_argument("--timeout", type=float, default=600.0, help="seconds per command")
    args = parser.parse_args(argv)
    failures = 0
    with tempfile.TemporaryDirectory(prefix="argmap-limits-") as temporary:
        folder = Path(temporary)
        (folder / "argmap.toml").touch()
        print(f"{'case':34} {'command':8} {'exit':>4} {'wall s':>8} {'CPU s':>8} {'peak MB':>8}  first line of stderr")
        for key in args.cases.split(","):
            title, build, commands = CASES[key]
            path = build(folder)
            for command in commands:
                seconds, cpu, peak, code, tail = run_once([*ARGMAP, *command, str(path)], args.timeout)
                first = _first_line(tail)
                broken = code not in (0, 1) or any(word in tail for word in _BROKEN)
                broken = broken or (code == 1 and command is not CHECK and not _LOCATED.match(first))
                failures += broken
                mark = "FAIL " if broken else ""
                figures = f"{code:>4} {seconds:>8.2f} {cpu:>8.2f} {peak:>8.0f}"
                print(f"{title:34} {command[0]:8} {figures}  {mark}{first[:80]}")
    print(f"{failures} failure(s)")
    return 1 if failures else 0


def _first_line(tail: str) -> str:
    lines = [line for line in tail.splitlines() if line.strip()]
    located = [line for line in lines if _LOCATED.match(line)]
    return (located or lines or [""])[0]


if __name__ == "__main__":
    sys.exit(main())
