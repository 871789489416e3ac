"""AM61x: findings from evaluating the map: which claims stand, and what that reveals.

Every rule here reads one evaluation (`argmap.evaluate`), computed once per
run and shared through the index. Codes AM610 to AM699 belong to this module.
An `expect ID STATUS` line that agrees with the evaluation records that the
analyst knows the claim's fate, so the status findings (AM610, AM612) are not
repeated for that claim.
"""

from __future__ import annotations

from collections.abc import Iterator

from argmap.checks.estimative import term_range
from argmap.checks.index import MapIndex
from argmap.checks.registry import Hit, rule
from argmap.diagnostics import Category, Severity
from argmap.evaluate import Labelling, translate
from argmap.model import Claim, Status

__all__ = [
    "accepted_in_some_preferred",
    "conclusion_on_defeated_premise",
    "contradiction_both_accepted",
    "evaluation_incomplete",
    "expectation_mismatch",
    "no_stable_extension",
    "overconfident_conclusion",
]


def _evaluation(index: MapIndex) -> Labelling:
    # Only the reasons a finding quotes are worked out: most claims of a large map need none.
    return index.memo("evaluation", lambda: Labelling(translate(index.map)))


def _known(index: MapIndex, evaluation: Labelling) -> set[str]:
    """Claims whose computed status an `expect` line already states."""
    statuses = evaluation.statuses
    return {e.claim.id for e in index.map.expectations if statuses.get(e.claim.id) is e.status}


@rule("AM610", "conclusion-on-defeated-premise", Severity.WARNING, Category.FINDING, group="evaluation")
def conclusion_on_defeated_premise(index: MapIndex) -> Iterator[Hit]:
    """A conclusion stands on a premise that is defeated (out under grounded semantics).

    With linked premises, or a single reason, the conclusion falls with it;
    with convergent premises it may still stand on another. Not reported when
    an attacker of the conclusion itself is in (it falls whatever its premises
    do), or when `expect ID out` (or `in`) on the conclusion records that the
    analyst knows.

    Bad:
        source monitor "The Monitor"
        claim defensive: "The arms are purely defensive." cite monitor
        claim hardliners: "Hardliners could turn the arms on Russia." cite monitor
        claim blowback: "The arms could be turned against Russian soldiers."
        hardliners supports blowback
        defensive undermines hardliners

    Good:
        source monitor "The Monitor"
        claim defensive: "The arms are purely defensive." cite monitor
        claim hardliners: "Hardliners could turn the arms on Russia." cite monitor
        claim blowback: "The arms could be turned against Russian soldiers."
        hardliners supports blowback
        defensive undermines hardliners
        expect blowback out
    """
    evaluation = _evaluation(index)
    statuses, known = evaluation.statuses, _known(index, evaluation)
    # Most premises stand: look only at the steps with one that is out.
    for support in evaluation.steps_on_a_defeated_premise():
        defeated = [p for p in support.premises if statuses.get(p.id) is Status.OUT]
        conclusion = support.conclusion.id
        if conclusion in known or evaluation.defeated_head_on(conclusion):
            continue  # known, or defeated head-on whatever its premises
        for premise in defeated:
            result = evaluation.claim(premise.id)
            why = f" ({result.reason})" if result is not None else ""
            fate = "falls with it" if statuses[conclusion] is Status.OUT else f"is {statuses[conclusion].value}"
            yield Hit(
                f"'{conclusion}' stands on '{premise.id}', which is out{why}; the conclusion {fate}",
                support.span,
                f"answer the attack on '{premise.id}', drop it from the support, or record the outcome "
                f"with 'expect {conclusion} {statuses[conclusion].value}'",
                subjects=(conclusion, premise.id),
            )


@rule("AM611", "contradiction-both-accepted", Severity.WARNING, Category.FINDING, group="evaluation")
def contradiction_both_accepted(index: MapIndex) -> Iterator[Hit]:
    """Both sides of a contradiction are accepted in some preferred extension: nothing in the map settles it.

    A reader may take either side and stay consistent with everything else the
    map says. Settle it with an argument against one side, or acknowledge it
    when the tension is the point (`acknowledged "why"` on the contradiction).

    Bad:
        source monitor "The Monitor"
        claim fight: "Russia must battle international terrorism." cite monitor
        claim befriend: "Russia befriends states that sponsor terrorism." cite monitor
        fight contradicts befriend

    Good:
        source monitor "The Monitor"
        claim fight: "Russia must battle international terrorism." cite monitor
        claim befriend: "Russia befriends states that sponsor terrorism." cite monitor
        fight contradicts befriend acknowledged "the piece calls this a major contradiction"
    """
    evaluation = _evaluation(index)
    for contradiction in index.map.contradictions:
        left, right = evaluation.claim(contradiction.left.id), evaluation.claim(contradiction.right.id)
        if left is None or right is None or left.claim == right.claim:
            continue
        if left.credulous and right.credulous and not left.skeptical and not right.skeptical:
            yield Hit(
                f"'{left.claim}' and '{right.claim}' contradict each other and each is accepted in some "
                "preferred extension: the map does not settle which holds",
                contradiction.span,
                None if contradiction.acknowledged else "argue against one side, or acknowledge the contradiction",
                subjects=(left.claim, right.claim),
                acknowledged=contradiction.acknowledged,
            )


