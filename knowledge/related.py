"""Related questions: the 2–3 other articles offered as buttons after an answer.

Where they come from (decision):

1. the article's own ``related: [topic, topic]`` front matter, in the author's
   order — a clinic edits it like any other field, and a clinic article's
   list is its own. Topics without an article are skipped (the loader refuses
   them; a race with a removal is the only way here).
2. Otherwise they are computed by ``similar_topics``: the articles sharing the
   most specific words (title, question variants and tags, through
   ``knowledge.text.analyse``), each word weighted by its idf so that words
   every article uses ("acne", "isotretinoin") count for little. Only
   articles above ``MIN_SIMILARITY`` are offered: two weak links are better
   than a third unrelated one. Ties go to the topic key, so it is
   deterministic.

``similar_topics`` is a pure function of word sets: an embedding similarity
can replace it without touching the callers. Results are cached per content
version (every article's ``content_hash``), like the search index, so an
article loaded into a running server is offered from the next answer on.
"""
from __future__ import annotations

import hashlib
import math
import threading
from collections import Counter, OrderedDict
from dataclasses import dataclass
from typing import AbstractSet, Dict, List, Mapping, Tuple

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from knowledge.content import MAX_RELATED
from knowledge.models import Article
from knowledge.text import analyse

MIN_SIMILARITY = 0.08
_CACHE_SIZE = 4


@dataclass(frozen=True)
class Related:
    topic: str
    title: str


def similar_topics(words: Mapping[str, AbstractSet[str]], topic: str, limit: int = MAX_RELATED) -> List[str]:
    """The topics whose words are most like ``topic``'s: idf-weighted cosine over word sets, best first."""
    if topic not in words:
        return []
    df = Counter(word for terms in words.values() for word in terms)
    idf = {word: math.log(len(words) / count) for word, count in df.items()}

    def norm(terms: AbstractSet[str]) -> float:
        return math.sqrt(sum(idf[w] ** 2 for w in terms))

    own, own_norm = words[topic], norm(words[topic])
    scored: List[Tuple[float, str]] = []
    for other, terms in words.items():
        if other == topic or not own_norm or not norm(terms):
            continue
        score = sum(idf[w] ** 2 for w in own & terms) / (own_norm * norm(terms))
        if score >= MIN_SIMILARITY:
            scored.append((-score, other))
    return [other for _, other in sorted(scored)[:limit]]


def related_topics(session: Session, topic: str) -> List[Related]:
    """The related questions to offer after ``topic``'s answer (none for an unknown topic)."""
    return list(_related_map(session).get(topic, ()))


_cache: "OrderedDict[str, Dict[str, Tuple[Related, ...]]]" = OrderedDict()
_cache_lock = threading.Lock()


def _related_map(session: Session) -> Dict[str, Tuple[Related, ...]]:
    rows = session.execute(select(Article.topic, Article.content_hash).order_by(Article.topic)).all()
    version = hashlib.sha256("\n".join(f"{t}:{h}" for t, h in rows).encode()).hexdigest()
    with _cache_lock:
        if version in _cache:
            _cache.move_to_end(version)
            return _cache[version]
    articles = session.execute(
        select(Article).options(selectinload(Article.questions), selectinload(Article.tags)).order_by(Article.topic)
    ).scalars().all()
    titles = {a.topic: a.title for a in articles}
    words = {
        a.topic: frozenset(analyse(" ".join([a.title, *(q.text for q in a.questions), *(t.name for t in a.tags)])))
        for a in articles
    }
    mapping = {}
    for article in articles:
        chosen = [t for t in (article.related or "").split() if t in titles] if article.related else None
        topics = chosen if chosen is not None else similar_topics(words, article.topic)
        mapping[article.topic] = tuple(Related(t, titles[t]) for t in topics)
    with _cache_lock:
        _cache[version] = mapping
        while len(_cache) > _CACHE_SIZE:
            _cache.popitem(last=False)
    return mapping
