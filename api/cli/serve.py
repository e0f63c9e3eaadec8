"""`casus serve`: run the HTTP API with uvicorn over the bundled (or given) knowledge base."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated

import typer
from casus.api.cli.support import FactsOpt, RulesOpt, err, load_kb
from casus.engine.decisions.config import database_url
from casus.engine.decisions.store import DecisionStore


def prepare_decision_log(url: str | None, folder: Path | None) -> None:
    """Migrate the decision log once, before workers start writing to it; if the database
    is unavailable, say so and serve anyway (the workers retry and keep the records)."""
    store = DecisionStore(database_url(url, folder))
    try:
        store.migrate()
    except Exception as exc:  # any database trouble: answering questions does not need it
        err.print(f"decision log unavailable for now: {str(exc).splitlines()[0]}", markup=False)
    finally:
        store.close()


def serve(
    host: Annotated[str, typer.Option(help="interface to listen on")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="TCP port")] = 8000,
    workers: Annotated[int, typer.Option(min=1, help="worker processes")] = 1,
    rules: RulesOpt = None,
    facts: FactsOpt = None,
    log_level: Annotated[str, typer.Option(help="uvicorn log level")] = "info",
    allow_writes: Annotated[
        bool,
        typer.Option(
            "--allow-writes",
            help="let the explorer's article review add facts, unreviewed, to a facts file",
        ),
    ] = False,
    write_to: Annotated[
        Path | None,
        typer.Option(help="the facts file reviews write to (default: FACTS/extracted.yaml)"),
    ] = None,
) -> None:
    """Serve the HTTP API (OpenAPI at /docs); limits come from CASUS_* environment variables."""
    try:  # the server's packages are the `api` extra: the other commands run without them
        import uvicorn
        from casus.api.service.settings import Settings
        from casus.api.service.workers import APP, TIMEOUTS, can_reuse_port, run_workers
    except ModuleNotFoundError as exc:
        err.print(
            f"casus serve needs the API packages ({exc.name} is missing): pip install -e '.[api]'",
            markup=False,
        )
        raise typer.Exit(2) from None
    for name, path in (("CASUS_RULES", rules), ("CASUS_FACTS", facts)):
        if path is not None:
            os.environ[name] = str(path.resolve())  # workers read their settings from here
    if allow_writes:
        os.environ["CASUS_ALLOW_WRITES"] = "true"
    if write_to is not None:
        os.environ["CASUS_WRITE_FACTS"] = str(write_to.resolve())
    settings = Settings()
    load_kb(settings.rules, settings.facts)  # fail fast, with located problems
    if settings.decision_log:
        prepare_decision_log(settings.database_url, settings.data_dir)
    if workers > 1 and can_reuse_port():
        raise typer.Exit(run_workers(host, port, workers, log_level))
    uvicorn.run(
        APP, factory=True, host=host, port=port, workers=workers, log_level=log_level, **TIMEOUTS
    )
