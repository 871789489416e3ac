"""Hostile input: whatever the text or bytes, argmap answers with a result or a located MapError.

Random text, random bytes, token soup, maps generated from the grammar,
mutations of the seed maps and maps around one long run (escapes, spaces,
blank lines, ids, contradictions) go through parse (and load's decoding); the maps
that parse go on through check, evaluation, export and the DOT compiler, which
must not raise at all; and the CLI answers each with exit 0 or 1, never a
traceback or an internal error. `bench/fuzz.py` runs the same properties far longer.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import argmap
import hostile  # tests/hostile.py: the strategies, shared with bench/fuzz.py
from argmap.cli import main
from argmap.formats.export import to_json
from argmap.read import larkparse

FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
SLOW = settings(max_examples=40, deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])  # fmt: skip


# --- parse and decode -------------------------------------------------------------


@FAST
@given(st.text())
def test_random_text_parses_or_fails_located(text: str) -> None:
    hostile.parse_or_locate(text)


@FAST
@given(st.binary(max_size=400))
def test_random_bytes_decode_and_parse_or_fail_located(data: bytes) -> None:
    hostile.decode_parse_or_locate(data)


@FAST
@given(hostile.token_soup())
def test_token_soup_parses_or_fails_located(text: str) -> None:
    hostile.parse_or_locate(text)


@FAST
@given(hostile.seed_mutants())
def test_mutated_seed_maps_parse_or_fail_located(text: str) -> None:
    hostile.parse_or_locate(text)


@FAST
@given(hostile.seed_byte_mutants())
def test_seed_maps_with_injected_bytes_decode_and_parse_or_fail_located(data: bytes) -> None:
    hostile.decode_parse_or_locate(data)


@FAST
@given(hostile.generated_maps())
def test_maps_generated_from_the_grammar_parse(generated: hostile.Generated) -> None:
    parsed = argmap.parse(generated.text, "generated.arg")
    assert [c.id for c in parsed.claims] == generated.claim_ids


@FAST
@given(st.one_of(hostile.generated_maps().map(lambda g: g.text), hostile.seed_mutants()))
def test_fast_lexer_and_larks_lexer_build_the_same_map_with_the_same_spans(text: str) -> None:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    with larkparse._lock:
        larkparse._builder().path = "same.arg"
        fast_parser = larkparse._fast_parser()
        if fast_parser is None:
            pytest.skip("no fast lexer for this grammar")
        try:
            fast = fast_parser.parse(text)
        except Exception:
            return  # the fast lexer gives up on what it cannot read; Lark's lexer explains it
        slow = larkparse._parser()[0].parse(text)
    assert to_json(fast) == to_json(slow)


# --- every stage after the parser -------------------------------------------------


@FAST
@given(st.one_of(hostile.generated_maps().map(lambda g: g.text), hostile.seed_mutants(), hostile.token_soup()))
def test_maps_that_parse_go_through_every_stage_without_raising(text: str) -> None:
    parsed = hostile.parse_or_locate(text)
    if parsed is not None:
        hostile.every_stage(parsed)


@FAST
@given(hostile.long_runs(max_size=2_000))
def test_long_runs_of_escapes_spaces_blank_lines_ids_and_contradictions_go_through_every_stage(text: str) -> None:
    parsed = hostile.parse_or_locate(text)
    if parsed is not None:
        hostile.every_stage(parsed)


# --- the command line -------------------------------------------------------------


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("fuzz")
    (folder / "argmap.toml").touch()
    return folder


COMMANDS = [
    ["export", "--format", "json"],
    ["check"],
    ["eval", "--limit", "2000"],
    ["render", "--format", "dot", "--output", "-"],
]


@SLOW
@given(
    st.one_of(
        hostile.seed_byte_mutants(), st.binary(max_size=300), hostile.token_soup().map(str.encode),
        hostile.long_runs(max_size=500).map(str.encode),
    )
)  # fmt: skip
@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: c[0])
def test_cli_answers_hostile_files_with_exit_0_or_1_and_no_traceback(
    workdir: Path, command: list[str], data: bytes
) -> None:
    path = workdir / "hostile.arg"
    path.write_bytes(data)
    result = CliRunner().invoke(main, [*command, str(path)])
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert result.exit_code in (0, 1), result.stderr
    assert "Traceback" not in result.stderr
    assert "internal error" not in result.stderr
    if result.exit_code == 1 and command[0] != "check":
        assert re.match(r".+:\d+:\d+: ", result.stderr), result.stderr
