"""`time_limit`: work in this process stopped at a deadline; and `render --timeout`, which stands on it."""

from __future__ import annotations

import importlib
import math
import signal
import time
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from argmap.cli import main
from argmap.cli.timelimit import MAX_TIMEOUT, TimeLimitReached, check_timeout, time_limit

# The module, not the command of the same name that `argmap.cli` registers.
render_module = importlib.import_module("argmap.cli.render")


def test_work_past_the_limit_is_stopped() -> None:
    started = time.monotonic()
    with pytest.raises(TimeLimitReached), time_limit(0.2):
        while True:  # busy Python work, as the preferred search is
            pass
    assert time.monotonic() - started < 2


def test_a_sleep_past_the_limit_is_stopped() -> None:
    started = time.monotonic()
    with pytest.raises(TimeLimitReached), time_limit(0.2):
        time.sleep(30)
    assert time.monotonic() - started < 2


def test_work_within_the_limit_finishes_and_no_alarm_is_left_behind() -> None:
    with time_limit(5):
        total = sum(range(1000))
    assert total == 499500
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)


def test_the_handler_before_is_put_back() -> None:
    before = signal.getsignal(signal.SIGALRM)
    with pytest.raises(TimeLimitReached), time_limit(0.05):
        time.sleep(5)
    assert signal.getsignal(signal.SIGALRM) is before


def test_no_time_left_stops_at_once() -> None:
    with pytest.raises(TimeLimitReached), time_limit(0):
        pytest.fail("the body must not run")


def test_the_clock_given_counts_from_the_start_of_the_limit() -> None:
    with time_limit(5) as clock:
        time.sleep(0.1)
        assert 0.1 <= clock() < 1


@pytest.mark.parametrize("seconds", [math.nan, math.inf, -math.inf, 1e308, 0.0, -1.0, MAX_TIMEOUT + 1])
def test_what_is_no_time_limit_is_said_so(seconds: float) -> None:
    assert check_timeout(seconds) is not None


@pytest.mark.parametrize("seconds", [0.001, 1.0, 120.0, MAX_TIMEOUT])
def test_a_positive_finite_limit_up_to_a_day_is_accepted(seconds: float) -> None:
    assert check_timeout(seconds) is None


# --- render --timeout -----------------------------------------------------------------


@pytest.fixture
def small_map(tmp_path: Path) -> str:
    path = tmp_path / "small.arg"
    path.write_text('claim won: "W."\nclaim why: "Y."\nwhy supports won\n', encoding="utf-8")
    (tmp_path / "argmap.toml").touch()
    return str(path)


@pytest.mark.parametrize("given", ["nan", "inf", "-inf", "1e308", "0", "-3", "86401"])
def test_render_refuses_a_timeout_that_is_no_time_limit_as_a_usage_error(small_map: str, given: str) -> None:
    result = CliRunner().invoke(main, ["render", small_map, "-o", "-", "-f", "dot", "--timeout", given])
    assert result.exit_code == 2
    assert "is not a time limit" in result.stderr and "internal error" not in result.stderr


def _never_done(*args: Any, **kwargs: Any) -> Any:
    time.sleep(60)


@pytest.mark.parametrize("stage", ["load_map", "evaluate"])
def test_render_timeout_covers_reading_and_evaluating_the_map(
    small_map: str, monkeypatch: pytest.MonkeyPatch, stage: str
) -> None:
    monkeypatch.setattr(render_module, stage, _never_done)
    started = time.monotonic()
    result = CliRunner().invoke(main, ["render", small_map, "-o", "-", "-f", "dot", "--status", "--timeout", "0.5"])
    assert time.monotonic() - started < 10
    assert result.exit_code == 2 and "time limit of 0.5 s" in result.stderr
    assert result.stdout_bytes == b""
