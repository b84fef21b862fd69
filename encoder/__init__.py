"""The sentence encoder (all-MiniLM-L6-v2, read as data, run by onnxruntime). No Rasa imports.

* ``encode(texts)``   -> ``np.ndarray [n, 384]``: unit-length sentence vectors (cosine = dot)
* ``embed(texts)``    -> ``List[Embedding]``: the sentence vector plus per-wordpiece vectors and
  their character offsets (what the Rasa featurizer aligns with its tokens)
* ``token_vectors(embedding, spans)`` -> ``[len(spans), 384]``: each (start, end) span's mean
  wordpiece vector (zeros for a span with no wordpiece: emoji-only, or cut by truncation)
* ``files``           -> where the weights live, their pinned sha256, and ``python -m encoder`` (the setup
  step that downloads and verifies them)

The model loads on first use, once per process (``get_model``); calls are thread-safe.
"""
from __future__ import annotations

import threading
from typing import List, Optional, Sequence, Tuple

import numpy as np

from encoder.files import WEIGHTS_SHA256, model_dir
from encoder.model import Embedding, EncoderFilesMissing, MiniLM

__all__ = ["DIMENSION", "Embedding", "EncoderFilesMissing", "WEIGHTS_SHA256", "embed", "encode", "get_model",
           "token_vectors"]

DIMENSION = 384

_model: Optional[MiniLM] = None
_lock = threading.Lock()


def get_model() -> MiniLM:
    """The process's one model, loaded (and its weights' sha256 checked) on first call."""
    global _model
    if _model is None:
        with _lock:
            if _model is None:
                _model = MiniLM(model_dir())
    return _model


def embed(texts: Sequence[str]) -> List[Embedding]:
    return get_model().embed(list(texts))


def encode(texts: Sequence[str]) -> np.ndarray:
    """Unit-length sentence vectors, one row per text (``[0, 384]`` for no texts)."""
    if not texts:
        return np.zeros((0, DIMENSION), dtype=np.float32)
    return np.stack([e.sentence for e in embed(texts)])


def token_vectors(embedding: Embedding, spans: Sequence[Tuple[int, int]]) -> np.ndarray:
    """The mean of the wordpieces that overlap each character span of the embedded text."""
    vectors = np.zeros((len(spans), DIMENSION), dtype=np.float32)
    for row, (start, end) in enumerate(spans):
        inside = [i for i, (wp_start, wp_end) in enumerate(embedding.offsets) if wp_start < end and wp_end > start]
        if inside:
            vectors[row] = embedding.wordpieces[inside].mean(axis=0)
    return vectors
