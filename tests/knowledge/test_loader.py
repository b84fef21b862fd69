"""Loading the article files: validation refusals, idempotence, updates and removals."""
from __future__ import annotations

import shutil
from datetime import date, timedelta
from pathlib import Path

import pytest
import yaml
from sqlalchemy import func, select
from sqlalchemy.dialects import postgresql
from sqlalchemy.schema import CreateTable

from knowledge.content import DEFAULT_ARTICLES_DIR, ContentError, read_articles
from knowledge.loader import load_articles
from knowledge.models import TABLES, Article, ArticleSource, QuestionVariant, Source, Tag, create_knowledge_tables
from knowledge.search import answer_for_topic
from knowledge.topics import KNOWN_TOPICS
from storage.database import get_engine, session_scope


@pytest.fixture
def db_url(tmp_path):
    url = f"sqlite:///{tmp_path / 'knowledge.db'}"
    create_knowledge_tables(get_engine(url))
    return url


@pytest.fixture
def articles(tmp_path) -> Path:
    """A private copy of the shipped articles that a test may edit."""
    return Path(shutil.copytree(DEFAULT_ARTICLES_DIR, tmp_path / "articles"))


def load(url, directory, **kwargs):
    with session_scope(url) as session:
        return load_articles(session, directory, **kwargs)


def split(path: Path):
    _, meta, body = path.read_text(encoding="utf-8").split("---\n", 2)
    return yaml.safe_load(meta), body


def rewrite(path: Path, body=None, **changes):
    meta, old_body = split(path)
    for key, value in changes.items():
        if value is None:
            meta.pop(key, None)
        else:
            meta[key] = value
    text = "---\n" + yaml.safe_dump(meta, allow_unicode=True, sort_keys=False) + "---\n" + (old_body if body is None else body)
    path.write_text(text, encoding="utf-8")


def count(url, model):
    with session_scope(url) as session:
        return session.execute(select(func.count()).select_from(model)).scalar_one()


def snapshot(url):
    with session_scope(url) as session:
        return {a.topic: a.content_hash for a in session.execute(select(Article)).scalars()}


# --- loading -----------------------------------------------------------------------------------


def test_first_load_adds_everything_and_second_load_changes_nothing(db_url, articles):
    first = load(db_url, articles)
    assert sorted(first.added) == sorted(KNOWN_TOPICS)
    assert first.updated == first.unchanged == first.removed == []
    sizes = {m: count(db_url, m) for m in (Article, Source, ArticleSource, QuestionVariant, Tag)}

    second = load(db_url, articles)
    assert second.added == second.updated == second.removed == []
    assert sorted(second.unchanged) == sorted(KNOWN_TOPICS)
    assert not second.changed
    assert {m: count(db_url, m) for m in sizes} == sizes
    assert f"unchanged: {len(KNOWN_TOPICS)}" in second.summary()


def test_loaded_article_keeps_everything_from_the_file(db_url, articles):
    load(db_url, articles)
    (content,) = [a for a in read_articles(articles) if a.topic == "flare_rate"]
    with session_scope(db_url) as session:
        article = session.execute(select(Article).where(Article.topic == "flare_rate")).scalar_one()
        assert article.title == content.title
        assert article.short_answer == content.short_answer and article.long_answer == content.long_answer
        assert article.reviewed_on == content.reviewed_on and article.reviewer == content.reviewer
        assert article.language == "en" and article.see_doctor == content.see_doctor
        assert [s.citation for s in article.sources] == [s.citation for s in content.sources]
        assert [s.url for s in article.sources] == [s.url for s in content.sources]
        assert [q.text for q in article.questions] == list(content.questions)
        assert sorted(t.name for t in article.tags) == sorted(content.tags)
        assert article.content_hash == content.content_hash


def test_changed_file_is_reported_as_updated(db_url, articles):
    load(db_url, articles)
    rewrite(articles / "waxing.md", body="## Short answer\nPlease don't wax for now.\n\n## More\nYour skin is fragile.\n")
    report = load(db_url, articles)
    assert report.updated == ["waxing"] and report.added == report.removed == []
    assert len(report.unchanged) == len(KNOWN_TOPICS) - 1
    with session_scope(db_url) as session:
        assert answer_for_topic(session, "waxing").short_answer == "Please don't wax for now."


