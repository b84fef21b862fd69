"""Deleting one patient's data, and purging data past the retention period.

The one place that knows which stores hold a patient's data:

* Rasa's tracker store, table ``events`` (every message, slot and bot action of
  every conversation; SQLite ``<data dir>/tracker.db`` or PostgreSQL);
* the project's tables keyed by ``sender_id`` (``PATIENT_TABLES``): flare
  reports, clinic hand-offs and unanswered questions.

Redis holds only Rasa's conversation locks, which expire by themselves.

Used by the chat's "delete my data" (``runtime.tracker_store``), the clinic's
commands (``python -m clinic delete-patient | purge``) and the retention timer
of ``scripts/serve.py`` (``storage.retention``). Each function returns counts
of deleted rows, never their content.
"""
from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Dict, Optional

from sqlalchemy import delete, func, select
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.orm import Session

from storage.analytics import UnansweredQuestion, events, tracker_database_url, tracker_engine
from storage.database import session_scope
from storage.records import FlareReport, Handoff

PATIENT_TABLES = (FlareReport, Handoff, UnansweredQuestion)

Counts = Dict[str, int]  # store name → rows deleted


def describe(counts: Counts) -> str:
    """'flare_reports=1, tracker_events=23, …' — for people and logs (no ids, no content)."""
    return ", ".join(f"{name}={count}" for name, count in counts.items())


# --- one patient ---------------------------------------------------------------------------------


def delete_patient_records(session: Session, sender_id: str) -> Counts:
    """Delete the patient's rows from every project table.

    A table not created yet holds nothing: plain ``rasa run`` serves conversations
    before anything has run the project's migrations.
    """
    connection = session.connection()
    return {
        model.__tablename__: session.execute(delete(model).where(model.sender_id == sender_id)).rowcount
        if connection.dialect.has_table(connection, model.__tablename__) else 0
        for model in PATIENT_TABLES
    }


def delete_tracker_events(connection: Connection, sender_id: str) -> int:
    """Delete every tracker event of the patient, from all their conversations."""
    if not connection.dialect.has_table(connection, events.name):
        return 0
    return connection.execute(delete(events).where(events.c.sender_id == sender_id)).rowcount


def delete_patient(sender_id: str, tracker: Optional[Engine], records_url: Optional[str] = None) -> Counts:
    """Delete everything stored about ``sender_id``: project rows, then tracker events.

    ``tracker`` is the tracker store's database (None when there is none yet).
    """
    with session_scope(records_url) as session:
        counts = delete_patient_records(session, sender_id)
    if tracker is None:
        counts["tracker_events"] = 0
    else:
        with tracker.begin() as connection:
            counts["tracker_events"] = delete_tracker_events(connection, sender_id)
    return counts


# --- retention -----------------------------------------------------------------------------------


def purge_records(session: Session, cutoff: datetime) -> Counts:
    """Delete project rows created before ``cutoff`` (each row on its own age)."""
    return {
        model.__tablename__: session.execute(delete(model).where(model.created_at < cutoff)).rowcount
        for model in PATIENT_TABLES
    }


def purge_conversations(connection: Connection, cutoff: datetime) -> Counts:
    """Delete all events of every patient whose latest event is older than ``cutoff``.

    Whole histories go or stay: a patient still chatting keeps their earlier
    sessions (the returning-patient follow-up and Rasa's session start read them).
    """
    if not connection.dialect.has_table(connection, events.name):
        return {"conversations": 0, "tracker_events": 0}
    stale = (
        select(events.c.sender_id)
        .group_by(events.c.sender_id)
        .having(func.max(events.c.timestamp) < cutoff.timestamp())
    )
    senders = connection.execute(select(func.count()).select_from(stale.subquery())).scalar_one()
    deleted = connection.execute(delete(events).where(events.c.sender_id.in_(stale))).rowcount
    return {"conversations": senders, "tracker_events": deleted}


def retention_cutoff(days: int, now: Optional[datetime] = None) -> datetime:
    return (now or datetime.now(timezone.utc)) - timedelta(days=days)


def purge(days: int, now: Optional[datetime] = None, records_url: Optional[str] = None,
          tracker: Optional[Engine] = None) -> Counts:
    """Delete conversations, reports, hand-offs and unanswered questions older than ``days``."""
    cutoff = retention_cutoff(days, now)
    with session_scope(records_url) as session:
        counts = purge_records(session, cutoff)
    if tracker is None:
        counts.update(conversations=0, tracker_events=0)
    else:
        with tracker.begin() as connection:
            counts.update(purge_conversations(connection, cutoff))
    return counts


def configured_tracker() -> Optional[Engine]:
    """The deployment's tracker store database, writable (None if no conversation was stored yet)."""
    url = tracker_database_url(read_only=False)
    return tracker_engine(url) if url else None
