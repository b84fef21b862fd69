"""What the clinic report reads, and the one thing it needs written: unanswered questions.

Write side — ``record_unanswered(session, sender_id, question_text, idempotency_key)``:
one row per question the bot had no checked answer for (call it where the
knowledge search declines). Only what the "top unanswered questions" list
needs is kept: the question, trimmed, with e-mail addresses and long digit
runs (phone, NHS/insurance numbers) replaced, capped at 300 characters; plus a
normalised ``question_key`` so "Can I dye my hair?" and "can i dye my hair"
count as one.

Read side — plain SQLAlchemy 2.0-style ``select`` statements over:

* the project's tables (``flare_reports``, ``handoffs``, ``unanswered_questions``);
* Rasa's tracker store, **read-only**: the ``events`` table of
  ``<data dir>/tracker.db`` (SQLite, opened with ``mode=ro``) or of the
  PostgreSQL database in ``FLARECARE_DATABASE_URL`` (``scripts/serve.py`` puts
  the tracker store there). Decision: conversation counts come from the
  tracker store because it is the only complete record of every conversation
  — the project's tables only hold conversations that produced a report,
  hand-off or unanswered question — and Rasa already writes it, so counting
  costs nothing at chat time. Only the columns Rasa indexes for this
  (``sender_id``, ``type_name``, ``timestamp``, ``intent_name``,
  ``action_name``) are read, never the message text in ``data``.

Schema: ``unanswered_questions`` is on the project's ``Base`` and created by
Alembic revision 0002 (migrations/), like every other project table.
"""
from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from datetime import datetime, timezone
from functools import lru_cache
from typing import List, Optional, Tuple

from sqlalchemy import Column, Float, Integer, MetaData, String, Table, and_, create_engine, func, or_, select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

import settings
from storage.database import Base, data_dir
from storage.records import FlareReport, Handoff, PatientRecord, _insert_once

MAX_QUESTION_CHARS = 300

class UnansweredQuestion(PatientRecord, Base):
    __tablename__ = "unanswered_questions"

    question = Column(String(MAX_QUESTION_CHARS), nullable=False)
    question_key = Column(String(MAX_QUESTION_CHARS), index=True, nullable=False)


# --- write ---------------------------------------------------------------------------------------

_EMAIL = re.compile(r"\b[\w.+-]+@[\w-]+(\.[\w-]+)+\b")
_LONG_NUMBER = re.compile(r"(?<!\w)\+?\d[\d\s().-]{6,}\d(?!\w)")
_SPACES = re.compile(r"\s+")
_NOT_WORD = re.compile(r"[^\w\s]")


def clean_question(text: str) -> str:
    """The question as stored: identifiers replaced, whitespace collapsed, at most 300 characters."""
    text = _EMAIL.sub("[email]", text or "")
    text = _LONG_NUMBER.sub("[number]", text)
    text = _SPACES.sub(" ", text).strip()
    if len(text) > MAX_QUESTION_CHARS:
        text = text[: MAX_QUESTION_CHARS - 1].rsplit(" ", 1)[0].rstrip() + "…"
    return text


def question_key(text: str) -> str:
    """Case, punctuation and spacing removed: how questions are grouped."""
    return _SPACES.sub(" ", _NOT_WORD.sub(" ", text.lower())).strip()[:MAX_QUESTION_CHARS]


def record_unanswered(
    session: Session, sender_id: str, question_text: str, idempotency_key: Optional[str] = None
) -> Optional[UnansweredQuestion]:
    """Store a question the bot could not answer; None if there is nothing to store.

    Pass ``idempotency_key`` (e.g. ``actions.tracker_facts.event_key(tracker, "unanswered")``)
    so a retried action cannot count the same question twice.
    """
    question = clean_question(question_text)
    key = question_key(question)
    if not key:
        return None
    return _insert_once(
        session,
        UnansweredQuestion(
            idempotency_key=idempotency_key or f"unanswered:{sender_id}:{uuid.uuid4().hex}",
            sender_id=sender_id,
            question=question,
            question_key=key,
        ),
    )


# --- read: the project's tables ------------------------------------------------------------------


def _utc(moment: datetime) -> datetime:
    """SQLite hands back naive datetimes; every stored time is UTC."""
    return moment.replace(tzinfo=timezone.utc) if moment.tzinfo is None else moment.astimezone(timezone.utc)


@dataclass(frozen=True)
class HandoffRow:
    sender_id: str
    created_at: datetime
    trigger: str
    triage_level: Optional[str]
    triage_reasons: Tuple[str, ...]


