"""The decision table as the newest migration leaves it (the migrations own the history)."""

from __future__ import annotations

from sqlalchemy import JSON, Boolean, Column, Date, DateTime, Float, MetaData, String, Table, Text

metadata = MetaData()

decisions = Table(
    "decisions",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("created_at", DateTime(), nullable=False, index=True),  # UTC
    Column("query", Text(), nullable=False),
    Column("predicate", String(200), nullable=False, index=True),
    Column("as_of", Date(), nullable=False),
    Column("assume", JSON(), nullable=False),
    Column("retract", JSON(), nullable=False),
    Column("interpretations", JSON(), nullable=False),
    Column("holds", Boolean(), nullable=False),
    Column("answers", JSON(), nullable=False),
    Column("rules_version", String(64), nullable=False),
    Column("facts_version", String(64), nullable=False),
    Column("elapsed_ms", Float(), nullable=False),
)
