"""Answers by topic, the text patients read, and free-text search over the shipped articles."""
from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path

import pytest
from sqlalchemy import func, select

import encoder
from knowledge.content import DEFAULT_ARTICLES_DIR
from knowledge.loader import load_articles
from knowledge.models import Article, create_knowledge_tables
from knowledge.query_vector import pack, query_text, unpack
from knowledge.search import Answer, Hit, answer_for_topic, format_answer, search
from knowledge.text import analyse, edit_distance, stem
from knowledge.topics import INTENT_TOPICS, KNOWN_TOPICS
from storage.database import get_engine, session_scope

# Written the way patients type — not copied from the articles — with misspellings. Eight were
# relabelled when issue 15 added an article that answers them more exactly than the general one
# (chapped lips -> dry_lips, nose bleeds, multivitamin, with a meal, cumulative dose, laser hair
# removal, acne coming back -> relapse, cream for a dry face -> dry_skin).
PARAPHRASES = [
    ("why did my skin get worse after starting accutane", "mechanism"),
    ("what makes acne worse at the begining of isotretinoin treatment", "mechanism"),
    ("how come my face is breaking out more now that im on roacutane", "mechanism"),
    ("whats the reason acne flares when you start roaccutane", "mechanism"),
    ("how does accutane actually work on your skin", "mechanism"),
    ("is it normal that my acutane made me break out?", "flare_rate"),
    ("do lots of people get the purge or is it just me", "flare_rate"),
    ("what are the chances of a flare up on tane", "flare_rate"),
    ("is a breakout in the first month typical", "flare_rate"),
    ("does every patient purge", "flare_rate"),
    ("is the purge a good thing? does it mean its working", "flare_meaning"),
    ("does breaking out mean the isotretinion is failing", "flare_meaning"),
    ("should i be scared my acne flared up, is that bad", "flare_meaning"),
    ("is purging a sign my accutaine is doing its job", "flare_meaning"),
    ("my breakout is awful, does that mean isotretinoin wont work for me", "flare_meaning"),
    ("how long will this purge go on for", "flare_duration"),
    ("when will the breakout calm down", "flare_duration"),
    ("my flare has been going for 10 weeks when does it end", "flare_duration"),
    ("how many weeks untill the purge is over", "flare_duration"),
    ("im on week 9 and still breaking out is this too long", "flare_duration"),
    ("is there any way to stop a flare before it starts", "prevention"),
    ("how can i avoid getting the initial breakout", "prevention"),
    ("would a lower starting dose prevent the purge", "prevention"),
    ("can i do anything to not purge", "prevention"),
    ("should my doctor have started me on a smaller dose to avoid a flare", "prevention"),
    ("what moisturizer and cleanser should i use on accutane", "skin_care"),
    ("is it ok to squeeze my zits", "skin_care"),
    ("best skincare routine during the purge", "skin_care"),
    ("what cream should i put on my dry face", "dry_skin"),
    ("can i exfoliate my skin on tane", "skin_care"),
    ("does eating chocolate make acne worse on tane", "diet"),
    ("should i cut out dairy", "diet"),
    ("what should i eat while on isotretinoin", "diet"),
    ("is fast food or junk food bad for acne", "diet"),
    ("can i take a multivitamin", "vitamin_a_supplements"),
    ("does being stressed out make my skin worse", "lifestyle"),
    ("will getting more sleep help my acne", "lifestyle"),
    ("tips for healthy habits during my course", "lifestyle"),
    ("how many mg should i take a day", "dose"),
    ("is 60mg too much for my weight", "dose"),
    ("do i need to take accutane with a meal", "food_absorption"),
    ("whats the right dosage for someone who weighs 70kg", "dose"),
    ("cumulative dose explained", "cumulative_dose"),
    ("my spots are open and bleeding and i have a temperature", "severe_flare"),
    ("i've got huge painful cysts everywhere, is this serious?", "severe_flare"),
    ("what is acne fulminans", "severe_flare"),
    ("my face has deep painful lumps and i feel feverish and my joints ache", "severe_flare"),
    ("when is a flare bad enough to see the doctor urgently", "severe_flare"),
    ("i forgot my pill this morning", "missed_dose"),
    ("should i double up if i missed yesterday's capsule", "missed_dose"),
    ("oops i didnt take my tablet yesterday", "missed_dose"),
    ("my lips are peeling and cracking so bad", "dry_lips"),
    ("i keep getting nose bleeds", "nosebleeds"),
    ("what side efects should i watch out for", "side_effects"),
    ("dry eyes and sore back on isotretinoin", "side_effects"),
    ("can i get pregnent on roaccutane", "pregnancy_prevention"),
    ("what birth control do i need", "pregnancy_prevention"),
    ("do i need two types of contraception", "pregnancy_prevention"),
    ("can i have a glass of wine on accutane", "alcohol"),
    ("is drinking alcohol ok with isotretinoin", "alcohol"),
    ("is a few pints ok", "alcohol"),
    ("can i go sunbathing on holiday", "sun"),
    ("which spf should i wear", "sun"),
    ("do i need suncream in winter", "sun"),
    ("can i get a bikini wax", "waxing"),
    ("is laser hair removal ok", "laser_treatments"),
    ("can i get my eyebrows threaded or waxed", "waxing"),
    ("can i lift weights at the gym", "exercise"),
    ("is running a marathon ok on accutane", "exercise"),
    ("why do they keep testing my blood", "blood_tests"),
    ("do i have to fast for my bloods", "blood_tests"),
    ("what do they check in the blood tests", "blood_tests"),
    ("are accutane and roaccutane the same drug", "brand_names"),
    ("is generic isotretinoin any different", "brand_names"),
    ("absorica vs claravis whats the difference", "brand_names"),
    ("how many months does the treatment last", "course_length"),
    ("will my acne come back when i finish", "relapse"),
    ("how long will i be on this medication", "course_length"),
    ("what happens after i finish the course", "course_length"),
    # terse ones
    ("what dose should I be on", "dose"),
    ("dosage?", "dose"),
    ("alcohol?", "alcohol"),
    ("missed dose", "missed_dose"),
    ("acne fulminans", "severe_flare"),
    ("brand names", "brand_names"),
]
MIN_ACCURACY = 0.9

