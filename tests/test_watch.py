"""`check --watch` and `render --watch`: run again on every save of a file of the map, and say what changed.

The commands run in a process of their own, as a user starts them; the test
edits files between runs and reads what the command says on stderr. The
hidden `--watch-cycles N` ends the process after N runs.
"""

from __future__ import annotations

import os
import queue
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest

from argmap.cli import watch
from argmap.cli.watch import Round, changes
from argmap.diagnostics import Diagnostic
from argmap.model import Span

ROOT = Path(__file__).resolve().parents[1]
CONSOLE_SCRIPT = "from argmap.cli import run; run()"
# Long enough for a loaded machine; a healthy run of the small maps below takes well under a second.
WAIT = 60.0


class Watcher:
    """An `argmap ... --watch` process, whose stderr is read line by line as it comes."""

    def __init__(self, project: Path, *args: str) -> None:
        self.stdout = project / "stdout.txt"  # a file, not a pipe nobody reads until the end
        with self.stdout.open("w") as out:
            self.process = subprocess.Popen(
                [sys.executable, "-c", CONSOLE_SCRIPT, *args],
                cwd=project, stdout=out, stderr=subprocess.PIPE, text=True, env={**os.environ, "ARGMAP_JOBS": "1"},
            )  # fmt: skip
        self.lines: queue.Queue[str | None] = queue.Queue()
        self.said: list[str] = []
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.process.stderr is not None
        for line in self.process.stderr:
            self.lines.put(line.rstrip("\n"))
        self.lines.put(None)

    def until(self, text: str) -> list[str]:
        """The lines said up to and including the first one holding `text`."""
        deadline = time.monotonic() + WAIT
        start = len(self.said)
        while time.monotonic() < deadline:
            try:
                line = self.lines.get(timeout=deadline - time.monotonic())
            except queue.Empty:
                break
            if line is None:
                break
            self.said.append(line)
            if text in line:
                return self.said[start:]
        raise AssertionError(f"never said {text!r}; said:\n" + "\n".join(self.said))

    def finish(self) -> tuple[int, str]:
        """The exit code and everything said on stderr."""
        code = self.process.wait(timeout=WAIT)
        while (line := self.lines.get(timeout=WAIT)) is not None:
            self.said.append(line)
        return code, "\n".join(self.said)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "argmap.toml").write_text("")
    (tmp_path / "source.txt").write_text("Tehran had outplayed Moscow during the visit.\n")
    (tmp_path / "sources.arg").write_text(
        'source monitor "The Monitor" file "source.txt" reliability B\nactor analysts "Analysts" unnamed\n'
    )
    (tmp_path / "map.arg").write_text(
        'include "sources.arg"\n'
        'claim won: "Tehran outplayed Moscow." by analysts quote monitor "Tehran had outplayed Moscow"\n'
        'claim doubt: "That is speculation." by analysts quote monitor "during the visit"\n'
        "doubt rebuts won\n"
    )
    return tmp_path


@pytest.fixture
def watchers() -> Iterator[list[Watcher]]:
    started: list[Watcher] = []
    yield started
    for watcher in started:
        watcher.stop()


def _start(watchers: list[Watcher], project: Path, *args: str) -> Watcher:
    watcher = Watcher(project, *args)
    watchers.append(watcher)
    return watcher


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new))


def test_check_runs_again_on_a_save_and_says_what_changed(project: Path, watchers: list[Watcher]) -> None:
    watcher = _start(watchers, project, "check", "--watch", "--watch-cycles", "3", "map.arg")
    watcher.until("watching 4 files")  # the map, its include, the source file it quotes and the settings
    _edit(project / "map.arg", "doubt rebuts won\n", 'doubt rebuts won\nclaim lonely: "Nothing links me." by x\n')
    said = watcher.until("watching")
    assert "argmap: map.arg changed; running again" in said
    assert "argmap: 2 new reports" in said  # an unknown actor, a claim linked to nothing
    assert "argmap:   new: AM103 map.arg: actor 'x' is not declared" in said
    assert "argmap: now fails (exit 0 -> 1)" in said
    _edit(project / "map.arg", " by x\n", " by analysts\n")
    code, everything = watcher.finish()
    assert code == 0  # the third run's: the lonely claim is only a warning
    assert "argmap: 1 fixed" in everything
    assert "argmap: now passes (exit 1 -> 0)" in everything
    assert "argmap:   fixed: AM103 map.arg: actor 'x' is not declared" in everything


