"""Reviewing an article's candidate facts: the accepted ones as a downloadable YAML patch
(`POST /v1/extract/patch`), or written, unreviewed, to a facts file when the server allows
writes (`POST /v1/extract/write`, `casus serve --allow-writes`).

The article is read again on the server and only its own candidates are accepted, so a
request can never put a fact of its own making into a patch or a file."""

from __future__ import annotations

import asyncio
import shutil
import tempfile
from pathlib import Path
from typing import Annotated, Any

from casus.api.extract_write import Written, accepted, fact_patch, write_extraction
from casus.api.service.errors import ERROR_RESPONSES, ApiError, ErrorBody
from casus.api.service.routes_extract import EXTRACT_RESPONSES, ArticleRequest, read_article
from casus.api.service.schemas import FactText
from casus.api.service.settings import Settings
from casus.api.service.strict_json import StrictJsonRoute
from casus.engine.extraction.article import Candidate, Extraction
from casus.engine.knowledge.kb import ENTITIES_FILE, SOURCES_FILE, KnowledgeBase, default_dirs
from fastapi import APIRouter, Request
from fastapi.responses import Response
from pydantic import BaseModel, Field

MAX_ACCEPTED = 500
WRITE_FILE = "extracted.yaml"  # where the explorer's reviews go unless the server says else


class ReviewRequest(ArticleRequest):
    """An article and the candidate facts a reviewer accepted from it."""

    accept: Annotated[list[FactText], Field(min_length=1, max_length=MAX_ACCEPTED)] = Field(
        description="accepted candidates, each as its `fact` in the extract response"
    )


class WriteResult(BaseModel):
    """What writing did: the file, the source the facts cite, and the writer's report."""

    file: str
    source: str
    events_added: list[str] = Field(
        description="the new event entities added (the article's own, and earlier ones it reports)"
    )
    added: list[str]
    corroborated: list[str] = Field(description="known facts that gained the source instead")
    skipped: list[str]


router = APIRouter(tags=["extract"], responses=ERROR_RESPONSES, route_class=StrictJsonRoute)


async def _chosen(
    body: ReviewRequest, request: Request
) -> tuple[str, Extraction, list[Candidate]]:
    """The article read again, and its candidates the request accepts (any other: 422)."""
    text, result = await read_article(body, request)
    return text, result, accepted(result, body.accept)


PATCH_RESPONSES: dict[int | str, dict[str, Any]] = {
    **EXTRACT_RESPONSES,
    200: {
        "content": {"application/yaml": {"schema": {"type": "string"}}},
        "description": "a facts file of the accepted candidates, unreviewed",
    },
}


@router.post("/v1/extract/patch", response_class=Response, responses=PATCH_RESPONSES)
async def post_patch(body: ReviewRequest, request: Request) -> Response:
    """The accepted candidates as a YAML facts file (unreviewed), headed by comments with
    the source and event entries to add first; nothing on the server changes."""
    text, result, chosen = await _chosen(body, request)
    kb: KnowledgeBase = request.app.state.kb
    yaml = await asyncio.to_thread(fact_patch, text, result, chosen, kb)
    name = result.metadata.event or "article"
    return Response(
        yaml,
        media_type="application/yaml",
        headers={"Content-Disposition": f'attachment; filename="casus-{name}.yaml"'},
    )


WRITE_RESPONSES: dict[int | str, dict[str, Any]] = {
    **EXTRACT_RESPONSES,
    403: {"model": ErrorBody, "description": "The server was started without --allow-writes"},
}


def example_write(
    kb: KnowledgeBase, settings: Settings, text: str, result: Extraction
) -> WriteResult:
    """What writing all of an article's candidates would answer, written into a scratch
    copy of the sources and entities (for the API documentation; nothing else is touched)."""
    facts_dir = write_target(settings)[1]
    with tempfile.TemporaryDirectory(prefix="casus-example-") as tmp:
        scratch = Path(tmp) / facts_dir.name
        scratch.mkdir()
        for name in (SOURCES_FILE, ENTITIES_FILE):
            shutil.copyfile(facts_dir / name, scratch / name)
        target = scratch / WRITE_FILE
        done = write_extraction(target, scratch, text, result, result.candidates, kb)
    return _result(target, result, done)


def _result(target: Path, result: Extraction, done: Written) -> WriteResult:
    return WriteResult(
        file=target.name,
        source=done.source,
        events_added=done.events_added,
        added=done.report.added,
        corroborated=done.report.corroborated,
        skipped=done.report.skipped,
    )


def write_target(settings: Settings) -> tuple[Path, Path]:
    """The facts file the review writes to and the facts folder its source goes into."""
    facts_dir = settings.facts or default_dirs()[1]
    return settings.write_facts or facts_dir / WRITE_FILE, facts_dir


@router.post("/v1/extract/write", response_model=WriteResult, responses=WRITE_RESPONSES)
async def post_write(body: ReviewRequest, request: Request) -> WriteResult:
    """Add the accepted candidates, unreviewed, to the server's facts file (its source and
    new event too); allowed only when the server was started with `--allow-writes`. The
    facts take part in answers after a restart, and only with unreviewed facts included."""
    settings: Settings = request.app.state.settings
    if not settings.allow_writes:
        raise ApiError(
            403,
            "writes-disabled",
            "this server does not write facts; start it with `casus serve --allow-writes`, "
            "or download the patch instead",
        )
    text, result, chosen = await _chosen(body, request)
    kb: KnowledgeBase = request.app.state.kb
    target, facts_dir = write_target(settings)
    done = await asyncio.to_thread(
        write_extraction, target, facts_dir, text, result, chosen, kb
    )
    return _result(target, result, done)
