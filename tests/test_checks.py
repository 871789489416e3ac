"""The rules: each code's fixtures in tests/rules/<CODE>/, and the registry's own behaviour."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from argmap.checks import RULES, UnknownSelector, fails, run_checks, selected_rules, sources
from argmap.checks.sources import fold
from argmap.diagnostics import Category, Diagnostic, Severity
from argmap.errors import MapError
from argmap.model import ArgumentMap, Claim, Ref, Span, Support
from argmap.read.loader import load
from argmap.read.parser import parse

RULE_FIXTURES = Path(__file__).parent / "rules"
EXPECT = re.compile(r"#\s*expect:\s*((?:AM\d{3}[,\s]*)+)")


def diagnostics_of(path: Path) -> list[Diagnostic]:
    """What `argmap check` reports for one map: every rule, or the error that stopped the reading."""
    try:
        return run_checks(load(path))
    except MapError as error:
        return list(error.diagnostics)


def expected_lines(path: Path, code: str) -> set[int]:
    text = path.read_bytes().decode("utf-8", errors="replace")
    return {n for n, line in enumerate(text.split("\n"), 1) if (m := EXPECT.search(line)) and code in m.group(1)}


def check_text(text: str, **options: list[str]) -> list[Diagnostic]:
    return run_checks(parse(text, "map.arg"), **options)  # type: ignore[arg-type]


# --- every rule has a failing and a passing fixture ------------------------------


@pytest.mark.parametrize("code", sorted(RULES))
def test_every_rule_has_a_fail_and_a_pass_fixture(code: str) -> None:
    assert (RULE_FIXTURES / code / "fail.arg").is_file(), f"tests/rules/{code}/fail.arg is missing"
    assert (RULE_FIXTURES / code / "pass.arg").is_file(), f"tests/rules/{code}/pass.arg is missing"


def test_every_fixture_folder_belongs_to_a_registered_rule() -> None:
    assert {p.name for p in RULE_FIXTURES.iterdir() if p.is_dir()} <= set(RULES)


# Limits shrunk so that a small fixture can pass them.
SHRUNK = {"AM004": ("argmap.read.loader.MAX_MAP_SIZE", 200)}


@pytest.mark.parametrize("code", sorted(RULES))
def test_fail_fixture_reports_the_code_on_the_marked_lines(code: str, monkeypatch: pytest.MonkeyPatch) -> None:
    if code in SHRUNK:
        monkeypatch.setattr(*SHRUNK[code])
    path = RULE_FIXTURES / code / "fail.arg"
    found = {d.span.line for d in diagnostics_of(path) if d.code == code}
    marked = expected_lines(path, code)
    assert found, f"{code} is not reported for {path}"
    if marked:
        assert found == marked


@pytest.mark.parametrize("code", sorted(RULES))
def test_pass_fixture_reports_neither_its_code_nor_an_error(code: str, monkeypatch: pytest.MonkeyPatch) -> None:
    if code in SHRUNK:
        monkeypatch.setattr(*SHRUNK[code])
    path = RULE_FIXTURES / code / "pass.arg"
    reported = diagnostics_of(path)
    assert [d for d in reported if d.code == code and d.acknowledged is None] == []
    assert [d for d in reported if fails(d)] == []


# --- the registry -----------------------------------------------------------------


@pytest.mark.parametrize("code", sorted(RULES))
def test_every_rule_is_documented_with_a_bad_and_a_good_example(code: str) -> None:
    found = RULES[code]
    assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", found.name)
    assert "Bad:" in found.doc and "Good:" in found.doc


def test_select_by_prefix_runs_only_that_band() -> None:
    assert {r.code[:3] for r in selected_rules(["AM2"])} == {"AM2"}


def test_select_by_name_runs_that_rule() -> None:
    assert [r.code for r in selected_rules(["circular-support"])] == ["AM201"]


def test_ignore_removes_rules_from_the_selection() -> None:
    codes = {r.code for r in selected_rules(["AM2"], ["AM201", "self-support"])}
    assert "AM201" not in codes and "AM202" not in codes and "AM203" in codes


def test_a_selector_matching_no_rule_is_refused() -> None:
    with pytest.raises(UnknownSelector, match="AM77"):
        selected_rules(["AM77"])


def test_diagnostics_come_sorted_by_place() -> None:
    found = check_text('claim b: "B."\nclaim a: "A."\nx supports a\n')
    assert [(d.span.line, d.code) for d in found] == sorted((d.span.line, d.code) for d in found)


def test_acknowledge_by_code_on_an_id_marks_the_finding() -> None:
    found = check_text('claim a: "A."\nacknowledge AM501 on a "kept as background"\n', select=["AM501", "AM901"])
    assert [(d.code, d.acknowledged) for d in found] == [("AM501", "kept as background")]


def test_acknowledge_on_another_id_does_not_mark_the_finding() -> None:
    text = 'claim a: "A."\nclaim b: "B."\nb rebuts a\nacknowledge AM501 on b "x"\n'
    found = check_text(text, select=["AM501", "AM901"])
    assert {d.code for d in found} == {"AM901"}


def test_acknowledged_contradiction_marks_the_actor_finding() -> None:
    text = 'actor k "K"\nclaim a: "A." by k\nclaim b: "B." by k\na contradicts b acknowledged "on purpose"\n'
    (finding,) = check_text(text, select=["AM601"])
    assert finding.acknowledged == "on purpose" and finding.category is Category.FINDING


def test_acknowledged_error_does_not_fail_the_run() -> None:
    (found,) = check_text('claim a: "A."\na supports a\nacknowledge AM202 on a "x"\n', select=["AM202"])
    assert not fails(found, strict=True)


def test_findings_fail_only_when_strict() -> None:
    d = Diagnostic("AM601", "m", Span("x.arg", 1, 1, 1, 2), Severity.WARNING, Category.FINDING)
    assert not fails(d) and fails(d, strict=True)


def linked_and_overconfident(premises: int) -> str:
    """One conclusion at 95% on `premises` linked premises at 90% each: AM614, about all of them at once."""
    claims = "".join(f'claim p{i}: "P{i}." probability 90%\n' for i in range(premises))
    linked = " and ".join(f"p{i}" for i in range(premises)) + " together support c\n"
    return claims + 'claim c: "C." probability 95%\n' + linked


def test_a_finding_about_thousands_of_claims_is_acknowledged_by_a_contradiction_between_two_of_them() -> None:
    text = linked_and_overconfident(3000) + 'p3 contradicts p2500 acknowledged "kept"\n'
    (found,) = check_text(text, select=["AM614"])
    assert found.acknowledged == "kept"


@pytest.mark.parametrize("other_partners", [0, 5])
def test_the_first_acknowledged_pair_among_a_findings_claims_gives_the_reason(other_partners: int) -> None:
    others = "".join(f'claim x{i}: "X." p0 contradicts x{i} acknowledged "other"\n' for i in range(other_partners))
    acknowledged = 'p1 contradicts p2 acknowledged "later pair"\np0 contradicts p2 acknowledged "earlier pair"\n'
    (found,) = check_text(linked_and_overconfident(3) + acknowledged + others, select=["AM614"])
    assert found.acknowledged == "earlier pair"


def test_a_contradiction_named_only_among_thousands_of_claims_of_a_finding_is_not_stale() -> None:
    # p2500 is defeated, so the contradiction itself is settled: only AM614 is about both of its sides.
    text = linked_and_overconfident(3000) + 'claim x: "X."\nx rebuts p2500\np3 contradicts p2500 acknowledged "kept"\n'
    found = check_text(text)
    assert [d.code for d in found if d.acknowledged == "kept"] == ["AM614"]
    assert [d for d in found if d.code == "AM901"] == []


def test_stale_acknowledgement_is_not_reported_when_its_rule_did_not_run() -> None:
    found = check_text('claim a: "A."\nclaim b: "B."\nb rebuts a\nacknowledge AM501 on b "x"\n', select=["AM901"])
    assert found == []


# --- particular rules -----------------------------------------------------------


def held_by(claim: str, actors: list[str]) -> str:
    return f'claim {claim}: "{claim.upper()}." by ' + ", ".join(actors) + "\n"


def test_actors_past_ten_on_both_sides_of_a_contradiction_share_one_report() -> None:
    actors = [f"a{i}" for i in range(25)]
    declared = "".join(f'actor {a} "{a.upper()}"\n' for a in actors)
    text = declared + held_by("x", actors) + held_by("y", actors) + "x contradicts y\n" * 3
    found = check_text(text, select=["AM601"])
    assert len(found) == 3 * 11
    assert found[10].message == (
        "15 more actors ('a10', 'a11', 'a12', ...) are committed to both 'x' and 'y', which contradict each other"
    )


def test_actors_on_both_sides_come_in_the_order_the_first_claim_names_them() -> None:
    declared = "".join(f'actor {a} "{a.upper()}"\n' for a in "pqrst")
    text = declared + held_by("x", list("tsrqp")) + held_by("y", ["q", "t"]) + "x contradicts y\n"
    assert [d.message.split("'")[1] for d in check_text(text, select=["AM601"])] == ["t", "q"]


def test_undefined_reference_suggests_the_nearest_id() -> None:
    (found,) = check_text('claim leverage: "L."\nclaim won: "W."\nlevrage supports won\n', select=["AM101"])
    assert found.hint == "did you mean 'leverage'?"


def many_claims(count: int) -> str:
    return "".join(f'claim claim_{i:05d}_moscow: "C{i}."\n' for i in range(count))


def test_undefined_reference_suggests_the_nearest_of_thousands_of_ids() -> None:
    (found,) = check_text(many_claims(5000) + "claim_02500_moscw supports claim_00001_moscow\n", select=["AM101"])
    assert found.hint == "did you mean 'claim_02500_moscow'?"


def test_undefined_reference_with_a_mistyped_beginning_is_matched_by_its_ending() -> None:
    (found,) = check_text(many_claims(5000) + "xlaim_02500_moscow supports claim_00001_moscow\n", select=["AM101"])
    assert found.hint == "did you mean 'claim_02500_moscow'?"


def test_once_suggestions_reach_their_limit_the_reports_say_there_is_none(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("argmap.checks.index.SUGGESTION_WORK", 200)
    text = 'claim leverage: "L."\nclaim won: "W."\n' + "".join(f"levrage{i} supports won\n" for i in range(20))
    hints = [d.hint or "" for d in check_text(text, select=["AM101"])]
    assert hints[0] == "did you mean 'leverage'?"
    assert hints[-1].startswith("no suggestion: looking for near ids has reached its limit for this run")


def test_the_same_unknown_id_is_compared_once_however_often_it_is_used(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("argmap.checks.index.SUGGESTION_WORK", 200)
    text = 'claim leverage: "L."\nclaim won: "W."\n' + "levrage supports won\n" * 20
    assert {d.hint for d in check_text(text, select=["AM101"])} == {"did you mean 'leverage'?"}


def test_undefined_reference_names_what_the_id_is_instead() -> None:
    (found,) = check_text('actor k "K"\nclaim won: "W."\nk supports won\n', select=["AM101"])
    assert found.message == "'k' is an actor, not a claim"


def test_duplicate_id_points_at_both_places() -> None:
    (found,) = check_text('claim a: "A."\n\nclaim a: "again"\n', select=["AM102"])
    assert found.span.line == 3 and found.related[0][0].line == 1


def test_circular_support_spells_out_the_cycle() -> None:
    text = 'claim a: "A."\nclaim b: "B."\nclaim c: "C."\na supports b\nb supports c\nc supports a\n'
    (found,) = check_text(text, select=["AM201"])
    assert found.message == "circular support: a -> b -> c -> a"


def test_circular_support_handles_a_chain_of_a_hundred_thousand_links() -> None:
    n = 100_000
    claims = tuple(Claim(f"c{i}", f"C{i}.") for i in range(n))
    supports = tuple(Support((Ref(f"c{i}"),), Ref(f"c{(i + 1) % n}")) for i in range(n))
    found = run_checks(ArgumentMap(claims=claims, supports=supports), select=["AM201"])
    assert len(found) == 1 and found[0].message.endswith("-> c99999 -> c0 (100000 claims)")


def test_support_and_attack_is_reported_once_per_attack_however_often_the_support_is_written() -> None:
    text = 'claim p: "P."\nclaim t: "T."\n' + "p supports t\n" * 50 + "p rebuts t\n" * 3
    found = check_text(text, select=["AM204"])
    assert [d.span.line for d in found] == [53, 54, 55]
    assert {d.message for d in found} == {"'p' both supports and rebuts 't'"}
    assert {d.related[0][0].line for d in found} == {3}


def test_support_and_contradiction_is_reported_for_each_way_the_support_runs() -> None:
    text = 'claim p: "P."\nclaim t: "T."\np supports t\nt supports p\np contradicts t\n'
    found = check_text(text, select=["AM204"])
    assert sorted(d.message for d in found) == [
        "'p' both supports and contradicts 't'",
        "'t' both supports and contradicts 'p'",
    ]


def test_an_undercut_of_the_step_a_claim_supports_is_support_and_attack() -> None:
    text = 'claim p: "P."\nclaim q: "Q."\nclaim c: "C."\nq supports c\np supports c\np undercuts q to c\n'
    (found,) = check_text(text, select=["AM204"])
    assert found.message == "'p' both supports and undercuts 'c'" and found.related[0][0].line == 5


def test_quote_not_in_source_shows_the_closest_passage() -> None:
    path = RULE_FIXTURES / "AM301" / "fail.arg"
    (found,) = [d for d in diagnostics_of(path) if d.code == "AM301"]
    assert found.hint is not None and "Tehran had outplayed Moscow" in found.hint


def misquoting(folder: Path, source_text: str, *quotes: str) -> list[Diagnostic]:
    """AM301's reports for `quotes` of a source file holding `source_text`, both written into `folder`."""
    (folder / "pyproject.toml").write_text("", encoding="utf-8")
    (folder / "source.txt").write_text(source_text, encoding="utf-8")
    claims = "".join(f'claim q{i}: "Q." quote s "{quote}"\n' for i, quote in enumerate(quotes))
    (folder / "map.arg").write_text('source s "S" file "source.txt"\n' + claims, encoding="utf-8")
    return run_checks(load(folder / "map.arg"), select=["AM301"])


