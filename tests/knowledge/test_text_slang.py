"""Patients' slang and synonyms reach the same index terms as the articles' words (knowledge.text).

Normalisation only, not search ranking (the search itself is measured elsewhere).
"""
from __future__ import annotations

import pytest

from knowledge.text import analyse


@pytest.mark.parametrize("text, terms", [
    ("IB", ["flare"]),
    ("is the IB normal?", ["flare", "common"]),
    ("initial breakout", ["flare"]),
    ("purge", ["flare"]),
    ("the purge is killing me", ["flare", "kill"]),
    ("tane", ["isotretinoin"]),
    ("roacc", ["isotretinoin"]),
    ("Roaccutane", ["isotretinoin"]),
    ("accu", ["isotretinoin"]),
    ("accutane face", ["isotretinoin", "dry", "skin"]),
    ("my roacc face is so bad", ["isotretinoin", "dry", "skin"]),
    ("accutane lips", ["isotretinoin", "dry", "lip"]),
    ("chapped lips", ["dry", "lip"]),
    ("cracked lips", ["dry", "lip"]),
    ("nose bleeds", ["nosebleed"]),
    ("my nose bleeds every morning", ["nosebleed", "every", "morn"]),
    ("nosebleeds", ["nosebleed"]),
    ("bloody nose", ["nosebleed"]),
])
def test_slang_maps_to_the_articles_terms(text, terms):
    assert analyse(text) == terms


@pytest.mark.parametrize("text, absent", [
    ("I have IBS", "flare"),  # irritable bowel syndrome is not the initial breakout
    ("ibs flare up", "ib"),
    ("accutane face wash", "dry"),  # a cleanser question, not the dry "accutane face"
    ("my face", "dry"),
    ("lip balm", "dry"),
])
def test_lookalikes_keep_their_own_meaning(text, absent):
    assert absent not in analyse(text)


def test_the_same_question_in_slang_and_in_plain_words_shares_its_topic_terms():
    assert set(analyse("how long does the IB last on roacc")) == set(analyse("how long does the initial breakout last on isotretinoin"))
    assert {"dry", "lip"} <= set(analyse("accutane lips are the worst")) & set(analyse("my lips are chapped"))
