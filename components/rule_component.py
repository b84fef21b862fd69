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
