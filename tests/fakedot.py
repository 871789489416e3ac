"""A stand-in Graphviz `dot` for tests of how `argmap render` meets its failures, without Graphviz."""

from __future__ import annotations

from pathlib import Path

__all__ = ["fake_dot"]


def fake_dot(folder: Path, script: str) -> dict[str, str]:
    """A `dot` on PATH that runs `script` (shell); the environment that puts it there."""
    program = folder / "bin" / "dot"
    program.parent.mkdir()
    program.write_text(f"#!/bin/sh\n{script}\n")
    program.chmod(0o755)
    return {"PATH": str(program.parent)}
