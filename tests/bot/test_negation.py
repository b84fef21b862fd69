"""bot/negation.py: the one negation rule, over plain text and through its four readers."""
from __future__ import annotations

import pytest

from bot import negation
from bot.corrections import _WRONG_VALUE
from bot.lesions import _NEGATION as LESION_CUES
from bot.lesions import find_lesions
from bot.red_flags import _NEGATION as RED_FLAG_CUES
from bot.red_flags import detect
from bot.units import parse_flare_extent
from bot.units.extent import _NEGATION as EXTENT_CUES

# The detector's words, over plain text: the rule itself, without spaCy.
FULL = RED_FLAG_CUES


def denied(text: str, mention: str, cues: negation.Cues = FULL, others: tuple = ()) -> bool:
    """Is ``mention`` (its last occurrence in ``text``) denied, with the detector's words over plain text?
    ``others`` are the words of other findings, which may stand in a denied list."""
    start = text.lower().rindex(mention)
    tokens = negation.tokens_of(text[:start])
    after = negation.tokens_of(text[start:])
    n, m = len(tokens.words), len(mention.split())
    joined = negation.Tokens(list(tokens.words) + list(after.words), list(tokens.punct) + list(after.punct),
                             [False] * (n + len(after.words)))
    breaks = [i for i in range(n + m, len(joined.words)) if joined.punct[i] and joined.words[i] != ","]
    clause_end = breaks[0] if breaks else len(joined.words)
    listed = {i for i, word in enumerate(joined.words) if word in others}
    return negation.negated(joined, n, n + m, cues, sentence=(0, len(joined.words)), clause_end=clause_end,
                            listed=listed)


# --- The rule ------------------------------------------------------------------------------------
@pytest.mark.parametrize("text, mention", [
    ("no fever", "fever"),
    ("not feverish", "feverish"),
    ("never had joint pain", "joint pain"),
    ("I don't have a fever", "fever"),  # the contraction is the verb and "not"
    ("I dont have a fever", "fever"),
    ("I do not have any chest pain", "chest pain"),
    ("I haven’t got chest pain", "chest pain"),  # a curly apostrophe
    ("without any fever", "fever"),
    ("I have not had any sort of fever", "fever"),  # six words between: the detector's reach
    ("fever: no", "fever"),  # a denial closing the clause
    ("joint pain - none", "joint pain"),
    ("no chance I'm pregnant", "pregnant"),
    ("NO FEVER", "fever"),
])
def test_negated(text, mention):
    assert denied(text, mention)


def test_a_list_ending_in_or_is_denied_across_commas():
    assert denied("no fever, chills or joint pain", "joint pain", others=("fever", "chills"))
    assert not denied("no fever, chills and then joint pain", "joint pain", others=("fever", "chills"))


@pytest.mark.parametrize("text, mention", [
    ("fever", "fever"),
    ("I have a fever", "fever"),
    ("my fever is back", "fever"),
    ("knot fever", "fever"),  # "knot" is no "not"
    ("I can hardly breathe", "breathe"),  # "hardly" denies nothing here: an emergency
])
def test_not_negated(text, mention):
    assert not denied(text, mention)


@pytest.mark.parametrize("text, mention", [
    ("no fever but my knees ache", "knees ache"),  # the brief's example: the knees are the patient's
    ("no fever, just back pain", "back pain"),
    ("no fever. chest pain", "chest pain"),  # a full stop ends it
    ("no energy and feel worthless", "worthless"),  # a new statement after "and"
    ("I don't think I'm pregnant", "pregnant"),  # a new subject: recall first
    ("not feeling great kind of depressed", "depressed"),  # the negation attached to "great"
    ("nothing helps the joint pain", "joint pain"),
    ("no, I have a fever", "fever"),  # a comma, and no list
    ("I had no sleep for a week and then a bad fever", "fever"),
    ("never had joint pain until now", "joint pain"),  # "until" makes it a report
    ("I have not been able to get any sort of rest with this fever", "fever"),  # beyond the reach
])
def test_scope_limits(text, mention):
    assert not denied(text, mention)


def test_no_fever_but_my_knees_ache():
    text = "no fever but my knees ache"
    assert denied(text, "fever") and not denied(text, "knees ache")


@pytest.mark.parametrize("text, mention", [
    ("not sure if I'm pregnant", "pregnant"),
    ("no idea why my chest hurts", "chest hurts"),
    ("I'm not certain it's a fever", "fever"),
    ("never been so depressed", "depressed"),  # emphatic, not a denial
    ("I don't know if it's chest pain", "chest pain"),
])
def test_hedges_deny_nothing(text, mention):
    assert not denied(text, mention)


@pytest.mark.parametrize("text, mention", [
    ("I can't go a day without crying", "crying"),
    ("not a day goes by without crying", "crying"),
])
def test_double_negatives_cancel(text, mention):
    assert not denied(text, mention)


def test_double_negative_needs_both():
    assert denied("a day without crying", "crying")


