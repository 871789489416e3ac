"""The HTML view by map size: how long `argmap render --format html` takes, how large the page is,
and how long Chromium takes to load it and search it.

For each size N it generates a map of N arguments (bench/generate.py),
times `argmap render -o N.html` as a whole process (with Graphviz's real
layout: the picture, or past `LARGE_PAGE` boxes the overview), then opens
the page from disk in Debian's headless Chromium and reads, in the page,
`performance.now()` once it has loaded and searched for "kremlin" (from the
start of navigation), and how long opening one argument takes (drawing its
neighbourhood, on a large map).

    python bench/html_page.py --sizes 100 1000 5000
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
# Run as a script, this folder comes first on the path, where this file's name would hide the standard
# library's `html` from everything imported after it: it goes last, where it still finds bench/generate.py.
sys.path[:] = [entry for entry in sys.path if Path(entry or ".").resolve() != HERE] + [str(HERE)]

from generate import build, to_arg  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]  # fmt: skip
MEASURE = """() => {
  const loaded = performance.now();
  const found = argmapPage.search('kremlin');
  const searched = performance.now();
  return [loaded, searched, found];
}"""
OPEN = """id => { const t = performance.now(); argmapPage.select(id); return performance.now() - t; }"""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000, 5000])
    parser.add_argument("--timeout", type=float, default=600)
    parser.add_argument("--runs", type=int, default=3, help="page loads per size; the fastest is reported")
    args = parser.parse_args(argv)
    from playwright.sync_api import sync_playwright

    print("| arguments | render (s) | page | view | load + search (ms) | search alone (ms) | open an argument (ms) |")
    print("| ---: | ---: | ---: | --- | ---: | ---: | ---: |")
    with tempfile.TemporaryDirectory() as folder, sync_playwright() as driver:
        browser = driver.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        for size in args.sizes:
            source = Path(folder) / f"{size}.arg"
            source.write_text(to_arg(build(size)), encoding="utf-8")
            page_path = source.with_suffix(".html")
            started = time.monotonic()
            subprocess.run([sys.executable, "-m", "argmap", "render", str(source), "-o", str(page_path),
                            "--timeout", str(args.timeout)], check=True, capture_output=True)  # fmt: skip
            rendered = time.monotonic() - started
            best: tuple[float, float, int] | None = None
            opened = 0.0
            for _ in range(args.runs):
                page = browser.new_page(viewport={"width": 1400, "height": 900})
                page.goto(page_path.as_uri())
                loaded, searched, found = page.evaluate(MEASURE)
                overview = page.evaluate("!document.getElementById('overview').hidden")
                if best is None or searched < best[1]:
                    best = (loaded, searched, found)
                    opened = page.evaluate(OPEN, f"a{size // 2}_c")
                page.close()
            assert best is not None
            view = "overview (canvas)" if overview else "whole picture (SVG)"
            size_mb = page_path.stat().st_size / 1e6
            cells = [f"{size:,}", f"{rendered:.1f}", f"{size_mb:.1f} MB", view, f"{best[1]:.0f}",
                     f"{best[1] - best[0]:.0f}", f"{opened:.0f}"]  # fmt: skip
            print("| " + " | ".join(cells) + " |", flush=True)
        browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
