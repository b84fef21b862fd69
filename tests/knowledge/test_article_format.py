"""Every article — knowledge/articles and the clinic's folder, if there is one — held to the editorial rules.

The rules and why they are what they are: ``knowledge.format_rules``. The
dose-order detector is safety logic, so it is tested on its own below, both
ways, including the phrasings it must let through.
"""
from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest

from knowledge.content import DEFAULT_ARTICLES_DIR, ArticleContent, SourceRef, parse_article_file, read_articles
from knowledge.format_rules import ARTICLE_MAX_WORDS, SEE_DOCTOR_EXEMPT, dose_orders, format_problems
from knowledge.loader import clinic_articles_dir
from knowledge.topics import KNOWN_TOPICS

CLINIC_DIR = clinic_articles_dir()
ARTICLES = read_articles(clinic_directory=CLINIC_DIR)


@pytest.mark.parametrize("article", ARTICLES, ids=lambda a: Path(a.path).name)
def test_every_article_keeps_the_format(article):
    assert format_problems(article) == []


def test_every_article_file_is_checked():
    """No file escapes (a clinic override replaces its built-in article, so it is checked instead)."""
    files = {p.stem for p in DEFAULT_ARTICLES_DIR.glob("*.md")} | (
        {p.stem for p in CLINIC_DIR.glob("*.md")} if CLINIC_DIR else set())
    assert {a.topic for a in ARTICLES} == files and len(ARTICLES) >= 20


# --- each rule fails when broken -----------------------------------------------------------------

BASE = ArticleContent(
    path="x.md", topic="alcohol", title="t", short_answer="A short, kind answer.", long_answer="More words.",
    reviewed_on=date(2026, 11, 25), reviewer="Dr A", sources=(SourceRef("A citation"),), questions=("q?",),
    see_doctor="See your doctor if it gets worse.",
)


def replaced(**changes):
    return ArticleContent(**{**BASE.__dict__, **changes})


@pytest.mark.parametrize("changes, problem", [
    ({"sources": ()}, "no source"),
    ({"title": "t" * 76}, "title has 76 characters"),
    ({"reviewed_on": date.today() + timedelta(days=1)}, "not a real date up to today"),
    ({"short_answer": "word " * 81}, "short answer has 81 words"),
    ({"long_answer": "word " * ARTICLE_MAX_WORDS}, f"at most {ARTICLE_MAX_WORDS}"),
    ({"see_doctor": None}, "no see_doctor line"),
    ({"long_answer": "If you forget, take two capsules the next day."}, "orders a dose change"),
    ({"see_doctor": "Increase your dose to 40 mg if it flares."}, "orders a dose change"),
])
def test_each_rule_catches_its_problem(changes, problem):
    problems = format_problems(replaced(**changes))
    assert len(problems) == 1 and problem in problems[0] and problems[0].startswith("x.md: ")


def test_an_exempt_topic_or_a_clinics_new_topic_needs_no_doctor_line():
    assert format_problems(replaced(topic=sorted(SEE_DOCTOR_EXEMPT)[0], see_doctor=None),
                           known_topics=KNOWN_TOPICS | SEE_DOCTOR_EXEMPT) == []
    assert format_problems(replaced(topic="parking", see_doctor=None)) == []
    assert format_problems(replaced(topic="dose", see_doctor=None))  # a clinic's override of a topic still needs one


# --- the dose-order detector ----------------------------------------------------------------------

ORDERS = [
    "Take 20 mg a day.",
    "take 2 a day",
    "Please take 2 capsules with dinner.",
    "If you forget a dose, take two capsules the next morning.",
    "Missed one? Take an extra capsule tomorrow.",
    "Take a double dose to catch up.",
    "Increase your dose to 40 mg.",
    "Raise the daily dose when the flare settles.",
    "Double the dose if the flare is bad.",
    "You should lower your dose.",
    "It's fine to halve your capsules on bad days.",
    "Then go up to 40 mg.",
    "- **Missed one?** Skip the missed dose.",
    "Skip your next dose if you feel sick.",
    "Stop taking it if your skin is too dry.",
    "Flaring? Stop your isotretinoin for a week.",
    "STOP TAKING YOUR MEDICINE IF IT ITCHES.",
]
ALLOWED = [
    "Never take two doses at once.",
    "never take a double dose to make up for a missed one",
    "Don't change your dose yourself.",
    "Never change your dose yourself, and don't stop early on your own.",
    "The US Medication Guide says to skip the missed dose and take the next one at the usual time.",
    "The UK/EU package leaflet says to take it as soon as you remember.",
    "Your prescriber may increase your dose.",
    "Many prescribers start at a low dose and raise it gradually.",
    "If your starting dose seems high, raise it at your next visit — don't change it yourself.",
    "Take it once or twice a day, exactly as your prescriber says.",
    "Take your capsules with the same meal each day.",
    "Keep taking your medicine as prescribed.",
    "Take more breaks from the sun.",
    "Stop taking isotretinoin and call your doctor at once if you feel depressed or have thoughts of suicide.",
    "If you become pregnant, stop taking isotretinoin straight away and contact your prescriber.",
    "Stop taking it and get help now if you have a rash with fever or blisters.",
    "Stop waxing for 6 months.",
    "Ask your prescriber before you change your dose.",
]


@pytest.mark.parametrize("text", ORDERS)
def test_a_dose_order_is_found(text):
    assert dose_orders(text), text


@pytest.mark.parametrize("text", ALLOWED)
def test_attributed_guidance_prohibitions_and_safety_stops_are_allowed(text):
    assert dose_orders(text) == []


@pytest.mark.parametrize("text", ["", "   ", "—;,.", "take", "x" * 5000, "Take\n20 mg"])
def test_odd_text_does_not_break_the_detector(text):
    assert isinstance(dose_orders(text), list)


def test_a_real_file_with_an_order_fails_the_format(tmp_path):
    text = (DEFAULT_ARTICLES_DIR / "missed_dose.md").read_text(encoding="utf-8")
    (tmp_path / "missed_dose.md").write_text(text.replace("## More\n", "## More\nJust take two capsules next time.\n"),
                                            encoding="utf-8")
    article, problems = parse_article_file(tmp_path / "missed_dose.md")
    assert problems == [] and any("orders a dose change" in p for p in format_problems(article))
