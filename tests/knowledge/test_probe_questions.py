"""Held-out probe questions, answered the two ways a patient can meet them.

tests/data/probe_questions.yml is HELD OUT (its header and tests/data/PROBES.md say how it was
written): nobody trains, tunes or calibrates on it. Each question expects one topic's article, or
``decline`` (no checked answer). A question is right when the patient gets exactly that article,
or, for ``decline``, no article at all. Two paths, each measured on every question:

* ``search`` — ``knowledge.search.search`` over the shipped articles: the answer is the top hit
  when it is confident (what ``action_search_knowledge`` says), otherwise none.
* ``end_to_end`` — what a patient actually gets: the trained NLU model (models/flarecare.tar.gz)
  parses the question; an FAQ intent is routed search-first (``knowledge.routing.routed_topic``: the
  search over every article, the intent's topic given a bonus — what ``action_answer_faq`` does for
  a typed question, issue 13); an intent that data/rules.yml sends to ``action_search_knowledge``
  (out_of_scope, nlu_fallback, ask_question) and a typed ``ask_topic`` get the search's answer; any
  other intent (request_human, report_flare, greet, a red flag...) gives no article — a miss for an
  in-scope question, a decline for the others. "Did you mean ...?" after nlu_fallback is not an answer either.

Topics whose article file does not exist yet (issue 15 adds 41 of the 61) are reported as "not in
the store yet" and left out of the in-scope figure; every decline question counts. Targets: top-1
accuracy >= 90% in scope, >= 95% of declines declined. Run with ``-s`` to see the table per group
and the misses.
"""
from __future__ import annotations

import asyncio
import logging
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, List, Optional, Sequence, Tuple

import pytest
import structlog
import yaml

from bot.red_flags import detect
from knowledge.content import DEFAULT_ARTICLES_DIR, read_articles
from knowledge.routing import routed_topic
from knowledge.search import search
from knowledge.topics import KNOWN_TOPICS, topic_for_intent
from storage.database import session_scope

ROOT = Path(__file__).resolve().parents[2]
PROBES = ROOT / "tests" / "data" / "probe_questions.yml"
RULES = ROOT / "data" / "rules.yml"
NLU = ROOT / "data" / "nlu"
MODEL = ROOT / "models" / "flarecare.tar.gz"

MIN_TOP1_ACCURACY = 0.90
MIN_DECLINE_RATE = 0.95
MAX_WORD_OVERLAP = 0.8  # Jaccard overlap of words at which a probe counts as copied into tuning data
ANNOTATION = re.compile(r"\[([^\]]*)\](?:\([^)]*\)|\{[^}]*\})")  # [text](entity) or [text]{"entity": ...}
# Today's figures are below both targets (tests/data/PROBES.md); the lead removes this mark once issues 13 and 15 are merged.
BELOW_TARGET = pytest.mark.xfail(strict=False, reason="targets of issues 13 and 15; see README")

DECLINE = "decline"
DECLINE_GROUPS = ("off_topic", "uncovered")
# The 61 topics of the brief (issue 15), by the group the probe set reports them in.
TOPIC_GROUPS: Dict[str, Tuple[str, ...]] = {
    "flare": ("flare_rate", "flare_meaning", "flare_duration", "mechanism", "prevention", "severe_flare",
              "initial_breakout"),
    "dosing_course": ("dose", "course_length", "cumulative_dose", "low_dose_treatment", "missed_dose",
                      "food_absorption", "stopping_early", "results_timeline", "starting_treatment", "relapse"),
    "interactions": ("tetracyclines", "vitamin_a_supplements", "st_johns_wort", "painkillers",
                     "topical_treatments", "alcohol", "diet"),
    "pregnancy": ("pregnancy_prevention", "pregnancy_prevention_programme", "breastfeeding", "male_fertility"),
    "blood": ("blood_tests", "blood_donation", "blood_fats", "liver"),
    "procedures": ("waxing", "laser_treatments", "chemical_peels", "dermabrasion", "tattoos_piercing", "scarring",
                   "shaving"),
    "body": ("dry_lips", "nosebleeds", "hair_thinning", "muscle_aches", "exercise", "dry_skin", "dry_eyes",
             "contact_lenses", "night_vision", "headaches", "skin_fragility", "sun", "travel", "makeup", "skin_care",
             "after_course_skin_care", "side_effects", "lifestyle"),
    "mood": ("mood_depression",),
    "practical": ("brand_names", "sharing_disposal", "storing_capsules"),
}
GROUP_OF = {topic: group for group, topics in TOPIC_GROUPS.items() for topic in topics}

PROBE_ITEMS: List[Dict] = yaml.safe_load(PROBES.read_text(encoding="utf-8"))
# A topic is measured only once its article exists; until then its questions are reported, not counted.
NOT_IN_STORE = frozenset(topic for topic in GROUP_OF if not (DEFAULT_ARTICLES_DIR / f"{topic}.md").exists())


