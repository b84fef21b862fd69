"""all-MiniLM-L6-v2 in numpy: WordPiece (``tokenizers``), 6 BERT layers, mean pooling, L2 norm.

Numpy rather than TensorFlow: the model is 22M parameters, a forward pass is a dozen matrix
products per layer, and numpy needs no graph building or TF start-up in the action server.
What the publisher's files say, and this code does:

* ``tokenizer.json``: BERT uncased WordPiece with ``[CLS] … [SEP]``; its own fixed padding
  to 128 is replaced by padding to the longest text of a batch, and truncation is the
  sentence-transformers ``max_seq_length`` of 256 wordpieces.
* ``config.json``: 6 layers, hidden 384, 12 heads, exact (erf) GELU, LayerNorm eps 1e-12.
* ``1_Pooling/config.json``: mean over the tokens the attention mask keeps ([CLS] and [SEP]
  included), then ``2_Normalize``: L2.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import List, Sequence, Tuple

import numpy as np
from safetensors.numpy import load as load_safetensors
from scipy.special import erf
from tokenizers import Tokenizer

from encoder.files import MODEL_FILES, WEIGHTS_SHA256, problems

MAX_WORDPIECES = 256  # sentence_bert_config.json: max_seq_length
BATCH_SIZE = 32


class EncoderFilesMissing(RuntimeError):
    """The verified model files are not there: ``make setup`` fetches them."""


@dataclass(frozen=True)
class Embedding:
    """One text's encoding: the pooled, L2-normalised sentence vector and its wordpieces."""

    sentence: np.ndarray  # [384] float32, unit length
    wordpieces: np.ndarray  # [n, 384] float32: last-layer vectors, [CLS]/[SEP] left out
    offsets: Tuple[Tuple[int, int], ...]  # n character spans (start, end) in the text


@dataclass(frozen=True)
class _Layer:
    qkv: np.ndarray  # [384, 1152]: query, key and value projections side by side
    qkv_bias: np.ndarray
    out: np.ndarray
    out_bias: np.ndarray
    norm1: Tuple[np.ndarray, np.ndarray]
    up: np.ndarray
    up_bias: np.ndarray
    down: np.ndarray
    down_bias: np.ndarray
    norm2: Tuple[np.ndarray, np.ndarray]


