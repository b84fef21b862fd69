"""SentenceEncoderFeaturizer: DIET gets the encoder's sentence vector and one vector per token."""
from __future__ import annotations

import numpy as np
import pytest
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.nlu.constants import TOKENS_NAMES
from rasa.nlu.tokenizers.whitespace_tokenizer import WhitespaceTokenizer
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

import encoder
from components.sentence_encoder_featurizer import SentenceEncoderFeaturizer


@pytest.fixture(scope="module")
def components(tmp_path_factory):
    storage = LocalModelStorage(tmp_path_factory.mktemp("storage"))
    context = ExecutionContext(GraphSchema({}), "test")
    tokenizer = WhitespaceTokenizer.create(
        WhitespaceTokenizer.get_default_config(), storage, Resource("tokenizer"), context
    )
    featurizer = SentenceEncoderFeaturizer.create(
        SentenceEncoderFeaturizer.get_default_config(), storage, Resource("featurizer"), context
    )
    return tokenizer, featurizer


def featurized(components, *texts):
    tokenizer, featurizer = components
    messages = [Message(data={TEXT: text}) for text in texts]
    tokenizer.process(messages)
    return featurizer.process(messages)


def test_sentence_feature_is_the_pooled_sentence_vector(components):
    [message] = featurized(components, "is a breakout normal on accutane?")
    sequence, sentence = message.get_dense_features(TEXT)
    assert sentence.features.shape == (1, 384)
    np.testing.assert_allclose(sentence.features[0], encoder.encode(["is a breakout normal on accutane?"])[0], atol=1e-5)
    assert sequence.features.shape == (len(message.get(TOKENS_NAMES[TEXT])), 384)


def test_each_token_gets_the_mean_of_its_wordpieces(components):
    text = "Roaccutane flares, week 3 🙁"
    [message] = featurized(components, text)
    tokens = message.get(TOKENS_NAMES[TEXT])
    sequence = message.get_dense_features(TEXT)[0].features
    [embedding] = encoder.embed([text])
    for row, token in enumerate(tokens):
        inside = [i for i, (s, e) in enumerate(embedding.offsets) if s >= token.start and e <= token.end]
        if inside:
            np.testing.assert_allclose(sequence[row], embedding.wordpieces[inside].mean(axis=0), atol=1e-6)
    roaccutane = [text[s:e] for s, e in embedding.offsets if e <= tokens[0].end]
    assert len(roaccutane) > 1  # one Rasa token, several wordpieces: their mean is its vector


def test_a_token_with_no_wordpiece_gets_zeros():
    embedding = encoder.embed(["flare " * 300])[0]  # wordpieces stop at 254: the last tokens get none
    vectors = encoder.token_vectors(embedding, [(0, 5), (6 * 299, 6 * 299 + 5)])
    assert vectors[0].any() and not vectors[1].any()


def test_training_data_is_featurized_in_one_pass(components):
    tokenizer, featurizer = components
    examples = [Message(data={TEXT: text, "intent": "ask_flare_rate"}) for text in
                ("is this normal", "how common is a flare", "do most people break out")]
    data = TrainingData(training_examples=examples + [Message(data={"intent": "greet"})])
    tokenizer.process_training_data(data)
    featurizer.process_training_data(data)
    assert all(m.get_dense_features(TEXT)[1].features.shape == (1, 384) for m in examples)


def test_other_weights_change_the_fingerprint():
    assert SentenceEncoderFeaturizer.fingerprint_addon({}) == encoder.WEIGHTS_SHA256


def test_an_empty_message_still_gets_dense_features(components):
    """DIET's prediction graph fails on a message without them (an empty REST message, a bare payload)."""
    [message] = featurized(components, "")
    sequence, sentence = message.get_dense_features(TEXT)
    assert sentence.features.shape == (1, 384)
    assert sequence.features.shape == (len(message.get(TOKENS_NAMES[TEXT])), 384)
