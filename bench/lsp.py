"""How soon `argmap lsp` publishes diagnostics after a change, driving the real server over stdio.

For the seed map (a change to maps/outplayed.arg, checked through maps/khatami.arg)
and for a map of N arguments from bench/generate.py (a change to its one file):
the time from sending `didChange` (an unknown actor typed, then fixed) to
receiving the diagnostics that show it, the server's debounce included.

    python bench/lsp.py                   # the seed and 1,000 arguments, 10 changes each
    python bench/lsp.py --arguments 500 --changes 20
"""

from __future__ import annotations

import argparse
import asyncio
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

from lsprotocol import types
from pygls.uris import from_fs_path
from pytest_lsp.client import make_test_lsp_client

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
import generate  # noqa: E402  (bench/generate.py)


async def _measure(folder: Path, file: Path, good: str, bad: str, changes: int) -> list[float]:
    """Seconds from each change to the diagnostics that show it, alternately breaking and fixing `file`."""
    client = make_test_lsp_client()
    await client.start_io(sys.executable, "-m", "argmap", "lsp")
    root = from_fs_path(str(folder))
    await client.initialize_session(types.InitializeParams(capabilities=types.ClientCapabilities(), root_uri=root))
    uri = from_fs_path(str(file)) or ""
    text = file.read_text(encoding="utf-8")
    item = types.TextDocumentItem(uri=uri, language_id="argmap", version=1, text=text)
    client.text_document_did_open(types.DidOpenTextDocumentParams(text_document=item))
    await _until(client, uri, lambda codes: "AM103" not in codes)
    times = []
    bad_text = text.replace(good, bad, 1)
    for version in range(2, changes + 2):
        broken = version % 2 == 0
        client.diagnostics.pop(uri, None)
        start = time.perf_counter()
        client.text_document_did_change(
            types.DidChangeTextDocumentParams(
                text_document=types.VersionedTextDocumentIdentifier(version=version, uri=uri),
                content_changes=[types.TextDocumentContentChangeWholeDocument(text=bad_text if broken else text)],
            )
        )  # fmt: skip
        await _until(client, uri, (lambda codes: "AM103" in codes) if broken else (lambda codes: "AM103" not in codes))
        times.append(time.perf_counter() - start)
    await client.shutdown_session()
    await client.stop()
    return times


async def _until(client, uri: str, wanted) -> None:  # type: ignore[no-untyped-def]
    while True:
        found = client.diagnostics.get(uri)
        if found is not None and wanted([str(d.code) for d in found]):
            return
        await asyncio.sleep(0.001)


def _report(name: str, times: list[float]) -> None:
    ms = sorted(t * 1000 for t in times)
    print(f"{name}: median {statistics.median(ms):.0f} ms, worst {ms[-1]:.0f} ms over {len(ms)} changes")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--arguments", "-n", type=int, default=1000, help="arguments in the generated map")
    parser.add_argument("--changes", type=int, default=10, help="changes to time for each map")
    options = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary)
        (folder / ".git").mkdir()
        shutil.copytree(ROOT / "maps", folder / "maps")
        shutil.copytree(ROOT / "seeds", folder / "seeds")
        seed = asyncio.run(
            _measure(folder, folder / "maps" / "outplayed.arg", "by felgenhauer", "by felgenhaur", options.changes)
        )
        _report("seed map (12 files, 44 claims), a change to outplayed.arg", seed)
        big = folder / "big" / "map.arg"
        big.parent.mkdir()
        generate.main(["--arguments", str(options.arguments), "-o", str(big)])
        text = big.read_text(encoding="utf-8")
        actor = next(line.split()[1] for line in text.splitlines() if line.startswith("actor "))
        times = asyncio.run(_measure(folder, big, f"by {actor}", f"by {actor}_x", options.changes))
        _report(f"generated map ({options.arguments:,} arguments, {len(text):,} bytes), a change to it", times)


if __name__ == "__main__":
    main()
