"""Warnings about a loaded knowledge base: doubts about dating and sourcing that do not stop
it loading, reported by `casus check` (an event with no date; a source titled for another
place or state than the fact it supports)."""

from __future__ import annotations

import re
from collections import defaultdict

from ..errors import Problem
from .facts import Entity
from .kb import KnowledgeBase
from .store import FactRecord

# Kinds of entity whose names in a source title are checked. Not states: titles name states
# in passing ("Lisbon Treaty", "US-Japan treaty") far more often than they name places.
TITLED_KINDS = ("place",)
MIN_NAME = 4  # shorter names and aliases (UK, US) are too ambiguous to look for in titles


def undated_events(kb: KnowledgeBase) -> list[Problem]:
    """Events recorded without a start date hold "at all dates": every `event(E)` fact with no
    `from`, unless another `event(E)` fact dates it."""
    facts: dict[str, list[FactRecord]] = defaultdict(list)
    for record in kb.store.by_pred.get("event", []):
        facts[str(record.args[0])].append(record)
    return [
        Problem(
            "undated-event",
            f"event {event} has no date (no 'from'), so it holds at all dates; "
            "date it from its source",
            records[0].loc,
        )
        for event, records in facts.items()
        if all(r.valid_from is None for r in records)
    ]


def _names(entities: dict[str, Entity]) -> dict[str, str]:
    """Name (label without a leading 'the', or alias) -> entity id, for the titled kinds."""
    names: dict[str, str] = {}
    for entity in entities.values():
        if entity.kind not in TITLED_KINDS:
            continue
        for name in (entity.label.removeprefix("the "), *entity.aliases):
            if len(name) >= MIN_NAME and name[:1].isupper():
                names.setdefault(name, entity.id)
    return names


def titled_for_another(kb: KnowledgeBase) -> list[Problem]:
    """Facts whose source's title names places but none of the fact's own.

    For each kind in TITLED_KINDS: if the title of a fact's source names entities of that kind,
    the fact has arguments of that kind, and no argument is among those named, the source was
    probably meant for another fact (a territory fact for Gegharkunik citing a page titled
    for Syunik). Titles that name no entity of a kind say nothing about it.
    """
    entities = kb.entities or {}
    names = _names(entities)
    if not names:
        return []
    pattern = re.compile(
        r"(?<!\w)(?:" + "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
        + r")(?!\w)"
    )
    titled: dict[str, set[str]] = {
        sid: {names[m.group(0)] for m in pattern.finditer(source.title)}
        for sid, source in kb.sources.items()
    }
    problems = []
    for records in kb.store.by_pred.values():
        for record in records:
            named = titled.get(record.source)
            if not named:
                continue
            for kind in TITLED_KINDS:
                in_title = {e for e in named if entities[e].kind == kind}
                in_fact = {str(a) for a in record.args
                           if str(a) in entities and entities[str(a)].kind == kind}
                if in_title and in_fact and not in_title & in_fact:
                    problems.append(Problem(
                        "source-titled-for-another",
                        f"source {record.source} is titled for "
                        f"{', '.join(sorted(entities[e].label for e in in_title))}, "
                        f"not {', '.join(sorted(entities[e].label for e in in_fact))}: "
                        f"is it the right source for {record.pred}"
                        f"({', '.join(map(str, record.args))})?",
                        record.loc,
                    ))
    return problems


def audit(kb: KnowledgeBase) -> list[Problem]:
    """Every warning about the knowledge base, in file order."""
    problems = undated_events(kb) + titled_for_another(kb)
    return sorted(problems, key=lambda p: (p.location.file, p.location.line, p.location.col))
