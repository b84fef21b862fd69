"""Translate a Rasa tracker into the plain data bot/ works on."""
from __future__ import annotations

from datetime import date
from typing import Any, Dict, FrozenSet, Optional

from rasa_sdk import Tracker

from bot.form_slots import check_slot
from bot.red_flags import FLAG_LEVEL
from bot.triage import FLARE_FIELDS, FlareFacts


def flare_facts(tracker: Tracker) -> FlareFacts:
    """The flare details and any red flags reported earlier in this conversation.

    Every detail is checked again, as the form checks an answer: a slot can be
    filled without the form's validation (an entity outside the form, a typed
    "/inform{...}" payload, an answer the action server was too slow to
    validate), and triage must never see "4000 mg" or a string where a number
    belongs. A value the form would not accept counts as unknown.
    """
    values: Dict[str, Any] = {name: _checked(name, tracker.get_slot(name)) for name in FLARE_FIELDS}
    return FlareFacts(red_flags=red_flags_so_far(tracker), **values)


def _checked(slot: str, value: Any) -> Any:
    if value is None:
        return None
    return check_slot(slot, value, date.today()).value


def red_flags_so_far(tracker: Tracker) -> FrozenSet[str]:
    """Every red-flag code reported in this conversation (triage_reasons holds only the latest)."""
    codes = list(tracker.get_slot("red_flags_seen") or []) + list(tracker.get_slot("triage_reasons") or [])
    return frozenset(code for code in codes if code in FLAG_LEVEL)


def event_key(tracker: Tracker, kind: str) -> str:
    """An idempotency key: one row per conversation, kind and user message."""
    timestamp: Optional[float] = None
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            timestamp = event.get("timestamp")
            break
    return f"{kind}:{tracker.sender_id}:{timestamp}"
