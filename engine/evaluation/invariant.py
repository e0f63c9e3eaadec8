"""Recursive relations that no date can change, such as `within` (the closure of the undated
`located_in`): the adapter computes each once per fact store and answers from that table,
because pyDatalog's tabled recursion is what costs most when a query asks about every place."""

from __future__ import annotations

from collections.abc import Sequence

from ..knowledge.store import NEVER, FactStore
from ..language.ast import Rule
from ..language.check import dependency_graph, recursive_components


def reads(graph: dict[str, set[str]], pred: str) -> frozenset[str]:
    """Every predicate `pred` depends on through the rules, itself included."""
    seen = {pred}
    todo = [pred]
    while todo:
        for child in graph.get(todo.pop(), ()):
            if child not in seen:
                seen.add(child)
                todo.append(child)
    return frozenset(seen)


def invariant_relations(rules: Sequence[Rule], store: FactStore) -> dict[str, frozenset[str]]:
    """Each recursive predicate whose answers are the same on every date (no rule it depends
    on is dated and no fact it reads has dates), with the predicates it depends on: a
    scenario that assumes or retracts one of those must be answered by the rules."""
    graph = dependency_graph(rules)
    dated = {r.head.pred for r in rules if r.dated}
    dated |= {
        pred
        for pred, records in store.by_pred.items()
        if any(r.start != 0 or r.end != NEVER for r in records)
    }
    out: dict[str, frozenset[str]] = {}
    for pred, cycle in recursive_components(rules).items():
        if cycle:
            cone = reads(graph, pred)
            if not cone & dated:
                out[pred] = cone
    return out
