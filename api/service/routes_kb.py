"""Read-only browsing of the knowledge base: questions, predicates, rules, facts, entities
and sources. These never touch pyDatalog, so they are `async def` and run on the loop."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from casus.api.service import catalog
from casus.api.service.deps import KB, AppSettings
from casus.api.service.errors import ERROR_RESPONSES, ApiError
from casus.api.service.schemas import (
    SEED_DATE,
    EntityPage,
    FactPage,
    PredicateOut,
    RuleDetail,
    RuleSummary,
    SourceOut,
)
from casus.engine.knowledge.facts import Entity, EntityKind
from fastapi import APIRouter, Path, Query

router = APIRouter(prefix="/v1", tags=["knowledge base"], responses=ERROR_RESPONSES)

PredicateKind = Literal["input", "decl", "question"]


@router.get("/questions", response_model=list[PredicateOut], summary="Questions one can ask")
async def questions(kb: KB) -> list[PredicateOut]:
    """The question predicates with their sentences and argument kinds; ask them with
    `POST /v1/ask` using `template` with constants in place of some variables."""
    return catalog.predicates(kb, "question")


@router.get("/predicates", response_model=list[PredicateOut], summary="Declared predicates")
async def predicates(
    kb: KB,
    kind: Annotated[
        PredicateKind | None,
        Query(description="input (base facts), decl (derived) or question", examples=["input"]),
    ] = None,
) -> list[PredicateOut]:
    """Every declared predicate: arguments, sentences, location and the rules deriving it."""
    return catalog.predicates(kb, kind)


@router.get("/predicates/{name}", response_model=PredicateOut, summary="One predicate")
async def predicate(
    kb: KB, name: Annotated[str, Path(max_length=100, examples=["covered_territory"])]
) -> PredicateOut:
    """A predicate's arguments, sentences, location and the rules deriving it."""
    return catalog.predicate(kb, name)


@router.get("/rules", response_model=list[RuleSummary], summary="Rules")
async def rules(
    kb: KB,
    predicate: Annotated[
        str | None,
        Query(
            max_length=100,
            description="only rules deriving this predicate",
            examples=["must_assist"],
        ),
    ] = None,
) -> list[RuleSummary]:
    """Every rule: id, citation, head and `file:line`, optionally for one predicate."""
    return catalog.rules(kb, predicate)


@router.get("/rules/{rule_id}", response_model=RuleDetail, summary="One rule")
async def rule(
    kb: KB,
    rule_id: Annotated[str, Path(max_length=200, examples=["csto.art4.assist"])],
) -> RuleDetail:
    """A rule's text, citation, `file:line` and the treaty article text written above it."""
    return catalog.rule_detail(kb, rule_id)


@router.get("/facts", response_model=FactPage, summary="Base facts with their sources")
async def facts(
    kb: KB,
    settings: AppSettings,
    predicate: Annotated[
        str | None, Query(max_length=100, description="facts of this predicate", examples=["party"])
    ] = None,
    entity: Annotated[
        str | None,
        Query(max_length=100, description="facts mentioning this entity id", examples=["armenia"]),
    ] = None,
    as_of: Annotated[
        dt.date | None, Query(description="facts valid on this date", examples=[SEED_DATE])
    ] = None,
    offset: Annotated[int, Query(ge=0)] = 0,
    limit: Annotated[
        int, Query(ge=1, description="page size (at most the server's max_page)")
    ] = 100,
) -> FactPage:
    """Base facts matching every filter given, each with its period, source and quote."""
    if limit > settings.max_page:
        raise ApiError(
            422, "limit-exceeded", f"limit may be at most {settings.max_page}", "query.limit"
        )
    return catalog.facts(kb, predicate, entity, as_of, offset, limit)


@router.get("/entities", response_model=EntityPage, summary="Find entities")
async def entities(
    kb: KB,
    q: Annotated[
        str | None,
        Query(
            max_length=200,
            description="part of an id, label, alias or ISO code",
            examples=["karabakh"],
        ),
    ] = None,
    kind: Annotated[EntityKind | None, Query(examples=["state"])] = None,
) -> EntityPage:
    """Entities by label, alias or ISO code (exact matches first); when nothing matches,
    `suggestions` lists the ids of near misses."""
    return catalog.search_entities(kb, q, kind)


@router.get("/entities/{entity_id}", response_model=Entity, summary="One entity")
async def entity(
    kb: KB, entity_id: Annotated[str, Path(max_length=100, examples=["nagorno_karabakh"])]
) -> Entity:
    """An entity's kind, label, aliases and ISO code."""
    return catalog.entity(kb, entity_id)


@router.get("/sources", response_model=list[SourceOut], summary="Sources")
async def sources(kb: KB) -> list[SourceOut]:
    """Every source facts cite: title, publisher, date, URL and how many facts cite it."""
    return catalog.sources(kb)


@router.get("/sources/{source_id}", response_model=SourceOut, summary="One source")
async def source(
    kb: KB,
    source_id: Annotated[str, Path(max_length=200, examples=["moscow-times-2020-10-07"])],
) -> SourceOut:
    """One source with the number of facts citing it."""
    return catalog.source(kb, source_id)
