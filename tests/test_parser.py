"""`argmap.parse`: every construct of the language becomes the right model, at the right place."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

import argmap
from argmap.model import (
    Acknowledgement,
    Attack,
    AttackKind,
    ClaimKind,
    Contradiction,
    Expectation,
    Ref,
    Span,
    Status,
    Support,
)
from argmap.read.vocabulary import MAX_MAP_SIZE, grammar_text

ALL_CONSTRUCTS = Path(__file__).parent / "parser" / "all_constructs.arg"


@pytest.fixture(scope="module")
def full() -> argmap.ArgumentMap:
    return argmap.parse(ALL_CONSTRUCTS.read_text(encoding="utf-8"), "all_constructs.arg")


def ids(refs: tuple[Ref, ...]) -> list[str]:
    return [r.id for r in refs]


# --- statements -----------------------------------------------------------------


def test_title(full: argmap.ArgumentMap) -> None:
    assert full.title == "Khatami in Moscow"


def test_include_is_recorded_not_followed(full: argmap.ArgumentMap) -> None:
    assert ids(full.includes) == ["other.arg"]


def test_source_with_every_detail(full: argmap.ArgumentMap) -> None:
    monitor = full.sources[0]
    assert (monitor.id, monitor.title, monitor.file, monitor.reliability) == (
        "monitor", "The Monitor, vol. 7 issue 55", "../seeds/monitor.txt", "B",
    )  # fmt: skip
    assert monitor.tags == ("wire", "press")
    assert monitor.notes == ("Jamestown Foundation",)


def test_source_with_title_only(full: argmap.ArgumentMap) -> None:
    assert full.sources[1] == argmap.model.Source("segodnya", "Segodnya, March 15")


def test_actor_with_role_and_note(full: argmap.ArgumentMap) -> None:
    actor = full.actors[0]
    assert (actor.id, actor.name, actor.role) == ("felgenhauer", "Pavel Felgenhauer", "security analyst")
    assert actor.unnamed is False
    assert actor.notes == ("defence columnist",)


def test_unnamed_actor_is_a_crowd(full: argmap.ArgumentMap) -> None:
    assert full.actors[1].unnamed is True
    assert full.actors[1].tags == ("crowd",)


def test_claim_with_every_detail(full: argmap.ArgumentMap) -> None:
    won = full.claim("won")
    assert won is not None
    assert won.kind is ClaimKind.CONCLUSION
    assert won.text == "Tehran outplayed Moscow during Khatami’s visit."
    assert ids(won.actors) == ["felgenhauer"]
    assert [(q.source.id, q.text) for q in won.quotes] == [("monitor", "Tehran had outplayed Moscow")]
    assert ids(won.citations) == ["segodnya", "monitor"]
    assert won.probability == pytest.approx(0.8)
    assert won.credibility == 2
    assert won.tags == ("headline",)
    assert won.notes == ("from the Segodnya column",)


def test_likelihood_spacing_is_normalised(full: argmap.ArgumentMap) -> None:
    assert full.claim("won").likelihood == "very likely"  # type: ignore[union-attr]


@pytest.mark.parametrize("keyword", [kind.value for kind in ClaimKind])
def test_each_claim_keyword_gives_its_kind(keyword: str) -> None:
    (claim,) = argmap.parse(f'{keyword} x: "text"\n').claims
    assert claim.kind is ClaimKind(keyword)


def test_probability_as_decimal(full: argmap.ArgumentMap) -> None:
    assert full.claim("offensive").probability == pytest.approx(0.3)  # type: ignore[union-attr]


@pytest.mark.parametrize(("written", "value"), [("0", 0.0), ("1", 1.0), ("0%", 0.0), ("100%", 1.0), ("55 %", 0.55)])
def test_probability_bounds_are_accepted(written: str, value: float) -> None:
    assert argmap.parse(f'claim x: "t" probability {written}\n').claims[0].probability == pytest.approx(value)


# --- arguments ------------------------------------------------------------------


def test_argument_groups_premises_and_conclusion(full: argmap.ArgumentMap) -> None:
    outplayed = full.arguments[0]
    assert (outplayed.id, outplayed.title) == ("outplayed", "Tehran outplayed Moscow")
    assert ids(outplayed.premises) == ["leverage", "lobby"]
    assert outplayed.conclusion == Ref("won")
    assert ids(outplayed.actors) == ["felgenhauer"]
    assert ids(outplayed.citations) == ["segodnya"]
    assert outplayed.tags == ("core",)
    assert outplayed.notes == ("the main line",)


def test_claims_in_an_argument_know_their_argument(full: argmap.ArgumentMap) -> None:
    assert {c.id for c in full.claims if c.argument == "outplayed"} == {"won", "leverage", "lobby"}


def test_argument_without_written_support_gets_an_implicit_linked_one(full: argmap.ArgumentMap) -> None:
    implicit = [s for s in full.supports if s.argument == "outplayed"]
    premises = (Ref("leverage"), Ref("lobby"))
    assert implicit == [Support(premises, Ref("won"), linked=True, argument="outplayed", implicit=True)]


def test_written_support_in_an_argument_replaces_the_implicit_one(full: argmap.ArgumentMap) -> None:
    supports = [s for s in full.supports if s.argument == "linked_one"]
    assert supports == [Support((Ref("a1"), Ref("a2")), Ref("c1"), linked=True, argument="linked_one")]


def test_premise_without_text_in_an_argument_uses_a_claim_defined_elsewhere(full: argmap.ArgumentMap) -> None:
    reuse = full.arguments[2]
    assert ids(reuse.premises) == ["leverage"]
    assert reuse.conclusion == Ref("won")
    assert [c.id for c in full.claims].count("leverage") == 1


def test_argument_with_two_conclusions_has_no_single_conclusion() -> None:
    text = 'argument a "A" {\n premise p: "p"\n conclusion c: "c"\n conclusion d: "d"\n}\n'
    (argument,) = argmap.parse(text).arguments
    assert ids(argument.conclusions) == ["c", "d"]
    assert argument.conclusion is None
    assert not argmap.parse(text).supports


# --- links ----------------------------------------------------------------------


def test_single_support(full: argmap.ArgumentMap) -> None:
    assert Support((Ref("helps"),), Ref("won")) in full.supports


def test_comma_list_support_is_convergent_one_support_each() -> None:
    m = argmap.parse("a, b and c support d\n")
    assert m.supports == tuple(Support((Ref(premise),), Ref("d")) for premise in "abc")


def test_together_support_is_linked() -> None:
    linked = Support((Ref("a"), Ref("b")), Ref("c"), linked=True)
    assert argmap.parse("a and b together support c\n").supports == (linked,)


@pytest.mark.parametrize(
    ("verb", "kind"),
    [("rebuts", AttackKind.REBUT), ("rebut", AttackKind.REBUT), ("undermines", AttackKind.UNDERMINE),
     ("undermine", AttackKind.UNDERMINE), ("undercuts", AttackKind.UNDERCUT), ("undercut", AttackKind.UNDERCUT)],
)  # fmt: skip
def test_attack_verbs_give_their_kind(verb: str, kind: AttackKind) -> None:
    assert argmap.parse(f"a {verb} b\n").attacks == (Attack(Ref("a"), kind, Ref("b")),)


def test_several_attackers_give_one_attack_each() -> None:
    assert ids(tuple(a.attacker for a in argmap.parse("a, b rebut c\n").attacks)) == ["a", "b"]


def test_undercut_of_one_step(full: argmap.ArgumentMap) -> None:
    assert Attack(Ref("speculation"), AttackKind.UNDERCUT, Ref("leverage"), Ref("won")) in full.attacks


def test_links_written_inside_a_claim(full: argmap.ArgumentMap) -> None:
    assert Attack(Ref("defensive"), AttackKind.UNDERMINE, Ref("leverage")) in full.attacks
    assert Attack(Ref("offensive"), AttackKind.REBUT, Ref("defensive")) in full.attacks
    assert Attack(Ref("step_doubt"), AttackKind.UNDERCUT, Ref("leverage"), Ref("won")) in full.attacks
    assert Support((Ref("helps"),), Ref("won")) in full.supports


def test_contradiction_with_and_without_acknowledgement(full: argmap.ArgumentMap) -> None:
    assert Contradiction(Ref("fight_terror"), Ref("befriend")) in full.contradictions
    assert Contradiction(Ref("fight_terror"), Ref("befriend"), "on purpose") in full.contradictions


def test_contradiction_written_inside_a_claim(full: argmap.ArgumentMap) -> None:
    expected = Contradiction(Ref("befriend"), Ref("fight_terror"), "The piece calls this a major contradiction.")
    assert expected in full.contradictions


def test_links_inside_an_argument_know_their_argument() -> None:
    m = argmap.parse('argument a "A" {\n premise p: "p"\n conclusion c: "c"\n x rebuts p\n}\n')
    assert m.attacks[0].argument == "a"


# --- working with the checker ---------------------------------------------------


def test_acknowledge_with_and_without_target(full: argmap.ArgumentMap) -> None:
    assert full.acknowledgements == (
        Acknowledgement("AM501", "deliberate: the piece points it out", Ref("observers")),
        Acknowledgement("circular-support", "known"),
    )


def test_expectations(full: argmap.ArgumentMap) -> None:
    assert full.expectations == (
        Expectation(Ref("won"), Status.IN), Expectation(Ref("defensive"), Status.OUT),
        Expectation(Ref("speculation"), Status.UNDEC),
    )  # fmt: skip


# --- words ------------------------------------------------------------------------


@pytest.mark.parametrize("word", ["in", "out", "undec", "together", "to", "on"])
def test_words_that_never_start_a_line_may_be_ids(word: str) -> None:
    assert argmap.parse(f'claim {word}: "text"\nclaim b: "t"\n{word} supports b\n').supports[0].premises[0].id == word


@pytest.mark.parametrize("word", ["claim", "supports", "by", "source", "rebuts"])
def test_a_keyword_that_can_start_a_line_is_refused_as_a_claim_id(word: str) -> None:
    with pytest.raises(argmap.ParseError, match=f"'{word}' is a keyword"):
        argmap.parse(f'claim {word}: "text"\n')


@pytest.mark.parametrize("ident", ["with-hyphen", "under_score", "x2", "égalité", "日本", "Ωmega"])
def test_ids_may_hold_letters_of_any_script_digits_and_hyphens(ident: str) -> None:
    assert argmap.parse(f'claim {ident}: "t"\n').claims[0].id == ident


def test_comments_are_ignored_but_hash_inside_text_is_kept() -> None:
    m = argmap.parse('# a comment\nclaim a: "issue #55" # trailing\n# end')
    assert m.claims[0].text == "issue #55"


def test_multi_line_text_is_folded_to_single_spaces() -> None:
    m = argmap.parse('claim a: "first line\n        second line\n\n   third"\n')
    assert m.claims[0].text == "first line second line third"


def test_blanks_before_a_line_break_fold_into_its_space() -> None:
    assert argmap.parse('claim a: "one \t \n\t  two"\n').claims[0].text == "one two"


def test_a_long_run_of_blanks_in_a_multi_line_text_is_kept_as_written() -> None:
    """Folding once ran through such a run from each of its blanks: 200 KB of them took minutes."""
    blanks = " \t" * 100_000
    text = argmap.parse(f'claim a: "first\n  second{blanks}third"\n').claims[0].text
    assert text == f"first second{blanks}third"


def test_a_claim_keeps_tens_of_thousands_of_details_in_order() -> None:
    """Each detail once copied all the ones before it: 70,000 tags took 8 s, a megabyte of them minutes."""
    tags = [f"t{i}" for i in range(70_000)]
    claim = argmap.parse('claim a: "x"' + "".join(f" tags {t}" for t in tags) + "\n").claims[0]
    assert list(claim.tags) == tags


def test_unicode_text_is_kept_as_written() -> None:
    text = "“defensive” – ‘purely’ … שלום مرحبا e\u0301 👍🏽"
    assert argmap.parse(f'claim a: "{text}"\n').claims[0].text == text


@pytest.mark.parametrize(
    ("written", "meant"),
    [(r"say \"hi\"", 'say "hi"'), (r"back \\ slash", "back \\ slash"), (r"keep \n as is", r"keep \n as is")],
)
def test_escapes_in_text(written: str, meant: str) -> None:
    assert argmap.parse(f'claim a: "{written}"\n').claims[0].text == meant


def test_crlf_parses_like_lf_with_the_same_spans() -> None:
    text = 'claim a: "x"\nclaim b: "two\n lines"\na supports b\n'
    lf, crlf = argmap.parse(text), argmap.parse(text.replace("\n", "\r\n"))
    assert lf == crlf
    assert [c.span for c in lf.claims] == [c.span for c in crlf.claims]
    assert lf.supports[0].span == crlf.supports[0].span


def test_old_mac_line_ends_count_as_line_breaks() -> None:
    m = argmap.parse('claim a: "x"\rclaim b: "y"\r')
    assert m.claims[1].span.line == 2


def test_byte_order_mark_at_the_start_is_ignored() -> None:
    m = argmap.parse('\ufeffclaim a: "x"\n')
    assert m.claims[0].span.column == 7


def test_empty_text_is_an_empty_map() -> None:
    assert argmap.parse("") == argmap.ArgumentMap(files=("<string>",))


# --- spans ------------------------------------------------------------------------


def test_claim_span_is_where_its_id_was_written() -> None:
    m = argmap.parse('\n  claim won: "x"\n', "m.arg")
    assert m.claims[0].span == Span("m.arg", 2, 9, 2, 12)


def test_link_span_runs_from_first_id_to_last() -> None:
    m = argmap.parse('a,\n  b support\n    c\n', "m.arg")
    assert m.supports[0].span == Span("m.arg", 1, 1, 3, 6)


def test_expectation_span_covers_the_status() -> None:
    assert argmap.parse("expect won undec\n").expectations[0].span == Span("<string>", 1, 8, 1, 17)


def test_columns_count_characters_not_bytes() -> None:
    m = argmap.parse('claim é: "ü" supports ß\n')
    assert m.supports[0].span.column == 14
    assert m.supports[0].conclusion.span.column == 23


def test_spans_carry_the_given_path() -> None:
    m = argmap.parse('claim a: "x"\n', Path("maps/m.arg"))
    assert m.files == ("maps/m.arg",)
    assert m.claims[0].span.file == "maps/m.arg"


def test_spans_are_left_out_of_equality() -> None:
    one, two = argmap.parse('claim a: "x"\n', "one.arg"), argmap.parse('\n\n   claim a: "x"\n', "two.arg")
    assert one.claims == two.claims
    assert one.claims[0].span != two.claims[0].span


# --- bad text and limits ----------------------------------------------------------


def test_nul_character_is_refused_with_its_place() -> None:
    with pytest.raises(argmap.ParseError) as caught:
        argmap.parse('claim a: "x\x00"\n')
    assert str(caught.value.diagnostic.span) == "<string>:1:12"
    assert "NUL" in caught.value.diagnostic.message


@pytest.mark.parametrize("line_end", ["\n", "\r\n", "\r"], ids=["lf", "crlf", "cr"])
def test_nul_character_is_placed_by_lines_whatever_the_line_ends(line_end: str) -> None:
    with pytest.raises(argmap.ParseError) as caught:
        argmap.parse(f'claim a: "x"{line_end}claim b: "\x00"{line_end}')
    assert str(caught.value.diagnostic.span) == "<string>:2:11"
    assert caught.value.diagnostic.line_text == 'claim b: "\x00"'


def test_lone_surrogate_is_refused() -> None:
    with pytest.raises(argmap.ParseError, match="lone surrogate"):
        argmap.parse('claim a: "\ud800"\n')


def test_text_longer_than_the_limit_is_refused_before_parsing() -> None:
    with pytest.raises(argmap.ParseError) as caught:
        argmap.parse("#" * (MAX_MAP_SIZE + 1))
    assert caught.value.diagnostic.code == "AM004"
    assert str(caught.value.diagnostic.span) == "<string>:1:1"


def test_parse_after_an_error_is_unaffected() -> None:
    with pytest.raises(argmap.ParseError):
        argmap.parse('claim a: "x" @', "bad.arg")
    assert argmap.parse('claim a: "x"\n', "good.arg").claims[0].span.file == "good.arg"


def test_parallel_parses_each_get_their_own_file_name() -> None:
    results: dict[int, argmap.ArgumentMap] = {}

    def work(n: int) -> None:
        results[n] = argmap.parse("".join(f'claim c{i}: "t"\n' for i in range(200)), f"f{n}.arg")

    threads = [threading.Thread(target=work, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert all({c.span.file for c in results[n].claims} == {f"f{n}.arg"} for n in range(4))


def test_grammar_is_read_from_the_canonical_file() -> None:
    assert "claim_kind" in grammar_text()


def test_premise_with_text_outside_an_argument_is_a_claim_in_that_role() -> None:
    (claim,) = argmap.parse('premise p: "A premise of no argument yet."\n').claims
    assert (claim.kind, claim.argument) == (ClaimKind.PREMISE, None)
