"""Worked examples in the OpenAPI document, computed from the loaded knowledge base so that
they are real answers (the seed case for /v1/ask) and never drift from the code.

The schema is built once, on the first request for it; the examples are computed on an
engine thread, like every question (see api.routes_ask).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from casus.api.extract_write import accepted, fact_patch
from casus.api.service import catalog, decisions
from casus.api.service.errors import ApiError, ErrorBody, casus_error_body
from casus.api.service.routes_cases import case_detail, case_list
from casus.api.service.routes_coverage import coverage_of
from casus.api.service.routes_extract import extract_response
from casus.api.service.routes_meta import version_info
from casus.api.service.routes_review import example_write
from casus.api.service.schemas import SEED_DATE, SEED_QUERY, Health
from casus.engine.ask import ask
from casus.engine.decisions.record import new_id
from casus.engine.errors import CasusError
from casus.engine.extraction.article import extract
from casus.engine.knowledge.kb import KnowledgeBase
from casus.engine.regression.casebook import find_cases
from casus.engine.regression.compare import interpretation_names
from fastapi import FastAPI
from pydantic import BaseModel, TypeAdapter

Make = Callable[[], Any]
Key = tuple[str, str, str]  # path, method, status
_JSON: TypeAdapter[Any] = TypeAdapter(Any)
EXTRACT_EXAMPLE = (
    "YEREVAN, Oct. 7 - Armenia, a member of the Collective Security Treaty Organization, "
    "asked the CSTO for help on Wednesday. Azerbaijan is not a member."
)


def _error(make: Make) -> Make:
    """The error body `make` raises (an example of an error response)."""

    def run() -> ErrorBody | None:
        try:
            make()
        except ApiError as exc:
            return exc.body
        except CasusError as exc:
            return casus_error_body(exc)
        return None

    return run


def _examples(app: FastAPI) -> dict[Key, Make]:
    kb = app.state.kb
    settings = app.state.settings
    article = extract(EXTRACT_EXAMPLE, kb.entities or {}, published=SEED_DATE)
    return {
        ("/v1/ask", "post", "200"): lambda: decisions.LoggedAnswer(
            **dict(ask(kb, SEED_QUERY, SEED_DATE)), decision_id=new_id()
        ),
        ("/v1/ask", "post", "422"): _error(
            lambda: ask(kb, "must_assist(russia, armnia, csto, E)", SEED_DATE)
        ),
        ("/v1/questions", "get", "200"): lambda: catalog.predicates(kb, "question"),
        ("/v1/predicates", "get", "200"): lambda: catalog.predicates(kb, "input"),
        ("/v1/predicates/{name}", "get", "200"): lambda: catalog.predicate(kb, "covered_territory"),
        ("/v1/rules", "get", "200"): lambda: catalog.rules(kb, "must_assist"),
        ("/v1/rules/{rule_id}", "get", "200"): lambda: catalog.rule_detail(kb, "csto.art4.assist"),
        ("/v1/rules/{rule_id}", "get", "404"): _error(
            lambda: catalog.rule_detail(kb, "csto.art4.asist")
        ),
        ("/v1/facts", "get", "200"): lambda: catalog.facts(kb, "party", "armenia", SEED_DATE),
        ("/v1/entities", "get", "200"): lambda: catalog.search_entities(kb, "karabakh", "place"),
        ("/v1/entities/{entity_id}", "get", "200"): lambda: catalog.entity(kb, "nagorno_karabakh"),
        ("/v1/entities/{entity_id}", "get", "404"): _error(
            lambda: catalog.entity(kb, "nagorno_karabah")
        ),
        ("/v1/sources", "get", "200"): lambda: catalog.sources(kb),
        ("/v1/sources/{source_id}", "get", "200"): lambda: catalog.source(
            kb, "moscow-times-2020-10-07"
        ),
        ("/v1/cases", "get", "200"): lambda: case_list(kb, "eu_teu", settings.limits()),
        ("/v1/cases/{case_id}", "get", "200"): lambda: case_detail(
            kb, "eu_teu.paris_attacks_2015_11", settings.limits()
        ),
        ("/v1/cases/{case_id}", "get", "404"): _error(
            lambda: case_detail(kb, "eu_teu.paris_attacks_2015", settings.limits())
        ),
        ("/v1/coverage", "get", "200"): lambda: coverage_of(kb, "nato", SEED_DATE),
        ("/v1/coverage", "get", "422"): _error(lambda: coverage_of(kb, "natoo", SEED_DATE)),
        ("/v1/version", "get", "200"): lambda: version_info(kb, settings),
        ("/healthz", "get", "200"): lambda: Health(decision_log=decisions.health(None)),
        ("/v1/decisions", "get", "200"): lambda: decisions.example_page(
            ask(kb, SEED_QUERY, SEED_DATE, explain="none")
        ),
        ("/v1/decisions/{decision_id}", "get", "200"): lambda: decisions.example(
            ask(kb, SEED_QUERY, SEED_DATE)
        ),
        ("/v1/extract", "post", "200"): lambda: extract_response(kb, article, None),
        ("/v1/extract/patch", "post", "200"): lambda: fact_patch(
            EXTRACT_EXAMPLE, article, article.candidates, kb
        ),
        ("/v1/extract/patch", "post", "422"): _error(lambda: accepted(article, ["p(x)"])),
        ("/v1/extract/write", "post", "200"): lambda: example_write(
            kb, settings, EXTRACT_EXAMPLE, article
        ),
    }


def _jsonable(value: Any) -> Any:
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json")
    return _JSON.dump_python(value, mode="json")


def _compute(makers: dict[Key, Make]) -> dict[Key, Any]:
    """The examples as JSON, leaving out those the loaded knowledge base cannot give."""
    out: dict[Key, Any] = {}
    for key, make in makers.items():
        try:
            value = make()
        except (ApiError, CasusError):
            continue
        if value is not None:
            out[key] = _jsonable(value)
    return out


def _enum(schema: dict[str, Any], values: list[str]) -> None:
    """Restrict a (possibly nullable) string schema to `values`."""
    for option in schema.get("anyOf", [schema]):
        if option.get("type") == "string":
            option["enum"] = values


def _known_ids(schema: dict[str, Any], kb: KnowledgeBase) -> None:
    """State the ids the server accepts in filters: declared predicates, entity ids,
    interpretation names and treaties of the loaded knowledge base (anything else is a 422)."""
    predicates = sorted(kb.decls)
    params = {
        (path, p["name"]): p["schema"]
        for path in ("/v1/facts", "/v1/rules", "/v1/cases", "/v1/coverage")
        for p in schema["paths"][path]["get"]["parameters"]
    }
    _enum(params["/v1/cases", "treaty"], sorted({t for t, _, _ in find_cases(kb).values()}))
    _enum(params["/v1/facts", "predicate"], predicates)
    _enum(params["/v1/rules", "predicate"], predicates)
    if kb.entities is not None:
        _enum(params["/v1/facts", "entity"], sorted(kb.entities))
        treaties = sorted(i for i, e in kb.entities.items() if e.kind == "treaty")
        _enum(params["/v1/coverage", "treaty"], treaties)
        names = interpretation_names(kb)
        ask = schema["components"]["schemas"]["AskRequest"]["properties"]["interpretation"]
        _enum(ask["items"], names)


def install_openapi(app: FastAPI) -> None:
    """Add a live example response to each documented endpoint (skipped when the loaded
    knowledge base lacks the example's ids)."""
    build = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is not None:
            return app.openapi_schema
        schema = build()
        _known_ids(schema, app.state.kb)
        examples = app.state.engine_pool.submit(_compute, _examples(app)).result()
        for (path, method, status), value in examples.items():
            operation = schema["paths"].get(path, {}).get(method)
            if operation is not None and status in operation["responses"]:
                content = operation["responses"][status].setdefault("content", {})
                media = "application/yaml" if "application/yaml" in content else "application/json"
                content.setdefault(media, {})["example"] = value
        return schema

    app.openapi = openapi  # type: ignore[method-assign]
