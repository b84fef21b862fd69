"""Search-first routing of typed questions (knowledge/routing.py, issue 13).

The pure rule over made-up hits, then the real search over the shipped articles with odd input:
the classifier's FAQ intent is evidence for its topic, never an answer on its own.
"""
from __future__ import annotations

import math

import pytest

from knowledge.routing import INTENT_BONUS, MIN_INTENT_CONFIDENCE, routed_topic
from knowledge.search import CONFIDENT_SCORE, Hit, search
from storage.database import session_scope


def hit(topic: str, score: float) -> Hit:
    return Hit(topic, topic.replace("_", " "), score, score >= CONFIDENT_SCORE)


SURE = 0.99
UNSURE_SCORE = round(CONFIDENT_SCORE - INTENT_BONUS / 2, 4)  # below the threshold, within the bonus of it


def test_without_an_intent_the_confident_top_hit_answers_and_an_unsure_one_declines():
    assert routed_topic([hit("cumulative_dose", 0.6), hit("dose", 0.5)]) == "cumulative_dose"
    assert routed_topic([hit("dose", UNSURE_SCORE)]) is None
    assert routed_topic([]) is None


def test_a_confident_search_answer_beats_the_intents_article_when_clearly_better():
    """"how many mg/kg in total" filed as ask_dose: the search's cumulative_dose is the answer."""
    hits = [hit("cumulative_dose", 0.7), hit("dose", 0.5)]
    assert routed_topic(hits, "dose", SURE) == "cumulative_dose"


def test_the_intent_breaks_a_near_tie_towards_its_topic():
    hits = [hit("flare_rate", 0.50), hit("flare_meaning", round(0.50 - INTENT_BONUS / 2, 4))]
    assert routed_topic(hits, "flare_meaning", SURE) == "flare_meaning"
    assert routed_topic(hits, "flare_meaning", MIN_INTENT_CONFIDENCE / 2) == "flare_rate"  # an unsure classifier: no bonus


def test_an_unsure_search_is_answered_with_the_intents_topic_only_when_the_classifier_is_sure():
    hits = [hit("diet", UNSURE_SCORE), hit("alcohol", 0.1)]
    assert routed_topic(hits, "diet", SURE) == "diet"
    assert routed_topic(hits, "diet", MIN_INTENT_CONFIDENCE / 2) is None
    assert routed_topic(hits, "lifestyle", SURE) is None  # the bonus goes to the intent's topic only


def test_an_off_topic_question_under_an_faq_intent_is_declined():
    """The weather filed as ask_lifestyle shares nothing with the article: no bonus lifts it over the threshold."""
    hits = [hit("lifestyle", 0.2), hit("sun", 0.25)]
    assert routed_topic(hits, "lifestyle", 1.0) is None


@pytest.mark.parametrize("confidence", [None, "0.99", True, math.nan, [], {}])
def test_an_odd_confidence_gives_no_bonus(confidence):
    assert routed_topic([hit("diet", UNSURE_SCORE)], "diet", confidence) is None


def test_ties_go_to_the_first_topic_alphabetically_like_the_search():
    assert routed_topic([hit("sun", 0.5), hit("alcohol", 0.5)]) == "alcohol"
    assert routed_topic([hit("diet", round(0.5 - INTENT_BONUS, 4)), hit("alcohol", 0.5)], "diet", SURE) == "alcohol"


def test_the_bonus_is_rounded_like_the_search_scores():
    """0.337 + 0.05 is 0.38699999... in floating point; the boosted score must still reach 0.387."""
    score = round(CONFIDENT_SCORE - INTENT_BONUS, 4)
    assert routed_topic([hit("diet", score)], "diet", SURE) == "diet"


# --- the real search, odd input -------------------------------------------------------------------


def routed(shipped_articles_url, question, intent_topic="diet", confidence=0.99):
    with session_scope(shipped_articles_url) as session:
        return routed_topic(search(session, question, limit=10_000), intent_topic, confidence)


@pytest.mark.parametrize("question", [
    "", "   ", "👍👍👍", "🙂 ok", "?!", "what's the weather like tomorrow",
    "¿Qué tiempo hará mañana en Madrid?", "Wie spät ist es?", "明日の天気は",
    "lorem ipsum " * 400, "\x00\x01 \u200b",
])
def test_odd_or_off_topic_text_under_a_sure_faq_intent_is_declined(shipped_articles_url, question):
    assert routed(shipped_articles_url, question) is None


def test_a_question_drowned_in_padding_does_not_get_the_intents_article_on_the_bonus_alone(shipped_articles_url):
    question = "can I drink alcohol at a party while taking accutane? " + "blah " * 2000
    assert routed(shipped_articles_url, question, "lifestyle") != "lifestyle"


def test_a_question_the_classifier_filed_wrongly_gets_the_searchs_article(shipped_articles_url):
    assert routed(shipped_articles_url, "what total amount of isotretinoin per kilo do I need over the whole course", "dose") == "cumulative_dose"
