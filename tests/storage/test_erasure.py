"""Deleting a patient and purging old data remove the rows, on SQLite and PostgreSQL.

The tracker store is built exactly as `rasa run` builds it from the endpoints
that scripts/serve.py writes, so Rasa's own SQLTrackerStore writes the events
that are then deleted. PostgreSQL runs when ``FLARECARE_TEST_POSTGRES_URL``
points at a scratch database (rows are told apart by unique sender ids; the
retention tests use dates in 2001, so nothing of other tests is old enough).
"""
from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import List, Optional

import pytest
from rasa.core.tracker_store import TrackerStore, create_tracker_store
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, ActiveLoop, BotUttered, Event, SessionStarted, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.utils.endpoints import read_endpoint_config
from sqlalchemy import func, select
from sqlalchemy.engine import Engine

import settings
from scripts.serve import write_endpoints
from settings import SettingsError
from storage import erasure
from storage.analytics import UnansweredQuestion, events, record_unanswered
from storage.database import migrate, session_scope
from storage.records import FlareReport, Handoff, save_flare_report, save_handoff
from storage.retention import start_periodic_purge
from runtime.tracker_store import FlareCareTrackerStore, deletion_confirmed

ROOT = Path(__file__).resolve().parents[2]
POSTGRES_URL = os.environ.get("FLARECARE_TEST_POSTGRES_URL")
LONG_AGO = datetime(2001, 1, 1, tzinfo=timezone.utc)


@pytest.fixture(scope="module")
def domain() -> Domain:
    return Domain.load(str(ROOT / "domain.yml"))


@dataclass
class Stores:
    """One deployment's stores: the tracker store Rasa would run with, and the project's database."""

    tracker_store: TrackerStore
    records_url: Optional[str]  # None: the default (SQLite in the data directory)

    @property
    def tracker_engine(self) -> Engine:
        return self.tracker_store.engine

    def save(self, tracker: DialogueStateTracker) -> None:
        asyncio.run(self.tracker_store.save(tracker))

    def retrieve(self, sender: str) -> Optional[DialogueStateTracker]:
        return asyncio.run(self.tracker_store.retrieve(sender))

    def rows(self, sender: str) -> dict:
        with self.tracker_engine.connect() as connection:
            counts = {"tracker_events": connection.execute(
                select(func.count()).select_from(events).where(events.c.sender_id == sender)).scalar_one()}
        with session_scope(self.records_url) as session:
            for model in (FlareReport, Handoff, UnansweredQuestion):
                counts[model.__tablename__] = session.execute(
                    select(func.count()).select_from(model).where(model.sender_id == sender)).scalar_one()
        return counts


@pytest.fixture(params=["sqlite", "postgresql"])
def stores(request, tmp_path, monkeypatch, domain) -> Stores:
    monkeypatch.setenv("FLARECARE_DATA_DIR", str(tmp_path))
    if request.param == "postgresql":
        if not POSTGRES_URL:
            pytest.skip("set FLARECARE_TEST_POSTGRES_URL to run against PostgreSQL")
        monkeypatch.setenv("FLARECARE_DATABASE_URL", POSTGRES_URL)
    else:
        monkeypatch.delenv("FLARECARE_DATABASE_URL", raising=False)
    migrate()
    endpoints = write_endpoints(action_port=5055)
    store = create_tracker_store(read_endpoint_config(str(endpoints), "tracker_store"), domain)
    yield Stores(store, os.environ.get("FLARECARE_DATABASE_URL"))
    store.engine.dispose()


def new_sender() -> str:
    return f"erasure-{uuid.uuid4().hex[:12]}"


def user(text: str, intent: str, at: Optional[float] = None) -> UserUttered:
    return UserUttered(text, {"name": intent, "confidence": 1.0}, timestamp=at)


def bot(action: str, text: str, at: Optional[float] = None) -> List[Event]:
    return [ActionExecuted(action, timestamp=at), BotUttered(text, timestamp=at), ActionExecuted("action_listen", timestamp=at)]


def opening(at: Optional[float] = None) -> List[Event]:
    return [ActionExecuted("action_session_start", timestamp=at), SessionStarted(timestamp=at),
            ActionExecuted("action_listen", timestamp=at)]


def flare_turn(at: Optional[float] = None) -> List[Event]:
    return [user("I'm 6 weeks in on 40mg and breaking out", "report_flare", at),
            *bot("utter_flare_intro", "I'm sorry your skin is flaring.", at)]


def delete_request() -> List[Event]:
    return [user("delete my data", "delete_my_data"), *bot("utter_ask_delete_my_data", "Do you want me to delete…")]


