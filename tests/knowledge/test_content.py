"""The shipped articles: valid, cited, short, and never telling anyone to change their dose."""
from __future__ import annotations

import re

import pytest

from knowledge.content import DEFAULT_ARTICLES_DIR, SHORT_ANSWER_MAX_WORDS, count_words, read_articles
from knowledge.topics import INTENT_TOPICS, KNOWN_TOPICS, REQUIRED_TOPICS, topic_for_intent

ARTICLES = {a.topic: a for a in read_articles(DEFAULT_ARTICLES_DIR)}

# The sources DESIGN.md names; an article may cite nothing else.
ALLOWED_CITATION_STARTS = (
    "Expert consensus on the clinical application of oral isotretinoin in acne (China)",
    "Bagatin E, Costa CS. The use of isotretinoin for acne",
    "Demircay Z, Kus S, Sur H. Predictive factors for acne flare during isotretinoin treatment. Eur J Dermatol 2008;18(4):452-6",
    "Borghi A, Mantovani L, Minghetti S, et al. Acute acne flare following isotretinoin administration",
    "Greywal T, Zaenglein AL, Baldwin HE, et al. Evidence-based recommendations for the management of acne fulminans",
    "Isotretinoin capsules, US prescribing information and Medication Guide",
    "Isotretinoin (Roaccutane) summary of product characteristics and package leaflet",
    # issue 15, part A: further sources the issue allows (labels, NHS, AAD, DermNet, LactMed, papers)
    "NHS website (nhs.uk): Isotretinoin capsules",
    "Drugs and Lactation Database (LactMed), US National Library of Medicine: Isotretinoin",
    "iPLEDGE REMS (Risk Evaluation and Mitigation Strategy) for isotretinoin",
    "MHRA Drug Safety Update, October 2023: new safety measures for isotretinoin",
    "British National Formulary (BNF): Isotretinoin",
    "Joint UK Blood Transfusion and Tissue Transplantation Services Professional Advisory Committee (JPAC)",
    "Zane LT, Leyden WA, Marqueling AL, Manos MM. A population-based analysis of laboratory abnormalities during isotretinoin therapy",
    "Spring LK, Krakowski AC, Alam M, et al. Isotretinoin and timing of procedural interventions",
    "DermNet (DermNet NZ): Acne scarring",
    "American Academy of Dermatology (AAD): Makeup tips for acne-prone skin",
    # issue 15, part B: sources the lead named for the new articles
    "NHS. Isotretinoin capsules (Roaccutane), nhs.uk medicines information",
    "NHS. Nosebleed, nhs.uk health A to Z",
    "NHS. Can I take my medicine abroad?, nhs.uk common health questions",
    "Absorica (isotretinoin) capsules, US prescribing information",
    "MSD Manual Professional Version. Acne vulgaris",
    "Zaenglein AL, Pathy AL, Schlosser BJ, et al. Guidelines of care for the management of acne vulgaris. J Am Acad Dermatol 2016;74(5):945-973",
    "Bagatin E, Costa CS, Rocha MA, et al. Consensus on the use of oral isotretinoin in dermatology – Brazilian Society of Dermatology. An Bras Dermatol 2020;95(Suppl 1):19-38",
)
# Only identifiers checked against the publisher/PubMed records.
VERIFIED_URLS = {
    "https://doi.org/10.1684/ejd.2008.0441",  # Demircay 2008
    "https://doi.org/10.1016/j.jaad.2016.11.028",  # Greywal 2017
    "https://doi.org/10.1001/jamadermatol.2017.2077",  # Spring 2017 (DOI as listed by the journal's indexers)
}
CONTRACT_FAQ_INTENTS = {
    "ask_mechanism", "ask_flare_rate", "ask_flare_meaning", "ask_flare_duration", "ask_prevention",
    "ask_skin_care", "ask_diet", "ask_lifestyle", "ask_dose",
}
DOSE_CHANGE = re.compile(
    r"(?:^|[.;:!?]\s+|\b(?:you should|you can|try to|try|just)\s+)"
    r"(?:increase|decrease|reduce|lower|raise|double|halve|cut|change|adjust|stop|skip)\s+(?:your|the)\s+(?:dose|dosage)",
    re.IGNORECASE,
)
JARGON = ("comedone", "sebaceous", "nodule", "teratogen", "cumulative", "mg/kg", "cheilitis", "pathogenesis", "lesion")


def test_every_known_topic_has_exactly_one_article():
    assert set(ARTICLES) == set(KNOWN_TOPICS)


