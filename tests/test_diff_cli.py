"""`argmap diff` on the command line: two files, or a map against a git revision of a real repository made here."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from argmap.cli import main

CASES = Path(__file__).parent / "diff"
BASE = (CASES / "base.arg").read_text(encoding="utf-8")
REBUTTAL = 'rebuttal binding: "The accord binds both sides."\n  by analysts\n  rebuts framework_only\n'

needs_git = pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
needs_dot = pytest.mark.skipif(shutil.which("dot") is None, reason="needs Graphviz")


def run(*args: str | Path, cwd: Path | None = None, env: dict[str, str] | None = None) -> Any:
    old = Path.cwd()
    if cwd is not None:
        os.chdir(cwd)
    try:
        return CliRunner().invoke(main, [str(a) for a in args], env=env)
    finally:
        os.chdir(old)


@pytest.fixture
def pair(tmp_path: Path) -> tuple[Path, Path]:
    """The base map and the base map with a rebuttal of the objection, in a project of their own."""
    (tmp_path / "argmap.toml").write_text("", encoding="utf-8")
    shutil.copy(CASES / "paper.txt", tmp_path / "paper.txt")
    old, new = tmp_path / "old.arg", tmp_path / "new.arg"
    old.write_text(BASE, encoding="utf-8")
    new.write_text(BASE + REBUTTAL, encoding="utf-8")
    return old, new


# --- two files -------------------------------------------------------------------------


def test_two_maps_compared_exit_0_without_exit_code(pair: tuple[Path, Path]) -> None:
    result = run("diff", *pair)
    assert result.exit_code == 0, result.stderr
    assert "framework_only: in → out" in result.stdout


def test_exit_code_is_1_when_the_meaning_changed_and_0_when_not(pair: tuple[Path, Path]) -> None:
    old, new = pair
    assert run("diff", old, new, "--exit-code").exit_code == 1
    assert run("diff", old, old, "--exit-code").exit_code == 0


def test_a_reformatted_map_exits_0_with_exit_code(pair: tuple[Path, Path], tmp_path: Path) -> None:
    old, _ = pair
    formatted = tmp_path / "formatted.arg"
    formatted.write_text(BASE, encoding="utf-8")
    assert run("fmt", formatted, "--line-length", "30").exit_code == 0
    assert formatted.read_text(encoding="utf-8") != BASE
    result = run("diff", old, formatted, "--exit-code")
    assert result.exit_code == 0
    assert "no change of meaning" in result.stdout


def test_no_colour_when_not_on_a_terminal_or_with_no_color(pair: tuple[Path, Path]) -> None:
    assert "\x1b[" not in run("diff", *pair).stdout
    assert "\x1b[" not in run("diff", *pair, env={"NO_COLOR": "1"}).stdout


@pytest.mark.parametrize("fmt", ["text", "markdown", "json"])
def test_every_format_is_written(pair: tuple[Path, Path], fmt: str) -> None:
    result = run("diff", *pair, "--format", fmt)
    assert result.exit_code == 0
    assert "binding" in result.stdout
    if fmt == "json":
        assert json.loads(result.stdout)["changed"] is True


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["only-one.arg"], "give two maps"),
        (["missing.arg", "new.arg"], "missing.arg: no such file or folder"),
        (["--git", "HEAD", "a.arg", "b.arg"], "at most one map"),
    ],
)
def test_usage_errors_exit_2(pair: tuple[Path, Path], args: list[str], message: str) -> None:
    result = run("diff", *args, cwd=pair[0].parent)
    assert result.exit_code == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr


def test_a_map_that_cannot_be_read_exits_2_with_its_place(pair: tuple[Path, Path]) -> None:
    old, new = pair
    new.write_text(BASE + "claim broken: \n", encoding="utf-8")
    result = run("diff", old, new, "--exit-code")
    assert result.exit_code == 2
    assert "new.arg:" in result.stderr


# --- a picture of the change -------------------------------------------------------------


def test_render_dot_marks_what_was_added_removed_and_changed(pair: tuple[Path, Path], tmp_path: Path) -> None:
    old, new = pair
    # A rebuttal added, the rival claim's text changed, the funded premise removed.
    funded = '  premise funded: "The money for the deal is in place."\n    by observers\n    tags money\n'
    text = (BASE + REBUTTAL).replace("will block the deal.", "will surely block the deal.").replace(funded, "")
    new.write_text(text, encoding="utf-8")
    picture = tmp_path / "change.dot"
    result = run("diff", old, new, "--render", picture)
    assert result.exit_code == 0, result.stderr
    dot = picture.read_text(encoding="utf-8")
    node = {ident: next(line for line in dot.splitlines() if line.lstrip().startswith(f'"{ident}" [label='))
            for ident in ("binding", "funded", "rivals_block")}  # fmt: skip
    assert "+ ADDED" in node["binding"] and 'penwidth="4.5"' in node["binding"]
    assert "REMOVED" in node["funded"] and "dashed" in node["funded"]
    assert "~ CHANGED" in node["rivals_block"] and "dotted" in node["rivals_block"]
    edge = next(line for line in dot.splitlines() if line.lstrip().startswith('"binding" -> "framework_only"'))
    assert "+ added" in edge
    assert "What the change did" in dot
    # The objection falls to the rebuttal, so the conclusion meets its rival as an equal, and says so.
    goes_ahead = next(line for line in dot.splitlines() if line.lstrip().startswith('"goes_ahead" [label='))
    assert "was ✗ out, now</I> <B>? UNDEC</B>" in goes_ahead


@needs_dot
def test_render_svg_writes_a_picture(pair: tuple[Path, Path], tmp_path: Path) -> None:
    picture = tmp_path / "change.svg"
    result = run("diff", *pair, "--render", picture)
    assert result.exit_code == 0, result.stderr
    svg = picture.read_text(encoding="utf-8")
    assert svg.lstrip().startswith("<?xml") and "+ ADDED" in svg


def test_render_to_an_unknown_format_exits_2(pair: tuple[Path, Path], tmp_path: Path) -> None:
    result = run("diff", *pair, "--render", tmp_path / "change.gif")
    assert result.exit_code == 2
    assert "cannot tell the picture's format" in result.stderr


def test_render_of_a_change_that_touches_no_claim_says_so(pair: tuple[Path, Path], tmp_path: Path) -> None:
    old, new = pair
    new.write_text(BASE.replace("reliability C", "reliability D"), encoding="utf-8")
    picture = tmp_path / "change.dot"
    assert run("diff", old, new, "--render", picture).exit_code == 0
    assert "No claim or link changed" in picture.read_text(encoding="utf-8")


# --- --git: a real repository ------------------------------------------------------------


def git(repo: Path, *args: str) -> str:
    done = subprocess.run(["git", "-C", str(repo), *args], capture_output=True, text=True, check=True)
    return done.stdout


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A repository whose one commit holds the base map in maps/, split into an index and two parts."""
    root = tmp_path / "repo"
    (root / "maps" / "parts").mkdir(parents=True)
    git(root, "init", "-q", "-b", "main")
    git(root, "config", "user.name", "Test")
    git(root, "config", "user.email", "test@example.com")
    git(root, "config", "commit.gpgsign", "false")
    shutil.copy(CASES / "paper.txt", root / "paper.txt")
    argument_end = BASE.index("# The accord is only a framework")
    (root / "maps" / "parts" / "deal.arg").write_text(
        BASE[:argument_end].replace('file "paper.txt"', 'file "../../paper.txt"'), encoding="utf-8"
    )
    (root / "maps" / "parts" / "rest.arg").write_text('include "deal.arg"\n' + BASE[argument_end:], encoding="utf-8")
    (root / "maps" / "index.arg").write_text('include "parts/rest.arg"\n', encoding="utf-8")
    git(root, "add", ".")
    git(root, "commit", "-q", "-m", "the map")
    return root


