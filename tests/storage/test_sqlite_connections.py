"""SQLite engines keep their connections: one open per engine, not one per session, pragmas on each."""
from __future__ import annotations

import asyncio
import threading

from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from sqlalchemy import event, text

from runtime.tracker_store import FlareCareTrackerStore
from storage.database import sqlite_engine

DOMAIN = Domain.from_yaml("version: '3.1'\nintents: [greet]\n")


def _count_connects(engine) -> list:
    opened: list = []
    event.listen(engine, "connect", lambda *_: opened.append(1))
    return opened


def test_sessions_reuse_one_connection_with_the_pragmas(tmp_path):
    engine = sqlite_engine(f"sqlite:///{tmp_path / 'x.db'}", "journal_mode=WAL", "foreign_keys=ON")
    opened = _count_connects(engine)
    for _ in range(5):
        with engine.connect() as connection:
            assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
            assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1
    assert len(opened) == 1


def test_a_pooled_connection_works_from_another_thread(tmp_path):
    engine = sqlite_engine(f"sqlite:///{tmp_path / 'x.db'}")
    with engine.begin() as connection:
        connection.execute(text("CREATE TABLE t (n INTEGER)"))
    errors: list = []

    def write() -> None:
        try:
            with engine.begin() as connection:
                connection.execute(text("INSERT INTO t VALUES (1)"))
        except Exception as error:  # noqa: BLE001 - the assertion names it
            errors.append(error)

    worker = threading.Thread(target=write)
    worker.start()
    worker.join()
    assert errors == []
    with engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM t")).scalar() == 1


def test_the_tracker_store_saves_and_reads_on_one_connection(tmp_path):
    store = FlareCareTrackerStore(DOMAIN, dialect="sqlite", db=str(tmp_path / "tracker.db"))
    opened = _count_connects(store.engine)
    for turn in range(3):
        tracker = asyncio.run(store.retrieve("patient")) or DialogueStateTracker("patient", DOMAIN.slots)
        tracker.update(UserUttered(f"hello {turn}", {"name": "greet", "confidence": 1.0}))
        tracker.update(ActionExecuted("action_listen"))
        asyncio.run(store.save(tracker))
    stored = asyncio.run(store.retrieve("patient"))
    assert [e.text for e in stored.events if isinstance(e, UserUttered)] == ["hello 0", "hello 1", "hello 2"]
    assert len(opened) <= 1
    with store.engine.connect() as connection:
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert connection.execute(text("PRAGMA synchronous")).scalar() == 1  # NORMAL
