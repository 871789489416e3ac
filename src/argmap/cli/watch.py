"""`--watch` for `check` and `render`: run the command again on every save of a file of its maps, and say what changed.

The command runs as it always does; while it runs, it tells this module
what it read (`saw_map`, `saw_error`, `saw_settings`) and found
(`saw_reports`, `saw_statuses`, `saw_output`). The files to watch are the
ones the last run read: each map, its includes, its source files (an include
added by an edit is watched from the run after that edit on, one removed is
dropped), the files a syntax error names, the settings file, and the folders
given (for a map added to one). They are polled for their size, time and
inode: a map is a handful of files, and a stat of each (90 µs for the seed
map's 13) three times a second costs nothing next to a run, where a
file-system notification library (watchfiles) would be a compiled dependency
for the same effect. A burst of saves (an editor writing a temporary file and
renaming it, `fmt` rewriting several files) waits until the files have been
quiet a moment, and runs the command once.
"""

from __future__ import annotations

import gc
import os
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any, NoReturn, Protocol

import attrs
import click

from argmap import gcpause
from argmap.cli.common import EXIT_ERROR, EXIT_OK
from argmap.diagnostics import printable

__all__ = [
    "EXIT_INTERRUPTED",
    "POLL_SECONDS",
    "QUIET_SECONDS",
    "Round",
    "changes",
    "saw_error",
    "saw_map",
    "saw_output",
    "saw_reports",
    "saw_settings",
    "saw_statuses",
    "watch",
    "watching",
]

# How often the files are looked at, and how long they must stay unchanged before the command runs again.
POLL_SECONDS = 0.3
QUIET_SECONDS = 0.25
# A file that never stops changing (a log someone writes to) still gets a run this often.
LONGEST_WAIT = 3.0
# The most of its time the watch spends listing the folders given (see `_Folders`).
LISTING_SHARE = 0.05
# What a shell reports for a program stopped by Ctrl-C (128 + SIGINT).
EXIT_INTERRUPTED = 130
# How many fixed reports and status changes are named one by one after a run.
SHOWN = 8

# (code, file, message): a report as it is compared between runs, its line left out so
# that a report does not count as fixed and new again when a line is added above it.
ReportKey = tuple[str, str, str]
# What a file looked like: its size, modification time and inode; None when it is missing.
Signature = tuple[int, int, int] | None


class _Report(Protocol):
    """A diagnostic, or one of the picture's findings: a code and a message."""

    @property
    def code(self) -> str: ...
    @property
    def message(self) -> str: ...


@attrs.define
class Round:
    """What one run of the command read, found and wrote."""

    files: set[Path] = attrs.field(factory=set)
    settings: set[Path] = attrs.field(factory=set)
    reports: Counter[ReportKey] = attrs.field(factory=Counter)
    statuses: dict[str, str] | None = None
    unreadable: set[str] = attrs.field(factory=set)
    written: list[Path] = attrs.field(factory=list)
    pages: list[Path] = attrs.field(factory=list)
    code: int = EXIT_OK
    seconds: float = 0.0


_round: Round | None = None


def watching() -> bool:
    """Whether the command runs under `--watch` (a page it writes then reloads itself)."""
    return _round is not None


def _file(path: str | Path) -> Path:
    return Path(os.path.abspath(path))


def saw_map(given: str | Path, amap: Any) -> None:
    """The command read the map `given`: watch it, every file it includes and its source files."""
    if _round is None:
        return
    _round.files.add(_file(given))
    _round.files.update(_file(name) for name in amap.files)
    for source in amap.sources:
        if source.file is not None:  # relative to the file that declares the source, as the loader reads it
            _round.files.add(_file(Path(source.span.file).parent / source.file))


def saw_settings(path: str | Path | None) -> None:
    """The command read its settings from `path` (`argmap.toml`, `pyproject.toml`): an edit to them is a change."""
    if _round is not None and path is not None:
        _round.settings.add(_file(path))


def saw_error(given: str | Path, error: Any) -> None:
    """The map `given` could not be read (`error` is a MapError): watch it and the files the error names."""
    if _round is None:
        return
    _round.files.add(_file(given))
    for diagnostic in error.diagnostics:
        if diagnostic.span.file:
            _round.files.add(_file(diagnostic.span.file))
        _round.unreadable.add(diagnostic.span.file or str(given))
    saw_reports(error.diagnostics)


def saw_reports(reports: Iterable[_Report]) -> None:
    """What the run reported: diagnostics (with a span) or the picture's findings."""
    if _round is None:
        return
    for report in reports:
        span = getattr(report, "span", None)
        _round.reports[(report.code, span.file if span is not None else "", report.message)] += 1


def saw_statuses(statuses: Mapping[str, Any] | None) -> None:
    """Each claim's evaluated status, as the picture shows it."""
    if _round is None or statuses is None:
        return
    _round.statuses = {**(_round.statuses or {}), **{k: str(getattr(v, "value", v)) for k, v in statuses.items()}}