def _change(repo: Path) -> None:
    rest = repo / "maps" / "parts" / "rest.arg"
    rest.write_text(rest.read_text(encoding="utf-8") + REBUTTAL, encoding="utf-8")


@needs_git
def test_git_mode_with_no_change_exits_0(repo: Path) -> None:
    result = run("diff", "--git", "HEAD", "--exit-code", cwd=repo)
    assert result.exit_code == 0, result.stderr
    assert "no change of meaning" in result.stdout


@needs_git
def test_git_mode_reads_the_map_at_the_revision_with_its_includes(repo: Path) -> None:
    _change(repo)
    result = run("diff", "--git", "HEAD", "--exit-code", "--format", "json", cwd=repo)
    assert result.exit_code == 1, result.stderr
    data = json.loads(result.stdout)
    assert data["old"] == "HEAD:maps/index.arg"
    assert [t["id"] for t in data["added"]] == ["binding"]
    assert not data["removed"]  # every claim of the old map was found through its includes
    # The old map's quotes were checked against the source file at the revision: no finding about it.
    assert all(f["code"] not in ("AM301", "AM302", "AM303") for f in data["findings"])


@needs_git
def test_git_mode_reads_the_source_files_at_the_revision(repo: Path) -> None:
    (repo / "paper.txt").write_text("Nothing about any accord.\n", encoding="utf-8")
    result = run("diff", "--git", "HEAD", "maps/index.arg", "--format", "json", cwd=repo)
    data = json.loads(result.stdout)
    assert [(f["change"], f["code"]) for f in data["findings"]] == [("appeared", "AM301")]