def _intents_routed_to_search() -> frozenset:
    """Intents the search answers alone: those whose rule runs action_search_knowledge (data/rules.yml)."""
    rules = yaml.safe_load(RULES.read_text(encoding="utf-8"))["rules"]
    return frozenset(
        rule["steps"][0]["intent"]
        for rule in rules
        if len(rule["steps"]) >= 2 and "intent" in rule["steps"][0]
        and rule["steps"][1].get("action") == "action_search_knowledge"
    ) | {"ask_topic"}  # a typed ask_topic has no topic entity: action_answer_faq searches it


SEARCH_INTENTS = _intents_routed_to_search()


@dataclass(frozen=True)
class Outcome:
    item: Dict
    answer: Optional[str]  # the topic whose article the patient gets; None: no article
    how: str  # what decided it, for the list of misses

    @property
    def expected(self) -> Optional[str]:
        return None if self.item["expect"] == DECLINE else self.item["expect"]

    @property
    def right(self) -> bool:
        return self.answer == self.expected

    @property
    def counted(self) -> bool:
        return self.item["expect"] not in NOT_IN_STORE


def search_answer(session, question: str) -> Tuple[Optional[str], str]:
    """The topic action_search_knowledge answers with (its confident top hit), or None; and why."""
    hits = search(session, question, limit=2)
    if not hits:
        return None, "search: no hit"
    top = hits[0]
    found = f"{top.topic} {top.score:.1f} cov {top.coverage:.2f}"
    if top.confident:
        return top.topic, f"search: {found}"
    return None, f"search declined (closest {found})"


def patient_answer(session, parse: Dict, question: str) -> Tuple[Optional[str], str]:
    """The topic whose article the patient gets after the NLU's ``parse``, or None; and why."""
    intent = (parse.get("intent") or {}).get("name")
    topic = topic_for_intent(intent)
    if topic is not None:  # a typed question under an FAQ intent: searched, the intent as evidence
        confidence = (parse.get("intent") or {}).get("confidence")
        answer = routed_topic(search(session, question, limit=10_000), topic, confidence)
        return answer, f"intent {intent} {confidence:.2f}, routed: {answer or 'declined'}"
    if intent in SEARCH_INTENTS:
        answer, how = search_answer(session, question)
        return answer, f"intent {intent}, {how}"
    return None, f"intent {intent} (no article)"


# --- fixtures ----------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def agent():
    """The trained model, loaded once for the module (10-20 s)."""
    from rasa.core.agent import Agent  # here, not at the top: importing Rasa costs seconds the search path never needs

    # Rasa logs every parse through structlog, unconfigured (debug, to stdout) outside `rasa run`: keep the table readable.
    structlog.configure(wrapper_class=structlog.make_filtering_bound_logger(logging.WARNING))
    try:
        yield Agent.load(str(MODEL))
    finally:
        structlog.reset_defaults()


async def _parse_all(agent, texts: Sequence[str]) -> List[Dict]:
    return [await agent.parse_message(text) for text in texts]


NEEDS_MODEL = pytest.mark.skipif(not MODEL.exists(), reason="no trained model: run `make setup` first")


@pytest.fixture(scope="module", params=["search", pytest.param("end_to_end", marks=NEEDS_MODEL)])
def outcomes(request, shipped_articles_url) -> List[Outcome]:
    questions = [item["q"] for item in PROBE_ITEMS]
    with session_scope(shipped_articles_url) as session:
        if request.param == "search":
            answers = [search_answer(session, q) for q in questions]
        else:
            parses = asyncio.run(_parse_all(request.getfixturevalue("agent"), questions))
            answers = [patient_answer(session, parse, q) for parse, q in zip(parses, questions)]
    found = [Outcome(item, answer, how) for item, (answer, how) in zip(PROBE_ITEMS, answers)]
    print(report(request.param, found))
    return found


# --- the figures ----------------------------------------------------------------------------------


def _in_scope(outcomes: Sequence[Outcome]) -> List[Outcome]:
    return [o for o in outcomes if o.expected is not None and o.counted]


def _declines(outcomes: Sequence[Outcome]) -> List[Outcome]:
    return [o for o in outcomes if o.expected is None]


def _rate(outcomes: Sequence[Outcome]) -> float:
    return sum(o.right for o in outcomes) / len(outcomes) if outcomes else 0.0


def _row(name: str, outcomes: Sequence[Outcome], what: str, extra: str = "") -> str:
    right = sum(o.right for o in outcomes)
    figure = f"{right}/{len(outcomes)} = {_rate(outcomes):6.1%}" if outcomes else "-"
    return f"  {name:<15} n={len(outcomes):<4} {what} {figure}{extra}"