def saw_output(path: str | Path, fmt: str) -> None:
    """The run wrote `path`; an HTML page is told to reload itself."""
    if _round is None:
        return
    _round.written.append(Path(path))
    if fmt == "html":
        _round.pages.append(Path(path))


def changes(previous: Round, current: Round, last_read: Round | None = None) -> list[str]:
    """What changed in the result since the previous run, one line each; empty when nothing did.

    While a map does not read, only its errors are compared; once it reads
    again, the result is compared with `last_read`, the last run whose maps all
    read, so the reports the error hid do not count as fixed and then new.
    """
    lines: list[str] = []
    if current.unreadable and not previous.unreadable:
        lines.append(f"the maps no longer read ({_count(len(current.unreadable), 'file')} with errors)")
    elif current.unreadable:
        lines += _report_changes(previous.reports, current.reports)
    else:
        before = last_read if last_read is not None and previous.unreadable else previous
        lines += _report_changes(before.reports, current.reports)
        lines += _status_changes(before.statuses, current.statuses)
        if previous.unreadable:
            lines.append("the maps read again")
    if previous.code != current.code:
        verdict = "now passes" if current.code == EXIT_OK else "now fails"
        lines.append(f"{verdict} (exit {previous.code} -> {current.code})")
    return lines


def _report_changes(before: Counter[ReportKey], after: Counter[ReportKey]) -> list[str]:
    new = after - before
    fixed = before - after
    if not (new or fixed):
        return []
    parts = [_count(sum(new.values()), "new report")] if new else []
    parts += [f"{sum(fixed.values())} fixed"] if fixed else []
    lines = [", ".join(parts)]
    lines += [f"  new: {_report(key)}" for key in sorted(new)[:SHOWN]]
    lines += [f"  fixed: {_report(key)}" for key in sorted(fixed)[:SHOWN]]
    return lines


def _report(key: ReportKey) -> str:
    code, file, message = key
    return f"{code} {_shown(Path(file))}: {message}" if file else f"{code} {message}"


def _status_changes(before: dict[str, str] | None, after: dict[str, str] | None) -> list[str]:
    if before is None or after is None:
        return []
    flipped = sorted(c for c in after.keys() & before.keys() if after[c] != before[c])
    added = sorted(after.keys() - before.keys())
    removed = sorted(before.keys() - after.keys())
    lines = [f"{_count(len(flipped), 'claim')} changed status"] if flipped else []
    lines += [f"  {claim}: {before[claim]} -> {after[claim]}" for claim in flipped[:SHOWN]]
    if added:
        lines.append(f"{_count(len(added), 'new claim')}: {_listed(added)}")
    if removed:
        lines.append(f"{_count(len(removed), 'claim')} gone: {_listed(removed)}")
    return lines


def _count(n: int, what: str) -> str:
    return f"{n} {what}{'' if n == 1 else 's'}"


def _listed(ids: list[str]) -> str:
    shown = ", ".join(ids[:SHOWN])
    return shown + (f" and {len(ids) - SHOWN} more" if len(ids) > SHOWN else "")


def _say(message: str) -> None:
    click.echo(f"argmap: {printable(message)}", err=True)


def _signature(path: Path) -> Signature:
    try:
        found = os.stat(path)
    except OSError:
        return None
    return (found.st_size, found.st_mtime_ns, found.st_ino)


class _Folders:
    """The .arg files under the folders given on the command line, each watched: one added is a change too.

    Listing a large tree takes long (a checkout with its virtualenv: 0.7 s),
    so a folder is listed again only once `LISTING_SHARE` of the time since
    has gone by; a map folder of a few files is listed at every poll.
    """

    def __init__(self, folders: list[Path]) -> None:
        self.folders = folders
        self.found: list[Path] = []
        self.due = 0.0

    def maps(self) -> list[Path]:
        started = time.monotonic()
        if started >= self.due:
            self.found = [p for folder in self.folders for p in _listed_maps(folder)]
            self.due = started + (time.monotonic() - started) / LISTING_SHARE
        return self.found


def _listed_maps(folder: Path, deep: bool = True) -> list[Path]:
    try:
        return [_file(p) for p in (folder.rglob("*.arg") if deep else folder.glob("*.arg"))]
    except OSError:
        return []


def _snapshot(files: Iterable[Path], folders: _Folders, dirs: Iterable[Path]) -> dict[Path, Signature]:
    shot = {path: _signature(path) for path in files}
    shot.update((path, _signature(path)) for path in folders.maps())
    for folder in dirs:  # a broken map's folders: any file added or removed, and every map file in them
        shot[folder] = _signature(folder)
        shot.update((path, _signature(path)) for path in _listed_maps(folder, deep=False))
    return shot