def confirmation() -> List[Event]:
    return [user("/affirm", "affirm"), *bot("utter_data_deleted", "Done: I've deleted…")]


def tracker(domain: Domain, sender: str, history: List[Event]) -> DialogueStateTracker:
    return DialogueStateTracker.from_events(sender, history, domain.slots)


def store_records(sender: str, records_url: Optional[str], created_at: Optional[datetime] = None) -> None:
    with session_scope(records_url) as session:
        report = save_flare_report(session, f"flare:{sender}", sender, {}, "self_care", [])
        handoff = save_handoff(session, f"handoff:{sender}", sender, "patient_request", "summary", {})
        question = record_unanswered(session, sender, "can I take it with metformin?", f"unanswered:{sender}")
        if created_at is not None:
            for row in (report, handoff, question):
                row.created_at = created_at


def test_serve_configures_the_flarecare_tracker_store(stores):
    # Rasa falls back to an in-memory store, with only a warning, when a custom class cannot be loaded.
    assert isinstance(stores.tracker_store, FlareCareTrackerStore)


def test_confirmed_deletion_removes_the_patient_from_every_store(stores, domain):
    patient, other = new_sender(), new_sender()
    for sender in (patient, other):
        stores.save(tracker(domain, sender, opening() + flare_turn()))
        store_records(sender, stores.records_url)
    before = stores.rows(patient)
    assert before["tracker_events"] > 0 and before["flare_reports"] == before["handoffs"] == 1
    assert before["unanswered_questions"] == 1

    conversation = stores.retrieve(patient)
    for event in delete_request():
        conversation.update(event)
    stores.save(conversation)
    assert stores.rows(patient)["tracker_events"] > before["tracker_events"]  # asking deletes nothing

    conversation = stores.retrieve(patient)
    for event in confirmation():
        conversation.update(event)
    stores.save(conversation)

    assert stores.rows(patient) == {"tracker_events": 0, "flare_reports": 0, "handoffs": 0, "unanswered_questions": 0}
    assert stores.retrieve(patient) is None  # the next message starts a new conversation
    untouched = stores.rows(other)
    assert untouched["tracker_events"] == before["tracker_events"] and untouched["flare_reports"] == 1
    assert untouched["handoffs"] == untouched["unanswered_questions"] == 1


def test_the_deleted_reply_without_a_confirmed_question_saves_as_usual(stores, domain):
    unasked, declined = new_sender(), new_sender()
    stores.save(tracker(domain, unasked, opening() + flare_turn() + confirmation()))
    stores.save(tracker(domain, declined, opening() + delete_request() + [user("no", "deny"), *bot(
        "utter_data_deleted", "Done")]))
    for sender in (unasked, declined):
        assert stores.rows(sender)["tracker_events"] > 0
        assert stores.retrieve(sender) is not None


def test_delete_patient_counts_every_store(stores, domain):
    patient = new_sender()
    stores.save(tracker(domain, patient, opening() + flare_turn()))
    store_records(patient, stores.records_url)
    stored = stores.rows(patient)["tracker_events"]

    counts = erasure.delete_patient(patient, stores.tracker_engine, stores.records_url)

    assert counts == {"flare_reports": 1, "handoffs": 1, "unanswered_questions": 1, "tracker_events": stored}
    assert erasure.delete_patient(patient, stores.tracker_engine, stores.records_url) == dict.fromkeys(counts, 0)


def test_purge_deletes_what_is_older_than_the_retention_period(stores, domain):
    now = LONG_AGO + timedelta(days=200)
    gone, chatting, recent = new_sender(), new_sender(), new_sender()
    old = (LONG_AGO + timedelta(days=1)).timestamp()
    stores.save(tracker(domain, gone, opening(old) + flare_turn(old)))
    # An old session and a recent one: the whole history stays while the patient is active.
    stores.save(tracker(domain, chatting, opening(old) + flare_turn(old) + opening(now.timestamp() - 3600)))
    stores.save(tracker(domain, recent, opening(now.timestamp() - 86400) + flare_turn(now.timestamp() - 86400)))
    store_records(gone, stores.records_url, created_at=LONG_AGO)
    store_records(recent, stores.records_url, created_at=now - timedelta(days=10))
    kept = {sender: stores.rows(sender) for sender in (chatting, recent)}

    counts = erasure.purge(180, now=now, records_url=stores.records_url, tracker=stores.tracker_engine)

    assert counts["conversations"] == 1 and counts["flare_reports"] == counts["handoffs"] == 1
    assert counts["unanswered_questions"] == 1 and counts["tracker_events"] > 0
    assert stores.rows(gone) == {"tracker_events": 0, "flare_reports": 0, "handoffs": 0, "unanswered_questions": 0}
    assert {sender: stores.rows(sender) for sender in kept} == kept


