"""A synthetic argument map of N arguments, in .arg and optionally in Argdown.

Shaped like real analysis: each argument has two or three premises and a
conclusion, about half the arguments support an earlier argument's conclusion
and about a quarter attack an earlier argument (rebut, undermine or undercut),
texts run from 10 to 25 words, and actors and sources are spread over the
claims. Links only point backwards, so the map has no support cycle.

    python bench/generate.py --arguments 1000 -o bench/out/1000.arg --argdown bench/out/1000.argdown
"""

from __future__ import annotations

import argparse
import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["Argument", "Attack", "build", "main", "to_arg", "to_arg_parts", "to_argdown"]

_VOCABULARY = """
Moscow Tehran Kremlin ministry arms sales reactor contract delegation visit summit treaty missile
defence export navy tanks fighters submarines frigates pipeline oil gas sanctions embargo Washington
envoy cabinet parliament reformers hardliners clergy economy rouble rial debt loans credit deal
talks pledge warning signal leverage pressure influence region Caspian Gulf border security
nuclear fuel inspectors agency report officials sources analysts observers critics press
statement interview briefing leak memo evidence claim denial rumour forecast trend shift
likely unlikely probably seldom openly quietly publicly privately firmly sharply steadily
the a an of to in on for with by from over under after before against between without
and but or so because although while since unless whereas despite
"""
WORDS = tuple(_VOCABULARY.split())

ACTORS = (
    "analyst", "ministry", "kremlin", "tehran", "observers", "critics", "envoy", "press",
    "defence", "reformers", "hardliners", "agency",
)  # fmt: skip
SOURCES = ("monitor", "wire", "interview", "memo", "briefing", "report", "cable", "digest")
ATTACK_KINDS = ("rebuts", "undermines", "undercuts")


@dataclass
class Attack:
    """An attack made by an argument's conclusion on an earlier argument."""

    kind: str  # rebuts (its conclusion), undermines (a premise) or undercuts (its inference)
    target: int
    premise: int = 0  # which premise, for undermines


@dataclass
class Argument:
    """One argument: numbered aN, with its premise texts, conclusion text and links."""

    number: int
    title: str
    actor: str
    premises: list[str]
    premise_sources: list[str]
    conclusion: str
    conclusion_actor: str
    supports: int | None = None
    attack: Attack | None = None
    tags: list[str] = field(default_factory=list)


def _text(rng: random.Random) -> str:
    words = rng.choices(WORDS, k=rng.randint(10, 25))
    return words[0].capitalize() + " " + " ".join(words[1:]) + "."


def build(count: int, seed: int = 1) -> list[Argument]:
    """The arguments of the map, the same for the same count and seed."""
    rng = random.Random(seed)
    arguments: list[Argument] = []
    for n in range(1, count + 1):
        premises = [_text(rng) for _ in range(rng.choice((2, 3)))]
        argument = Argument(
            number=n,
            title=" ".join(rng.choices(WORDS, k=rng.randint(3, 7))).capitalize(),
            actor=rng.choice(ACTORS),
            premises=premises,
            premise_sources=[rng.choice(SOURCES) for _ in premises],
            conclusion=_text(rng),
            conclusion_actor=rng.choice(ACTORS),
        )
        roll = rng.random()
        if n > 1 and roll < 0.5:
            argument.supports = _earlier(rng, n)
        elif n > 1 and roll < 0.75:
            target = _earlier(rng, n)
            kind = rng.choice(ATTACK_KINDS)
            argument.attack = Attack(kind, target, rng.randrange(len(arguments[target - 1].premises)))
        arguments.append(argument)
    return arguments


def _earlier(rng: random.Random, n: int) -> int:
    """An earlier argument, mostly a recent one, as threads of analysis build on each other."""
    if rng.random() < 0.7:
        return rng.randint(max(1, n - 20), n - 1)
    return rng.randint(1, n - 1)


def _actor_name(actor: str) -> str:
    return f"The {actor} ({ACTORS.index(actor) + 1})"


def _arg_header(arguments: list[Argument]) -> Iterator[str]:
    yield f'title "Synthetic map of {len(arguments)} arguments"\n\n'
    for actor in ACTORS:
        yield f'actor {actor} "{_actor_name(actor)}"\n'
    for source in SOURCES:
        yield f'source {source} "The {source}" reliability B\n'
    yield "\n"


