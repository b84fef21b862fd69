"""Initial schema: the knowledge store and the clinic's records.

Creates exactly the tables of the models at the time of this revision:
knowledge_articles, knowledge_sources, knowledge_tags, knowledge_article_sources,
knowledge_article_tags, knowledge_question_variants (knowledge/models.py) and
flare_reports, handoffs (storage/records.py) — they share the project database.

Baseline: databases created before migrations existed (``create_all`` in
storage.database.migrate(), or ``python -m knowledge load`` on a new
database) already hold some or all of these tables. Each table is created only
if it is missing, so the first ``upgrade head`` adopts such a database instead
of failing; later revisions are ordinary, unconditional migrations.

Revision ID: 0001
Revises:
Create Date: 2026-11-25
"""
from typing import Callable, Dict, List

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def _flare_reports() -> None:
    op.create_table(
        "flare_reports",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("idempotency_key", sa.String(length=200), nullable=False),
        sa.Column("sender_id", sa.String(length=255), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("treatment_week", sa.Float(), nullable=True),
        sa.Column("daily_dose_mg", sa.Float(), nullable=True),
        sa.Column("weight_kg", sa.Float(), nullable=True),
        sa.Column("flare_extent", sa.String(length=20), nullable=True),
        sa.Column("skin_breakdown", sa.Boolean(), nullable=True),
        sa.Column("systemic_symptoms", sa.Boolean(), nullable=True),
        sa.Column("flare_duration_weeks", sa.Float(), nullable=True),
        sa.Column("mg_per_kg_day", sa.Float(), nullable=True),
        sa.Column("cumulative_mg_per_kg", sa.Float(), nullable=True),
        sa.Column("triage_level", sa.String(length=20), nullable=False),
        sa.Column("triage_reasons", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("idempotency_key"),
    )
    op.create_index("ix_flare_reports_sender_id", "flare_reports", ["sender_id"], unique=False)


def _handoffs() -> None:
    op.create_table(
        "handoffs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("idempotency_key", sa.String(length=200), nullable=False),
        sa.Column("sender_id", sa.String(length=255), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("trigger", sa.String(length=30), nullable=False),
        sa.Column("triage_level", sa.String(length=20), nullable=True),
        sa.Column("triage_reasons", sa.JSON(), nullable=False),
        sa.Column("summary_text", sa.Text(), nullable=False),
        sa.Column("summary", sa.JSON(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("idempotency_key"),
    )
    op.create_index("ix_handoffs_sender_id", "handoffs", ["sender_id"], unique=False)


def _knowledge_articles() -> None:
    op.create_table(
        "knowledge_articles",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("topic", sa.String(length=64), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("short_answer", sa.Text(), nullable=False),
        sa.Column("long_answer", sa.Text(), nullable=False),
        sa.Column("language", sa.String(length=16), nullable=False),
        sa.Column("see_doctor", sa.Text(), nullable=True),
        sa.Column("reviewed_on", sa.Date(), nullable=False),
        sa.Column("reviewer", sa.String(length=200), nullable=False),
        sa.Column("content_hash", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("topic"),
    )


def _knowledge_sources() -> None:
    op.create_table(
        "knowledge_sources",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("citation", sa.String(length=500), nullable=False),
        sa.Column("url", sa.String(length=500), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("citation"),
    )


def _knowledge_tags() -> None:
    op.create_table(
        "knowledge_tags",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("name"),
    )


def _knowledge_article_sources() -> None:
    op.create_table(
        "knowledge_article_sources",
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column("source_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["article_id"], ["knowledge_articles.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["source_id"], ["knowledge_sources.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("article_id", "source_id"),
        sa.UniqueConstraint("article_id", "position", name="uq_knowledge_article_source_position"),
    )


def _knowledge_article_tags() -> None:
    op.create_table(
        "knowledge_article_tags",
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column("tag_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["article_id"], ["knowledge_articles.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["tag_id"], ["knowledge_tags.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("article_id", "tag_id"),
    )


def _knowledge_question_variants() -> None:
    op.create_table(
        "knowledge_question_variants",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["article_id"], ["knowledge_articles.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(
        "ix_knowledge_question_variants_article_id", "knowledge_question_variants", ["article_id"], unique=False
    )


# In dependency order: a table comes after the tables its foreign keys point to.
TABLES: Dict[str, Callable[[], None]] = {
    "flare_reports": _flare_reports,
    "handoffs": _handoffs,
    "knowledge_articles": _knowledge_articles,
    "knowledge_sources": _knowledge_sources,
    "knowledge_tags": _knowledge_tags,
    "knowledge_article_sources": _knowledge_article_sources,
    "knowledge_article_tags": _knowledge_article_tags,
    "knowledge_question_variants": _knowledge_question_variants,
}


def upgrade() -> None:
    existing = set(sa.inspect(op.get_bind()).get_table_names())
    for name, create in TABLES.items():
        if name not in existing:
            create()


def downgrade() -> None:
    dropped: List[str] = list(reversed(list(TABLES)))
    for name in dropped:
        op.drop_table(name)  # indexes go with their table
