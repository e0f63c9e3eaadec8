"""`casus serve`: run the HTTP API with uvicorn over the bundled (or given) knowledge base."""

from __future__ import annotations

import os
from typing import Annotated

import typer
import uvicorn

from api.cli_support import FactsOpt, RulesOpt, load_kb
from api.settings import Settings
from api.workers import APP, can_reuse_port, run_workers


def serve(
    host: Annotated[str, typer.Option(help="interface to listen on")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="TCP port")] = 8000,
    workers: Annotated[int, typer.Option(min=1, help="worker processes")] = 1,
    rules: RulesOpt = None,
    facts: FactsOpt = None,
    log_level: Annotated[str, typer.Option(help="uvicorn log level")] = "info",
) -> None:
    """Serve the HTTP API (OpenAPI at /docs); limits come from CASUS_* environment variables."""
    for name, path in (("CASUS_RULES", rules), ("CASUS_FACTS", facts)):
        if path is not None:
            os.environ[name] = str(path.resolve())  # workers read their settings from here
    settings = Settings()
    load_kb(settings.rules, settings.facts)  # fail fast, with located problems
    if workers > 1 and can_reuse_port():
        raise typer.Exit(run_workers(host, port, workers, log_level))
    uvicorn.run(APP, factory=True, host=host, port=port, workers=workers, log_level=log_level)
