"""The built distributions work on their own, each installed into a fresh virtual environment.

`python -m build` makes the sdist from this checkout and the wheel from the
sdist, as a package index would receive them. The wheel is installed with
`pip install` into a new environment, its dependencies resolved from the
configured index; from a folder that knows nothing of the checkout, the
installed `argmap` gives its version, reads the grammar it carries and exports
and checks every map in `maps/`. The sdist is installed by pip (which builds
it) with pytest into another new environment, and its own tests that read
what the sdist carries besides the code (the maps and their source text, the
benchmarks' generator, the docs, the changelog, the tutorial) run from its
unpacked tree against the installed package. Every test module of the
unpacked sdist is collected too, with the test tools of this environment.
"""

from __future__ import annotations

import email.parser
import json
import os
import re
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

import pytest

import argmap

REPO = Path(__file__).resolve().parents[1]
MAPS = sorted((REPO / "maps").glob("*.arg"))

pytestmark = pytest.mark.slow

# The sdist's own tests that read what the sdist carries besides the code, run in its environment.
SDIST_TESTS = [
    "tests/test_api.py",
    "tests/test_changelog.py",
    "tests/test_generate.py",
    "tests/test_layout.py",
    "tests/test_maps.py",
    "tests/test_tutorial.py",
]


def run(*args: str | Path, cwd: Path | None = None, timeout: float = 900) -> subprocess.CompletedProcess[str]:
    """A command that must succeed; its output kept for the assertion that follows."""
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    done = subprocess.run([str(a) for a in args], cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)
    assert done.returncode == 0, f"{' '.join(map(str, args))} failed:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
    return done


def fresh_venv(where: Path, *requirements: str | Path) -> Path:
    """A new virtual environment holding `requirements` and what pip resolves for them; its bin folder."""
    run(sys.executable, "-m", "venv", where, timeout=300)
    pip = [where / "bin" / "python", "-m", "pip", "--disable-pip-version-check", "-q"]
    run(*pip, "install", *requirements)
    return where / "bin"


@pytest.fixture(scope="module")
def dist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sdist built from this checkout and the wheel built from that sdist."""
    out = tmp_path_factory.mktemp("dist")
    run(sys.executable, "-m", "build", "--outdir", out, REPO)
    return out


@pytest.fixture(scope="module")
def wheel(dist: Path) -> Path:
    (found,) = dist.glob("argmap-*.whl")
    return found


@pytest.fixture(scope="module")
def sdist(dist: Path) -> Path:
    (found,) = dist.glob("argmap-*.tar.gz")
    return found


@pytest.fixture(scope="module")
def installed(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bin folder of a fresh virtual environment holding the wheel and its dependencies."""
    return fresh_venv(tmp_path_factory.mktemp("wheel") / "venv", wheel)


@pytest.fixture
def elsewhere(tmp_path: Path) -> Path:
    """A working folder with no map, no grammar and no checkout above it."""
    folder = tmp_path / "elsewhere"
    folder.mkdir()
    return folder


def _metadata(wheel: Path) -> email.message.Message:
    with zipfile.ZipFile(wheel) as archive:
        (name,) = [n for n in archive.namelist() if n.endswith(".dist-info/METADATA")]
        return email.parser.Parser().parsestr(archive.read(name).decode("utf-8"))


def test_the_wheel_states_its_licence_and_metadata(wheel: Path) -> None:
    metadata = _metadata(wheel)
    assert metadata["Version"] == argmap.__version__
    assert metadata["License-Expression"] == "MIT"
    assert metadata["License-File"] == "LICENSE"
    assert metadata["Author"] == "argmap contributors"
    assert "Typing :: Typed" in metadata.get_all("Classifier", [])
    assert metadata["Requires-Python"] == ">=3.11"
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
    assert "argmap/py.typed" in names
    assert f"argmap-{argmap.__version__}.dist-info/licenses/LICENSE" in names


def test_the_long_description_has_no_link_into_the_source_tree(wheel: Path) -> None:
    description = _metadata(wheel).get_payload()
    assert isinstance(description, str) and description.startswith("# argmap")
    targets = re.findall(r"\]\(([^)]*)\)", description)
    assert targets, "the description should keep its links to the web"
    assert all(t.startswith(("https://", "http://")) for t in targets), targets
    assert "`docs/language.md` in the source distribution" in description
    assert "`SECURITY.md` (in the source distribution)" in description


