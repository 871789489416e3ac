"""The fuzz properties of tests/test_fuzz.py and tests/test_fmt_properties.py, run far longer: inputs and failures.

Each property runs under hypothesis with many examples (no example database,
so every run starts fresh); a failing property is reported with its smallest
failing input and the run goes on with the next one.

    python bench/fuzz.py                      # the README's figures: over 100,000 inputs (its time is there too)
    python bench/fuzz.py --examples 500       # a quick look
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
import argmap
import hostile  # tests/hostile.py: the strategies and properties
from argmap.cli import main as argmap_main

__all__ = ["PROPERTIES", "main"]


def _parses(text: str) -> None:
    hostile.parse_or_locate(text)


def _decodes(data: bytes) -> None:
    hostile.decode_parse_or_locate(data)


def _generated(generated: hostile.Generated) -> None:
    assert [c.id for c in argmap.parse(generated.text, "generated.arg").claims] == generated.claim_ids


def _readers(text: str) -> None:
    hostile.readers_agree(text)


def _formats(text: str) -> None:
    hostile.formats_faithfully(text)


def _stages(text: str) -> None:
    parsed = hostile.parse_or_locate(text)
    if parsed is not None:
        hostile.every_stage(parsed)


_FOLDER = Path(tempfile.mkdtemp(prefix="argmap-fuzz-"))
(_FOLDER / "argmap.toml").touch()
_COMMANDS = (["export"], ["check"], ["eval", "--limit", "2000"], ["render", "--format", "dot", "--output", "-"])


def _cli(data: bytes) -> None:
    path = _FOLDER / "hostile.arg"
    path.write_bytes(data)
    for command in _COMMANDS:
        result = CliRunner().invoke(argmap_main, [*command, str(path)])
        assert result.exit_code in (0, 1), (command, result.exit_code, result.stderr[-500:])
        assert "Traceback" not in result.stderr and "internal error" not in result.stderr, result.stderr[-500:]


_MAP_TEXTS = st.one_of(hostile.generated_maps().map(lambda g: g.text), hostile.seed_mutants(), hostile.token_soup())
# Long enough that a cost growing with the square of a run passes the deadline (an unclosed text of
# escaped quotes took 2.5 to 6 s at 20 KB), short enough that a linear one stays far below it.
_LONG_RUNS = hostile.long_runs(max_size=30_000)
_FILES = st.one_of(
    hostile.seed_byte_mutants(), st.binary(max_size=300), hostile.token_soup().map(str.encode),
    hostile.long_runs(max_size=5_000).map(str.encode),
)  # fmt: skip

# name: (strategy, property, share of --examples)
PROPERTIES: dict[str, tuple[st.SearchStrategy[Any], Callable[[Any], None], float]] = {
    "random text": (st.text(), _parses, 1.0),
    "random bytes": (st.binary(max_size=2000), _decodes, 1.0),
    "token soup": (hostile.token_soup(), _parses, 1.0),
    "mutated seed maps": (hostile.seed_mutants(), _parses, 1.0),
    "seed maps with injected bytes": (hostile.seed_byte_mutants(), _decodes, 1.0),
    "maps generated from the grammar": (hostile.generated_maps(), _generated, 1.0),
    "the fast reader builds Lark's map or declines": (_MAP_TEXTS, _readers, 1.0),
    "every stage after the parser": (_MAP_TEXTS, _stages, 0.5),
    "long runs of escapes, spaces, blank lines, ids, contradictions": (_LONG_RUNS, _stages, 0.1),
    "argmap fmt: same map and comments, stable": (hostile.with_comments(_MAP_TEXTS), _formats, 0.5),
    "the CLI (export, check, eval, render dot)": (_FILES, _cli, 0.2),
}


def run(name: str, examples: int) -> tuple[int, str | None, float]:
    """Inputs tried, the failure (None when the property held) and seconds taken."""
    strategy, check, _ = PROPERTIES[name]
    tried = 0

    def counted(value: Any) -> None:
        nonlocal tried
        tried += 1
        check(value)

    # A deadline per input: an input that takes seconds (a regex backtracking, say) is a failure too.
    test = settings(max_examples=examples, deadline=timedelta(seconds=5), database=None,
                    suppress_health_check=list(HealthCheck))(given(strategy)(counted))  # fmt: skip
    start = time.perf_counter()
    try:
        test()
    except Exception as failure:  # the smallest failing input, as hypothesis reports it
        return tried, f"{type(failure).__name__}: {str(failure)[:400]}", time.perf_counter() - start
    return tried, None, time.perf_counter() - start


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--examples", type=int, default=12_500, help="examples per property (default 12,500)")
    args = parser.parse_args(argv)
    total_tried = total_failed = 0
    total_seconds = 0.0
    print(f"{'property':64} {'inputs':>8} {'failures':>8} {'seconds':>8}")
    for name, (_, _, share) in PROPERTIES.items():
        tried, failure, seconds = run(name, max(int(args.examples * share), 1))
        total_tried += tried
        total_failed += failure is not None
        total_seconds += seconds
        print(f"{name:64} {tried:>8,} {failure is not None:>8d} {seconds:>8.1f}")
        if failure:
            print(f"    {failure}")
    print(f"{'total':64} {total_tried:>8,} {total_failed:>8d} {total_seconds:>8.1f}")
    return 1 if total_failed else 0


if __name__ == "__main__":
    sys.exit(main())
