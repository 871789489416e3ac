"""Evaluation: which claims of a map stand, under formal semantics, and why.

`translation` turns a map into a Dung framework (`framework`), and
`labelling` labels it and explains each claim's status.
"""

from __future__ import annotations

from argmap.evaluate.labelling import ClaimStatus, Evaluation, Labelling, StepStatus, evaluate
from argmap.evaluate.translation import Node, NodeKind, Translation, translate

__all__ = [
    "ClaimStatus",
    "Evaluation",
    "Labelling",
    "Node",
    "NodeKind",
    "StepStatus",
    "Translation",
    "evaluate",
    "translate",
]
