"""argmap: argument maps as plain text, checked like code and drawn with Graphviz."""

from __future__ import annotations

__version__ = "0.1.0"

from argmap.errors import ArgmapError, IncludeError, MapError, ParseError, UsageError
from argmap.model import ArgumentMap
from argmap.read.loader import load
from argmap.read.parser import parse

__all__ = [
    "ArgmapError",
    "ArgumentMap",
    "IncludeError",
    "MapError",
    "ParseError",
    "UsageError",
    "__version__",
    "load",
    "parse",
]
