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

A message in a language the bot does not converse in (``other_language``) takes
the same path, shorter: ``utter_other_language``, then ``action_listen``. A form
stays active and is not asked to validate the message, so it counts as no
failed answer; the patient's next message goes back to the form.
"""
from __future__ import annotations

from typing import Any, Dict, List, Optional, Text

from rasa.core.policies.policy import Policy, PolicyPrediction
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.shared.core.constants import ACTION_DEACTIVATE_LOOP_NAME, ACTION_LISTEN_NAME
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, UserUttered
from rasa.shared.core.generator import TrackerWithCachedStates
from rasa.shared.core.trackers import DialogueStateTracker

from components import action_timeout, hot_paths

# Every Rasa server running this model loads this policy, so this is where the
# bounded wait for the action server (components/action_timeout.py) and the
# per-message caches (components/hot_paths.py) are put in place.
action_timeout.install()
hot_paths.install()

RED_FLAG_INTENTS = {"red_flag_emergency": "emergency", "red_flag_urgent": "urgent"}
OTHER_LANGUAGE_INTENT = "other_language"
RECORD_ACTION = "action_record_escalation"


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
    """The next action of the escalation (or language-note) sequence, or None if none is due."""
    intent = (tracker.latest_message.intent or {}).get("name")
    level = RED_FLAG_INTENTS.get(intent)
    if level is None and intent != OTHER_LANGUAGE_INTENT:
        return None
    done = _actions_since_last_user_message(tracker)
    if done is None:
        return None
    if level is None:
        plan = ["utter_other_language", ACTION_LISTEN_NAME]
    else:
        plan = [f"utter_red_flag_{level}"]
        if tracker.active_loop_name:
            plan.append(ACTION_DEACTIVATE_LOOP_NAME)
        plan += [RECORD_ACTION, ACTION_LISTEN_NAME]
    return next((action for action in plan if action not in done), None)


def _actions_since_last_user_message(tracker: DialogueStateTracker) -> Optional[List[str]]:
    done: List[str] = []
    for event in reversed(tracker.events):
        if isinstance(event, UserUttered):
            return done
        if isinstance(event, ActionExecuted) and event.action_name:
            done.append(event.action_name)
    return None
