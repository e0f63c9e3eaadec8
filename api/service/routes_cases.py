"""The casebook over HTTP: every real case under the treaty text and each interpretation,
next to what the allies did (`GET /v1/cases`), and one case with full explanations."""

from __future__ import annotations

import asyncio
from typing import Annotated

from casus.api.service import catalog
from casus.api.service.deps import KB, AppSettings
from casus.api.service.errors import ERROR_RESPONSES, ApiError
from casus.engine.evaluation.scenario import Limits
from casus.engine.knowledge.kb import KnowledgeBase
from casus.engine.language.check import suggest
from casus.engine.regression.casebook import (
    Casebook,
    CaseReport,
    answer_case,
    casebook,
    find_cases,
)
from fastapi import APIRouter, Path, Query, Request

router = APIRouter(prefix="/v1", tags=["casebook"], responses=ERROR_RESPONSES)


def case_list(kb: KnowledgeBase, treaty: str | None, limits: Limits) -> Casebook:
    """The casebook (of one treaty); 422 with suggestions for a treaty without cases."""
    if treaty is not None:
        treaties = sorted({t for t, _, _ in find_cases(kb).values()})
        if treaty not in treaties:
            raise ApiError(
                422, "unknown-treaty", f"no cases for treaty {treaty!r}", "query.treaty",
                suggest(treaty, treaties),
            )
    return casebook(kb, treaty, "none", limits)


def case_detail(kb: KnowledgeBase, case_id: str, limits: Limits) -> CaseReport:
    """One case with full explanations; 404 with suggestions for an unknown id."""
    catalog.find_item(find_cases(kb), case_id, "case", "case_id")
    return answer_case(kb, case_id, "full", limits)


@router.get("/cases", response_model=Casebook, summary="The casebook: real cases and figures")
async def cases(
    kb: KB,
    settings: AppSettings,
    request: Request,
    treaty: Annotated[
        str | None, Query(max_length=100, description="only this treaty's cases", examples=["csto"])
    ] = None,
) -> Casebook:
    """Every recorded case: its questions, the verdict under the treaty text and under each
    interpretation that touches the treaty, what happened, which readings predict it, the
    event's sources, and the overall figures (see `definition`)."""
    loop = asyncio.get_running_loop()
    return await loop.run_in_executor(
        request.app.state.engine_pool, case_list, kb, treaty, settings.limits()
    )


@router.get("/cases/{case_id}", response_model=CaseReport, summary="One case, explained")
async def case(
    kb: KB,
    settings: AppSettings,
    request: Request,
    case_id: Annotated[str, Path(max_length=200, examples=["csto.kazakhstan_unrest_2022_01"])],
) -> CaseReport:
    """One case with the full explanation (proof or why-not, citing each fact's source) under
    the treaty text and the summary under each interpretation."""
    loop = asyncio.get_running_loop()
    return await loop.run_in_executor(
        request.app.state.engine_pool, case_detail, kb, case_id, settings.limits()
    )
