"""The timing the benchmark scripts share: the best of a few runs, the figure least disturbed by other work."""

from __future__ import annotations

import time
from collections.abc import Callable

__all__ = ["best_of"]


def best_of(action: Callable[[], object], runs: int = 3) -> float:
    """The fastest of `runs` calls of `action`, in seconds."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return min(times)