def test_a_syntax_error_is_reported_and_the_watch_goes_on(project: Path, watchers: list[Watcher]) -> None:
    watcher = _start(watchers, project, "check", "--watch", "--watch-cycles", "3", "map.arg")
    watcher.until("watching")
    _edit(project / "sources.arg", "reliability B", "reliability B }")
    said = watcher.until("watching")
    assert "sources.arg:1:62: AM001 [error] this '}' closes nothing" in (project / "stdout.txt").read_text()
    assert "argmap: the maps no longer read (1 file with errors)" in said
    assert "argmap: now fails (exit 0 -> 1)" in said
    _edit(project / "sources.arg", "reliability B }", "reliability B")
    code, everything = watcher.finish()
    assert code == 0
    assert "argmap: the maps read again" in everything
    assert "argmap: now passes (exit 1 -> 0)" in everything
    assert "fixed: AM" not in everything.split("the maps read again")[-1]  # what the error hid is not "fixed"
    assert "Traceback" not in everything


def test_a_source_file_the_map_quotes_is_watched(project: Path, watchers: list[Watcher]) -> None:
    watcher = _start(watchers, project, "check", "--watch", "--watch-cycles", "2", "map.arg")
    watcher.until("watching")
    (project / "source.txt").write_text("Tehran was outplayed during the visit.\n")
    code, everything = watcher.finish()
    assert code == 1
    assert "source.txt changed; running again" in everything
    assert "new: AM301 map.arg: " in everything  # the quote is no longer in its source


def test_an_edit_to_the_settings_runs_the_check_again(project: Path, watchers: list[Watcher]) -> None:
    lonely = 'claim lonely: "Nothing links me." by analysts\n'
    _edit(project / "map.arg", "doubt rebuts won\n", "doubt rebuts won\n" + lonely)
    watcher = _start(watchers, project, "check", "--watch", "--watch-cycles", "2", "map.arg")
    watcher.until("watching 4 files")  # the map, its include, its source file and argmap.toml
    (project / "argmap.toml").write_text('ignore = ["AM501"]\n')
    code, everything = watcher.finish()
    assert code == 0
    assert "argmap.toml changed; running again" in everything
    assert "fixed: AM501 map.arg: claim 'lonely' is linked to nothing" in everything


def test_an_include_added_by_an_edit_is_watched_from_then_on(project: Path, watchers: list[Watcher]) -> None:
    (project / "more.arg").write_text('claim more: "More." by analysts\nmore supports won\n')
    watcher = _start(watchers, project, "check", "--watch", "--watch-cycles", "3", "map.arg")
    watcher.until("watching 4 files")
    _edit(project / "map.arg", 'include "sources.arg"\n', 'include "sources.arg"\ninclude "more.arg"\n')
    watcher.until("watching 5 files")
    _edit(project / "more.arg", "more supports won", "more supports nowhere")
    code, everything = watcher.finish()
    assert code == 1
    assert "more.arg changed; running again" in everything
    assert "new: AM101 more.arg: 'nowhere' is not defined" in everything


def test_an_include_removed_by_an_edit_is_no_longer_watched(project: Path, watchers: list[Watcher]) -> None:
    (project / "more.arg").write_text('claim more: "More." by analysts\nmore supports won\n')
    _edit(project / "map.arg", 'include "sources.arg"\n', 'include "sources.arg"\ninclude "more.arg"\n')
    watcher = _start(watchers, project, "check", "--watch", "--watch-cycles", "3", "map.arg")
    watcher.until("watching 5 files")
    _edit(project / "map.arg", 'include "more.arg"\n', "")
    assert watcher.until("watching")[-1].startswith("argmap: watching 4 files")
    (project / "more.arg").write_text('claim more: "More." by nobody\n')  # no longer part of the map
    time.sleep(4 * watch.POLL_SECONDS)
    _edit(project / "map.arg", "doubt rebuts won\n", "doubt rebuts won  # the last edit\n")
    code, everything = watcher.finish()
    assert code == 0
    assert "more.arg changed" not in everything
    assert everything.count("running again") == 2


def test_a_missing_include_that_appears_is_picked_up(project: Path, watchers: list[Watcher]) -> None:
    _edit(project / "map.arg", 'include "sources.arg"\n', 'include "sources.arg"\ninclude "later.arg"\n')
    watcher = _start(watchers, project, "check", "--watch", "--watch-cycles", "2", "map.arg")
    assert "the maps no longer read" not in watcher.until("watching")  # the first run: nothing to compare with
    assert "AM003 [error] included file 'later.arg' does not exist" in (project / "stdout.txt").read_text()
    (project / "later.arg").write_text('claim later: "Later." by analysts\nlater supports won\n')
    code, everything = watcher.finish()
    assert code == 0
    assert "the maps read again" in everything


