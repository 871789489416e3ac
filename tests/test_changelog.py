"""One version everywhere: the command, the package, its metadata and the newest release in CHANGELOG.md."""

from __future__ import annotations

import datetime
import re
import subprocess
import sys
from importlib.metadata import version
from pathlib import Path

import argmap

CHANGELOG = Path(__file__).resolve().parents[1] / "CHANGELOG.md"
# Keep a Changelog: "## [Unreleased]", then "## [1.2.3] - 2026-11-27", newest first.
HEADING = re.compile(r"^## \[(?P<name>[^\]]+)\](?: - (?P<date>\d{4}-\d{2}-\d{2}))?$", re.MULTILINE)
KINDS = {"Added", "Changed", "Deprecated", "Removed", "Fixed", "Security"}


def _releases() -> list[tuple[str, str | None]]:
    return [(m["name"], m["date"]) for m in HEADING.finditer(CHANGELOG.read_text(encoding="utf-8"))]


def _newest_release() -> str:
    return next(name for name, _ in _releases() if name != "Unreleased")


def _as_numbers(name: str) -> tuple[int, ...]:
    return tuple(int(part) for part in name.split("."))


def test_the_command_gives_the_package_version() -> None:
    command = Path(sys.executable).parent / "argmap"  # the console script installed beside this Python
    done = subprocess.run([command, "--version"], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0
    assert done.stdout == f"argmap, version {argmap.__version__}\n"


def test_the_installed_metadata_gives_the_package_version() -> None:
    assert version("argmap") == argmap.__version__


def test_the_newest_release_in_the_changelog_is_the_package_version() -> None:
    assert _newest_release() == argmap.__version__


def test_the_changelog_opens_with_unreleased_then_releases_newest_first() -> None:
    releases = _releases()
    assert releases[0] == ("Unreleased", None)
    named = releases[1:]
    assert named, "no release in CHANGELOG.md"
    for name, date in named:
        assert re.fullmatch(r"\d+\.\d+\.\d+", name), name
        assert date is not None, f"{name} has no date"
        datetime.date.fromisoformat(date)
    assert [_as_numbers(n) for n, _ in named] == sorted((_as_numbers(n) for n, _ in named), reverse=True)
    assert [d for _, d in named] == sorted((d for _, d in named if d), reverse=True)


def test_the_changelog_groups_changes_by_keep_a_changelog_kinds() -> None:
    kinds = re.findall(r"^### (.+)$", CHANGELOG.read_text(encoding="utf-8"), flags=re.MULTILINE)
    assert kinds
    assert set(kinds) <= KINDS
