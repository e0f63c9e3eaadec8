"""What accepting an article's candidate facts would change: the question conclusions as of
the article's date, with and without the candidates assumed, compared by `diff_versions`."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from ..errors import Location
from ..knowledge.facts import Entity, EntityKind
from ..knowledge.kb import KnowledgeBase
from ..knowledge.store import FactRecord, FactStore
from .diff import Change, diff_versions

SOURCE = "candidate"  # the source named by facts assumed from an article


@dataclass(frozen=True)
class Assumed:
    """A candidate fact to assume, with the date it holds from and ids it may introduce."""

    pred: str
    args: tuple[str, ...]
    valid_from: dt.date | None = None


@dataclass(frozen=True)
class Impact:
    """The changed conclusions, and the candidates that could not be assumed (and why)."""

    as_of: dt.date
    changes: list[Change]
    assumed: list[str]
    skipped: list[str]


def _kind(kb: KnowledgeBase, pred: str, position: int) -> str | None:
    decl = kb.decls.get(pred)
    if decl is None or position >= decl.arity:
        return None
    return decl.params[position].kind


def with_candidates(
    kb: KnowledgeBase, facts: Sequence[Assumed], new_entities: dict[str, EntityKind]
) -> tuple[KnowledgeBase, list[str], list[str]]:
    """A copy of `kb` with the facts added (unknown ids become entities of the declared kind)."""
    entities = dict(kb.entities or {})
    records = [r for rows in kb.store.by_pred.values() for r in rows]
    assumed, skipped = [], []
    where = Location("<candidate facts>")
    for fact in facts:
        text = f"{fact.pred}({', '.join(fact.args)})"
        decl = kb.decls.get(fact.pred)
        if decl is None or decl.arity != len(fact.args):
            skipped.append(f"{text}: not a fact of this rule set")
            continue
        for i, arg in enumerate(fact.args):
            if arg not in entities:
                kind = new_entities.get(arg) or _kind(kb, fact.pred, i) or "other"
                entities[arg] = Entity(id=arg, kind=kind, label=arg)  # type: ignore[arg-type]
                if kind == "state":
                    records.append(FactRecord("state", (arg,), SOURCE, where))
        records.append(FactRecord(fact.pred, fact.args, SOURCE, where, fact.valid_from))
        assumed.append(text)
    copy = dataclasses.replace(
        kb, store=FactStore(records), entities=entities, facts_version=f"{kb.facts_version}+"
    )
    return copy, assumed, skipped


def impact(
    kb: KnowledgeBase,
    facts: Sequence[Assumed],
    as_of: dt.date,
    new_entities: dict[str, EntityKind] | None = None,
    interpretations: Sequence[str] = (),
) -> Impact:
    """The question conclusions on `as_of` that differ once the candidate facts are assumed."""
    after, assumed, skipped = with_candidates(kb, facts, new_entities or {})
    diff = diff_versions(kb, after, interpretations, dates=[as_of])
    return Impact(as_of, diff.changes, assumed, skipped)
