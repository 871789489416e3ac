"""Reading maps: text to model (`parse`), files and includes to one map (`load`), and settings (`config`)."""

from __future__ import annotations

from argmap.read.loader import load
from argmap.read.parser import parse

__all__ = ["load", "parse"]
