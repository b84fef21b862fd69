"""Translate a Rasa tracker into the plain data bot/ works on."""
from __future__ import annotations

from datetime import date
from typing import Any, Dict, FrozenSet, Iterable, List, Optional, Tuple

from rasa_sdk import Tracker

from bot.flare_form import FORM_SLOTS
from bot.form_slots import check_slot
from bot.red_flag_levels import FLAG_LEVEL
from bot.triage import FlareFacts


def flare_facts(tracker: Tracker) -> FlareFacts:
    """The flare details and any red flags reported earlier in this conversation.

    Every detail is checked again, as the form checks an answer: a slot can be
    filled without the form's validation (an entity outside the form, a typed
    "/inform{...}" payload, an answer the action server was too slow to
    validate), and triage must never see "4000 mg" or a string where a number
    belongs. A value the form would not accept counts as unknown.
    """
    values: Dict[str, Any] = {name: _checked(name, tracker.get_slot(name)) for name in FORM_SLOTS}
    return FlareFacts(red_flags=red_flags_so_far(tracker), **values)


def _checked(slot: str, value: Any) -> Any:
    if value is None:
        return None
    return check_slot(slot, value, date.today()).value


def red_flags_so_far(tracker: Tracker) -> FrozenSet[str]:
    """Every red-flag code reported in this conversation: those kept by the hand-off
    (red_flags_seen), the NLU's of the latest message with any (red_flag_codes), and the
    codes among the latest triage's reasons (triage_reasons, set by the actions)."""
    codes = [
        *(tracker.get_slot("red_flags_seen") or []),
        *(tracker.get_slot("red_flag_codes") or []),
        *(tracker.get_slot("triage_reasons") or []),
    ]
    return frozenset(code for code in codes if code in FLAG_LEVEL)


def event_key(tracker: Tracker, kind: str) -> str:
    """An idempotency key: one row per conversation, kind and user message."""
    timestamp: Optional[float] = None
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            timestamp = event.get("timestamp")
            break
    return f"{kind}:{tracker.sender_id}:{timestamp}"


def form_context(tracker: Tracker, slots: Iterable[str]) -> Tuple[Dict[str, Any], Optional[str]]:
    """The answers to ``slots`` given before the latest message, and the question asked before the current one.

    Both are read from the events up to the latest user message, so values the
    slot mappings set from that message itself are not included.
    """
    wanted = set(slots)
    values: Dict[str, Any] = {}
    requested: Optional[str] = None
    asked_at_turns: List[Optional[str]] = []
    user_events = [i for i, e in enumerate(tracker.events) if e.get("event") == "user"]
    latest = user_events[-1] if user_events else len(tracker.events)
    for event in tracker.events[:latest]:
        kind = event.get("event")
        if kind in ("session_started", "restart"):
            values, requested = {}, None
        elif kind == "slot" and event.get("name") == "requested_slot":
            requested = event.get("value")
        elif kind == "slot" and event.get("name") in wanted:
            values[event["name"]] = event.get("value")
        elif kind == "user":
            asked_at_turns.append(requested)
    asking_now = requested
    previous = next((slot for slot in reversed(asked_at_turns) if slot != asking_now), None)
    return {k: v for k, v in values.items() if v is not None}, previous if previous in wanted else None


def confirmed_check(tracker: Tracker) -> Optional[Dict[str, Any]]:
    """The parse data of the patient's message a red-flag check asked about ("Is this happening
    now?"), when the latest message says yes to it; else None (components/red_flag_policy.py asks
    the question). Its reading (bot.reading.reading_in) holds the flags the check was about."""
    if (tracker.latest_message.get("intent") or {}).get("name") != "affirm":
        return None
    users = [i for i, e in enumerate(tracker.events) if e.get("event") == "user"]
    if len(users) < 2:
        return None
    between = tracker.events[users[-2]:users[-1]]
    asked = any(e.get("event") == "action" and e.get("name") == "utter_red_flag_check" for e in between)
    if not asked:
        return None
    event = tracker.events[users[-2]]
    return {**(event.get("parse_data") or {}), "text": event.get("text") or ""}
