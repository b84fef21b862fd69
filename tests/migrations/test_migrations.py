"""Alembic migrations (migrations/: the knowledge_* and storage/ tables) on SQLite and PostgreSQL.

Migrating an empty database must give exactly the tables of the models
(``Base.metadata``: knowledge_*, flare_reports, handoffs), compared with
SQLAlchemy's inspector against a database built by ``create_all``; migrating
again must change nothing.

PostgreSQL: a throwaway database ``flarecare_test_<random>`` is created on the
local server (``FLARECARE_TEST_POSTGRES_ADMIN_URL``, default
``postgresql://postgres@127.0.0.1:5432/test``) and dropped afterwards; the
PostgreSQL cases are skipped, saying why, only if that server is unreachable.
"""
from __future__ import annotations

import os
import subprocess
import sys
import uuid
from contextlib import contextmanager
from pathlib import Path
from typing import Dict, Iterator, List

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, event, func, inspect, select, text

import knowledge.models  # noqa: F401  (tables on Base.metadata)
import storage.analytics  # noqa: F401  (unanswered_questions)
import storage.records  # noqa: F401
from knowledge.content import DEFAULT_ARTICLES_DIR
from knowledge.loader import load_articles
from knowledge.models import Article, create_knowledge_tables
from knowledge.topics import KNOWN_TOPICS
from storage.database import Base, get_engine, migrate, session_scope

REPO = Path(__file__).resolve().parents[2]
VERSION_TABLE = "flarecare_alembic_version"
HEAD = "0003_clinic_related"
ADMIN_URL = os.environ.get("FLARECARE_TEST_POSTGRES_ADMIN_URL", "postgresql://postgres@127.0.0.1:5432/test")
MODEL_TABLES = {
    "knowledge_articles", "knowledge_sources", "knowledge_tags", "knowledge_article_sources",
    "knowledge_article_tags", "knowledge_question_variants", "flare_reports", "handoffs",
    "unanswered_questions",
}


# --- databases -----------------------------------------------------------------------------------


def _postgres_admin():
    try:
        engine = create_engine(ADMIN_URL, isolation_level="AUTOCOMMIT", future=True)
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
        return engine
    except Exception as exc:  # noqa: BLE001 - any connection failure means "no server here"
        pytest.skip(f"PostgreSQL not reachable at {ADMIN_URL} ({exc.__class__.__name__}); SQLite cases still ran")


@contextmanager
def _postgres_database() -> Iterator[str]:
    admin = _postgres_admin()
    name = f"flarecare_test_{uuid.uuid4().hex[:12]}"
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    url = admin.url.set(database=name).render_as_string(hide_password=False)
    try:
        yield url
    finally:
        get_engine(url).dispose()  # close the pooled connections of storage.database's cached engine
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@contextmanager
def _sqlite_database(tmp_path: Path, name: str) -> Iterator[str]:
    url = f"sqlite:///{tmp_path / name}"
    try:
        yield url
    finally:
        get_engine(url).dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def new_db(request, tmp_path):
    """A factory of empty databases of one dialect, all dropped at the end of the test."""
    stack: List = []

    def make() -> str:
        manager = (
            _sqlite_database(tmp_path, f"db{len(stack)}.db") if request.param == "sqlite" else _postgres_database()
        )
        stack.append(manager)
        return manager.__enter__()

    make.dialect = request.param
    yield make
    for manager in reversed(stack):
        manager.__exit__(None, None, None)


# --- schema snapshots ----------------------------------------------------------------------------


def schema(url: str) -> Dict[str, Dict]:
    """Everything the inspector says about each project table, in comparable form."""
    inspector = inspect(get_engine(url))
    snapshot = {}
    for table in sorted(inspector.get_table_names()):
        if table == VERSION_TABLE:
            continue
        snapshot[table] = {
            "columns": [
                (c["name"], str(c["type"]), c["nullable"], bool(c.get("autoincrement") is True))
                for c in inspector.get_columns(table)
            ],
            "primary_key": sorted(inspector.get_pk_constraint(table)["constrained_columns"]),
            "foreign_keys": sorted(
                (tuple(fk["constrained_columns"]), fk["referred_table"], tuple(fk["referred_columns"]),
                 (fk.get("options") or {}).get("ondelete"))
                for fk in inspector.get_foreign_keys(table)
            ),
            "unique": sorted(tuple(sorted(u["column_names"])) for u in inspector.get_unique_constraints(table)),
            "indexes": sorted(
                (i["name"], tuple(i["column_names"]), bool(i["unique"]))
                for i in inspector.get_indexes(table)
                if not i.get("duplicates_constraint")  # PostgreSQL reports unique constraints as indexes too
            ),
        }
    return snapshot


