"""`POST /v1/extract`: article text in, metadata and candidate facts out."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from fastapi import APIRouter
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field

from engine.errors import CasusError
from engine.extract.article import MAX_CHARS, Extraction, extract, known_events
from engine.kb import KnowledgeBase


class ExtractRequest(BaseModel):
    """An article to read."""

    model_config = ConfigDict(extra="forbid")

    text: str = Field(description=f"plain article text, at most {MAX_CHARS} characters")
    published: dt.date | None = Field(default=None, description="publication date if not in text")
    event: str | None = Field(default=None, description="entity id of the event reported")


def _error(exc: CasusError, status: int) -> JSONResponse:
    return JSONResponse(
        status_code=status,
        content={
            "code": exc.code,
            "message": exc.problems[0].message if exc.problems else "bad request",
            "errors": [
                {"code": p.code, "message": p.message, "location": str(p.location)}
                for p in exc.problems
            ],
        },
    )


def extract_router(get_kb: Callable[[], KnowledgeBase]) -> APIRouter:
    """A router serving `POST /v1/extract` against the knowledge base `get_kb` returns."""
    router = APIRouter()

    @router.post("/v1/extract", response_model=Extraction, tags=["extract"])
    def post_extract(body: ExtractRequest) -> Extraction | JSONResponse:
        """Propose the facts an article states, each with its quote and character span."""
        kb = get_kb()
        records = [r for rows in kb.store.by_pred.values() for r in rows]
        try:
            return extract(
                body.text,
                kb.entities or {},
                published=body.published,
                event=body.event,
                events=known_events(records),
            )
        except CasusError as exc:
            return _error(exc, 413 if exc.code == "too-long" else 422)

    return router
