"""Flare reports and clinic hand-offs: what the clinic receives, stored once each.

Every row carries an ``idempotency_key`` built from the conversation and the
event that produced it, so a retried action (or a second replica handling the
same message) cannot store the same report twice.
"""
from __future__ import annotations

from datetime import datetime, timezone
from typing import Any, Dict, Mapping, Optional, Sequence

from sqlalchemy import JSON, Boolean, Column, DateTime, Float, Integer, String, Text, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from storage.database import Base


def _now() -> datetime:
    return datetime.now(timezone.utc)


class PatientRecord:
    """Columns every per-patient row has: who, when, and its idempotency key."""

    id = Column(Integer, primary_key=True)
    idempotency_key = Column(String(200), unique=True, nullable=False)
    sender_id = Column(String(255), index=True, nullable=False)
    created_at = Column(DateTime(timezone=True), default=_now, nullable=False)


class FlareReport(PatientRecord, Base):
    __tablename__ = "flare_reports"

    treatment_week = Column(Float)
    daily_dose_mg = Column(Float)
    weight_kg = Column(Float)
    flare_extent = Column(String(20))
    skin_breakdown = Column(Boolean)
    systemic_symptoms = Column(Boolean)
    flare_duration_weeks = Column(Float)
    mg_per_kg_day = Column(Float)
    cumulative_mg_per_kg = Column(Float)
    triage_level = Column(String(20), nullable=False)
    triage_reasons = Column(JSON, nullable=False, default=list)


class Handoff(PatientRecord, Base):
    __tablename__ = "handoffs"

    trigger = Column(String(30), nullable=False)  # triage | red_flag | patient_request
    triage_level = Column(String(20))
    triage_reasons = Column(JSON, nullable=False, default=list)
    summary_text = Column(Text, nullable=False)
    summary = Column(JSON, nullable=False, default=dict)
    status = Column(String(20), nullable=False, default="open")


def _insert_once(session: Session, row: Any) -> Any:
    """Insert ``row`` unless a row with its idempotency key exists; return the stored row."""
    model = type(row)
    existing = session.execute(
        select(model).where(model.idempotency_key == row.idempotency_key)
    ).scalar_one_or_none()
    if existing is not None:
        return existing
    try:
        with session.begin_nested():
            session.add(row)
    except IntegrityError:  # another replica won the race
        return session.execute(
            select(model).where(model.idempotency_key == row.idempotency_key)
        ).scalar_one()
    return row


def save_flare_report(
    session: Session,
    idempotency_key: str,
    sender_id: str,
    answers: Mapping[str, Any],
    triage_level: str,
    triage_reasons: Sequence[str],
    mg_per_kg_day: Optional[float] = None,
    cumulative_mg_per_kg: Optional[float] = None,
) -> FlareReport:
    """Store one flare report; ``answers`` are the form's (bot.flare_form.answers), one column each."""
    return _insert_once(
        session,
        FlareReport(
            idempotency_key=idempotency_key,
            sender_id=sender_id,
            **answers,
            mg_per_kg_day=mg_per_kg_day,
            cumulative_mg_per_kg=cumulative_mg_per_kg,
            triage_level=triage_level,
            triage_reasons=list(triage_reasons),
        ),
    )


def save_handoff(
    session: Session,
    idempotency_key: str,
    sender_id: str,
    trigger: str,
    summary_text: str,
    summary: Dict[str, Any],
    triage_level: Optional[str] = None,
    triage_reasons: Sequence[str] = (),
) -> Handoff:
    return _insert_once(
        session,
        Handoff(
            idempotency_key=idempotency_key,
            sender_id=sender_id,
            trigger=trigger,
            triage_level=triage_level,
            triage_reasons=list(triage_reasons),
            summary_text=summary_text,
            summary=summary,
        ),
    )


def latest_flare_report(session: Session, sender_id: str) -> Optional[FlareReport]:
    return session.execute(
        select(FlareReport)
        .where(FlareReport.sender_id == sender_id)
        .order_by(FlareReport.created_at.desc(), FlareReport.id.desc())
        .limit(1)
    ).scalar_one_or_none()
