"""Time argmap against Argdown on the same maps, as whole processes.

Each command runs several times as its own process (start-up counts, as in
CI); the table gives the median wall time and the largest peak memory (the
child's maximum resident set size, from `wait4`). "check CPU" is the median
CPU time of `argmap check` with the process it forks for the evaluation on
large maps, so wall time and the work done can both be read. The two sides
of each comparison (check and Argdown; render and bare `dot`) run in turn,
round after round. Render's overhead is its own time, timed with a stand-in
for Graphviz (`stand_in_graphviz`), over bare `dot`'s; the table also gives
the median of render against bare `dot` side by side. Synthetic maps come from
`bench/generate.py` and are written, with their Argdown twins, to
`bench/out/`; Argdown's CLI lives in `bench/.cache/` (`--install-argdown`).

    python bench/run.py                       # the full table (takes a while)
    python bench/run.py --sizes 100,1000 --runs 3 --no-render  # a quick look
"""

from __future__ import annotations

import argparse
import compileall
import os
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
OUT = BENCH / "out"
CACHE = BENCH / ".cache"
ARGDOWN_VERSION = "1.7.5"
ARGDOWN_HOME = CACHE / "argdown"
ARGDOWN_BIN = ARGDOWN_HOME / "node_modules" / ".bin" / "argdown"
SIZES = (100, 1_000, 5_000, 20_000, 100_000)
SEED_MAPS = ("maps/khatami.arg",)
RATIO_SIZES = (1_000, 5_000, 20_000)
BUDGET = 120.0  # seconds: a slow command stops early, after at least one run (the table shows how many)

sys.path.insert(0, str(BENCH))
import generate  # noqa: E402  (a sibling script, not a package)


@dataclass
class Timing:
    """The runs of one command: median wall seconds and peak memory, or why it could not run."""

    seconds: float | None = None
    peak_mb: float | None = None
    runs: int = 0
    asked: int = 0
    problem: str | None = None
    cpu: float | None = None
    samples: list[float] = field(default_factory=list)  # every run's wall seconds, in order

    def cell(self) -> str:
        if self.problem is not None:
            return self.problem
        assert self.seconds is not None and self.peak_mb is not None
        short = f" ({self.runs} of {self.asked} runs)" if self.runs < self.asked else ""
        return f"{self.seconds:.3f} s, {self.peak_mb:.0f} MB{short}"


