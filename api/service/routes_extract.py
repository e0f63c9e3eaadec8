"""`POST /v1/extract`: article text in, metadata and candidate facts out."""

from __future__ import annotations

from typing import Any

from casus.api.service.errors import ERROR_RESPONSES, ApiError, ErrorBody
from casus.api.service.extract_pool import ExtractPool
from casus.api.service.schemas import IsoDate, Text
from casus.api.service.strict_json import StrictJsonRoute
from casus.engine.errors import CasusError
from casus.engine.extraction.article import MAX_CHARS, Extraction
from fastapi import APIRouter, Request
from pydantic import BaseModel, ConfigDict, Field


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


router = APIRouter(tags=["extract"], responses=ERROR_RESPONSES, route_class=StrictJsonRoute)
EXTRACT_RESPONSES: dict[int | str, dict[str, Any]] = {
    503: {"model": ErrorBody, "description": "Extraction did not finish within the deadline"}
}


@router.post("/v1/extract", response_model=Extraction, responses=EXTRACT_RESPONSES)
async def post_extract(body: ExtractRequest, request: Request) -> Extraction:
    """Propose the facts an article states, each with its quote and character span
    (read in a worker process, under the server's deadline: past it, a 503)."""
    pool: ExtractPool = request.app.state.extract_pool
    try:
        return await pool.extract(body.text, body.published, body.event)
    except CasusError as exc:
        if exc.code == "too-long":
            raise ApiError(413, exc.code, str(exc.problems[0].message), field="text") from None
        raise
