"""Adversarial scaling: inputs built to make argmap's cost grow faster than the input.

A map is untrusted input. For each SHAPE below (`--list`), the script builds
the input at a base size, doubles it several times and runs one argmap
command on each as its own process, in a fresh temporary project folder (an
empty `argmap.toml`, so the project root is that folder). From `wait4` it
takes the process's CPU time (user and system, its waited-for children
included), its wall time and its peak resident memory. One row per shape:

- sizes N: the shape's size parameter at each step (`--list` says what N counts);
- cpu s: the CPU seconds of each size, start-up included; `-` for a size not
  run, because the one before took longer than `--budget` seconds or failed;
- x/doubling: the largest growth of the time from one size to the next, on
  the work time: the time less the command's start-up (timed on a one-claim
  map), with anything under 0.3 s counted as 0.3 s. Below that the ratio
  measures start-up noise and one-off costs (a lazy import, the worker `check`
  forks for the evaluation of a large map), not growth: between two such
  times it comes out as 1. Linear work doubles (2.0); quadratic work
  quadruples (4.0);
- wall s, peak MB: the wall time and peak memory of the largest size run;
- mem x: the same growth for the peak memory less the start-up's (under 32 MB counts as 32 MB);
- MB/MB: the peak memory less the start-up's, per MB of input (every file the
  command reads: maps and source texts), at the largest size run;
- verdict: FAIL when a doubling takes more than 2.5x the time or the memory,
  when the memory passes 100 MB per input MB (and 50 MB in all), or when a
  run times out (`--timeout`), crashes (an exit code other than 0 and 1, a
  traceback) or lacks its marker, the text its output must hold to show that
  the input still reaches the code it targets (a misquote reported as one).
  A time ratio between 2.5 and 4 may be noise, so it is confirmed first: both
  sizes run twice more and the fastest run of each counts. Linear code with
  a growing heap (the garbage collector's passes) comes out at 2.0-2.4.

CPU time is judged, not wall time, because on a shared machine other
processes stretch wall time by a factor that changes from run to run;
`--clock wall` judges wall time instead. Exit status 1 when any shape fails.
The default run (six sizes, from the base size to 32 times it) takes a few
minutes when every shape is linear, and stops a shape once a size passes the
budget; `--quick` (four sizes, up to 8 times the base) takes about a minute,
and may miss a cost that grows only on larger inputs. Base sizes are small
enough for a quadratic cost to show before the budget stops the doubling,
and the largest sizes large enough to take a second or more when linear.

    python bench/adversarial.py                      # every shape
    python bench/adversarial.py --quick              # a quick look
    python bench/adversarial.py --shapes include-chain,did-you-mean
    python bench/adversarial.py --list               # the shapes and what they build
"""

from __future__ import annotations

import argparse
import itertools
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))
import generate  # noqa: E402  (a sibling script, not a package)

__all__ = ["SHAPES", "Shape", "main"]

ARGMAP = (sys.executable, "-m", "argmap")
CHECK = ("check",)
EVAL = ("eval",)
ICCMA = ("export", "--format", "iccma")
JSON = ("export", "--format", "json")
RENDER_STATUS = ("render", "--status", "--format", "dot", "--output", "-")
RENDER_DOT = ("render", "--format", "dot", "--output", "-")

RATIO_LIMIT = 2.5  # growth per doubling above which a shape fails
NOISE_SECONDS = 0.3  # work times below this count as this much: start-up noise and one-off costs
NOISE_MB = 32.0  # the same for memory above the start-up's
MB_PER_MB_LIMIT = 100.0  # peak memory above start-up, per MB of input
MB_FLOOR = 50.0  # ... counted only once the excess is at least this much
CONFIRM_BELOW = 4.0  # a ratio over the limit but under this is measured again before it counts
REPEATS = 3  # runs of the start-up, and of both sizes of a ratio being confirmed; the fastest is kept
STEPS = 6  # sizes per shape: the base size, then doubled up to 32 times it
QUICK_STEPS = 4  # with --quick: up to 8 times the base size
MEMORY_LIMIT_MB = 4096  # address space of each run: a runaway search fails instead of swapping
OK_CODES = (0, 1)  # 1: the map has errors, which several shapes are made of


# --- the inputs -------------------------------------------------------------
# Each builder writes its input into an empty project folder and returns the
# path to hand to the command. Sizes double from one call to the next.


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def _words(rng: random.Random, characters: int) -> str:
    """Generated prose of about `characters` characters, from the generator's vocabulary."""
    words: list[str] = []
    length = 0
    while length < characters:
        word = rng.choice(generate.WORDS)
        words.append(word)
        length += len(word) + 1
    return " ".join(words)


