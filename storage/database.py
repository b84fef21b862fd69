"""Engine, sessions and table creation for the project's own database.

The embedded default is SQLite under the data directory (``var/`` at the repo
root, or ``FLARECARE_DATA_DIR``); ``FLARECARE_DATABASE_URL`` switches to
PostgreSQL with the same models and code. Nothing connects at import time:
engines are made on first use and cached per URL.
"""
from __future__ import annotations

from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import Iterator, Optional

from sqlalchemy import create_engine, event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, declarative_base, sessionmaker
from sqlalchemy.pool import QueuePool

import settings

REPO_ROOT = Path(__file__).resolve().parent.parent

Base = declarative_base()


def data_dir() -> Path:
    """The git-ignored directory that holds every embedded database and secret."""
    path = settings.load().data_dir
    path.mkdir(parents=True, exist_ok=True)
    return path


def database_url() -> str:
    url = settings.load().database_url
    if url:
        return url
    return f"sqlite:///{data_dir() / 'flarecare.db'}"


def use_sqlite_pragmas(engine: Engine, *pragmas: str) -> None:
    """Run ``PRAGMA <pragma>`` for each of ``pragmas`` on every new connection of a SQLite engine."""

    @event.listens_for(engine, "connect")
    def _sqlite_pragmas(dbapi_connection, _record):  # pragma: no cover - trivial
        cursor = dbapi_connection.cursor()
        for pragma in pragmas:
            cursor.execute(f"PRAGMA {pragma}")
        cursor.close()


def sqlite_engine(url: str, *pragmas: str, future: bool = True) -> Engine:
    """A SQLite engine that keeps its connections open, with ``pragmas`` run once per connection.

    SQLAlchemy 1.4 gives a file database ``NullPool``: every session opened the file again and
    re-ran the pragmas (about 6% of the Rasa server's CPU under load, docs/profile.md). The pool
    hands a connection to one caller at a time, so sqlite3's same-thread check can be off, as in
    SQLAlchemy 2.0's own default for files.
    """
    engine = create_engine(url, future=future, poolclass=QueuePool,
                           connect_args={"timeout": 30, "check_same_thread": False})
    use_sqlite_pragmas(engine, *pragmas)
    return engine


@lru_cache(maxsize=8)
def engine_for(url: str) -> Engine:
    if url.startswith("sqlite"):
        # WAL lets the action server write while a report command reads.
        return sqlite_engine(url, "journal_mode=WAL", "foreign_keys=ON")
    return create_engine(url, future=True, pool_pre_ping=True)


def get_engine(url: Optional[str] = None) -> Engine:
    return engine_for(url or database_url())


# At the root, not in knowledge/ or storage/: one history covers both packages' tables.
MIGRATIONS_DIR = REPO_ROOT / "migrations"


def migrate(url: Optional[str] = None) -> None:
    """Bring the project's tables to the newest schema: Alembic ``upgrade head`` (idempotent).

    Uses the migrations in ``migrations/`` (the same ones ``alembic upgrade head``
    runs from the command line, see ``alembic.ini``). Nothing happens when the database is
    already at head; a database created before migrations existed is adopted by the first
    revision. On PostgreSQL concurrent callers (several replicas starting) are serialised.
    """
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.attributes["configure_logging"] = False  # leave the caller's logging alone
    with get_engine(url).begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


@contextmanager
def session_scope(url: Optional[str] = None) -> Iterator[Session]:
    """A session that commits on success and rolls back on any error."""
    session = sessionmaker(bind=get_engine(url), future=True, expire_on_commit=False)()
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()