def test_source_question_and_tag_changes_are_updates_and_orphans_are_pruned(db_url, articles):
    load(db_url, articles)
    meta, _ = split(articles / "waxing.md")
    rewrite(
        articles / "waxing.md",
        sources=meta["sources"] + [{"citation": "Clinic leaflet on hair removal, 2026", "url": None}],
        questions=meta["questions"] + ["Can I use an epilator?"],
        tags=["waxing", "epilator"],
    )
    assert load(db_url, articles).updated == ["waxing"]
    with session_scope(db_url) as session:
        answer = answer_for_topic(session, "waxing")
        assert answer.sources[-1] == "Clinic leaflet on hair removal, 2026"
        assert session.execute(select(Tag).where(Tag.name == "epilator")).scalar_one()

    rewrite(articles / "waxing.md", sources=meta["sources"], questions=meta["questions"], tags=meta["tags"])
    assert load(db_url, articles).updated == ["waxing"]
    with session_scope(db_url) as session:
        assert session.execute(select(Source).where(Source.citation.like("Clinic leaflet%"))).first() is None
        assert session.execute(select(Tag).where(Tag.name == "epilator")).first() is None
        assert [q.text for q in session.execute(select(Article).where(Article.topic == "waxing")).scalar_one().questions] == meta["questions"]


def test_whitespace_only_edit_is_unchanged(db_url, articles):
    load(db_url, articles)
    path = articles / "sun.md"
    path.write_text(path.read_text(encoding="utf-8") + "\n\n\n", encoding="utf-8")
    assert load(db_url, articles).updated == []


def test_deleted_file_is_removed_with_its_rows(db_url, articles):
    load(db_url, articles)
    questions_before = count(db_url, QuestionVariant)
    contents = {a.topic: a for a in read_articles(articles)}
    only_waxing = set(contents["waxing"].tags).difference(*(a.tags for t, a in contents.items() if t != "waxing"))
    assert only_waxing, "the test needs a tag that only the waxing article uses"
    (articles / "waxing.md").unlink()
    report = load(db_url, articles)
    assert report.removed == ["waxing"] and report.added == report.updated == []
    with session_scope(db_url) as session:
        assert answer_for_topic(session, "waxing") is None
        assert session.execute(select(Tag).where(Tag.name.in_(only_waxing))).first() is None
    assert count(db_url, QuestionVariant) < questions_before
    assert "waxing" not in snapshot(db_url)


def test_restored_file_is_added_again(db_url, articles, tmp_path):
    load(db_url, articles)
    shutil.move(str(articles / "waxing.md"), str(tmp_path / "waxing.md"))
    load(db_url, articles)
    shutil.move(str(tmp_path / "waxing.md"), str(articles / "waxing.md"))
    assert load(db_url, articles).added == ["waxing"]


# --- refusals ----------------------------------------------------------------------------------

LONG_SHORT_ANSWER = " ".join(["word"] * 81)


def _no_sources(d):
    rewrite(d / "waxing.md", sources=None)


def _empty_sources(d):
    rewrite(d / "waxing.md", sources=[])


def _source_without_citation(d):
    rewrite(d / "waxing.md", sources=[{"url": "https://example.org/x"}])


def _empty_short_answer(d):
    rewrite(d / "waxing.md", body="## Short answer\n\n## More\nSomething.\n")


def _empty_more(d):
    rewrite(d / "waxing.md", body="## Short answer\nSomething short.\n\n## More\n   \n")


def _long_short_answer(d):
    rewrite(d / "waxing.md", body=f"## Short answer\n{LONG_SHORT_ANSWER}\n\n## More\nMore.\n")


def _unknown_topic(d):
    rewrite(d / "waxing.md", topic="teleportation")


def _duplicate_topic(d):
    shutil.copy(d / "sun.md", d / "sun_copy.md")


def _bad_date(d):
    rewrite(d / "waxing.md", reviewed_on="2026-13-45")


def _impossible_date(d):
    path = d / "waxing.md"
    path.write_text(path.read_text(encoding="utf-8").replace("reviewed_on: 2026-11-25", "reviewed_on: 2026-02-30"), encoding="utf-8")


def _future_date(d):
    rewrite(d / "waxing.md", reviewed_on=date.today() + timedelta(days=30))


def _bad_yaml(d):
    path = d / "waxing.md"
    path.write_text(path.read_text(encoding="utf-8").replace("topic: waxing", "topic: [waxing"), encoding="utf-8")


def _no_front_matter(d):
    (d / "waxing.md").write_text("## Short answer\nHi.\n\n## More\nMore.\n", encoding="utf-8")


def _missing_required_topic(d):
    (d / "mechanism.md").unlink()