def _wait_for_change(
    first: Mapping[Path, Signature], files: set[Path], folders: _Folders, dirs: set[Path]
) -> list[str]:
    """Block until a watched file differs from `first` and then stays quiet for `QUIET_SECONDS`; say what changed.

    `folders` are searched for maps added or removed; `dirs`, the folders of a
    map that does not read, for any file added or removed and any .arg file
    changed (the loader stops at an error, so a broken map's includes past it
    are not known).
    """
    while True:
        time.sleep(POLL_SECONDS)
        now = _snapshot(files, folders, dirs)
        if now == first:
            continue
        started = time.monotonic()
        settled = now
        while time.monotonic() - started < LONGEST_WAIT:
            time.sleep(QUIET_SECONDS)
            now = _snapshot(files, folders, dirs)
            if now == settled:
                break
            settled = now
        told = _described(first, now, dirs)
        if told:  # else the burst put everything back as it was
            return told


def _described(before: Mapping[Path, Signature], after: Mapping[Path, Signature], dirs: set[Path]) -> list[str]:
    """`maps/deals.arg changed`, `maps/extra.arg added`: what differs between two snapshots."""
    told: list[str] = []
    for path in sorted(before.keys() | after.keys()):
        was, now = before.get(path), after.get(path)
        if was == now:
            continue
        if path in dirs:
            told.append(f"{_shown(path)}{os.sep} (a file added or removed)")
        else:
            told.append(f"{_shown(path)} {'added' if was is None else 'removed' if now is None else 'changed'}")
    return told


def _run(command: Callable[[], None]) -> Round:
    """One run of the command, recorded."""
    global _round
    _round = Round()
    started = time.monotonic()
    try:
        command()
    except SystemExit as done:
        _round.code = done.code if isinstance(done.code, int) else EXIT_ERROR if done.code else EXIT_OK
    finally:
        finished, _round = _round, None
    finished.seconds = time.monotonic() - started
    return finished


def _reload_pages(pages: list[Path]) -> None:
    if not pages:
        return
    from argmap.draw.html import write_reload_stamp  # only a run that wrote a page pays for the import

    for page in pages:
        try:
            write_reload_stamp(page)
        except OSError as error:
            _say(f"cannot tell {page} to reload: {error.strerror or error}")


def _shown(path: Path) -> str:
    try:
        return os.path.relpath(path)
    except ValueError:
        return str(path)


def watch(command: Callable[[], None], given: Iterable[str | Path], cycles: int | None = None) -> NoReturn:
    """Run `command` (the command's own work, which ends in `sys.exit`), then again on every change, until Ctrl-C.

    `given` are the paths on the command line, watched whatever the run read.
    `cycles` (for tests) stops after that many runs, with the last run's exit
    code. Ends with exit 130 on Ctrl-C, without a traceback.
    """
    paths = [Path(p) for p in given]
    folders = _Folders([_file(p) for p in paths if p.is_dir()])
    # A watch runs for hours: free each run's maps as it goes, rather than keep them to the end as one command does.
    gcpause.stop_keeping()
    gc.enable()
    previous: Round | None = None
    last_read: Round | None = None
    runs = 0
    files = {_file(p) for p in paths if not p.is_dir()}
    dirs: set[Path] = set()
    try:
        while True:
            gc.unfreeze()
            before = _snapshot(files, folders, dirs)
            current = _run(command)
            runs += 1
            if not current.files:
                if previous is None and current.code == EXIT_ERROR:
                    sys.exit(current.code)  # refused before any map was read (a usage error): nothing to watch for
                if previous is not None:  # the run failed before it read a map: what is known is the last result
                    current = attrs.evolve(previous, files=set(previous.files), written=[], pages=[], code=current.code)
            current.files.update(_file(p) for p in paths if not p.is_dir())
            _reload_pages(current.pages)
            if current.written:
                _say(f"wrote {_listed([_shown(p) for p in current.written])} ({current.seconds:.2f} s)")
            for line in changes(previous, current, last_read) if previous is not None else []:
                _say(line)
            if not current.unreadable:
                last_read = current
            previous = current
            if cycles is not None and runs >= cycles:
                sys.exit(current.code)
            # While a map does not read, its last good files are watched too, and the folders of the broken
            # files and of the maps given: for an include that was missing, or one past the error.
            files = current.files | current.settings | (last_read.files if last_read is not None else set())
            broken = [*map(Path, current.unreadable), *(p for p in paths if not p.is_dir())]
            dirs = {_file(path).parent for path in broken} if current.unreadable else set()
            # How the files looked before the run began (those it found, as it ended): a save made while it
            # ran, or just after it said it is watching, is a change too.
            first = _snapshot(files, folders, dirs)
            first.update((path, was) for path, was in before.items() if path in first)
            _say(f"watching {_count(len(files), 'file')} for changes (Ctrl-C to stop)")
            changed = _wait_for_change(first, files, folders, dirs)
            _say(f"{_listed(changed)}; running again")
    except KeyboardInterrupt:
        click.echo("", err=True)
        _say("stopped watching")
        sys.exit(EXIT_INTERRUPTED)
