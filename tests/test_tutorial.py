"""docs/tutorial.md, run: every block it shows is written, applied or executed, so the tutorial cannot rot.

The tutorial is read top to bottom in a fresh copy of docs/tutorial/ that
holds only the report it starts from. Each fenced block is one step, told by
an HTML comment on the line before it (which a reader of the page never sees):

- `<!-- write FILE -->` or `<!-- append FILE -->`: the block is the file, or is
  added to its end (an `.arg` map, the settings, the CI workflow);
- `<!-- edit FILE -->`: a `diff` block whose lines starting `-` are replaced by
  those starting `+`, the unmarked lines around them kept;
- `<!-- same as FILE -->`: the block shows a file of docs/tutorial/ as it is;
- a `console` block needs no comment: each `$ ` line is a shell command run
  in the folder, and the lines after it are what it prints, stdout and stderr
  as a terminal shows them (a line `...` stands for any number of lines). A
  command exits 0 unless its line ends with `# exits N`.

A block of any other kind fails the test. At the end, the `.arg` files the
tutorial built are the ones docs/tutorial/ ships, byte for byte, and the `run:`
lines of the CI workflow it writes pass in the folder as the commands above did.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import attrs
import pytest

ROOT = Path(__file__).resolve().parents[1]
TUTORIAL = ROOT / "docs" / "tutorial.md"
FOLDER = ROOT / "docs" / "tutorial"
START = ("report.txt",)  # what the reader starts from; the tutorial writes the rest

FENCE = re.compile(r"(?:<!-- (?P<directive>[^>]*?) -->\n)?```(?P<kind>[\w-]*)\n(?P<body>.*?)^```\n", re.M | re.S)
EXITS = re.compile(r"#\s*exits (\d+)\s*$")

pytestmark = [
    pytest.mark.needs_dot,
    pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz `dot` is not installed"),
    pytest.mark.skipif(shutil.which("git") is None, reason="the tutorial's folder is made a git repository"),
]


@attrs.frozen
class Block:
    kind: str
    directive: str | None
    body: str
    line: int


def blocks(text: str) -> list[Block]:
    return [
        Block(m["kind"], m["directive"], m["body"], text.count("\n", 0, m.start("body"))) for m in FENCE.finditer(text)
    ]


def commands(body: str) -> list[tuple[str, list[str]]]:
    """A console block's commands, each with the lines it is shown to print."""
    steps: list[tuple[str, list[str]]] = []
    for line in body.splitlines():
        if line.startswith("$ "):
            steps.append((line[2:], []))
        else:
            assert steps, f"output before any command: {line!r}"
            steps[-1][1].append(line)
    return steps


def matches(shown: list[str], printed: list[str]) -> bool:
    """Whether the printed lines are the shown ones, a shown `...` standing for any run of lines."""
    if not shown:
        return not printed
    if shown[0] == "...":
        return any(matches(shown[1:], printed[i:]) for i in range(len(printed) + 1))
    return bool(printed) and shown[0] == printed[0] and matches(shown[1:], printed[1:])


def edit(text: str, diff: str, where: str) -> str:
    """`text` with the diff's `-` lines replaced by its `+` lines, found by them and the unmarked lines round them.

    A line starting `@@` begins another part of the diff (what follows it on the line is a caption).
    """
    hunks: list[list[str]] = [[]]
    for line in diff.splitlines():
        if line.startswith("@@"):
            hunks.append([])
        else:
            assert line[:1] in (" ", "-", "+"), f"{where}: not a line of a diff: {line!r}"
            hunks[-1].append(line)
    for hunk in filter(None, hunks):
        before = "".join(line[1:] + "\n" for line in hunk if not line.startswith("+"))
        after = "".join(line[1:] + "\n" for line in hunk if not line.startswith("-"))
        assert text.count(before) == 1, f"{where}: the lines the diff changes are not in the file once:\n{before}"
        text = text.replace(before, after)
    return text