def _clinic(*args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-m", "clinic", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)


def test_clinic_delete_patient_command_prints_counts_not_content(stores, domain):
    patient, other = new_sender(), new_sender()
    for sender in (patient, other):
        stores.save(tracker(domain, sender, opening() + flare_turn()))
        store_records(sender, stores.records_url)
    events_stored = stores.rows(patient)["tracker_events"]

    result = _clinic("delete-patient", patient)

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == (
        f"deleted rows: flare_reports=1, handoffs=1, unanswered_questions=1, tracker_events={events_stored}"
    )
    assert "metformin" not in result.stdout + result.stderr and "40mg" not in result.stdout + result.stderr
    assert stores.rows(patient) == {"tracker_events": 0, "flare_reports": 0, "handoffs": 0, "unanswered_questions": 0}
    assert stores.rows(other)["tracker_events"] == events_stored


def test_clinic_purge_command_uses_the_retention_setting(stores, domain, monkeypatch):
    patient = new_sender()
    stores.save(tracker(domain, patient, opening(LONG_AGO.timestamp()) + flare_turn(LONG_AGO.timestamp())))
    store_records(patient, stores.records_url, created_at=LONG_AGO)
    monkeypatch.setenv("FLARECARE_RETENTION_DAYS", "3650")  # 2001 is older; nothing of other tests is

    result = _clinic("purge")

    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("purged rows older than 3650 days: ")
    assert stores.rows(patient) == {"tracker_events": 0, "flare_reports": 0, "handoffs": 0, "unanswered_questions": 0}


def test_deletion_is_confirmed_mid_form_too():
    mid_form = [
        *opening(), user("my skin is flaring", "report_flare"), ActionExecuted("flare_form"), ActiveLoop("flare_form"),
        SlotSet("requested_slot", "flare_extent"), ActionExecuted("action_listen"),
        user("delete my data", "delete_my_data"), ActionExecuted("action_deactivate_loop"), ActiveLoop(None),
        SlotSet("requested_slot", None), *bot("utter_ask_delete_my_data", "Do you want me to delete…"),
    ]
    assert not deletion_confirmed(mid_form)
    assert deletion_confirmed(mid_form + confirmation())
    # A red flag in the answer is escalated, never taken as a yes.
    assert not deletion_confirmed(mid_form + [user("yes and I want to die", "red_flag_emergency"),
                                              *bot("utter_data_deleted", "Done")])


@pytest.mark.parametrize("value, days", [(None, 180), ("", 180), ("30", 30), (" 365 ", 365)])
def test_retention_days_setting(monkeypatch, value, days):
    if value is None:
        monkeypatch.delenv("FLARECARE_RETENTION_DAYS", raising=False)
    else:
        monkeypatch.setenv("FLARECARE_RETENTION_DAYS", value)
    assert settings.load().retention_days == days


@pytest.mark.parametrize("value", ["0", "-5", "thirty", "1.5"])
def test_an_unreadable_retention_setting_is_refused(monkeypatch, value):
    monkeypatch.setenv("FLARECARE_RETENTION_DAYS", value)
    with pytest.raises(SettingsError, match="FLARECARE_RETENTION_DAYS"):
        settings.load()


def test_serve_refuses_to_start_with_an_unreadable_retention_setting(tmp_path):
    env = {**os.environ, "FLARECARE_DATA_DIR": str(tmp_path), "FLARECARE_RETENTION_DAYS": "a year"}
    result = subprocess.run([sys.executable, str(ROOT / "scripts" / "serve.py"), "--no-web"], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode != 0
    assert "FLARECARE_RETENTION_DAYS must be a whole number of days" in result.stderr


def test_the_periodic_purge_keeps_purging(stores, domain):
    patient = new_sender()
    stores.save(tracker(domain, patient, opening(LONG_AGO.timestamp()) + flare_turn(LONG_AGO.timestamp())))
    store_records(patient, stores.records_url, created_at=LONG_AGO)
    stop = start_periodic_purge(days=3650, interval_s=0.2)
    try:
        deadline = time.monotonic() + 30
        while stores.rows(patient) != dict.fromkeys(stores.rows(patient), 0) and time.monotonic() < deadline:
            time.sleep(0.2)
    finally:
        stop.set()
    assert stores.rows(patient) == {"tracker_events": 0, "flare_reports": 0, "handoffs": 0, "unanswered_questions": 0}
