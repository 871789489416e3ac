"""Photograph the HTML view for the README: `python scripts/html_screenshot.py` writes docs/html.png.

The seed map's page, made by `argmap render`, opened from disk in Debian's
headless Chromium (`apt-get install chromium`), with `befriend` selected
through the page's own URL fragment and "Caucasus" searched for.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from argmap.cli import main as argmap_main

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("map", nargs="?", type=Path, default=ROOT / "maps" / "khatami.arg")
    parser.add_argument("-o", "--output", type=Path, default=ROOT / "docs" / "html.png")
    parser.add_argument("--select", default="befriend", help="the claim to select (default: befriend)")
    parser.add_argument("--search", default="Caucasus", help="what to search for (default: Caucasus)")
    args = parser.parse_args(argv)
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as folder:
        page_path = Path(folder) / "map.html"
        argmap_main(["render", str(args.map), "-o", str(page_path)], standalone_mode=False)
        with sync_playwright() as driver:
            browser = driver.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            page = browser.new_page(viewport={"width": 1400, "height": 860})
            page.goto(f"{page_path.as_uri()}#claim-{args.select}")
            page.fill("#search", args.search)
            page.evaluate("id => argmapPage.select(id)", args.select)
            page.wait_for_timeout(300)
            args.output.parent.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(args.output))
            browser.close()
    print(f"wrote {args.output.relative_to(ROOT) if args.output.is_relative_to(ROOT) else args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
