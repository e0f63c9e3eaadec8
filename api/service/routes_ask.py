"""POST /v1/ask: answer a question as of a date under a scenario, with its explanation.

The engine keeps its pyDatalog state and the active view per thread, so each question is
answered by one synchronous call, `answer_body`, run whole on one of the app's engine
threads (`engine_pool`); nothing is awaited inside it, so concurrent requests cannot see
each other's scenarios. A small dedicated pool (default: 1 thread per process) beats
FastAPI's 40-thread pool for CPU-bound work under the GIL: no contention, and each thread
compiles the program once. Never call the engine on the event loop itself.
"""

from __future__ import annotations

import asyncio
import dataclasses
from concurrent.futures import Executor
from typing import Annotated, Any

from casus.api.service import decisions
from casus.api.service.deps import KB, AppSettings
from casus.api.service.errors import ERROR_RESPONSES, ApiError
from casus.api.service.schemas import SEED_DATE, SEED_QUERY, AskRequest, LimitsRequest
from casus.api.service.strict_json import StrictJsonRoute
from casus.engine.ask import ask
from casus.engine.decisions.writer import DecisionWriter
from casus.engine.evaluation.scenario import Limits
from casus.engine.explanation.render import render_mermaid
from casus.engine.knowledge.kb import KnowledgeBase
from fastapi import APIRouter, Body, Request, Response
from fastapi.openapi.models import Example

router = APIRouter(prefix="/v1", tags=["questions"], route_class=StrictJsonRoute)

SYUNIK_SCENARIO = [
    "hostilities_in(karabakh_war_2020, syunik)",
    "requested_assistance(armenia, csto, karabakh_war_2020)",
]

ASK_EXAMPLES: dict[str, Example] = {
    "seed": Example(
        summary="Seed case: Karabakh, 2020-10-07 (does not hold; why not)",
        value={"query": SEED_QUERY, "as_of": SEED_DATE.isoformat(), "explain": "full"},
    ),
    "what-if": Example(
        summary="What if the fighting were in Syunik and Armenia had asked for help?",
        value={"query": SEED_QUERY, "as_of": SEED_DATE.isoformat(), "assume": SYUNIK_SCENARIO},
    ),
    "open": Example(
        summary="Variables: which allies must assist Armenia, over which event?",
        value={
            "query": "must_assist(A, armenia, csto, E)",
            "as_of": SEED_DATE.isoformat(),
            "assume": SYUNIK_SCENARIO,
            "explain": "summary",
        },
    ),
    "retract": Example(
        summary="Retract a base fact for this question only",
        value={
            "query": "party(armenia, csto)",
            "as_of": SEED_DATE.isoformat(),
            "retract": ["party(armenia, csto)"],
        },
    ),
    "mermaid": Example(
        summary="The explanation as a Mermaid flowchart",
        value={"query": SEED_QUERY, "as_of": SEED_DATE.isoformat(), "format": "mermaid"},
    ),
}

_MERMAID: dict[int | str, dict[str, Any]] = {
    200: {
        "description": "The answer (JSON), or with format=mermaid a Mermaid flowchart",
        "content": {"text/plain": {"schema": {"type": "string"}}},
    }
}


def request_limits(server: Limits, requested: LimitsRequest | None) -> Limits:
    """The server's limits, lowered where the request asks; raising one is a 422."""
    if requested is None:
        return server
    changes: dict[str, Any] = {}
    for name, value in requested.model_dump(exclude_none=True).items():
        allowed = getattr(server, name)
        if value > allowed:
            raise ApiError(
                422,
                "limit-exceeded",
                f"limits.{name} may be at most {allowed:g} on this server, not {value:g}",
                f"body.limits.{name}",
            )
        changes[name] = value
    return dataclasses.replace(server, **changes)


@router.post(
    "/ask",
    response_model=decisions.LoggedAnswer,
    summary="Ask a question, optionally under a what-if scenario",
    responses={**_MERMAID, **ERROR_RESPONSES},
)
async def ask_question(
    body: Annotated[AskRequest, Body(openapi_examples=ASK_EXAMPLES)],
    kb: KB,
    settings: AppSettings,
    request: Request,
) -> Response:
    """Answer `query` as of `as_of` with `assume`d facts added and `retract`ed ones removed
    (for this question only): `holds`, each binding with its proof, or why not and what
    would make it hold, a summary, and the rules and facts versions used."""
    limits = request_limits(settings.limits(), body.limits)
    pool: Executor = request.app.state.engine_pool
    writer: DecisionWriter | None = request.app.state.decision_writer
    loop = asyncio.get_running_loop()
    content, media_type, headers = await loop.run_in_executor(
        pool, answer_body, kb, body, limits, writer
    )
    return Response(content, media_type=media_type, headers=headers)


def answer_body(
    kb: KnowledgeBase, body: AskRequest, limits: Limits, writer: DecisionWriter | None
) -> tuple[str, str, dict[str, str]]:
    """Ask, journal the decision's record and render, in one synchronous call on an engine
    thread: (content, media type, response headers naming the decision)."""
    answer = ask(
        kb,
        body.query,
        body.as_of,
        body.assume,
        body.retract,
        body.interpretation,
        body.explain,
        limits,
    )
    decision_id, headers = decisions.log_answer(writer, answer)
    if body.format == "mermaid":
        return render_mermaid(answer), "text/plain", headers
    logged_answer = decisions.LoggedAnswer.model_construct(**dict(answer), decision_id=decision_id)
    return logged_answer.model_dump_json(), "application/json", headers