@rule("AM612", "accepted-in-some-preferred", Severity.INFO, Category.FINDING, group="evaluation")
def accepted_in_some_preferred(index: MapIndex) -> Iterator[Hit]:
    """A claim is accepted in some preferred extension but not all: it depends on which side you believe.

    Grounded semantics leaves it undecided. Sides of a contradiction are
    reported once, by AM611; `expect ID undec` records that the analyst knows.

    Bad:
        source monitor "The Monitor"
        claim differences: "The failure to sign reflects real differences." cite monitor
        claim early: "The talks are simply at an early stage." cite monitor
        differences rebuts early
        early rebuts differences

    Good:
        source monitor "The Monitor"
        claim differences: "The failure to sign reflects real differences." cite monitor
        claim early: "The talks are simply at an early stage." cite monitor
        differences rebuts early
        early rebuts differences
        expect differences undec
        expect early undec
    """
    evaluation = _evaluation(index)
    known = _known(index, evaluation)
    sides = {c.left.id for c in index.map.contradictions} | {c.right.id for c in index.map.contradictions}
    for claim_id in evaluation.accepted_in_some_preferred_only():
        if claim_id in known or claim_id in sides:
            continue
        yield Hit(
            f"'{claim_id}' is accepted in some preferred extensions but not all ({evaluation.reason(claim_id)})",
            index.claims[claim_id].span,
            f"settle what it depends on, or record it with 'expect {claim_id} undec'",
            subjects=(claim_id,),
        )


@rule("AM613", "no-stable-extension", Severity.WARNING, Category.FINDING, group="evaluation")
def no_stable_extension(index: MapIndex) -> Iterator[Hit]:
    """The map has no stable extension: an odd cycle of attacks admits no consistent verdict.

    Three claims that attack each other in a ring, or a conclusion that
    attacks one of its own premises, can be neither all accepted nor all
    rejected. Break the ring.

    Bad:
        source monitor "The Monitor"
        claim a: "Moscow wants the deals." cite monitor
        claim b: "Washington will block the deals." cite monitor
        claim c: "Tehran will pay in oil." cite monitor
        a rebuts b
        b rebuts c
        c rebuts a

    Good:
        source monitor "The Monitor"
        claim a: "Moscow wants the deals." cite monitor
        claim b: "Washington will block the deals." cite monitor
        claim c: "Tehran will pay in oil." cite monitor
        a rebuts b
        b rebuts c
    """
    evaluation = _evaluation(index)
    if not evaluation.no_stable_extension:
        return  # at least one stable extension, or the search was cut short
    for claims in evaluation.odd_cycles():
        first = index.claims[claims[0]]
        yield Hit(
            f"no stable extension: an odd cycle of attacks runs through {', '.join(repr(c) for c in claims)}",
            first.span,
            "an odd ring of attacks has no consistent verdict; remove or answer one of its attacks",
            related=tuple((index.claims[c].span, f"'{c}' is on the cycle") for c in claims[1:]),
            subjects=claims,
        )


def _range(claim: Claim) -> tuple[float, float] | None:
    """What a claim's likelihood is stated as: its probability, else its ICD 203 term's range."""
    if claim.probability is not None:
        return (claim.probability, claim.probability)
    return term_range(claim.likelihood) if claim.likelihood is not None else None


def _stated(claim: Claim) -> str:
    if claim.probability is not None:
        return f"{claim.probability:.0%}"
    low, high = term_range(claim.likelihood or "") or (0.0, 1.0)
    return f"'{claim.likelihood}' ({low:.0%}-{high:.0%})"


