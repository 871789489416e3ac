"""What every formatter is given, the registry they join, and the summary line."""

from __future__ import annotations

from collections.abc import Callable

import attrs

from argmap.checks.registry import fails
from argmap.diagnostics import Category, Diagnostic, Severity, printable

__all__ = ["FORMATTERS", "CheckReport", "Formatter", "formatter", "summary"]


@attrs.frozen
class CheckReport:
    """One run of `argmap check`: the diagnostics of every map, and the files that were checked."""

    diagnostics: tuple[Diagnostic, ...]
    files: tuple[str, ...] = ()
    strict: bool = False
    # The settings file the run used, as the user would name it (None: none), and whether
    # the user named it with --config rather than argmap finding it in the project.
    config: str | None = None
    config_given: bool = False

    @property
    def failed(self) -> bool:
        """Whether anything reported fails the run (see `argmap.checks.fails`)."""
        return any(fails(d, self.strict) for d in self.diagnostics)


Formatter = Callable[[CheckReport], str]
FORMATTERS: dict[str, Formatter] = {}


def formatter(name: str) -> Callable[[Formatter], Formatter]:
    """Register a formatter under the name `--output-format` knows it by."""

    def register(function: Formatter) -> Formatter:
        FORMATTERS[name] = function
        return function

    return register


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def summary(report: CheckReport) -> str:
    """One line for stderr: what was found in how many files, and whether the run fails."""
    counted = {"error": 0, "warning": 0, "finding": 0, "note": 0}
    acknowledged = 0
    for d in report.diagnostics:
        if d.acknowledged is not None:
            acknowledged += 1
        elif d.category is Category.FINDING:
            counted["finding"] += 1
        elif d.severity is Severity.ERROR:
            counted["error"] += 1
        elif d.severity is Severity.WARNING:
            counted["warning"] += 1
        else:
            counted["note"] += 1
    parts = [_plural(n, word) for word, n in counted.items() if n]
    if acknowledged:
        parts.append(f"{acknowledged} acknowledged")
    files = _plural(len(report.files), "file")
    config = f"config: {printable(report.config)}" if report.config is not None else None
    if not parts:
        return f"All checks passed ({files} checked{f', {config}' if config else ''})."
    verdict = "check failed" if report.failed else "check passed"
    return f"Found {', '.join(parts)} in {files}: {verdict}{f' ({config})' if config else ''}."
