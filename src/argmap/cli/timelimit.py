"""A time limit on the work a command does in its own process, for `render --timeout`.

Graphviz runs in a child process, which `subprocess` stops at its timeout.
Reading a map, evaluating it for `--status` (the preferred search can run
long) and compiling the DOT run here: `time_limit` stops them at the same
deadline, with a SIGALRM timer whose handler raises `TimeLimitReached`
between two bytecodes. A child process running when the timer fires is
killed by `subprocess.run` on the way out. Where there is no such timer
(Windows, or a thread other than the main one) the work done here is not
stopped, and Graphviz still is.
"""

from __future__ import annotations

import contextlib
import math
import signal
import threading
import time
from collections.abc import Callable, Iterator
from types import FrameType

__all__ = ["MAX_TIMEOUT", "TimeLimitReached", "check_timeout", "time_limit"]

# A day: more is a mistake (or an attack: 1e308 seconds overflowed the timers), not a render.
MAX_TIMEOUT = 86_400.0


class TimeLimitReached(Exception):
    """The time limit passed while the work inside `time_limit` was still running."""


def check_timeout(seconds: float) -> str | None:
    """Why `seconds` cannot be a time limit (None when it can): it must be finite, above 0 and at most a day."""
    if math.isnan(seconds) or not 0 < seconds <= MAX_TIMEOUT:
        return f"{seconds:g} is not a time limit: give a number of seconds above 0 and at most {MAX_TIMEOUT:,.0f}"
    return None


def _can_alarm() -> bool:
    return hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()


def _expire(signum: int, frame: FrameType | None) -> None:
    raise TimeLimitReached()


@contextlib.contextmanager
def time_limit(seconds: float) -> Iterator[Callable[[], float]]:
    """Run the body for at most `seconds`, else raise `TimeLimitReached` (at once when no time is left).

    Gives the body a clock of the seconds since the limit started, for the
    work inside that shares out what is left (`render_map`'s `clock`).
    """
    if seconds <= 0:
        raise TimeLimitReached()
    started = time.monotonic()

    def elapsed() -> float:
        return time.monotonic() - started

    if not _can_alarm():
        yield elapsed
        return
    previous = signal.signal(signal.SIGALRM, _expire)
    try:
        signal.setitimer(signal.ITIMER_REAL, seconds)
        try:
            yield elapsed
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
    finally:
        signal.signal(signal.SIGALRM, previous)