def run_once(
    argv: Sequence[str], timeout: float, env: dict[str, str] | None = None
) -> tuple[float, float, float, int, str]:
    """Wall seconds, CPU seconds, peak resident MB, exit code and the tail of stderr of one process.

    CPU time counts the process and the children it waited for (render's `dot`).
    """
    with open(os.devnull, "wb") as sink, (OUT / ".stderr").open("w+b") as errors:
        start = time.perf_counter()
        process = subprocess.Popen(list(argv), stdout=sink, stderr=errors, cwd=ROOT, env=env)
        deadline = start + timeout
        while True:
            pid, status, usage = os.wait4(process.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() > deadline:
                process.kill()
                os.wait4(process.pid, 0)
                process.returncode = -9
                return timeout, 0.0, 0.0, -9, "timed out"
            time.sleep(0.002)
        seconds = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        errors.seek(0)
        tail = errors.read()[-300:].decode("utf-8", "replace").strip()
    return seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, process.returncode, tail


def measure(
    argv: Sequence[str], runs: int, timeout: float, ok_codes: Sequence[int] = (0, 1), env: dict[str, str] | None = None
) -> Timing:
    """Run a command `runs` times; a failure on the first run is reported, not raised."""
    return measure_in_turn([argv], runs, timeout, ok_codes, env)[0]


def measure_in_turn(
    commands: Sequence[Sequence[str]],
    runs: int,
    timeout: float,
    ok_codes: Sequence[int] = (0, 1),
    env: dict[str, str] | None = None,
) -> list[Timing]:
    """Run commands that are compared with each other in turn, round after round.

    A machine's speed drifts over seconds (other tenants, frequency, caches);
    run one after the other, the commands of a comparison meet the same
    drift, and their ratio is steadier than when each runs all its rounds
    in a block. A command that fails is reported and left out of later rounds.
    """
    times: list[list[float]] = [[] for _ in commands]
    cpus: list[list[float]] = [[] for _ in commands]
    peaks: list[list[float]] = [[] for _ in commands]
    problems: list[str | None] = [None for _ in commands]
    for _ in range(runs):
        live = [i for i, problem in enumerate(problems) if problem is None]
        if not live or (times[live[0]] and max(sum(times[i]) for i in live) >= BUDGET):
            break
        for i in live:
            seconds, cpu, peak, code, tail = run_once(commands[i], timeout, env)
            if code not in ok_codes:
                last = tail.splitlines()[-1] if tail else f"exit {code}"
                problems[i] = f"failed: {last[:60]}"
                continue
            times[i].append(seconds)
            cpus[i].append(cpu)
            peaks[i].append(peak)
    return [
        Timing(problem=problem)
        if problem is not None
        else Timing(statistics.median(t), max(p), len(t), runs, cpu=statistics.median(c), samples=t)
        for problem, t, c, p in zip(problems, times, cpus, peaks, strict=True)
    ]


# argmap refuses maps past its size limits (argmap.read.loader); beyond them the same
# CLI runs with the limits lifted, and the table says so.
_LIFTED = (
    "import sys, argmap.read.loader as l, argmap.read.parser as p; "
    "p.MAX_MAP_SIZE = l.MAX_MAP_SIZE = l.MAX_TOTAL_SIZE = 200_000_000; "
    "from argmap.cli import run; sys.argv[0] = 'argmap'; run()"
)


def argmap_command(subcommand: str, lift_limits: bool = False) -> list[str] | None:
    """How to run `argmap SUBCOMMAND`, or None while the subcommand does not exist."""
    exe = Path(sys.executable).parent / "argmap"
    base = [str(exe)] if exe.exists() else [sys.executable, "-m", "argmap"]
    probe = subprocess.run([*base, subcommand, "--help"], capture_output=True, cwd=ROOT)
    if probe.returncode != 0:
        return None
    return [sys.executable, "-c", _LIFTED, subcommand] if lift_limits else [*base, subcommand]


def past_limits(arg: Path) -> bool:
    """Whether the map with its parts is larger than argmap reads in one go."""
    from argmap.read import loader

    parts = arg.parent / (arg.stem + ".parts")
    total = arg.stat().st_size + sum(p.stat().st_size for p in parts.glob("*.arg"))
    return bool(total > loader.MAX_TOTAL_SIZE)


def precompile() -> None:
    """Byte-compile argmap, as pip does when it installs the wheel.

    An editable install writes no bytecode until a module is imported, and
    with PYTHONDONTWRITEBYTECODE set never does: every process would then
    compile argmap from source, a start-up cost no installed copy pays.
    """
    import argmap

    compileall.compile_dir(Path(argmap.__file__).parent, quiet=1)


def install_argdown() -> None:
    ARGDOWN_HOME.mkdir(parents=True, exist_ok=True)
    package = ARGDOWN_HOME / "package.json"
    if not package.exists():
        package.write_text('{"name": "argdown-bench", "private": true}\n')
    subprocess.run(
        ["npm", "install", "--no-audit", "--no-fund", f"@argdown/cli@{ARGDOWN_VERSION}"], cwd=ARGDOWN_HOME, check=True
    )


def synthetic_map(size: int, seed: int) -> tuple[Path, Path]:
    """The .arg and Argdown files for `size` arguments, generated unless already there."""
    arg, argdown = OUT / f"synthetic-{size}-{seed}.arg", OUT / f"synthetic-{size}-{seed}.argdown"
    script = BENCH / "generate.py"
    if not (arg.exists() and argdown.exists()) or arg.stat().st_mtime < script.stat().st_mtime:
        shutil.rmtree(OUT / f"{arg.stem}.parts", ignore_errors=True)
        generate.main(["--arguments", str(size), "--seed", str(seed), "-o", str(arg), "--argdown", str(argdown)])
    return arg, argdown


def seed_argdown(path: Path) -> Path | None:
    """The seed map in Argdown, converted from its model (see `to_argdown.py`), or None if it cannot load."""
    import to_argdown  # imports argmap: only when the seed maps are timed

    target = OUT / (path.stem + ".argdown")
    try:
        target.write_text(to_argdown.convert(path), encoding="utf-8")
    except Exception as error:  # the map may be half-written while the project grows
        print(f"  {path}: cannot convert to Argdown ({type(error).__name__}: {error})")
        return None
    return target


@dataclass
class Row:
    """One map: its argument count and every timing taken on it."""

    name: str
    arguments: int
    check: Timing
    argdown: Timing
    render_dot: Timing
    render_svg: Timing
    bare_dot: Timing
    render_alone: Timing = field(default_factory=lambda: Timing(problem="-"))


def ratio(row: Row) -> float | None:
    if row.check.seconds is None or row.argdown.seconds is None:
        return None
    return row.argdown.seconds / row.check.seconds


def per_argument_ms(timing: Timing, arguments: int) -> str:
    return f"{1000 * timing.seconds / arguments:.3f}" if timing.seconds is not None and arguments else "-"


# Below this, bare `dot` takes less than ten times argmap's start-up (about 0.1 s), which alone
# is more than 10% of it: the overhead target is judged on larger layouts only.
OVERHEAD_JUDGED_FROM = 1.0


def paired_overheads(row: Row) -> list[float]:
    """Render's time over bare dot's, run by run: each pair ran back to back, so the drift cancels."""
    pairs = zip(row.render_svg.samples, row.bare_dot.samples, strict=False)
    return [(svg - bare) / bare for svg, bare in pairs if bare > 0]


def own_overhead(row: Row) -> float | None:
    """Render's own time (Graphviz stood in) over bare dot's: what argmap adds to Graphviz."""
    if row.render_alone.seconds is None or not row.bare_dot.seconds:
        return None
    return row.render_alone.seconds / row.bare_dot.seconds


def overhead(row: Row) -> str:
    own = own_overhead(row)
    found = paired_overheads(row)
    if own is None and not found:
        return "-"
    alone = f"+{own:.0%}" if own is not None else "-"
    spread = f" ({min(found):+.0%} to {max(found):+.0%})" if len(found) > 1 else ""
    side_by_side = f"{statistics.median(found):+.0%}{spread}" if found else "-"
    return f"{alone}; {side_by_side}"


def time_map(name: str, arguments: int, arg: Path, argdown: Path | None, options: argparse.Namespace, size: int) -> Row:
    runs, timeout = options.runs, options.timeout
    skipped = Timing(problem="-")
    lifted = past_limits(arg)
    check_cmd = argmap_command("check", lifted)
    render_cmd = argmap_command("render", lifted)
    if lifted:
        name += " (size limits lifted)"
    argdown_argv: list[str] | None = None
    argdown_timing = skipped
    if argdown is not None and ARGDOWN_BIN.exists() and size <= options.argdown_max:
        argdown_argv = [str(ARGDOWN_BIN), "json", str(argdown), str(OUT / "argdown-json")]
    elif argdown is not None and not ARGDOWN_BIN.exists():
        argdown_timing = Timing(problem="not installed")
    # The ratio's two sides, in turn (either may be missing).
    sides = [argv for argv in ([*check_cmd, str(arg)] if check_cmd else None, argdown_argv) if argv is not None]
    timings = iter(measure_in_turn(sides, runs, timeout))
    check = next(timings) if check_cmd else Timing(problem="missing")
    if argdown_argv is not None:
        argdown_timing = next(timings)
    render_dot = render_svg = bare_dot = Timing(problem="missing") if render_cmd is None else skipped
    render_alone = skipped
    if render_cmd is not None and not options.no_render:
        dot_file = OUT / f"{arg.stem}.dot"
        render_dot = measure([*render_cmd, "--format", "dot", "-o", str(dot_file), str(arg)], runs, timeout)
        if size <= options.svg_max and render_dot.problem is None and shutil.which("dot"):
            svg_file = OUT / f"{arg.stem}.svg"
            render_svg_argv = [*render_cmd, "--format", "svg", "-o", str(svg_file), str(arg)]
            bare = graphviz_input(arg)
            if bare is None:
                render_svg = measure(render_svg_argv, runs, timeout)
                bare_dot = Timing(problem="n/a")
            else:  # the overhead's two sides, in turn
                engine, source = bare
                bare_svg = str(OUT / f"{arg.stem}.bare.svg")
                bare_argv = ["dot", f"-K{engine}", "-Tsvg", "-o", bare_svg, str(source)]
                render_svg, bare_dot = measure_in_turn([render_svg_argv, bare_argv], runs, timeout)
                if bare_dot.problem is None:
                    render_alone = measure(render_svg_argv, runs, timeout, env=stand_in_graphviz(Path(bare_svg)))
    return Row(name, arguments, check, argdown_timing, render_dot, render_svg, bare_dot, render_alone)


STAND_IN = """#!/bin/sh
# Graphviz's stand-in for timing argmap alone: it reads the DOT it is given and
# answers at once with the picture Graphviz drew from the same DOT.
cat > /dev/null
exec cat "$ARGMAP_BENCH_PICTURE"
"""


def stand_in_graphviz(picture: Path) -> dict[str, str]:
    """An environment in which `dot` is a stand-in that answers with `picture` at once.

    `render` then does all its own work (start-up, reading the map, writing
    the DOT, reading back and saving the picture) and no layout: its time is
    what argmap adds to Graphviz's, without Graphviz's own run-to-run spread
    (10 to 15% on this machine) in the way.
    """
    folder = OUT / "stand-in"
    folder.mkdir(exist_ok=True)
    script = folder / "dot"
    script.write_text(STAND_IN)
    script.chmod(0o755)
    path = f"{folder}{os.pathsep}{os.environ.get('PATH', '')}"
    return {**os.environ, "PATH": path, "ARGMAP_BENCH_PICTURE": str(picture)}


def graphviz_input(arg: Path) -> tuple[str, Path] | None:
    """The engine and the DOT that `argmap render` hands Graphviz first for this map.

    Large maps go to `sfdp` without argument clusters, so the DOT of
    `--format dot` is not always what Graphviz gets.
    """
    try:
        import attrs

        import argmap
        from argmap.draw.compile import Options, compile_map, drawn_boxes
        from argmap.draw.render import layouts

        amap = argmap.load(arg)
        layout = layouts(None, boxes=drawn_boxes(amap, Options()))[0]
        source = compile_map(amap, attrs.evolve(Options(), clusters=layout.clusters)).source
    except Exception as error:  # the render API may change under the benchmark
        print(f"  cannot tell what render gives Graphviz: {type(error).__name__}: {error}")
        return None
    path = OUT / f"{arg.stem}.graphviz.dot"
    path.write_text(source, encoding="utf-8")
    return layout.engine, path


def print_table(rows: list[Row]) -> None:
    print()
    print("| map | arguments | argmap check | check CPU | argdown json | argdown/argmap | check ms/argument |"
          " render dot | render svg | bare dot | render, Graphviz stood in |"
          " render overhead: own; side by side (range) |")  # fmt: skip
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for row in rows:
        found = ratio(row)
        cells = [
            row.name, f"{row.arguments:,}", row.check.cell(), f"{row.check.cpu:.3f} s" if row.check.cpu else "-",
            row.argdown.cell(),
            f"{found:.1f}x" if found is not None else "-", per_argument_ms(row.check, row.arguments),
            row.render_dot.cell(), row.render_svg.cell(), row.bare_dot.cell(), row.render_alone.cell(), overhead(row),
        ]  # fmt: skip
        print("| " + " | ".join(cells) + " |")


def _verdict(met: bool, target: str, found: str) -> None:
    print(f"{'met   ' if met else 'MISSED'} {target}: {found}")


def print_targets(rows: list[Row]) -> None:
    """Each target, met or not, from this run's figures."""
    by_size = {row.arguments: row for row in rows if row.name.startswith("synthetic")}
    print()
    for size in RATIO_SIZES:
        row = by_size.get(size)
        found = ratio(row) if row else None
        if found is not None:
            _verdict(found >= 3, f"check >= 3x faster than argdown json at {size:,}", f"{found:.1f}x")
    for row in rows:
        found = ratio(row)
        if not row.name.startswith("synthetic") and found is not None:
            _verdict(found >= 5, f"check >= 5x faster than argdown json on {row.name}", f"{found:.1f}x")
    small, large = by_size.get(1_000), by_size.get(100_000)
    if small and large and small.check.seconds and large.check.seconds:
        growth = (large.check.seconds / 100_000) / (small.check.seconds / 1_000)
        _verdict(growth <= 1.5, "check time per argument at 100,000 within 1.5x of 1,000", f"{growth:.2f}x")
    if large and large.check.peak_mb is not None:
        _verdict(large.check.peak_mb < 1024, "check peak memory at 100,000 under 1 GB", f"{large.check.peak_mb:.0f} MB")
    for row in rows:
        own = own_overhead(row)
        if own is None or row.bare_dot.seconds is None or row.render_alone.seconds is None:
            continue
        target = f"render adds <= 10% to bare dot on {row.name}"
        if row.bare_dot.seconds < OVERHEAD_JUDGED_FROM:
            print(f"n/a    {target}: bare dot takes {row.bare_dot.seconds:.3f} s, less than ten start-ups of argmap; "
                  f"render's own work takes {row.render_alone.seconds:.3f} s")  # fmt: skip
            continue
        found = paired_overheads(row)
        side = f"; side by side with Graphviz, {statistics.median(found):+.0%} ({min(found):+.0%} to {max(found):+.0%})"
        _verdict(own <= 0.10, target, f"+{own:.0%}: {row.render_alone.seconds:.3f} s of its own against "
                 f"{row.bare_dot.seconds:.3f} s{side if found else ''}")  # fmt: skip


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--sizes", default=",".join(map(str, SIZES)), help="argument counts, comma-separated")
    parser.add_argument("--runs", type=int, default=5, help="runs per command; the median is shown (default 5)")
    parser.add_argument("--seed", type=int, default=1, help="generator seed (default 1)")
    parser.add_argument("--svg-max", type=int, default=5_000, help="largest map to render as SVG (default 5,000)")
    parser.add_argument("--argdown-max", type=int, default=20_000,
                        help="largest map to give Argdown (default 20,000)")  # fmt: skip
    parser.add_argument("--no-render", action="store_true", help="time only check and Argdown")
    parser.add_argument("--no-seed-maps", action="store_true", help="leave out the seed maps")
    parser.add_argument("--timeout", type=float, default=900, help="seconds before a run is abandoned")
    parser.add_argument("--install-argdown", action="store_true",
                        help=f"npm install @argdown/cli@{ARGDOWN_VERSION} into bench/.cache/ first")  # fmt: skip
    options = parser.parse_args(argv)
    OUT.mkdir(parents=True, exist_ok=True)
    if options.install_argdown:
        install_argdown()
    if not ARGDOWN_BIN.exists():
        print("Argdown is not installed: run with --install-argdown (needs Node.js and npm)")
    precompile()
    print(f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.2f}, {options.runs} runs per command")
    rows: list[Row] = []
    if not options.no_seed_maps:
        for seed_map in SEED_MAPS:
            path = ROOT / seed_map
            if not path.exists():
                print(f"  {seed_map}: not there yet")
                continue
            argdown = seed_argdown(path)
            print(f"  timing {seed_map}", flush=True)
            rows.append(time_map(seed_map, _count_arguments(path), path, argdown, options, 0))
    for size in (int(s) for s in options.sizes.split(",") if s.strip()):
        arg, argdown = synthetic_map(size, options.seed)
        print(f"  timing {size:,} arguments", flush=True)
        rows.append(time_map(f"synthetic {size:,}", size, arg, argdown, options, size))
    print_table(rows)
    print_targets(rows)
    print(f"\nload average after the run: {os.getloadavg()[0]:.2f}")


def _count_arguments(path: Path) -> int:
    import argmap

    try:
        return len(argmap.load(path).arguments)
    except Exception:
        return 0


if __name__ == "__main__":
    main()
