"""Alembic environment for FlareCare's own tables: knowledge/'s and storage/'s, in one database.

The migrations live at the repo root because they belong to neither package alone.

Two ways in:

* ``storage.database.migrate(url)`` (what the servers run on start) passes an
  open connection in ``config.attributes["connection"]``;
* the ``alembic`` command line (``alembic.ini`` at the repo root) connects to
  ``-x url=...``, else to the project database (``FLARECARE_DATABASE_URL``, else
  SQLite under the data directory).

Only the project's tables are compared by ``--autogenerate``: the database may
also hold Rasa's tracker store (``events``) on PostgreSQL, which is not ours to
migrate. On PostgreSQL a transaction-scoped advisory lock serialises replicas
that start at the same moment, so only one of them runs the upgrade.
"""
from __future__ import annotations

from logging.config import fileConfig

from alembic import context
from sqlalchemy import text

import knowledge.models  # noqa: F401  (registers the knowledge_* tables on Base.metadata)
import storage.analytics  # noqa: F401  (registers unanswered_questions)
import storage.records  # noqa: F401  (registers flare_reports and handoffs)
from storage.database import Base, database_url, get_engine

VERSION_TABLE = "flarecare_alembic_version"
# Any constant works; it only has to be the same for every replica.
ADVISORY_LOCK_KEY = 0x466C617265  # "Flare"

config = context.config
if config.config_file_name is not None and config.attributes.get("configure_logging", True):
    fileConfig(config.config_file_name, disable_existing_loggers=False)

target_metadata = Base.metadata


def include_object(obj, name, type_, reflected, compare_to):
    """Leave tables that are not ours (Rasa's ``events``, anyone else's) alone."""
    if type_ == "table":
        return name in target_metadata.tables
    return True


def _configure(**kwargs) -> None:
    context.configure(
        target_metadata=target_metadata,
        version_table=VERSION_TABLE,
        include_object=include_object,
        compare_type=True,
        render_as_batch=True,  # SQLite cannot ALTER most things; batch mode copies the table
        **kwargs,
    )


def run_migrations_offline() -> None:
    _configure(url=context.get_x_argument(as_dictionary=True).get("url") or database_url(), literal_binds=True)
    with context.begin_transaction():
        context.run_migrations()


def _run(connection) -> None:
    _configure(connection=connection)
    with context.begin_transaction():
        if connection.dialect.name == "postgresql":
            connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": ADVISORY_LOCK_KEY})
        context.run_migrations()


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    url = context.get_x_argument(as_dictionary=True).get("url") or database_url()
    with get_engine(url).connect() as connection:
        _run(connection)
        connection.commit()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
