"""A seeded data directory: Rasa's tracker store (written by Rasa's own SQLTrackerStore) and the project DB.

Twelve conversations, known by heart (``EXPECTED``):

| sender | when (days ago) | what | question? | hand-off / unanswered | deflected |
|---|---|---|---|---|---|
| pat-a | 5, 10:00 | ask_flare_rate | yes | — | yes |
| pat-a | 5, 13:00 (new session) | request_human | no | patient_request | — |
| pat-b | 4 | greet, ask_diet, pregnancy flag | yes | red_flag urgent | no |
| pat-c | 3 | nlu_fallback | yes | unanswered "metformin" | no |
| pat-d | 3 | report_flare (flare report) | no | — | — |
| pat-e | 2 | out_of_scope, answered by search | yes | — | yes |
| pat-f | 2 | session start only (widget opened) | not a conversation | | |
| pat-g | 40 | ask_diet | outside the window | | |
| pat-h | 1 | ask_dose, triage | yes | triage doctor_soon | no |
| pat-i | 1 | red_flag_emergency | no | red_flag emergency | — |
| pat-j | 29, 00:00:00 (window start) | ask_mechanism | yes | — | yes |
| pat-j | 29, 03:00 (new session) | request_human | no | patient_request | — |
| pat-k | 6 | nlu_fallback | yes | unanswered "METFORMIN" | no |
| pat-l | 7 | nlu_fallback | yes | unanswered "<script>…" | no |
| pat-z | window end (tomorrow 00:00) | ask_diet | outside the window | | |
"""
from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import List, Optional

import pytest
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.events import ActionExecuted, BotUttered, SessionStarted, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from sqlalchemy.engine import make_url

from storage.analytics import record_unanswered
from storage.database import migrate, get_engine, session_scope
from storage.records import FlareReport, Handoff

FIXED_NOW = datetime(2026, 6, 10, 12, 0, tzinfo=timezone.utc)  # a Wednesday
XSS = "<script>alert('x')</script> is tattooing ok?"

EXPECTED = {
    "conversations": 12,
    "with_question": 8,
    "deflected": 3,
    "deflection_rate": 3 / 8,
    "handoffs": 5,
    "handoffs_by_trigger": {"patient_request": 2, "red_flag": 2, "triage": 1},
    "escalations": 3,
    "escalations_by_level": {"emergency": 1, "urgent": 1, "doctor_soon": 1},
    "escalations_by_reason": [("dose_above_usual", 1), ("flare_over_8_weeks", 1), ("pregnancy", 1),
                              ("suicidal_thoughts", 1)],
    "unanswered": 3,
    "top_unanswered": [("Can I take it with metformin?", 2), (XSS, 1)],
    "flare_reports": 3,
    "flare_reports_by_level": {"emergency": 0, "urgent": 1, "doctor_soon": 1, "self_care": 1},
}


@dataclass
class Seeded:
    data_dir: Path
    project_url: str
    tracker_url: str  # as the report opens it (read-only for SQLite)
    now: datetime

    @property
    def tracker_path(self) -> Path:
        return self.data_dir / "tracker.db"


def _at(now: datetime, days_ago: int, hour: int = 0, minute: int = 0, second: int = 0) -> datetime:
    day = now.date() - timedelta(days=days_ago)
    return datetime(day.year, day.month, day.day, hour, minute, second, tzinfo=timezone.utc)


def _session(start: datetime, *intents: str) -> List:
    """A Rasa session as the tracker store records it: session start, then patient messages and replies."""
    stamp = start.timestamp()
    events = [ActionExecuted("action_session_start", timestamp=stamp), SessionStarted(timestamp=stamp),
              ActionExecuted("action_listen", timestamp=stamp)]
    for index, intent in enumerate(intents, start=1):
        events += [
            UserUttered(f"message {index} ({intent})", {"name": intent, "confidence": 0.9},
                        timestamp=stamp + 10 * index, input_channel="rest"),
            ActionExecuted("utter_something", timestamp=stamp + 10 * index + 1),
            BotUttered("a reply", timestamp=stamp + 10 * index + 2),
            ActionExecuted("action_listen", timestamp=stamp + 10 * index + 3),
        ]
    return events