FILLER = "".join(f"Paragraph {i} speaks of the weather in the capital and nothing else.\n\n" for i in range(3000))


def test_the_closest_passage_is_found_deep_in_a_large_source(tmp_path: Path) -> None:
    source = FILLER + "Tehran had outplayed Moscow during Khatami\u2019s visit to the Kremlin.\n\n" + FILLER
    (found,) = misquoting(tmp_path, source, "Tehran outwitted Moscow during Khatami's visit")
    assert found.hint == 'closest passage in source.txt: "Tehran had outplayed Moscow during Khatami\u2019s visit"'


def test_the_closest_passage_keeps_the_sources_dashes_and_quotes_and_folds_its_whitespace(tmp_path: Path) -> None:
    source = "The \u201cstrategic\n   partnership\u201d was \u2014 as expected \u2014 not signed."
    (found,) = misquoting(tmp_path, source, r'\"strategic partnership\" was - as feared - not signed')
    passage = "\u201cstrategic partnership\u201d was \u2014 as expected \u2014 not signed."
    assert found.hint == f'closest passage in source.txt: "{passage}"'


def test_a_source_is_folded_once_however_many_quotes_miss_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    made: list[str] = []

    class Counted(sources._FoldedSource):
        def __init__(self, text: str):
            made.append(text)
            super().__init__(text)

    monkeypatch.setattr(sources, "_FoldedSource", Counted)
    found = misquoting(tmp_path, FILLER, *(f"Paragraph {i} speaks of the snow" for i in range(20)))
    assert len(found) == 20 and len(made) == 1


