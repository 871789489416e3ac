"""Fixtures that several test modules share."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session")
def generated_map(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A 700-argument map from `bench/generate.py`: over 2,000 claims, so a check of it may fork."""
    sys.path.insert(0, str(ROOT / "bench"))
    try:
        import generate  # bench/generate.py
    finally:
        sys.path.remove(str(ROOT / "bench"))
    out = tmp_path_factory.mktemp("generated") / "g.arg"
    generate.main(["--arguments", "700", "-o", str(out)])
    return out
