"""The flare form: validation adapters and the submit action."""
from __future__ import annotations

from datetime import date
from typing import Any, Dict, List, Text

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.faq import answer_text
from actions.tracker_facts import event_key, flare_facts, form_context
from bot.clinician_summary import build_summary, summary_text
from bot.corrections import confirmation, find_corrections, noted
from bot.dosing import summarise
from bot.emergency_contacts import contacts_for
from bot.flare_form import FORM_SLOTS, answers
from bot.form_slots import check_slot
from bot.patient_messages import triage_reply
from bot.reading import Reading, reading_in
from bot.triage import triage
from knowledge.topics import topic_for_intent
from storage.database import session_scope
from storage.records import save_flare_report, save_handoff

# An FAQ asked mid-form is answered when the answer could not be parsed and
# the classifier is at least this sure the message was a question.
FAQ_MID_FORM_CONFIDENCE = 0.7


class ValidateFlareForm(FormValidationAction):
    def name(self) -> Text:
        return "validate_flare_form"

    def _validate(
        self, slot: str, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, reading: Reading,
        counts: bool = True,
    ) -> Dict[Text, Any]:
        """Validate one answer; ``counts=False``: the message answered another question, so a miss here is no failure."""
        attempts: Dict[str, int] = dict(tracker.get_slot("form_attempts") or {})
        intent = tracker.latest_message.get("intent") or {}
        topic = topic_for_intent(intent.get("name"))
        check = check_slot(slot, value, date.today(), attempts.get(slot, 0) + 1, red_flags=reading.red_flags.codes)
        if check.ok:
            return {slot: check.value}
        if topic and (intent.get("confidence") or 0) >= FAQ_MID_FORM_CONFIDENCE:
            # A question, not a failed answer: answer it and ask again; no attempt counted.
            dispatcher.utter_message(text=answer_text(topic) + "\n\nNow, back to your flare:")
            return {slot: None}
        if not counts:  # the form asks its question again; no re-ask text, no attempt counted
            return {slot: None}
        attempts[slot] = attempts.get(slot, 0) + 1
        if check.give_up:
            dispatcher.utter_message(text=check.reask, buttons=[{"title": "Talk to the clinic", "payload": "/request_human"}])
            return {slot: None, "form_attempts": attempts, "requested_slot": None}
        dispatcher.utter_message(text=check.reask)
        return {slot: None, "form_attempts": attempts}

    async def get_validation_events(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[Dict[Text, Any]]:
        """Validate this message's answers; an earlier answer changes only through bot.corrections.

        What the message holds (quantities, red flags) is the NLU's reading of it
        (bot/reading.py ``reading_in``): the text is not scanned again here.

        The slot mappings set any slot whose quantity the message mentions; for a
        question already answered that value is replaced by the correction found
        (or the earlier answer, when there is none). A message that corrects an
        earlier answer is not also read as a typed answer to the current question.
        """
        asking = tracker.get_slot("requested_slot")
        answered, last_answered = form_context(tracker, FORM_SLOTS)
        text = tracker.latest_message.get("text") or ""
        today = date.today()
        reading = reading_in(tracker.latest_message, today)
        corrections = find_corrections(text, reading.quantities, answered, asking, last_answered, today)
        results: Dict[Text, Any] = {}
        candidates = {slot: value for slot, value in tracker.slots_to_validate().items() if slot in FORM_SLOTS}
        # The other questions first: "20 mg" asked how bad the flare is answers the dose question,
        # and a message that answers one question is not a failed answer to the one asked.
        answered_elsewhere: Dict[Text, Any] = {}
        for slot in sorted(candidates, key=lambda name: name == asking):
            value = candidates[slot]
            if slot == asking:
                answered_elsewhere = {
                    s: v for s, v in results.items() if s in FORM_SLOTS and s not in answered and v is not None
                }
                if answered_elsewhere:
                    dispatcher.utter_message(text=noted(answered_elsewhere))
            if slot in answered and slot != asking:
                results[slot] = answered[slot]
            elif corrections and slot == asking and isinstance(value, str):
                results[slot] = None  # the typed text was a correction; the question is asked again
            else:
                counts = not (slot == asking and answered_elsewhere)
                results.update(self._validate(slot, value, dispatcher, tracker, reading, counts=counts))
            tracker.slots.update(results)
        for correction in corrections:
            results[correction.slot] = correction.kept
        if corrections:
            dispatcher.utter_message(text=confirmation(corrections))
        return [SlotSet(slot, value) for slot, value in results.items()]


class ActionSubmitFlare(Action):
    def name(self) -> Text:
        return "action_submit_flare"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> List[Dict[Text, Any]]:
        facts = flare_facts(tracker)
        result = triage(facts)
        dosing = None
        if facts.daily_dose_mg is not None and facts.weight_kg:
            dosing = summarise(facts.daily_dose_mg, facts.weight_kg, facts.treatment_week, facts.flare_duration_weeks)
        summary = build_summary(facts, result)
        with session_scope() as session:
            save_flare_report(
                session,
                event_key(tracker, "flare"),
                tracker.sender_id,
                answers(facts),
                result.level,
                result.reasons,
                mg_per_kg_day=dosing.mg_per_kg_day if dosing else None,
                cumulative_mg_per_kg=dosing.cumulative_mg_per_kg if dosing else None,
            )
            if result.needs_clinic:
                save_handoff(
                    session, event_key(tracker, "handoff"), tracker.sender_id, "triage",
                    summary_text(summary), summary, result.level, result.reasons,
                )
        dispatcher.utter_message(text=triage_reply(result, dosing, contacts_for()))
        return [
            SlotSet("triage_level", result.level),
            SlotSet("triage_reasons", list(result.reasons)),
            SlotSet("form_attempts", None),
        ]
