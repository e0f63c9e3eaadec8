"""Decisions as the first released schema (revision 0001) stored them, to test migrations.

`fixtures/decisions-0001.sqlite` was written by `python -m tests.decisions.old_schema`.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from alembic import command
from casus.engine.decisions.store import DecisionStore, migrations_config

FIXTURE = Path(__file__).parent / "fixtures" / "decisions-0001.sqlite"
V0001 = sa.table(
    "decisions",
    sa.column("id", sa.String),
    sa.column("created_at", sa.DateTime),
    sa.column("query", sa.Text),
    sa.column("as_of", sa.Date),
    *(sa.column(name, sa.JSON) for name in ("assume", "retract", "interpretations")),
    sa.column("holds", sa.Boolean),
    sa.column("answers", sa.JSON),
    sa.column("rules_version", sa.String),
    sa.column("facts_version", sa.String),
    sa.column("elapsed_ms", sa.Float),
)
ROWS: list[dict[str, Any]] = [
    {
        "id": "0" * 31 + "1",
        "created_at": dt.datetime(2026, 1, 5, 9, 30),
        "query": "must_assist(russia, armenia, csto, karabakh_war_2020)",
        "as_of": dt.date(2020, 10, 7),
        "assume": ["hostilities_in(karabakh_war_2020, syunik)"],
        "retract": [],
        "interpretations": [],
        "holds": False,
        "answers": [],
        "rules_version": "aaaaaaaaaaaa",
        "facts_version": "bbbbbbbbbbbb",
        "elapsed_ms": 12.5,
    },
    {
        "id": "0" * 31 + "2",
        "created_at": dt.datetime(2026, 1, 6, 17, 0),
        "query": "party(X0, csto)",
        "as_of": dt.date(2021, 1, 1),
        "assume": [],
        "retract": ["party(armenia, csto)"],
        "interpretations": ["some_reading"],
        "holds": True,
        "answers": ["party(russia, csto)", "party(belarus, csto)"],
        "rules_version": "aaaaaaaaaaaa",
        "facts_version": "bbbbbbbbbbbb",
        "elapsed_ms": 3.25,
    },
]


def create_0001(url: str) -> None:
    """Create the revision-0001 schema at `url` and store ROWS in it."""
    store = DecisionStore(url)
    config = migrations_config()
    with store.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0001")
        connection.execute(sa.insert(V0001), ROWS)
    store.close()


if __name__ == "__main__":
    FIXTURE.unlink(missing_ok=True)
    create_0001(f"sqlite:///{FIXTURE}")
    sys.stdout.write(f"wrote {FIXTURE}\n")
