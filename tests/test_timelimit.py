"""`time_limit`: work in this process stopped at a deadline, for `render --timeout`."""

from __future__ import annotations

import math
import signal
import time

import pytest

from argmap.cli.timelimit import MAX_TIMEOUT, TimeLimitReached, check_timeout, time_limit


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
