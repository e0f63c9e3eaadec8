"""What proofs, why-not trees and would-hold-if sets share: what holds in one view, rule
bodies solved left to right, and the bounds that can cut an explanation short."""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass, field

from ..evaluation.adapter import CompiledRule, compare_values, engine_for, ground_literal
from ..evaluation.scenario import Limits
from ..knowledge.kb import KnowledgeBase
from ..knowledge.store import View
from ..language.ast import Atom, Const, Literal, Negation, Value, Var
from .sentences import Sentences


def unify_head(head: Atom, goal: Atom) -> dict[str, Value] | None:
    """Bindings that make a rule head match a (possibly partly ground) goal."""
    binding: dict[str, Value] = {}
    for h, g in zip(head.args, goal.args, strict=True):
        if not isinstance(g, Const):
            continue
        if isinstance(h, Const):
            if h.value != g.value:
                return None
        elif h.name in binding and binding[h.name] != g.value:
            return None
        else:
            binding[h.name] = g.value
    return binding


@dataclass
class Search:
    """Answers and rule-body solutions in one view of one knowledge base, cached, within limits."""

    kb: KnowledgeBase
    view: View
    limits: Limits = field(default_factory=Limits)
    truncated: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.engine = engine_for(self.kb)
        self.sentences = Sentences(self.kb.decls, self.kb.entities)
        self.deadline = time.perf_counter() + self.limits.time_budget_s
        self._rows: dict[Atom, list[tuple[Value, ...]]] = {}
        self._solutions: dict[
            tuple[int, tuple[tuple[str, Value], ...]], list[dict[str, Value]]
        ] = {}
        self._by_pred: dict[str, list[CompiledRule]] = {}
        for compiled in self.engine.compiled:
            self._by_pred.setdefault(compiled.rule.head.pred, []).append(compiled)

    def note_cut(self, what: str) -> None:
        """Record that a bound cut an answer or explanation short (once per bound)."""
        if what not in self.truncated:
            self.truncated.append(what)

    def out_of_time(self) -> bool:
        if time.perf_counter() > self.deadline:
            self.note_cut(f"time budget of {self.limits.time_budget_s:g}s reached")
            return True
        return False

    def derived(self, pred: str) -> bool:
        decl = self.kb.decls.get(pred)
        return decl is not None and decl.derived

    def rows(self, atom: Atom) -> list[tuple[Value, ...]]:
        """Tuples matching an atom: base ones from the view, derived ones from pyDatalog."""
        cached = self._rows.get(atom)
        if cached is None:
            if not self.derived(atom.pred):
                pattern = tuple(a.value if isinstance(a, Const) else None for a in atom.args)
                cached = list(dict.fromkeys(self.view.rows(atom.pred, pattern)))
            elif self._cannot_hold(atom):
                cached = []
            else:
                cached = self.engine.ask(self.view, atom)
            self.remember(atom, cached)
        return cached

    def remember(self, atom: Atom, rows: list[tuple[Value, ...]]) -> None:
        """Cache an answer, and each of its ground instances (which hold)."""
        self._rows[atom] = rows
        if not atom.is_ground():
            for row in rows:
                self._rows.setdefault(Atom(atom.pred, tuple(Const(v) for v in row)), [row])

    def _cannot_hold(self, atom: Atom) -> bool:
        """True when every rule for a derived atom lacks a base premise it needs, so the
        explanation can skip asking pyDatalog (e.g. an interpretation nobody selected)."""
        if atom.pred in self.engine.bridged:
            return False
        for compiled in self.active_rules(atom.pred):
            binding = unify_head(compiled.rule.head, atom)
            if binding is None:
                continue
            premises = (ground_literal(lit, binding) for lit in compiled.body)
            if all(
                self.rows(lit)
                for lit in premises
                if isinstance(lit, Atom) and not self.derived(lit.pred)
            ):
                return False
        return True

    def holds(self, atom: Atom) -> bool:
        return bool(self.rows(atom))

    def extend(self, binding: dict[str, Value], lit: Literal) -> list[dict[str, Value]]:
        """The bindings that also satisfy one more body literal (left-to-right evaluation)."""
        grounded = ground_literal(lit, binding)
        if isinstance(grounded, Atom):
            out = []
            for row in self.rows(grounded):
                new = dict(binding)
                if all(
                    new.setdefault(a.name, v) == v
                    for a, v in zip(grounded.args, row, strict=True)
                    if isinstance(a, Var)
                ):
                    out.append(new)
            return out
        if isinstance(grounded, Negation):
            return [] if self.holds(grounded.atom) else [binding]
        left, right = grounded.left, grounded.right
        if isinstance(left, Const) and isinstance(right, Const):
            return [binding] if compare_values(grounded.op, left.value, right.value) else []
        if grounded.op == "=":  # binds the unbound side (safety guarantees one is bound)
            var, const = (left, right) if isinstance(left, Var) else (right, left)
            if isinstance(var, Var) and isinstance(const, Const):
                return [{**binding, var.name: const.value}]
        return []

    def solve(
        self, body: Sequence[Literal], binding: dict[str, Value]
    ) -> list[dict[str, Value]]:
        """All bindings extending `binding` that satisfy the body (in evaluation order)."""
        found = [binding]
        for lit in body:
            found = [new for b in found for new in self.extend(b, lit)]
            if not found:
                break
        return found

    def solutions(
        self, compiled: CompiledRule, binding: dict[str, Value]
    ) -> list[dict[str, Value]]:
        """`solve` for a rule's body, cached per rule and binding."""
        key = (id(compiled), tuple(sorted(binding.items())))
        found = self._solutions.get(key)
        if found is None:
            found = self.solve(compiled.body, binding)
            self._solutions[key] = found
        return found

    def rules_for(self, pred: str) -> list[CompiledRule]:
        """Every rule deriving `pred`, in force on the view's day or not."""
        return self._by_pred.get(pred, [])

    def active_rules(self, pred: str) -> list[CompiledRule]:
        """The rules deriving `pred` that are in force on the view's day."""
        return [c for c in self.rules_for(pred) if c.rule.active_on(self.view.day)]
