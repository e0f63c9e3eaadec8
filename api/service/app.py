"""The FastAPI application: `create_app()` is the one place routers, error handlers and
middleware are wired (uvicorn runs it as a factory: `casus.api.service.app:create_app`)."""

from __future__ import annotations

import gc
from collections.abc import AsyncIterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import asynccontextmanager

from casus.api.service import (
    decisions,
    explorer,
    routes_ask,
    routes_cases,
    routes_coverage,
    routes_decisions,
    routes_extract,
    routes_kb,
    routes_meta,
    routes_review,
)
from casus.api.service.body_limit import BodyLimit
from casus.api.service.errors import install_error_handlers
from casus.api.service.extract_pool import ExtractPool
from casus.api.service.openapi import install_openapi
from casus.api.service.routes_meta import package_version
from casus.api.service.settings import Settings
from casus.engine.knowledge.kb import KnowledgeBase
from fastapi import FastAPI

DESCRIPTION = """\
casus answers questions about alliance obligations **as of a date**, optionally under a
what-if scenario (facts assumed or retracted for one question), and explains every
answer: the proof with the treaty article and the source of each fact, or why not and
which missing facts would make it hold.

Start with `GET /v1/questions`, then `POST /v1/ask`. Every error has the same body,
`{code, message, errors: [{code, message, location, hints}]}`.
"""

ROUTERS = (
    routes_ask.router,
    routes_kb.router,
    routes_cases.router,
    routes_coverage.router,
    routes_meta.router,
    routes_extract.router,
    routes_review.router,
    routes_decisions.router,
    explorer.router,  # the treaty explorer page at /
)



def create_app(settings: Settings | None = None, kb: KnowledgeBase | None = None) -> FastAPI:
    """Build the service over a knowledge base (default: loaded from the settings' dirs;
    raises CasusError if it does not check)."""
    settings = settings or Settings()
    kb = kb or KnowledgeBase.load(settings.rules, settings.facts)
    gc.freeze()  # the loaded knowledge base lives as long as the app: keep it out of GC scans
    extract_pool = ExtractPool(kb, settings.extract_workers, settings.extract_timeout_s)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        extract_pool.start()
        async with decisions.lifespan(app):
            yield
        extract_pool.close()

    app = FastAPI(
        title="casus", version=package_version(), description=DESCRIPTION, lifespan=lifespan
    )
    app.state.settings = settings
    app.state.kb = kb
    # the threads that answer questions (see api.routes_ask); idle ones end with the process
    app.state.engine_pool = ThreadPoolExecutor(
        settings.engine_threads, thread_name_prefix="casus-engine"
    )
    # the processes that read articles, so that extraction never stalls questions
    app.state.extract_pool = extract_pool
    decisions.start(app, settings)  # the decision log (see api.service.decisions)
    install_error_handlers(app)
    app.add_middleware(
        BodyLimit, max_bytes=settings.max_body_bytes, timeout_s=settings.body_timeout_s
    )
    for router in ROUTERS:
        app.include_router(router)
    install_openapi(app)
    return app
