"""Draw the seed map for the README: `python scripts/readme_image.py` writes docs/khatami.svg.

Run it after changing maps/ or the look of the pictures, so the README shows
what `argmap render` draws today.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from argmap.cli import main as argmap_main

ROOT = Path(__file__).resolve().parent.parent


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("map", nargs="?", type=Path, default=ROOT / "maps" / "khatami.arg")
    parser.add_argument("-o", "--output", type=Path, default=ROOT / "docs" / "khatami.svg")
    args = parser.parse_args(argv)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    # Through `argmap render` itself, so the picture has the summary band's statuses and findings as users see them.
    argmap_main(["render", str(args.map), "-o", str(args.output)], standalone_mode=False)
    print(f"wrote {args.output.relative_to(ROOT) if args.output.is_relative_to(ROOT) else args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
