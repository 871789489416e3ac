"""The top-level Python API: what `import argmap` offers, as the README's Python API section documents it."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

import argmap
from argmap.checks import UnknownSelector, run_checks

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "maps" / "khatami.arg"

BROKEN = """\
actor analyst "An analyst"
claim a: "The convoy left at dawn." by analyst
claim b: "The convoy never left." by nobody
a supports c
"""


def _run(code: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", code], cwd=cwd, capture_output=True, text=True, timeout=120)


def test_importing_the_main_module_runs_nothing() -> None:
    done = _run("import argmap.__main__")
    assert (done.returncode, done.stdout, done.stderr) == (0, "", "")


def test_python_dash_m_argmap_is_the_command() -> None:
    done = subprocess.run([sys.executable, "-m", "argmap", "--version"], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0
    assert done.stdout == f"argmap, version {argmap.__version__}\n"


def test_the_documented_names_are_importable_from_argmap() -> None:
    from argmap import ArgumentMap, MapError, ParseError, check, compile_map, load, parse, render_map
    from argmap.draw.compile import compile_map as compile_where_it_lives
    from argmap.draw.render import render_map as render_where_it_lives
    from argmap.evaluate import evaluate

    assert compile_map is compile_where_it_lives
    assert render_map is render_where_it_lives
    assert callable(check) and callable(evaluate)
    assert isinstance(load(SEED), ArgumentMap)
    assert isinstance(parse('claim won: "Tehran outplayed Moscow."'), ArgumentMap)
    assert issubclass(ParseError, MapError)
    assert {"check", "compile_map", "render_map", "load", "parse"} <= set(argmap.__all__)


def test_an_unknown_name_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="no attribute 'show_me'"):
        argmap.show_me  # noqa: B018


def test_import_argmap_loads_neither_the_rules_nor_the_drawing() -> None:
    done = _run(
        "import sys, argmap; print(sorted(m for m in sys.modules if m.startswith(('argmap.checks', 'argmap.draw'))))"
    )
    assert done.stdout == "[]\n", done.stderr


def test_check_of_a_path_reports_what_the_command_reports() -> None:
    done = subprocess.run([sys.executable, "-m", "argmap", "check", "--output-format", "json", "maps/khatami.arg"],
                          cwd=ROOT, capture_output=True, text=True, timeout=120)  # fmt: skip
    command = [
        (d["code"], Path(d["file"]).name, d["line"], d["column"]) for d in json.loads(done.stdout)["diagnostics"]
    ]
    api = [(d.code, Path(d.span.file).name, d.span.line, d.span.column) for d in argmap.check(SEED)]
    assert api == command
    assert api  # the seed map keeps findings on purpose: the comparison is not of two empty lists


def test_check_of_a_loaded_map_is_the_rule_runner_s_answer() -> None:
    loaded = argmap.load(SEED)
    assert argmap.check(loaded) == run_checks(loaded)
    assert all(d.acknowledged for d in argmap.check(loaded))  # the seed acknowledges everything it keeps


def test_check_finds_what_is_broken_in_a_parsed_map() -> None:
    found = argmap.check(argmap.parse(BROKEN, path="broken.arg"))
    assert {d.code for d in found} >= {"AM101", "AM103"}
    (unknown_actor,) = [d for d in found if d.code == "AM103"]
    assert (unknown_actor.span.line, unknown_actor.acknowledged) == (3, None)


def test_select_and_ignore_take_one_selector_or_several() -> None:
    loaded = argmap.parse(BROKEN, path="broken.arg")
    assert {d.code for d in argmap.check(loaded, select="AM101")} == {"AM101"}
    assert {d.code for d in argmap.check(loaded, select=["AM101", "unknown-actor"])} == {"AM101", "AM103"}
    assert "AM101" not in {d.code for d in argmap.check(loaded, ignore="AM1")}
    assert "AM103" in {d.code for d in argmap.check(loaded, ignore=["AM101"])}


def test_check_takes_the_word_list_a_map_writes_its_likelihoods_in() -> None:
    second_list = argmap.parse('claim deal: "Iran will buy arms." likelihood "probable"\n', path="deal.arg")
    # A map written all in ICD 203's second list: one AM404 names the setting, unless it is set.
    assert [d.code for d in argmap.check(second_list, select="AM40")] == ["AM404"]
    assert argmap.check(second_list, select="AM40", likelihood_terms="alternate") == []


def test_an_unknown_selector_is_a_value_error() -> None:
    with pytest.raises(UnknownSelector) as raised:
        argmap.check(argmap.parse(BROKEN), select="AM7777")
    assert isinstance(raised.value, ValueError)


def test_check_of_a_file_that_does_not_parse_returns_why(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text("")
    bad = tmp_path / "bad.arg"
    bad.write_text('claim a: "unfinished\n', encoding="utf-8")
    (syntax,) = argmap.check(bad)
    assert syntax.code == "AM001"
    assert Path(syntax.span.file).name == "bad.arg"
    assert syntax.span.line == 1


def _readme_python_api() -> str:
    """The code of the README's Python API section: its lines indented as a code block, joined."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("\n## Python API\n", 1)[1].split("\n## ", 1)[0]
    return "".join(line[4:] + "\n" for line in section.splitlines() if line.startswith("    "))


@pytest.mark.needs_dot
def test_the_readme_python_api_example_runs(tmp_path: Path) -> None:
    code = _readme_python_api()
    assert "argmap.check(" in code and "render_map(" in code
    done = _run(code, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    assert "AM601" in done.stdout