def test_lists_only_when_the_reader_allows_them():
    text, others = "no fever, chills or joint pain", ("fever", "chills")
    assert denied(text, "joint pain", FULL, others)
    assert not denied(text, "joint pain", negation.Cues(negations=FULL.negations, reach=FULL.reach), others)


def test_reach_is_the_readers():
    cues = negation.Cues(negations=frozenset({"not"}), reach=1)
    assert negation.negated_in_text("not the 40", 8, cues)
    assert not negation.negated_in_text("not quite the 40", 14, cues)


def test_two_word_negations():
    cues = negation.Cues(negations=frozenset(), phrases=(("instead", "of"),), reach=0)
    assert negation.negated_in_text("30 instead of 40", 14, cues)
    assert not negation.negated_in_text("30 of 40", 6, cues)


@pytest.mark.parametrize("text", [
    "", "   ", "\n\n", "no", "not " * 5_000, "no " * 3_000 + "fever", "😭" * 1_000, "<b>no</b> fever",
    "\x00\ud800 no fever", "n't", "'", "...", "a" * 10_000, "no\nfever",
])
def test_hostile_input_never_raises(text):
    for start in (0, len(text) // 2, len(text)):
        assert negation.negated_in_text(text, start, FULL) in (True, False)
        assert negation.negated_in_text(text, start, LESION_CUES) in (True, False)
    tokens = negation.tokens_of(text)
    assert len(tokens.words) == len(tokens.punct) == len(tokens.space)


def test_non_str_is_not_negated():
    assert negation.negated_in_text(None, 0, FULL) is False  # type: ignore[arg-type]
    assert negation.negated_in_text(42, 0, FULL) is False  # type: ignore[arg-type]


def test_a_word_cut_by_the_lookback_is_no_word():
    # "knot" cut to "not" at the edge of the look-back window must not deny the mention
    text = "knot " + "x" * 55 + " fever"
    start = text.index("fever")
    assert text[start - 60:start].startswith("not ")
    assert not negation.negated_in_text(text, start, negation.Cues(negations=frozenset({"not"}), reach=2))


def test_newline_ends_the_scope():
    assert not negation.negated_in_text("no\nfever", 3, FULL)


def test_contractions_are_split_like_spacy():
    assert list(negation.tokens_of("I don't, can't, won't, isnt, cannot. I'm").words) == [
        "i", "do", "not", ",", "can", "not", ",", "will", "not", ",", "is", "not", ",", "can", "not", ".", "i", "am"]


# --- Through the four readers ----------------------------------------------------------------------
@pytest.mark.parametrize("text, codes", [
    ("no fever but my knees ache", ("systemic_symptoms",)),
    ("not sure if I'm pregnant", ("pregnancy",)),
    ("I can hardly breathe", ("breathing_difficulty",)),
    ("I can't go a day without crying", ("mood_change",)),
    ("I don't think I'm pregnant", ("pregnancy",)),
    ("never had joint pain until now", ("systemic_symptoms",)),
    ("I have never been so depressed", ("mood_change",)),
    ("I don't have a fever", ()),
    ("no fever, chills or joint pain", ()),
    ("fever: no", ()),
    ("no chance I'm pregnant", ()),
    ("I dont feel suicidal", ()),
])
def test_red_flags(text, codes):
    assert detect(text).codes == codes


@pytest.mark.parametrize("text, found", [
    ("no cysts", []),
    ("I haven't got blackheads", []),
    ("free of whiteheads", []),
    ("no cysts but lots of nodules", ["nodule"]),
    ("no cysts and whiteheads", ["whitehead"]),  # "and" ends a lesion's scope
    ("not sure if cysts", ["cyst"]),  # a hedge denies nothing
    ("not really any big cysts", ["cyst"]),  # three words between: out of reach
])
def test_lesions(text, found):
    assert [lesion.value for lesion in find_lesions(text)] == found


@pytest.mark.parametrize("text, expected", [
    ("not red", None),
    ("hardly any red spots", None),
    ("not red but bad", "moderate"),  # "but" ends the negation
    ("not ok, really bad", "severe"),  # so does a comma
    ("isn't painful", None),
])
def test_flare_extent(text, expected):
    assert parse_flare_extent(text).value == expected


@pytest.mark.parametrize("text, start, negated", [
    ("30mg not 40mg", 9, True),
    ("30 instead of 40", 14, True),
    ("30 rather than the 40", 19, True),
    ("it isn't 40", 9, True),
    ("not 40mg but 30mg", 13, False),
    ("not sure, 30mg", 10, False),
])
def test_wrong_values_in_corrections(text, start, negated):
    assert negation.negated_in_text(text, start, _WRONG_VALUE) is negated


def test_each_reader_has_its_own_words():
    assert "hardly" in EXTENT_CUES.negations and "hardly" not in RED_FLAG_CUES.negations
    assert LESION_CUES.reach == EXTENT_CUES.reach == 2 and _WRONG_VALUE.reach == 1
