"""The editorial rules every article is held to, beyond what the loader needs to load it.

``format_problems(article)`` returns one line per broken rule (empty when the
article is fine). ``python -m knowledge check`` reports them for the built-in
and the clinic's folder, and ``tests/knowledge/test_article_format.py`` holds every
article to them. The decisions:

* **Sources**: at least one citation (the loader requires it too).
* **Review date**: ``reviewed_on`` is a real date, not in the future.
* **Title**: at most ``TITLE_MAX_CHARS`` (75) characters: it is the text of a
  related-question button, and Slack refuses a longer button text.
* **Length**: the short answer at most 80 words (``SHORT_ANSWER_MAX_WORDS``);
  short answer + "More" at most ``ARTICLE_MAX_WORDS`` (350) — enough for the
  longest of the first 20 articles (292) with room, short enough to read on
  a phone; beyond that the topic should be split.
* **Doctor line**: every FlareCare topic has ``see_doctor``, except
  ``SEE_DOCTOR_EXEMPT`` — practical topics where nothing about the patient's
  health needs a doctor. A clinic's *new* topic (parking, opening hours)
  needs none either; a clinic article that replaces a FlareCare topic does.
* **No dose orders**: the patient is never told, as an order, to take an
  amount, to skip a dose, or to change (increase, double, lower, stop …) the
  dose. Dosing guidance is attributed ("the US Medication Guide says to skip
  the missed dose", "your prescriber may raise it"), or a prohibition ("never
  take a double dose", "don't change your dose yourself"). An imperative
  "stop taking" is allowed only in a sentence about a red flag or a safety
  reason (pregnancy, low mood or suicidal thoughts, severe headache or vision
  change, rash with fever or blisters, yellow skin, bleeding, an overdose),
  because the labels tell patients exactly that.

A dose order is found clause by clause (split at . ! ? ; : , — and line
breaks): a clause that *starts* with an order verb (after harmless lead-ins
such as "please", "then", "you should"). A verb in the middle of a clause has
a subject ("your prescriber may increase your dose"), or a negation before it
("never take two doses"), so it is not an order.
"""
from __future__ import annotations

import re
from datetime import date
from typing import AbstractSet, List, Optional

from knowledge.content import SHORT_ANSWER_MAX_WORDS, ArticleContent, count_words
from knowledge.topics import KNOWN_TOPICS

ARTICLE_MAX_WORDS = 350
TITLE_MAX_CHARS = 75
SEE_DOCTOR_EXEMPT = frozenset({"storing_capsules", "sharing_disposal"})

_CLAUSES = re.compile(r"[.!?;:,\n—–]+|\s-\s")
_MARKUP = re.compile(r"^[\s\-*•>#\d.)]*(?:\*\*[^*]*\*\*[\s:.\-]*)?")
_LEAD_IN = (r"(?:(?:please|just|then|so|and|now|instead|simply|also|first|otherwise|"
            r"you\s+(?:should|can|could|may|must|need\s+to|have\s+to|ought\s+to)|try\s+to|"
            r"it(?:'|’)?s\s+(?:fine|ok|okay|safe|best|better)\s+to|it\s+is\s+(?:fine|ok|okay|safe|best|better)\s+to)\s+)*")
_AMOUNT = (r"(?:\d+(?:[.,]\d+)?\s*(?:mg|milligrams?)\b|(?:\d+|one|two|three|four|five|an?\s+extra|extra|more|"
           r"another|a\s+double|double|twice\s+the|half\s+a|half)\s+(?:capsules?|pills?|tablets?|doses?|mg)\b|"
           r"(?:a\s+)?double\s+dose|\d+\s+(?:a|per|each)\s+day)")
_DOSE = r"(?:(?:daily\s+)?(?:dose|dosage|doses|capsules?|pills?|tablets?|medicine|medication|isotretinoin|it))"
_ORDER = re.compile(
    r"^" + _LEAD_IN + r"(?:"
    r"take\s+" + _AMOUNT +
    r"|(?:increase|raise|up|reduce|lower|decrease|cut(?:\s+down)?|halve|double|change|adjust|alter)\s+"
    r"(?:your|the|my)\s+" + _DOSE +
    r"|skip\s+(?:the|a|your|one|this)\s+(?:missed\s+|next\s+)?(?:dose|capsule|pill|tablet)s?"
    r"|go\s+(?:up|down)\s+to\s+\d+\s*mg"
    r")",
    re.IGNORECASE,
)
_STOP_ORDER = re.compile(r"^" + _LEAD_IN + r"stop\s+(?:taking\s+)?(?:your\s+|the\s+)?" + _DOSE, re.IGNORECASE)
_SAFETY_CONTEXT = re.compile(
    r"pregnan|suicid|self-harm|harm\s+yourself|depress|low\s+mood|headache|vision|blurred|rash|blister|peeling|"
    r"yellow|dark\s+urine|bleed|blood\s+in|stomach\s+pain|hearing|overdose|emergency|allerg|swelling|breath",
    re.IGNORECASE,
)
_SENTENCES = re.compile(r"(?<=[.!?])\s+|\n+")


def dose_orders(text: str) -> List[str]:
    """The clauses of ``text`` that order a dose or a change of dose (see the module docstring)."""
    found: List[str] = []
    for sentence in _SENTENCES.split(text):
        for clause in _CLAUSES.split(sentence):
            clause = _MARKUP.sub("", clause).strip()
            if not clause:
                continue
            if _ORDER.match(clause) or (_STOP_ORDER.match(clause) and not _SAFETY_CONTEXT.search(sentence)):
                found.append(clause)
    return found


def format_problems(
    article: ArticleContent, today: Optional[date] = None, known_topics: AbstractSet[str] = KNOWN_TOPICS
) -> List[str]:
    """Every editorial rule ``article`` breaks, one line each, naming its file."""
    today = today or date.today()
    problems: List[str] = []

    def bad(problem: str) -> None:
        problems.append(f"{article.path}: {problem}")

    if not article.sources or not all(s.citation.strip() for s in article.sources):
        bad("no source: cite at least one")
    if not isinstance(article.reviewed_on, date) or article.reviewed_on > today:
        bad(f"reviewed_on {article.reviewed_on} is not a real date up to today")
    if len(article.title) > TITLE_MAX_CHARS:
        bad(f"title has {len(article.title)} characters (at most {TITLE_MAX_CHARS}: it is a button's text)")
    short = count_words(article.short_answer)
    if short > SHORT_ANSWER_MAX_WORDS:
        bad(f"short answer has {short} words (at most {SHORT_ANSWER_MAX_WORDS})")
    total = short + count_words(article.long_answer)
    if total > ARTICLE_MAX_WORDS:
        bad(f"the article has {total} words (at most {ARTICLE_MAX_WORDS}): shorten it or split the topic")
    needs_doctor = article.topic in known_topics and article.topic not in SEE_DOCTOR_EXEMPT
    if needs_doctor and not article.see_doctor:
        bad("no see_doctor line: say when to contact the doctor (or list the topic in SEE_DOCTOR_EXEMPT)")
    for part, text in (("short answer", article.short_answer), ("More", article.long_answer),
                       ("see_doctor", article.see_doctor or "")):
        for clause in dose_orders(text):
            bad(f"{part} orders a dose change ({clause!r}): attribute it to the label or say 'ask your prescriber'")
    return problems
