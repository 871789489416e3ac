"""`argmap diff`'s comparison: pairs of maps with known differences, and what each does to the argument.

Every case starts from tests/diff/base.arg (an argument, an objection that
undercuts it, a rival claim that contradicts its conclusion) and makes one
edit to its text, stated in the test.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from argmap.edit import format_text
from argmap.model import Status
from argmap.read.loader import load
from argmap.read.parser import parse
from argmap.review import Review, compare, diff_maps
from argmap.review.diff import word_diff

CASES = Path(__file__).parent / "diff"
BASE = (CASES / "base.arg").read_text(encoding="utf-8")


def _edited(*edits: tuple[str, str]) -> str:
    text = BASE
    for old, new in edits:
        assert old in text, old
        text = text.replace(old, new, 1)
    return text


def _review(tmp_path: Path, new_text: str, old_text: str = BASE) -> Review:
    """Both texts as maps on disk (with the source file their quotes are checked against), compared."""
    paths = []
    for name, text in (("old", old_text), ("new", new_text)):
        folder = tmp_path / name
        folder.mkdir(parents=True)
        shutil.copy(CASES / "paper.txt", folder / "paper.txt")
        (folder / "map.arg").write_text(text, encoding="utf-8")
        paths.append(folder / "map.arg")
    (tmp_path / "argmap.toml").write_text("", encoding="utf-8")
    return compare(load(paths[0]), load(paths[1]), "old", "new")


def _diff(new_text: str, old_text: str = BASE):  # type: ignore[no-untyped-def]
    return diff_maps(parse(old_text, "old.arg"), parse(new_text, "new.arg"))


# --- no change of meaning ------------------------------------------------------------


def test_a_map_compared_with_itself_says_nothing(tmp_path: Path) -> None:
    review = _review(tmp_path, BASE)
    assert not review.changed
    assert review.diff.empty and review.meaning.empty


def test_the_map_split_over_three_files_and_written_in_another_order_says_nothing() -> None:
    review = compare(load(CASES / "base.arg"), load(CASES / "split.arg"))
    assert not review.changed, review


@pytest.mark.parametrize("width", [20, 40, 60])
def test_the_map_reformatted_says_nothing(width: int) -> None:
    formatted = format_text(BASE, "base.arg", width)
    assert formatted != BASE
    assert _diff(formatted).empty


def test_comments_added_changed_and_removed_say_nothing() -> None:
    edited = _edited(
        ("# The accord is only a framework: it does not show the deal will follow.\n", ""),
        ("  by analysts\n  undercuts deal", "  by analysts  # who else\n  undercuts deal  # the step, not the claim"),
        ("# A small map", "# Another comment on a small map"),
    )
    assert _diff(edited).empty


# --- things added, removed, changed, renamed ---------------------------------------------


def test_an_added_claim_is_reported_with_its_kind_and_text() -> None:
    diff = _diff(BASE + 'rebuttal binding: "The accord binds both sides."\n  by analysts\n')
    assert [(i.kind, i.id, i.detail, i.label) for i in diff.added] == [
        ("claim", "binding", "rebuttal", "The accord binds both sides.")
    ]
    assert not diff.removed and not diff.changed


def test_a_removed_claim_is_reported_with_its_links() -> None:
    diff = _diff(_edited(('claim rivals_block: "Rival suppliers will block the deal."\n  by observers\n'
                          "  cite wire\n  contradicts goes_ahead\n", "")))  # fmt: skip
    assert [(i.kind, i.id) for i in diff.removed] == [("claim", "rivals_block")]
    assert [(k.kind, k.text) for k in diff.links_removed] == [("contradiction", "goes_ahead contradicts rivals_block")]


def test_a_changed_text_is_shown_word_by_word() -> None:
    diff = _diff(_edited(("The deal will go ahead this summer.", "The deal will surely go ahead next summer.")))
    (changed,) = diff.changed
    (field,) = changed.changes
    assert (changed.id, field.field) == ("goes_ahead", "text")
    assert field.words == (("=", "The deal will"), ("+", "surely"), ("=", "go ahead"), ("-", "this"), ("+", "next"),
                           ("=", "summer."))  # fmt: skip


def test_a_text_broken_over_other_lines_is_the_same_text() -> None:
    assert _diff(_edited(("will block the deal.", "will block\n      the deal."))).empty


def test_a_claim_renamed_with_the_same_text_is_one_rename_and_its_links_follow_it() -> None:
    edited = _edited(("objection framework_only:", "objection only_a_framework:"), ("expect framework_only in",
                      "expect only_a_framework in"))  # fmt: skip
    diff = _diff(edited)
    assert not diff.added and not diff.removed
    assert not diff.links_added and not diff.links_removed
    (renamed,) = diff.changed
    assert (renamed.kind, renamed.old_id, renamed.id, renamed.changes) == ("claim", "framework_only",
                                                                           "only_a_framework", ())  # fmt: skip
    assert diff.renames == {"framework_only": "only_a_framework"}


def test_a_renamed_claim_whose_text_changed_too_is_a_removal_and_an_addition() -> None:
    diff = _diff(_edited(('objection framework_only: "The accord is only', 'objection framework: "The accord is just')))
    assert [i.id for i in diff.added] == ["framework"]
    assert [i.id for i in diff.removed] == ["framework_only"]


@pytest.mark.parametrize(
    ("edit", "field", "old", "new"),
    [
        (("objection framework_only:", "claim framework_only:"), "kind", "objection", "claim"),
        (("    by observers\n    tags money", "    by analysts, observers\n    tags money"), "actors",
         ("observers",), ("analysts", "observers")),
        (('quote paper "signed a framework accord"', 'quote paper "a framework accord"'), "quotes",
         ('paper "signed a framework accord"',), ('paper "a framework accord"',)),
        (('likelihood "likely"', 'likelihood "very likely"'), "likelihood", "likely", "very likely"),
        (("probability 70%", "probability 60%"), "probability", 0.7, 0.6),
        (("credibility 2", "credibility 4"), "credibility", 2, 4),
        (("tags money", "tags money, oil"), "tags", ("money",), ("money", "oil")),
        (("tags money", 'tags money\n    note "Said twice."'), "notes", (), ("Said twice.",)),
        (("  cite wire\n", "  cite wire, paper\n"), "sources", ("wire",), ("paper", "wire")),
    ],
)  # fmt: skip
def test_each_field_of_a_claim_is_compared(edit: tuple[str, str], field: str, old: object, new: object) -> None:
    (changed,) = _diff(_edited(edit)).changed
    assert [(c.field, c.old, c.new) for c in changed.changes] == [(field, old, new)]


def test_the_order_of_a_claims_actors_and_tags_says_nothing() -> None:
    base = _edited(("tags money", "tags money, oil\n    by analysts"), ("    by observers\n    tags", "    tags"))
    swapped = base.replace("tags money, oil", "tags oil, money")
    assert _diff(swapped, base).empty


def test_an_argument_changed_and_an_argument_added() -> None:
    edited = _edited(('argument deal "The deal will go ahead"', 'argument deal "The deal goes ahead"'))
    edited += 'argument doubts "Doubts" by observers {\n  premise rivals_block\n  conclusion goes_ahead\n}\n'
    diff = _diff(edited)
    assert [(i.kind, i.id, i.label) for i in diff.added] == [("argument", "doubts", "Doubts")]
    (changed,) = diff.changed
    assert (changed.kind, changed.id) == ("argument", "deal")
    assert [c.field for c in changed.changes] == ["title"]
    assert ("-", "will go") in changed.changes[0].words
    assert ("linked-support", "rivals_block together support goes_ahead (in argument doubts)") in [
        (k.kind, k.text) for k in diff.links_added
    ]


def test_actors_added_removed_and_changed() -> None:
    edited = _edited(('actor analysts "The analysts" role "regional desk"',
                      'actor analysts "The analysts" role "Gulf desk"\nactor critics "Critics" unnamed'))  # fmt: skip
    diff = _diff(edited)
    assert [(i.kind, i.id) for i in diff.added] == [("actor", "critics")]
    (changed,) = diff.changed
    assert (changed.kind, changed.id, changed.changes[0].field) == ("actor", "analysts", "role")
    removed = _diff(BASE, edited)
    assert [(i.kind, i.id) for i in removed.removed] == [("actor", "critics")]


def test_a_source_regraded() -> None:
    (changed,) = _diff(
        _edited(('source wire "The Wire" reliability C', 'source wire "The Wire" reliability E'))
    ).changed
    assert (changed.kind, changed.id) == ("source", "wire")
    assert [(c.field, c.old, c.new) for c in changed.changes] == [("reliability", "C", "E")]


def test_a_renamed_actor_is_followed_into_the_claims_it_holds() -> None:
    edited = BASE.replace("observers", "crowd")
    diff = _diff(edited)
    assert [(c.kind, c.old_id, c.id, c.changes) for c in diff.changed] == [("actor", "observers", "crowd", ())]


@pytest.mark.parametrize(
    ("line", "kind"),
    [
        ("rivals_block supports framework_only", "support"),
        ("rivals_block and signed together support framework_only", "linked-support"),
        ("rivals_block rebuts framework_only", "rebut"),
        ("rivals_block undermines signed", "undermine"),
        ("rivals_block undercuts signed to goes_ahead", "undercut"),
        ("signed contradicts framework_only", "contradiction"),
        ('signed contradicts framework_only acknowledged "On purpose."', "acknowledged-contradiction"),
        ('acknowledge AM501 on rivals_block "Kept."', "acknowledgement"),
        ("expect signed in", "expectation"),
    ],
)
def test_each_kind_of_link_added_and_removed(line: str, kind: str) -> None:
    added = _diff(BASE + line + "\n")
    assert [k.kind for k in added.links_added] == [kind]
    assert not added.links_removed and not added.added
    removed = _diff(BASE, BASE + line + "\n")
    assert [k.kind for k in removed.links_removed] == [kind]


def test_a_contradiction_acknowledged_is_the_plain_one_gone_and_the_acknowledged_one_come() -> None:
    diff = _diff(_edited(("contradicts goes_ahead", 'contradicts goes_ahead acknowledged "Both are reported."')))
    assert [k.kind for k in diff.links_removed] == ["contradiction"]
    assert [k.kind for k in diff.links_added] == ["acknowledged-contradiction"]


def test_the_title_changed() -> None:
    diff = _diff(_edited(('title "Will the deal go ahead?"', 'title "Will the deal go ahead this year?"')))
    assert diff.title is not None
    assert (diff.title.old, diff.title.new) == ("Will the deal go ahead?", "Will the deal go ahead this year?")


def test_word_diff_gives_back_both_texts() -> None:
    old, new = "a b c d e", "a x c d f g"
    pieces = word_diff(old, new)
    assert " ".join(w for op, w in pieces if op != "+") == old
    assert " ".join(w for op, w in pieces if op != "-") == new


# --- what it does to the argument -------------------------------------------------------


def test_a_rebuttal_of_the_objection_flips_three_statuses_with_their_reasons(tmp_path: Path) -> None:
    review = _review(tmp_path, BASE + 'rebuttal binding: "The accord binds both sides."\n  by analysts\n'
                                      "  rebuts framework_only\n")  # fmt: skip
    flips = {f.claim: (f.old, f.new, f.old_reason, f.new_reason) for f in review.meaning.flips}
    assert flips["framework_only"][:2] == (Status.IN, Status.OUT)
    assert flips["framework_only"][2:] == ("not attacked", "attacked by binding, which is in")
    # The step stands again, and the conclusion meets its rival as an equal: neither wins.
    assert flips["goes_ahead"][:2] == (Status.OUT, Status.UNDEC)
    assert "undercut by framework_only" in flips["goes_ahead"][2]
    assert flips["rivals_block"][:2] == (Status.IN, Status.UNDEC)
    assert set(flips) == {"framework_only", "goes_ahead", "rivals_block"}


def test_expect_lines_that_now_fail(tmp_path: Path) -> None:
    review = _review(tmp_path, BASE + 'rebuttal binding: "The accord binds both sides."\n  rebuts framework_only\n')
    failing = [(e.claim, e.expected, e.status, e.fails) for e in review.meaning.expectations]
    assert failing == [("framework_only", Status.IN, Status.OUT, True), ("goes_ahead", Status.OUT, Status.UNDEC, True)]
    # Reported as expectations, not again as findings.
    assert all(f.code != "AM615" for f in review.meaning.findings)


def test_expect_lines_that_pass_again(tmp_path: Path) -> None:
    broken = BASE + 'rebuttal binding: "The accord binds both sides."\n  rebuts framework_only\n'
    review = _review(tmp_path, BASE, broken)
    assert [(e.claim, e.fails) for e in review.meaning.expectations] == [("framework_only", False),
                                                                          ("goes_ahead", False)]  # fmt: skip


def test_a_finding_that_appears_and_disappears(tmp_path: Path) -> None:
    # The analysts now hold both sides of the contradiction (AM601).
    both = _edited(("  by observers\n  cite wire", "  by observers, analysts\n  cite wire"))
    appeared = _review(tmp_path / "a", both)
    assert [(f.change, f.code) for f in appeared.meaning.findings] == [("appeared", "AM601")]
    assert appeared.meaning.findings[0].place.file.endswith("map.arg")
    disappeared = _review(tmp_path / "b", BASE, both)
    assert [(f.change, f.code) for f in disappeared.meaning.findings] == [("disappeared", "AM601")]


def test_a_finding_that_becomes_acknowledged(tmp_path: Path) -> None:
    both = _edited(("  by observers\n  cite wire", "  by observers, analysts\n  cite wire"))
    kept = both + 'acknowledge AM601 on analysts "The desk reports both views."\n'
    review = _review(tmp_path, kept, both)
    assert [(f.change, f.code, f.reason) for f in review.meaning.findings] == [
        ("acknowledged", "AM601", "The desk reports both views.")
    ]


def test_a_rename_moves_no_finding_and_no_status(tmp_path: Path) -> None:
    both = _edited(("  by observers\n  cite wire", "  by observers, analysts\n  cite wire"))
    renamed = both.replace("goes_ahead", "deal_goes_ahead")
    review = _review(tmp_path, renamed, both)
    assert review.meaning.empty
    assert [(c.old_id, c.id) for c in review.diff.changed] == [("goes_ahead", "deal_goes_ahead")]


def test_a_source_file_that_no_longer_holds_a_quote_changes_the_meaning_not_the_map(tmp_path: Path) -> None:
    review = _review(tmp_path, BASE)
    assert not review.changed
    (tmp_path / "new" / "paper.txt").write_text("The paper now says something else.\n", encoding="utf-8")
    again = compare(load(tmp_path / "old" / "map.arg"), load(tmp_path / "new" / "map.arg"))
    assert again.diff.empty
    assert [(f.change, f.code) for f in again.meaning.findings] == [("appeared", "AM301")]
    assert again.changed


HYPOTHESES = 'hypotheses outcome "Will the deal go ahead?" {\n  goes_ahead, rivals_block\n}\n'


def test_hypothesis_sets_and_ach_cells_added_changed_and_renamed() -> None:
    with_set = BASE + HYPOTHESES
    added = _diff(with_set)
    assert [(i.kind, i.id, i.label) for i in added.added] == [("hypotheses", "outcome", "Will the deal go ahead?")]
    changed = _diff(with_set.replace("goes_ahead, rivals_block", "goes_ahead, rivals_block, framework_only"), with_set)
    assert [(c.kind, c.id, c.changes[0].field) for c in changed.changed] == [("hypotheses", "outcome", "members")]
    renamed = _diff(with_set.replace("hypotheses outcome", "hypotheses deal_outcome"), with_set)
    assert [(c.kind, c.old_id, c.id) for c in renamed.changed] == [("hypotheses", "outcome", "deal_outcome")]
    cell = _diff(with_set + 'ach goes_ahead signed C "The accord is a first step."\n', with_set)
    assert [(k.kind, k.ends) for k in cell.links_added] == [("ach-cell", ("goes_ahead", "signed"))]


def test_the_seed_maps_hypotheses_compared_with_themselves_say_nothing() -> None:
    seed = load(Path(__file__).resolve().parents[1] / "maps" / "khatami.arg")
    assert seed.hypotheses and seed.cell_overrides
    assert diff_maps(seed, seed).empty
