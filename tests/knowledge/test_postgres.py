"""The same load/search code on PostgreSQL.

Skipped unless ``FLARECARE_TEST_POSTGRES_URL`` points at a scratch database,
e.g. ``postgresql+psycopg2://user@127.0.0.1:5432/kbtest``. The knowledge
tables in it are dropped and recreated.
"""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from knowledge.content import DEFAULT_ARTICLES_DIR
from knowledge.loader import load_articles
from knowledge.models import TABLES, create_knowledge_tables
from knowledge.search import answer_for_topic, format_answer, search
from knowledge.topics import KNOWN_TOPICS
from storage.database import Base, get_engine, session_scope

URL = os.environ.get("FLARECARE_TEST_POSTGRES_URL")
pytestmark = pytest.mark.skipif(not URL, reason="set FLARECARE_TEST_POSTGRES_URL to run against PostgreSQL")


@pytest.fixture
def pg_url():
    engine = get_engine(URL)
    Base.metadata.drop_all(engine, tables=list(TABLES))
    create_knowledge_tables(engine)
    yield URL
    Base.metadata.drop_all(engine, tables=list(TABLES))


def test_load_update_remove_and_search_on_postgresql(pg_url, tmp_path):
    articles = Path(shutil.copytree(DEFAULT_ARTICLES_DIR, tmp_path / "articles"))
    with session_scope(pg_url) as session:
        assert len(load_articles(session, articles).added) == len(KNOWN_TOPICS)
    with session_scope(pg_url) as session:
        assert len(load_articles(session, articles).unchanged) == len(KNOWN_TOPICS)

    path = articles / "sun.md"
    path.write_text(path.read_text(encoding="utf-8").replace("SPF 30", "SPF 50"), encoding="utf-8")
    (articles / "waxing.md").unlink()
    with session_scope(pg_url) as session:
        report = load_articles(session, articles)
        assert report.updated == ["sun"] and report.removed == ["waxing"]
    with session_scope(pg_url) as session:
        assert "SPF 50" in format_answer(answer_for_topic(session, "sun"))
        assert answer_for_topic(session, "waxing") is None
        assert search(session, "can i drink wine on accutane")[0].topic == "alcohol"
