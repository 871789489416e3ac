"""`argmap check` and `argmap rules` as a user runs them: exit codes, streams, many files, config."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from argmap.cli import main

HERE = Path(__file__).parent
REPO = HERE.parent
CLEAN = 'source monitor "The Monitor"\nclaim won: "W." cite monitor\nclaim why: "Y." cite monitor\nwhy supports won\n'
WARNED = CLEAN + 'claim stray: "S." cite monitor\n'
BROKEN = CLEAN + "levrage supports won\n"
FINDING = (
    CLEAN + 'actor k "K"\nclaim a: "A." by k cite monitor\nclaim b: "B." by k cite monitor\n'
    "a contradicts b\na rebuts won\n"
)


def run(*args: str) -> Result:
    return CliRunner().invoke(main, list(args))


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty project folder (with its own pyproject.toml) as the working directory."""
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "maps"\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def write(folder: Path, name: str, text: str) -> str:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return name


def test_clean_map_exits_0(folder: Path) -> None:
    result = run("check", write(folder, "a.arg", CLEAN))
    assert result.exit_code == 0 and "All checks passed" in result.stderr


def test_error_exits_1_with_code_and_place(folder: Path) -> None:
    result = run("check", write(folder, "a.arg", BROKEN), "--output-format", "concise")
    assert result.exit_code == 1
    assert result.stdout.startswith("a.arg:5:1: AM101 [error] 'levrage' is not defined")


def test_warning_exits_0_but_1_with_strict(folder: Path) -> None:
    name = write(folder, "a.arg", WARNED)
    assert run("check", name).exit_code == 0
    assert run("check", name, "--strict").exit_code == 1


def test_unacknowledged_finding_fails_only_with_strict(folder: Path) -> None:
    name = write(folder, "a.arg", FINDING)
    assert run("check", name, "--select", "AM601").exit_code == 0
    assert run("check", name, "--select", "AM601", "--strict").exit_code == 1


def test_acknowledged_finding_passes_even_with_strict(folder: Path) -> None:
    name = write(folder, "a.arg", FINDING.replace("a contradicts b", 'a contradicts b acknowledged "on purpose"'))
    result = run("check", name, "--select", "AM601", "--strict", "--output-format", "concise")
    assert result.exit_code == 0 and "(acknowledged: on purpose)" in result.stdout


def test_missing_path_exits_2(folder: Path) -> None:
    assert run("check", "nowhere.arg").exit_code == 2


def test_unknown_selector_exits_2_with_a_message(folder: Path) -> None:
    result = run("check", write(folder, "a.arg", CLEAN), "--select", "AM77")
    assert result.exit_code == 2 and "'AM77' matches no rule" in result.stderr


def test_select_and_ignore_take_codes_prefixes_and_names(folder: Path) -> None:
    name = write(folder, "a.arg", BROKEN + 'claim stray: "S." cite monitor\n')
    assert run("check", name, "--ignore", "AM1").exit_code == 0
    assert run("check", name, "--select", "unlinked-claim,AM2", "--strict").exit_code == 1
    assert run("check", name, "--ignore", "AM101,AM5", "--strict").exit_code == 0


@pytest.mark.parametrize("fmt", ["json", "sarif"])
def test_machine_formats_keep_stdout_to_themselves(folder: Path, fmt: str) -> None:
    result = run("check", write(folder, "a.arg", BROKEN), "--output-format", fmt)
    json.loads(result.stdout)
    assert "Found 1 error" in result.stderr


def test_a_folder_is_one_report_with_one_exit_code(folder: Path) -> None:
    write(folder, "maps/good.arg", CLEAN)
    write(folder, "maps/bad.arg", BROKEN)
    result = run("check", "maps", "--output-format", "json")
    document = json.loads(result.stdout)
    assert result.exit_code == 1
    assert document["files"] == ["maps/bad.arg", "maps/good.arg"]
    assert [d["code"] for d in document["diagnostics"]] == ["AM101"]


def test_a_syntax_error_is_reported_and_the_other_files_still_checked(folder: Path) -> None:
    write(folder, "maps/a.arg", 'claim won "no colon"\n')
    write(folder, "maps/b.arg", BROKEN)
    result = run("check", "maps", "--output-format", "concise")
    assert result.exit_code == 1
    assert "maps/a.arg:1:" in result.stdout and " AM001 " in result.stdout
    assert "maps/b.arg:5:1: AM101" in result.stdout


