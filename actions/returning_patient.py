"""A returning patient: greet them with their last flare report and follow it up."""
from __future__ import annotations

from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.knowledge_search import ActionSearchKnowledge
from actions.tracker_facts import event_key
from bot.emergency_contacts import contacts_for
from bot.flare_form import answers
from bot.follow_up import follow_up_triage, ongoing_facts, weeks_between
from bot.patient_messages import triage_reply
from bot.triage import FlareFacts
from storage.database import session_scope
from storage.records import FlareReport, latest_flare_report, save_flare_report

PROGRESS_INTENT = {"flare_better": "better", "flare_same": "same", "flare_worse": "worse"}
LEVEL_WORDS = {
    "emergency": "an emergency",
    "urgent": "to contact your prescriber the same day",
    "doctor_soon": "to see your prescriber within days",
    "self_care": "a usual early flare",
}


def _facts(report: FlareReport) -> FlareFacts:
    return FlareFacts(**answers(report))


class ActionCheckReturningPatient(Action):
    """After the greeting: a patient with an earlier report is asked how the flare is now."""

    def name(self) -> Text:
        return "action_check_returning_patient"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> List[Dict[Text, Any]]:
        with session_scope() as session:
            report: Optional[FlareReport] = latest_flare_report(session, tracker.sender_id)
            if report is None:
                return []
            flare = f"a {report.flare_extent} flare" if report.flare_extent else "a flare"
            dispatcher.utter_message(
                text=(
                    f"Welcome back. On {report.created_at:%d %B} you told me about {flare}, "
                    f"and it looked like {LEVEL_WORDS.get(report.triage_level, 'something to check')}. "
                    "How is it now?"
                ),
                buttons=[
                    {"title": "Better", "payload": "/flare_better"},
                    {"title": "About the same", "payload": "/flare_same"},
                    {"title": "Worse", "payload": "/flare_worse"},
                ],
            )
        return []


class ActionFlareProgress(Action):
    """Better / the same / worse since the last report: re-triage the ongoing flare."""

    def name(self) -> Text:
        return "action_flare_progress"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> List[Dict[Text, Any]]:
        progress = PROGRESS_INTENT.get((tracker.latest_message.get("intent") or {}).get("name"), "same")
        with session_scope() as session:
            report = latest_flare_report(session, tracker.sender_id)
            if report is None:
                # Without an earlier report "better/same/worse" was probably a question the
                # classifier misread ("is generic the same as the brand?"): search for it.
                return ActionSearchKnowledge().run(dispatcher, tracker, domain)
            weeks = weeks_between(report.created_at)
            result = follow_up_triage(_facts(report), weeks, progress)
            if result is None:
                dispatcher.utter_message(
                    text="I'm glad it's getting better. Keep going with your treatment as prescribed, "
                    "and come back any time if it flares again."
                )
                return []
            facts = ongoing_facts(_facts(report), weeks)
            save_flare_report(
                session, event_key(tracker, "follow_up"), tracker.sender_id, answers(facts),
                result.level, result.reasons, mg_per_kg_day=report.mg_per_kg_day,
            )
        intro = f"Thanks for letting me know. Altogether this flare has lasted about {facts.flare_duration_weeks:.0f} weeks."
        dispatcher.utter_message(text=intro + "\n\n" + triage_reply(result, None, contacts_for()))
        return [SlotSet("triage_level", result.level), SlotSet("triage_reasons", list(result.reasons))]