def test_a_map_broken_from_the_start_is_run_again_when_a_file_past_the_error_changes(
    project: Path, watchers: list[Watcher]
) -> None:
    """The loader stops at the first error, so the includes after it are not known: their folder is watched."""
    (project / "first.arg").write_text('claim first "no colon"\n')
    (project / "later.arg").write_text('claim later: "Later." by analysts\nlater supports won\n')
    includes = 'include "first.arg"\ninclude "sources.arg"\ninclude "later.arg"\n'
    _edit(project / "map.arg", 'include "sources.arg"\n', includes)
    watcher = _start(watchers, project, "check", "--watch", "--watch-cycles", "2", "map.arg")
    watcher.until("watching")
    (project / "later.arg").write_text('claim later: "Later, edited." by analysts\nlater supports won\n')
    code, everything = watcher.finish()
    assert code == 1
    assert "later.arg changed; running again" in everything


def test_a_burst_of_saves_runs_the_command_once(project: Path, watchers: list[Watcher]) -> None:
    watcher = _start(watchers, project, "check", "--watch", "--watch-cycles", "3", "map.arg")
    watcher.until("watching")
    for n in range(5):  # an editor's save, a formatter, another save: all within the quiet time
        (project / "map.arg").write_text((project / "map.arg").read_text() + f"# save {n}\n")
        time.sleep(watch.QUIET_SECONDS / 3)
    watcher.until("watching")
    (project / "sources.arg").write_text((project / "sources.arg").read_text() + "# last\n")
    code, everything = watcher.finish()
    assert code == 0
    assert everything.count("running again") == 2  # the burst once, the last save once


def test_ctrl_c_ends_the_watch_with_130_and_no_traceback(project: Path, watchers: list[Watcher]) -> None:
    watcher = _start(watchers, project, "check", "--watch", "map.arg")
    watcher.until("watching")
    watcher.process.send_signal(signal.SIGINT)
    code, everything = watcher.finish()
    assert code == 130
    assert everything.endswith("argmap: stopped watching")
    assert "Traceback" not in everything and "Aborted" not in everything


@pytest.mark.needs_dot
def test_render_draws_again_and_says_which_claims_changed_status(project: Path, watchers: list[Watcher]) -> None:
    watcher = _start(watchers, project, "render", "--watch", "--watch-cycles", "2", "map.arg", "-o", "out/map.svg")
    watcher.until("watching")
    first = (project / "out" / "map.svg").read_bytes()
    _edit(project / "map.arg", "doubt rebuts won\n", "doubt rebuts won\nwon rebuts doubt\n")
    code, everything = watcher.finish()
    assert code == 0
    assert everything.count("argmap: wrote out/map.svg (") == 2  # each run says what it drew
    assert "argmap: 2 claims changed status" in everything
    assert "argmap:   won: out -> undec" in everything
    assert "argmap:   doubt: in -> undec" in everything
    assert (project / "out" / "map.svg").read_bytes() != first


@pytest.mark.needs_dot
def test_an_html_page_drawn_with_watch_reloads_itself(project: Path, watchers: list[Watcher]) -> None:
    from argmap.draw.html import reload_script_name

    watcher = _start(watchers, project, "render", "--watch", "--watch-cycles", "2", "map.arg", "-o", "out/map.html")
    watcher.until("watching")
    page = project / "out" / "map.html"
    stamp = page.with_name(reload_script_name(page))
    assert stamp.name in page.read_text()  # the page loads the stamp beside it
    first = stamp.read_text()
    _edit(project / "map.arg", "That is speculation.", "That is only speculation.")
    code, _ = watcher.finish()
    assert code == 0
    assert "only speculation" in page.read_text()
    assert stamp.read_text() != first  # a new digest: the open page reloads


