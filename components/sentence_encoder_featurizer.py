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

At prediction, a typed message (not a "/intent" payload) also gets the unit vector of what the
knowledge search embeds (``knowledge.query_vector.query_text``: the same vector as the sentence
feature unless the text names the medicine by a brand or runs past 1000 characters, when that
text joins the same encoder call), packed into the parse data under ``contract.QUERY_VECTOR_KEY``
(1 KiB). Rasa keeps it with the event, so the action server's search reads it from
``tracker.latest_message`` and neither encodes the question again nor loads the encoder (issue 17).
Training examples get no such vector: nothing searches them.
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
from bot.contract import QUERY_VECTOR_KEY
from bot.reading import is_payload
from knowledge.query_vector import pack, query_text


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
        self._featurize(messages, for_search=True)
        return messages

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        self._featurize(training_data.training_examples, for_search=False)
        return training_data

    def _featurize(self, messages: List[Message], for_search: bool) -> None:
        # An empty text still gets features: DIET's prediction graph expects the dense ones on every message.
        with_tokens = [m for m in messages if isinstance(m.get(TEXT), str) and m.get(TOKENS_NAMES[TEXT])]
        if not with_tokens:
            return
        texts = [m.get(TEXT) for m in with_tokens]
        searched = [for_search and bool(text.strip()) and not is_payload(text) for text in texts]
        # A query text that differs from the message ("accutane" -> "isotretinoin") is encoded in the same call.
        extra = sorted({query_text(t) for t, s in zip(texts, searched) if s} - set(texts))
        embeddings = encoder.embed(texts + extra)
        vectors = {text: e.sentence for text, e in zip(texts + extra, embeddings)}
        for message, text, embedding, search in zip(with_tokens, texts, embeddings, searched):
            spans = [(token.start, token.end) for token in message.get(TOKENS_NAMES[TEXT])]
            self.add_features_to_message(
                encoder.token_vectors(embedding, spans), embedding.sentence[np.newaxis, :], TEXT, message
            )
            if search:
                message.set(QUERY_VECTOR_KEY, pack(text, vectors[query_text(text)]), add_to_output=True)
