"""Sentence-encoder vectors of the articles, for the semantic half of the search.

Each article is represented by the vectors of its title, each question variant and its
short answer (``article_texts``); the search takes the best of them. Vectors are keyed by
the article's ``content_hash`` (which covers every field), so an edited article is
re-embedded and the others are not. Two caches:

* in memory, per process: the search reads it on every question;
* on disk, ``<data dir>/knowledge_vectors/`` (one ``.npy`` per article version and weights):
  ``python -m knowledge load`` and the servers' start-up (``scripts/serve.py``) fill it, so
  the action server's first question does not wait for ~60 articles to be encoded. An
  article missing from both (loaded elsewhere, cache deleted) is encoded on first use.
"""
from __future__ import annotations

import hashlib
import os
import tempfile
import threading
from pathlib import Path
from typing import Dict, List, Sequence

import numpy as np
from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

import encoder
from knowledge.models import Article
from storage.database import data_dir

# With the weights, part of the disk cache key: a change to what is embedded must not reuse old vectors.
TEXTS_VERSION = "title+questions+short_answer.v1"
_KEY_SUFFIX = hashlib.sha256(f"{TEXTS_VERSION}:{encoder.WEIGHTS_SHA256}".encode()).hexdigest()[:16]

_memory: Dict[str, np.ndarray] = {}
_lock = threading.Lock()


def article_texts(article: Article) -> List[str]:
    return [article.title, *(q.text for q in article.questions), article.short_answer]


def vectors_for(articles: Sequence[Article]) -> List[np.ndarray]:
    """One ``[k, 384]`` array per article (its texts' unit vectors), encoding only what no cache has."""
    _embed_missing(articles)
    with _lock:
        current = {a.content_hash for a in articles}
        for stale in [h for h in _memory if h not in current]:  # edited or removed articles
            del _memory[stale]
        return [_memory[a.content_hash] for a in articles]


def warm(session: Session) -> int:
    """Embed every stored article that no cache has (start-up, ``knowledge load``); returns how many."""
    return _embed_missing(session.execute(select(Article).options(selectinload(Article.questions))).scalars().all())


def _embed_missing(articles: Sequence[Article]) -> int:
    missing = []
    with _lock:
        for article in articles:
            if article.content_hash not in _memory:
                cached = _read_disk(article.content_hash)
                if cached is not None:
                    _memory[article.content_hash] = cached
                else:
                    missing.append(article)
    if not missing:
        return 0
    texts = [article_texts(a) for a in missing]
    flat = encoder.encode([t for group in texts for t in group])  # one batched call, outside the lock
    start = 0
    with _lock:
        for article, group in zip(missing, texts):
            vectors = flat[start:start + len(group)]
            start += len(group)
            _memory[article.content_hash] = vectors
            _write_disk(article.content_hash, vectors)
    return len(missing)


def _cache_path(content_hash: str) -> Path:
    return data_dir() / "knowledge_vectors" / f"{content_hash}-{_KEY_SUFFIX}.npy"


def _read_disk(content_hash: str):
    path = _cache_path(content_hash)
    try:
        vectors = np.load(path, allow_pickle=False)
    except (OSError, ValueError):
        return None
    return vectors if vectors.ndim == 2 and vectors.shape[1] == encoder.DIMENSION else None


def _write_disk(content_hash: str, vectors: np.ndarray) -> None:
    path = _cache_path(content_hash)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        with os.fdopen(handle, "wb") as out:
            np.save(out, vectors, allow_pickle=False)
        os.replace(temporary, path)  # atomic: a concurrent reader sees the old file or the new one
    except OSError:
        pass  # a read-only data dir only costs re-encoding at the next start
