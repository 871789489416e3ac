"""Large and deep maps work or fail with a clear message, never with a RecursionError.

The cheap cases at a size that keeps the suite fast; `bench/limits.py` runs
them at full size (100,000 blocks, ids and links, a 100 MB file) through every command.
"""

from __future__ import annotations

import contextlib
import time
from pathlib import Path

import pytest

import argmap
import hostile


def test_many_nested_argument_blocks_fail_at_the_second() -> None:
    with pytest.raises(argmap.ParseError) as caught:
        argmap.parse('argument a "A" {\n' * 20_000)
    assert str(caught.value.diagnostic.span) == "<string>:2:1"
    assert "cannot be nested" in caught.value.diagnostic.message


def test_a_million_opening_braces_fail_at_the_first() -> None:
    with pytest.raises(argmap.ParseError) as caught:
        argmap.parse("{" * 1_000_000)
    assert str(caught.value.diagnostic.span) == "<string>:1:1"


def test_a_megabyte_of_text_on_one_line_parses() -> None:
    text = "word " * 200_000
    assert argmap.parse(f'claim long: "{text}"\n').claims[0].text == text


def test_a_megabyte_line_with_an_error_at_its_end_is_located() -> None:
    with pytest.raises(argmap.ParseError) as caught:
        argmap.parse('claim long: "' + "w" * 1_000_000 + '" @\n')
    assert caught.value.diagnostic.span.column == 1_000_016


def test_ten_thousand_ids_parse() -> None:
    text = "".join(f'claim c{i}: "Claim {i}."\n' for i in range(10_000))
    assert len(argmap.parse(text).claims) == 10_000


def test_a_long_support_chain_goes_through_every_stage() -> None:
    count = 2_000
    claims = "".join(f'claim c{i}: "Step {i}."\n' for i in range(count))
    links = "".join(f"c{i} supports c{i + 1}\n" for i in range(count - 1))
    chain = argmap.parse(claims + links)
    assert len(chain.supports) == count - 1
    hostile.every_stage(chain)


def test_a_chain_of_a_thousand_includes_loads(tmp_path: Path) -> None:
    (tmp_path / "argmap.toml").touch()
    for i in range(1000):
        include = f'include "f{i + 1}.arg"\n' if i < 999 else ""
        (tmp_path / f"f{i}.arg").write_text(f'claim c{i}: "x"\n{include}', encoding="utf-8")
    assert len(argmap.load(tmp_path / "f0.arg").claims) == 1000


@pytest.mark.parametrize(
    "text",
    ["#" * 5_000, "#" * 5_000 + "\n@", " " * 200_000 + "@", "# x\n" * 50_000 + "@", '"' + "\\\\" * 100_000],
    ids=["hashes", "hashes-then-error", "spaces-then-error", "comments-then-error", "backslashes"],
)
def test_runs_of_spaces_and_comments_are_read_in_linear_time(text: str) -> None:
    start = time.perf_counter()
    with contextlib.suppress(argmap.ParseError):
        argmap.parse(text)
    assert time.perf_counter() - start < 5
