"""Load the article files into the database, idempotently.

``load_articles(session, directory)`` first reads and validates *every* file
(``knowledge.content``); on any problem it raises ``ContentError`` before
touching the database, so invalid content never half-loads. Then it upserts
by topic, comparing each article's ``content_hash``:

* added     — topic not in the database yet
* updated   — content changed (any field, source, question or tag)
* unchanged — same hash, nothing written
* removed   — in the database but its file is gone (deleted with its links)

Sources and tags no longer used by any article are pruned. The caller owns the
transaction (``storage.database.session_scope`` commits it).

The clinic's own folder (``clinic_articles_dir()``) is loaded with the built-in
articles every time — by the servers at start and by ``python -m knowledge
load`` — so its articles are never "removed" by a restart: a clinic article
overrides the built-in one with its key or adds a new key (``knowledge.content``).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, Iterable, List, Optional, Sequence

from sqlalchemy import delete, exists, select
from sqlalchemy.orm import Session, selectinload

import settings
from knowledge.content import DEFAULT_ARTICLES_DIR, ArticleContent, ContentError, read_articles
from knowledge.models import Article, ArticleSource, QuestionVariant, Source, Tag, article_tags
from knowledge.topics import REQUIRED_TOPICS
from storage.database import data_dir

__all__ = [
    "ContentError", "LoadReport", "load_articles", "sync_articles", "read_articles", "DEFAULT_ARTICLES_DIR",
    "clinic_articles_dir",
]

CLINIC_ARTICLES_DEFAULT = "clinic_articles"  # under the data directory, which is git-ignored and kept


def clinic_articles_dir() -> Optional[Path]:
    """The clinic's article folder: ``FLARECARE_CLINIC_ARTICLES``, else ``<data dir>/clinic_articles``.

    None when the variable is unset and the default folder does not exist (no
    clinic articles). A variable naming a missing folder is not None: loading
    then fails loudly rather than silently dropping the clinic's answers.
    """
    configured = settings.load().clinic_articles
    if configured:
        return configured
    default = data_dir() / CLINIC_ARTICLES_DEFAULT
    return default if default.is_dir() else None


@dataclass
class LoadReport:
    added: List[str] = field(default_factory=list)
    updated: List[str] = field(default_factory=list)
    unchanged: List[str] = field(default_factory=list)
    removed: List[str] = field(default_factory=list)
    clinic: List[str] = field(default_factory=list)  # topics answered by the clinic's own article

    @property
    def changed(self) -> bool:
        return bool(self.added or self.updated or self.removed)

    def one_line(self) -> str:
        line = (
            f"knowledge: {len(self.added)} added, {len(self.updated)} updated, "
            f"{len(self.unchanged)} unchanged, {len(self.removed)} removed"
        )
        return line + (f"; {len(self.clinic)} from the clinic" if self.clinic else "")

    def summary(self) -> str:
        lines = []
        for label, sign, topics in (
            ("added", "+", self.added),
            ("updated", "~", self.updated),
            ("unchanged", "=", self.unchanged),
            ("removed", "-", self.removed),
        ):
            lines.append(f"{label}: {len(topics)}")
            if label != "unchanged":
                lines.extend(f"  {sign} {topic}" for topic in topics)
        if self.clinic:
            lines.append(f"from the clinic: {len(self.clinic)}")
            lines.extend(f"  * {topic}" for topic in self.clinic)
        return "\n".join(lines)


def load_articles(
    session: Session,
    directory: Path = DEFAULT_ARTICLES_DIR,
    required: Iterable[str] = REQUIRED_TOPICS,
    clinic_directory: Optional[Path] = None,
) -> LoadReport:
    """Validate every file in ``directory`` (and ``clinic_directory``) and bring the database in line with them."""
    contents = read_articles(directory, required=required, clinic_directory=clinic_directory)  # raises ContentError
    return sync_articles(session, contents)


def sync_articles(session: Session, contents: Sequence[ArticleContent]) -> LoadReport:
    report = LoadReport(clinic=sorted(c.topic for c in contents if c.from_clinic))
    existing: Dict[str, Article] = {
        a.topic: a
        for a in session.execute(
            select(Article).options(
                selectinload(Article.source_links).selectinload(ArticleSource.source),
                selectinload(Article.questions),
                selectinload(Article.tags),
            )
        ).scalars()
    }
    sources: Dict[str, Source] = {s.citation: s for s in session.execute(select(Source)).scalars()}
    tags: Dict[str, Tag] = {t.name: t for t in session.execute(select(Tag)).scalars()}

    wanted = {c.topic for c in contents}
    for topic in sorted(set(existing) - wanted):
        session.delete(existing[topic])
        report.removed.append(topic)
    session.flush()

    for content in sorted(contents, key=lambda c: c.topic):
        digest = content.content_hash
        article = existing.get(content.topic)
        if article is not None and article.content_hash == digest:
            report.unchanged.append(content.topic)
            continue
        if article is None:
            article = Article(topic=content.topic)
            session.add(article)
            report.added.append(content.topic)
        else:
            report.updated.append(content.topic)
            # Drop old links first so re-inserting the same (article, source) pair cannot collide.
            article.source_links.clear()
            article.questions.clear()
            session.flush()
        _fill(article, content, digest, sources, tags, session)
        session.flush()

    _prune_orphans(session)
    return report


def _fill(article: Article, content: ArticleContent, digest: str, sources: Dict[str, Source], tags: Dict[str, Tag], session: Session) -> None:
    article.title = content.title
    article.short_answer = content.short_answer
    article.long_answer = content.long_answer
    article.language = content.language
    article.see_doctor = content.see_doctor
    article.reviewed_on = content.reviewed_on
    article.reviewer = content.reviewer
    article.content_hash = digest
    article.author = content.author
    article.source_line = content.source_line
    article.related = " ".join(content.related) or None
    for position, ref in enumerate(content.sources):
        source = sources.get(ref.citation)
        if source is None:
            source = sources[ref.citation] = Source(citation=ref.citation, url=ref.url)
            session.add(source)
        elif source.url != ref.url:
            source.url = ref.url
        article.source_links.append(ArticleSource(source=source, position=position))
    article.questions.extend(QuestionVariant(text=text, position=i) for i, text in enumerate(content.questions))
    article_tags_list = []
    for name in content.tags:
        tag = tags.get(name)
        if tag is None:
            tag = tags[name] = Tag(name=name)
            session.add(tag)
        article_tags_list.append(tag)
    article.tags = article_tags_list


def _prune_orphans(session: Session) -> None:
    session.execute(
        delete(Source)
        .where(~exists().where(ArticleSource.source_id == Source.id))
        .execution_options(synchronize_session="fetch")
    )
    session.execute(
        delete(Tag)
        .where(~exists().where(article_tags.c.tag_id == Tag.id))
        .execution_options(synchronize_session="fetch")
    )
