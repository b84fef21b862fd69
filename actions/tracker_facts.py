"""Translate a Rasa tracker into the plain data bot/ works on."""
from __future__ import annotations

from typing import Any, Dict, Optional

from rasa_sdk import Tracker

from bot.red_flags import FLAG_LEVEL
from bot.triage import FLARE_FIELDS, FlareFacts


def flare_facts(tracker: Tracker) -> FlareFacts:
    """The flare details and any red flags reported earlier in this conversation."""
    values: Dict[str, Any] = {name: tracker.get_slot(name) for name in FLARE_FIELDS}
    reasons = tracker.get_slot("triage_reasons") or []
    flags = frozenset(code for code in reasons if code in FLAG_LEVEL)
    return FlareFacts(red_flags=flags, **values)


def event_key(tracker: Tracker, kind: str) -> str:
    """An idempotency key: one row per conversation, kind and user message."""
    timestamp: Optional[float] = None
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            timestamp = event.get("timestamp")
            break
    return f"{kind}:{tracker.sender_id}:{timestamp}"
