"""`POST /v1/extract`: article text in, metadata and candidate facts out."""

from __future__ import annotations

import asyncio
from concurrent.futures import Executor
from typing import Any, Literal

from casus.api.extract_impact import ArticleImpact, article_impact
from casus.api.service.errors import ERROR_RESPONSES, ApiError, ErrorBody
from casus.api.service.extract_pool import Article, ExtractPool
from casus.api.service.schemas import IsoDate, Text
from casus.api.service.strict_json import StrictJsonRoute
from casus.engine.errors import CasusError
from casus.engine.extraction.article import MAX_CHARS, Candidate, Extraction
from casus.engine.extraction.kb_status import status
from casus.engine.knowledge.kb import KnowledgeBase
from fastapi import APIRouter, Request
from pydantic import BaseModel, ConfigDict, Field, StrictBool


class ArticleRequest(BaseModel):
    """An article to read, and what the reader knows about it."""

    model_config = ConfigDict(extra="forbid")

    text: Text = Field(
        min_length=1,
        description=f"article text, at most {MAX_CHARS} characters (longer: 413)",
        json_schema_extra={"maxLength": MAX_CHARS},  # checked by extract, answered with 413
    )
    html: StrictBool = Field(
        default=False,
        description="the text is a saved web page: read its main text and metadata (the "
        "response's `text` is what the candidates' spans count in)",
    )
    published: IsoDate | None = Field(default=None, description="publication date if not in text")
    event: Text | None = Field(
        default=None, max_length=100, description="entity id of the event reported"
    )
    title: Text | None = Field(default=None, min_length=1, max_length=300, description="headline")
    publisher: Text | None = Field(
        default=None, min_length=1, max_length=200, description="who published the article"
    )
    url: Text | None = Field(
        default=None, min_length=1, max_length=2000, description="where the article is published"
    )

    def article(self) -> Article:
        """The article as the extraction workers take it."""
        return Article(
            self.text, self.html, self.published, self.event, self.title, self.publisher, self.url
        )


class ExtractRequest(ArticleRequest):
    """An article to read, and whether to work out what accepting its facts would change."""

    impact: StrictBool = Field(
        default=False,
        description="also list the conclusions, as of the article's date, that accepting the "
        "candidate facts would change",
    )


KbStatus = Literal["known", "new", "contradicts", "absent"]


class CandidateOut(Candidate):
    """A candidate fact with what the knowledge base says about it on its date: `known`,
    `new`, `contradicts` (evidence against a fact it holds) or `absent` (evidence against a
    fact it does not hold)."""

    kb_status: KbStatus


class ExtractResponse(Extraction):
    """The article's metadata and candidates, and (if asked) what accepting them changes."""

    candidates: list[CandidateOut]  # type: ignore[assignment]
    text: str | None = Field(
        default=None, description="the main text read from an HTML page (spans count in it)"
    )
    impact: ArticleImpact | None = None


def extract_response(kb: KnowledgeBase, result: Extraction, text: str | None) -> ExtractResponse:
    """The extraction with each candidate's status in the knowledge base on its date (and
    the text read from an HTML page, which the spans count in)."""
    day = result.metadata.published
    return ExtractResponse(
        metadata=result.metadata,
        candidates=[
            CandidateOut(**c.model_dump(), kb_status=status(c, kb.store, day))
            for c in result.candidates
        ],
        set_aside=result.set_aside,
        proposed_entities=result.proposed_entities,
        text=text,
    )


async def read_article(body: ArticleRequest, request: Request) -> tuple[str, Extraction]:
    """The article's plain text and extraction, from the worker pool; bad input is a 4xx."""
    pool: ExtractPool = request.app.state.extract_pool
    try:
        return await pool.extract(body.article())
    except CasusError as exc:
        if exc.code == "too-long":
            raise ApiError(413, exc.code, str(exc.problems[0].message), field="text") from None
        raise  # the error handler answers 422 with the located problems


router = APIRouter(tags=["extract"], responses=ERROR_RESPONSES, route_class=StrictJsonRoute)
EXTRACT_RESPONSES: dict[int | str, dict[str, Any]] = {
    503: {"model": ErrorBody, "description": "Extraction did not finish within the deadline"}
}


@router.post("/v1/extract", response_model=ExtractResponse, responses=EXTRACT_RESPONSES)
async def post_extract(body: ExtractRequest, request: Request) -> ExtractResponse:
    """Propose the facts an article states, each with its quote and character span (read in
    a worker process, under the server's deadline: past it, a 503); with `impact`, also the
    conclusions accepting them would change (computed on an engine thread)."""
    text, result = await read_article(body, request)
    kb: KnowledgeBase = request.app.state.kb
    response = extract_response(kb, result, text if body.html else None)
    if body.impact:
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
