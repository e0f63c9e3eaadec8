"""The shape of answers and explanations (the contract shared by CLI, API and tests)."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from pydantic import BaseModel, Field

from .html import render_html
from .render import render_mermaid, render_text

Scalar = str | int


class RuleRef(BaseModel):
    """A rule as cited in an explanation."""

    id: str
    citation: str
    location: str = Field(description="file:line of the rule")
    valid: str | None = Field(default=None, description="validity window, if the rule is dated")


class SourceRef(BaseModel):
    """The source behind a base fact: title, date, and the sentence quoted from it."""

    id: str
    title: str
    publisher: str | None = None
    date: dt.date | None = None
    url: str | None = None
    quote: str | None = None
    period: str = Field(description="when the fact holds, e.g. 'from 1994-04-20'")
    location: str = Field(description="file:line of the fact")
    note: str | None = None
    disputed: bool = Field(
        default=False, description="another source's dating of the fact, not used by the rules"
    )


class ProofNode(BaseModel):
    """One step of a proof: a rule application, a sourced fact, an assumption, a negation
    that held, or a comparison."""

    atom: str
    sentence: str
    kind: Literal["rule", "fact", "assumed", "negation", "comparison", "cut"]
    rule: RuleRef | None = None
    premises: list[ProofNode] = Field(default_factory=list)
    sources: list[SourceRef] = Field(default_factory=list)
    disputed: list[SourceRef] = Field(
        default_factory=list, description="other sources that date this fact differently"
    )
    note: str | None = None


class RuleAttempt(BaseModel):
    """How one rule failed to derive the goal: premises that held and the first that failed."""

    rule: RuleRef
    binding: dict[str, Scalar] = Field(default_factory=dict)
    held: list[ProofNode] = Field(default_factory=list)
    failed_premise: str | None = None
    failed: WhyNot | None = None
    counter_proof: ProofNode | None = Field(
        default=None, description="for a failed 'not p': the proof that p holds"
    )
    note: str | None = None


class WhyNot(BaseModel):
    """Why an atom does not hold."""

    atom: str
    sentence: str
    kind: Literal[
        "missing-fact", "retracted", "rules-failed", "no-rule", "comparison", "recursive", "cut"
    ]
    attempts: list[RuleAttempt] = Field(default_factory=list)
    held_at_other_dates: list[SourceRef] = Field(default_factory=list)
    instead: list[str] = Field(
        default_factory=list, description="facts that hold about the same subject instead"
    )
    note: str | None = None


class AnswerItem(BaseModel):
    """One binding of the query's variables, with its proof."""

    atom: str
    bindings: dict[str, Scalar]
    proof: ProofNode | None = None


class Versions(BaseModel):
    """Digests of the rule files and fact files an answer was computed from."""

    rules: str
    facts: str


class Answer(BaseModel):
    """The answer to a question as of a date under a scenario, with its explanation."""

    query: str
    as_of: dt.date
    assume: list[str] = Field(default_factory=list)
    retract: list[str] = Field(default_factory=list)
    interpretations: list[str] = Field(default_factory=list)
    holds: bool
    answers: list[AnswerItem] = Field(default_factory=list)
    why_not: WhyNot | None = None
    would_hold_if: list[list[str]] = Field(default_factory=list)
    summary: str = ""
    truncated: list[str] = Field(
        default_factory=list, description="bounds that cut the answer or explanation short"
    )
    versions: Versions
    elapsed_ms: float = 0.0

    def to_dict(self) -> dict[str, Any]:
        """The answer as JSON-ready data (the body `POST /v1/ask` returns)."""
        return self.model_dump(mode="json")

    def to_text(self) -> str:
        """The answer as `casus ask` prints it: summary, then the proofs or why-not tree."""
        return render_text(self)

    def to_mermaid(self) -> str:
        """A Mermaid flowchart of the proofs (green) or the why-not tree (red)."""
        return render_mermaid(self)

    def _repr_html_(self) -> str:
        """Jupyter's view: verdict, summary, and a collapsible proof or why-not tree."""
        return render_html(self)


ProofNode.model_rebuild()
RuleAttempt.model_rebuild()
WhyNot.model_rebuild()