def _unknown_field(d):
    rewrite(d / "waxing.md", see_docter="typo")


def _bad_url(d):
    rewrite(d / "waxing.md", sources=[{"citation": "Something", "url": "not a url"}])


def _conflicting_url(d):
    meta, _ = split(d / "sun.md")
    first = dict(meta["sources"][0], url="https://example.org/other")
    rewrite(d / "sun.md", sources=[first] + meta["sources"][1:])


def _unknown_section(d):
    rewrite(d / "waxing.md", body="## Short answer\nHi.\n\n## Details\nMore.\n")


def _missing_title(d):
    rewrite(d / "waxing.md", title=None)


REFUSALS = [
    (_no_sources, "waxing.md", "missing source"),
    (_empty_sources, "waxing.md", "missing source"),
    (_source_without_citation, "waxing.md", "missing source"),
    (_empty_short_answer, "waxing.md", "empty answer"),
    (_empty_more, "waxing.md", "empty answer"),
    (_long_short_answer, "waxing.md", "81 words; the limit is 80"),
    (_unknown_topic, "waxing.md", "unknown topic 'teleportation'"),
    (_duplicate_topic, "sun_copy.md", "duplicate topic 'sun'"),
    (_bad_date, "waxing.md", "bad date"),
    (_impossible_date, "waxing.md", "bad date"),
    (_future_date, "waxing.md", "in the future"),
    (_bad_yaml, "waxing.md", "bad YAML"),
    (_no_front_matter, "waxing.md", "no YAML front matter"),
    (_missing_required_topic, "", "missing article for required topic 'mechanism'"),
    (_unknown_field, "waxing.md", "unknown field 'see_docter'"),
    (_bad_url, "waxing.md", "must be an http(s) address"),
    (_conflicting_url, "sun.md", "use one url per citation"),
    (_unknown_section, "waxing.md", "unknown section '## Details'"),
    (_missing_title, "waxing.md", "missing field 'title'"),
]


@pytest.mark.parametrize("breaker, filename, message", REFUSALS, ids=[r[0].__name__.strip("_") for r in REFUSALS])
def test_invalid_content_is_refused_with_file_and_problem(db_url, articles, breaker, filename, message):
    load(db_url, articles)
    before = snapshot(db_url)
    rewrite(articles / "dose.md", body="## Short answer\nA change that must not be written.\n\n## More\nMore.\n")
    breaker(articles)

    with pytest.raises(ContentError) as excinfo:
        load(db_url, articles)

    problems = excinfo.value.problems
    assert any(message in p and filename in p for p in problems), problems
    assert message in str(excinfo.value)
    assert snapshot(db_url) == before, "nothing may be written when the content is invalid"


def test_all_problems_are_reported_together(articles):
    _no_sources(articles)
    _bad_date(articles)
    _unknown_topic(articles)
    _long_short_answer(articles)
    with pytest.raises(ContentError) as excinfo:
        read_articles(articles)
    text = "\n".join(excinfo.value.problems)
    for message in ("missing source", "bad date", "unknown topic", "81 words"):
        assert message in text


def test_empty_or_missing_directory_is_refused(tmp_path):
    with pytest.raises(ContentError, match="no article files"):
        read_articles(tmp_path)
    with pytest.raises(ContentError, match="not a directory"):
        read_articles(tmp_path / "nope")


def test_required_topics_can_be_relaxed_for_a_partial_directory(db_url, tmp_path):
    only = tmp_path / "only"
    only.mkdir()
    shutil.copy(DEFAULT_ARTICLES_DIR / "sun.md", only / "sun.md")
    with pytest.raises(ContentError, match="required topic"):
        load(db_url, only)
    assert load(db_url, only, required=()).added == ["sun"]


def test_quoted_iso_date_is_accepted(articles):
    rewrite(articles / "waxing.md", reviewed_on="2025-06-01")
    (waxing,) = [a for a in read_articles(articles) if a.topic == "waxing"]
    assert waxing.reviewed_on == date(2025, 6, 1)


# --- schema ------------------------------------------------------------------------------------


def test_tables_are_portable_to_postgresql():
    for table in TABLES:
        ddl = str(CreateTable(table).compile(dialect=postgresql.dialect()))
        assert table.name.startswith("knowledge_") and "CREATE TABLE" in ddl


def test_create_tables_is_idempotent(db_url):
    create_knowledge_tables(get_engine(db_url))
    create_knowledge_tables(get_engine(db_url))
    assert count(db_url, Article) == 0