@rule("AM614", "overconfident-conclusion", Severity.WARNING, Category.FINDING, group="evaluation")
def overconfident_conclusion(index: MapIndex) -> Iterator[Hit]:
    """A conclusion is stated more confidently than its linked premises together allow.

    Premises that work only together are all needed: however they are
    related, P(a and b) can be as low as P(a) + P(b) - 1. A conclusion whose
    stated likelihood starts above that bound claims more than the premises
    give. Only linked supports whose premises and conclusion all carry a
    `likelihood` (ICD 203) or a `probability` are judged.

    Bad:
        source monitor "The Monitor"
        claim cash: "Moscow wants cash." cite monitor probability 70%
        claim oil: "Tehran wants to pay in oil." cite monitor probability 70%
        claim unresolved: "Payment is unresolved." probability 60%
        cash and oil together support unresolved

    Good:
        source monitor "The Monitor"
        claim cash: "Moscow wants cash." cite monitor probability 70%
        claim oil: "Tehran wants to pay in oil." cite monitor probability 70%
        claim unresolved: "Payment is unresolved." probability 40%
        cash and oil together support unresolved
    """
    for support in index.map.supports:
        if not support.linked:
            continue
        conclusion = index.claims.get(support.conclusion.id)
        claimed = None if conclusion is None else _range(conclusion)
        if conclusion is None or claimed is None:
            continue  # nothing to judge, whatever the premises say
        premises = [index.claims.get(p.id) for p in support.premises]
        if any(p is None for p in premises):
            continue
        known = [p for p in premises if p is not None]
        ranges = [_range(p) for p in known]
        if any(r is None for r in ranges):
            continue
        bound = max(0.0, sum(r[0] for r in ranges if r is not None) - (len(ranges) - 1))
        if claimed[0] <= bound + 1e-9:
            continue
        listed = ", ".join(f"'{p.id}' {_stated(p)}" for p in known)
        yield Hit(
            f"'{conclusion.id}' is stated as {_stated(conclusion)}, but its linked premises {listed} "
            f"together guarantee only {bound:.0%}",
            support.span,
            f"lower the conclusion's likelihood to at most {bound:.0%}, or give it support of its own",
            related=((conclusion.span, f"'{conclusion.id}' is stated here"),),
            subjects=(conclusion.id, *(p.id for p in known)),
        )


@rule("AM615", "expectation-mismatch", Severity.ERROR, Category.FINDING, group="evaluation")
def expectation_mismatch(index: MapIndex) -> Iterator[Hit]:
    """An `expect ID in|out|undec` line disagrees with the status the evaluation computes.

    Expectations are the analyst's regression tests: when the map changes so
    that a claim's fate changes, the check fails until the map or the
    expectation is put right. `argmap eval` shows every status with its reason.

    Bad:
        source monitor "The Monitor"
        claim won: "Tehran outplayed Moscow." cite monitor
        claim doubt: "That is only speculation." cite monitor
        doubt rebuts won
        expect won in

    Good:
        source monitor "The Monitor"
        claim won: "Tehran outplayed Moscow." cite monitor
        claim doubt: "That is only speculation." cite monitor
        doubt rebuts won
        expect won out
    """
    evaluation = _evaluation(index)
    for expectation in index.map.expectations:
        result = evaluation.claim(expectation.claim.id)
        if result is None or result.status is expectation.status:
            continue  # an unknown id is AM101's
        yield Hit(
            f"expected '{result.claim}' to be {expectation.status.value}, but it is {result.status.value}: "
            f"{result.reason}",
            expectation.span,
            f"if the map is right, write 'expect {result.claim} {result.status.value}'",
            subjects=(result.claim,),
        )


@rule("AM616", "evaluation-incomplete", Severity.WARNING, Category.DEFECT, group="evaluation")
def evaluation_incomplete(index: MapIndex) -> Iterator[Hit]:
    """The search for preferred and stable extensions stopped at its limit: some findings could not be computed.

    Claims the grounded labelling leaves undecided fall into tangles that no
    attack joins, and each tangle is searched on its own; one whose ways of
    taking sides are too many to search within the step limit is left
    unsettled. For its claims, AM611 (an unsettled contradiction), AM612 (a
    claim accepted in some preferred extensions only) and AM613 (no stable
    extension) cannot be worked out, so they are not reported: this warning
    says so instead, naming the claims. Grounded statuses, and every other
    tangle, are exact. Untangle the attacks, or acknowledge it.

    Bad:
        source monitor "The Monitor"
        claim c1: "Moscow will sign." cite monitor
        claim c2: "Moscow will wait." cite monitor
        claim c3: "Moscow will refuse." cite monitor
        c1 contradicts c2
        c2 contradicts c3
        # ... and so on for forty claims, each contradicting the next

    Good:
        source monitor "The Monitor"
        claim c1: "Moscow will sign." cite monitor
        claim c2: "Moscow will wait." cite monitor
        claim c3: "Moscow will refuse." cite monitor
        c1 contradicts c2
        c2 contradicts c3
        # ... and so on for forty claims, each contradicting the next
        acknowledge AM616 "the forty readings of the talks are the point of this map"
    """
    evaluation = _evaluation(index)
    unsettled = [claim for claim in evaluation.unsettled_claims() if claim in index.claims]
    if not unsettled:
        return
    shown = ", ".join(f"'{claim}'" for claim in unsettled[:3])
    more = f" and {len(unsettled) - 3} more" if len(unsettled) > 3 else ""
    yield Hit(
        f"the search for preferred and stable extensions stopped at its limit of {evaluation.limit:,} steps: "
        f"{shown}{more} {'is' if len(unsettled) == 1 else 'are'} left unsettled, so AM611, AM612 and AM613 "
        "could not be computed for them",
        index.claims[unsettled[0]].span,
        "their attacks allow too many ways of taking sides to search; settle or split the tangle "
        "(`argmap eval --limit STEPS` searches further)",
        subjects=tuple(unsettled),
    )
