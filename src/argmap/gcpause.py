"""Memory for stages that build millions of small objects: the cycle collector paused, objects kept until exit."""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator

__all__ = ["keep_until_exit", "paused_gc", "start_keeping", "stop_keeping"]


@contextlib.contextmanager
def paused_gc() -> Iterator[None]:
    """The cyclic garbage collector off for the duration, as it was afterwards.

    A parse or a framework build makes millions of small objects that live on
    and form no cycles: the collector can free none of them, yet walks them
    again and again as they pile up (40% of a 20,000-argument parse; building a
    large framework runs three times faster without it).
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


# What a command keeps until its process exits; None (the default) keeps nothing.
_kept: list[object] | None = None


def keep_until_exit(value: object) -> None:
    """Hold on to `value` until the process exits, when the console script has asked for it.

    A map and its index are millions of small objects. Freed one by one
    when a command is done with them, they take a tenth of a large check;
    the console script (`argmap.cli.run`) instead keeps them and ends the
    process with `os._exit`, which frees them all at once. A program that
    calls argmap keeps nothing: its objects are freed as usual.
    """
    if _kept is not None:
        _kept.append(value)


def start_keeping() -> None:
    """From now on, `keep_until_exit` holds what it is given: for a process that ends with `os._exit`."""
    global _kept
    if _kept is None:
        _kept = []


def stop_keeping() -> None:
    """Keep nothing from now on, and let go of what was kept: for a process that goes on (`--watch`)."""
    global _kept
    _kept = None
