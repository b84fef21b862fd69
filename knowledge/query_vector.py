"""The question's sentence vector, computed once by the Rasa server's NLU and reused by the search (issue 17).

The featurizer (components/sentence_encoder_featurizer.py) runs the encoder on every typed
message for DIET anyway; it also puts the unit vector of what the search embeds
(``query_text``) into the parse data under ``contract.QUERY_VECTOR_KEY`` (``pack``). The
action server reads it back from ``tracker.latest_message`` (``unpack``) and hands it to
``search``, so a typed question is encoded once, and the action server never loads the encoder
for it.

Packed as ``{"digest": ..., "f16": ...}``: the vector as 384 little-endian float16, base64
(1 KiB), and a digest of the encoder's weights and the query text. A vector is used only for
the text and the weights it was computed from: a text rewritten after the featurizer (a typed
payload), or an old conversation read after new weights or a new ``one_medicine_name``, is
encoded again. float16 moves a cosine by well under 1e-3 and changes no decision on
tests/data/retrieval_questions.yml (tests/knowledge/test_retrieval_eval.py). Anything else —
missing, not base64, wrong length, NaN, not unit length — unpacks to None, and the search
encodes the question itself (as for the CLI, payloads and conversations from before).
"""
from __future__ import annotations

import base64
import binascii
import hashlib
from typing import Dict, Optional

import numpy as np

import encoder
from knowledge.text import one_medicine_name

MAX_QUERY_CHARS = 1000  # the search reads no further
_WIRE = np.dtype("<f2")
_NORM_TOLERANCE = 1e-2  # float16 keeps a unit vector's norm within ~1e-3


def query_text(question: str) -> str:
    """What the search embeds of a question: its first ``MAX_QUERY_CHARS``, with one name for the medicine."""
    return one_medicine_name(question[:MAX_QUERY_CHARS])


def pack(question: str, vector: np.ndarray) -> Dict[str, str]:
    """The parse-data form of ``vector``, the unit vector of ``query_text(question)``."""
    wire = np.asarray(vector, dtype=np.float32).reshape(encoder.DIMENSION).astype(_WIRE)
    return {"digest": _digest(question), "f16": base64.b64encode(wire.tobytes()).decode("ascii")}


def unpack(packed: object, question: object) -> Optional[np.ndarray]:
    """The float32 unit vector ``pack`` made for this very ``question``; None for anything else."""
    if not isinstance(packed, dict) or not isinstance(question, str) or packed.get("digest") != _digest(question):
        return None
    data = packed.get("f16")
    if not isinstance(data, str):
        return None
    try:
        raw = base64.b64decode(data, validate=True)
    except (binascii.Error, ValueError):
        return None
    if len(raw) != encoder.DIMENSION * _WIRE.itemsize:
        return None
    vector = np.frombuffer(raw, dtype=_WIRE).astype(np.float32)
    if not np.all(np.isfinite(vector)) or abs(float(np.linalg.norm(vector)) - 1.0) > _NORM_TOLERANCE:
        return None
    return vector


def _digest(question: str) -> str:
    # surrogatepass: a JSON message may carry a lone surrogate ("\ud800"); it must not break the NLU.
    text = f"{encoder.WEIGHTS_SHA256}\n{query_text(question)}".encode("utf-8", "surrogatepass")
    return hashlib.sha256(text).hexdigest()[:16]
