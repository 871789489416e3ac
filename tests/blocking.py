"""A time limit for tests of input that could block (pipes, devices): they fail instead of hanging the run."""

from __future__ import annotations

import signal
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["deadline"]


@contextmanager
def deadline(seconds: float) -> Iterator[None]:
    """Fail with TimeoutError, instead of hanging the run, when the block blocks."""

    def expire(signum: int, frame: object) -> None:
        raise TimeoutError(f"still blocked after {seconds} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
