"""Find the article that answers a free-text question (BM25 + sentence encoder), and fetch answers.

``search(session, question)`` combines two views of every article:

* lexical — Okapi BM25 over its title, question variants, tags and short answer (title and
  question variants count three times, tags twice; the long answer is not indexed: its extra
  words added more noise than recall), after the normalisation in ``knowledge.text``. Query
  words the index does not know get one fuzzy chance (same first letter, one edit — two for
  long words) at a reduced weight, so "acutane" or "isotretinion" still match. Two different
  names of the medicine in one question ("is tane the same as accutane?") add the term
  ``brand``. The BM25 score is multiplied by ``coverage ** COVERAGE_POWER`` (cubed): matched /
  (matched + unknown), where every question word no article uses counts as one maximally
  specific word matched once ("does the covid vaccine have side effects?" matches side
  effects, but "covid" and "vaccine" say it is about something else; ``FUNCTION_WORDS`` and
  ``SCENE_WORDS`` do not count as unknown). Raised to a power, because the semantic half
  cannot see that such a question is about another thing: calibrated on the 61 articles, the
  cube declined more traps than the square or the coverage once. Numbers count at a reduced
  weight.
* semantic — cosine similarity between the question's all-MiniLM-L6-v2 vector and the
  article's title, question variants and short answer (the best of them;
  ``knowledge.vectors``), every name of the medicine written "isotretinoin" on both sides
  (``knowledge.text.one_medicine_name``). It finds paraphrases that share no word with the
  article.

The question's vector is the caller's when it has one (``query_vector``: the Rasa server's NLU
computed it, ``knowledge.query_vector``; issue 17), else the encoder is loaded and run here.

``score = (1 - LEXICAL_WEIGHT) * semantic + LEXICAL_WEIGHT * lexical / (lexical + LEXICAL_SCALE)``
with ``lexical = bm25 * coverage ** COVERAGE_POWER``: the lexical part is saturated into
[0, 1) so a long question cannot win on length alone.
A hit is ``confident`` when its score reaches ``CONFIDENT_SCORE`` — the one threshold,
calibrated with ``scripts/calibrate_search.py`` (method and figures in
``knowledge/README.md``). Callers answer with ``hits[0]`` only when it is confident, and
otherwise say they have no checked answer.

The BM25 index is pure Python and rebuilt only when the stored content changes: it is cached
under a version computed from every article's ``content_hash``, so an article loaded with
``python -m knowledge load`` is found by the next search of a running server (its vectors
are computed then, or read from the cache ``knowledge load`` filled). Nothing touches the
database or loads the encoder at import time.
"""
from __future__ import annotations

import hashlib
import math
import threading
from collections import Counter, OrderedDict
from dataclasses import dataclass
from typing import Dict, List, Optional, Tuple

import numpy as np
from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

import encoder
from knowledge.answers import Answer, answer_for_topic, format_answer
from knowledge.models import Article
from knowledge.query_vector import MAX_QUERY_CHARS, query_text
from knowledge.text import FUNCTION_WORDS, SCENE_WORDS, SYNONYMS, analyse_pairs, fuzzy_term
from knowledge.vectors import vectors_for

__all__ = ["Answer", "Hit", "answer_for_topic", "format_answer", "search", "CONFIDENT_SCORE"]

K1 = 1.2
B = 0.75
# How many times each field's words count in an article's term frequencies.
TITLE_WEIGHT = 3
QUESTION_WEIGHT = 3
SHORT_ANSWER_WEIGHT = 1
TAG_WEIGHT = 2
FUZZY_WEIGHT = 0.7
NUMBER_WEIGHT = 0.3
# The fusion and the threshold: scripts/calibrate_search.py (knowledge/README.md, "Calibration").
LEXICAL_WEIGHT = 0.65
LEXICAL_SCALE = 10.0
COVERAGE_POWER = 3
CONFIDENT_SCORE = 0.387
BRAND_TERM = "brand"
MAX_QUERY_TERMS = 40
MAX_FUZZY_TERMS = 8
_CACHE_SIZE = 4


@dataclass(frozen=True)
class Hit:
    topic: str
    title: str
    score: float  # the combined score (module docstring); confident when >= CONFIDENT_SCORE
    confident: bool
    coverage: float = 0.0  # matched / (matched + unknown words), see the module docstring
    bm25: float = 0.0
    semantic: float = 0.0  # best cosine similarity with the article's title, variants, short answer


@dataclass(frozen=True)
class _Doc:
    topic: str
    title: str
    length: int
    tf: Dict[str, int]


@dataclass(frozen=True)
class _Index:
    docs: Tuple[_Doc, ...]
    idf: Dict[str, float]
    avg_length: float
    surfaces: Dict[str, str]  # raw word seen in the content -> index term (for fuzzy matching)
    unknown_idf: float  # the idf of a word no article uses (document frequency 0)
    vectors: Tuple[np.ndarray, ...]  # per doc: [k, 384] unit vectors of its texts


_NOT_SPECIFIC = FUNCTION_WORDS | SCENE_WORDS

_cache: "OrderedDict[str, _Index]" = OrderedDict()
_cache_lock = threading.Lock()


