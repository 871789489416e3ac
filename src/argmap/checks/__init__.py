"""`argmap check`'s rules: a registry of small pure checks, one module per band of codes.

Importing this package registers every rule. Bands: AM0xx reading the map
(raised by the parser and loader), AM1xx ids and references, AM2xx structure,
AM3xx sources and quotes, AM4xx estimative language and grades, AM5xx
warnings, AM6xx findings about the argument, AM9xx acknowledgements. The
competing hypotheses' rules (`ach`) take AM110, AM111, AM210, AM211 and AM630-AM632.
"""

from __future__ import annotations

# Importing each band's module registers its rules.
from argmap.checks import (  # noqa: F401
    ach,
    estimative,
    evaluation,
    findings,
    linchpins,
    meta,
    references,
    sources,
    structure,
    warnings,
)
from argmap.checks.index import MapIndex
from argmap.checks.registry import RULES, Hit, Rule, UnknownSelector, fails, rule, run_checks, selected_rules

__all__ = ["RULES", "Hit", "MapIndex", "Rule", "UnknownSelector", "fails", "rule", "run_checks", "selected_rules"]