def report(path: str, outcomes: Sequence[Outcome]) -> str:
    """The table: per group n and top-1 accuracy (decline rate for the decline groups), then the misses."""
    lines = ["", f"Probe questions ({PROBES.name}), path: {path}"]
    waiting = Counter(o.item["group"] for o in outcomes if not o.counted)
    for group in TOPIC_GROUPS:
        members = [o for o in _in_scope(outcomes) if o.item["group"] == group]
        later = f"   (+{waiting[group]} not in the store yet)" if waiting[group] else ""
        lines.append(_row(group, members, "top-1", later))
    lines.append(_row("IN SCOPE", _in_scope(outcomes), "top-1"))
    for group in DECLINE_GROUPS:
        lines.append(_row(group, [o for o in _declines(outcomes) if o.item["group"] == group], "declined"))
    lines.append(_row("DECLINES", _declines(outcomes), "declined"))
    if NOT_IN_STORE:
        # Left out of the figures, but a confident answer from another article is still what the patient reads.
        elsewhere = sum(o.answer is not None for o in outcomes if not o.counted)
        lines.append(
            f"  topic not in the store yet: {len(NOT_IN_STORE)} topics, {sum(waiting.values())} questions "
            f"left out ({elsewhere} of them answered today with another topic's article): "
            f"{', '.join(sorted(NOT_IN_STORE))}"
        )
    misses = [o for o in outcomes if o.counted and not o.right]
    lines.append(f"  misses ({len(misses)}):")
    for o in misses:
        lines.append(f"    [{o.item['group']}] expect {o.item['expect']}: {o.item['q']!r} -> {o.how}")
    return "\n".join(lines)


@BELOW_TARGET
def test_top1_accuracy_in_scope(outcomes):
    measured = _in_scope(outcomes)
    assert measured, "no in-scope probe question has its article yet"
    misses = [(o.item["q"], o.item["expect"], o.how) for o in measured if not o.right]
    assert _rate(measured) >= MIN_TOP1_ACCURACY, f"top-1 accuracy {_rate(measured):.1%}; misses: {misses}"


@BELOW_TARGET
def test_declines(outcomes):
    measured = _declines(outcomes)
    answered = [(o.item["q"], o.how) for o in measured if not o.right]
    assert _rate(measured) >= MIN_DECLINE_RATE, f"declined {_rate(measured):.1%}; answered: {answered}"


# --- the probe set itself -------------------------------------------------------------------------------


def test_the_probe_set_is_well_formed():
    assert all(set(item) == {"q", "expect", "group"} for item in PROBE_ITEMS)
    for item in PROBE_ITEMS:
        expected_group = DECLINE_GROUPS if item["expect"] == DECLINE else (GROUP_OF.get(item["expect"]),)
        assert item["group"] in expected_group, item
    texts = [item["q"].strip().lower() for item in PROBE_ITEMS]
    assert len(texts) == len(set(texts)), "a question appears twice"


def test_every_topic_is_probed_and_there_are_enough_declines():
    per_topic = Counter(item["expect"] for item in PROBE_ITEMS)
    assert {topic for topic in GROUP_OF if per_topic[topic] < 2} == set()
    assert KNOWN_TOPICS <= set(GROUP_OF), "a topic the store knows is missing from the probe groups"
    assert sum(n for topic, n in per_topic.items() if topic != DECLINE) >= 170
    groups = Counter(item["group"] for item in PROBE_ITEMS if item["expect"] == DECLINE)
    assert per_topic[DECLINE] >= 50 and all(groups[g] >= 20 for g in DECLINE_GROUPS), groups


def test_no_probe_was_copied_into_the_articles_or_the_nlu_data():
    """Held out means held out: a probe (or a near copy) in an article's questions or the NLU examples is tuning."""
    articles = read_articles(DEFAULT_ARTICLES_DIR)
    own = [_words(text) for article in articles for text in (article.title, *article.questions)]
    own += [_words(text) for text in _nlu_examples()]
    copied = []
    for item in PROBE_ITEMS:
        words = _words(item["q"])
        overlap = max(len(words & other) / len(words | other) for other in own if other)
        if overlap >= MAX_WORD_OVERLAP:
            copied.append((item["q"], round(overlap, 2)))
    assert copied == []


def _words(text: str) -> frozenset:
    return frozenset(re.findall(r"[a-z0-9]+", text.lower()))


def _nlu_examples() -> List[str]:
    texts = []
    for path in sorted(NLU.glob("*.yml")):
        for block in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("nlu", []):
            if "intent" in block:
                texts += [line.strip()[2:] for line in str(block.get("examples", "")).splitlines() if line.strip().startswith("- ")]
    return [ANNOTATION.sub(r"\1", text) for text in texts]


def test_no_probe_is_a_red_flag():
    """Red flags escalate instead of answering: a probe that raised one would measure the wrong thing."""
    assert [item["q"] for item in PROBE_ITEMS if detect(item["q"]).flags] == []
