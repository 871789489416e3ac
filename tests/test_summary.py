"""The summary band: what the map concludes, with actor and status, the evaluation's totals, open findings."""

from __future__ import annotations

import re

from argmap.draw.summary import BAND_ACTORS, BAND_COLUMNS, BAND_ROWS, Conclusion, Finding, band
from argmap.model import Claim, Status


def conclusion(ident: str, text: str = "A conclusion.", actor: str = "Observers") -> Conclusion:
    return Conclusion(Claim(ident, text), ((actor, "#1b9e77"),))


def columns(row: str) -> int:
    spans = (re.search(r'COLSPAN="(\d+)"', cell) for cell in re.findall(r"<TD[^>]*>", row))
    return sum(int(span.group(1)) if span else 1 for span in spans)


def test_conclusions_are_listed_with_actor_and_status_what_stands_first() -> None:
    statuses = {"a": Status.OUT, "b": Status.IN, "c": Status.UNDEC}
    rows = band([conclusion("a"), conclusion("b"), conclusion("c")], statuses, ["a", "b", "c"], None)
    assert "What the map concludes" in rows[0]
    listed = [re.search(r'COLOR="#737373">(\w+)<', row).group(1) for row in rows[1:4]]  # type: ignore[union-attr]
    assert listed == ["b", "c", "a"]
    assert "✓ accepted" in rows[1] and "? undecided" in rows[2] and "✗ defeated" in rows[3]
    assert all("<I>Observers</I>" in row for row in rows[1:4])
    assert all(columns(row) == BAND_COLUMNS for row in rows)


def test_the_totals_count_the_claims_in_view() -> None:
    statuses = {"a": Status.IN, "b": Status.IN, "c": Status.OUT, "d": Status.UNDEC}
    whole = band([], statuses, list(statuses), None)
    assert whole == ["<TD></TD><TD ALIGN=\"LEFT\" COLSPAN=\"2\"><B>Evaluation</B> (grounded), 4 claims: "
                     "✓ 2 accepted · ✗ 1 defeated · ? 1 undecided</TD>"]  # fmt: skip
    part = band([], statuses, ["a", "c"], None, whole=False)
    assert "in view, 2 claims: ✓ 1 accepted · ✗ 1 defeated<" in part[0]


def test_without_an_evaluation_there_are_no_statuses_and_no_totals() -> None:
    rows = band([conclusion("a")], None, ["a"], None)
    assert len(rows) == 2 and "accepted" not in rows[1] and "Evaluation" not in "".join(rows)


def test_open_findings_are_listed_and_acknowledged_ones_named_apart() -> None:
    findings = [
        Finding("AM601", "actor 'kremlin' is committed to both 'a' and 'b'", acknowledged=True),
        Finding("AM610", "'c' stands on 'd', which is out"),
    ]
    text = "".join(band([], None, [], findings))
    assert "<B>Open findings</B>: 1" in text and "⚠ AM610: &#x27;c&#x27; stands on &#x27;d&#x27;" in text
    assert "<B>Kept on purpose</B> (acknowledged in the map): 1" in text
    kept = text.index("Kept on purpose")
    assert text.index("⚑ AM601: actor &#x27;kremlin&#x27;") > kept > text.index("⚠ AM610")


def test_a_map_with_only_acknowledged_findings_has_none_open_and_names_them() -> None:
    text = "".join(band([], None, [], [Finding("AM601", "both sides", acknowledged=True)]))
    assert "<B>Open findings</B>: none" in text and "⚑ AM601: both sides" in text and "⚠" not in text


def test_no_open_findings_says_none() -> None:
    assert "<B>Open findings</B>: none" in "".join(band([], None, [], []))


def test_a_long_list_is_cut_and_says_how_many_more() -> None:
    many = [conclusion(f"k{i}") for i in range(BAND_ROWS + 5)]
    rows = band(many, None, [], None)
    assert sum("COLOR=\"#737373\"" in row for row in rows) == BAND_ROWS and "… and 5 more" in rows[-1]


def test_map_text_in_the_band_is_escaped() -> None:
    hostile = conclusion("a", '<b>bold</b> "x" & \\N', actor="<i>Mallory</i>")
    rows = band([hostile], None, ["a"], [Finding("AM610", "<x>")])
    text = "".join(rows)
    assert "<b>" not in text and "&lt;b&gt;bold&lt;/b&gt;" in text and "\\\\N" in text
    assert "&lt;i&gt;Mallory&lt;/i&gt;" in text and "&lt;x&gt;" in text


def test_a_conclusion_held_by_many_actors_names_a_few_and_counts_the_rest() -> None:
    held = Conclusion(Claim("a", "A."), tuple((f"actor {i}", "#000000") for i in range(2_000)))
    line = band([held], None, ["a"], None)[1]
    assert line.count("■") == BAND_ACTORS and f"and {2_000 - BAND_ACTORS:,} more" in line
