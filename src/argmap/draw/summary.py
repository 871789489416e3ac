"""The band under a picture's title: what the map concludes, how the evaluation came out, what is still open.

The compiler knows which claims are conclusions; the evaluation and the
findings come from outside (`argmap render` works them out), as plain data
in `Evaluated` and `Finding`, so drawing needs neither the checks nor the CLI.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import attrs

from argmap.draw.style import STATUS_GLYPHS, STATUS_LOOKS, STATUS_WORDS
from argmap.draw.text import SMALL, esc, escape, shorten
from argmap.model import Claim, Status

__all__ = ["BAND_ACTORS", "BAND_COLUMNS", "BAND_ROWS", "Conclusion", "Evaluated", "Finding", "band"]

# At most this many conclusions are listed; a larger map says how many more there are.
BAND_ROWS = 12
# At most this many actors are named on a conclusion's line.
BAND_ACTORS = 3
# The band's three columns: a status, a conclusion's text, its actors.
BAND_COLUMNS = 3
# A conclusion's text and a finding's message are cut to this many characters.
_TEXT_WIDTH = 72
_FINDING_WIDTH = 140
# The band lists what stands first, then what is open, then what fell.
_ORDER: dict[Status | None, int] = {Status.IN: 0, Status.UNDEC: 1, Status.OUT: 2}


@attrs.frozen
class Evaluated:
    """An evaluation as a picture needs it: each claim's status, and why."""

    statuses: Mapping[str, Status]
    reasons: Mapping[str, str] = attrs.field(factory=dict)


@attrs.frozen
class Finding:
    """A finding about the argument (an actor on both sides, a conclusion on a defeated premise), one line."""

    code: str
    message: str
    acknowledged: bool = False


@attrs.frozen
class Conclusion:
    """A conclusion of the map as the band lists it: the claim, its actors' names and their inks."""

    claim: Claim
    actors: tuple[tuple[str, str], ...]  # (name, colour)


def band(
    conclusions: Sequence[Conclusion],
    statuses: Mapping[str, Status] | None,
    counted: Sequence[str],
    findings: Sequence[Finding] | None,
    whole: bool = True,
) -> list[str]:
    """The band as rows of an HTML-like table, each `BAND_COLUMNS` wide.

    The conclusions come first, accepted ones first, each with its status,
    its text and who holds it; then the evaluation's totals over the
    claims `counted` (all the map's when `whole`); then the findings not
    acknowledged, one line each, and how many are. `statuses` None leaves out
    the statuses and the totals, `findings` None the findings.
    """
    rows = [_across("<B>What the map concludes</B>")] if conclusions else []
    known = statuses or {}
    ranked = sorted(conclusions, key=lambda c: _ORDER.get(known.get(c.claim.id), len(_ORDER)))  # stable
    for conclusion in ranked[:BAND_ROWS]:
        claim = conclusion.claim
        status = _status_cell(statuses.get(claim.id)) if statuses is not None else "<TD></TD>"
        ident = f'<FONT POINT-SIZE="{SMALL}" COLOR="#737373">{esc(claim.id)}</FONT>'
        text = f'<TD ALIGN="LEFT">{escape(shorten(claim.text, _TEXT_WIDTH))} {ident}</TD>'
        actors = _actors(conclusion.actors)
        rows.append(f'{status}{text}<TD ALIGN="LEFT">{actors}</TD>')
    if len(conclusions) > BAND_ROWS:
        rows.append(_across(f"<I>… and {len(conclusions) - BAND_ROWS:,} more</I>"))
    if statuses is not None and counted:
        rows.append(_across(_totals(statuses, counted, whole)))
    if findings is not None:
        rows.extend(_findings(findings))
    return rows


def _actors(actors: Sequence[tuple[str, str]]) -> str:
    """Who holds a conclusion, at most `BAND_ACTORS` by name: thousands would widen the band past what dot lays out."""
    named = ", ".join(f'<FONT COLOR="{ink}">■</FONT> <I>{esc(name)}</I>' for name, ink in actors[:BAND_ACTORS])
    more = len(actors) - BAND_ACTORS
    return f"{named} and {more:,} more" if more > 0 else named


def _across(content: str) -> str:
    """A row of words under the conclusions' texts: the status column stays as narrow as its statuses."""
    return f'<TD></TD><TD ALIGN="LEFT" COLSPAN="{BAND_COLUMNS - 1}">{content}</TD>'


def _status_cell(status: Status | None) -> str:
    if status is None:
        return "<TD></TD>"
    look = STATUS_LOOKS[status]
    return (
        f'<TD BGCOLOR="{look["fillcolor"]}" BORDER="1" STYLE="{look["style_add"]}" ALIGN="LEFT">'
        f"{STATUS_GLYPHS[status]} {STATUS_WORDS[status]}</TD>"
    )


def _totals(statuses: Mapping[str, Status], counted: Sequence[str], whole: bool) -> str:
    counts = dict.fromkeys(STATUS_WORDS, 0)
    for claim in counted:
        status = statuses.get(claim)
        if status is not None:
            counts[status] += 1
    parts = " · ".join(f"{STATUS_GLYPHS[s]} {counts[s]:,} {STATUS_WORDS[s]}" for s in STATUS_WORDS if counts[s])
    which = "" if whole else "in view, "
    return f"<B>Evaluation</B> (grounded), {which}{len(counted):,} claim{'s' if len(counted) != 1 else ''}: {parts}"


def _findings(findings: Sequence[Finding]) -> list[str]:
    """The findings not acknowledged, one line each; then the ones the map keeps on purpose.

    An acknowledged finding (the seed's Kremlin on both sides of its own
    contradiction) is a tension the analyst wants a reader to see, not a
    defect fixed, so the band names it rather than only counting it.
    """
    unacknowledged = [f for f in findings if not f.acknowledged]
    rows = [_across(f"<B>Open findings</B>: {len(unacknowledged) or 'none'}")]
    rows.extend(_listed(unacknowledged, "⚠"))
    kept = [f for f in findings if f.acknowledged]
    if kept:
        rows.append(_across(f"<B>Kept on purpose</B> (acknowledged in the map): {len(kept):,}"))
        rows.extend(_listed(kept, "⚑"))
    return rows


def _listed(findings: Sequence[Finding], mark: str) -> list[str]:
    """One row a finding, at most `BAND_ROWS`, then how many more there are."""
    rows = []
    for finding in findings[:BAND_ROWS]:
        rows.append(_across(f"{mark} {esc(finding.code)}: {escape(shorten(finding.message, _FINDING_WIDTH))}"))
    if len(findings) > BAND_ROWS:
        rows.append(_across(f"<I>… and {len(findings) - BAND_ROWS:,} more</I>"))
    return rows
