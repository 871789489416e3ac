"""`export --format json` in a stable order: adding a claim adds its lines and moves no others (issue 16)."""

from __future__ import annotations

import difflib
import json
import shutil
from pathlib import Path

from argmap.formats.export import to_data, to_json
from argmap.read.loader import load

MAPS = Path(__file__).resolve().parents[1] / "maps"
SEEDS = MAPS.parent / "seeds"


def _copy(tmp_path: Path, name: str) -> Path:
    """The seed's maps (and the article they quote) in a project of their own."""
    project = tmp_path / name
    shutil.copytree(MAPS, project / "maps")
    shutil.copytree(SEEDS, project / "seeds")
    (project / "argmap.toml").write_text("", encoding="utf-8")
    return project / "maps"


def _export(folder: Path) -> list[str]:
    return to_json(load(folder / "khatami.arg")).replace(str(folder), "MAPS").splitlines()


def _changed(before: list[str], after: list[str]) -> list[str]:
    return [
        line
        for line in difflib.unified_diff(before, after, n=0, lineterm="")
        if line[:1] in "+-" and not line.startswith(("+++", "---"))
    ]


def test_adding_a_claim_at_the_end_of_a_file_changes_only_the_lines_about_it(tmp_path: Path) -> None:
    before, after = _copy(tmp_path, "before"), _copy(tmp_path, "after")
    with (after / "deals.arg").open("a", encoding="utf-8") as file:
        file.write('\nclaim a_new_claim: "One more reason to doubt the figure."\n  by analysts\n')
    changed = _changed(_export(before), _export(after))
    added = [line for line in changed if line.startswith("+")]
    assert len(changed) == len(added)  # nothing else moved
    # The claim's object, as many lines as it takes, and nothing else: its last line `}` shows as the
    # `},` of the claim before it, which the diff keeps, and a `{` opens the next.
    claim = next(c for c in to_data(load(after / "khatami.arg"))["claims"] if c["id"] == "a_new_claim")
    assert any('"id": "a_new_claim"' in line for line in added)
    assert len(added) == len(json.dumps(claim, indent=2).splitlines())


def test_a_map_whose_statements_are_moved_to_other_files_exports_in_the_same_order(tmp_path: Path) -> None:
    before, after = _copy(tmp_path, "before"), _copy(tmp_path, "after")
    # The whole of critics.arg moved into deals.arg, after what deals.arg says: every id meets its
    # neighbours in another order of writing, and the export's order stays as it was.
    moved = (after / "critics.arg").read_text(encoding="utf-8").replace('include "sources.arg"', "")
    with (after / "deals.arg").open("a", encoding="utf-8") as file:
        file.write("\n" + moved)
    (after / "critics.arg").write_text('include "sources.arg"\n', encoding="utf-8")
    changed = _changed(_export(before), _export(after))
    # Only places changed: the file, line and column of what moved, and the lists of files and includes.
    assert changed
    files = [line for line in changed if line[1:].strip().rstrip(",").endswith('.arg"')]
    keys = {line[1:].strip().split(":", 1)[0] for line in changed if line not in files}
    assert keys <= {'"file"', '"line"', '"end_line"', '"column"', '"end_column"'}, keys