def version(url: str):
    with get_engine(url).connect() as connection:
        return MigrationContext.configure(connection, opts={"version_table": VERSION_TABLE}).get_current_revision()


@contextmanager
def ddl_statements(url: str) -> Iterator[List[str]]:
    seen: List[str] = []
    engine = get_engine(url)

    def record(conn, cursor, statement, parameters, context, executemany):
        if statement.lstrip().split(" ", 1)[0].upper() in {"CREATE", "ALTER", "DROP"}:
            seen.append(statement)

    event.listen(engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", record)


# --- tests ---------------------------------------------------------------------------------------


def test_metadata_holds_exactly_the_project_tables():
    assert set(Base.metadata.tables) == MODEL_TABLES


def test_migrating_an_empty_database_gives_the_models_tables(new_db):
    migrated, reference = new_db(), new_db()
    migrate(migrated)
    Base.metadata.create_all(get_engine(reference))

    assert set(inspect(get_engine(migrated)).get_table_names()) == MODEL_TABLES | {VERSION_TABLE}
    assert schema(migrated) == schema(reference)
    assert version(migrated) == HEAD
    with get_engine(migrated).connect() as connection:  # what `alembic revision --autogenerate` would see
        diff = compare_metadata(MigrationContext.configure(connection, opts={"compare_type": True, "version_table": VERSION_TABLE}), Base.metadata)
    assert diff == []


def test_migrating_twice_is_a_no_op(new_db):
    url = new_db()
    migrate(url)
    with session_scope(url) as session:
        load_articles(session, DEFAULT_ARTICLES_DIR)
    before = schema(url)
    with ddl_statements(url) as ddl:
        migrate(url)  # what scripts/serve.py calls on every start
    assert ddl == []
    assert schema(url) == before and version(url) == HEAD
    with session_scope(url) as session:
        assert session.execute(select(func.count(Article.id))).scalar_one() == len(KNOWN_TOPICS)


def test_a_database_made_before_migrations_is_adopted(new_db):
    """`python -m knowledge load` on a new database creates the knowledge tables without a version."""
    url = new_db()
    create_knowledge_tables(get_engine(url))
    with session_scope(url) as session:
        load_articles(session, DEFAULT_ARTICLES_DIR)
    assert version(url) is None
    migrate(url)
    assert version(url) == HEAD
    assert set(inspect(get_engine(url)).get_table_names()) == MODEL_TABLES | {VERSION_TABLE}
    with session_scope(url) as session:  # the articles are still there
        assert session.execute(select(func.count(Article.id))).scalar_one() == len(KNOWN_TOPICS)


def test_downgrade_to_base_then_upgrade_again(new_db, tmp_path):
    url = new_db()
    alembic(url, "upgrade", "head")
    alembic(url, "downgrade", "base")
    assert set(inspect(get_engine(url)).get_table_names()) <= {VERSION_TABLE}
    alembic(url, "upgrade", "head")
    assert version(url) == HEAD and schema(url).keys() == MODEL_TABLES


def test_a_database_at_an_older_revision_is_upgraded(new_db):
    """A database migrated before the move to migrations/ only knows revision ids: they are unchanged."""
    url = new_db()
    alembic(url, "upgrade", "0002")
    assert version(url) == "0002"
    migrate(url)
    assert version(url) == HEAD and schema(url).keys() == MODEL_TABLES


def test_the_migrations_live_at_the_root_for_both_packages():
    assert (REPO / "migrations" / "env.py").is_file() and not (REPO / "knowledge" / "migrations").exists()
    assert "script_location = %(here)s/migrations" in (REPO / "alembic.ini").read_text()


def test_the_alembic_command_line_uses_the_same_migrations(tmp_path):
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    alembic(url, "upgrade", "head")
    out = alembic(url, "current")
    assert f"{HEAD} (head)" in out
    migrate(url)  # the programmatic path agrees: nothing left to do
    assert version(url) == HEAD


def alembic(url: str, *args: str) -> str:
    get_engine(url).dispose()  # the subprocess must not wait on this process's pooled connections
    result = subprocess.run(
        [sys.executable, "-m", "alembic", "-c", str(REPO / "alembic.ini"), "-x", f"url={url}", *args],
        cwd=REPO, capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout + result.stderr
