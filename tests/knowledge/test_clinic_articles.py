"""A clinic's own articles: a folder that overrides or adds topics, shown as the clinic's, kept on restart."""
from __future__ import annotations

import hashlib
import io
import json
from pathlib import Path

import pytest

from knowledge.__main__ import main
from knowledge.answers import CLINIC_PREFIX, answer_for_topic, format_answer
from knowledge.content import DEFAULT_ARTICLES_DIR, ArticleContent, ContentError, read_articles
from knowledge.loader import clinic_articles_dir, load_articles
from knowledge.models import create_knowledge_tables
from knowledge.topics import KNOWN_TOPICS
from scripts.serve import main as serve
from storage.database import get_engine, session_scope

POLICY = "Dr Smith's Skin Clinic policy, 2026"


def article(topic, title="Alcohol at Dr Smith's clinic", short="We ask you not to drink at all during your course.",
            extra=""):
    return f"""---
topic: {topic}
title: {title}
reviewed_on: 2026-11-30
reviewer: Dr J. Smith, dermatologist
source_line: "{POLICY}"
sources:
  - citation: "Dr Smith's Skin Clinic, patient information: isotretinoin (2026)"
questions:
  - Can I drink while I'm on isotretinoin?
see_doctor: "Ring the clinic on 01632 960000 if you are unsure."
{extra}---
## Short answer
{short}

## More
Isotretinoin and alcohol both work the liver; our clinic's policy is no alcohol during the course.
"""


@pytest.fixture
def clinic(tmp_path) -> Path:
    folder = tmp_path / "clinic_articles"
    folder.mkdir()
    return folder


@pytest.fixture
def db_url(tmp_path):
    url = f"sqlite:///{tmp_path / 'knowledge.db'}"
    create_knowledge_tables(get_engine(url))
    return url


def load(url, clinic_directory):
    with session_scope(url) as session:
        return load_articles(session, DEFAULT_ARTICLES_DIR, clinic_directory=clinic_directory)


def answer(url, topic):
    with session_scope(url) as session:
        return answer_for_topic(session, topic)


def test_a_clinic_article_overrides_the_built_in_one_with_its_key(clinic):
    (clinic / "alcohol.md").write_text(article("alcohol"), encoding="utf-8")
    contents = {c.topic: c for c in read_articles(clinic_directory=clinic)}
    assert len(contents) == len(KNOWN_TOPICS)
    assert contents["alcohol"].from_clinic and contents["alcohol"].path == str(clinic / "alcohol.md")
    assert contents["alcohol"].source_line == POLICY
    assert not contents["diet"].from_clinic


def test_a_clinic_article_with_a_new_key_needs_no_topic_list(clinic):
    (clinic / "parking.md").write_text(article("parking", title="Parking at the clinic"), encoding="utf-8")
    topics = [c.topic for c in read_articles(clinic_directory=clinic)]
    assert "parking" in topics and len(topics) == len(KNOWN_TOPICS) + 1


def test_an_empty_clinic_folder_changes_nothing(clinic):
    assert read_articles(clinic_directory=clinic) == read_articles()


@pytest.mark.parametrize("extra, problem", [
    ("author: flarecare\n", "is the clinic's"),
    ("author: someone\n", "author 'someone' must be one of"),
    ("related: [no_such_topic]\n", "related topic 'no_such_topic' has no article"),
    ("related: [alcohol]\n", "related lists the article's own topic"),
    ("related: [diet, sun, dose, waxing]\n", "at most 3"),
    ("related: diet\n", "related must be a list"),
])
def test_a_wrong_clinic_article_is_refused_with_the_file_and_the_problem(clinic, extra, problem):
    (clinic / "alcohol.md").write_text(article("alcohol", extra=extra), encoding="utf-8")
    with pytest.raises(ContentError) as error:
        read_articles(clinic_directory=clinic)
    assert any(problem in line and "alcohol.md" in line for line in error.value.problems), error.value.problems


def test_duplicate_keys_in_the_clinic_folder_are_refused(clinic):
    (clinic / "alcohol.md").write_text(article("alcohol"), encoding="utf-8")
    (clinic / "alcohol_again.md").write_text(article("alcohol"), encoding="utf-8")
    with pytest.raises(ContentError, match="duplicate topic 'alcohol'"):
        read_articles(clinic_directory=clinic)


def test_a_clinic_folder_that_is_not_there_is_an_error_not_silence(tmp_path):
    with pytest.raises(ContentError, match="not a directory"):
        read_articles(clinic_directory=tmp_path / "missing")