def test_render_without_watch_writes_no_reload_stamp(project: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-c", CONSOLE_SCRIPT, "render", "map.arg", "-o", "map.html", "--format", "html"],
        cwd=project, capture_output=True, text=True, timeout=WAIT,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert not list(project.glob("*.reload.js"))


def test_render_watch_refuses_stdout(project: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-c", CONSOLE_SCRIPT, "render", "--watch", "map.arg", "-o", "-", "--format", "dot"],
        cwd=project, capture_output=True, text=True, timeout=WAIT,
    )  # fmt: skip
    assert done.returncode == 2
    assert "--watch draws into a file" in done.stderr


def test_a_usage_error_ends_the_watch_at_once(project: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-c", CONSOLE_SCRIPT, "check", "--watch", "--select", "AM999", "map.arg"],
        cwd=project, capture_output=True, text=True, timeout=WAIT,
    )  # fmt: skip
    assert done.returncode == 2
    assert "watching" not in done.stderr


# --- what changed, without a process ------------------------------------------------------------------


def _round(*reports: tuple[str, str, str], code: int = 1, statuses: dict[str, str] | None = None) -> Round:
    return Round(reports=Counter(reports), statuses=statuses, code=code)


def _reported(*diagnostics: Diagnostic) -> Round:
    """A run that reported these diagnostics, as the command tells the watch."""
    return watch._run(lambda: watch.saw_reports(diagnostics))


def test_a_report_that_moves_to_another_line_is_neither_new_nor_fixed() -> None:
    unknown = "actor 'x' is not declared"
    before = _reported(Diagnostic("AM103", unknown, Span("map.arg", 3, 38, 3, 39)))
    after = _reported(Diagnostic("AM103", unknown, Span("map.arg", 5, 38, 5, 39)))  # a line added above it
    assert changes(before, after) == []
    elsewhere = _reported(Diagnostic("AM103", unknown, Span("more.arg", 5, 38, 5, 39)))
    assert changes(after, elsewhere) == [
        "1 new report, 1 fixed",
        f"  new: AM103 more.arg: {unknown}",
        f"  fixed: AM103 map.arg: {unknown}",
    ]


def test_new_and_fixed_reports_are_counted_and_named() -> None:
    before = _round(("AM201", "a.arg", "one"), ("AM501", "a.arg", "two"))
    after = _round(("AM501", "a.arg", "two"), ("AM502", "b.arg", "three"), ("AM502", "b.arg", "four"), code=1)
    assert changes(before, after) == [
        "2 new reports, 1 fixed",
        "  new: AM502 b.arg: four",
        "  new: AM502 b.arg: three",
        "  fixed: AM201 a.arg: one",
    ]


def test_status_flips_new_and_gone_claims_are_told() -> None:
    before = _round(statuses={"a": "in", "b": "out", "gone": "in"}, code=0)
    after = _round(statuses={"a": "out", "b": "out", "fresh": "undec"}, code=0)
    assert changes(before, after) == [
        "1 claim changed status",
        "  a: in -> out",
        "1 new claim: fresh",
        "1 claim gone: gone",
    ]


def test_after_a_syntax_error_the_result_is_compared_with_the_last_one_that_read() -> None:
    good = _round(("AM501", "a.arg", "lonely"), code=0)
    broken = _round(("AM001", "a.arg", "put a ':' here"), code=1)
    broken.unreadable.add("a.arg")
    assert changes(good, broken, good) == ["the maps no longer read (1 file with errors)", "now fails (exit 0 -> 1)"]
    again = _round(("AM501", "a.arg", "lonely"), ("AM502", "a.arg", "new one"), code=0)
    assert changes(broken, again, good) == [
        "1 new report",
        "  new: AM502 a.arg: new one",
        "the maps read again",
        "now passes (exit 1 -> 0)",
    ]


CHROMIUM = Path("/usr/bin/chromium")


@pytest.mark.needs_dot
@pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed (`make test` does it)")
def test_a_page_open_in_a_browser_shows_an_edit_once_render_watch_redraws_it(
    project: Path, watchers: list[Watcher]
) -> None:
    from playwright.sync_api import sync_playwright

    watcher = _start(watchers, project, "render", "--watch", "--watch-cycles", "2", "map.arg", "-o", "map.html")
    watcher.until("watching")
    with sync_playwright() as driver:
        browser = driver.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox", "--disable-gpu"])
        try:
            page = browser.new_page()
            page.goto((project / "map.html").as_uri())
            assert page.locator("#picture").get_by_text("That is speculation.").count() > 0
            _edit(project / "map.arg", "That is speculation.", "That is idle speculation.")
            code, _ = watcher.finish()
            assert code == 0
            page.locator("#picture").get_by_text("That is idle speculation.").wait_for(timeout=15_000)
        finally:
            browser.close()
