"""Answer one question under the treaty text and under each named interpretation."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from ..ask import ExplainLevel, ask
from ..evaluation.scenario import Limits
from ..explanation.answer import Answer
from ..knowledge.kb import KnowledgeBase


def interpretation_names(kb: KnowledgeBase) -> list[str]:
    """Ids of the interpretations the knowledge base defines (entities of that kind)."""
    return sorted(e.id for e in (kb.entities or {}).values() if e.kind == "interpretation")


def ask_each_interpretation(
    kb: KnowledgeBase,
    query: str,
    as_of: dt.date,
    assume: Sequence[str] = (),
    retract: Sequence[str] = (),
    explain: ExplainLevel = "summary",
    limits: Limits | None = None,
) -> list[tuple[str | None, Answer]]:
    """(None, answer under the text) followed by (name, answer) for every interpretation."""
    results: list[tuple[str | None, Answer]] = [
        (None, ask(kb, query, as_of, assume, retract, (), explain, limits))
    ]
    for name in interpretation_names(kb):
        results.append((name, ask(kb, query, as_of, assume, retract, [name], explain, limits)))
    return results
