"""Which support an undercut attacks: what every format that draws inference steps as nodes needs to know."""

from __future__ import annotations

from collections.abc import Sequence

from argmap.model import ArgumentMap, Attack, Support

__all__ = ["undercut_step"]


def undercut_step(attack: Attack, supports: Sequence[Support], argument_map: ArgumentMap) -> int | None:
    """The index in `supports` of the step an undercut attacks, or None when the map has no such step.

    `x undercuts ARGUMENT` attacks the argument's step into its conclusion (the
    first support of the argument into it); `x undercuts p to c` the first
    support of `c` with `p` among its premises.
    """
    if attack.inference_to is None:
        argument = next((a for a in argument_map.arguments if a.id == attack.target.id), None)
        if argument is None or argument.conclusion is None:
            return None
        conclusion = argument.conclusion.id
        return next(
            (i for i, s in enumerate(supports) if s.argument == argument.id and s.conclusion.id == conclusion), None
        )
    step_to = attack.inference_to.id
    return next(
        (
            i
            for i, s in enumerate(supports)
            if s.conclusion.id == step_to and any(p.id == attack.target.id for p in s.premises)
        ),
        None,
    )