def search(session: Session, question: str, limit: int = 3, query_vector: Optional[np.ndarray] = None) -> List[Hit]:
    """Best-matching topics for ``question``, highest combined score first (ties by topic).

    ``query_vector``: the unit vector of ``query_text(question)`` when the caller has it; else it is encoded."""
    if not isinstance(question, str) or not isinstance(limit, int) or limit <= 0:
        return []
    question = question[:MAX_QUERY_CHARS]
    pairs = analyse_pairs(question)
    if not pairs:
        return []
    index = _index_for(session)
    if not index.docs:
        return []
    lexical = _lexical(index, pairs)
    query = encoder.encode([query_text(question)])[0] if query_vector is None else query_vector
    hits = []
    for doc, vectors in zip(index.docs, index.vectors):
        bm25, coverage = lexical.get(doc.topic, (0.0, 0.0))
        bm25, semantic = round(bm25, 4), round(float(np.max(vectors @ query)), 4)
        score = round(combined_score(bm25, coverage, semantic), 4)  # from the rounded parts, as the calibration
        hits.append(Hit(doc.topic, doc.title, score, score >= CONFIDENT_SCORE, coverage, bm25, semantic))
    hits.sort(key=lambda h: (-h.score, h.topic))
    return hits[:limit]


def combined_score(bm25, coverage, semantic, lexical_weight: float = LEXICAL_WEIGHT,
                   lexical_scale: float = LEXICAL_SCALE, coverage_power: float = COVERAGE_POWER):
    """The fusion of the two views (module docstring); numbers or numpy arrays alike.

    The parameters are exposed for ``scripts/calibrate_search.py``."""
    lexical = bm25 * coverage ** coverage_power
    return (1 - lexical_weight) * semantic + lexical_weight * lexical / (lexical + lexical_scale)


def _lexical(index: _Index, pairs) -> Dict[str, Tuple[float, float]]:
    """Per topic with any matched word: (BM25 score, coverage)."""
    weights: Dict[str, float] = {}
    unknown = set()
    fuzzy_budget = MAX_FUZZY_TERMS
    names = set()
    for raw, term in pairs:
        if term == "isotretinoin":
            names.add(raw)
        if term in weights or raw in unknown:
            continue
        if len(weights) + len(unknown) >= MAX_QUERY_TERMS:
            break
        match = term if term in index.idf else None
        if match is None and fuzzy_budget > 0 and not term.isdigit():
            fuzzy_budget -= 1
            match = fuzzy_term(raw, index.surfaces, index.idf)
        if match is not None:
            weight = NUMBER_WEIGHT if match.isdigit() else (1.0 if match == term else FUZZY_WEIGHT)
            weights[match] = max(weights.get(match, 0.0), weight)
        elif not term.isdigit() and raw not in _NOT_SPECIFIC and term not in _NOT_SPECIFIC:
            unknown.add(raw)
    if len(names) >= 2 and BRAND_TERM in index.idf:  # two names of the medicine: "is tane the same as accutane?"
        weights.setdefault(BRAND_TERM, 1.0)
    # A word no article uses counts as one specific word matched once, at the highest idf: it
    # names something the store may not cover ("covid vaccine", "metformin", "pharmacy").
    unknown_mass = len(unknown) * index.unknown_idf
    found = {}
    for doc in index.docs:
        norm = K1 * (1 - B + B * doc.length / index.avg_length)
        contributions = {}
        for term, weight in weights.items():
            tf = doc.tf.get(term)
            if tf:
                contributions[term] = weight * index.idf[term] * tf * (K1 + 1) / (tf + norm)
        if contributions:
            words = sum(c for t, c in contributions.items() if not t.isdigit())
            coverage = round(words / (words + unknown_mass), 4) if words > 0 else 0.0
            found[doc.topic] = (sum(contributions.values()), coverage)
    return found


def _index_for(session: Session) -> _Index:
    rows = session.execute(select(Article.topic, Article.content_hash).order_by(Article.topic)).all()
    version = hashlib.sha256("\n".join(f"{t}:{h}" for t, h in rows).encode()).hexdigest()
    with _cache_lock:
        index = _cache.get(version)
        if index is not None:
            _cache.move_to_end(version)
            return index
    articles = session.execute(
        select(Article).options(selectinload(Article.questions), selectinload(Article.tags)).order_by(Article.topic)
    ).scalars().all()
    index = _build_index(articles)
    with _cache_lock:
        _cache[version] = index
        while len(_cache) > _CACHE_SIZE:
            _cache.popitem(last=False)
    return index


def _build_index(articles) -> _Index:
    docs: List[_Doc] = []
    df: Counter = Counter()
    vectors = tuple(vectors_for(articles))
    surfaces: Dict[str, str] = {}
    for article in articles:
        fields = [(article.title, TITLE_WEIGHT), (article.short_answer, SHORT_ANSWER_WEIGHT)]
        fields += [(q.text, QUESTION_WEIGHT) for q in article.questions]
        fields += [(t.name.replace("_", " "), TAG_WEIGHT) for t in article.tags]
        tf: Counter = Counter()
        for text, repeat in fields:
            for raw, term in analyse_pairs(text):
                tf[term] += repeat
                surfaces.setdefault(raw, term)
        docs.append(_Doc(article.topic, article.title, sum(tf.values()), dict(tf)))
        df.update(tf.keys())
    for variant, term in SYNONYMS.items():  # known spellings of synonyms are fuzzy targets too
        surfaces.setdefault(variant, term)
    n = len(docs)
    idf = {term: math.log(1 + (n - count + 0.5) / (count + 0.5)) for term, count in df.items()}
    avg = (sum(d.length for d in docs) / n) if n else 1.0
    unknown_idf = math.log(1 + (n + 0.5) / 0.5)
    return _Index(tuple(docs), idf, avg or 1.0, surfaces, unknown_idf, vectors)
