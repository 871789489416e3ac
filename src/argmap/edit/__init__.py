"""Writing maps: tools that rewrite a map's text and keep what it says (`fmt`, the canonical layout)."""

from __future__ import annotations

from argmap.edit.fmt import DEFAULT_LINE_LENGTH, FormatError, format_text

__all__ = ["DEFAULT_LINE_LENGTH", "FormatError", "format_text"]
