"""The shape shared by the project's NLU components that apply fixed rules: no settings, no training."""
from __future__ import annotations

from typing import Any, Dict, Text

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage


class RuleComponent(GraphComponent):
    """Subclasses implement ``process`` and register with ``DefaultV1Recipe.register(..., is_trainable=False)``."""

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {}

    @classmethod
    def create(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> "RuleComponent":
        return cls()

    def process_training_data(self, training_data: Any) -> Any:
        return training_data


def set_sole_intent(message: Any, name: str) -> None:
    """Give ``message`` the intent ``name`` with confidence 1.0, alone in the ranking.

    Alone, because any runner-up DIET was sure of would let the FallbackClassifier's
    ambiguity check replace the rule's decision with nlu_fallback.
    """
    intent = {"name": name, "confidence": 1.0}
    message.set("intent", intent, add_to_output=True)
    message.set("intent_ranking", [intent], add_to_output=True)
