"""Fixtures of the knowledge tests."""
from __future__ import annotations

import pytest

from knowledge.loader import DEFAULT_ARTICLES_DIR, load_articles
from knowledge.models import create_knowledge_tables
from storage.database import get_engine, session_scope


@pytest.fixture(scope="module")
def shipped_articles_url(tmp_path_factory) -> str:
    """The shipped articles in a fresh SQLite database, one per test module."""
    url = f"sqlite:///{tmp_path_factory.mktemp('knowledge') / 'knowledge.db'}"
    create_knowledge_tables(get_engine(url))
    with session_scope(url) as session:
        load_articles(session, DEFAULT_ARTICLES_DIR)
    return url
