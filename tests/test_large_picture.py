"""A generated map of hundreds of arguments as `dot` lays out its full view: near a page's shape, not a strip.

Such a map is over a hundred separate threads, a few of them hundreds of
claims in about ten ranks. Side by side, and each thread as `dot` sets it,
700 arguments made a picture 48 times as wide as high; packed into rows, with
the broadest threads' leaves staggered, it comes out about 4 : 1 (the rows
do not quite stack: `dot` sets each a little to the right of the one before).
This test runs `dot`, and is skipped without it.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

import argmap
from argmap.draw.compile import compile_map

pytestmark = [
    pytest.mark.needs_dot,
    pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz `dot` is not installed"),
]


def laid_out_shape(path: Path) -> float:
    """The width over the height of the map's full view as `dot` lays it out."""
    source = compile_map(argmap.load(path)).source
    plain = subprocess.run(["dot", "-Tplain"], input=source, capture_output=True, text=True, check=True).stdout
    _, _, width, height = plain.split("\n", 1)[0].split()  # "graph scale width height"
    return float(width) / float(height)


def test_a_generated_map_of_700_arguments_is_at_most_six_times_as_wide_as_high(generated_map: Path) -> None:
    assert laid_out_shape(generated_map) <= 6.0