OUT_OF_SCOPE = [
    "what's the weather like today",
    "book me a flight to paris",
    "how do i bake bread",
    "who won the football last night",
    "tell me a joke",
    "what is the capital of france",
    "play some music",
    "how do i fix my car",
    "recommend a good movie",
    "what time is it in tokyo",
    "order me a pizza",
    "how tall is mount everest",
    "can you help me with my taxes",
    "what is the meaning of life",
    "what's the best pizza topping",
    "how do i change a tyre",
    "translate hello into spanish",
    "set an alarm for 7am",
    # chit-chat belongs to the NLU intents, not to an article
    "good morning",
    "hello there",
    "thanks so much",
    "are you a bot?",
    "i want to speak to a human",
]

HOSTILE = [
    "",
    "   \n\t ",
    "?!?...,,,",
    "a" * 10_000,
    "accutane " * 2_000,
    "'; DROP TABLE knowledge_articles; --",
    "Robert'); DELETE FROM knowledge_sources WHERE 1=1;--",
    "SELECT * FROM knowledge_articles UNION SELECT password FROM users",
    "😀🔥💊🙈" * 50,
    "\x00\x01\x02 null bytes \x00",
    "‮ right-to-left override ‭",
    "%s %d {0} {topic} ${HOME} `rm -rf /`",
    "<script>alert('x')</script>",
    "ｆｕｌｌｗｉｄｔｈ ａｃｃｕｔａｎｅ",
    "ACNE ACNE ACNE!!!",
    "1234567890 " * 100,
    "élan naïve café déjà vu purge",
]


@pytest.fixture
def session(shipped_articles_url):
    with session_scope(shipped_articles_url) as session:
        yield session


# --- answers -----------------------------------------------------------------------------------


@pytest.mark.parametrize("intent, topic", sorted(INTENT_TOPICS.items()))
def test_every_intent_topic_has_an_answer(session, intent, topic):
    answer = answer_for_topic(session, topic)
    assert isinstance(answer, Answer) and answer.topic == topic
    assert answer.title and answer.short_answer and answer.long_answer
    assert answer.sources and all(isinstance(s, str) and s for s in answer.sources)


