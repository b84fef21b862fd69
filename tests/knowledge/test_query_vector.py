"""knowledge.query_vector: the NLU's vector of a question, packed into the parse data and read back only when sound."""
from __future__ import annotations

import base64
import json

import numpy as np
import pytest

import encoder
from knowledge.query_vector import MAX_QUERY_CHARS, pack, query_text, unpack

QUESTION = "is a breakout normal on accutane?"


@pytest.fixture(scope="module")
def vector():
    return encoder.encode([query_text(QUESTION)])[0]


def test_a_packed_vector_comes_back_within_float16_rounding(vector):
    packed = pack(QUESTION, vector)
    assert json.loads(json.dumps(packed)) == packed  # plain JSON: the tracker store keeps it as it is
    assert len(packed["f16"]) == 1024  # 384 float16, base64
    back = unpack(packed, QUESTION)
    assert back.dtype == np.float32 and back.shape == (encoder.DIMENSION,)
    np.testing.assert_allclose(back, vector, atol=2.5e-4)  # float16: 11 bits, |x| < 0.5


def test_the_query_text_has_one_name_for_the_medicine_and_a_length_cap():
    assert query_text(QUESTION) == "is a breakout normal on isotretinoin?"
    assert len(query_text("flare " * 400)) == MAX_QUERY_CHARS


def test_a_vector_is_only_for_the_text_it_was_made_from(vector):
    packed = pack(QUESTION, vector)
    assert unpack(packed, "is a breakout normal on isotretinoin?") is not None  # the same query text
    assert unpack(packed, "is a breakout normal?") is None
    assert unpack(packed, "/" + QUESTION) is None  # e.g. a text rewritten after the featurizer


def test_other_weights_make_the_vector_stale(vector, monkeypatch):
    packed = pack(QUESTION, vector)
    monkeypatch.setattr(encoder, "WEIGHTS_SHA256", "0" * 64)
    assert unpack(packed, QUESTION) is None


def _with(vector, **changes):
    return {**pack(QUESTION, vector), **changes}


def _f16(values) -> str:
    return base64.b64encode(np.asarray(values, dtype="<f2").tobytes()).decode()


@pytest.mark.parametrize("packed", [
    None, "", 42, [], "not a dict", {}, {"f16": "AAAA"},
])
def test_missing_or_foreign_values_unpack_to_none(packed):
    assert unpack(packed, QUESTION) is None


@pytest.mark.parametrize("f16", [
    None, 42, "", "not base64!!", "AAA", "A" * 1023,  # not base64 / bad padding
    base64.b64encode(b"\0" * 766).decode(),  # one float16 short
    base64.b64encode(b"\0" * 770).decode(),  # one too many
])
def test_bad_data_unpacks_to_none(vector, f16):
    assert unpack(_with(vector, f16=f16), QUESTION) is None


def test_nan_infinity_and_non_unit_vectors_unpack_to_none(vector):
    for bad in (np.full(384, np.nan), np.where(np.arange(384) == 0, np.inf, vector), np.zeros(384), 2 * vector):
        assert unpack(_with(vector, f16=_f16(bad)), QUESTION) is None


@pytest.mark.parametrize("question", [None, 42, b"accutane"])
def test_a_non_text_question_unpacks_to_none(vector, question):
    assert unpack(pack(QUESTION, vector), question) is None


def test_a_lone_surrogate_does_not_break_packing(vector):
    text = "is a flare normal \ud800"
    assert unpack(pack(text, vector), text) is not None
