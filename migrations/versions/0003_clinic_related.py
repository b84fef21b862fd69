"""Clinic articles and related questions: article author, source line and related topics.

Revision ID: 0003_clinic_related
Revises: 0002
Create Date: 2026-12-03

A descriptive revision id (not "0003") so that another branch's revision after
0002 cannot collide with this one; Alembic then reports two heads to merge.
Existing rows become ``author = 'flarecare'`` (the server default): every
article before this revision was a built-in one.

Like 0001, it adds only the columns that are missing: ``python -m knowledge
load`` on a new database creates the knowledge tables from today's models
(with these columns) before any migration has run.
"""
import sqlalchemy as sa
from alembic import op

revision = "0003_clinic_related"
down_revision = "0002"
branch_labels = None
depends_on = None


COLUMNS = (
    lambda: sa.Column("author", sa.String(length=16), nullable=False, server_default="flarecare"),
    lambda: sa.Column("source_line", sa.Text(), nullable=True),
    lambda: sa.Column("related", sa.Text(), nullable=True),
)


def upgrade() -> None:
    present = {column["name"] for column in sa.inspect(op.get_bind()).get_columns("knowledge_articles")}
    with op.batch_alter_table("knowledge_articles") as batch:
        for make in COLUMNS:
            column = make()
            if column.name not in present:
                batch.add_column(column)


def downgrade() -> None:
    with op.batch_alter_table("knowledge_articles") as batch:
        batch.drop_column("related")
        batch.drop_column("source_line")
        batch.drop_column("author")
