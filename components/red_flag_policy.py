"""Rasa policy: a red-flag message is answered before anything else, even mid-form.

RulePolicy always runs an active form first, and the form calls the action
server to validate — so with the action server down, a rule could never
escalate mid-form. This policy has a higher priority than RulePolicy and marks
its predictions as not based on user input (like RulePolicy's loop
predictions), so after a ``red_flag_*`` intent it wins and plays, in order:

1. ``utter_red_flag_<level>`` — a static response from the domain;
2. ``action_deactivate_loop`` — only if a form was active;
3. ``action_record_escalation`` — stores the hand-off (fails harmlessly if the
   action server is down: the patient already has the message);
4. ``action_listen``.

A red flag that happened recently and may be over (``red_flag_check``, see
bot/red_flag_time.py) gets one static question first, ``utter_red_flag_check``
("Is this happening now?"); an active form is paused (``action_deactivate_loop``)
so the answer cannot fill a form slot. The next message decides:

* ``affirm`` (typed or the "Yes, it's happening now" button) → the full static
  escalation for the pending level (slot ``red_flag_pending_level``) and the hand-off;
* ``deny`` → ``utter_red_flag_passed``, a short kind line, and the paused form
  carries on where it was (its filled slots are kept);
* anything else → this policy steps aside and the conversation goes on as usual.

The question, the escalation and the kind line are all static responses: they work
with the action server down.

A message in a language the bot does not converse in (``other_language``) takes
the same path, shorter: ``utter_other_language``, then ``action_listen``. A form
stays active and is not asked to validate the message, so it counts as no
failed answer; the patient's next message goes back to the form.
"""
from __future__ import annotations

from typing import Any, Dict, List, Optional, Text, Tuple

from rasa.core.policies.policy import Policy, PolicyPrediction
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.shared.core.constants import ACTION_DEACTIVATE_LOOP_NAME, ACTION_LISTEN_NAME
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, ActiveLoop, UserUttered
from rasa.shared.core.generator import TrackerWithCachedStates
from rasa.shared.core.trackers import DialogueStateTracker

from bot.contract import CHECK_INTENT, OTHER_LANGUAGE_INTENT, RED_FLAG_LEVEL

OTHER_LANGUAGE_NOTE = "utter_other_language"
RECORD_ACTION = "action_record_escalation"
CHECK_QUESTION = "utter_red_flag_check"
PASSED_REPLY = "utter_red_flag_passed"
PENDING_LEVEL_SLOT = "red_flag_pending_level"


@DefaultV1Recipe.register(
    DefaultV1Recipe.ComponentType.POLICY_WITHOUT_END_TO_END_SUPPORT, is_trainable=True
)
class RedFlagPolicy(Policy):
    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {"priority": 7}  # above RulePolicy (6)

    def train(self, training_trackers: List[TrackerWithCachedStates], domain: Domain, **kwargs: Any) -> Resource:
        with self._model_storage.write_to(self._resource) as path:
            (path / "red_flag_policy.txt").write_text("no learned state\n")
        return self._resource

    def predict_action_probabilities(
        self,
        tracker: DialogueStateTracker,
        domain: Domain,
        rule_only_data: Optional[Dict[Text, Any]] = None,
        **kwargs: Any,
    ) -> PolicyPrediction:
        next_action = escalation_step(tracker)
        if next_action is None or next_action not in domain.action_names_or_texts:
            return self._prediction(self._default_predictions(domain))
        probabilities = self._default_predictions(domain)
        probabilities[domain.index_for_action(next_action)] = 1.0
        return self._prediction(probabilities, is_no_user_prediction=True)


def escalation_step(tracker: DialogueStateTracker) -> Optional[str]:
    """The next action of the escalation, red-flag check or language-note sequence, or None if none is due."""
    turns = _bot_turns(tracker)
    if turns is None:
        return None
    done, previous = turns
    plan = _plan(tracker, (tracker.latest_message.intent or {}).get("name"), previous)
    return next((action for action in plan if action not in done), None)


def _plan(tracker: DialogueStateTracker, intent: Optional[str], previous: List[str]) -> List[str]:
    pause_form = [ACTION_DEACTIVATE_LOOP_NAME] if tracker.active_loop_name else []
    if intent in RED_FLAG_LEVEL:
        return [f"utter_red_flag_{RED_FLAG_LEVEL[intent]}", *pause_form, RECORD_ACTION, ACTION_LISTEN_NAME]
    if intent == CHECK_INTENT:
        return [CHECK_QUESTION, *pause_form, ACTION_LISTEN_NAME]
    if intent == OTHER_LANGUAGE_INTENT:  # the form stays active: the next message goes back to it
        return [OTHER_LANGUAGE_NOTE, ACTION_LISTEN_NAME]
    if CHECK_QUESTION not in previous:
        return []
    if intent == "affirm":
        # a claimed check without a level ("/red_flag_check" typed) escalates as urgent: recall first
        level = tracker.get_slot(PENDING_LEVEL_SLOT) if tracker.get_slot(PENDING_LEVEL_SLOT) in (
            "emergency", "urgent") else "urgent"
        return [f"utter_red_flag_{level}", *pause_form, RECORD_ACTION, ACTION_LISTEN_NAME]
    if intent == "deny":
        paused = _paused_form(tracker) if ACTION_DEACTIVATE_LOOP_NAME in previous else None
        return [PASSED_REPLY, *([paused] if paused else []), ACTION_LISTEN_NAME]
    return []


def _bot_turns(tracker: DialogueStateTracker) -> Optional[Tuple[List[str], List[str]]]:
    """The actions since the last user message, and those of the bot turn before it (None: no user message)."""
    turns: List[List[str]] = [[]]
    for event in reversed(tracker.events):
        if isinstance(event, UserUttered):
            if len(turns) == 2:
                break
            turns.append([])
        elif isinstance(event, ActionExecuted) and event.action_name:
            turns[-1].append(event.action_name)
    if len(turns) < 2:
        return None
    return turns[0], turns[1]


def _paused_form(tracker: DialogueStateTracker) -> Optional[str]:
    """The form the red-flag question paused: the last loop that was active."""
    return next((event.name for event in reversed(tracker.events) if isinstance(event, ActiveLoop) and event.name),
                None)