def _arg_arguments(arguments: list[Argument]) -> Iterator[str]:
    for a in arguments:
        yield f'argument a{a.number} "{a.title}" by {a.actor} {{\n'
        for i, (text, source) in enumerate(zip(a.premises, a.premise_sources, strict=True), 1):
            yield f'  premise a{a.number}_p{i}: "{text}" cite {source}\n'
        link = ""
        if a.supports is not None:
            link = f" supports a{a.supports}_c"
        elif a.attack is not None:
            link = " " + _arg_attack(a.attack)
        yield f'  conclusion a{a.number}_c: "{a.conclusion}" by {a.conclusion_actor}{link}\n'
        yield "}\n"


def _arg_attack(attack: Attack) -> str:
    if attack.kind == "rebuts":
        return f"rebuts a{attack.target}_c"
    if attack.kind == "undermines":
        return f"undermines a{attack.target}_p{attack.premise + 1}"
    return f"undercuts a{attack.target}"


def to_arg(arguments: list[Argument]) -> str:
    """The map as one .arg text."""
    return "".join(_arg_header(arguments)) + "".join(_arg_arguments(arguments))


def to_arg_parts(arguments: list[Argument], part_size: int, parts_folder: str) -> dict[str, str]:
    """The map as an index that includes parts of `part_size` arguments, as a large map is kept.

    Keys are paths relative to the index ("" for the index itself); links
    cross from part to part, which only the whole map resolves.
    """
    files: dict[str, str] = {}
    includes = []
    for start in range(0, len(arguments), part_size):
        name = f"{parts_folder}/part-{start // part_size + 1:03d}.arg"
        files[name] = "".join(_arg_arguments(arguments[start : start + part_size]))
        includes.append(f'include "{name}"\n')
    files[""] = "".join(_arg_header(arguments)) + "".join(includes)
    return files


def _argdown_lines(arguments: list[Argument]) -> Iterator[str]:
    yield f"===\ntitle: Synthetic map of {len(arguments)} arguments\n===\n\n"
    yield f"# Synthetic map of {len(arguments)} arguments\n\n"
    for a in arguments:
        n = a.number
        yield f"<a{n}>: {a.title}. #{a.actor}\n\n"
        for i, (text, source) in enumerate(zip(a.premises, a.premise_sources, strict=True), 1):
            yield f"({i}) [a{n}_p{i}]: {text} #{source}\n"
        yield "----\n"
        yield f"({len(a.premises) + 1}) [a{n}_c]: {a.conclusion} #{a.conclusion_actor}\n"
        if a.supports is not None:
            yield f"    +> [a{a.supports}_c]\n"
        elif a.attack is not None:
            yield f"    {_argdown_attack(a.attack)}\n"
        yield "\n"


def _argdown_attack(attack: Attack) -> str:
    if attack.kind == "rebuts":
        return f"-> [a{attack.target}_c]"
    if attack.kind == "undermines":
        return f"-> [a{attack.target}_p{attack.premise + 1}]"
    return f"_> <a{attack.target}>"


def to_argdown(arguments: list[Argument]) -> str:
    """The same map in Argdown: one premise-conclusion structure per argument."""
    return "".join(_argdown_lines(arguments))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--arguments", "-n", type=int, required=True, help="how many arguments")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    parser.add_argument("-o", "--output", type=Path, required=True, help="the .arg file to write")
    parser.add_argument("--argdown", type=Path, help="also write the map in Argdown syntax here")
    parser.add_argument("--part-size", type=int, default=5_000,
                        help="above this many arguments, write an index file that includes parts of this size "
                        "(a map file holds at most 10 MB; default 5,000)")  # fmt: skip
    options = parser.parse_args(argv)
    if options.arguments < 1:
        parser.error("--arguments must be at least 1")
    arguments = build(options.arguments, options.seed)
    if options.arguments <= options.part_size:
        _write(options.output, to_arg(arguments))
    else:
        parts = options.output.stem + ".parts"
        for name, text in to_arg_parts(arguments, options.part_size, parts).items():
            _write(options.output.parent / name if name else options.output, text)
    if options.argdown is not None:
        _write(options.argdown, to_argdown(arguments))


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
