"""The sentence encoder (encoder/): the publisher's reference figures, domain paraphrases, batching.

These tests need the verified model files, which `make setup` always fetches: without them
they fail with "run `make setup`" rather than skipping.
"""
from __future__ import annotations

import threading

import numpy as np
import pytest

import encoder
from encoder.files import MODEL_FILES, model_dir
from encoder.model import MAX_WORDPIECES, EncoderFilesMissing, MiniLM

# (question, a paraphrase of it, an unrelated message)
PARAPHRASES = [
    ("is a breakout normal on accutane", "how common is a flare on isotretinoin", "what's the weather like tomorrow"),
    ("my acne got worse after starting roaccutane", "skin flared up in the first weeks of isotretinoin", "can you book me a taxi"),
    ("can I drink alcohol on isotretinoin", "is it ok to have a beer while taking accutane", "who won the football match"),
    ("how long does the initial breakout last", "when will this purge end", "what time does the shop close"),
    ("how does isotretinoin work", "what does accutane do to the oil glands", "recommend a good pizza place"),
    ("why do doctors start with a low dose", "why is the first dose small to prevent a flare", "how tall is the eiffel tower"),
    ("can I get pregnant while on isotretinoin", "is it safe to conceive during accutane treatment", "how do I renew my passport"),
    ("my lips are so dry and cracked", "chapped lips from accutane", "the train was late again"),
    ("what moisturiser should I use", "which face cream is best on isotretinoin", "how do I fix my bike chain"),
    ("can I go in the sun on accutane", "do I need sunscreen while taking isotretinoin", "what is the capital of peru"),
    ("I forgot to take my capsule yesterday", "what should I do if I miss a dose", "tell me a joke about cats"),
    ("can I wax my eyebrows on isotretinoin", "is waxing safe during accutane", "how do I bake sourdough bread"),
    ("how long is the course of treatment", "how many months will I take isotretinoin", "when is the next bus"),
    ("can I exercise and go to the gym", "is working out ok on accutane", "what's a good movie to watch"),
    ("my nose keeps bleeding", "I get nosebleeds since starting accutane", "my phone battery dies fast"),
    ("my eyes feel dry and gritty", "dry eyes on isotretinoin", "what's the price of bitcoin"),
    ("is my hair falling out because of accutane", "hair thinning on isotretinoin", "how do I cook rice"),
    ("do I need blood tests", "why do they check my bloods every month", "who painted the mona lisa"),
    ("can I take ibuprofen with isotretinoin", "is it ok to use painkillers on accutane", "play some music"),
    ("will my acne come back after I stop", "can acne return after finishing the course", "how far is the moon"),
    ("my joints ache after running", "muscle pain from accutane and exercise", "what's your favourite colour"),
    ("is a flare a bad sign", "does getting worse mean the treatment is working", "what's on tv tonight"),
    ("huge painful cysts and fever", "severe acne flare with nodules and feeling unwell", "I need new shoes"),
    ("what foods should I avoid", "is there a diet for isotretinoin", "how do I change a tyre"),
    ("can I get a tattoo during treatment", "is it safe to get pierced on accutane", "where can I park my car"),
    ("what dose should I be on", "how many mg per day is normal", "what's the wifi password"),
    ("I feel really low and depressed", "accutane is affecting my mood", "my favourite band is touring"),
    ("is absorica the same as accutane", "are all the brand names the same medicine", "what's the best pizza topping"),
    ("do I have to take it with food", "should isotretinoin be taken with a fatty meal", "how old is the queen"),
    ("where do I keep my capsules", "how should I store isotretinoin", "what's the score of the game"),
]


def cosine(a: str, b: str) -> float:
    vectors = encoder.encode([a, b])
    return float(vectors[0] @ vectors[1])


def test_reproduces_the_publishers_reference_similarities():
    # The sentence-transformers documentation's quick-start matrix for all-MiniLM-L6-v2: tokenizer,
    # 6 layers, mean pooling and normalisation all have to match the original to reproduce it.
    vectors = encoder.encode(["The weather is lovely today.", "It's so sunny outside!", "He drove to the stadium."])
    expected = np.array([[1.0, 0.6660, 0.1046], [0.6660, 1.0, 0.1411], [0.1046, 0.1411, 1.0]])
    np.testing.assert_allclose(vectors @ vectors.T, expected, atol=1e-3)


@pytest.mark.parametrize("a, b, similarity", [
    # Computed once with this encoder (which reproduces the publisher's matrix above).
    ("is a breakout normal on accutane", "how common is a flare on isotretinoin", 0.4358),
    ("is a breakout normal on accutane", "what's the weather like tomorrow", -0.0420),
    ("how does isotretinoin work", "what does accutane do to the oil glands", 0.4139),
    ("can I drink alcohol on isotretinoin", "is it ok to have a beer while taking accutane", 0.5620),
])
def test_domain_reference_similarities(a, b, similarity):
    assert cosine(a, b) == pytest.approx(similarity, abs=1e-3)


@pytest.mark.parametrize("question, paraphrase, unrelated", PARAPHRASES, ids=[p[0] for p in PARAPHRASES])
def test_a_paraphrase_is_closer_than_an_unrelated_message(question, paraphrase, unrelated):
    assert cosine(question, paraphrase) > cosine(question, unrelated) + 0.1


def test_vectors_are_unit_length_and_batching_does_not_change_them():
    texts = ["hi", "is a breakout normal on accutane and how long will it last, honestly?", "", "dry lips"]
    batch = encoder.encode(texts)
    assert batch.shape == (4, 384) and batch.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(batch, axis=1), 1.0, atol=1e-5)
    one_by_one = np.stack([encoder.encode([t])[0] for t in texts])
    np.testing.assert_allclose(batch, one_by_one, atol=1e-5)  # padding to the longest text is masked out
    assert encoder.encode([]).shape == (0, 384)


def test_wordpieces_come_with_their_character_offsets():
    text = "Roaccutane flares, week 3"
    [embedding] = encoder.embed([text])
    pieces = [text[start:end].lower() for start, end in embedding.offsets]
    assert "".join(pieces) == "roaccutaneflares,week3"
    assert embedding.wordpieces.shape == (len(embedding.offsets), 384)


def test_a_long_text_is_truncated_to_the_models_length():
    [embedding] = encoder.embed(["flare " * 1000])
    assert len(embedding.offsets) == MAX_WORDPIECES - 2  # [CLS] and [SEP] take two places
    assert np.isfinite(embedding.sentence).all()


def test_the_model_is_loaded_once_for_all_threads(monkeypatch):
    monkeypatch.setattr(encoder, "_model", None)  # as in a new process: eight first calls at once
    seen = []
    threads = [threading.Thread(target=lambda: seen.append(encoder.get_model())) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len({id(model) for model in seen}) == 1


def test_missing_files_say_run_make_setup(tmp_path):
    with pytest.raises(EncoderFilesMissing, match="run `make setup`"):
        MiniLM(tmp_path)


def test_weights_that_are_not_the_pinned_file_are_refused(tmp_path):
    verified = model_dir()
    for name in MODEL_FILES:
        target = tmp_path / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(b"not the weights" if name == "model.safetensors" else (verified / name).read_bytes())
    with pytest.raises(EncoderFilesMissing, match="model.safetensors"):
        MiniLM(tmp_path)
