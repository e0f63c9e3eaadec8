"""How explanations cite their grounds: a rule by id and article, a fact by its sources."""

from __future__ import annotations

from collections.abc import Iterable

from ..knowledge.kb import KnowledgeBase
from ..knowledge.store import Claim, FactRecord
from ..language.ast import Rule
from .answer import RuleRef, SourceRef


def rule_ref(rule: Rule) -> RuleRef:
    """A rule as cited: id, treaty citation, file:line and its validity window if dated."""
    valid = None
    if rule.dated:
        parts = []
        if rule.valid_from:
            parts.append(f"from {rule.valid_from.isoformat()}")
        if rule.valid_until:
            parts.append(f"until {rule.valid_until.isoformat()}")
        valid = " ".join(parts)
    return RuleRef(
        id=rule.id or "(unnamed)",
        citation=rule.citation,
        location=f"{rule.loc.file}:{rule.loc.line}",
        valid=valid,
    )


def source_ref(kb: KnowledgeBase, record: FactRecord | Claim, loc: str) -> SourceRef:
    """The source of one record or disputing claim, with the period it gives the fact."""
    source = kb.sources.get(record.source)
    valid_from = record.valid_from
    valid_until = record.valid_until
    period = " ".join(
        p
        for p in (
            f"from {valid_from.isoformat()}" if valid_from else "",
            f"until {valid_until.isoformat()}" if valid_until else "",
        )
        if p
    ) or "at all dates"
    return SourceRef(
        id=record.source,
        title=source.title if source else record.source,
        publisher=source.publisher if source else None,
        date=source.date if source else None,
        url=source.url if source else None,
        quote=record.quote,
        period=period,
        location=loc,
        note=record.note,
    )


def record_refs(
    kb: KnowledgeBase, records: Iterable[FactRecord]
) -> tuple[list[SourceRef], list[SourceRef]]:
    """The sources of some records, and separately the disputing sources' datings."""
    sources: list[SourceRef] = []
    disputed: list[SourceRef] = []
    for r in records:
        loc = f"{r.loc.file}:{r.loc.line}"
        sources.append(source_ref(kb, r, loc))
        for claim in r.alternatives:
            ref = source_ref(kb, claim, loc)
            ref.disputed = True
            disputed.append(ref)
    return sources, disputed
