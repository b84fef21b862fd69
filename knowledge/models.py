"""SQLAlchemy models of the knowledge store.

Plain, portable column types only (Integer, String, Text, Date), so the same
models run on the embedded SQLite default and on PostgreSQL. Tables are
prefixed ``knowledge_`` to keep them apart from the other tables that share
the project database.

* ``Article``: one reviewed answer per topic key. ``author`` is ``flarecare`` or
  ``clinic`` (a clinic's own article, shown as such), ``source_line`` the
  "Source:" line patients read instead of the citations, ``related`` the
  topics the author chose as related questions (space-separated keys, in order).
* ``Source``: a citation (unique) with an optional URL, shared by articles.
* ``ArticleSource``: the article↔source link; ``position`` keeps the citation
  order the author wrote.
* ``QuestionVariant``: ways patients ask the question (used by search).
* ``Tag`` and ``article_tags``: free keywords (also used by search).
"""
from __future__ import annotations

from typing import List

from sqlalchemy import Column, Date, ForeignKey, Integer, String, Table, Text, UniqueConstraint
from sqlalchemy.orm import relationship

from storage.database import Base

article_tags = Table(
    "knowledge_article_tags",
    Base.metadata,
    Column("article_id", Integer, ForeignKey("knowledge_articles.id", ondelete="CASCADE"), primary_key=True),
    Column("tag_id", Integer, ForeignKey("knowledge_tags.id", ondelete="CASCADE"), primary_key=True),
)


class Article(Base):
    __tablename__ = "knowledge_articles"

    id = Column(Integer, primary_key=True)
    topic = Column(String(64), unique=True, nullable=False)
    title = Column(String(200), nullable=False)
    short_answer = Column(Text, nullable=False)
    long_answer = Column(Text, nullable=False)
    language = Column(String(16), nullable=False, default="en")
    see_doctor = Column(Text, nullable=True)
    reviewed_on = Column(Date, nullable=False)
    reviewer = Column(String(200), nullable=False)
    content_hash = Column(String(64), nullable=False)
    author = Column(String(16), nullable=False, default="flarecare", server_default="flarecare")
    source_line = Column(Text, nullable=True)
    related = Column(Text, nullable=True)

    source_links = relationship(
        "ArticleSource",
        back_populates="article",
        order_by="ArticleSource.position",
        cascade="all, delete-orphan",
        passive_deletes=True,
    )
    questions = relationship(
        "QuestionVariant",
        back_populates="article",
        order_by="QuestionVariant.position",
        cascade="all, delete-orphan",
        passive_deletes=True,
    )
    tags = relationship("Tag", secondary=article_tags, order_by="Tag.name", back_populates="articles")

    @property
    def sources(self) -> List["Source"]:
        return [link.source for link in self.source_links]

    def __repr__(self) -> str:  # pragma: no cover - debugging aid
        return f"<Article {self.topic!r}>"


class Source(Base):
    __tablename__ = "knowledge_sources"

    id = Column(Integer, primary_key=True)
    citation = Column(String(500), unique=True, nullable=False)
    url = Column(String(500), nullable=True)

    article_links = relationship("ArticleSource", back_populates="source")


class ArticleSource(Base):
    __tablename__ = "knowledge_article_sources"
    __table_args__ = (UniqueConstraint("article_id", "position", name="uq_knowledge_article_source_position"),)

    article_id = Column(Integer, ForeignKey("knowledge_articles.id", ondelete="CASCADE"), primary_key=True)
    source_id = Column(Integer, ForeignKey("knowledge_sources.id", ondelete="CASCADE"), primary_key=True)
    position = Column(Integer, nullable=False, default=0)

    article = relationship("Article", back_populates="source_links")
    source = relationship("Source", back_populates="article_links")


class QuestionVariant(Base):
    __tablename__ = "knowledge_question_variants"

    id = Column(Integer, primary_key=True)
    article_id = Column(Integer, ForeignKey("knowledge_articles.id", ondelete="CASCADE"), nullable=False, index=True)
    position = Column(Integer, nullable=False, default=0)
    text = Column(Text, nullable=False)

    article = relationship("Article", back_populates="questions")


class Tag(Base):
    __tablename__ = "knowledge_tags"

    id = Column(Integer, primary_key=True)
    name = Column(String(64), unique=True, nullable=False)

    articles = relationship("Article", secondary=article_tags, back_populates="tags")


TABLES = (
    Article.__table__,
    Source.__table__,
    ArticleSource.__table__,
    QuestionVariant.__table__,
    Tag.__table__,
    article_tags,
)


def create_knowledge_tables(engine) -> None:
    """Create the knowledge tables if missing (idempotent; other tables untouched)."""
    Base.metadata.create_all(engine, tables=list(TABLES))
