"""Printing (`--paper a4|letter`): one legible page, or the overview and a page per argument, text never under 7 pt."""

from __future__ import annotations

import io
import math
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from pypdf import PageObject, PdfReader

import argmap
from argmap.cli import main
from argmap.draw import render as render_module
from argmap.draw.compile import Options, inks
from argmap.draw.paper import (
    MARGIN,
    MIN_TEXT,
    PAPERS,
    Piece,
    Placed,
    Role,
    fits,
    pack,
    page_sources,
    sheet_size,
    smallest_text,
)
from argmap.draw.style import ACTOR_PALETTE
from argmap.errors import UsageError

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "maps" / "khatami.arg"
SMALL = ROOT / "tests" / "fixtures" / "render" / "small.arg"
A4 = PAPERS["a4"]
needs_dot = pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz `dot` is not installed")


@pytest.fixture(autouse=True)
def no_bundled_graphviz(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(render_module, "pygraphviz_available", lambda: False)


def piece(width: float, height: float, role: Role = "part", text: float = 9.0) -> Piece:
    return Piece(b"", width, height, text, "a piece", role)


# --- page sizes and packing ----------------------------------------------------


def test_a4_and_letter_are_their_iso_and_us_sizes_in_points() -> None:
    assert [round(v) for v in sheet_size("a4")] == [595, 842]
    assert sheet_size("letter") == (612.0, 792.0)


def test_landscape_turns_the_page() -> None:
    assert sheet_size("a4", landscape=True) == (A4[1], A4[0])


def test_an_unknown_paper_is_a_usage_error() -> None:
    with pytest.raises(UsageError, match="a4, letter"):
        sheet_size("a3")


def test_a_picture_larger_than_the_page_is_scaled_to_fit_inside_the_margins() -> None:
    [page] = pack([piece(2000, 500)], A4)
    [placed] = page.placed
    assert placed.scale == pytest.approx((A4[0] - 2 * MARGIN) / 2000)
    assert placed.x >= MARGIN - 1e-6 and placed.x + 2000 * placed.scale <= A4[0] - MARGIN + 1e-6


def test_a_picture_smaller_than_the_page_is_never_enlarged() -> None:
    [page] = pack([piece(100, 50)], A4)
    assert page.placed[0].scale == 1.0


def test_small_pictures_share_a_page() -> None:
    pages = pack([piece(200, 100) for _ in range(4)], A4)
    assert len(pages) == 1 and len(pages[0].placed) == 4
    assert _no_two_overlap(pages[0].placed, [piece(200, 100)] * 4)


def test_an_argument_panel_has_a_page_of_its_own() -> None:
    pages = pack([piece(100, 50), piece(300, 200, "page"), piece(100, 50)], A4)
    assert [[p.piece for p in page.placed] for page in pages] == [[0], [1], [2]]


def test_the_heading_comes_first_on_a_row_of_its_own() -> None:
    pieces = [piece(100, 40), piece(300, 30, "heading"), piece(100, 300)]
    [page] = pack(pieces, A4)
    first = page.placed[0]
    assert first.piece == 1  # the heading, though written after a part
    assert all(p.y + pieces[p.piece].height <= first.y for p in page.placed[1:])  # everything else below it


def test_a_wide_picture_gets_a_landscape_page_unless_the_pages_are_fixed() -> None:
    assert pack([piece(900, 300)], A4, turn=True)[0].width == A4[1]
    assert pack([piece(900, 300)], A4, turn=False)[0].width == A4[0]


def test_a_picture_fits_when_its_smallest_text_prints_at_7_pt_or_more() -> None:
    width = A4[0] - 2 * MARGIN
    assert fits(piece(width * 9 / 7, 100), A4)  # scaled to 7/9: 9 pt text prints at 7 pt
    assert not fits(piece(width * 9 / 7 * 1.01, 100), A4)


def test_smallest_text_reads_every_font_operation_of_a_layout() -> None:
    layout = {
        "_ldraw_": [{"op": "F", "size": 18.0, "face": "Helvetica"}, {"op": "T", "text": "title"}],
        "objects": [{"_ldraw_": [{"op": "F", "size": 9.0, "face": "Helvetica"}, {"op": "T", "text": "small"}]}],
        "edges": [{"_draw_": [{"op": "b", "points": []}]}],
    }
    assert smallest_text(layout) == 9.0


def _no_two_overlap(placed: tuple[Placed, ...], pieces: list[Piece]) -> bool:
    boxes = [(p.x, p.y, p.x + pieces[p.piece].width * p.scale, p.y + pieces[p.piece].height * p.scale) for p in placed]
    return not any(
        a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3] for i, a in enumerate(boxes) for b in boxes[i + 1 :]
    )


