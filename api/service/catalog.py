"""Read-only views of a knowledge base for browsing: predicates, rules, facts, entities,
sources. Pure functions of the KB; unknown ids raise ApiError(404) with suggestions."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Mapping
from typing import TypeVar

from casus.api.service.errors import ApiError
from casus.api.service.schemas import (
    ClaimOut,
    Counts,
    EntityPage,
    FactOut,
    FactPage,
    ParamOut,
    PredicateOut,
    RuleDetail,
    RuleSummary,
    SourceBrief,
    SourceOut,
)
from casus.engine.knowledge.facts import Entity, Source
from casus.engine.knowledge.kb import KnowledgeBase
from casus.engine.knowledge.store import FactRecord
from casus.engine.language.ast import Atom, Const, Decl, Rule
from casus.engine.language.check import suggest

Item = TypeVar("Item")


def _find(items: Mapping[str, Item], key: str, what: str, field: str) -> Item:
    """Look up an id from the URL path; 404 with the closest ids for an unknown one."""
    found = items.get(key)
    if found is None:
        raise ApiError(
            404,
            f"unknown-{what}",
            f"no {what} with id {key!r}",
            f"path.{field}",
            suggest(key, items),
        )
    return found


def _loc(rule_or_decl: Rule | Decl) -> str:
    return f"{rule_or_decl.loc.file}:{rule_or_decl.loc.line}"


def predicate_out(kb: KnowledgeBase, decl: Decl) -> PredicateOut:
    variables = ", ".join(p.name.capitalize() for p in decl.params)
    return PredicateOut(
        name=decl.name,
        kind=decl.kind,  # type: ignore[arg-type]
        arity=decl.arity,
        params=[ParamOut(name=p.name, kind=p.kind) for p in decl.params],
        true_text=decl.true_text,
        false_text=decl.false_text,
        template=f"{decl.name}({variables})",
        location=_loc(decl),
        doc=decl.doc,
        rules=[r.id for r in kb.rules if r.head.pred == decl.name],
    )


def predicates(kb: KnowledgeBase, kind: str | None = None) -> list[PredicateOut]:
    """Declared predicates in declaration order, optionally of one kind."""
    return [predicate_out(kb, d) for d in kb.decls.values() if kind is None or d.kind == kind]


def predicate(kb: KnowledgeBase, name: str) -> PredicateOut:
    """One predicate; 404 with suggestions for an unknown name."""
    return predicate_out(kb, _find(kb.decls, name, "predicate", "name"))


def _known_predicate(kb: KnowledgeBase, name: str, field: str) -> None:
    if name not in kb.decls:
        raise ApiError(
            422, "unknown-predicate", f"unknown predicate {name}", field, suggest(name, kb.decls)
        )


def rule_summary(rule: Rule) -> RuleSummary:
    return RuleSummary(
        id=rule.id,
        citation=rule.citation,
        predicate=rule.head.pred,
        head=str(rule.head),
        location=_loc(rule),
        valid_from=rule.valid_from,
        valid_until=rule.valid_until,
    )


def rules(kb: KnowledgeBase, predicate: str | None = None) -> list[RuleSummary]:
    """Rules in file order, optionally only those deriving one predicate."""
    if predicate is not None:
        _known_predicate(kb, predicate, "query.predicate")
    return [rule_summary(r) for r in kb.rules if predicate is None or r.head.pred == predicate]


def rule_detail(kb: KnowledgeBase, rule_id: str) -> RuleDetail:
    """One rule with its text and treaty article; 404 with suggestions for an unknown id."""
    rule = _find(kb.rules_by_id, rule_id, "rule", "rule_id")
    return RuleDetail(
        **rule_summary(rule).model_dump(),
        body=[str(lit) for lit in rule.body],
        text=rule.text,
        article=rule.comment,
    )


def fact_out(kb: KnowledgeBase, record: FactRecord) -> FactOut:
    source = kb.sources.get(record.source)
    return FactOut(
        atom=str(Atom(record.pred, tuple(Const(v) for v in record.args))),
        predicate=record.pred,
        args=list(record.args),
        valid_from=record.valid_from,
        valid_until=record.valid_until,
        period=record.period,
        source=SourceBrief(id=record.source, title=source.title if source else record.source),
        quote=record.quote,
        note=record.note,
        location=f"{record.loc.file}:{record.loc.line}",
        disputed=[
            ClaimOut(
                source=c.source,
                valid_from=c.valid_from,
                valid_until=c.valid_until,
                quote=c.quote,
                note=c.note,
            )
            for c in record.alternatives
        ],
    )


def _known_entity(kb: KnowledgeBase, entity: str, field: str) -> None:
    if kb.entities is not None and entity not in kb.entities:
        raise ApiError(
            422,
            "unknown-entity",
            f"unknown entity {entity}",
            field,
            suggest(entity, kb.entities),
        )


def _all_records(kb: KnowledgeBase, predicate: str | None) -> Iterable[FactRecord]:
    if predicate is not None:
        return kb.store.by_pred.get(predicate, [])
    return (r for rows in kb.store.by_pred.values() for r in rows)


def facts(
    kb: KnowledgeBase,
    predicate: str | None = None,
    entity: str | None = None,
    as_of: dt.date | None = None,
    offset: int = 0,
    limit: int = 100,
) -> FactPage:
    """Base facts matching every given filter (predicate, an argument, valid on a date)."""
    if predicate is not None:
        _known_predicate(kb, predicate, "query.predicate")
    if entity is not None:
        _known_entity(kb, entity, "query.entity")
    day = as_of.toordinal() if as_of else None
    matched = [
        r
        for r in _all_records(kb, predicate)
        if (entity is None or entity in r.args) and (day is None or r.valid_on(day))
    ]
    return FactPage(
        total=len(matched),
        offset=offset,
        limit=limit,
        items=[fact_out(kb, r) for r in matched[offset : offset + limit]],
    )


def _names(entity: Entity) -> list[str]:
    return [entity.id, entity.label, *entity.aliases, *([entity.iso] if entity.iso else [])]


def search_entities(kb: KnowledgeBase, q: str | None = None, kind: str | None = None) -> EntityPage:
    """Entities whose id, label, alias or ISO code contains `q` (case-insensitive); exact
    matches first; near-miss suggestions (entity ids) when nothing matches."""
    pool = [e for e in (kb.entities or {}).values() if kind is None or e.kind == kind]
    needle = (q or "").strip().casefold()
    if not needle:
        return EntityPage(items=pool)
    exact = [e for e in pool if any(n.casefold() == needle for n in _names(e))]
    partial = [e for e in pool if e not in exact and any(needle in n.casefold() for n in _names(e))]
    if exact or partial:
        return EntityPage(items=exact + partial)
    by_name = {n.casefold(): e.id for e in pool for n in _names(e)}
    hints = dict.fromkeys(by_name[n] for n in suggest(needle, by_name, n=5))
    return EntityPage(items=[], suggestions=list(hints))


def entity(kb: KnowledgeBase, entity_id: str) -> Entity:
    """One entity; 404 with suggestions for an unknown id."""
    return _find(kb.entities or {}, entity_id, "entity", "entity_id")


def source_facts(kb: KnowledgeBase) -> Counter[str]:
    """How many facts cite each source, as main or disputing source."""
    counts: Counter[str] = Counter()
    for record in _all_records(kb, None):
        counts[record.source] += 1
        counts.update({c.source for c in record.alternatives})
    return counts


def sources(kb: KnowledgeBase) -> list[SourceOut]:
    """Every source with the number of facts citing it."""
    counts = source_facts(kb)
    return [_source_out(kb, s, counts[s.id]) for s in kb.sources.values()]


def _source_out(kb: KnowledgeBase, found: Source, facts: int) -> SourceOut:
    return SourceOut(**found.model_dump(), has_text=kb.texts.get(found.id) is not None, facts=facts)


def source(kb: KnowledgeBase, source_id: str) -> SourceOut:
    """One source; 404 with suggestions for an unknown id."""
    found = _find(kb.sources, source_id, "source", "source_id")
    return _source_out(kb, found, source_facts(kb)[source_id])


def counts(kb: KnowledgeBase) -> Counts:
    return Counts(
        predicates=len(kb.decls),
        rules=len(kb.rules),
        facts=kb.store.count,
        entities=len(kb.entities or {}),
        sources=len(kb.sources),
    )
