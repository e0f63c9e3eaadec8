"""One logged decision: the question in canonical form, its answer and the versions used."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass, field
from typing import Any

from ..explanation.answer import Answer


def utc_now() -> dt.datetime:
    """The current time in UTC, without a zone (both backends store naive UTC times)."""
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def new_id() -> str:
    """A fresh decision id: 32 hex digits."""
    return uuid.uuid4().hex


def predicate_of(query: str) -> str:
    """`must_assist(russia, ...)` -> `must_assist` (what the log is filtered by)."""
    return query.split("(", 1)[0].strip()


@dataclass(frozen=True)
class Decision:
    """A question as the engine understood it (canonical atoms), its verdict and answers."""

    id: str
    created_at: dt.datetime
    query: str
    as_of: dt.date
    assume: list[str]
    retract: list[str]
    interpretations: list[str]
    holds: bool
    answers: list[str]
    rules_version: str
    facts_version: str
    elapsed_ms: float
    predicate: str = field(default="")

    def __post_init__(self) -> None:
        if not self.predicate:
            object.__setattr__(self, "predicate", predicate_of(self.query))

    @classmethod
    def of(cls, answer: Answer, decision_id: str | None = None) -> Decision:
        """The record of an answer, stamped now (nothing about the client is kept)."""
        return cls(
            id=decision_id or new_id(),
            created_at=utc_now(),
            query=answer.query,
            as_of=answer.as_of,
            assume=list(answer.assume),
            retract=list(answer.retract),
            interpretations=list(answer.interpretations),
            holds=answer.holds,
            answers=[item.atom for item in answer.answers],
            rules_version=answer.versions.rules,
            facts_version=answer.versions.facts,
            elapsed_ms=answer.elapsed_ms,
        )

    def row(self) -> dict[str, Any]:
        """The database row of this decision."""
        return {name: getattr(self, name) for name in self.__dataclass_fields__}

    def to_json(self) -> dict[str, Any]:
        """The decision as plain JSON values."""
        body = self.row()
        body["created_at"] = self.created_at.isoformat() + "Z"
        body["as_of"] = self.as_of.isoformat()
        return body

    @classmethod
    def from_json(cls, body: dict[str, Any]) -> Decision:
        """The decision `to_json` wrote."""
        fields = {name: body[name] for name in cls.__dataclass_fields__}
        fields["created_at"] = dt.datetime.fromisoformat(body["created_at"].removesuffix("Z"))
        fields["as_of"] = dt.date.fromisoformat(body["as_of"])
        return cls(**fields)
