"""The question's predicate in its own indexed column, filled in for existing decisions,
so listings filtered by predicate do not scan every query text.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

BATCH = 1000


def upgrade() -> None:
    op.add_column("decisions", sa.Column("predicate", sa.String(200), nullable=True))
    table = sa.table(
        "decisions", sa.column("id", sa.String), sa.column("query", sa.Text),
        sa.column("predicate", sa.String),
    )
    connection = op.get_bind()
    rows = connection.execute(sa.select(table.c.id, table.c.query)).all()
    update = (
        table.update()
        .where(table.c.id == sa.bindparam("row_id"))
        .values(predicate=sa.bindparam("name"))
    )
    for start in range(0, len(rows), BATCH):
        chunk = rows[start : start + BATCH]
        connection.execute(
            update, [{"row_id": r.id, "name": r.query.split("(", 1)[0].strip()} for r in chunk]
        )
    with op.batch_alter_table("decisions") as batch:
        batch.alter_column("predicate", existing_type=sa.String(200), nullable=False)
    op.create_index("ix_decisions_predicate", "decisions", ["predicate"])