def test_every_known_topic_has_an_answer(session):
    assert all(answer_for_topic(session, topic) for topic in KNOWN_TOPICS)


@pytest.mark.parametrize("topic", ["nope", "", None, 42, "x" * 10_000, "mechanism'; --", "MECHANISM"])
def test_unknown_topic_has_no_answer(session, topic):
    assert answer_for_topic(session, topic) is None


def test_answer_is_frozen(session):
    answer = answer_for_topic(session, "dose")
    with pytest.raises(dataclasses.FrozenInstanceError):
        answer.short_answer = "take more"  # type: ignore[misc]


def test_format_answer_gives_short_answer_doctor_line_and_source(session):
    answer = answer_for_topic(session, "flare_rate")
    text = format_answer(answer)
    assert text.startswith(answer.short_answer)
    assert answer.see_doctor in text
    assert text.rstrip().endswith("Source: " + "; ".join(answer.sources))
    assert answer.long_answer not in text


def test_format_answer_more_gives_the_long_answer(session):
    answer = answer_for_topic(session, "severe_flare")
    text = format_answer(answer, more=True)
    assert text.startswith(answer.long_answer)
    assert answer.see_doctor in text and "Greywal" in text and "Source: " in text


def test_format_answer_without_doctor_line():
    answer = Answer("x", "Title", "Short.", "Long.", None, ("A source",))
    assert format_answer(answer) == "Short.\n\nSource: A source"
    assert format_answer(answer, more=True) == "Long.\n\nSource: A source"


@pytest.mark.parametrize("topic", sorted(KNOWN_TOPICS))
def test_every_formatted_answer_includes_its_sources(session, topic):
    answer = answer_for_topic(session, topic)
    for more in (False, True):
        text = format_answer(answer, more=more)
        assert "Source: " in text and all(citation in text for citation in answer.sources)


# --- search ------------------------------------------------------------------------------------


def test_paraphrased_questions_find_the_right_topic(session):
    misses = []
    for question, topic in PARAPHRASES:
        hits = search(session, question)
        if not hits or hits[0].topic != topic or not hits[0].confident:
            misses.append((question, topic, [(h.topic, h.score, h.confident) for h in hits]))
    accuracy = 1 - len(misses) / len(PARAPHRASES)
    assert accuracy >= MIN_ACCURACY, f"accuracy {accuracy:.0%}; misses: {misses}"


@pytest.mark.parametrize("topic", sorted(INTENT_TOPICS.values()))
def test_each_intent_topic_is_found_by_some_paraphrase(session, topic):
    found = [q for q, t in PARAPHRASES if t == topic and (h := search(session, q)) and h[0].topic == topic and h[0].confident]
    assert found


@pytest.mark.parametrize("question, topics", [
    # Reported against BM25 alone, which put flare_meaning first for the first ("work" is in its
    # text) and declined the third; the sentence encoder sees what they ask.
    ("how does isotretinoin actually work", {"mechanism"}),
    ("why do doctors start with a low dose", {"prevention"}),
    ("what is the initial breakout", {"flare_rate", "flare_meaning", "flare_duration", "initial_breakout"}),
])
def test_reported_questions_get_the_article_that_answers_them(session, question, topics):
    hits = search(session, question)
    assert hits[0].topic in topics and hits[0].confident, hits


@pytest.mark.parametrize("name", ["accutane", "roaccutane", "tane", "accutaine"])
def test_the_name_of_the_medicine_does_not_change_the_semantic_match(session, name):
    """Brands, slang and misspellings are written "isotretinoin" before encoding, on both sides."""
    by_name = search(session, f"can i get pregnant while on {name}", limit=61)
    plain = search(session, "can i get pregnant while on isotretinoin", limit=61)
    assert {h.topic: h.semantic for h in by_name} == {h.topic: h.semantic for h in plain}
    assert by_name[0].topic == "pregnancy_prevention" and by_name[0].confident


@pytest.mark.parametrize("question", OUT_OF_SCOPE)
def test_out_of_scope_questions_are_declined(session, question):
    hits = search(session, question)
    assert not any(hit.confident for hit in hits), hits


