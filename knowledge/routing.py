"""Which article answers a typed question: the search decides, the classifier's intent is evidence.

A question the NLU files under an FAQ intent used to get that intent's fixed article, even when
the knowledge search would have answered it better ("how many mg/kg in total" filed as ask_dose
gets the dose article, not cumulative_dose) or declined it (an off-topic question that DIET put
under an FAQ intent got an article instead of "that's outside what I can help with"). Now every
typed question is answered by the search over all the articles, and the intent only adds
``INTENT_BONUS`` to its own topic's score when the classifier is at least
``MIN_INTENT_CONFIDENCE`` sure; the boosted ranking is then answered or declined at the search's
one threshold (``CONFIDENT_SCORE``), exactly as a question without an intent.

So the intent's article is given when the search agrees, or when it is within the bonus of the
search's first hit or of the threshold — never when the question shares nothing with it (an
emoji, another language, the weather). The calibration found the classifier worth only a
tie-breaker (0.01): every larger bonus gave fewer right answers on the dev set. Button payloads ("/ask_diet",
``/ask_topic{"topic": ...}``) are not typed questions: the actions answer their topic exactly.

Calibrated end to end (the trained NLU, then this rule) on the retrieval dev set only:
``scripts/calibrate_routing.py``; method and figures in knowledge/README.md ("Routing").
"""
from __future__ import annotations

from typing import Optional, Sequence

from knowledge.search import CONFIDENT_SCORE, Hit

# scripts/calibrate_routing.py (knowledge/README.md, "Routing").
INTENT_BONUS = 0.01
MIN_INTENT_CONFIDENCE = 0.95


def routed_topic(hits: Sequence[Hit], intent_topic: Optional[str] = None, intent_confidence: object = 0.0,
                 bonus: float = INTENT_BONUS, min_confidence: float = MIN_INTENT_CONFIDENCE,
                 threshold: float = CONFIDENT_SCORE) -> Optional[str]:
    """The topic to answer from ``hits`` (every article's search hit), or None to decline.

    ``intent_topic`` is the topic of the classifier's FAQ intent, if any, with its confidence; it
    raises that topic's score by ``bonus`` when the classifier is confident enough. Ties go to the
    first topic alphabetically, as in ``search``. The parameters are exposed for the calibration.
    """
    confident_intent = (
        intent_topic is not None and isinstance(intent_confidence, (int, float))
        and not isinstance(intent_confidence, bool) and intent_confidence >= min_confidence
    )
    best_topic, best_score = None, None
    for hit in hits:
        score = round(hit.score + (bonus if confident_intent and hit.topic == intent_topic else 0.0), 4)
        if best_score is None or score > best_score or (score == best_score and hit.topic < best_topic):
            best_topic, best_score = hit.topic, score
    if best_score is None or best_score < threshold:
        return None
    return best_topic