def test_intent_topics_cover_the_conversation_contract():
    assert set(INTENT_TOPICS) == CONTRACT_FAQ_INTENTS
    assert set(INTENT_TOPICS.values()) <= REQUIRED_TOPICS <= KNOWN_TOPICS
    assert topic_for_intent("ask_dose") == "dose"
    assert topic_for_intent("greet") is None and topic_for_intent(None) is None


@pytest.mark.parametrize("topic", sorted(KNOWN_TOPICS))
def test_article_is_cited_short_and_complete(topic):
    article = ARTICLES[topic]
    assert article.sources, "every article needs a source"
    for source in article.sources:
        assert source.citation.startswith(ALLOWED_CITATION_STARTS), source.citation
        assert source.url is None or source.url in VERIFIED_URLS, source.url
    assert 0 < count_words(article.short_answer) <= SHORT_ANSWER_MAX_WORDS
    assert count_words(article.long_answer) > count_words(article.short_answer)
    assert article.questions and article.title and article.reviewer
    assert re.search(r"\byou(r)?\b", article.short_answer, re.I), "short answers speak to the patient"
    assert not [w for w in JARGON if w in article.short_answer.lower()], "keep jargon out of the short answer"


@pytest.mark.parametrize("topic", sorted(KNOWN_TOPICS))
def test_no_instruction_to_change_the_dose(topic):
    article = ARTICLES[topic]
    for text in (article.short_answer, article.long_answer, article.see_doctor or ""):
        assert not DOSE_CHANGE.search(text), DOSE_CHANGE.search(text).group(0)


@pytest.mark.parametrize("topic", ["mechanism", "prevention", "dose", "missed_dose", "severe_flare", "course_length"])
def test_dose_topics_send_the_patient_to_the_prescriber(topic):
    article = ARTICLES[topic]
    text = " ".join([article.short_answer, article.long_answer, article.see_doctor or ""]).lower()
    assert "prescriber" in text or "your doctor" in text
    assert "never change your dose yourself" in text or "don't change your dose yourself" in text


@pytest.mark.parametrize(
    "topic",
    ["mechanism", "flare_rate", "flare_meaning", "flare_duration", "prevention", "dose", "severe_flare",
     "side_effects", "pregnancy_prevention", "lifestyle", "sun", "alcohol", "exercise", "missed_dose"],
)
def test_see_doctor_line_where_it_applies(topic):
    assert ARTICLES[topic].see_doctor


def test_key_facts_are_stated_with_their_sources():
    rate = ARTICLES["flare_rate"]
    assert "15%" in rate.short_answer
    assert all(fact in rate.long_answer for fact in ("32%", "18%", "10%", "4.5%"))
    assert any(s.citation.startswith("Demircay") for s in rate.sources)

    prevention = ARTICLES["prevention"]
    assert "0.2 mg per kg" in prevention.long_answer
    assert any(s.citation.startswith("Borghi") for s in prevention.sources)

    dose = ARTICLES["dose"]
    assert "0.5 to 1.0" in dose.short_answer and "0.25 to 0.5" in dose.short_answer
    assert "120–150" in dose.short_answer and "16–24 weeks" in dose.long_answer
    assert "food" in dose.short_answer

    duration = ARTICLES["flare_duration"]
    assert "8 weeks" in duration.short_answer and "8 weeks" in duration.see_doctor

    severe = ARTICLES["severe_flare"]
    assert "acne fulminans" in severe.short_answer and "same day" in severe.short_answer
    assert any(s.citation.startswith("Greywal") for s in severe.sources)

    diet = ARTICLES["diet"]
    assert "vitamin A" in diet.short_answer and "strict diet" in diet.short_answer

    assert "immediately" in ARTICLES["pregnancy_prevention"].see_doctor
    assert "6 months" in ARTICLES["waxing"].short_answer
    assert "emergency" in ARTICLES["lifestyle"].see_doctor  # self-harm goes to emergency help


def test_a_clinic_adds_a_topic_in_clinic_topics_yml(tmp_path):
    import shutil

    from knowledge.content import DEFAULT_ARTICLES_DIR, ContentError, read_articles

    articles = shutil.copytree(DEFAULT_ARTICLES_DIR, tmp_path / "articles")
    new = (articles / "sun.md").read_text(encoding="utf-8").replace("topic: sun", "topic: tattoos", 1)
    (articles / "tattoos.md").write_text(new, encoding="utf-8")
    with pytest.raises(ContentError, match="clinic_topics.yml"):
        read_articles(articles)
    (articles / "clinic_topics.yml").write_text("- tattoos\n", encoding="utf-8")
    assert "tattoos" in {a.topic for a in read_articles(articles)}
    (articles / "clinic_topics.yml").write_text("- Not A Key\n", encoding="utf-8")
    with pytest.raises(ContentError, match="not a lower-case key"):
        read_articles(articles)
