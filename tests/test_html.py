"""The HTML view as a file: one self-contained page, its data escaped, its policy strict (the browser tests run it)."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

import argmap
from argmap.checks import MapIndex
from argmap.checks.sources import quote_passage
from argmap.cli import main
from argmap.draw import html
from argmap.draw.render import Layout

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "maps" / "khatami.arg"
HOSTILE = Path(__file__).parent / "html" / "hostile.arg"
needs_dot = pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz `dot` is not installed")
# The XML namespaces Graphviz's SVG declares: names, never fetched.
NAMESPACES = ("http://www.w3.org/2000/svg", "http://www.w3.org/1999/xlink")


def render(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["render", *args])
    return result.exit_code, result.output


def data_block(page: str) -> str:
    found = re.search(r'<script type="application/json" id="argmap-data">(.*?)</script>', page, re.S)
    assert found is not None
    return found.group(1)


@pytest.fixture(scope="module")
def seed_page(tmp_path_factory: pytest.TempPathFactory) -> str:
    if shutil.which("dot") is None:
        pytest.skip("Graphviz `dot` is not installed")
    out = tmp_path_factory.mktemp("page") / "khatami.html"
    code, output = render(str(SEED), "-o", str(out))
    assert code == 0, output
    return out.read_text(encoding="utf-8")


def test_the_page_loads_nothing_from_anywhere(seed_page: str) -> None:
    page = re.sub(r'<meta http-equiv="Content-Security-Policy"[^>]*>', "", seed_page)  # its `img-src data:`
    for namespace in NAMESPACES:
        page = page.replace(namespace, "")
    assert re.findall(r"(?i)(?:https?:|ftp:|data:|//[a-z0-9.-]+\.[a-z]{2,}/)", page) == []
    # Every link and source on the page is a fragment of the page itself.
    assert all(v.startswith("#") for v in re.findall(r'(?:href|src)="([^"]*)"', page))


def test_the_policy_allows_only_the_pages_own_script_and_style(seed_page: str) -> None:
    policy = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">', seed_page)
    assert policy is not None
    rules = dict(rule.strip().split(" ", 1) for rule in policy.group(1).split(";"))
    assert rules["default-src"] == "'none'" and rules["img-src"] == "data:"
    nonce = re.fullmatch(r"'nonce-([A-Za-z0-9_-]{20,})'", rules["script-src"])
    assert nonce is not None and rules["style-src"] == rules["script-src"]
    assert seed_page.count(f'nonce="{nonce.group(1)}"') == 2  # the page's one <style> and one <script>
    assert len(re.findall(r"<script\b", seed_page)) == 2


def test_the_page_inlines_the_picture_with_a_hook_for_every_claim(seed_page: str) -> None:
    amap = argmap.load(SEED)
    assert seed_page.count("<svg") == 1 and "<?xml" not in seed_page
    for claim in amap.claims:
        assert f'id="claim&#45;{claim.id}"' in seed_page


def test_the_same_map_gives_the_same_page(tmp_path: Path, seed_page: str) -> None:
    code, _ = render(str(SEED), "-o", str(tmp_path / "again.html"))
    assert code == 0 and (tmp_path / "again.html").read_text(encoding="utf-8") == seed_page


@needs_dot
def test_format_html_wins_over_the_extension(tmp_path: Path) -> None:
    code, _ = render(str(SEED), "-o", str(tmp_path / "page.out"), "--format", "html")
    assert code == 0 and (tmp_path / "page.out").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_paper_is_refused_for_a_page(tmp_path: Path) -> None:
    code, output = render(str(SEED), "-o", str(tmp_path / "map.html"), "--paper", "a4")
    assert code == 2 and "not HTML" in output and not (tmp_path / "map.html").exists()


def test_map_text_cannot_close_the_data_block(tmp_path: Path) -> None:
    amap = argmap.load(HOSTILE)
    data = html.page_data(amap)
    page = html.build_page(amap, "<svg></svg>", data)
    block = data_block(page)
    assert not set("<>&\u2028\u2029") & set(block)
    assert json.loads(block)["claims"] == json.loads(json.dumps(data["claims"]))
    # The payloads are there, as data.
    assert "</script><script>pwned('premise')</script>" in json.loads(block)["claims"][0]["text"]


def test_ids_from_code_that_no_map_file_allows_stay_data(tmp_path: Path) -> None:
    import attrs

    amap = argmap.load(HOSTILE)
    hostile_id = "x\"><img src=x onerror=pwned('id')>"
    claims = tuple(attrs.evolve(c, id=hostile_id, tags=("</script>",)) if c.id == "decoy" else c for c in amap.claims)
    page = html.build_page(amap, "<svg></svg>", html.page_data(attrs.evolve(amap, claims=claims)))
    entry = next(c for c in json.loads(data_block(page))["claims"] if c["id"] == hostile_id)
    assert entry["tags"] == ["</script>"] and re.fullmatch(r"claim-[\w-]+", entry["dom"])
    assert "dom" not in json.loads(data_block(page))["claims"][0]  # `claim-ID`, as the page assumes
    assert "<img" not in page


def test_a_quote_comes_with_the_passage_around_it() -> None:
    amap = argmap.load(SEED)
    befriend = next(c for c in html.page_data(amap)["claims"] if c["id"] == "befriend")
    before, quoted, after = befriend["quotes"][0]["passage"]
    assert quoted.startswith("its simultaneous efforts to pursue friendly relations")
    assert "in light of the Caucasus war" in before and after.startswith(" (New York Times")


def test_quote_passage_is_none_for_a_quote_not_in_its_source() -> None:
    amap = argmap.load(SEED)
    index = MapIndex(amap)
    assert quote_passage(index, index.sources["monitor"], "words the piece never printed anywhere") is None


def test_each_report_names_the_claims_it_is_about() -> None:
    amap = argmap.load(SEED)
    data = html.page_data(amap, reports=argmap.check(amap))
    about = {r["code"]: r.get("about", []) for r in data["reports"]}
    assert set(about["AM601"]) == {"befriend", "fight_terror"}
    assert about["AM501"] == ["groundswell"]
    contradiction = next(r for r in data["reports"] if r["code"] == "AM601")
    assert contradiction["acknowledged"].startswith("The piece itself calls this")


def test_claims_carry_status_reason_and_grades() -> None:
    amap = argmap.load(SEED)
    data = html.page_data(amap, evaluation=argmap.evaluate.evaluate(amap))
    claims = {c["id"]: c for c in data["claims"]}
    assert claims["befriend"]["status"] == "undec" and "fight_terror" in claims["befriend"]["reason"]
    assert data["sources"]["monitor"]["reliability"] == "B"
    assert any("probability" in c for c in claims.values())


def grid_layout(source: str, fmt: str, layout: Layout, timeout: float) -> bytes:
    """A stand-in for Graphviz's `-Tjson0` of the overview: its boxes in a grid, its links straight.

    The page's own tests need where the boxes are, not a good layout (sfdp takes most of a minute at
    5,000 arguments).
    """
    assert fmt == "json0"
    names = re.findall(r'^\t("[^"]+") \[label=.*?\bid="((?:argument|claim)-[^"]+)"', source, re.M)
    index = {name: number for number, (name, _) in enumerate(names)}
    objects = [{"name": name, "id": ident, "pos": f"{100 * (n % 50)},{60 * (n // 50)}", "width": "1", "height": "0.5"}
               for n, (name, ident) in enumerate(names)]  # fmt: skip
    edges = []
    for tail, head in re.findall(r'^\t("[^"]+") -> ("[^"]+")', source, re.M):
        if tail in index and head in index:
            a, b = objects[index[tail]]["pos"], objects[index[head]]["pos"]
            edges.append({"tail": index[tail], "head": index[head], "pos": f"{a} {a} {b} {b}", "color": "#1b7837"})
    return json.dumps({"bb": f"0,0,5000,{60 * (len(names) // 50 + 1)}", "objects": objects, "edges": edges}).encode()


def test_a_large_map_opens_on_the_overview(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(html, "LARGE_PAGE", 10)
    amap = argmap.load(SEED)
    page = html.render_page(amap, run=grid_layout).data.decode("utf-8")
    overview = json.loads(data_block(page))["overview"]
    assert "<svg" not in page
    assert {b[0] for b in overview["boxes"]} >= {f"argument-{a.id}" for a in amap.arguments}
    assert overview["lines"] and all(len(line[0]) == 8 for line in overview["lines"])


def test_overview_layout_turns_graphviz_coordinates_downwards() -> None:
    layout = {"bb": "0,0,200,100", "objects": [{"id": "argument-a", "pos": "50,80", "width": "1", "height": "0.5"}],
              "edges": []}  # fmt: skip
    box = html.overview_layout(json.dumps(layout).encode())["boxes"][0]
    assert box == ["argument-a", 14.0, 2.0, 72.0, 36.0, "#969696"]


def test_reload_stamp_changes_when_the_page_does(tmp_path: Path) -> None:
    page = tmp_path / "map.html"
    page.write_text("one")
    html.write_reload_stamp(page)
    first = (tmp_path / "map.reload.js").read_text()
    page.write_text("two")
    html.write_reload_stamp(page)
    second = (tmp_path / "map.reload.js").read_text()
    assert first != second and re.fullmatch(r'window\.argmapReloaded\("[0-9a-f]{32}"\);\n', second)


def test_a_live_page_names_its_reload_script(monkeypatch: pytest.MonkeyPatch) -> None:
    amap = argmap.load(SEED)
    page = html.build_page(amap, "<svg></svg>", html.page_data(amap), reload=html.reload_script_name("brief.html"))
    assert json.loads(data_block(page))["reload"] == "brief.reload.js"


def test_the_page_assets_are_in_the_package() -> None:
    from importlib import resources

    folder = resources.files("argmap.draw") / "page"
    assert (folder / "page.js").is_file() and (folder / "page.css").is_file()
    assert "innerHTML" not in (folder / "page.js").read_text(encoding="utf-8")