def shell(command: str, folder: Path) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, PYTHONUNBUFFERED="1", COLUMNS="100", NO_COLOR="1")
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"  # this argmap first
    return subprocess.run(["bash", "-c", command], cwd=folder, env=env, stdout=subprocess.PIPE,
                          stderr=subprocess.STDOUT, text=True, timeout=300)  # fmt: skip


def run_tutorial(folder: Path) -> list[str]:
    """Every step of the tutorial, in `folder`; the CI workflow's commands it wrote, to run after."""
    workflow: list[str] = []
    for block in blocks(TUTORIAL.read_text(encoding="utf-8")):
        where = f"docs/tutorial.md:{block.line}"
        if block.kind == "console":
            for command, shown in commands(block.body):
                done = shell(command, folder)
                expected = EXITS.search(command)
                assert done.returncode == (int(expected[1]) if expected else 0), f"{where}: $ {command}\n{done.stdout}"
                printed = done.stdout.splitlines()
                assert matches(shown, printed), f"{where}: $ {command} printed\n{done.stdout}"
            continue
        assert block.directive, f"{where}: a {block.kind or 'plain'} block the tutorial's test cannot run"
        action, _, name = block.directive.partition(" ")
        target = folder / name.removeprefix("as ")
        if action == "write":
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(block.body, encoding="utf-8")
        elif action == "append":
            with target.open("a", encoding="utf-8") as file:
                file.write("\n" + block.body)
        elif action == "edit":
            assert block.kind == "diff", f"{where}: an edit is shown as a diff"
            target.write_text(edit(target.read_text(encoding="utf-8"), block.body, where), encoding="utf-8")
        elif action == "same":
            assert block.body == (FOLDER / target.name).read_text(encoding="utf-8"), f"{where}: not {target.name}"
        else:
            raise AssertionError(f"{where}: unknown step {block.directive!r}")
        if name.endswith((".yml", ".yaml")):
            workflow += re.findall(r"^\s*- run: (.+)$", block.body, flags=re.M)
    return workflow


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[str]]:
    """A copy of docs/tutorial/ holding only the report, after every step of the tutorial."""
    folder = tmp_path_factory.mktemp("tutorial") / "velna"
    folder.mkdir()
    for name in START:
        shutil.copy(FOLDER / name, folder / name)
    return folder, run_tutorial(folder)


def test_every_step_of_the_tutorial_runs_as_shown(built: tuple[Path, list[str]]) -> None:
    folder, _ = built
    assert (folder / "velna.svg").read_bytes().startswith(b"<?xml")


def test_the_maps_the_tutorial_builds_are_the_ones_it_ships(built: tuple[Path, list[str]]) -> None:
    folder, _ = built
    made = {p.name: p.read_bytes() for p in folder.glob("*.arg")}
    shipped = {p.name: p.read_bytes() for p in FOLDER.glob("*.arg")}
    assert made and made == shipped


def test_the_ci_workflow_passes_on_the_finished_map(built: tuple[Path, list[str]]) -> None:
    folder, workflow = built
    assert any(line.startswith("argmap check") for line in workflow)
    for line in workflow:
        if line.startswith("pip install"):
            continue  # argmap is installed here already; the wheel the workflow names is the reader's
        done = shell(line, folder)
        assert done.returncode == 0, f"{line}\n{done.stdout}"


def test_the_tutorial_is_linked_from_the_readme() -> None:
    assert "](docs/tutorial.md)" in (ROOT / "README.md").read_text(encoding="utf-8")


def test_a_shown_output_must_match() -> None:
    assert matches(["a", "...", "d"], ["a", "b", "c", "d"])
    assert matches(["..."], [])
    assert not matches(["a", "d"], ["a", "b", "d"])
    assert not matches(["a"], ["a", "b"])


def test_an_edit_replaces_only_the_lines_it_names() -> None:
    text = "one\ntwo\nthree\n"
    assert edit(text, " one\n-two\n+2\n three", "x") == "one\n2\nthree\n"
    assert edit(text, "@@ first @@\n-one\n+1\n@@ last @@\n-three\n+3", "x") == "1\ntwo\n3\n"
    with pytest.raises(AssertionError):
        edit(text, "-four\n+4", "x")
