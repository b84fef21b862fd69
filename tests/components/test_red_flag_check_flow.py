"""The red-flag check in the conversation: the extractor's intent and entities, and RedFlagPolicy's plan.

The full dialogues are Rasa test stories (tests/stories/test_red_flag_check.yml); these
tests pin the pieces without a trained model.
"""
from __future__ import annotations

from rasa.shared.core.events import ActionExecuted, ActiveLoop, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.nlu.training_data.message import Message

from components.flarecare_extractor import FlareCareExtractor
from components.red_flag_policy import escalation_step


def parse(text, intent=None):
    data = {"text": text}
    if intent:
        data.update(intent={"name": intent, "confidence": 0.9},
                    intent_ranking=[{"name": intent, "confidence": 0.9}, {"name": "inform", "confidence": 0.1}])
    (message,) = FlareCareExtractor().process([Message(data=data)])
    return message.get("intent")["name"], {e["entity"]: e["value"] for e in message.get("entities")}


def test_a_recent_flag_becomes_the_check_intent_with_the_pending_flag():
    intent, entities = parse("last night I had chest pain")
    assert intent == "red_flag_check"
    assert entities["red_flag_primary"] == "chest_pain" and entities["red_flag_pending_level"] == "emergency"
    assert "triage_level" not in entities and "red_flag" not in entities  # nothing is triaged yet
    assert entities["emergency_number"]


def test_a_present_flag_is_no_check():
    assert parse("I had a fever yesterday and my chest hurts now")[0] == "red_flag_emergency"


def test_a_past_flag_is_neither_and_a_guessed_check_is_dropped():
    assert parse("I had a fever last year, what dose should I be on?", intent="red_flag_check")[0] == "inform"


def test_a_recent_flag_answering_a_form_question_fills_no_form_slot():
    _, entities = parse("I had a fever yesterday")
    assert "systemic_symptoms" not in entities


# --- RedFlagPolicy --------------------------------------------------------------------------------
def user(intent, text="..."):
    return UserUttered(text, intent={"name": intent, "confidence": 1.0})


def tracker(*events, slots=()):
    return DialogueStateTracker.from_events("patient", [ActionExecuted("action_listen"), *events, *slots])


def test_the_check_is_asked_and_a_form_paused():
    mid_form = [ActiveLoop("flare_form")]
    t = tracker(*mid_form, user("red_flag_check"))
    assert escalation_step(t) == "utter_red_flag_check"
    t.update(ActionExecuted("utter_red_flag_check"))
    assert escalation_step(t) == "action_deactivate_loop"
    t.update(ActionExecuted("action_deactivate_loop"))
    t.update(ActiveLoop(None))
    assert escalation_step(t) == "action_listen"


def _answered(answer, level="emergency", paused=False):
    events = [ActiveLoop("flare_form")] if paused else []
    events += [user("red_flag_check"), SlotSet("red_flag_pending_level", level), ActionExecuted("utter_red_flag_check")]
    events += [ActionExecuted("action_deactivate_loop"), ActiveLoop(None)] if paused else []
    events += [ActionExecuted("action_listen"), user(answer)]
    return tracker(*events)


def test_yes_escalates_at_the_pending_level_then_records():
    t = _answered("affirm", "emergency")
    assert escalation_step(t) == "utter_red_flag_emergency"
    t.update(ActionExecuted("utter_red_flag_emergency"))
    assert escalation_step(t) == "action_record_escalation"
    assert escalation_step(_answered("affirm", "urgent")) == "utter_red_flag_urgent"


def test_yes_without_a_known_level_is_urgent():
    assert escalation_step(_answered("affirm", None)) == "utter_red_flag_urgent"


def test_no_gets_the_kind_line_and_the_paused_form_carries_on():
    t = _answered("deny", paused=True)
    assert escalation_step(t) == "utter_red_flag_passed"
    t.update(ActionExecuted("utter_red_flag_passed"))
    assert escalation_step(t) == "flare_form"
    t.update(ActionExecuted("flare_form"))
    assert escalation_step(t) == "action_listen"


def test_no_outside_a_form_only_gets_the_kind_line():
    t = _answered("deny")
    assert escalation_step(t) == "utter_red_flag_passed"
    t.update(ActionExecuted("utter_red_flag_passed"))
    assert escalation_step(t) == "action_listen"


def test_another_answer_or_a_yes_to_something_else_is_left_to_the_other_policies():
    assert escalation_step(_answered("ask_diet")) is None
    assert escalation_step(tracker(user("greet"), ActionExecuted("utter_greet"), ActionExecuted("action_listen"),
                                   user("affirm"))) is None


# --- The static replies (domain.yml) --------------------------------------------------------------
def _responses():
    from pathlib import Path

    import yaml

    return yaml.safe_load((Path(__file__).resolve().parents[2] / "domain.yml").read_text())["responses"]


def test_the_check_question_offers_yes_and_no_buttons():
    (question,) = _responses()["utter_red_flag_check"]
    assert "happening now" in question["text"]
    assert [b["payload"] for b in question["buttons"]] == ["/affirm", "/deny"]
    assert [b["title"] for b in question["buttons"]] == ["Yes, it's happening now", "No, it has passed"]


def test_every_urgent_code_has_a_reply_and_psychosis_its_own():
    from bot.red_flags import URGENT_CODES

    variants = _responses()["utter_red_flag_urgent"]
    specific = {c["value"].split(".", 1)[1] for v in variants for c in v.get("condition", [])}
    assert "psychosis" in specific and specific <= set(URGENT_CODES) | {"general"}
    assert any("condition" not in v for v in variants)  # the generic reply covers the other codes
    assert "(Isotretinoin medication guide.)" in _responses()["utter_red_flag_passed"][0]["text"]