@pytest.mark.parametrize("query", HOSTILE, ids=range(len(HOSTILE)))
def test_hostile_queries_do_not_raise(session, query):
    hits = search(session, query)
    assert isinstance(hits, list) and len(hits) <= 3
    assert all(isinstance(h, Hit) for h in hits)
    assert session.execute(select(func.count(Article.id))).scalar_one() == len(KNOWN_TOPICS)


@pytest.mark.parametrize("query", [None, 42, b"accutane", ["accutane"]])
def test_non_text_queries_return_nothing(session, query):
    assert search(session, query) == []  # type: ignore[arg-type]


def test_limit_is_respected(session):
    assert search(session, "accutane flare", limit=0) == []
    assert search(session, "accutane flare", limit=-5) == []
    assert len(search(session, "accutane flare", limit=1)) == 1
    assert len(search(session, "accutane flare skin dose sun", limit=50)) <= len(KNOWN_TOPICS)


def test_results_are_deterministic_and_sorted(session):
    first = search(session, "my spots are bleeding and crusted", limit=10)
    assert first == search(session, "my spots are bleeding and crusted", limit=10)
    assert [h.score for h in first] == sorted((h.score for h in first), reverse=True)


@pytest.mark.parametrize("question", ["is it normal that my acutane made me break out?", "can i wax on tane",
                                      "does the covid vaccine have side effects?"])
def test_the_nlu_vector_gives_the_same_hits_within_float16_rounding(session, question, monkeypatch):
    """Issue 17: the vector packed by the NLU replaces encoding the question, and the encoder is not run."""
    computed = search(session, question, limit=61)
    packed = pack(question, encoder.encode([query_text(question)])[0])
    monkeypatch.setattr(encoder, "encode", lambda texts: pytest.fail("the question was encoded again"))
    passed = search(session, question, limit=61, query_vector=unpack(packed, question))
    assert [h.topic for h in passed] == [h.topic for h in computed]
    assert [h.confident for h in passed] == [h.confident for h in computed]
    for mine, theirs in zip(passed, computed):
        assert abs(mine.semantic - theirs.semantic) <= 2e-4 and abs(mine.score - theirs.score) <= 2e-4
        assert mine.bm25 == theirs.bm25


def test_empty_store_returns_no_hits(tmp_path):
    url = f"sqlite:///{tmp_path / 'empty.db'}"
    create_knowledge_tables(get_engine(url))
    with session_scope(url) as session:
        assert search(session, "accutane purge") == []
        assert answer_for_topic(session, "mechanism") is None


def test_index_follows_content_changes(tmp_path):
    url = f"sqlite:///{tmp_path / 'kb.db'}"
    create_knowledge_tables(get_engine(url))
    articles = Path(shutil.copytree(DEFAULT_ARTICLES_DIR, tmp_path / "articles"))
    with session_scope(url) as session:
        load_articles(session, articles)
    with session_scope(url) as session:
        assert not any(h.confident and h.topic == "waxing" for h in search(session, "sugaring appointment"))
    path = articles / "waxing.md"
    path.write_text(path.read_text(encoding="utf-8").replace("questions:\n", "questions:\n  - Can I book a sugaring appointment?\n"), encoding="utf-8")
    with session_scope(url) as session:
        assert load_articles(session, articles).updated == ["waxing"]
    with session_scope(url) as session:
        hits = search(session, "sugaring appointment")
        assert hits[0].topic == "waxing"


# --- text normalisation ------------------------------------------------------------------------


def test_normalisation_folds_synonyms_plurals_and_phrases():
    assert analyse("Roaccutane") == analyse("accutane") == analyse("tane") == ["isotretinoin"]
    assert analyse("zits") == analyse("pimples") == analyse("spot") == ["spot"]
    assert analyse("break-out") == analyse("breaking out") == analyse("purging") == analyse("flare-up") == ["flare"]
    assert stem("waxing") == "wax" and stem("weeks") == "week" and stem("running") == "run"
    assert analyse("What is the...") == []


def test_edit_distance():
    assert edit_distance("acutane", "accutane", 2) == 1
    assert edit_distance("isotretinion", "isotretinoin", 2) == 1  # transposition
    assert edit_distance("bread", "sunscreen", 2) == 3
