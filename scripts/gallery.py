"""Draw the gallery of docs/gallery/: what `argmap render` makes of the seed map and of a large generated map.

    python scripts/gallery.py            # every picture
    python scripts/gallery.py --only a4  # the pictures whose name holds "a4"

Run it after changing the look, the layout or maps/, so the gallery shows
what `argmap render` draws today. The A4 pages are rasterised with
`pdftoppm` (Debian: apt-get install poppler-utils); everything else needs
only Graphviz.
"""

from __future__ import annotations

import argparse
import io
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

import argmap
from argmap.draw.compile import Options
from argmap.draw.paper import render_paper
from argmap.draw.render import render_map, write_atomic
from argmap.evaluate import evaluate
from argmap.model import ArgumentMap

ROOT = Path(__file__).resolve().parent.parent
GALLERY = ROOT / "docs" / "gallery"
SEED = ROOT / "maps" / "khatami.arg"
GENERATED_ARGUMENTS = 500
PAGE_DPI = 72  # an A4 page 595 x 842 px: its 7 pt text still reads on a screen


def seed() -> ArgumentMap:
    return argmap.load(SEED)


def generated() -> ArgumentMap:
    """The map of `GENERATED_ARGUMENTS` arguments that bench/generate.py makes (seed 1), as the benchmarks use it."""
    sys.path.insert(0, str(ROOT / "bench"))
    try:
        import generate
    finally:
        sys.path.remove(str(ROOT / "bench"))
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "generated.arg"
        path.write_text(generate.to_arg(generate.build(GENERATED_ARGUMENTS, 1)), encoding="utf-8")
        return argmap.load(path)


def svg(amap: ArgumentMap, options: Options, view: str = "claims") -> bytes:
    return render_map(amap, "svg", options, view=view, timeout=600).data


def evaluated(amap: ArgumentMap) -> Options:
    return Options(statuses=evaluate(amap).statuses)


def a4_pages(amap: ArgumentMap) -> dict[str, bytes]:
    """The seed map printed on A4: its first page and its first argument's page, as PNG."""
    from pypdf import PdfReader

    if shutil.which("pdftoppm") is None:
        raise SystemExit("the A4 pages need pdftoppm: apt-get install poppler-utils")
    pdf = render_paper(amap, Options(), paper="a4", timeout=600).data
    texts = [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]
    first_argument = next(n for n, text in enumerate(texts, start=1) if text.startswith("Argument 1 of"))
    return {
        "seed-a4-first-page.png": _page_png(pdf, 1),
        "seed-a4-argument-page.png": _page_png(pdf, first_argument),
    }


def _page_png(pdf: bytes, page: int) -> bytes:
    with tempfile.TemporaryDirectory() as folder:
        stem = Path(folder) / "page"
        subprocess.run(
            ["pdftoppm", "-png", "-r", str(PAGE_DPI), "-f", str(page), "-l", str(page), "-singlefile", "-", stem],
            input=pdf, check=True, capture_output=True,
        )  # fmt: skip
        return stem.with_suffix(".png").read_bytes()


# Each picture: its file name, and how it is drawn. The gallery's README says what each shows.
PICTURES: dict[str, Callable[[], dict[str, bytes]]] = {
    "seed": lambda: {"seed.svg": svg(seed(), Options())},
    "seed-arguments": lambda: {"seed-arguments.svg": svg(seed(), Options(), view="arguments")},
    "focus": lambda: {"focus-befriend.svg": svg(seed(), Options(focus="befriend", depth=1))},
    "status": lambda: {"status.svg": svg(seed(), evaluated(seed()))},
    "generated": lambda: {"generated-500-arguments.svg": svg(generated(), Options(), view="arguments")},
    "a4": lambda: a4_pages(seed()),
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--only", help="draw only the pictures whose name holds this")
    parser.add_argument("-o", "--output", type=Path, default=GALLERY, help="the folder (default docs/gallery)")
    args = parser.parse_args(argv)
    args.output.mkdir(parents=True, exist_ok=True)
    for name, draw in PICTURES.items():
        if args.only and args.only not in name:
            continue
        for file_name, data in draw().items():
            write_atomic(args.output / file_name, data)
            print(f"wrote {args.output / file_name} ({len(data) / 1024:,.0f} KB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
