"""AM0xx and AM9xx: reading the map, and the map's own acknowledgements.

AM001 to AM005 are raised while the map is read (a `MapError`), so `check`
reports them and goes on to the next file; they are registered here so that
`argmap rules` can list and explain them. AM901 and AM902 judge the
acknowledgements against everything the other rules found, so the registry
runs them last (see `run_checks`); their functions find nothing on their own.
"""

from __future__ import annotations

from collections.abc import Iterator

from argmap.checks.index import MapIndex
from argmap.checks.registry import STALE_ACKNOWLEDGEMENT, UNKNOWN_RULE_ACKNOWLEDGED, Hit, reserve, rule
from argmap.diagnostics import Severity

__all__ = ["stale_acknowledgement", "unknown_rule_acknowledged"]

reserve(
    "AM001",
    "syntax-error",
    """
    The text is not valid .arg: a keyword, id, text or punctuation is missing or out of place.

    Bad:
        claim won "Tehran outplayed Moscow."

    Good:
        claim won: "Tehran outplayed Moscow."
""",
)
reserve(
    "AM002",
    "not-utf8",
    """
    The file is not UTF-8 text (or UTF-16 with its byte order mark).

    Bad:
        a file saved as Latin-1 or Windows-1252, with a byte like 0xE9 for "é"

    Good:
        the same file saved as UTF-8
""",
)
reserve(
    "AM003",
    "bad-include",
    """
    An `include` names a file that is missing, a folder, outside the project, or part of a cycle.

    Bad:
        include "clusters/deal.arg"      # no such file

    Good:
        include "clusters/deals.arg"
""",
)

reserve("AM004", "too-large", '''
    A map file, or a map with all its includes, is larger than argmap reads (10,000,000 characters a file).

    Bad:
        a generated map of 12 MB in one file

    Good:
        the same map split into files of a few MB each, gathered with `include`
''')

reserve("AM005", "refused-map-file", '''
    A map file is a symbolic link that leads out of the project, round a loop, or to no file; argmap does not follow it.

    Bad:
        maps/notes.arg -> /home/me/notes.arg     # a link out of the project

    Good:
        maps/notes.arg                           # the map itself, inside the project
''')


@rule(STALE_ACKNOWLEDGEMENT, "stale-acknowledgement", Severity.WARNING)
def stale_acknowledgement(index: MapIndex) -> Iterator[Hit]:
    """An `acknowledge` or an `acknowledged` matches no finding any more.

    The finding it recorded is gone (the map changed), so the note would
    silently excuse a future one. Reported only when the rule it names ran.

    Bad:
        claim won: "Tehran outplayed Moscow."
        claim doubt: "That is only speculation."
        doubt rebuts won
        acknowledge AM501 on won "kept for the briefing"

    Good:
        claim won: "Tehran outplayed Moscow."
        claim doubt: "That is only speculation."
        doubt rebuts won
    """
    return iter(())


@rule(UNKNOWN_RULE_ACKNOWLEDGED, "unknown-rule-acknowledged")
def unknown_rule_acknowledged(index: MapIndex) -> Iterator[Hit]:
    """An `acknowledge` names a rule code or name that does not exist.

    Bad:
        acknowledge AM6001 on kremlin "the piece points it out"

    Good:
        acknowledge AM601 on kremlin "the piece points it out"
    """
    return iter(())