# --- measured on the PDF ---------------------------------------------------------


def text_sizes(pdf: bytes) -> list[list[float]]:
    """For each page, the printed size in points of every run of text, from the PDF's own text and matrices."""
    return [_sizes_on(page) for page in PdfReader(io.BytesIO(pdf)).pages]


def _sizes_on(page: PageObject) -> list[float]:
    """A font's size times the scale of the text matrix and the transformation matrix it is drawn with."""
    sizes: list[float] = []

    def visit(text: str, cm: list[float], tm: list[float], font: object, size: float) -> None:
        if text.strip():
            a, b = tm[0] * cm[0] + tm[1] * cm[2], tm[0] * cm[1] + tm[1] * cm[3]
            c, d = tm[2] * cm[0] + tm[3] * cm[2], tm[2] * cm[1] + tm[3] * cm[3]
            sizes.append(size * math.sqrt(abs(a * d - b * c)))

    page.extract_text(visitor_text=visit)
    return sizes


def render(*args: str) -> tuple[int, bytes, str]:
    result = CliRunner().invoke(main, ["render", *args])
    return result.exit_code, result.stdout_bytes, result.stderr


@pytest.fixture(scope="module")
def seed_a4(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    if shutil.which("dot") is None:
        pytest.skip("Graphviz `dot` is not installed")
    out = tmp_path_factory.mktemp("paper") / "seed.pdf"
    result = CliRunner().invoke(main, ["render", str(SEED), "-o", str(out), "--paper", "a4"])
    assert result.exit_code == 0, result.stderr
    return out.read_bytes()


def test_seed_map_on_a4_prints_no_text_under_7_pt(seed_a4: bytes) -> None:
    smallest = [min(sizes) for sizes in text_sizes(seed_a4)]
    assert min(smallest) >= MIN_TEXT - 0.01, smallest


def test_seed_map_on_a4_is_the_overview_then_a_titled_page_per_argument(seed_a4: bytes) -> None:
    reader = PdfReader(io.BytesIO(seed_a4))
    texts = [page.extract_text() for page in reader.pages]
    panels = [n for n, text in enumerate(texts) if text.startswith("Argument ")]
    assert [texts[n].splitlines()[0] for n in panels] == [f"Argument {k} of 12" for k in range(1, 13)]
    assert panels == list(range(len(texts) - 12, len(texts)))  # the overview's pages come first
    assert texts[0].startswith("Khatami in Moscow") and "Overview" in texts[0]


def test_every_page_is_a4_either_way_round(seed_a4: bytes) -> None:
    sizes = {tuple(sorted(round(float(v)) for v in (p.mediabox.width, p.mediabox.height)))
             for p in PdfReader(io.BytesIO(seed_a4)).pages}  # fmt: skip
    assert sizes == {(595, 842)}


def test_the_outline_lists_every_page(seed_a4: bytes) -> None:
    reader = PdfReader(io.BytesIO(seed_a4))
    titles = [item.title for item in reader.outline if not isinstance(item, list)]
    assert len(titles) == len(reader.pages) and titles[-1].startswith("Argument 12 of 12: ")


def tiny(folder: Path) -> str:
    """A map of one short argument, written into `folder`."""
    path = folder / "tiny.arg"
    path.write_text('argument a "A" {\n  premise p: "One reason."\n  conclusion c: "So this."\n}\n', encoding="utf-8")
    return str(path)


@needs_dot
def test_a_map_that_fits_is_one_page_on_letter(tmp_path: Path) -> None:
    code, _, err = render(tiny(tmp_path), "-o", str(tmp_path / "tiny.pdf"), "--paper", "letter")
    reader = PdfReader(tmp_path / "tiny.pdf")
    assert code == 0 and len(reader.pages) == 1, err
    box = reader.pages[0].mediabox
    assert sorted((float(box.width), float(box.height))) == [612.0, 792.0]
    assert min(text_sizes((tmp_path / "tiny.pdf").read_bytes())[0]) >= MIN_TEXT


@needs_dot
def test_landscape_makes_every_page_landscape(tmp_path: Path) -> None:
    code, _, err = render(tiny(tmp_path), "-o", str(tmp_path / "tiny.pdf"), "--paper", "a4", "--landscape")
    box = PdfReader(tmp_path / "tiny.pdf").pages[0].mediabox
    assert code == 0 and float(box.width) > float(box.height), err


@needs_dot
def test_the_overview_on_paper_has_no_pages_per_argument(tmp_path: Path) -> None:
    code, _, err = render(str(SEED), "-o", str(tmp_path / "o.pdf"), "--paper", "a4", "--view", "arguments")
    texts = [page.extract_text() for page in PdfReader(tmp_path / "o.pdf").pages]
    assert code == 0 and not any(text.startswith("Argument ") for text in texts), err


@needs_dot
def test_a_picture_too_large_for_a_legible_page_is_fitted_and_said_so(tmp_path: Path) -> None:
    premises = "\n".join(f'  premise p{n}: "Premise number {n} of a very broad argument."' for n in range(30))
    path = tmp_path / "broad.arg"
    path.write_text(f'argument broad "Broad" {{\n{premises}\n  conclusion c: "So it is."\n}}\n', encoding="utf-8")
    code, _, err = render(str(path), "-o", str(tmp_path / "broad.pdf"), "--paper", "a4")
    assert code == 0 and "too large for the page" in err and "--focus" in err
    assert PdfReader(tmp_path / "broad.pdf").pages[-1].extract_text().startswith("Argument 1 of 1")


def test_paper_needs_a_pdf(tmp_path: Path) -> None:
    code, _, err = render(str(SMALL), "-o", str(tmp_path / "m.svg"), "--paper", "a4")
    assert code == 2 and "--format pdf" in err and not (tmp_path / "m.svg").exists()


def test_landscape_needs_paper(tmp_path: Path) -> None:
    code, _, err = render(str(SMALL), "-o", str(tmp_path / "m.pdf"), "--landscape")
    assert code == 2 and "--paper" in err


# --- colours across pages --------------------------------------------------------

TWO_ACTORS = """
actor ann "Ann"
actor bob "Bob"
argument first "First" by ann {
  premise p1: "One." by ann
  conclusion c1: "So one." by ann
}
argument second "Second" by bob {
  premise p2: "Two." by bob
  premise p3: "Three." by bob
  conclusion c2: "So two." by bob
}
claim loose: "Loose." by bob
"""


def test_a_picture_given_inks_keeps_them_rather_than_ranking_its_own(tmp_path: Path) -> None:
    path = tmp_path / "two.arg"
    path.write_text(TWO_ACTORS, encoding="utf-8")
    amap = argmap.load(path)
    assert inks(amap) == {"bob": ACTOR_PALETTE[0], "ann": ACTOR_PALETTE[1]}  # bob holds more claims
    given = {"ann": ACTOR_PALETTE[3], "bob": ACTOR_PALETTE[4]}
    assert inks(amap, Options(inks=given)) == given


def test_every_argument_page_colours_an_actor_as_the_whole_map_does(tmp_path: Path) -> None:
    path = tmp_path / "two.arg"
    path.write_text(TWO_ACTORS, encoding="utf-8")
    amap = argmap.load(path)
    pieces, sources = page_sources(amap, Options())
    first_page = next(source for (title, _), source in zip(pieces, sources, strict=True) if "First" in title)
    assert ACTOR_PALETTE[1] in first_page and ACTOR_PALETTE[0] not in first_page  # ann's, though alone there
