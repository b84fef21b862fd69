"""bot.lesions: what patients call their spots -> one normalised lesion type, with its span."""
from __future__ import annotations

import pytest

from bot.lesions import LESION_TYPES, Lesion, find_lesions


def found(text):
    return [(lesion.value, text[lesion.start:lesion.end]) for lesion in find_lesions(text)]


@pytest.mark.parametrize("text, expected", [
    ("huge painful cysts everywhere", [("cyst", "cysts")]),
    ("a cyst on my chin", [("cyst", "cyst")]),
    ("my cystic acne is back", [("cyst", "cystic acne")]),
    ("loads of cystic ones on my jaw", [("cyst", "cystic ones")]),
    ("big cists on my back", [("cyst", "cists")]),
    ("pretty bad, lots of nodules", [("nodule", "nodules")]),
    ("a nodular breakout", [("nodule", "nodular breakout")]),
    ("big painful lumps all over my face", [("nodule", "lumps")]),
    ("blind pimples on my forehead", [("nodule", "blind pimples")]),
    ("under-the-skin spots that never come to a head", [("nodule", "under-the-skin spots")]),
    ("some pustules on my cheeks", [("pustule", "pustules")]),
    ("pus-filled spots on my chest", [("pustule", "pus-filled spots")]),
    ("pus filled pimples", [("pustule", "pus filled pimples")]),
    ("loads of yellow heads", [("pustule", "yellow heads")]),
    ("little red bumps on my forehead", [("papule", "red bumps")]),
    ("papules mainly", [("papule", "papules")]),
    ("a handful of new whiteheads", [("whitehead", "whiteheads")]),
    ("white heads all over my nose", [("whitehead", "white heads")]),
    ("closed comedones on my forehead", [("whitehead", "closed comedones")]),
    ("Blackheads on my nose", [("blackhead", "Blackheads")]),
    ("open comedones", [("blackhead", "open comedones")]),
    ("comedones and clogged pores", [("comedone", "comedones"), ("comedone", "clogged pores")]),
    ("WHITEHEADS AND CYSTS", [("whitehead", "WHITEHEADS"), ("cyst", "CYSTS")]),
    ("lots of red spots and some pustules", [("pustule", "pustules")]),
])
def test_lesion_descriptions(text, expected):
    assert found(text) == expected


@pytest.mark.parametrize("text", [
    "just a few spots",
    "my pimples are back",
    "zits everywhere",
    "my acne is flaring",
    "a bad breakout on my chin",
    "the purge has hit me hard",
    "pus",  # a word, not a lesion description
    "I'm a blackhearted villain",  # no partial words
    "the nodulesque thing",
])
def test_generic_words_name_no_type(text):
    assert find_lesions(text) == []


@pytest.mark.parametrize("text, expected", [
    ("no cysts, just whiteheads", [("whitehead", "whiteheads")]),
    ("not cystic at all", []),
    ("without any nodules", []),
    ("I haven't got blackheads", []),
    ("I don't have cysts but there are pustules", [("pustule", "pustules")]),
    ("free of cysts now", []),
    # a negation further back, or in another clause, does not reach the mention
    ("I'm not sure what they are, maybe cysts", [("cyst", "cysts")]),
    ("not pregnant, no fever, just big cysts", [("cyst", "cysts")]),
])
def test_negated_mentions_are_skipped(text, expected):
    assert found(text) == expected


def test_spans_are_offsets_into_the_original_text():
    text = "Week 6 😩 <b>cysts</b> and 2 whiteheads"
    lesions = find_lesions(text)
    assert lesions == [Lesion("cyst", text.index("cysts"), text.index("cysts") + 5),
                       Lesion("whitehead", text.index("whiteheads"), len(text))]


def test_values_are_the_documented_types():
    text = "nodules cysts pustules papules whiteheads blackheads comedones"
    assert [lesion.value for lesion in find_lesions(text)] == list(LESION_TYPES)


@pytest.mark.parametrize("text", [
    None, 42, b"cysts", ["cysts"], "", " ", "\n\t", "😀" * 50, "<script>alert('cysts')</script>",
    "'; DROP TABLE lesions;--", "quistes y granos en la cara", "痤疮 囊肿", "\x00cysts\x00",
    "a" * 10_000, "no " * 3_000, "cyst" * 2_500,
])
def test_hostile_input_never_raises(text):
    result = find_lesions(text)
    assert isinstance(result, list)
    assert all(lesion.value in LESION_TYPES for lesion in result)


def test_long_message_finds_every_mention():
    text = ("I'm 6 weeks in, cysts on my chin, whiteheads on my nose. " * 200)[:10_000]
    values = [lesion.value for lesion in find_lesions(text)]
    assert values.count("cyst") == text.count("cysts")
    assert values.count("whitehead") == text.count("whiteheads")
