"""`python -m argmap`: the same as the `argmap` command."""

from __future__ import annotations

if __name__ == "__main__":  # importing the module (a tool listing the package's modules) runs nothing
    from argmap.cli import run

    run()