def test_fold_treats_typographic_quotes_dashes_and_spaces_as_plain() -> None:
    assert fold("Khatami’s  “visit”\n relations–division") == fold("Khatami's \"visit\" relations - division")


def test_probability_outside_term_names_the_term_that_fits() -> None:
    (found,) = check_text('claim a: "A." likelihood "likely" probability 30%\n', select=["AM402"])
    assert found.hint is not None and "'unlikely'" in found.hint


# --- the examples in each rule's docstring ----------------------------------------

# Examples that need a file beside them cannot be run from the docstring alone.
NEEDS_FILES = {"AM301", "AM302"}
DOC_EXAMPLE_RULES = sorted(
    code
    for code, r in RULES.items()
    if r.check is not None and code not in NEEDS_FILES and not r.check.__module__.endswith(".evaluation")
)


def doc_example(code: str, label: str) -> str:
    doc = RULES[code].doc
    block = doc.split(f"{label}:\n", 1)[1]
    lines = []
    for line in block.split("\n"):
        if line and not line.startswith("    "):
            break
        lines.append(line[4:])
    return "\n".join(lines).strip() + "\n"


@pytest.mark.parametrize("code", DOC_EXAMPLE_RULES)
def test_the_bad_example_in_the_docstring_is_reported(code: str) -> None:
    assert code in {d.code for d in check_text(doc_example(code, "Bad"))}


@pytest.mark.parametrize("code", DOC_EXAMPLE_RULES)
def test_the_good_example_in_the_docstring_is_not(code: str) -> None:
    assert code not in {d.code for d in check_text(doc_example(code, "Good")) if d.acknowledged is None}
