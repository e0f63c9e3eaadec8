"""GET /v1/coverage: the whole picture of where one treaty's guarantee reaches on one date
(parties, frozen members, covered territory, disputed places), for the explorer's map.

One request answers one date with a few open queries (casus.engine.evaluation.reach), on an engine
thread like POST /v1/ask; states carry their ISO 3166 numeric code, which is how the
world-atlas map names its features. Every date of a period in which nothing the picture
depends on changes gets the same picture, named by one ETag (knowledge base revision, treaty
and period), so a browser revalidates with a cheap 304.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import hashlib
from concurrent.futures import Executor
from functools import cache
from typing import Annotated

import pycountry
from casus.api.service.deps import KB
from casus.api.service.errors import ERROR_RESPONSES
from casus.engine.evaluation.reach import check_treaty, period, reach
from casus.engine.knowledge.kb import KnowledgeBase
from fastapi import APIRouter, Query, Request, Response
from pydantic import BaseModel, Field

router = APIRouter(prefix="/v1", tags=["knowledge base"], responses=ERROR_RESPONSES)


class StateCoverage(BaseModel):
    """One state's standing under the treaty on the date."""

    id: str
    label: str
    iso: str | None = Field(description="ISO 3166-1 alpha-2 code")
    numeric: str | None = Field(description="ISO 3166-1 numeric code (world-atlas feature id)")
    party: bool
    frozen: bool = Field(description="a party that has frozen its participation")
    covered: list[str] = Field(description="places of this state the clause covers")
    suspended_towards: list[str] = Field(
        description="parties towards which this state has suspended its obligations"
    )


class PlaceCoverage(BaseModel):
    """A place below state level: whose it is, who holds it, and whether it is covered."""

    id: str
    label: str
    recognised_as: list[str] = Field(description="states it is recognised as territory of")
    administered_by: list[str] = Field(description="who controls it")
    disputed: bool
    covered_as: list[str] = Field(description="parties whose covered territory it is")


class Coverage(BaseModel):
    """Where a treaty's guarantee reaches on one date."""

    treaty: str
    label: str
    as_of: dt.date
    since: dt.date | None = Field(
        description="the picture is the same on every day from this one (null: no bound)"
    )
    until: dt.date | None = Field(
        description="... to the day before this one (null: no bound); ask again outside"
    )
    states: list[StateCoverage]
    places: list[PlaceCoverage]


@cache
def _numeric(alpha2: str) -> str | None:
    country = pycountry.countries.get(alpha_2=alpha2)
    return None if country is None else str(country.numeric)


def coverage_of(kb: KnowledgeBase, treaty: str, as_of: dt.date) -> Coverage:
    """The map's data for one treaty and date, from one set of open queries."""
    picture = reach(kb, treaty, as_of)
    entities = kb.entities or {}
    parties, frozen = set(picture.parties), set(picture.frozen)
    covered_as: dict[str, list[str]] = {}
    for state, places in picture.covered.items():
        for place in places:
            covered_as.setdefault(place, []).append(state)
    states = [
        StateCoverage(
            id=e.id,
            label=e.label,
            iso=e.iso,
            numeric=_numeric(e.iso) if e.iso else None,
            party=e.id in parties,
            frozen=e.id in frozen,
            covered=picture.covered.get(e.id, []),
            suspended_towards=[v for a, v in picture.suspended if a == e.id],
        )
        for e in sorted(entities.values(), key=lambda e: e.label.removeprefix("the "))
        if e.kind == "state"
    ]
    disputed = set(picture.disputed)
    places = [
        PlaceCoverage(
            id=p.id,
            label=entities[p.id].label if p.id in entities else p.id,
            recognised_as=list(p.recognised_as),
            administered_by=list(p.administered_by),
            disputed=p.id in disputed,
            covered_as=covered_as.get(p.id, []),
        )
        for p in picture.places
        if p.id not in entities or entities[p.id].kind != "state"
    ]
    return Coverage(
        treaty=treaty,
        label=entities[treaty].label,
        as_of=as_of,
        since=picture.since,
        until=picture.until,
        states=states,
        places=places,
    )


def etag(kb: KnowledgeBase, treaty: str, as_of: dt.date) -> str:
    """Names the picture of `treaty` on `as_of` in this loaded knowledge base: the same for
    every date of one period, different after the knowledge base is reloaded or changed."""
    since, until = period(kb, as_of)
    revision = (kb.rules_version, kb.facts_version, kb.store.count, id(kb), treaty, since, until)
    return '"' + hashlib.sha256(repr(revision).encode()).hexdigest()[:20] + '"'


@router.get(
    "/coverage",
    response_model=Coverage,
    summary="Where a treaty's guarantee reaches",
    responses={304: {"description": "Not modified: the picture named by If-None-Match"}},
)
async def coverage(
    kb: KB,
    request: Request,
    response: Response,
    treaty: Annotated[str, Query(max_length=100, examples=["nato"])],
    as_of: Annotated[dt.date, Query(examples=["2024-03-07"])],
) -> Coverage | Response:
    """For one treaty on one date: each state's standing (party, frozen, covered places,
    suspended obligations) with its ISO codes, and the places below state level with their
    recognised sovereign, who controls them, whether that is disputed and who they count
    as covered territory of; `since` and `until` bound the dates with the same picture.
    Sent with an ETag and `Cache-Control: no-cache`, so browsers revalidate (304)."""
    check_treaty(kb, treaty)
    headers = {"ETag": etag(kb, treaty, as_of), "Cache-Control": "no-cache"}
    if headers["ETag"] in request.headers.get("if-none-match", "").split(", "):
        return Response(status_code=304, headers=headers)
    response.headers.update(headers)
    pool: Executor = request.app.state.engine_pool
    return await asyncio.get_running_loop().run_in_executor(
        pool, coverage_of, kb, treaty, as_of
    )
