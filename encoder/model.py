"""all-MiniLM-L6-v2: WordPiece (``tokenizers``), the 6 BERT layers (``encoder.graph``, run by
onnxruntime), mean pooling, L2 norm.

What the publisher's files say, and this code does:

* ``tokenizer.json``: BERT uncased WordPiece with ``[CLS] … [SEP]``; its own fixed padding
  to 128 is replaced by padding to the longest text of a batch, and truncation is the
  sentence-transformers ``max_seq_length`` of 256 wordpieces.
* ``1_Pooling/config.json``: mean over the tokens the attention mask keeps ([CLS] and [SEP]
  included), then ``2_Normalize``: L2.

The graph is derived from the verified weights on first load (``make setup`` does it) and
kept beside them. When that folder is read-only (a shared copy in an image) and holds no
current graph, it is built in a private temporary folder, which is removed once onnxruntime
has mapped it.
"""
from __future__ import annotations

import json
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import List, Sequence, Tuple

import numpy as np
import onnxruntime
from tokenizers import Tokenizer

from encoder import graph
from encoder.files import MODEL_FILES, problems

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


class MiniLM:
    """The loaded model. Immutable after ``__init__``, so one instance serves all threads."""

    def __init__(self, folder: Path):
        missing = problems(folder, {name: sha for name, sha in MODEL_FILES.items() if name != "model.safetensors"})
        if missing:
            raise EncoderFilesMissing(_missing_message(folder, missing))
        pooling = json.loads((folder / "1_Pooling" / "config.json").read_text())
        if not pooling.get("pooling_mode_mean_tokens"):
            raise EncoderFilesMissing(f"{folder}: not a mean-pooled model; this code runs only that")
        self.session = _session(folder)
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
        return self.session.run([graph.OUTPUT], dict(zip(graph.INPUTS, (ids, mask))))[0]


def _session(folder: Path) -> onnxruntime.InferenceSession:
    try:
        try:
            return _open(graph.ensure(folder))
        except PermissionError:
            with tempfile.TemporaryDirectory(prefix="flarecare-encoder-") as private:
                graph.build(folder, Path(private) / "graph")
                return _open(Path(private) / "graph")  # the mapping outlives the removed files
    except graph.WeightsRefused as refused:
        raise EncoderFilesMissing(_missing_message(folder, [str(refused)])) from None


def _open(derived: Path) -> onnxruntime.InferenceSession:
    options = onnxruntime.SessionOptions()
    # One thread: the Rasa server encodes one message at a time beside the action server on few cores.
    options.intra_op_num_threads = 1
    options.inter_op_num_threads = 1
    return onnxruntime.InferenceSession(str(derived / graph.GRAPH_FILE), options, providers=["CPUExecutionProvider"])


def _missing_message(folder: Path, found: List[str]) -> str:
    return (f"the sentence encoder's files in {folder} are missing or not the pinned ones "
            f"({'; '.join(found)}): run `make setup` (scripts/setup.sh fetches and verifies them)")
