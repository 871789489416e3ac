"""`argmap eval`: the table, the JSON, the limit and bad input."""

from __future__ import annotations

import json
import os
from pathlib import Path

from click.testing import CliRunner

from argmap.cli import main

MAP = """\
claim a: "A." claim b: "B." claim x: "X."
x rebuts a
a contradicts b
"""


def run(tmp_path: Path, *args: str, text: str = MAP) -> tuple[int, str, str]:
    path = tmp_path / "m.arg"
    path.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(main, ["eval", str(path), *args])
    return result.exit_code, result.stdout, result.stderr


def test_the_table_gives_each_claim_its_status_and_reason(tmp_path: Path) -> None:
    code, out, _ = run(tmp_path)
    assert code == 0
    rows = {
        line.split()[0]: line for line in out.splitlines() if line and not line.startswith(("claim ", str(tmp_path)))
    }
    assert rows["a"].split()[1] == "out" and rows["a"].endswith("attacked by x, which is in")
    assert rows["x"].split()[1] == "in"


def test_the_table_ends_with_counts_and_the_extensions(tmp_path: Path) -> None:
    _, out, _ = run(tmp_path)
    assert "3 claims: 2 in, 1 out, 0 undecided (grounded)" in out
    assert "preferred extensions: 1" in out and "stable extensions: 1" in out


def test_json_carries_status_reason_and_preferred_standing(tmp_path: Path) -> None:
    code, out, _ = run(tmp_path, "--format", "json")
    data = json.loads(out)
    assert code == 0 and data["argmap_eval"] == 1
    a = next(c for c in data["claims"] if c["id"] == "a")
    assert a == {
        "id": "a",
        "status": "out",
        "reason": "attacked by x, which is in",
        "preferred": {"credulous": False, "skeptical": False},
    }
    assert data["stable"] == {"computed": True, "extensions": [["b", "x"]]}


def test_an_odd_cycle_is_reported_as_no_stable_extension(tmp_path: Path) -> None:
    text = 'claim a: "A." claim b: "B." claim c: "C."\na rebuts b\nb rebuts c\nc rebuts a\n'
    _, out, _ = run(tmp_path, text=text)
    assert "stable extensions: none (an odd cycle of attacks" in out
    assert "in a cycle with b and c" in out


def test_a_search_past_its_limit_is_reported_not_computed(tmp_path: Path) -> None:
    text = "".join(f'claim a{i}: "A." claim b{i}: "B." a{i} contradicts b{i}\n' for i in range(8))
    code, out, _ = run(tmp_path, "--limit", "10", text=text)
    assert code == 0
    assert "preferred extensions: not computed (the search needs more than 10 steps; raise --limit)" in out
    assert " ? " in out


def contradicting(pairs: int) -> str:
    return "".join(f'claim a{i}: "A." claim b{i}: "B." a{i} contradicts b{i}\n' for i in range(pairs))


def test_independent_contradictions_are_searched_one_by_one_and_counted(tmp_path: Path) -> None:
    code, out, _ = run(tmp_path, "--limit", "1000", text=contradicting(9))
    assert code == 0 and "preferred extensions: 512\nstable extensions: 512\n" in out
    assert " ? " not in out


def test_a_count_past_ten_to_the_fifteen_is_given_by_its_power_of_ten(tmp_path: Path) -> None:
    _, out, _ = run(tmp_path, text=contradicting(2000))
    assert out.endswith("preferred extensions: about 10^602\nstable extensions: about 10^602\n")


def test_json_counts_extensions_too_many_to_list_instead_of_listing_them(tmp_path: Path) -> None:
    _, out, _ = run(tmp_path, "--format", "json", text=contradicting(30))
    preferred = json.loads(out)["preferred"]
    assert preferred == {"computed": True, "extensions": None, "count": 2**30}


def test_a_syntax_error_is_a_located_message_and_exit_1(tmp_path: Path) -> None:
    code, _, err = run(tmp_path, text='claim a "no colon"\n')
    assert code == 1 and "m.arg:1:" in err and "Traceback" not in err


def test_a_missing_file_is_a_usage_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["eval", str(tmp_path / "missing.arg")])
    assert result.exit_code == 2 and "does not exist" in result.stderr


def test_an_expect_line_that_disagrees_fails_argmap_check(tmp_path: Path) -> None:
    path = tmp_path / "m.arg"
    path.write_text(MAP + "expect a in\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["check", str(path)])
    assert result.exit_code == 1
    assert "AM615" in result.output and "expected 'a' to be in, but it is out" in result.output


def test_render_with_status_colours_claims_by_their_evaluated_status(tmp_path: Path) -> None:
    path = tmp_path / "m.arg"
    path.write_text(MAP, encoding="utf-8")
    plain = CliRunner().invoke(main, ["render", str(path), "-o", "-", "--format", "dot"])
    coloured = CliRunner().invoke(main, ["render", str(path), "-o", "-", "--format", "dot", "--status"])
    assert plain.exit_code == 0 and coloured.exit_code == 0
    # Without --status only the summary band names statuses; with it, every box says its own.
    assert "DEFEATED" not in plain.stdout and "DEFEATED" in coloured.stdout


def _eval_named(tmp_path: Path, name: str, *args: str) -> tuple[int, str]:
    (tmp_path / name).write_text(MAP, encoding="utf-8")
    (tmp_path / "argmap.toml").touch()
    result = CliRunner().invoke(main, ["eval", str(tmp_path / name), *args])
    return result.exit_code, result.stdout


def test_the_table_shows_control_characters_in_the_file_name_escaped(tmp_path: Path) -> None:
    code, out = _eval_named(tmp_path, "m\x1b]0;owned\x07.arg")
    assert code == 0
    assert "m\\x1b]0;owned\\x07.arg: 3 claims" in out and "\x1b" not in out


def test_the_json_of_a_map_whose_name_is_not_utf8_is_valid(tmp_path: Path) -> None:
    code, out = _eval_named(tmp_path, os.fsdecode(b"caf\xff.arg"), "--format", "json")
    assert code == 0
    assert json.loads(out)["file"].endswith("caf\\xff.arg")