def handoffs_between(session: Session, since: datetime, until: datetime) -> List[HandoffRow]:
    rows = session.execute(
        select(Handoff.sender_id, Handoff.created_at, Handoff.trigger, Handoff.triage_level, Handoff.triage_reasons)
        .where(Handoff.created_at >= since, Handoff.created_at < until)
        .order_by(Handoff.created_at, Handoff.id)
    ).all()
    return [
        HandoffRow(sender, _utc(created), trigger, level, tuple(reasons or ()))
        for sender, created, trigger, level, reasons in rows
    ]


def flare_reports_between(session: Session, since: datetime, until: datetime) -> List[Tuple[datetime, str]]:
    """(created_at, triage_level) of every flare report in the window."""
    rows = session.execute(
        select(FlareReport.created_at, FlareReport.triage_level)
        .where(FlareReport.created_at >= since, FlareReport.created_at < until)
        .order_by(FlareReport.created_at)
    ).all()
    return [(_utc(created), level) for created, level in rows]


def _has_unanswered_table(session: Session) -> bool:
    bind = session.get_bind()
    with bind.connect() as connection:
        return bind.dialect.has_table(connection, UnansweredQuestion.__tablename__)


def unanswered_between(session: Session, since: datetime, until: datetime) -> List[Tuple[str, datetime]]:
    """(sender_id, created_at) of each unanswered question in the window (no text)."""
    if not _has_unanswered_table(session):
        return []
    rows = session.execute(
        select(UnansweredQuestion.sender_id, UnansweredQuestion.created_at)
        .where(UnansweredQuestion.created_at >= since, UnansweredQuestion.created_at < until)
    ).all()
    return [(sender, _utc(created)) for sender, created in rows]


def top_unanswered(session: Session, since: datetime, until: datetime, limit: int = 10) -> List[Tuple[str, int]]:
    """The most frequent unanswered questions: (one wording of it, times asked), most asked first."""
    if not _has_unanswered_table(session):
        return []
    count = func.count(UnansweredQuestion.id)
    rows = session.execute(
        select(func.min(UnansweredQuestion.question), count)
        .where(UnansweredQuestion.created_at >= since, UnansweredQuestion.created_at < until)
        .group_by(UnansweredQuestion.question_key)
        .order_by(count.desc(), func.min(UnansweredQuestion.question))
        .limit(limit)
    ).all()
    return [(question, n) for question, n in rows]


# --- read: Rasa's tracker store ------------------------------------------------------------------

# Rasa's SQLTrackerStore table, the columns this report reads (never created or written here).
_tracker_metadata = MetaData()
events = Table(
    "events",
    _tracker_metadata,
    Column("id", Integer, primary_key=True),
    Column("sender_id", String(255)),
    Column("type_name", String(255)),
    Column("timestamp", Float),
    Column("intent_name", String(255)),
    Column("action_name", String(255)),
)

SESSION_START = "action_session_start"


def tracker_database_url(read_only: bool = True) -> Optional[str]:
    """Where the tracker store is; None if there is none yet.

    Read-only for the report; ``read_only=False`` only for deletion and retention
    (``storage.erasure``), which remove whole conversations and never write events.
    """
    url = settings.load().database_url
    if url:
        return url
    path = data_dir() / "tracker.db"
    if not path.exists():
        return None
    return f"sqlite:///file:{path}?mode=ro&uri=true" if read_only else f"sqlite:///{path}"


@lru_cache(maxsize=8)
def tracker_engine(url: str) -> Engine:
    # A plain engine: Rasa's file belongs to the tracker store (runtime/tracker_store.py),
    # which sets its journal mode; this one only reads.
    if url.startswith("sqlite"):
        return create_engine(url, future=True, connect_args={"timeout": 30})
    return create_engine(url, future=True, pool_pre_ping=True)


@dataclass(frozen=True)
class TrackerEvent:
    sender_id: str
    timestamp: float  # Unix time, UTC
    kind: str  # "user" | "session_start"
    intent: Optional[str]


def conversation_events(url: Optional[str], since: datetime, until: datetime) -> Optional[List[TrackerEvent]]:
    """Patient messages and session starts in the window, per sender in order; None without a tracker store."""
    if url is None:
        return None
    engine = tracker_engine(url)
    with engine.connect() as connection:
        if not engine.dialect.has_table(connection, "events"):
            return None
        rows = connection.execute(
            select(events.c.sender_id, events.c.timestamp, events.c.type_name, events.c.intent_name)
            .where(
                events.c.timestamp >= since.timestamp(),
                events.c.timestamp < until.timestamp(),
                or_(
                    events.c.type_name == "user",
                    and_(events.c.type_name == "action", events.c.action_name == SESSION_START),
                ),
            )
            .order_by(events.c.sender_id, events.c.id)
        ).all()
    return [
        TrackerEvent(sender, stamp, "user" if kind == "user" else "session_start", intent)
        for sender, stamp, kind, intent in rows
    ]
