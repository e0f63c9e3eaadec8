"""`POST /v1/extract`: article text in, metadata and candidate facts out."""

from __future__ import annotations

import asyncio
from concurrent.futures import Executor
from typing import Any

from casus.api.extract_impact import ArticleImpact, article_impact
from casus.api.service.errors import ERROR_RESPONSES, ApiError, ErrorBody
from casus.api.service.extract_pool import ExtractPool
from casus.api.service.schemas import IsoDate, Text
from casus.api.service.strict_json import StrictJsonRoute
from casus.engine.errors import CasusError
from casus.engine.extraction.article import MAX_CHARS, Extraction
from casus.engine.knowledge.kb import KnowledgeBase
from fastapi import APIRouter, Request
from pydantic import BaseModel, ConfigDict, Field, StrictBool


class ExtractRequest(BaseModel):
    """An article to read."""

    model_config = ConfigDict(extra="forbid")

    text: Text = Field(
        min_length=1,
        description=f"plain article text, at most {MAX_CHARS} characters (longer: 413)",
        json_schema_extra={"maxLength": MAX_CHARS},  # checked by extract, answered with 413
    )
    published: IsoDate | None = Field(default=None, description="publication date if not in text")
    event: Text | None = Field(
        default=None, max_length=100, description="entity id of the event reported"
    )
    impact: StrictBool = Field(
        default=False,
        description="also list the conclusions, as of the article's date, that accepting the "
        "candidate facts would change",
    )


class ExtractResponse(Extraction):
    """The article's metadata and candidates, and (if asked) what accepting them changes."""

    impact: ArticleImpact | None = None


router = APIRouter(tags=["extract"], responses=ERROR_RESPONSES, route_class=StrictJsonRoute)
EXTRACT_RESPONSES: dict[int | str, dict[str, Any]] = {
    503: {"model": ErrorBody, "description": "Extraction did not finish within the deadline"}
}


@router.post("/v1/extract", response_model=ExtractResponse, responses=EXTRACT_RESPONSES)
async def post_extract(body: ExtractRequest, request: Request) -> ExtractResponse:
    """Propose the facts an article states, each with its quote and character span (read in
    a worker process, under the server's deadline: past it, a 503); with `impact`, also the
    conclusions accepting them would change (computed on an engine thread)."""
    pool: ExtractPool = request.app.state.extract_pool
    try:
        result = await pool.extract(body.text, body.published, body.event)
    except CasusError as exc:
        if exc.code == "too-long":
            raise ApiError(413, exc.code, str(exc.problems[0].message), field="text") from None
        raise
    response = ExtractResponse(**result.model_dump())
    if body.impact:
        kb: KnowledgeBase = request.app.state.kb
        engine_pool: Executor = request.app.state.engine_pool
        try:
            response.impact = await asyncio.get_running_loop().run_in_executor(
                engine_pool, article_impact, kb, result
            )
        except CasusError as exc:
            raise ApiError(
                422, exc.code, str(exc.problems[0].message), field="published"
            ) from None
    return response
