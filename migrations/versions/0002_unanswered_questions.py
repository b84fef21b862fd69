"""Unanswered questions, for the clinic report's "top unanswered questions".

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25
"""
import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "unanswered_questions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("idempotency_key", sa.String(length=200), nullable=False),
        sa.Column("sender_id", sa.String(length=255), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("question", sa.String(length=300), nullable=False),
        sa.Column("question_key", sa.String(length=300), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("idempotency_key"),
    )
    op.create_index("ix_unanswered_questions_sender_id", "unanswered_questions", ["sender_id"], unique=False)
    op.create_index("ix_unanswered_questions_question_key", "unanswered_questions", ["question_key"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_unanswered_questions_question_key", table_name="unanswered_questions")
    op.drop_index("ix_unanswered_questions_sender_id", table_name="unanswered_questions")
    op.drop_table("unanswered_questions")
