"""Service settings, read from CASUS_* environment variables: knowledge base and limits."""

from __future__ import annotations

from pathlib import Path

from casus.engine.evaluation.scenario import Limits
from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

MAX_PAGE = 500  # the largest page of a listing any server gives (the schema states it)


class Settings(BaseSettings):
    """Where the knowledge base lives and how much work one request may ask for."""

    model_config = SettingsConfigDict(env_prefix="CASUS_", extra="ignore")

    rules: Path | None = Field(default=None, description="rules directory (default: bundled)")
    facts: Path | None = Field(default=None, description="facts directory (default: bundled)")
    max_body_bytes: int = Field(
        default=1024 * 1024, ge=1024, description="largest request body (articles for extract)"
    )
    body_timeout_s: float = Field(
        default=10.0, gt=0, description="longest time to receive a whole request body (then 408)"
    )
    max_scenario_facts: int = Field(default=50, ge=0, description="assume + retract per request")
    max_answers: int = Field(default=100, ge=1, description="bindings returned per question")
    max_depth: int = Field(default=8, ge=1, description="height of a proof")
    why_not_depth: int = Field(default=4, ge=1, description="depth of a why-not explanation")
    time_budget_s: float = Field(default=2.0, gt=0, description="explanation time per question")
    engine_threads: int = Field(
        default=1, ge=1, le=64, description="threads answering questions, per process"
    )
    max_page: int = Field(
        default=MAX_PAGE, ge=1, le=MAX_PAGE, description="items per page of a listing"
    )
    extract_timeout_s: float = Field(
        default=5.0, gt=0, description="deadline of one article extraction (then 503)"
    )
    extract_workers: int = Field(
        default=1, ge=1, le=16, description="processes extracting articles, per server process"
    )
    allow_writes: bool = Field(
        default=False,
        description="POST /v1/extract/write adds reviewed articles' facts, unreviewed, to "
        "write_facts (`casus serve --allow-writes`)",
    )
    write_facts: Path | None = Field(
        default=None,
        description="facts file the explorer's review writes to (default: extracted.yaml in "
        "the facts directory)",
    )
    decision_log: bool = Field(default=True, description="log every answer (off: not logged)")
    database_url: str | None = Field(
        default=None, description="decision log database (default: SQLite in data_dir)"
    )
    data_dir: Path | None = Field(
        default=None,
        description="folder of the SQLite decision log and of its spool (default: per-user)",
    )
    decision_queue: int = Field(
        default=100_000,
        ge=1,
        description="decisions kept (in memory and spool) while the database is unavailable",
    )

    def limits(self) -> Limits:
        """The engine bounds these settings allow; requests may lower them, never raise."""
        return Limits(
            max_answers=self.max_answers,
            max_depth=self.max_depth,
            why_not_depth=self.why_not_depth,
            time_budget_s=self.time_budget_s,
            max_scenario_facts=self.max_scenario_facts,
        )
