"""The decision log in a SQL database: create or migrate it, add, list, fetch and prune.

SQLite runs in WAL mode with synchronous=NORMAL: a committed batch survives the process
being killed (it is in the write-ahead log), only a power cut may lose the last commits.
PostgreSQL commits are durable as configured on the server (synchronous_commit).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, create_engine, delete, event, func, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import make_url
from sqlalchemy.sql.elements import ColumnElement

from ..errors import CasusError, Location
from .config import database_url, normalise_url
from .record import Decision
from .schema import decisions

SQLITE_BUSY_MS = 5000
# an id already stored is skipped, so a record recovered from a spool is written once
INSERT = {
    "sqlite": sqlite.insert(decisions).on_conflict_do_nothing(index_elements=["id"]),
    "postgresql": postgresql.insert(decisions).on_conflict_do_nothing(index_elements=["id"]),
}


@dataclass(frozen=True)
class Filters:
    """Which decisions to read: a time range [since, until), predicate, verdict, versions."""

    since: dt.datetime | None = None
    until: dt.datetime | None = None
    predicate: str | None = None
    holds: bool | None = None
    rules_version: str | None = None
    facts_version: str | None = None

    def where(self) -> list[ColumnElement[bool]]:
        c = decisions.c
        conditions: list[ColumnElement[bool]] = []
        if self.since is not None:
            conditions.append(c.created_at >= self.since)
        if self.until is not None:
            conditions.append(c.created_at < self.until)
        if self.predicate is not None:
            conditions.append(c.predicate == self.predicate)
        if self.holds is not None:
            conditions.append(c.holds == self.holds)
        if self.rules_version is not None:
            conditions.append(c.rules_version == self.rules_version)
        if self.facts_version is not None:
            conditions.append(c.facts_version == self.facts_version)
        return conditions


@dataclass
class Page:
    """One page of decisions, newest first, and how many match in all."""

    total: int
    offset: int
    limit: int
    items: list[Decision] = field(default_factory=list)


def migrations_config() -> Config:
    """Alembic's configuration for the migrations shipped inside the package."""
    config = Config()
    config.set_main_option("script_location", str(resources.files(__package__) / "migrations"))
    return config


def head_revision() -> str | None:
    """The schema revision the newest migration creates."""
    return ScriptDirectory.from_config(migrations_config()).get_current_head()


def _sqlite_pragmas(dbapi_connection: Any, record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_MS}")
    cursor.close()


def open_engine(url: str) -> Engine:
    """An engine for the URL; a SQLite file's folder is created on connecting, and the file
    put in WAL mode."""
    parsed = make_url(normalise_url(url))
    if parsed.get_backend_name() == "sqlite":
        engine = create_engine(parsed)
        folder = Path(parsed.database).parent if parsed.database not in (None, ":memory:") else None

        def make_folder(*args: Any) -> None:
            if folder is not None:
                folder.mkdir(parents=True, exist_ok=True)

        event.listen(engine, "do_connect", make_folder)
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    return create_engine(parsed, pool_pre_ping=True)


def _decision(row: Any) -> Decision:
    return Decision(**row._mapping)


class DecisionStore:
    """The decision log behind one SQLAlchemy engine."""

    def __init__(self, url: str | None = None) -> None:
        self.url = normalise_url(url or database_url())
        try:
            self.engine = open_engine(self.url)
        except Exception as exc:  # a malformed URL or a missing driver
            raise CasusError.single(
                "bad-database", f"cannot use the decision log database: {exc}",
                Location("CASUS_DATABASE_URL"),
            ) from None
        self._writing: Connection | None = None  # the connection `add` writes through

    def revision(self) -> str | None:
        """The schema revision the database is at (None: no schema yet)."""
        with self.engine.connect() as connection:
            return MigrationContext.configure(connection).get_current_revision()

    def migrate(self) -> None:
        """Bring the schema up to the newest revision, keeping every record."""
        config = migrations_config()
        with self.engine.begin() as connection:
            config.attributes["connection"] = connection
            command.upgrade(config, "head")

    def add(self, batch: Sequence[Decision]) -> None:
        """Write decisions in one transaction: all are durable when this returns. Ids
        already in the log are skipped (recovering a spool twice writes each record once).

        Batches go through one connection kept open between them (no pool checkout, ping
        or reset per batch: a third of the CPU of a small batch); after a failure it is
        dropped, and the next batch opens a new one."""
        if not batch:
            return
        if self._writing is None:
            self._writing = self._writing_connection()
        try:
            self._writing.execute(INSERT[self.engine.dialect.name], [d.row() for d in batch])
            self._writing.commit()
        except Exception:
            self._writing.invalidate()
            self._writing.close()
            self._writing = None
            raise

    def _writing_connection(self) -> Connection:
        connection = self.engine.connect()
        if self.engine.dialect.name == "postgresql":
            # one round trip per batch instead of three (BEGIN, INSERT, COMMIT): psycopg
            # sends the rows as one pipeline, which the server runs as one implicit
            # transaction, committed (durably, per synchronous_commit) before it answers
            connection = connection.execution_options(isolation_level="AUTOCOMMIT")
        return connection

    def get(self, decision_id: str) -> Decision | None:
        with self.engine.connect() as connection:
            row = connection.execute(
                select(decisions).where(decisions.c.id == decision_id)
            ).first()
        return _decision(row) if row is not None else None

    def page(self, filters: Filters, offset: int = 0, limit: int = 50) -> Page:
        """Decisions matching the filters, newest first."""
        conditions = filters.where()
        with self.engine.connect() as connection:
            total = connection.execute(
                select(func.count()).select_from(decisions).where(*conditions)
            ).scalar_one()
            rows = connection.execute(
                select(decisions)
                .where(*conditions)
                .order_by(decisions.c.created_at.desc(), decisions.c.id.desc())
                .offset(offset)
                .limit(limit)
            ).all()
        return Page(total, offset, limit, [_decision(r) for r in rows])

    def each(self, filters: Filters, chunk: int = 1000) -> Iterator[Decision]:
        """Every decision matching the filters, oldest first, read in chunks."""
        with self.engine.connect() as connection:
            result = connection.execution_options(yield_per=chunk).execute(
                select(decisions)
                .where(*filters.where())
                .order_by(decisions.c.created_at, decisions.c.id)
            )
            for row in result:
                yield _decision(row)

    def prune(self, before: dt.datetime) -> int:
        """Delete decisions logged before `before`; return how many."""
        with self.engine.begin() as connection:
            done = connection.execute(delete(decisions).where(decisions.c.created_at < before))
        return done.rowcount

    def close(self) -> None:
        if self._writing is not None:
            self._writing.close()
            self._writing = None
        self.engine.dispose()