class MiniLM:
    """The loaded model. Immutable after ``__init__``, so one instance serves all threads."""

    def __init__(self, folder: Path):
        missing = problems(folder, {name: sha for name, sha in MODEL_FILES.items() if name != "model.safetensors"})
        if missing:
            raise EncoderFilesMissing(_missing_message(folder, missing))
        weights_path = folder / "model.safetensors"
        if not weights_path.is_file():
            raise EncoderFilesMissing(_missing_message(folder, ["model.safetensors: missing"]))
        blob = weights_path.read_bytes()  # hashed and parsed from the same bytes: what runs is what was checked
        if hashlib.sha256(blob).hexdigest() != WEIGHTS_SHA256:
            raise EncoderFilesMissing(_missing_message(folder, ["model.safetensors: sha256 differs from the pin"]))
        tensors = load_safetensors(blob)
        del blob
        config = json.loads((folder / "config.json").read_text())
        pooling = json.loads((folder / "1_Pooling" / "config.json").read_text())
        if not pooling.get("pooling_mode_mean_tokens") or config.get("hidden_act") != "gelu":
            raise EncoderFilesMissing(f"{folder}: not a mean-pooled BERT with GELU; this code runs only that")
        self.heads = config["num_attention_heads"]
        self.eps = config["layer_norm_eps"]
        self.dimension = config["hidden_size"]

        def take(name: str) -> np.ndarray:
            return np.ascontiguousarray(tensors.pop(name), dtype=np.float32)

        self.word = take("embeddings.word_embeddings.weight")
        self.position = take("embeddings.position_embeddings.weight")
        self.token_type = take("embeddings.token_type_embeddings.weight")[0]
        self.embedding_norm = (take("embeddings.LayerNorm.weight"), take("embeddings.LayerNorm.bias"))
        self.layers = []
        for i in range(config["num_hidden_layers"]):
            p = f"encoder.layer.{i}."
            q, k, v = (take(p + f"attention.self.{n}.weight") for n in ("query", "key", "value"))
            self.layers.append(_Layer(
                qkv=np.ascontiguousarray(np.concatenate([q, k, v]).T),
                qkv_bias=np.concatenate([take(p + f"attention.self.{n}.bias") for n in ("query", "key", "value")]),
                out=np.ascontiguousarray(take(p + "attention.output.dense.weight").T),
                out_bias=take(p + "attention.output.dense.bias"),
                norm1=(take(p + "attention.output.LayerNorm.weight"), take(p + "attention.output.LayerNorm.bias")),
                up=np.ascontiguousarray(take(p + "intermediate.dense.weight").T),
                up_bias=take(p + "intermediate.dense.bias"),
                down=np.ascontiguousarray(take(p + "output.dense.weight").T),
                down_bias=take(p + "output.dense.bias"),
                norm2=(take(p + "output.LayerNorm.weight"), take(p + "output.LayerNorm.bias")),
            ))
        self.tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
        self.tokenizer.no_padding()
        self.tokenizer.enable_truncation(MAX_WORDPIECES)

    def embed(self, texts: Sequence[str]) -> List[Embedding]:
        """Encode ``texts`` in batches of similar length; results in the order given."""
        encodings = self.tokenizer.encode_batch([t if isinstance(t, str) else "" for t in texts])
        results: List[Embedding] = [None] * len(encodings)  # type: ignore[list-item]
        order = sorted(range(len(encodings)), key=lambda i: len(encodings[i].ids))
        for start in range(0, len(order), BATCH_SIZE):
            chunk = order[start:start + BATCH_SIZE]
            width = len(encodings[chunk[-1]].ids)
            ids = np.zeros((len(chunk), width), dtype=np.int64)
            mask = np.zeros((len(chunk), width), dtype=np.float32)
            for row, i in enumerate(chunk):
                n = len(encodings[i].ids)
                ids[row, :n] = encodings[i].ids
                mask[row, :n] = 1.0
            hidden = self._forward(ids, mask)
            pooled = (hidden * mask[:, :, None]).sum(axis=1) / mask.sum(axis=1, keepdims=True)
            pooled /= np.maximum(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12)
            for row, i in enumerate(chunk):
                n = len(encodings[i].ids)
                results[i] = Embedding(
                    sentence=pooled[row],
                    wordpieces=hidden[row, 1:n - 1].copy(),
                    offsets=tuple(encodings[i].offsets[1:n - 1]),
                )
        return results

    def _forward(self, ids: np.ndarray, mask: np.ndarray) -> np.ndarray:
        batch, width = ids.shape
        x = self.word[ids] + self.position[:width] + self.token_type
        x = _layer_norm(x, *self.embedding_norm, self.eps)
        # Padded keys get a large negative score, so softmax gives them no weight.
        key_bias = ((1.0 - mask) * -1e9)[:, None, None, :]
        head = self.dimension // self.heads
        for layer in self.layers:
            qkv = (x @ layer.qkv + layer.qkv_bias).reshape(batch, width, 3, self.heads, head)
            q, k, v = (qkv[:, :, j].transpose(0, 2, 1, 3) for j in range(3))  # [batch, heads, width, head]
            scores = q @ k.transpose(0, 1, 3, 2) / np.float32(np.sqrt(head)) + key_bias
            scores = np.exp(scores - scores.max(axis=-1, keepdims=True))
            scores /= scores.sum(axis=-1, keepdims=True)
            context = (scores @ v).transpose(0, 2, 1, 3).reshape(batch, width, self.dimension)
            x = _layer_norm(x + context @ layer.out + layer.out_bias, *layer.norm1, self.eps)
            up = x @ layer.up + layer.up_bias
            up = 0.5 * up * (1.0 + erf(up / np.float32(np.sqrt(2.0))))
            x = _layer_norm(x + up @ layer.down + layer.down_bias, *layer.norm2, self.eps)
        return x.astype(np.float32, copy=False)


def _layer_norm(x: np.ndarray, weight: np.ndarray, bias: np.ndarray, eps: float) -> np.ndarray:
    mean = x.mean(axis=-1, keepdims=True)
    var = ((x - mean) ** 2).mean(axis=-1, keepdims=True)
    return (x - mean) / np.sqrt(var + eps) * weight + bias


def _missing_message(folder: Path, found: List[str]) -> str:
    return (f"the sentence encoder's files in {folder} are missing or not the pinned ones "
            f"({'; '.join(found)}): run `make setup` (scripts/setup.sh fetches and verifies them)")
