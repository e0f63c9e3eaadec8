"""Finding things in a knowledge base by name, predicate, argument and date (shared by the
Python API and the HTTP catalog)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from ..language.check import suggest
from .facts import Entity
from .store import FactRecord, FactStore


def entity_names(entity: Entity) -> list[str]:
    """Every name an entity is found by: id, label, aliases and ISO code."""
    return [entity.id, entity.label, *entity.aliases, *([entity.iso] if entity.iso else [])]


def find_entities(pool: Iterable[Entity], q: str | None = None) -> list[Entity]:
    """Entities whose id, label, alias or ISO code contains `q` (case-insensitive), exact
    matches first; every entity when `q` is empty."""
    entities = list(pool)
    needle = (q or "").strip().casefold()
    if not needle:
        return entities
    exact = [e for e in entities if any(n.casefold() == needle for n in entity_names(e))]
    partial = [
        e for e in entities
        if e not in exact and any(needle in n.casefold() for n in entity_names(e))
    ]
    return exact + partial


def entity_suggestions(pool: Iterable[Entity], q: str, n: int = 5) -> list[str]:
    """Ids of the entities whose names are closest to `q` (for a search that found nothing)."""
    by_name = {name.casefold(): e.id for e in pool for name in entity_names(e)}
    return list(dict.fromkeys(by_name[m] for m in suggest(q.strip().casefold(), by_name, n=n)))


def find_facts(
    store: FactStore,
    predicate: str | None = None,
    entity: str | None = None,
    as_of: dt.date | None = None,
) -> list[FactRecord]:
    """Base facts of one predicate (or all), mentioning an entity, valid on a date."""
    records: Iterable[FactRecord] = (
        store.by_pred.get(predicate, []) if predicate is not None
        else (r for rows in store.by_pred.values() for r in rows)
    )
    day = as_of.toordinal() if as_of else None
    return [
        r for r in records
        if (entity is None or entity in r.args) and (day is None or r.valid_on(day))
    ]
