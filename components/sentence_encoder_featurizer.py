"""Rasa NLU component: all-MiniLM-L6-v2 features for DIET (``encoder/`` does the work).

DIET learns from the words it has seen in training; patients ask the same thing in words it
has not ("how common is a flare on isotretinoin" vs "is a breakout normal on accutane"). This
featurizer adds the sentence encoder's meaning to the sparse features:

* sentence feature: the pooled, L2-normalised sentence vector (what the encoder was trained
  to make comparable across paraphrases);
* sequence features: one vector per WhitespaceTokenizer token, the mean of the wordpieces
  inside it (zeros for a token with none, e.g. past the 256-wordpiece cut).

Only the user's text is featurized. Training encodes all examples in one call (the encoder
batches them by length). The fingerprint includes the weights' sha256, so other weights
retrain the model. The model is loaded once per process, at the first message.
"""
from __future__ import annotations

from typing import Any, Dict, List, Optional, Text, Type

import numpy as np
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.constants import TOKENS_NAMES
from rasa.nlu.featurizers.dense_featurizer.dense_featurizer import DenseFeaturizer
from rasa.nlu.tokenizers.tokenizer import Tokenizer
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

import encoder


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER, is_trainable=False)
class SentenceEncoderFeaturizer(DenseFeaturizer, GraphComponent):
    @classmethod
    def required_components(cls) -> List[Type]:
        return [Tokenizer]

    @staticmethod
    def required_packages() -> List[Text]:
        return ["tokenizers", "safetensors"]

    @classmethod
    def fingerprint_addon(cls, config: Dict[str, Any]) -> Optional[str]:
        return encoder.WEIGHTS_SHA256

    @classmethod
    def validate_config(cls, config: Dict[Text, Any]) -> None:
        pass

    def __init__(self, config: Dict[Text, Any], name: Text) -> None:
        super().__init__(name, config)

    @classmethod
    def create(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> "SentenceEncoderFeaturizer":
        return cls(config, execution_context.node_name)

    def process(self, messages: List[Message]) -> List[Message]:
        with_tokens = [m for m in messages if m.get(TEXT) and m.get(TOKENS_NAMES[TEXT])]
        if with_tokens:
            embeddings = encoder.embed([m.get(TEXT) for m in with_tokens])
            for message, embedding in zip(with_tokens, embeddings):
                spans = [(token.start, token.end) for token in message.get(TOKENS_NAMES[TEXT])]
                self.add_features_to_message(
                    encoder.token_vectors(embedding, spans), embedding.sentence[np.newaxis, :], TEXT, message
                )
        return messages

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        self.process(training_data.training_examples)
        return training_data
