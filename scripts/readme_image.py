"""Draw the seed map for the README: `python scripts/readme_image.py` writes docs/khatami.svg.

Run it after changing maps/ or the look of the pictures, so the README shows
what `argmap render` draws today.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import argmap
from argmap.draw.render import render_map, write_atomic

ROOT = Path(__file__).resolve().parent.parent


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("map", nargs="?", type=Path, default=ROOT / "maps" / "khatami.arg")
    parser.add_argument("-o", "--output", type=Path, default=ROOT / "docs" / "khatami.svg")
    args = parser.parse_args(argv)
    rendered = render_map(argmap.load(args.map), args.output.suffix.lstrip(".") or "svg")
    args.output.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(args.output, rendered.data)
    print(f"wrote {args.output.relative_to(ROOT) if args.output.is_relative_to(ROOT) else args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
