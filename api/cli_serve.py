"""`casus serve`: run the HTTP API with uvicorn over the bundled (or given) knowledge base."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated

import typer
import uvicorn

from api.settings import Settings
from engine.errors import CasusError
from engine.kb import KnowledgeBase


def serve(
    host: Annotated[str, typer.Option(help="interface to listen on")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="TCP port")] = 8000,
    workers: Annotated[int, typer.Option(min=1, help="worker processes")] = 1,
    rules: Annotated[
        Path | None, typer.Option(help="rules directory (default: CASUS_RULES or bundled)")
    ] = None,
    facts: Annotated[
        Path | None, typer.Option(help="facts directory (default: CASUS_FACTS or bundled)")
    ] = None,
    log_level: Annotated[str, typer.Option(help="uvicorn log level")] = "info",
) -> None:
    """Serve the HTTP API (OpenAPI at /docs); limits come from CASUS_* environment variables."""
    from api.cli import fail  # late: api.cli imports this module to register the command

    for name, path in (("CASUS_RULES", rules), ("CASUS_FACTS", facts)):
        if path is not None:
            os.environ[name] = str(path.resolve())  # workers read their settings from here
    settings = Settings()
    try:
        KnowledgeBase.load(settings.rules, settings.facts)  # fail fast, with located problems
    except CasusError as exc:
        fail(exc)
    uvicorn.run(
        "api.app:create_app", factory=True, host=host, port=port, workers=workers,
        log_level=log_level,
    )
