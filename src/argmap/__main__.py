"""`python -m argmap`: the same as the `argmap` command."""

from argmap.cli import run

run()
