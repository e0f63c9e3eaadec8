"""`POST /v1/extract`: article text in, metadata and candidate facts out."""

from __future__ import annotations

import datetime as dt

from casus.api.extract_impact import ArticleImpact, article_impact
from casus.api.service.errors import ERROR_RESPONSES, ApiError
from casus.engine.errors import CasusError
from casus.engine.extraction.article import MAX_CHARS, Extraction, extract
from casus.engine.extraction.events import known_events
from casus.engine.knowledge.kb import KnowledgeBase
from fastapi import APIRouter, Request
from pydantic import BaseModel, ConfigDict, Field


class ExtractRequest(BaseModel):
    """An article to read."""

    model_config = ConfigDict(extra="forbid")

    text: str = Field(description=f"plain article text, at most {MAX_CHARS} characters")
    published: dt.date | None = Field(default=None, description="publication date if not in text")
    event: str | None = Field(default=None, description="entity id of the event reported")
    impact: bool = Field(
        default=False,
        description="also list the conclusions, as of the article's date, that accepting the "
        "candidate facts would change",
    )


class ExtractResponse(Extraction):
    """The article's metadata and candidates, and (if asked) what accepting them changes."""

    impact: ArticleImpact | None = None


router = APIRouter(tags=["extract"], responses=ERROR_RESPONSES)


@router.post("/v1/extract", response_model=ExtractResponse)
def post_extract(body: ExtractRequest, request: Request) -> ExtractResponse:
    """Propose the facts an article states, each with its quote and character span."""
    kb: KnowledgeBase = request.app.state.kb
    records = [r for rows in kb.store.by_pred.values() for r in rows]
    try:
        result = extract(
            body.text,
            kb.entities or {},
            published=body.published,
            event=body.event,
            events=known_events(records),
        )
    except CasusError as exc:
        if exc.code == "too-long":
            raise ApiError(413, exc.code, str(exc.problems[0].message), field="text") from None
        raise
    response = ExtractResponse(**result.model_dump())
    if body.impact:
        try:
            response.impact = article_impact(kb, result)
        except CasusError as exc:
            raise ApiError(422, exc.code, str(exc.problems[0].message), field="published") from None
    return response
