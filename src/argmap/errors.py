"""argmap's own exceptions: each one knows what went wrong and where."""

from __future__ import annotations

from argmap.diagnostics import Diagnostic, format_full

__all__ = ["ArgmapError", "IncludeError", "MapError", "ParseError", "UsageError"]


class ArgmapError(Exception):
    """Base of every error argmap raises on purpose."""


class MapError(ArgmapError, ValueError):
    """The map itself is wrong: bad syntax, a bad include, bytes that are not text.

    Carries diagnostics; `str()` gives the first one in full, caret included.
    """

    def __init__(self, diagnostics: Diagnostic | list[Diagnostic] | tuple[Diagnostic, ...]):
        if isinstance(diagnostics, Diagnostic):
            diagnostics = (diagnostics,)
        self.diagnostics: tuple[Diagnostic, ...] = tuple(diagnostics)
        super().__init__(self.diagnostics[0].headline() if self.diagnostics else "invalid map")

    @property
    def diagnostic(self) -> Diagnostic:
        """The first (usually the only) diagnostic."""
        return self.diagnostics[0]

    def report(self) -> str:
        """Every diagnostic in full, as a user should read it."""
        return "\n".join(format_full(d) for d in self.diagnostics)


class ParseError(MapError):
    """The text is not valid `.arg` (or not decodable text at all)."""


class IncludeError(MapError):
    """An include is missing, circular, a directory, or outside the project."""


class UsageError(ArgmapError):
    """The command was called wrongly, or a file could not be read or written (exit 2)."""