@needs_git
def test_git_mode_as_in_ci_on_a_pull_request(repo: Path, tmp_path: Path) -> None:
    """The README's job: `argmap diff --git origin/main --format markdown` on a branch of a clone."""
    origin = tmp_path / "origin.git"
    git(tmp_path, "clone", "-q", "--bare", str(repo), str(origin))
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", str(origin), str(clone))
    git(clone, "config", "user.name", "Test")
    git(clone, "config", "user.email", "test@example.com")
    git(clone, "checkout", "-q", "-b", "rebut-the-objection")
    _change(clone)
    git(clone, "commit", "-q", "-am", "rebut the objection")
    result = run("diff", "--git", "origin/main", "--format", "markdown", cwd=clone)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("### argmap diff: maps/index\\.arg\n")
    assert "| `framework_only` | ✓ in | ✗ out |" in result.stdout


@needs_git
def test_a_map_new_at_this_revision_is_all_added(repo: Path) -> None:
    (repo / "maps" / "other.arg").write_text('claim fresh: "A fresh claim."\n', encoding="utf-8")
    result = run("diff", "--git", "HEAD", "maps/other.arg", "--format", "json", cwd=repo)
    assert result.exit_code == 0, result.stderr
    assert [t["id"] for t in json.loads(result.stdout)["added"]] == ["fresh"]


@needs_git
@pytest.mark.parametrize("revision", ["no-such-branch", "--output=/tmp/x", "-h"])
def test_an_unknown_revision_or_an_option_in_its_place_exits_2(repo: Path, revision: str) -> None:
    result = run("diff", "--git", revision, "maps/index.arg", cwd=repo)
    assert result.exit_code == 2
    assert "git revision" in result.stderr or "names no commit" in result.stderr
    assert not Path("/tmp/x").exists() or revision != "--output=/tmp/x"


@needs_git
def test_git_mode_outside_a_repository_exits_2(pair: tuple[Path, Path]) -> None:
    result = run("diff", "--git", "HEAD", pair[1], cwd=pair[1].parent)
    assert result.exit_code == 2
    assert "not in a git repository" in result.stderr


@needs_git
def test_an_include_that_leaves_the_repository_at_the_revision_is_refused(repo: Path, tmp_path: Path) -> None:
    (tmp_path / "secret.arg").write_text('claim secret: "Outside the repository."\n', encoding="utf-8")
    index = repo / "maps" / "index.arg"
    index.write_text('include "../../secret.arg"\n', encoding="utf-8")
    git(repo, "commit", "-q", "-am", "reach out")
    index.write_text('include "parts/rest.arg"\n', encoding="utf-8")
    result = run("diff", "--git", "HEAD", "maps/index.arg", cwd=repo)
    assert result.exit_code == 2
    assert "HEAD:maps/index.arg" in result.stderr
    assert "secret" not in result.stdout


@needs_git
def test_a_symbolic_link_at_the_revision_is_not_followed(repo: Path, tmp_path: Path) -> None:
    (tmp_path / "outside.arg").write_text('claim outside: "Read through a link."\n', encoding="utf-8")
    (repo / "maps" / "link.arg").symlink_to(tmp_path / "outside.arg")
    index = repo / "maps" / "index.arg"
    index.write_text('include "parts/rest.arg"\ninclude "link.arg"\n', encoding="utf-8")
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "a link")
    (repo / "maps" / "link.arg").unlink()
    index.write_text('include "parts/rest.arg"\n', encoding="utf-8")
    result = run("diff", "--git", "HEAD", "maps/index.arg", cwd=repo)
    assert result.exit_code == 2
    assert "link.arg" in result.stderr and "does not exist" in result.stderr


