"""`argmap check`'s rules: a registry of small pure checks, one module per band of codes.

Importing this package registers every rule. Bands: AM0xx reading the map
(raised by the parser and loader), AM1xx ids and references, AM2xx structure,
AM3xx sources and quotes, AM4xx estimative language and grades, AM5xx
warnings, AM6xx findings about the argument, AM9xx acknowledgements.
"""

from __future__ import annotations

# Importing each band's module registers its rules.
from argmap.checks import estimative, evaluation, findings, meta, references, sources, structure, warnings  # noqa: F401
from argmap.checks.index import MapIndex
from argmap.checks.registry import RULES, Hit, Rule, UnknownSelector, fails, rule, run_checks, selected_rules

__all__ = ["RULES", "Hit", "MapIndex", "Rule", "UnknownSelector", "fails", "rule", "run_checks", "selected_rules"]
