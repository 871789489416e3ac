"""The built wheel works on its own: installed into a fresh environment outside the repository.

The wheel is built from this checkout; its dependencies come from a wheel
folder kept in pytest's cache (downloaded once), so the install itself needs
no network. From a folder that knows nothing of the checkout, the installed
`argmap` must give its version and export every map in `maps/`.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
MAPS = sorted((REPO / "maps").glob("*.arg"))

pytestmark = pytest.mark.slow


def pip(*args: str | Path) -> None:
    subprocess.run([sys.executable, "-m", "pip", "--disable-pip-version-check", "-q", *map(str, args)],
                   check=True, timeout=600)  # fmt: skip


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory, pytestconfig: pytest.Config) -> Path:
    """The bin folder of a fresh virtual environment holding only the wheel and its dependencies."""
    work = tmp_path_factory.mktemp("wheel")
    dist = work / "dist"
    pip("wheel", "--no-deps", "--wheel-dir", dist, REPO)
    (wheel,) = dist.glob("argmap-*.whl")

    cache = getattr(pytestconfig, "cache", None)  # None under -p no:cacheprovider
    wheelhouse = cache.mkdir("dependency-wheels") if cache is not None else work / "dependency-wheels"
    try:
        pip("download", "--dest", wheelhouse, wheel)
        offline = ["--no-index"]
    except subprocess.CalledProcessError:
        offline = []  # no index reachable and nothing cached: let pip find them its usual way
    for stale in wheelhouse.glob("argmap-*.whl"):
        stale.unlink()

    venv = work / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", venv], check=True, timeout=120)
    python = venv / "bin" / "python"
    pip("--python", python, "install", *offline, "--find-links", dist, "--find-links", wheelhouse, wheel)
    return venv / "bin"


@pytest.fixture
def elsewhere(tmp_path: Path) -> Path:
    """A working folder with no map, no grammar and no checkout above it."""
    folder = tmp_path / "elsewhere"
    folder.mkdir()
    return folder


def test_installed_package_is_not_the_checkout(installed: Path, elsewhere: Path) -> None:
    where = subprocess.run([installed / "python", "-c", "import argmap; print(argmap.__file__)"], cwd=elsewhere,
                           capture_output=True, text=True, check=True).stdout.strip()  # fmt: skip
    assert Path(where).is_relative_to(installed.parent)


def test_installed_package_carries_the_grammar(installed: Path, elsewhere: Path) -> None:
    code = "import argmap; print(argmap.parse('claim won: \"Tehran outplayed Moscow.\"').claims[0].id)"
    done = subprocess.run([installed / "python", "-c", code], cwd=elsewhere, capture_output=True, text=True, check=True)
    assert done.stdout == "won\n"
    assert list(installed.parent.glob("lib/python*/site-packages/argmap/grammar/argmap.lark"))


def test_installed_command_gives_its_version(installed: Path, elsewhere: Path) -> None:
    done = subprocess.run([installed / "argmap", "--version"], cwd=elsewhere, capture_output=True, text=True)
    assert done.returncode == 0
    assert done.stdout.startswith("argmap, version ")


@pytest.mark.skipif(not MAPS, reason="no maps yet")
@pytest.mark.parametrize("path", MAPS, ids=lambda p: p.name)
def test_installed_command_exports_each_map(installed: Path, elsewhere: Path, path: Path) -> None:
    done = subprocess.run([installed / "argmap", "export", "--format", "json", path], cwd=elsewhere,
                          capture_output=True, text=True, timeout=120)  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["argmap"] == 1