@needs_git
def test_a_revision_whose_map_cannot_be_read_exits_2(repo: Path) -> None:
    rest = repo / "maps" / "parts" / "rest.arg"
    good = rest.read_text(encoding="utf-8")
    rest.write_text(good + "claim broken: \n", encoding="utf-8")
    git(repo, "commit", "-q", "-am", "broken")
    rest.write_text(good, encoding="utf-8")
    result = run("diff", "--git", "HEAD", "maps/index.arg", "--exit-code", cwd=repo)
    assert result.exit_code == 2
    assert "HEAD:maps/parts/rest.arg:" in result.stderr


@needs_git
def test_a_revision_in_the_old_spelling_of_likelihood_is_read_in_todays(repo: Path) -> None:
    # History from before `confidence "TERM"` became `likelihood "TERM"` still compares: the
    # revision's files are read as `argmap fmt --fix` would rewrite them, so nothing changed.
    deal = repo / "maps" / "parts" / "deal.arg"
    today = deal.read_text(encoding="utf-8")
    assert 'likelihood "likely"' in today
    deal.write_text(today.replace('likelihood "likely"', 'confidence "likely"'), encoding="utf-8")
    git(repo, "commit", "-q", "-am", "the old spelling")
    deal.write_text(today, encoding="utf-8")
    result = run("diff", "--git", "HEAD", "maps/index.arg", "--exit-code", cwd=repo)
    assert result.exit_code == 0, result.stderr + result.stdout
    assert "no change of meaning" in result.stdout


# --- the README's example ------------------------------------------------------------------

README = Path(__file__).resolve().parents[1] / "README.md"
MAPS = README.parent / "maps"


def test_the_readmes_example_comment_is_what_argmap_diff_writes(tmp_path: Path) -> None:
    """The README quotes the comment on a rebuttal of the hedge added to the seed's maps/deals.arg."""
    shutil.copytree(MAPS, tmp_path / "maps")
    shutil.copytree(MAPS, tmp_path / "before")
    shutil.copytree(README.parent / "seeds", tmp_path / "seeds")
    (tmp_path / "argmap.toml").write_text("", encoding="utf-8")
    deals = tmp_path / "maps" / "deals.arg"
    rebuttal = (
        '\nrebuttal named_sources: "Segodnya names the defence-industry sources behind the figure."\n'
        "  by analysts\n  cite segodnya\n  rebuts if_believed\n"
    )
    text = deals.read_text(encoding="utf-8")
    deals.write_text(
        text.replace("  undercuts projection\n", "  undercuts projection\n" + rebuttal, 1), encoding="utf-8"
    )
    result = run("diff", "before/khatami.arg", "maps/khatami.arg", "--format", "markdown", cwd=tmp_path)
    assert result.exit_code == 0, result.stderr
    readme = README.read_text(encoding="utf-8")
    start = readme.index("> ### argmap diff: maps/khatami")
    quoted = readme[start : readme.index("\n\n", start)]
    shown = "\n".join(line[2:] if line.startswith("> ") else "" for line in quoted.splitlines())
    assert shown + "\n" == result.stdout


@needs_git
def test_a_source_file_outside_the_repository_is_never_read_at_the_revision(repo: Path) -> None:
    (repo.parent / "outside.txt").write_text("signed a framework accord\n", encoding="utf-8")
    (repo / "maps" / "far.arg").write_text('source far "Far away" file "../../outside.txt"\n', encoding="utf-8")
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "a source out of the repository")
    result = run("diff", "--git", "HEAD", "maps/far.arg", "--exit-code", "--allow-outside-root", cwd=repo)
    # Now, allowed, it is read; at the revision it never is, whatever is allowed: missing there (AM302).
    assert result.exit_code == 1
    assert "- AM302 missing-source-file (disappeared): source file '../../outside.txt' does not exist" in result.stdout
    assert "at HEAD:maps/far.arg:1:8" in result.stdout
