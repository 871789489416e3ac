"""One look at a map as the editor holds it: its diagnostics from every rule, its ids, its evaluation when asked."""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence
from pathlib import Path

from argmap.checks import MapIndex, run_checks
from argmap.diagnostics import Diagnostic
from argmap.edit.lsp.project import Loaded, MapReader
from argmap.edit.lsp.symbols import Symbols
from argmap.evaluate import Labelling, translate
from argmap.gcpause import paused_gc
from argmap.model import Status

__all__ = ["Analysis", "analyse"]


class Analysis:
    """What the editor shows of one map: diagnostics by file, and the lookups behind navigation and hover."""

    def __init__(self, loaded: Loaded, diagnostics: Sequence[Diagnostic]) -> None:
        self.loaded = loaded
        self.top = loaded.top
        self.map = loaded.navigation_map()
        # A map that could not be read speaks only of the files it could not read: the rest keep their reports.
        self.diagnostics: dict[str, list[Diagnostic]] = {str(f): [] for f in loaded.files} if loaded.map else {}
        for diagnostic in diagnostics:
            self.diagnostics.setdefault(diagnostic.span.file, []).append(diagnostic)

    @functools.cached_property
    def symbols(self) -> Symbols:
        """Where each id is defined and used: made when first asked for, so the diagnostics go out first."""
        return Symbols(self.map)

    @property
    def checked(self) -> bool:
        """Whether every file was read and parsed, so the rules ran over the whole map."""
        return self.loaded.map is not None

    def text_of(self, file: str) -> str | None:
        """A file's text as it was read for this look."""
        return self.loaded.texts.get(Path(file))

    @functools.cached_property
    def index(self) -> MapIndex:
        """The checks' lookups over the map, for the source files a hover quotes."""
        return MapIndex(self.map)

    @functools.cached_property
    def _labelling(self) -> Labelling | None:
        if not self.checked:
            return None
        return Labelling(translate(self.map))

    def status(self, claim_id: str) -> tuple[Status, str] | None:
        """A claim's grounded status and why, when the whole map could be read."""
        labelling = self._labelling
        if labelling is None:
            return None
        status = labelling.statuses.get(claim_id)
        if status is None:
            return None
        return status, labelling.reason(claim_id)


def analyse(
    reader: MapReader,
    top: Path,
    project: Path,
    opened: Mapping[Path, str],
    select: Sequence[str] | None = None,
    ignore: Sequence[str] = (),
    likelihood_terms: str = "standard",
) -> Analysis:
    """Read the map `top` (the editor's texts standing in for files) and run every selected rule over it.

    A map with a file that cannot be read or parsed reports why, and only that:
    the rules need the whole map.
    """
    # A map is many small objects without cycles: the collector would walk them again and again as they are made.
    with paused_gc():
        loaded = reader.load(top, project, opened)
        if loaded.map is None:
            return Analysis(loaded, loaded.errors)
        return Analysis(loaded, run_checks(loaded.map, select, ignore, likelihood_terms=likelihood_terms))