def test_a_split_map_is_checked_through_its_index(folder: Path) -> None:
    write(folder, "maps/index.arg", 'include "part.arg"\n' + CLEAN)
    write(folder, "maps/part.arg", 'claim more: "M." cite monitor\nmore supports won\n')
    result = run("check", "maps", "--output-format", "json")
    assert result.exit_code == 0 and json.loads(result.stdout)["files"] == ["maps/index.arg"]


def test_settings_come_from_tool_argmap_in_pyproject(folder: Path) -> None:
    (folder / "pyproject.toml").write_text('[tool.argmap]\nignore = ["AM101"]\nstrict = true\n', encoding="utf-8")
    assert run("check", write(folder, "a.arg", BROKEN)).exit_code == 0
    assert run("check", write(folder, "b.arg", WARNED)).exit_code == 1


@pytest.mark.parametrize(
    "config",
    [
        'tool.argmap.ignore = ["AM101"]\n',
        '[tool]\nargmap = { ignore = ["AM101"] }\n',
        '[ tool . "argmap" ]\nignore = ["AM101"]\n',
        '[tool]\nargmap.ignore = ["AM101"]\n',
        "[tool.'argmap']\nignore = ['AM101']\n",
    ],
)
def test_tool_argmap_is_found_however_the_toml_writes_it(folder: Path, config: str) -> None:
    (folder / "pyproject.toml").write_text(config, encoding="utf-8")
    assert run("check", write(folder, "a.arg", BROKEN)).exit_code == 0


def test_argmap_toml_sets_the_output_format(folder: Path) -> None:
    (folder / "argmap.toml").write_text('output-format = "json"\n', encoding="utf-8")
    json.loads(run("check", write(folder, "a.arg", CLEAN)).stdout)


def test_command_line_overrides_the_config(folder: Path) -> None:
    (folder / "argmap.toml").write_text('select = ["AM5"]\nstrict = true\n', encoding="utf-8")
    name = write(folder, "a.arg", WARNED)
    assert run("check", name, "--no-strict").exit_code == 0
    assert run("check", name, "--select", "AM1").exit_code == 0


@pytest.mark.parametrize(
    ("config", "message"),
    [
        ("[tool.argmap]\nselect = 3\n", "'select' must be a list"),
        ("[tool.argmap]\ncolour = true\n", "unknown setting 'colour'"),
        ("[tool.argmap\n", "not valid TOML"),
        ('[tool.argmap]\noutput-format = "xml"\n', "unknown output format 'xml'"),
    ],
)
def test_a_bad_config_exits_2_with_a_message(folder: Path, config: str, message: str) -> None:
    (folder / "pyproject.toml").write_text(config, encoding="utf-8")
    result = run("check", write(folder, "a.arg", CLEAN))
    assert result.exit_code == 2 and message in result.stderr


def test_the_seed_maps_pass_with_the_contradiction_acknowledged(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)
    result = run("check", "maps", "--output-format", "json")
    assert result.exit_code == 0, result.stdout
    acknowledged = [d for d in json.loads(result.stdout)["diagnostics"] if d["code"] == "AM601"]
    assert acknowledged and all(d["acknowledged"] for d in acknowledged)


def test_rules_lists_every_rule() -> None:
    result = run("rules")
    assert result.exit_code == 0
    assert "AM101  undefined-reference" in result.stdout and "AM601  actor-on-both-sides" in result.stdout


def test_rules_explains_one_rule_with_its_examples() -> None:
    result = run("rules", "AM201")
    assert result.exit_code == 0
    assert result.stdout.startswith("AM201 circular-support (error)") and "Bad:" in result.stdout


def test_rules_of_an_unknown_code_exits_2() -> None:
    assert run("rules", "AM999").exit_code == 2


def test_files_including_each_other_in_a_circle_are_reported_not_skipped(folder: Path) -> None:
    write(folder, "maps/a.arg", 'include "b.arg"\nclaim a: "A."\n')
    write(folder, "maps/b.arg", 'include "a.arg"\nclaim b: "B."\n')
    result = run("check", "maps", "--output-format", "concise")
    assert result.exit_code == 1 and "AM003" in result.stdout


