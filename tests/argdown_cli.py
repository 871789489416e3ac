"""The real Argdown CLI for the tests: installed once from npm into the cache `bench/run.py` uses.

`argdown_json(path)` runs `argdown json` on a document and gives what it read,
or fails the test with Argdown's own complaint. Without npm the tests that
need it are skipped, saying why; CI has npm and Node.
"""

from __future__ import annotations

import fcntl
import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

ARGDOWN_VERSION = "1.7.5"  # as bench/run.py
ROOT = Path(__file__).resolve().parents[1]
ARGDOWN_HOME = ROOT / "bench" / ".cache" / "argdown"
ARGDOWN_BIN = ARGDOWN_HOME / "node_modules" / ".bin" / "argdown"


def argdown_cli() -> Path:
    """The `argdown` program, installed on first use (a lock keeps two test processes from installing at once)."""
    if ARGDOWN_BIN.exists():
        return ARGDOWN_BIN
    if shutil.which("npm") is None or shutil.which("node") is None:
        pytest.skip("the Argdown CLI is installed with npm, and npm or node is not on this machine")
    ARGDOWN_HOME.mkdir(parents=True, exist_ok=True)
    with open(ARGDOWN_HOME / ".install.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not ARGDOWN_BIN.exists():
            package = ARGDOWN_HOME / "package.json"
            if not package.exists():
                package.write_text('{"name": "argdown-bench", "private": true}\n')
            subprocess.run(
                ["npm", "install", "--no-audit", "--no-fund", f"@argdown/cli@{ARGDOWN_VERSION}"],
                cwd=ARGDOWN_HOME, check=True, capture_output=True, timeout=600,
            )  # fmt: skip
    return ARGDOWN_BIN


def argdown_json(path: Path) -> dict[str, Any]:
    """What the Argdown CLI reads in the document at `path`: its statements, arguments and relations."""
    done = subprocess.run(
        [str(argdown_cli()), "json", str(path), "--stdout", "--silent"], capture_output=True, text=True, timeout=300
    )
    if done.returncode != 0 or not done.stdout.strip():
        verbose = subprocess.run([str(argdown_cli()), "json", str(path), "--stdout"], capture_output=True, text=True)
        pytest.fail(f"Argdown could not read {path}:\n{verbose.stdout[-2000:]}{verbose.stderr[-2000:]}")
    data: dict[str, Any] = json.loads(done.stdout)
    return data


def argdown_json_folder(folder: Path) -> dict[str, dict[str, Any]]:
    """`argdown_json` of every `.argdown` document in `folder`, by file stem, in one run of the CLI (one Node start)."""
    out = folder / "argdown-json"
    subprocess.run(
        [str(argdown_cli()), "json", str(folder / "*.argdown"), str(out), "--silent"],
        capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    found = {path.stem: json.loads(path.read_text(encoding="utf-8")) for path in out.glob("*.json")}
    # A document Argdown cannot read stops the run, and the CLI has been seen to exit before writing its
    # last few files: the documents without a result are read one by one, which names the one that fails.
    for path in sorted(folder.glob("*.argdown")):
        if path.stem not in found:
            found[path.stem] = argdown_json(path)
    return found
