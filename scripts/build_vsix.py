"""Package the VS Code extension in editors/vscode/ into build/argmap-VERSION.vsix.

Needs Node.js and npm. `@vscode/vsce` is installed from npm into
`.cache/npm/vsce/` once; the extension is copied to `build/vscode/`, its
client library installed there from `package-lock.json` (`npm ci`), and
vsce packages that copy, so editors/vscode/ never holds a node_modules.
npm's own download cache is `.cache/npm/_cacache`: a second build needs no
network. Run from anywhere: `python scripts/build_vsix.py [-o FILE]`.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EXTENSION = ROOT / "editors" / "vscode"
CACHE = ROOT / ".cache" / "npm"
VSCE_HOME = CACHE / "vsce"
# The last vsce that runs on Node.js 20 (4.x needs 22).
VSCE_VERSION = "3.9.2"
STAGING = ROOT / "build" / "vscode"


def npm(*args: str, cwd: Path) -> None:
    """Run npm quietly with the project's download cache; no install scripts, no audit."""
    command = ["npm", *args, "--no-audit", "--no-fund", "--ignore-scripts", "--cache", str(CACHE / "_cacache")]
    subprocess.run(command, cwd=cwd, check=True)


def vsce() -> Path:
    """The vsce program, installed into the cache the first time."""
    program = VSCE_HOME / "node_modules" / ".bin" / "vsce"
    if not program.exists():
        VSCE_HOME.mkdir(parents=True, exist_ok=True)
        (VSCE_HOME / "package.json").write_text('{"private": true}\n', encoding="utf-8")
        print(f"Installing @vscode/vsce@{VSCE_VERSION} into {VSCE_HOME.relative_to(ROOT)}", file=sys.stderr)
        npm("install", f"@vscode/vsce@{VSCE_VERSION}", cwd=VSCE_HOME)
    return program


def stage() -> None:
    """A fresh copy of the extension with its production dependencies, for vsce to pack."""
    shutil.rmtree(STAGING, ignore_errors=True)
    shutil.copytree(EXTENSION, STAGING, ignore=shutil.ignore_patterns("node_modules", "tests", "*.vsix"))
    npm("ci", "--omit=dev", cwd=STAGING)


def main(argv: list[str] | None = None) -> int:
    version = json.loads((EXTENSION / "package.json").read_text(encoding="utf-8"))["version"]
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-o", "--output", type=Path, default=ROOT / "build" / f"argmap-{version}.vsix")
    args = parser.parse_args(argv)
    if shutil.which("npm") is None:
        print("build_vsix: npm is not installed; install Node.js 20 or later with npm", file=sys.stderr)
        return 2
    try:
        program = vsce()
        stage()
        output = args.output.resolve()
        output.parent.mkdir(parents=True, exist_ok=True)
        # No repository URL is published for the extension: vsce would stop to ask about it.
        subprocess.run([str(program), "package", "--allow-missing-repository", "--out", str(output)],
                       cwd=STAGING, check=True)  # fmt: skip
    except subprocess.CalledProcessError as error:
        print(f"build_vsix: {' '.join(map(str, error.cmd))} failed with exit code {error.returncode}", file=sys.stderr)
        return 1
    print(output)
    return 0


if __name__ == "__main__":
    sys.exit(main())
