"""Draw the gallery of docs/gallery/: what `argmap render` makes of the seed map and of a large generated map.

    python scripts/gallery.py            # every picture
    python scripts/gallery.py --only a4  # the pictures whose name holds "a4"

Each picture is drawn by the `argmap render` command itself, with the
options docs/gallery/README.md names, so the gallery shows what a user gets.
Run it after changing the look, the layout or maps/. The A4 pages are
rasterised with `pdftoppm` (Debian: apt-get install poppler-utils);
everything else needs only Graphviz.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GALLERY = ROOT / "docs" / "gallery"
SEED = ROOT / "maps" / "khatami.arg"
GENERATED_ARGUMENTS = 500
PAGE_DPI = 72  # an A4 page 595 x 842 px: its 7 pt text still reads on a screen


def render(source: Path, out: Path, *options: str) -> None:
    """Run `argmap render SOURCE -o OUT OPTIONS...` as a user would, stopping on any failure."""
    argv = [sys.executable, "-m", "argmap", "render", str(source), "-o", str(out), "--timeout", "600", *options]
    done = subprocess.run(argv, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(argv)} failed:\n{done.stderr}")


def drawn(source: Path, name: str, *options: str) -> Callable[[Path], list[Path]]:
    """A picture of `source` drawn into the gallery folder as `name`."""

    def draw(folder: Path) -> list[Path]:
        render(source, folder / name, *options)
        return [folder / name]

    return draw


def generated(name: str, *options: str) -> Callable[[Path], list[Path]]:
    """A picture of the map of `GENERATED_ARGUMENTS` arguments that bench/generate.py makes (seed 1)."""

    def draw(folder: Path) -> list[Path]:
        with tempfile.TemporaryDirectory() as work:
            source = Path(work) / "generated.arg"
            generate = ROOT / "bench" / "generate.py"
            subprocess.run(
                [sys.executable, str(generate), "--arguments", str(GENERATED_ARGUMENTS), "-o", str(source)], check=True
            )
            render(source, folder / name, *options)
        return [folder / name]

    return draw


def a4_pages(folder: Path) -> list[Path]:
    """The seed map printed on A4: its first page and its first argument's page, as PNG."""
    from pypdf import PdfReader

    if shutil.which("pdftoppm") is None:
        raise SystemExit("the A4 pages need pdftoppm: apt-get install poppler-utils")
    with tempfile.TemporaryDirectory() as work:
        pdf = Path(work) / "seed-a4.pdf"
        render(SEED, pdf, "--paper", "a4")
        texts = [page.extract_text() for page in PdfReader(pdf).pages]
        first_argument = next(n for n, text in enumerate(texts, start=1) if text.startswith("Argument 1 of"))
        pages = {"seed-a4-first-page": 1, "seed-a4-argument-page": first_argument}
        for stem, page in pages.items():
            subprocess.run(
                ["pdftoppm", "-png", "-r", str(PAGE_DPI), "-f", str(page), "-l", str(page), "-singlefile",
                 str(pdf), str(folder / stem)],
                check=True,
            )  # fmt: skip
    return [folder / f"{stem}.png" for stem in pages]


# Each picture's name and how it is drawn; docs/gallery/README.md says what each shows.
PICTURES: dict[str, Callable[[Path], list[Path]]] = {
    "seed": drawn(SEED, "seed.svg"),
    "seed-arguments": drawn(SEED, "seed-arguments.svg", "--view", "arguments"),
    "focus": drawn(SEED, "focus-befriend.svg", "--focus", "befriend", "--depth", "1"),
    "status": drawn(SEED, "status.svg", "--status"),
    "generated": generated("generated-500-arguments.svg", "--view", "arguments"),
    "a4": a4_pages,
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
        for path in draw(args.output):
            print(f"wrote {path} ({path.stat().st_size / 1024:,.0f} KB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
