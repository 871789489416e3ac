"""Output formats for `argmap check`: a registry of formatters keyed by format name.

Each formatter turns a `CheckReport` into the text to print on stdout. The
CLI's `--output-format` choices are the keys of `FORMATTERS`; `summary` is the
line printed on stderr, so machine formats keep stdout to themselves.
"""

from __future__ import annotations

import argmap.report.machine
import argmap.report.sarif
import argmap.report.text  # noqa: F401  (importing the three registers their formats)
from argmap.report.base import FORMATTERS, CheckReport, Formatter, formatter, summary

__all__ = ["FORMATTERS", "CheckReport", "Formatter", "formatter", "summary"]