def _long_id(rng: random.Random, length: int = 100) -> str:
    """An id of `length` characters; all start with `c` and share an alphabet, so none is quickly ruled out."""
    return "c" + "".join(rng.choices("abcdefghij_", k=length - 1))


def _typo(ident: str) -> str:
    """`ident` with its middle letter replaced by one no id here holds: close to it, and undefined."""
    middle = len(ident) // 2
    return ident[:middle] + "z" + ident[middle + 1 :]


def _unclosed_escapes(folder: Path, n: int) -> Path:
    return _write(folder / "map.arg", 'claim a: "' + '\\"' * n + "\n")


def _spaces_in_text(folder: Path, n: int) -> Path:
    text = 'claim a: "A text over two lines,\nthen' + " " * n + 'the end."\nclaim b: "B."\na supports b\n'
    return _write(folder / "map.arg", text)


def _undefined_references(folder: Path, n: int) -> Path:
    rng = random.Random(n)
    ids = [_long_id(rng) for _ in range(n)]
    undefined = [_typo(rng.choice(ids)) for _ in range(max(1, n // 250))]
    claims = "".join(f'claim {i}: "C."\n' for i in ids)
    links = ", ".join(ids) + " support t\n" + "".join(f"{u} supports t\n" for u in undefined)
    return _write(folder / "map.arg", 'claim t: "T."\n' + claims + links)


def _support_and_attack(folder: Path, n: int) -> Path:
    pairs = "".join(f'claim s{i}: "S{i}."\nclaim r{i}: "R{i}."\np supports s{i}\np rebuts r{i}\n' for i in range(n))
    return _write(folder / "map.arg", 'claim p: "P."\n' + pairs)


def _duplicate_supports(folder: Path, n: int) -> Path:
    return _write(folder / "map.arg", 'claim a: "A."\nclaim b: "B."\n' + "a supports b\n" * n)


def _misquotes(folder: Path, source_characters: int, quote_characters: int, count: int) -> Path:
    """A source file and `count` claims, each quoting it with words it does not hold."""
    rng = random.Random(source_characters + count)
    _write(folder / "source.txt", _words(rng, source_characters) + "\n")
    quotes = "".join(f'claim c{i}: "C{i}." quote s "{_words(rng, quote_characters)} zzz"\n' for i in range(count))
    return _write(folder / "map.arg", 'source s "The source" file "source.txt"\n' + quotes)


def _long_misquote(folder: Path, n: int) -> Path:
    return _misquotes(folder, 128 * n, n, 1)


def _many_misquotes(folder: Path, n: int) -> Path:
    return _misquotes(folder, 8_000 * n, 200, n)


def _blank_lines_folder(folder: Path, n: int) -> Path:
    _write(folder / "maps" / "blank.arg", "\n" * n + 'claim a: "A."\n')
    return folder / "maps"


def _include_chain(folder: Path, n: int) -> Path:
    for i in range(n):
        link = f"c{i} supports c{i - 1}\n" if i else ""
        include = f'include "f{i + 1}.arg"\n' if i + 1 < n else ""
        _write(folder / "chain" / f"f{i}.arg", f'claim c{i}: "C{i}."\n{link}{include}')
    return folder / "chain" / "f0.arg"


def _contradictions(folder: Path, n: int) -> Path:
    pairs = "".join(f'claim a{i}: "A{i}."\nclaim b{i}: "B{i}."\na{i} contradicts b{i}\n' for i in range(n))
    return _write(folder / "map.arg", pairs)


def _id_list(folder: Path, n: int) -> Path:
    claims = "".join(f'claim p{i}: "P{i}."\n' for i in range(n))
    premises = ", ".join(f"p{i}" for i in range(n))
    return _write(folder / "map.arg", f'claim x: "X."\n{claims}{premises} support x\n')


def _broken_id_list(folder: Path, n: int) -> Path:
    # The stray `x` at the end starts a statement the file never finishes.
    return _write(folder / "map.arg", 'claim x: "X."\n' + ", ".join(f"p{i}" for i in range(n)) + " support x x\n")


def _generated_map(folder: Path, n: int) -> Path:
    return _write(folder / "map.arg", generate.to_arg(generate.build(n)))


def _settings_blank_lines(folder: Path, n: int) -> Path:
    # The project's settings in a pyproject.toml, found by searching its text before it is parsed.
    (folder / "argmap.toml").unlink()
    _write(folder / "pyproject.toml", "[tool]\n" + "\n" * n + "[tool.argmap]\nstrict = false\n")
    return _write(folder / "map.arg", 'claim a: "A."\nclaim b: "B."\na supports b\n')


def _control_characters(folder: Path, n: int) -> Path:
    # Each escaped on the way out: an OSC sequence that would set a terminal's title, and a bidi override.
    reason = "\x1b]0;x\x07\u202e" * n
    return _write(folder / "map.arg", f'claim a: "A."\nacknowledge AM501 on a "{reason}"\n')


def _one_long_id(folder: Path, n: int) -> Path:
    ident = "a" * n
    return _write(folder / "map.arg", f'claim {ident}: "A."\nclaim b: "B."\nb supports {ident}\n')


# --- the shapes ---------------------------------------------------------------


@dataclass(frozen=True)
class Shape:
    """One adversarial input: how it is built and grown, and the command it is run through."""

    name: str
    description: str  # what the input is, and what its size counts
    build: Callable[[Path, int], Path]
    command: tuple[str, ...]
    base: int
    marker: str | None = None  # text the output must hold, proof that the input reached its target


SHAPES: tuple[Shape, ...] = (
    Shape("unclosed-escapes", 'an unclosed text of N escaped quotes: claim a: "\\"\\"\\"...',
          _unclosed_escapes, CHECK, 4_000, "never closed"),
    Shape("spaces-in-text", "a valid two-line text with N spaces after a word on its second line",
          _spaces_in_text, CHECK, 10_000),
    Shape("did-you-mean", "N claims with 100-character ids, and N/250 references misspelling one (did you mean)",
          _undefined_references, CHECK, 250, "did you mean"),
    Shape("support-and-attack", "one claim supporting N claims and rebutting N others (AM204)",
          _support_and_attack, CHECK, 500),
    Shape("duplicate-supports-eval", "the same support `a supports b` written N times",
          _duplicate_supports, EVAL, 1_000),
    Shape("duplicate-supports-iccma", "the same support `a supports b` written N times",
          _duplicate_supports, ICCMA, 1_000),
    Shape("duplicate-supports-render", "the same support `a supports b` written N times",
          _duplicate_supports, RENDER_STATUS, 1_000),
    Shape("long-misquote", "a misquote of N characters against a source file of 128*N characters",
          _long_misquote, CHECK, 250, "AM301"),
    Shape("many-misquotes", "N misquotes of 200 characters against a source file of 8,000*N characters",
          _many_misquotes, CHECK, 2, "AM301"),
    Shape("blank-lines-folder", "a folder whose one map starts with N blank lines (check DIR)",
          _blank_lines_folder, CHECK, 10_000),
    Shape("include-chain", "a chain of N files, each including the next",
          _include_chain, CHECK, 250),
    Shape("contradictions-eval", "N independent pairs of claims that contradict each other (preferred search)",
          _contradictions, EVAL, 125),
    Shape("contradictions-check", "N independent pairs of claims that contradict each other (preferred search)",
          _contradictions, CHECK, 125),
    Shape("id-list", "N claims and one convergent support listing all N as premises",
          _id_list, CHECK, 2_500),
    Shape("id-list-broken", "a list of N ids ending in a syntax error (Lark's error path)",
          _broken_id_list, CHECK, 5_000, "AM001"),
    Shape("generated-check", "a generated map of N arguments (bench/generate.py)",
          _generated_map, CHECK, 250),
    Shape("generated-export", "a generated map of N arguments (bench/generate.py)",
          _generated_map, JSON, 250),
    Shape("settings-blank-lines", "a pyproject.toml of [tool], N blank lines, then [tool.argmap]",
          _settings_blank_lines, CHECK, 25_000, "config: pyproject.toml"),
    Shape("control-characters", "an acknowledgement's reason of N OSC sequences and bidi overrides (shown escaped)",
          _control_characters, CHECK, 20_000, "\\x1b]0;x\\x07\\u202e"),
    Shape("long-id-render", "one id of N characters, drawn (a DOT name and a label past Graphviz's limits)",
          _one_long_id, RENDER_DOT, 50_000),
)  # fmt: skip


# --- running one command --------------------------------------------------------


@dataclass
class Run:
    """One command on one input: wall and CPU seconds, peak resident MB, and what went wrong, if anything."""

    seconds: float
    cpu: float  # user and system seconds of the process and of the children it waited for
    peak_mb: float
    problem: str | None = None


def elapsed(run: Run, clock: str) -> float:
    """The run's seconds on the clock the ratios use: "wall" or "cpu"."""
    return run.cpu if clock == "cpu" else run.seconds


def _limit_memory() -> None:
    """In the child, before argmap starts: cap its address space."""
    limit = MEMORY_LIMIT_MB * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def run_once(argv: Sequence[str], cwd: Path, timeout: float, output: Path) -> Run:
    """Run `argv` in `cwd`, its stdout and stderr into `output`; killed after `timeout` seconds."""
    with output.open("wb") as sink:
        start = time.perf_counter()
        process = subprocess.Popen(argv, cwd=cwd, stdout=sink, stderr=subprocess.STDOUT, preexec_fn=_limit_memory)
        timer = threading.Timer(timeout, process.kill)
        timer.start()
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - start
        timer.cancel()
    process.returncode = os.waitstatus_to_exitcode(status)  # reaped here: keep Popen from waiting again
    cpu, peak = usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024
    if seconds >= timeout:
        return Run(timeout, cpu, peak, f"timed out after {timeout:g} s")
    return Run(seconds, cpu, peak, _problem(process.returncode, output))


def _problem(code: int, output: Path) -> str | None:
    text = output.read_text(encoding="utf-8", errors="replace")
    if "Traceback (most recent call last)" in text or code not in OK_CODES:
        last = [line for line in text.splitlines() if line.strip()][-1:] or [""]
        return f"exit {code}: {last[0][:100]}"
    return None


# --- one shape, size after size ------------------------------------------------


@dataclass
class Measured:
    """A shape's runs, size by size, and the input bytes of each."""

    shape: Shape
    sizes: list[int]
    runs: list[Run] = field(default_factory=list)
    input_bytes: list[int] = field(default_factory=list)
    stopped: str | None = None  # why the larger sizes were not run


def _input_bytes(project: Path) -> int:
    return sum(p.stat().st_size for p in project.rglob("*") if p.is_file() and p.name != "argmap.toml")


def _fastest(runs: Sequence[Run], clock: str) -> Run:
    """The quickest run on `clock`, a run without a problem before any with one."""
    return min(runs, key=lambda run: (run.problem is not None, elapsed(run, clock)))


def _run_size(shape: Shape, size: int, workspace: Path, args: argparse.Namespace) -> tuple[Run, int]:
    """Build the input of one size in a fresh project folder, run the command on it, and clear it away."""
    project = workspace / f"{shape.name}-{size}"
    project.mkdir()
    (project / "argmap.toml").touch()
    target = shape.build(project, size).relative_to(project)
    output = workspace / "output.txt"
    try:
        run = run_once([*ARGMAP, *shape.command, str(target)], project, args.timeout, output)
        if run.problem is None and shape.marker and shape.marker not in output.read_text(errors="replace"):
            run.problem = f"the output lacks {shape.marker!r}: the input no longer reaches its target"
        return run, _input_bytes(project)
    finally:
        shutil.rmtree(project, ignore_errors=True)


def growth(values: Sequence[float], base: float, floor: float) -> float | None:
    """The largest ratio between successive values, less `base`, each counted as at least `floor`."""
    work = [max(v - base, floor) for v in values]
    ratios = [after / before for before, after in itertools.pairwise(work)]
    return max(ratios) if ratios else None


def _last_doubling(measured: Measured, start: Run, clock: str) -> float | None:
    return growth([elapsed(r, clock) for r in measured.runs[-2:]], elapsed(start, clock), NOISE_SECONDS)


def _fails_last_doubling(measured: Measured, start: Run, workspace: Path, args: argparse.Namespace) -> bool:
    """Whether the last doubling grows past the limit, confirmed by running both sizes again if only by a little."""
    ratio = _last_doubling(measured, start, args.clock)
    if ratio is None or not RATIO_LIMIT < ratio < CONFIRM_BELOW:
        return ratio is not None and ratio > RATIO_LIMIT
    _progress(f"    {ratio:.2f}x per doubling: running both sizes again to confirm")
    for k in (len(measured.runs) - 2, len(measured.runs) - 1):
        again = [_run_size(measured.shape, measured.sizes[k], workspace, args)[0] for _ in range(REPEATS - 1)]
        measured.runs[k] = _fastest([measured.runs[k], *again], args.clock)
    return (_last_doubling(measured, start, args.clock) or 0.0) > RATIO_LIMIT


def measure_shape(shape: Shape, sizes: list[int], start: Run, workspace: Path, args: argparse.Namespace) -> Measured:
    """Run the shape at each size, stopping after a failure or a run longer than the budget.

    Once a doubling has failed, later ones are not confirmed: the shape fails either way.
    """
    measured = Measured(shape, sizes)
    failing = False
    for size in sizes:
        run, size_bytes = _run_size(shape, size, workspace, args)
        measured.runs.append(run)
        measured.input_bytes.append(size_bytes)
        _progress(f"  {shape.name} N={size:,}: {run.cpu:.2f} s cpu, {run.seconds:.2f} s wall, {run.peak_mb:.0f} MB")
        if run.problem:
            _progress(f"    {run.problem}")
            measured.stopped = run.problem
            break
        failing = failing or _fails_last_doubling(measured, start, workspace, args)
        spent = elapsed(measured.runs[-1], args.clock)
        if spent > args.budget and size != sizes[-1]:
            measured.stopped = f"larger sizes not run: {spent:.1f} {args.clock} s, over the {args.budget:g} s budget"
            break
    return measured


def startup(command: tuple[str, ...], workspace: Path, args: argparse.Namespace) -> Run:
    """The command on a one-claim map, the fastest of a few runs: its start-up cost."""
    project = workspace / "startup"
    project.mkdir()
    (project / "argmap.toml").touch()
    _write(project / "maps" / "map.arg", 'claim a: "A."\n')
    argv, output = [*ARGMAP, *command, "maps/map.arg"], workspace / "output.txt"
    try:
        return _fastest([run_once(argv, project, args.timeout, output) for _ in range(REPEATS)], args.clock)
    finally:
        shutil.rmtree(project, ignore_errors=True)


# --- judging and showing ---------------------------------------------------------


@dataclass
class Verdict:
    """What a row of the table says about a shape."""

    time_ratio: float | None
    memory_ratio: float | None
    mb_per_mb: float | None
    failures: list[str]


def judge(measured: Measured, start: Run, clock: str) -> Verdict:
    """The growth per doubling of time and memory, the memory per input MB, and why the shape fails, if it does."""
    runs = [r for r in measured.runs if r.problem is None]
    time_ratio = growth([elapsed(r, clock) for r in runs], elapsed(start, clock), NOISE_SECONDS)
    memory_ratio = growth([r.peak_mb for r in runs], start.peak_mb, NOISE_MB)
    failures = [r.problem for r in measured.runs if r.problem]
    if time_ratio is not None and time_ratio > RATIO_LIMIT:
        failures.append(f"{clock} time grows {time_ratio:.2f}x per doubling")
    if memory_ratio is not None and memory_ratio > RATIO_LIMIT:
        failures.append(f"memory grows {memory_ratio:.2f}x per doubling")
    mb_per_mb = None
    if runs:
        excess = runs[-1].peak_mb - start.peak_mb
        mb_per_mb = excess / (measured.input_bytes[len(runs) - 1] / 1e6)
        if mb_per_mb > MB_PER_MB_LIMIT and excess > MB_FLOOR:
            failures.append(f"{mb_per_mb:,.0f} MB of memory per MB of input")
    return Verdict(time_ratio, memory_ratio, mb_per_mb, failures)


def label(command: Sequence[str]) -> str:
    """A command as the table names it: `render --status dot`, `export iccma`."""
    return " ".join(word for word in command if word not in ("--format", "--output", "-"))


def _count(n: int) -> str:
    return f"{n // 1_000}k" if n >= 1_000 and n % 1_000 == 0 else str(n)


def _times(measured: Measured, clock: str) -> str:
    shown = [f"{elapsed(r, clock):.2f}{'!' if r.problem else ''}" for r in measured.runs]
    return " ".join(shown + ["-"] * (len(measured.sizes) - len(shown)))


def _ratio(value: float | None) -> str:
    return "-" if value is None else f"{value:.2f}"


COLUMNS = (
    ("shape", 25), ("command", 19), ("sizes N", 26), ("seconds", 35), ("x/doubling", 10), ("wall s", 6),
    ("peak MB", 7), ("mem x", 5), ("MB/MB", 6), ("verdict", 7),
)  # fmt: skip
LEFT_ALIGNED = 4  # the first four columns; the figures after them are right-aligned


def _row(cells: Sequence[str]) -> str:
    pairs = enumerate(zip(cells, (width for _, width in COLUMNS), strict=True))
    return "  ".join(c.ljust(w) if i < LEFT_ALIGNED else c.rjust(w) for i, (c, w) in pairs).rstrip()


def table_row(measured: Measured, verdict: Verdict, clock: str) -> str:
    last = measured.runs[-1]
    return _row((
        measured.shape.name, label(measured.shape.command), " ".join(_count(n) for n in measured.sizes),
        _times(measured, clock), _ratio(verdict.time_ratio), f"{last.seconds:.2f}", f"{last.peak_mb:.0f}",
        _ratio(verdict.memory_ratio), "-" if verdict.mb_per_mb is None else f"{verdict.mb_per_mb:,.0f}",
        "FAIL" if verdict.failures else "PASS",
    ))  # fmt: skip


def print_table(results: list[tuple[Measured, Verdict]], starts: dict[tuple[str, ...], Run], clock: str) -> None:
    print(_row([f"{clock} s" if name == "seconds" else name for name, _ in COLUMNS]))
    for measured, verdict in results:
        print(table_row(measured, verdict, clock))
    up = ", ".join(f"{label(c)} {elapsed(r, clock):.2f} s, {r.peak_mb:.0f} MB" for c, r in starts.items())
    print(f"\nStart-up ({clock} time, peak memory) on a one-claim map: {up}.")
    print(f"x/doubling and mem x: growth from one size to the next of the time and memory less start-up. A time "
          f"under {NOISE_SECONDS} s (memory under {NOISE_MB:g} MB) counts as that much: it is start-up noise and "
          "one-off costs, so ratios between such times are ignored (they come out as 1).")  # fmt: skip
    print(f"FAIL: a ratio above {RATIO_LIMIT}, over {MB_PER_MB_LIMIT:g} MB per MB of input, a timeout, a crash or a "
          "missing marker ('!' marks the run). '-': not run.")  # fmt: skip
    for measured, verdict in results:
        notes = [*verdict.failures, *([measured.stopped] if measured.stopped else [])]
        if notes:
            print(f"  {measured.shape.name}: {'; '.join(dict.fromkeys(notes))}")
    failed = sum(1 for _, verdict in results if verdict.failures)
    print(f"{failed} of {len(results)} shape(s) fail.")


def _progress(line: str) -> None:
    print(line, file=sys.stderr, flush=True)


# --- the command line -------------------------------------------------------------


def _parse(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    add = parser.add_argument
    add("--shapes", help="comma-separated shape names (default: all; see --list)")
    add("--quick", action="store_true", help=f"{QUICK_STEPS} smaller sizes per shape")
    add("--list", action="store_true", help="list the shapes and exit")
    add("--timeout", type=float, default=60.0, help="wall seconds per run before it fails (default 60)")
    add("--budget", type=float, default=5.0, help="stop doubling a shape after a run this long (default 5 s)")
    add("--clock", choices=("cpu", "wall"), default="cpu", help="the time judged (default cpu: see the docstring)")
    return parser.parse_args(argv)


def _chosen(names: str | None) -> list[Shape]:
    if names is None:
        return list(SHAPES)
    by_name = {s.name: s for s in SHAPES}
    unknown = [n for n in names.split(",") if n not in by_name]
    if unknown:
        raise SystemExit(f"unknown shape(s): {', '.join(unknown)}; --list shows them")
    return [by_name[n] for n in names.split(",")]


def _sizes(shape: Shape, quick: bool) -> list[int]:
    return [shape.base * 2**k for k in range(QUICK_STEPS if quick else STEPS)]


def _list() -> None:
    for shape in SHAPES:
        print(f"{shape.name:25} {label(shape.command):19} N from {_count(shape.base):5} {shape.description}")


def main(argv: Sequence[str] | None = None) -> int:
    args = _parse(argv)
    if args.list:
        _list()
        return 0
    shapes = _chosen(args.shapes)
    results: list[tuple[Measured, Verdict]] = []
    with tempfile.TemporaryDirectory(prefix="argmap-adversarial-") as temporary:
        workspace = Path(temporary)
        starts = {s.command: startup(s.command, workspace, args) for s in shapes}
        for shape in shapes:
            sizes = _sizes(shape, args.quick)
            measured = measure_shape(shape, sizes, starts[shape.command], workspace, args)
            results.append((measured, judge(measured, starts[shape.command], args.clock)))
    print_table(results, starts, args.clock)
    return 1 if any(verdict.failures for _, verdict in results) else 0


if __name__ == "__main__":
    sys.exit(main())
