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
from bot.contract import QUERY_VECTOR_KEY
from components.sentence_encoder_featurizer import SentenceEncoderFeaturizer
from knowledge.query_vector import query_text, unpack


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


@pytest.mark.parametrize("text", ["how common is a flare?", "is a breakout normal on accutane?", "flare " * 300])
def test_a_typed_message_carries_the_vector_the_search_would_compute(components, text):
    """Issue 17: the action server's search reads it from the parse data instead of encoding the question."""
    [message] = featurized(components, text)
    packed = message.as_dict(only_output_properties=True)[QUERY_VECTOR_KEY]  # what Rasa keeps in the parse data
    np.testing.assert_allclose(unpack(packed, text), encoder.encode([query_text(text)])[0], atol=3e-4)
    if query_text(text) == text:  # the sentence feature itself, not a second encoding
        np.testing.assert_allclose(unpack(packed, text), message.get_dense_features(TEXT)[1].features[0], atol=3e-4)


@pytest.mark.parametrize("text", ["/greet", '/inform{"weight_kg": 60}', "", "   "])
def test_payloads_and_empty_messages_carry_no_vector(components, text):
    [message] = featurized(components, text)
    assert message.get(QUERY_VECTOR_KEY) is None


def test_training_examples_carry_no_vector(components):
    tokenizer, featurizer = components
    data = TrainingData(training_examples=[Message(data={TEXT: "is tane safe", "intent": "ask_safety"})])
    tokenizer.process_training_data(data)
    featurizer.process_training_data(data)
    assert data.training_examples[0].get(QUERY_VECTOR_KEY) is None


def test_brand_names_in_a_batch_are_encoded_in_the_same_call(components, monkeypatch):
    calls = []
    embed = encoder.embed
    monkeypatch.setattr(encoder, "embed", lambda texts: calls.append(list(texts)) or embed(texts))
    messages = featurized(components, "can i wax on tane", "is a flare normal", "can i wax on roaccutane")
    assert calls == [["can i wax on tane", "is a flare normal", "can i wax on roaccutane", "can i wax on isotretinoin"]]
    assert all(unpack(m.get(QUERY_VECTOR_KEY), m.get(TEXT)) is not None for m in messages)
