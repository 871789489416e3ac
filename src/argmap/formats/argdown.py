"""A map as an Argdown document, which the Argdown CLI and its editors read.

Every claim is an Argdown statement titled by its id (`[worth_7bn]: ...`),
with its tags as Argdown tags. Every argument is an Argdown argument titled
by its id; with premises and one conclusion it gets its premise-conclusion
structure, otherwise its premises support it and it supports its
conclusions. Links become relations: a support `+>`, a rebut or an
undermine `->`, an undercut `_>` on the argument whose inference it attacks,
a contradiction `><`. A linked support outside an argument, and a step that
is undercut outside one, become an argument of their own (`<step-3>`), since
Argdown names inferences only through arguments. What Argdown has no place
for (kinds, actors, sources, quotes, grades) is left out: docs/interchange.md.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator

from argmap.formats.steps import undercut_step
from argmap.model import ArgumentMap, AttackKind, Support

__all__ = ["STEP_PREFIX", "escape", "to_argdown"]

# The title of an argument made for a step outside the map's own arguments: `step-N`, N the support's number.
STEP_PREFIX = "step-"
# Punctuation Argdown gives a meaning (titles, tags, links, emphasis, relations, data): written after a backslash.
_SPECIAL = re.compile(r"([\[\]<>#*_@\\+\-{}/=~^|`])")


def escape(text: str) -> str:
    """`text` on one line, its Argdown markup characters escaped."""
    return _SPECIAL.sub(r"\\\1", " ".join(text.split()))


def _argument(argument_id: str) -> str:
    """An argument's title, `<id>`; `<\\_id>` for an id starting with `_`, since Argdown reads a paragraph
    starting `<_` as an incoming undercut and refuses it. Argdown then names that argument `\\_id`."""
    return f"<\\{argument_id}>" if argument_id.startswith("_") else f"<{argument_id}>"


def _tags(tags: tuple[str, ...]) -> str:
    return "".join(f" #({escape(tag)})" for tag in tags)


def _defined(title: str, text: str, tags: tuple[str, ...]) -> str:
    """A definition, `[title]: text #(tag)`; with no words at all, a bare `[title]` (Argdown wants text after `:`)."""
    content = (escape(text) + _tags(tags)).strip()
    return f"{title}: {content}\n" if content else f"{title}\n"


def _lines(argument_map: ArgumentMap) -> Iterator[str]:
    if argument_map.title is not None:
        yield f"===\ntitle: {json.dumps(' '.join(argument_map.title.split()))}\n===\n"
    # A heading always: a document with nothing else in it is "missing input" to the Argdown CLI.
    yield f"# {escape(argument_map.title or '') or 'Argument map'}\n"
    for claim in argument_map.claims:
        yield _defined(f"[{claim.id}]", claim.text, claim.tags)
    with_structure: dict[str, tuple[tuple[str, ...], str]] = {}
    for argument in argument_map.arguments:
        yield _defined(_argument(argument.id), argument.title, argument.tags)
        if argument.premises and argument.conclusion is not None:
            with_structure[argument.id] = (tuple(r.id for r in argument.premises), argument.conclusion.id)
            yield _structure(with_structure[argument.id])
    own_steps = _own_steps(argument_map, with_structure)
    arguments = {a.id for a in argument_map.arguments}
    taken = set(arguments)
    step_titles: dict[int, str] = {}
    for index in own_steps:
        title, number = f"{STEP_PREFIX}{index + 1}", 1
        while title in taken:
            number += 1
            title = f"{STEP_PREFIX}{index + 1}-{number}"
        taken.add(title)
        step_titles[index] = title
        support = argument_map.supports[index]
        yield f"<{title}>: The step to {escape(support.conclusion.id)}\n"
        yield _structure((tuple(r.id for r in support.premises), support.conclusion.id))
    for argument in argument_map.arguments:
        if argument.id not in with_structure:
            yield from (f"[{ref.id}]\n  +> {_argument(argument.id)}\n" for ref in argument.premises)
            yield from (f"{_argument(argument.id)}\n  +> [{ref.id}]\n" for ref in argument.conclusions)
    for index, support in enumerate(argument_map.supports):
        if index not in step_titles and not _in_structure(support, with_structure):
            target = support.conclusion.id
            written = _argument(target) if target in arguments else f"[{target}]"  # a support of a whole argument
            yield from (f"[{premise.id}]\n  +> {written}\n" for premise in support.premises)
    for attack in argument_map.attacks:
        if attack.kind is not AttackKind.UNDERCUT:
            yield f"[{attack.attacker.id}]\n  -> [{attack.target.id}]\n"
            continue
        step = undercut_step(attack, argument_map.supports, argument_map)
        if step is not None and step in step_titles:
            yield f"[{attack.attacker.id}]\n  _> <{step_titles[step]}>\n"
        elif step is not None and (owner := argument_map.supports[step].argument) in with_structure and owner:
            yield f"[{attack.attacker.id}]\n  _> {_argument(owner)}\n"
        elif attack.inference_to is None:  # an argument with no inference to cut
            yield f"[{attack.attacker.id}]\n  -> {_argument(attack.target.id)}\n"
    for contradiction in argument_map.contradictions:
        yield f"[{contradiction.left.id}]\n  >< [{contradiction.right.id}]\n"


def _structure(structure: tuple[tuple[str, ...], str]) -> str:
    premises, conclusion = structure
    lines = [f"({number}) [{premise}]" for number, premise in enumerate(premises, start=1)]
    return "\n" + "\n".join([*lines, "----", f"({len(premises) + 1}) [{conclusion}]"]) + "\n"


def _in_structure(support: Support, with_structure: dict[str, tuple[tuple[str, ...], str]]) -> bool:
    """Whether the support is the step an argument's premise-conclusion structure already shows."""
    structure = with_structure.get(support.argument or "")
    return structure is not None and support.conclusion.id == structure[1]


def _own_steps(argument_map: ArgumentMap, with_structure: dict[str, tuple[tuple[str, ...], str]]) -> list[int]:
    """The supports written as arguments of their own: linked ones, and those undercut, outside a shown structure."""
    undercut = {
        step
        for attack in argument_map.attacks
        if attack.kind is AttackKind.UNDERCUT
        and (step := undercut_step(attack, argument_map.supports, argument_map)) is not None
    }
    return [
        index
        for index, support in enumerate(argument_map.supports)
        if not _in_structure(support, with_structure)
        and ((support.linked and len(support.premises) > 1) or index in undercut)
    ]


def to_argdown(argument_map: ArgumentMap) -> str:
    """The map as an Argdown document: statements, arguments, then relations, a blank line between each."""
    return "\n".join(_lines(argument_map))
