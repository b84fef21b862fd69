"""The articles' search vectors: cached by content hash, so only an edited article is re-embedded."""
from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pytest
from sqlalchemy import select
from sqlalchemy.orm import selectinload

import encoder
from knowledge import vectors
from knowledge.content import DEFAULT_ARTICLES_DIR
from knowledge.loader import load_articles
from knowledge.models import Article, create_knowledge_tables
from knowledge.search import search
from knowledge.topics import KNOWN_TOPICS
from storage.database import get_engine, session_scope


@pytest.fixture
def store(tmp_path, monkeypatch):
    monkeypatch.setenv("FLARECARE_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setattr(vectors, "_memory", {})  # this process's cache starts empty, like a new server
    url = f"sqlite:///{tmp_path / 'kb.db'}"
    create_knowledge_tables(get_engine(url))
    articles = Path(shutil.copytree(DEFAULT_ARTICLES_DIR, tmp_path / "articles"))
    with session_scope(url) as session:
        load_articles(session, articles)
    return url, articles


def test_every_article_is_embedded_once_then_read_from_the_caches(store):
    url, _ = store
    with session_scope(url) as session:
        assert vectors.warm(session) == len(KNOWN_TOPICS)
        assert vectors.warm(session) == 0
    vectors._memory.clear()  # a new process: the disk cache has them
    with session_scope(url) as session:
        assert vectors.warm(session) == 0


def test_an_edited_article_is_re_embedded_and_the_others_are_not(store):
    url, articles = store
    with session_scope(url) as session:
        vectors.warm(session)
    path = articles / "waxing.md"
    path.write_text(path.read_text(encoding="utf-8").replace(
        "questions:\n", "questions:\n  - Can I book a sugaring appointment?\n"), encoding="utf-8")
    with session_scope(url) as session:
        assert load_articles(session, articles).updated == ["waxing"]
    with session_scope(url) as session:
        assert vectors.warm(session) == 1
        waxing = session.execute(
            select(Article).options(selectinload(Article.questions)).where(Article.topic == "waxing")
        ).scalar_one()
        [stored] = vectors.vectors_for([waxing])
    texts = vectors.article_texts(waxing)
    assert "Can I book a sugaring appointment?" in texts
    np.testing.assert_allclose(stored, encoder.encode(texts), atol=1e-5)


def test_a_damaged_cache_file_is_recomputed(store):
    url, _ = store
    with session_scope(url) as session:
        vectors.warm(session)
        article = session.execute(select(Article).options(selectinload(Article.questions))).scalars().first()
    vectors._cache_path(article.content_hash).write_bytes(b"not an array")
    vectors._memory.clear()
    with session_scope(url) as session:
        assert vectors.warm(session) == 1
        assert search(session, "can I drink alcohol on accutane")[0].topic == "alcohol"
