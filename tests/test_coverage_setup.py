"""`make coverage` measures the `argmap` command and the checker's forked child, both of which end with `os._exit`.

coverage is installed by `make coverage` only, so these tests run where it
is installed and are skipped elsewhere.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

pytest.importorskip("coverage", minversion="7.10.4", reason="coverage 7.10.4 or later is installed by `make coverage`")

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src" / "argmap"


def _line_of(path: Path, text: str) -> int:
    (number,) = [n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if text in line]
    return number


def _measured(tmp_path: Path, argmap_args: list[str], jobs: str | None) -> dict[str, set[int]]:
    """The lines of argmap run by one `argmap` command measured with the project's settings, by file."""
    data = tmp_path / f"jobs{jobs}" / ".coverage"
    env = {k: v for k, v in os.environ.items() if not k.startswith("COVERAGE_")}  # not the run measuring this one
    env.pop("ARGMAP_JOBS", None)
    if jobs is not None:
        env["ARGMAP_JOBS"] = jobs
    coverage = [sys.executable, "-m", "coverage"]
    settings = ["--rcfile", str(ROOT / "pyproject.toml"), "--data-file", str(data)]
    run = subprocess.run([*coverage, "run", *settings, "-m", "argmap", *argmap_args], cwd=ROOT, env=env,
                         capture_output=True, text=True, timeout=600)  # fmt: skip
    assert run.returncode == 0, run.stderr
    subprocess.run([*coverage, "combine", "--quiet", "--data-file", str(data)], env=env, check=True, timeout=120)
    report = tmp_path / f"jobs{jobs}.json"
    subprocess.run([*coverage, "json", "--quiet", *settings, "-o", str(report)], env=env, check=True, timeout=120)
    files = json.loads(report.read_text(encoding="utf-8"))["files"]
    return {str(Path(name).resolve()): set(found["executed_lines"]) for name, found in files.items()}


def test_the_command_s_exit_through_os_exit_is_measured(tmp_path: Path) -> None:
    lines = _measured(tmp_path, ["check", "maps/khatami.arg"], jobs="1")
    cli = SRC / "cli" / "__init__.py"
    assert _line_of(cli, "os._exit(code)") in lines[str(cli)]


def test_the_checker_s_forked_child_is_measured(tmp_path: Path, generated_map: Path) -> None:
    if not hasattr(os, "fork") or len(os.sched_getaffinity(0)) < 2:
        pytest.skip("the checker forks only with a second core to run on")
    alone = _measured(tmp_path, ["check", str(generated_map)], jobs="1")
    forked = _measured(tmp_path, ["check", str(generated_map)], jobs=None)
    registry = SRC / "checks" / "registry.py"
    assert _line_of(registry, "pid = os.fork()") in forked[str(registry)]  # the rules did go to a child
    rules = str(SRC / "checks" / "evaluation.py")
    assert forked[rules] == alone[rules]  # and what the child ran was recorded, as in one process
