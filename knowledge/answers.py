"""Answers as patients read them: one article, its doctor line and its sources.

A clinic's own article (``author: clinic``) opens with ``CLINIC_PREFIX`` so the
patient knows the answer is their clinic's, not FlareCare's general one; its
``source_line``, when given, is the "Source:" line instead of the citations
(any article may set one; the clinic's policy document is the usual case).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional, Tuple

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from knowledge.content import CLINIC
from knowledge.models import Article, ArticleSource

CLINIC_PREFIX = "From your clinic:"


@dataclass(frozen=True)
class Answer:
    topic: str
    title: str
    short_answer: str
    long_answer: str
    see_doctor: Optional[str]
    sources: Tuple[str, ...]  # citations, in the order the article lists them
    from_clinic: bool = False
    source_line: Optional[str] = None


def answer_for_topic(session: Session, topic: str) -> Optional[Answer]:
    """The stored answer for ``topic``, or None if there is no such article."""
    if not isinstance(topic, str) or not topic or len(topic) > 64:
        return None
    article = session.execute(
        select(Article)
        .where(Article.topic == topic)
        .options(selectinload(Article.source_links).selectinload(ArticleSource.source))
    ).scalar_one_or_none()
    if article is None:
        return None
    return Answer(
        topic=article.topic,
        title=article.title,
        short_answer=article.short_answer,
        long_answer=article.long_answer,
        see_doctor=article.see_doctor,
        sources=tuple(source.citation for source in article.sources),
        from_clinic=article.author == CLINIC,
        source_line=article.source_line,
    )


def format_answer(answer: Answer, more: bool = False) -> str:
    """The text a patient reads: the answer, the doctor line if any, and the sources."""
    text = answer.long_answer if more else answer.short_answer
    parts = [f"{CLINIC_PREFIX} {text.strip()}" if answer.from_clinic else text]
    if answer.see_doctor:
        parts.append(answer.see_doctor)
    source = answer.source_line or "; ".join(answer.sources)
    if source:
        parts.append("Source: " + source)
    return "\n\n".join(part.strip() for part in parts if part and part.strip())
