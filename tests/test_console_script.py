"""`argmap.cli.run`, the console script: the same output and exit codes as `main`, though it exits with `os._exit`."""

from __future__ import annotations

import gc
import io
import json
import subprocess
import sys
import weakref
from pathlib import Path

import pytest
from click.testing import CliRunner

from argmap import gcpause
from argmap.cli import main

ROOT = Path(__file__).resolve().parents[1]
CONSOLE_SCRIPT = "from argmap.cli import run; run()"


def console(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", CONSOLE_SCRIPT, *args], capture_output=True, text=True, cwd=ROOT, timeout=300
    )


def test_a_long_report_reaches_a_pipe_whole(generated_map: Path) -> None:
    done = console("check", "--output-format", "json", str(generated_map))
    in_process = CliRunner().invoke(main, ["check", "--output-format", "json", str(generated_map)])
    assert done.returncode == in_process.exit_code
    report = json.loads(done.stdout)  # all of it was flushed before the process ended
    assert report == json.loads(in_process.stdout)
    assert report["diagnostics"] and len(done.stdout) > 3 * io.DEFAULT_BUFFER_SIZE  # more than one buffer's worth


@pytest.mark.parametrize(
    ("args", "code"),
    [
        (["check", "maps"], 0),
        (["check", "tests/rules/AM101/fail.arg"], 1),
        (["check", "no-such-file.arg"], 2),
        (["--version"], 0),
    ],
)
def test_exit_codes_are_those_of_main(args: list[str], code: int) -> None:
    done = console(*args)
    assert done.returncode == code == CliRunner().invoke(main, args).exit_code
    assert done.stdout or done.stderr


def test_a_report_on_stderr_is_flushed_too() -> None:
    done = console("check", "tests/rules/AM101/fail.arg")
    assert "AM101" in done.stdout + done.stderr
    assert "Found" in done.stderr


def test_a_program_calling_argmap_keeps_nothing_until_exit() -> None:
    class Big:
        pass

    value = Big()
    gone = weakref.ref(value)
    gcpause.keep_until_exit(value)
    del value
    gc.collect()
    assert gone() is None


def test_a_reader_that_stops_reading_ends_the_command_quietly(generated_map: Path) -> None:
    """`argmap export big.arg | head -1`: no error on stderr, and the exit status a shell gives a piped-off command."""
    process = subprocess.Popen(
        [sys.executable, "-c", CONSOLE_SCRIPT, "export", str(generated_map)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=ROOT,
    )  # fmt: skip
    assert process.stdout is not None and process.stderr is not None
    assert process.stdout.readline().strip() == b"{"
    process.stdout.close()  # as `head -1` does once it has its line
    errors = process.stderr.read()
    assert process.wait(timeout=300) == 141 and errors == b""
