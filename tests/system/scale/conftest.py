"""A database of this test run's own on the machine's PostgreSQL, and the machine's Redis.

PostgreSQL: the server of ``FLARECARE_TEST_POSTGRES_URL`` (set by .ci/run), else
127.0.0.1:5432. Redis: ``FLARECARE_TEST_REDIS_URL``, else 127.0.0.1:6379 db 5
(conversation ids are unique per run, so their lock keys never collide).
The tests skip, saying which, when either server is not there.
"""
from __future__ import annotations

import os
import uuid
from urllib.parse import urlsplit, urlunsplit

import pytest
import redis
from sqlalchemy import create_engine, text
from sqlalchemy.exc import OperationalError

POSTGRES_SERVER = os.environ.get("FLARECARE_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
REDIS_URL = os.environ.get("FLARECARE_TEST_REDIS_URL", "redis://127.0.0.1:6379/5")


def _maintenance_engine():
    parts = urlsplit(POSTGRES_SERVER)
    return create_engine(urlunsplit(parts._replace(path="/postgres")), isolation_level="AUTOCOMMIT")


@pytest.fixture(scope="module")
def redis_url() -> str:
    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2).ping()
    except redis.RedisError:
        pytest.skip(f"no Redis at {REDIS_URL} (start it, or set FLARECARE_TEST_REDIS_URL)")
    return REDIS_URL


@pytest.fixture(scope="module")
def database_url() -> str:
    """A fresh database, dropped afterwards."""
    name = f"flarecare_scale_{uuid.uuid4().hex[:10]}"
    engine = _maintenance_engine()
    try:
        with engine.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
    except OperationalError:
        engine.dispose()
        pytest.skip(f"no PostgreSQL at {urlsplit(POSTGRES_SERVER).netloc} (start it, or set FLARECARE_TEST_POSTGRES_URL)")
    yield urlunsplit(urlsplit(POSTGRES_SERVER)._replace(path=f"/{name}"))
    with engine.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    engine.dispose()
