"""Request and response bodies of the HTTP API (answers use engine/explanation/answer.py)."""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any, Literal

from casus.api.service.decisions import DecisionLogHealth
from casus.engine.knowledge.facts import Entity, Source
from pydantic import BaseModel, BeforeValidator, ConfigDict, Field
from pydantic_core import PydanticCustomError

SEED_QUERY = "must_assist(russia, armenia, csto, karabakh_war_2020)"
SEED_DATE = dt.date(2020, 10, 7)
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _unicode_text(value: Any) -> Any:
    """Refuse text that is not valid Unicode (a lone surrogate such as JSON's "\\ud800"),
    which nothing downstream could encode; every text field of every request checks this."""
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError as exc:
            raise PydanticCustomError(
                "invalid_text",
                "text is not valid Unicode: a lone surrogate at character {at}",
                {"at": exc.start},
            ) from None
    return value


def _iso_date(value: Any) -> Any:
    """Accept a date only as a `YYYY-MM-DD` string (not a timestamp number or a datetime)."""
    if not (isinstance(value, str) and _ISO_DATE.fullmatch(value)) and not isinstance(
        value, dt.date
    ):
        raise PydanticCustomError("invalid_date", "a date must be written YYYY-MM-DD")
    return value


def _iso_datetime(value: Any) -> Any:
    """Accept a time only as an ISO 8601 string (not a timestamp number)."""
    if isinstance(value, dt.datetime):
        return value
    if isinstance(value, str):
        try:
            return dt.datetime.fromisoformat(value)
        except ValueError:
            pass
    raise PydanticCustomError("invalid_datetime", "a time must be written as ISO 8601")


Text = Annotated[str, BeforeValidator(_unicode_text)]
IsoDate = Annotated[dt.date, BeforeValidator(_iso_date)]
IsoDateTime = Annotated[
    dt.datetime, BeforeValidator(_iso_datetime), Field(json_schema_extra={"format": "date-time"})
]
FactText = Annotated[Text, Field(min_length=1, max_length=500)]


class LimitsRequest(BaseModel):
    """Bounds for one question; each may lower the server's limit, never raise it."""

    model_config = ConfigDict(extra="forbid")

    max_answers: int | None = Field(default=None, ge=1, description="bindings returned")
    max_depth: int | None = Field(default=None, ge=1, description="height of a proof")
    why_not_depth: int | None = Field(default=None, ge=1, description="depth of a why-not tree")
    time_budget_s: float | None = Field(default=None, gt=0, description="explanation time")


class AskRequest(BaseModel):
    """A question asked as of a date, optionally under a what-if scenario."""

    model_config = ConfigDict(extra="forbid")

    query: Text = Field(
        min_length=1,
        max_length=2000,
        description="an atom; upper-case arguments are variables to bind",
        examples=[SEED_QUERY],
    )
    as_of: IsoDate = Field(
        default_factory=dt.date.today,
        description="the date the question is asked at (default: today)",
        examples=[SEED_DATE],
    )
    assume: list[FactText] = Field(
        default_factory=list, description="base facts to add for this question only"
    )
    retract: list[FactText] = Field(
        default_factory=list, description="base facts to remove for this question only"
    )
    interpretation: list[Annotated[Text, Field(max_length=100)]] = Field(
        default_factory=list, description="named interpretations to select (see /v1/entities)"
    )
    explain: Literal["none", "summary", "full"] = Field(
        default="full", description="none: verdict only; summary: plus the paragraph; full: proofs"
    )
    format: Literal["json", "mermaid"] = Field(
        default="json", description="json: the Answer; mermaid: a flowchart as text/plain"
    )
    limits: LimitsRequest | None = None


class ParamOut(BaseModel):
    """A declared argument: its name and the kind of entity it takes."""

    name: str
    kind: str


class PredicateOut(BaseModel):
    """A declared predicate with its sentences and the rules that derive it."""

    name: str
    kind: Literal["input", "record", "decl", "question"] = Field(
        description="input: base facts; record: what actually happened (never a rule premise); "
        "decl: derived; question: derived and asked"
    )
    arity: int
    params: list[ParamOut]
    true_text: str
    false_text: str
    template: str = Field(description="the predicate with one variable per argument")
    location: str = Field(description="file:line of the declaration")
    doc: str = ""
    rules: list[str] = Field(default_factory=list, description="ids of rules deriving it")


class RuleSummary(BaseModel):
    """A rule's id, citation, head and place in the rule files."""

    id: str
    citation: str
    predicate: str
    head: str
    location: str = Field(description="file:line of the rule")
    valid_from: dt.date | None = None
    valid_until: dt.date | None = None


class RuleDetail(RuleSummary):
    """A rule with its source text and the treaty article text written above it."""

    body: list[str]
    text: str = Field(description="the rule as written in its file")
    article: str = Field(description="the treaty text from the % comment block above the rule")


class EntityPage(BaseModel):
    """Entities matching a search, and near-miss suggestions when nothing matched."""

    items: list[Entity]
    suggestions: list[str] = Field(default_factory=list)


class SourceOut(Source):
    """A source with the number of facts that cite it (the local text path is not shown)."""

    text: str | None = Field(default=None, exclude=True)
    has_text: bool = Field(description="whether quotes are checked against the source's text")
    facts: int = Field(description="facts citing this source (as main or disputing source)")


class ClaimOut(BaseModel):
    """Another source's dating of the same fact (sources disagree)."""

    source: str
    valid_from: dt.date | None = None
    valid_until: dt.date | None = None
    quote: str | None = None
    note: str | None = None


class SourceBrief(BaseModel):
    id: str
    title: str


class FactOut(BaseModel):
    """A dated base fact with its source."""

    atom: str
    predicate: str
    args: list[str | int]
    valid_from: dt.date | None = None
    valid_until: dt.date | None = None
    period: str
    source: SourceBrief
    quote: str | None = None
    note: str | None = None
    location: str = Field(description="file:line of the fact")
    disputed: list[ClaimOut] = Field(default_factory=list)


class FactPage(BaseModel):
    """One page of facts matching the filters."""

    total: int
    offset: int
    limit: int
    items: list[FactOut]


class Counts(BaseModel):
    predicates: int
    rules: int
    facts: int
    entities: int
    sources: int


class LimitsOut(BaseModel):
    """The server's limits (a request may lower them)."""

    max_body_bytes: int
    max_scenario_facts: int
    max_answers: int
    max_depth: int
    why_not_depth: int
    time_budget_s: float
    max_page: int


class VersionOut(BaseModel):
    """Versions (content hashes) of the loaded knowledge base and the service's limits."""

    casus: str
    rules: str
    facts: str
    counts: Counts
    limits: LimitsOut
    writes: bool = Field(
        default=False,
        description="whether POST /v1/extract/write may add facts (`casus serve --allow-writes`)",
    )


class Health(BaseModel):
    status: Literal["ok"] = "ok"
    decision_log: DecisionLogHealth | None = None
