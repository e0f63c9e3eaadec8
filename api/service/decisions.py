"""The service's decision log: the writer each process starts, what an answer carries
(`decision_id` in the body, `Casus-Decision-Id` and `Casus-Decision-Log` headers), and the
shapes of logged decisions.

An answer's record is journalled in the process's spool (`<data_dir>/spool/`) before the
answer is sent (`Casus-Decision-Log: spooled`), so it survives a crash of the server; the
database insert happens later, in batches, and never holds up an answer. When the spool
cannot be written the record is kept in memory only (`queued`: lost if the process dies).
"""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from casus.api.service.settings import Settings
from casus.engine.decisions.config import data_dir, database_url
from casus.engine.decisions.record import Decision
from casus.engine.decisions.spool import Spool, spool_dir
from casus.engine.decisions.store import DecisionStore
from casus.engine.decisions.writer import DecisionWriter, Logged
from casus.engine.explanation.answer import Answer, Versions
from fastapi import FastAPI
from pydantic import BaseModel, Field

DECISION_HEADER = "Casus-Decision-Id"
LOG_HEADER = "Casus-Decision-Log"  # spooled, queued, dropped or off


class LoggedAnswer(Answer):
    """An answer with the id it was logged under."""

    decision_id: str | None = Field(
        default=None, description="the answer's id in the decision log (null: not logged)"
    )


class DecisionLogHealth(BaseModel):
    """The decision log of the process that answered: is the database reachable, and counts."""

    enabled: bool
    healthy: bool = Field(description="the last write (or attempt to reach the database) worked")
    committed: int = Field(description="decisions written by this process")
    queued: int = Field(description="decisions waiting to be written")
    dropped: int = Field(description="decisions not logged because the queue was full")
    failures: int = Field(description="failed attempts to reach or write the database")
    spool_failures: int = Field(
        description="decisions kept in memory only because the spool could not be written"
    )
    recovered: int = Field(
        description="decisions this process read back from stopped processes' spools "
        "(those already in the database are skipped)"
    )
    last_error: str | None = None


class DecisionOut(BaseModel):
    """A logged decision: the question in canonical form, verdict, answers and versions."""

    id: str
    created_at: dt.datetime = Field(description="when it was answered (UTC)")
    query: str
    predicate: str
    as_of: dt.date
    assume: list[str]
    retract: list[str]
    interpretations: list[str]
    holds: bool
    answers: list[str]
    versions: Versions
    elapsed_ms: float

    @classmethod
    def of(cls, decision: Decision) -> DecisionOut:
        row = decision.row()
        row["created_at"] = decision.created_at.replace(tzinfo=dt.UTC)
        return cls(
            **row,
            versions=Versions(rules=decision.rules_version, facts=decision.facts_version),
        )


class DecisionDetail(DecisionOut):
    """One decision with its explanation recomputed, when its versions are still served."""

    explanation: Answer | None = None
    explanation_note: str | None = Field(
        default=None, description="why there is no explanation"
    )


class DecisionPage(BaseModel):
    """One page of decisions, newest first."""

    total: int
    offset: int
    limit: int
    items: list[DecisionOut]


def example(explained: Answer) -> DecisionDetail:
    """A decision as the log would hold it for this answer, explained again (for /docs)."""
    detail = DecisionDetail(**DecisionOut.of(Decision.of(explained)).model_dump())
    detail.explanation = explained
    return detail


def example_page(explained: Answer) -> DecisionPage:
    """A page holding the example decision (for /docs)."""
    item = DecisionOut.of(Decision.of(explained))
    return DecisionPage(total=1, offset=0, limit=50, items=[item])


def start(app: FastAPI, settings: Settings) -> None:
    """Open the log's database and, unless logging is off, start the writer thread with
    this process's spool."""
    url = database_url(settings.database_url, settings.data_dir)
    app.state.decision_store = DecisionStore(url)
    app.state.decision_writer = (
        DecisionWriter(
            lambda: DecisionStore(url),
            Spool(spool_dir(data_dir(settings.data_dir), url)),
            max_queue=settings.decision_queue,
        )
        if settings.decision_log
        else None
    )


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    """On shutdown, write what is queued and close the database."""
    yield
    writer: DecisionWriter | None = app.state.decision_writer
    if writer is not None:
        await asyncio.to_thread(writer.close)
    app.state.decision_store.close()


def log_answer(writer: DecisionWriter | None, answer: Answer) -> tuple[str | None, dict[str, str]]:
    """Journal and queue the answer's record (from any thread): its id (None: not logged)
    and the response headers saying what became of it."""
    if writer is None:
        return None, {LOG_HEADER: "off"}
    decision = Decision.of(answer)
    logged = writer.submit(decision)
    if logged is Logged.DROPPED:
        return None, {LOG_HEADER: logged.value}
    return decision.id, {DECISION_HEADER: decision.id, LOG_HEADER: logged.value}


def health(writer: DecisionWriter | None) -> DecisionLogHealth:
    if writer is None:
        return DecisionLogHealth(
            enabled=False, healthy=True, committed=0, queued=0, dropped=0, failures=0,
            spool_failures=0, recovered=0,
        )
    stats = writer.stats()
    return DecisionLogHealth(
        enabled=True,
        healthy=stats.healthy,
        committed=stats.committed,
        queued=stats.queued,
        dropped=stats.dropped,
        failures=stats.failures,
        spool_failures=stats.spool_failures,
        recovered=stats.recovered,
        last_error=stats.last_error,
    )
