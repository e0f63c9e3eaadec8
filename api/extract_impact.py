"""What an article changes: its candidate facts assumed, the conclusions compared (CLI and API)."""

from __future__ import annotations

import datetime as dt

from casus.engine.errors import CasusError, Location
from casus.engine.extraction.article import Extraction
from casus.engine.knowledge.facts import EntityKind
from casus.engine.knowledge.kb import KnowledgeBase
from casus.engine.regression.impact import Assumed, impact
from pydantic import BaseModel

_KINDS: dict[str, EntityKind] = {"state": "state", "place": "place", "region": "region"}


class Side(BaseModel):
    """A conclusion without or with the candidates: whether it holds, and why (or why not)."""

    holds: bool
    explanation: str


class ImpactChange(BaseModel):
    """One question conclusion that accepting the candidates would add, remove or re-explain."""

    kind: str
    question: str
    conclusion: str
    before: Side
    after: Side


class ArticleImpact(BaseModel):
    """The conclusions that change as of the article's date if its candidates are accepted."""

    as_of: dt.date
    changes: list[ImpactChange]
    assumed: list[str]
    skipped: list[str]


def article_impact(kb: KnowledgeBase, result: Extraction) -> ArticleImpact:
    """Compare the conclusions as of the article's date without and with its candidates."""
    meta = result.metadata
    as_of = meta.published or meta.event_start
    if as_of is None:
        raise CasusError.single(
            "no-date",
            "the article's date is unknown: pass its publication date to see its impact",
            Location("<article>"),
        )
    facts = [
        Assumed(c.predicate, tuple(c.args), c.valid_from if c.valid_from else None)
        for c in result.candidates
        if c.holds
    ]
    kinds: dict[str, EntityKind] = {meta.event: "event"}
    kinds.update({p.id: _KINDS.get(p.kind, "place") for p in result.proposed_entities})
    found = impact(kb, facts, as_of, kinds)
    return ArticleImpact(
        as_of=as_of,
        changes=[
            ImpactChange(
                kind=c.kind,
                question=c.question,
                conclusion=c.atom,
                before=Side(holds=c.a.holds, explanation=c.a.text),
                after=Side(holds=c.b.holds, explanation=c.b.text),
            )
            for c in found.changes
        ],
        assumed=found.assumed,
        skipped=found.skipped,
    )