def test_the_clinic_answer_is_shown_as_the_clinics_with_its_own_source_line(db_url, clinic):
    (clinic / "alcohol.md").write_text(article("alcohol"), encoding="utf-8")
    report = load(db_url, clinic)
    assert report.clinic == ["alcohol"] and "1 from the clinic" in report.one_line()
    text = format_answer(answer(db_url, "alcohol"))
    assert text.startswith(f"{CLINIC_PREFIX} We ask you not to drink at all")
    assert "01632 960000" in text and text.endswith(f"Source: {POLICY}")
    more = format_answer(answer(db_url, "alcohol"), more=True)
    assert more.startswith(f"{CLINIC_PREFIX} Isotretinoin and alcohol") and more.endswith(f"Source: {POLICY}")
    assert not format_answer(answer(db_url, "diet")).startswith(CLINIC_PREFIX)  # the others stay FlareCare's


def test_a_restart_keeps_the_clinic_article_and_removing_its_file_brings_back_the_built_in(db_url, clinic):
    (clinic / "alcohol.md").write_text(article("alcohol"), encoding="utf-8")
    (clinic / "parking.md").write_text(article("parking", title="Parking at the clinic"), encoding="utf-8")
    load(db_url, clinic)
    again = load(db_url, clinic)  # what scripts/serve.py does on every start
    assert not again.changed and answer(db_url, "alcohol").from_clinic and answer(db_url, "parking") is not None

    (clinic / "alcohol.md").unlink()
    (clinic / "parking.md").unlink()
    report = load(db_url, clinic)
    assert report.updated == ["alcohol"] and report.removed == ["parking"]
    assert not answer(db_url, "alcohol").from_clinic and answer(db_url, "parking") is None


def test_an_invalid_clinic_article_writes_nothing(db_url, clinic):
    load(db_url, clinic)
    (clinic / "alcohol.md").write_text(article("alcohol", short=""), encoding="utf-8")
    with pytest.raises(ContentError):
        load(db_url, clinic)
    assert not answer(db_url, "alcohol").from_clinic


def test_where_the_clinic_folder_is(tmp_path, monkeypatch):
    monkeypatch.setenv("FLARECARE_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("FLARECARE_CLINIC_ARTICLES", raising=False)
    assert clinic_articles_dir() is None  # no folder, no clinic articles
    (tmp_path / "data" / "clinic_articles").mkdir()
    assert clinic_articles_dir() == tmp_path / "data" / "clinic_articles"
    monkeypatch.setenv("FLARECARE_CLINIC_ARTICLES", str(tmp_path / "elsewhere"))
    assert clinic_articles_dir() == tmp_path / "elsewhere"  # named, so a missing folder fails loudly


def test_the_command_line_loads_the_clinic_folder(tmp_path, clinic):
    (clinic / "alcohol.md").write_text(article("alcohol"), encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    assert main(["--db", url, "load", "--clinic-dir", str(clinic)], out=out, err=err) == 0
    assert "from the clinic: 1" in out.getvalue() and "* alcohol" in out.getvalue()
    out = io.StringIO()
    assert main(["--db", url, "list"], out=out, err=err) == 0
    assert "(clinic)" in next(line for line in out.getvalue().splitlines() if line.startswith("alcohol "))


def test_the_hash_of_an_article_without_the_new_fields_is_unchanged():
    """Articles loaded before clinic articles existed are 'unchanged' after the upgrade, not rewritten."""
    plain = read_articles()[0]
    assert isinstance(plain, ArticleContent) and not plain.related and plain.author == "flarecare"
    old_payload = {
        "topic": plain.topic, "title": plain.title, "short_answer": plain.short_answer,
        "long_answer": plain.long_answer, "reviewed_on": plain.reviewed_on.isoformat(), "reviewer": plain.reviewer,
        "sources": [[s.citation, s.url] for s in plain.sources], "questions": list(plain.questions),
        "tags": list(plain.tags), "see_doctor": plain.see_doctor, "language": plain.language,
    }
    blob = json.dumps(old_payload, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    assert plain.content_hash == hashlib.sha256(blob.encode("utf-8")).hexdigest()


def test_the_servers_do_not_start_on_a_broken_clinic_article(tmp_path, monkeypatch, clinic):
    (clinic / "alcohol.md").write_text(article("alcohol", short=""), encoding="utf-8")
    monkeypatch.setenv("FLARECARE_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("FLARECARE_CLINIC_ARTICLES", str(clinic))
    monkeypatch.delenv("FLARECARE_DATABASE_URL", raising=False)
    with pytest.raises(SystemExit) as stopped:
        serve(["--no-web", "--no-actions"])
    assert "alcohol.md" in str(stopped.value) and "Short answer" in str(stopped.value)