def test_a_file_two_maps_include_is_reported_once(folder: Path) -> None:
    write(folder, "maps/shared/common.arg", CLEAN + "levrage supports won\n")
    write(folder, "maps/a.arg", 'include "shared/common.arg"\nclaim a: "A." cite monitor\na supports won\n')
    write(folder, "maps/b.arg", 'include "shared/common.arg"\nclaim b: "B." cite monitor\nb supports won\n')
    result = run("check", "maps", "--output-format", "json")
    assert [d["code"] for d in json.loads(result.stdout)["diagnostics"]] == ["AM101"]


# --- settings come from inside the project only, within limits, and are named -----------

OFF = '[tool.argmap]\nignore = ["AM"]\n'


def test_settings_above_the_project_folder_are_not_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "pyproject.toml").write_text(OFF, encoding="utf-8")
    project = tmp_path / "checkout"
    (project / ".git").mkdir(parents=True)
    monkeypatch.chdir(project)
    result = run("check", write(project, "a.arg", BROKEN))
    assert result.exit_code == 1 and "config:" not in result.stderr


def test_a_pyproject_without_argmap_settings_still_marks_the_project(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Settings one folder above the project, inside this test's own folder: never in pytest's
    # shared base folder, where they would switch rules off for every later test.
    (tmp_path / "argmap.toml").write_text('ignore = ["AM"]\n', encoding="utf-8")
    project = tmp_path / "project"
    project.mkdir()
    (project / "pyproject.toml").write_text('[project]\nname = "maps"\n', encoding="utf-8")
    monkeypatch.chdir(project)
    assert run("check", write(project, "a.arg", BROKEN)).exit_code == 1


def test_settings_of_the_project_are_found_from_a_folder_inside_it(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (folder / "argmap.toml").write_text('ignore = ["AM101"]\n', encoding="utf-8")
    name = write(folder, "maps/deep/a.arg", BROKEN)
    monkeypatch.chdir(folder / "maps" / "deep")
    result = run("check", Path(name).name)
    assert result.exit_code == 0 and "config: ../../argmap.toml" in result.stderr


def test_an_explicit_config_outside_the_project_is_used(folder: Path, tmp_path_factory: pytest.TempPathFactory) -> None:
    elsewhere = tmp_path_factory.mktemp("shared") / "argmap.toml"
    elsewhere.write_text('ignore = ["AM101"]\n', encoding="utf-8")
    result = run("check", write(folder, "a.arg", BROKEN), "--config", str(elsewhere))
    assert result.exit_code == 0 and f"config: {elsewhere}" in result.stderr


def test_the_summary_names_the_settings_file_used(folder: Path) -> None:
    (folder / "pyproject.toml").write_text('[tool.argmap]\nstrict = false\n', encoding="utf-8")
    result = run("check", write(folder, "a.arg", CLEAN))
    assert result.stderr.strip() == "All checks passed (1 file checked, config: pyproject.toml)."


@pytest.mark.parametrize("fmt", ["json", "sarif"])
def test_machine_formats_name_the_settings_file_used(folder: Path, fmt: str) -> None:
    (folder / "argmap.toml").write_text("strict = false\n", encoding="utf-8")
    document = json.loads(run("check", write(folder, "a.arg", CLEAN), "--output-format", fmt).stdout)
    named = document["config"] if fmt == "json" else document["runs"][0]["artifacts"][0]["location"]["uri"]
    assert named == "argmap.toml"


@pytest.mark.parametrize("config", [OFF, '[tool.argmap]\nselect = []\n'])
def test_settings_that_turn_every_rule_off_are_named_in_a_warning(folder: Path, config: str) -> None:
    (folder / "pyproject.toml").write_text(config, encoding="utf-8")
    result = run("check", write(folder, "a.arg", BROKEN))
    assert "warning: every rule is turned off (with the settings in pyproject.toml)" in result.stderr


def test_a_settings_file_past_the_size_limit_is_refused_by_name(folder: Path) -> None:
    (folder / "argmap.toml").write_text("# padding\n" * 100_001, encoding="utf-8")
    result = run("check", write(folder, "a.arg", CLEAN))
    assert result.exit_code == 2
    assert "argmap.toml: larger than 1,000,000 bytes" in result.stderr


def test_a_settings_file_that_is_a_pipe_is_refused_not_waited_on(folder: Path) -> None:
    os.mkfifo(folder / "argmap.toml")
    result = run("check", write(folder, "a.arg", CLEAN))
    assert result.exit_code == 2 and "argmap.toml: cannot be read: not a regular file" in result.stderr


def test_a_settings_file_linked_from_outside_the_project_is_refused(
    folder: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    outside = tmp_path_factory.mktemp("elsewhere") / "settings.toml"
    outside.write_text('ignore = ["AM"]\n', encoding="utf-8")
    (folder / "argmap.toml").symlink_to(outside)
    result = run("check", write(folder, "a.arg", BROKEN))
    assert result.exit_code == 2 and "outside the project" in result.stderr


def test_a_settings_file_of_blank_lines_is_read_in_linear_time(folder: Path) -> None:
    (folder / "pyproject.toml").write_text("[tool]\n" + "\n" * 500_000 + "[tool.argmap]\n", encoding="utf-8")
    started = time.perf_counter()
    assert run("check", write(folder, "a.arg", CLEAN)).exit_code == 0
    assert time.perf_counter() - started < 5  # was quadratic: 100 KB of blank lines took minutes


def test_a_long_dotted_key_is_refused_before_parsing(folder: Path) -> None:
    (folder / "argmap.toml").write_text("a" + ".a" * 100_000 + " = 1\n", encoding="utf-8")
    result = run("check", write(folder, "a.arg", CLEAN))
    assert result.exit_code == 2 and "argmap.toml:1: more than 200 dots on one line" in result.stderr


# --- what a map holds is printed escaped -----------------------------------------------


def test_control_characters_of_a_map_reach_the_terminal_escaped(folder: Path) -> None:
    name = write(folder, "a.arg", 'claim stray: "S."\nacknowledge AM501 on stray "kept\x1b]0;owned\x07\x0c\u202e"\n')
    result = run("check", name)
    assert "= acknowledged: kept\\x1b]0;owned\\x07\\x0c\\u202e" in result.stdout
    assert "\x1b" not in result.stdout + result.stderr


def _named_file(fmt: str, output: str) -> str:
    """Where each format names the first report's file."""
    if fmt == "json":
        return str(json.loads(output)["diagnostics"][0]["file"])
    if fmt == "sarif":
        location = json.loads(output)["runs"][0]["results"][0]["locations"][0]
        return str(location["physicalLocation"]["artifactLocation"]["uri"])
    return output.split(":", 1)[0] if fmt == "concise" else output.split("file=", 1)[1].split(",", 1)[0]


@pytest.mark.parametrize(
    ("fmt", "shown"),
    [("concise", "caf\\xff.arg"), ("github", "caf\\xff.arg"), ("json", "caf\\xff.arg"), ("sarif", "caf%FF.arg")],
)
def test_a_map_whose_name_is_not_utf8_is_named_by_its_bytes_in_every_format(folder: Path, fmt: str, shown: str) -> None:
    name = os.fsdecode(b"caf\xff.arg")
    (folder / name).write_text(BROKEN, encoding="utf-8")
    result = run("check", name, "--output-format", fmt)
    assert result.exit_code == 1, result.stderr
    assert _named_file(fmt, result.stdout) == shown


# --- the evaluation's findings do not vanish on large tangles ----------------------------


def contradicting(pairs: int) -> str:
    """`pairs` independent contradictions, none settled by anything else in the map."""
    return "".join(f'claim a{i}: "A{i}." claim b{i}: "B{i}." a{i} contradicts b{i}\n' for i in range(pairs))


def test_every_one_of_many_independent_contradictions_is_reported_and_fails_strict(folder: Path) -> None:
    result = run("check", write(folder, "a.arg", contradicting(40)), "--strict", "--output-format", "concise")
    assert result.exit_code == 1
    assert result.stdout.count("AM611") == 40


def test_a_tangle_past_the_search_limit_is_a_warning_that_fails_strict(folder: Path) -> None:
    claims = "".join(f'claim c{i}: "C{i}."\n' for i in range(40))
    chain = "".join(f"c{i} contradicts c{i + 1}\n" for i in range(39))
    result = run("check", write(folder, "a.arg", claims + chain), "--strict", "--output-format", "concise")
    assert result.exit_code == 1
    assert "a.arg:1:7: AM616 [warning] the search for preferred and stable extensions stopped" in result.stdout
    assert "'c0', 'c1', 'c2' and 37 more are left unsettled" in result.stdout
