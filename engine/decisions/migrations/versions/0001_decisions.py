"""The first decision log schema (released with the decision log): one table of answers.

Revision ID: 0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "decisions",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("query", sa.Text(), nullable=False),
        sa.Column("as_of", sa.Date(), nullable=False),
        sa.Column("assume", sa.JSON(), nullable=False),
        sa.Column("retract", sa.JSON(), nullable=False),
        sa.Column("interpretations", sa.JSON(), nullable=False),
        sa.Column("holds", sa.Boolean(), nullable=False),
        sa.Column("answers", sa.JSON(), nullable=False),
        sa.Column("rules_version", sa.String(64), nullable=False),
        sa.Column("facts_version", sa.String(64), nullable=False),
        sa.Column("elapsed_ms", sa.Float(), nullable=False),
    )
    op.create_index("ix_decisions_created_at", "decisions", ["created_at"])
