"""GET /v1/decisions: read the decision log, one page at a time or one decision with its
explanation recomputed (when the server still runs the versions the decision names)."""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import Callable
from concurrent.futures import Executor
from typing import Annotated, Any, Literal, TypeVar

from casus.api.service.decisions import DecisionDetail, DecisionOut, DecisionPage
from casus.api.service.deps import KB, AppSettings
from casus.api.service.errors import ERROR_RESPONSES, ApiError, ErrorBody
from casus.api.service.schemas import IsoDateTime
from casus.api.service.settings import MAX_PAGE
from casus.engine.ask import ask
from casus.engine.decisions.record import Decision
from casus.engine.decisions.store import DecisionStore, Filters
from casus.engine.evaluation.scenario import Limits
from casus.engine.explanation.answer import Answer
from casus.engine.knowledge.kb import KnowledgeBase
from fastapi import APIRouter, Path, Query, Request
from sqlalchemy.exc import SQLAlchemyError

UNAVAILABLE: dict[int | str, dict[str, Any]] = {
    503: {"model": ErrorBody, "description": "The decision log's database cannot be read"}
}
router = APIRouter(
    prefix="/v1", tags=["decisions"], responses={**ERROR_RESPONSES, **UNAVAILABLE}
)
T = TypeVar("T")
Verdict = Literal["holds", "does-not-hold"]


async def _read(request: Request, read: Callable[[DecisionStore], T]) -> T:
    """Run a read on a worker thread; a database that cannot be read is a 503."""
    store: DecisionStore = request.app.state.decision_store
    try:
        return await asyncio.to_thread(read, store)
    except (SQLAlchemyError, OSError) as exc:
        reason = str(exc).splitlines()[0][:300]
        raise ApiError(
            503, "decision-log-unavailable", f"the decision log cannot be read: {reason}"
        ) from None


@router.get("/decisions", response_model=DecisionPage, summary="Logged decisions")
async def list_decisions(
    request: Request,
    settings: AppSettings,
    since: Annotated[IsoDateTime | None, Query(description="logged at or after (UTC)")] = None,
    until: Annotated[IsoDateTime | None, Query(description="logged before (UTC)")] = None,
    predicate: Annotated[
        str | None, Query(max_length=200, description="the question's predicate",
                          examples=["must_assist"])
    ] = None,
    verdict: Annotated[Verdict | None, Query(description="holds or does-not-hold")] = None,
    rules: Annotated[str | None, Query(max_length=64, description="rules version")] = None,
    facts: Annotated[str | None, Query(max_length=64, description="facts version")] = None,
    offset: Annotated[int, Query(ge=0)] = 0,
    limit: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 50,
) -> DecisionPage:
    """Decisions newest first, filtered by time range [since, until), predicate, verdict and
    the versions of rules and facts they were made under."""
    if limit > settings.max_page:
        raise ApiError(
            422, "limit-exceeded", f"limit may be at most {settings.max_page}", "query.limit"
        )
    filters = Filters(
        since=_utc(since, "query.since"),
        until=_utc(until, "query.until"),
        predicate=predicate,
        holds=None if verdict is None else verdict == "holds",
        rules_version=rules,
        facts_version=facts,
    )
    page = await _read(request, lambda store: store.page(filters, offset, limit))
    return DecisionPage(
        total=page.total,
        offset=page.offset,
        limit=page.limit,
        items=[DecisionOut.of(d) for d in page.items],
    )


@router.get("/decisions/{decision_id}", response_model=DecisionDetail, summary="One decision")
async def get_decision(
    request: Request,
    kb: KB,
    settings: AppSettings,
    decision_id: Annotated[str, Path(max_length=64)],
) -> DecisionDetail:
    """One decision, with its full explanation recomputed when this server runs the rules
    and facts versions it names (else `explanation_note` says which it runs)."""
    decision = await _read(request, lambda store: store.get(decision_id))
    if decision is None:
        raise ApiError(404, "unknown-decision", f"no decision {decision_id}", "path.decision_id")
    detail = DecisionDetail(**DecisionOut.of(decision).model_dump())
    if (decision.rules_version, decision.facts_version) != (kb.rules_version, kb.facts_version):
        detail.explanation_note = (
            f"made under rules {decision.rules_version} and facts {decision.facts_version}; "
            f"this server runs rules {kb.rules_version} and facts {kb.facts_version}"
        )
        return detail
    pool: Executor = request.app.state.engine_pool
    detail.explanation = await asyncio.get_running_loop().run_in_executor(
        pool, _explain, kb, decision, settings.limits()
    )
    return detail


def _explain(kb: KnowledgeBase, decision: Decision, limits: Limits) -> Answer:
    """The decision's question asked again with a full explanation (on an engine thread)."""
    return ask(
        kb, decision.query, decision.as_of, decision.assume, decision.retract,
        decision.interpretations, "full", limits,
    )


def _utc(moment: dt.datetime | None, field: str) -> dt.datetime | None:
    """A time as naive UTC, as the log stores it (a time without a zone is taken as UTC)."""
    if moment is None or moment.tzinfo is None:
        return moment
    try:
        return moment.astimezone(dt.UTC).replace(tzinfo=None)
    except OverflowError:
        raise ApiError(422, "bad-time", f"{moment.isoformat()} is out of range", field) from None