def test_the_sdist_carries_what_its_tests_read(sdist: Path) -> None:
    with tarfile.open(sdist) as archive:
        names = {name.split("/", 1)[1] for name in archive.getnames() if "/" in name}
    for needed in ("LICENSE", "CHANGELOG.md", "Makefile", "README.md", "SECURITY.md", "maps/khatami.arg",
                   "bench/generate.py", "docs/language.md", "docs/tutorial.md", "scripts/gallery.py",
                   "grammar/argmap.lark", "editors/vscode/package.json", "tests/conftest.py"):  # fmt: skip
        assert needed in names, needed
    assert any(name.startswith("seeds/") for name in names)
    assert not any(name.startswith(("bench/out", "bench/.cache", ".venv")) for name in names)
    assert not any("node_modules" in name for name in names)


def test_installed_package_is_not_the_checkout(installed: Path, elsewhere: Path) -> None:
    where = run(installed / "python", "-c", "import argmap; print(argmap.__file__)", cwd=elsewhere).stdout.strip()
    assert Path(where).is_relative_to(installed.parent)


def test_installed_package_carries_the_grammar_and_its_types(installed: Path, elsewhere: Path) -> None:
    code = "import argmap; print(argmap.parse('claim won: \"Tehran outplayed Moscow.\"').claims[0].id)"
    assert run(installed / "python", "-c", code, cwd=elsewhere).stdout == "won\n"
    assert list(installed.parent.glob("lib/python*/site-packages/argmap/grammar/argmap.lark"))
    assert list(installed.parent.glob("lib/python*/site-packages/argmap/py.typed"))


def test_installed_command_gives_its_version(installed: Path, elsewhere: Path) -> None:
    assert run(installed / "argmap", "--version", cwd=elsewhere).stdout == f"argmap, version {argmap.__version__}\n"


@pytest.mark.skipif(not MAPS, reason="no maps yet")
@pytest.mark.parametrize("path", MAPS, ids=lambda p: p.name)
def test_installed_command_exports_each_map(installed: Path, elsewhere: Path, path: Path) -> None:
    done = run(installed / "argmap", "export", "--format", "json", path, cwd=elsewhere, timeout=120)
    assert json.loads(done.stdout)["argmap"] == 1


def test_installed_command_checks_the_seed_maps(installed: Path) -> None:
    done = run(installed / "argmap", "check", "--output-format", "json", "maps/", cwd=REPO, timeout=120)
    report = json.loads(done.stdout)
    assert report["failed"] is False
    assert {d["code"] for d in report["diagnostics"]} >= {"AM601"}


@pytest.fixture(scope="module")
def unpacked(sdist: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sdist's tree, unpacked."""
    work = tmp_path_factory.mktemp("unpacked")
    with tarfile.open(sdist) as archive:
        archive.extractall(work, filter="data")
    (tree,) = work.iterdir()
    return tree


@pytest.fixture(scope="module")
def sdist_installed(sdist: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bin folder of a fresh virtual environment holding the sdist, built by pip, and pytest to run its tests."""
    return fresh_venv(tmp_path_factory.mktemp("sdist") / "venv", sdist, "pytest")


def test_every_test_module_of_the_sdist_is_collected(unpacked: Path) -> None:
    """Nothing a test module reads as it is imported is missing from the sdist (the test tools are the dev extra's)."""
    done = run(sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "--collect-only", "-q", cwd=unpacked)
    assert re.search(r"^\d+ tests collected in", done.stdout, flags=re.MULTILINE), done.stdout[-2000:]


def test_the_sdist_s_own_tests_pass_against_the_installed_package(sdist_installed: Path, unpacked: Path) -> None:
    bin_folder, tree = sdist_installed, unpacked
    where = run(bin_folder / "python", "-c", "import argmap; print(argmap.__file__)", cwd=tree).stdout.strip()
    assert Path(where).is_relative_to(bin_folder.parent), where  # not the unpacked src/
    present = [t for t in SDIST_TESTS if (tree / t).is_file()]
    assert present == SDIST_TESTS
    done = run(bin_folder / "python", "-m", "pytest", "-p", "no:cacheprovider", "-q", *present, cwd=tree)
    assert re.search(r"\d+ passed", done.stdout.splitlines()[-1]), done.stdout[-2000:]
