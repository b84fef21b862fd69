"""Shared fixtures. The `assistant` fixture starts the real servers (harness/: scripts/serve.py on free ports)."""
from __future__ import annotations

import os
from urllib.parse import urlsplit, urlunsplit

import pytest

# Re-exported: the test modules import these names from here.
from harness import (  # noqa: F401
    MODEL,
    ROOT,
    Assistant,
    free_port,
    new_sender,
    start_assistant,
    stop_assistant,
    texts,
)


def pytest_configure(config) -> None:
    """Under pytest-xdist each worker gets its own PostgreSQL database and Redis db.

    The suites that drop and recreate tables (knowledge on PostgreSQL, erasure) or flush
    Redis (scale) would otherwise race when two workers run them at once. Set here, before
    the test modules are imported, because they read these variables at import.
    """
    worker = getattr(config, "workerinput", {}).get("workerid")
    if not worker:
        return
    index = int(worker.removeprefix("gw"))
    postgres = os.environ.get("FLARECARE_TEST_POSTGRES_URL")
    if postgres:
        os.environ["FLARECARE_TEST_POSTGRES_URL"] = _worker_database(postgres, worker)
    os.environ["FLARECARE_TEST_REDIS_URL"] = f"redis://127.0.0.1:6379/{5 + index}"


def _worker_database(url: str, worker: str) -> str:
    """``<database>_<worker>`` on the same server, created if it is missing."""
    import sqlalchemy  # noqa: PLC0415 (only under xdist)

    parts = urlsplit(url)
    name = f"{parts.path.lstrip('/')}_{worker}"
    engine = sqlalchemy.create_engine(urlunsplit(parts._replace(path="/postgres")), isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as connection:
            exists = connection.execute(sqlalchemy.text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name})
            if exists.first() is None:
                connection.execute(sqlalchemy.text(f'CREATE DATABASE "{name}"'))
    except sqlalchemy.exc.OperationalError:
        return url  # no server: the PostgreSQL tests skip with their own message
    finally:
        engine.dispose()
    return urlunsplit(parts._replace(path=f"/{name}"))


@pytest.fixture(scope="session")
def assistant(tmp_path_factory) -> Assistant:
    running = start_assistant(tmp_path_factory.mktemp("assistant"))
    yield running
    stop_assistant(running)