def seed(data_dir: Path, now: datetime, postgres_url: Optional[str] = None) -> Seeded:
    """The embedded layout (SQLite files in ``data_dir``), or everything in one PostgreSQL database."""
    data_dir.mkdir(parents=True, exist_ok=True)
    conversations = {
        "pat-a": _session(_at(now, 5, 10), "greet", "ask_flare_rate") + _session(_at(now, 5, 13), "request_human"),
        "pat-b": _session(_at(now, 4, 9), "greet", "ask_diet", "red_flag_urgent"),
        "pat-c": _session(_at(now, 3, 15), "nlu_fallback"),
        "pat-d": _session(_at(now, 3, 16), "greet", "report_flare", "inform", "inform"),
        "pat-e": _session(_at(now, 2, 11), "out_of_scope", "thank"),
        "pat-f": _session(_at(now, 2, 12)),
        "pat-g": _session(_at(now, 40, 9), "ask_diet"),
        "pat-h": _session(_at(now, 1, 8), "ask_dose", "report_flare", "inform"),
        "pat-i": _session(_at(now, 1, 20), "red_flag_emergency"),
        "pat-j": _session(_at(now, 29) - timedelta(seconds=10), "ask_mechanism")
                 + _session(_at(now, 29, 3), "request_human"),
        "pat-k": _session(_at(now, 6, 10), "nlu_fallback"),
        "pat-l": _session(_at(now, 7, 10), "nlu_fallback"),
        "pat-z": _session(_at(now, -1) - timedelta(seconds=10), "ask_diet"),
    }
    if postgres_url:
        url = make_url(postgres_url)
        store = SQLTrackerStore(dialect="postgresql", host=url.host, port=url.port, db=url.database,
                                username=url.username, password=url.password)
        tracker_url = project_url = postgres_url
    else:
        store = SQLTrackerStore(dialect="sqlite", db=str(data_dir / "tracker.db"))
        tracker_url = f"sqlite:///file:{data_dir / 'tracker.db'}?mode=ro&uri=true"
        project_url = f"sqlite:///{data_dir / 'flarecare.db'}"

    async def save_all() -> None:
        for sender, events in conversations.items():
            await store.save(DialogueStateTracker.from_events(sender, events))

    asyncio.run(save_all())
    store.engine.dispose()

    migrate(project_url)
    with session_scope(project_url) as session:
        handoffs = [
            ("pat-a", _at(now, 5, 13, 0, 15), "patient_request", "doctor_soon", ["incomplete_information"]),
            ("pat-b", _at(now, 4, 9, 0, 35), "red_flag", "urgent", ["pregnancy"]),
            ("pat-h", _at(now, 1, 8, 0, 35), "triage", "doctor_soon", ["flare_over_8_weeks", "dose_above_usual"]),
            ("pat-i", _at(now, 1, 20, 0, 15), "red_flag", "emergency", ["suicidal_thoughts"]),
            ("pat-j", _at(now, 29, 3, 0, 15), "patient_request", "doctor_soon", ["incomplete_information"]),
            ("pat-g", _at(now, 40, 9, 0, 15), "red_flag", "urgent", ["pregnancy"]),  # outside the window
        ]
        for index, (sender, created, trigger, level, reasons) in enumerate(handoffs):
            session.add(Handoff(idempotency_key=f"h{index}", sender_id=sender, created_at=created, trigger=trigger,
                                triage_level=level, triage_reasons=reasons, summary_text="(summary)", summary={}))
        reports = [("pat-b", _at(now, 4, 9, 0, 30), "urgent"), ("pat-d", _at(now, 3, 16, 0, 45), "self_care"),
                   ("pat-h", _at(now, 1, 8, 0, 35), "doctor_soon"), ("pat-g", _at(now, 40, 9), "self_care")]
        for index, (sender, created, level) in enumerate(reports):
            session.add(FlareReport(idempotency_key=f"r{index}", sender_id=sender, created_at=created,
                                    triage_level=level, triage_reasons=[]))
        for sender, created, question in [
            ("pat-c", _at(now, 3, 15, 0, 12), "Can I take it with metformin?"),
            ("pat-k", _at(now, 6, 10, 0, 12), "can i   take it with METFORMIN"),
            ("pat-l", _at(now, 7, 10, 0, 12), XSS),
        ]:
            row = record_unanswered(session, sender, question, idempotency_key=f"u:{sender}")
            row.created_at = created
    get_engine(project_url).dispose()
    return Seeded(data_dir, project_url, tracker_url, now)


@pytest.fixture
def seeded(tmp_path, monkeypatch) -> Seeded:
    """Seeded at FIXED_NOW; the environment points the project at it (embedded SQLite layout)."""
    monkeypatch.setenv("FLARECARE_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("FLARECARE_DATABASE_URL", raising=False)
    return seed(tmp_path / "data", FIXED_NOW)


@pytest.fixture
def seeded_today(tmp_path, monkeypatch) -> Seeded:
    """Seeded relative to the real clock, for the command and the page (which use today)."""
    monkeypatch.setenv("FLARECARE_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("FLARECARE_DATABASE_URL", raising=False)
    return seed(tmp_path / "data", datetime.now(timezone.utc))
