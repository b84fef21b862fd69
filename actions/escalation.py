"""Hand-offs to the clinic: after a red flag, and when the patient asks for a person."""
from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timezone
from typing import Any, Dict, List, Optional, Text, Tuple

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

import settings
from actions.tracker_facts import confirmed_check, event_key, flare_facts
from bot import clinic_hours as hours_config
from bot.clinician_summary import build_summary, summary_text
from bot.emergency_contacts import contacts_for
from bot.escalation_language import clinic_told
from bot.patient_messages import raised_level_reply
from bot.reading import reading_in
from bot.triage import FlareFacts, TriageResult, rank, triage
from storage.database import session_scope
from storage.records import save_handoff

DEFAULT_CLINIC_HOURS = "Monday to Friday, 9am to 5pm"

# Fail at start, not at a patient's hand-off: a wrong FLARECARE_CLINIC_OPEN or
# FLARECARE_CLINIC_TZ stops the action server while it imports this module.
hours_config.from_environment()


def clinic_hours() -> str:
    """The hours in words: FLARECARE_CLINIC_HOURS, else the structured hours described."""
    text = settings.load().clinic_hours
    if text:
        return text
    structured = hours_config.from_environment()
    return hours_config.describe(structured) if structured else DEFAULT_CLINIC_HOURS


def _now() -> datetime:
    return datetime.now(timezone.utc)


def clinic_availability() -> Optional[str]:
    """"The clinic is closed now; they'll reply from Monday 9:00." — None without structured hours."""
    structured = hours_config.from_environment()
    if structured is None:
        return None
    return hours_config.patient_text(structured, _now())


def _reported_flags(tracker: Tracker) -> Dict[str, str]:
    """code → evidence: the latest message's red flags, and on a "yes, it's happening now" the
    recent flags of the message the check asked about — both from the NLU's reading of them
    (bot.reading.reading_in), not from their text."""
    today = date.today()
    flags = {flag.code: flag.evidence for flag in reading_in(tracker.latest_message, today).red_flags.flags}
    asked_about = confirmed_check(tracker)
    if asked_about is not None:
        unclear = reading_in(asked_about, today).red_flags.unclear
        flags.update({flag.code: flag.evidence for flag in unclear if flag.code not in flags})
    return flags


def _store_handoff(tracker: Tracker, trigger: str) -> Tuple[TriageResult, FlareFacts]:
    """Triage what we know (all red flags so far), store the hand-off once, return both."""
    flags = _reported_flags(tracker)
    facts = flare_facts(tracker)
    facts = replace(facts, red_flags=facts.red_flags | frozenset(flags))
    result = triage(facts)
    summary = build_summary(facts, result, flags)
    with session_scope() as session:
        save_handoff(
            session, event_key(tracker, trigger), tracker.sender_id, trigger,
            summary_text(summary), summary, result.level, result.reasons,
        )
    return result, facts


class ActionRecordEscalation(Action):
    """Runs after the static red-flag reply; the patient already knows what to do."""

    def name(self) -> Text:
        return "action_record_escalation"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> List[Dict[Text, Any]]:
        result, facts = _store_handoff(tracker, "red_flag")
        if rank(result.level) > rank(tracker.get_slot("triage_level") or "self_care"):
            dispatcher.utter_message(text=raised_level_reply(result.level, contacts_for()))
        language = tracker.get_slot("language") or "en"
        dispatcher.utter_message(text=clinic_told(language, clinic_availability(), clinic_hours()))
        return [
            SlotSet("triage_level", result.level),
            SlotSet("triage_reasons", list(result.reasons)),
            SlotSet("red_flags_seen", sorted(facts.red_flags)),
        ]


class ActionHandoff(Action):
    def name(self) -> Text:
        return "action_handoff"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> List[Dict[Text, Any]]:
        _store_handoff(tracker, "patient_request")  # the result is for the clinic, not this reply
        availability = clinic_availability() or f"They answer {clinic_hours()}."
        dispatcher.utter_message(
            text=(
                f"I've asked your clinic's team to get in touch with you. {availability} "
                f"If it can't wait, phone the clinic; in an emergency call {contacts_for().emergency}."
            )
        )
        return []
