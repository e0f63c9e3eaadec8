"""Explanations: minimal-height proofs, why-not trees and would-hold-if sets.

Proofs are rebuilt top down from the rules: for a goal, each rule whose head matches is
tried, its body solved by pyDatalog (through the adapter) and each premise proved in turn.
Iterative deepening on the proof height returns a proof of minimal height. Every search is
bounded by depth, bindings and time; a bound that cut an explanation short is reported.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from ..evaluation.adapter import CompiledRule, compare_values, engine_for, ground_literal
from ..evaluation.scenario import Limits
from ..knowledge.kb import KnowledgeBase
from ..knowledge.store import Claim, FactRecord, View
from ..language.ast import Atom, Comparison, Const, Literal, Negation, Rule, Value, Var
from .answer import ProofNode, RuleAttempt, RuleRef, SourceRef, WhyNot
from .sentences import Sentences

Missing = frozenset[Atom]


def rule_ref(rule: Rule) -> RuleRef:
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
class Explainer:
    """Explains atoms in one view of one knowledge base, within the given limits."""

    kb: KnowledgeBase
    view: View
    limits: Limits = field(default_factory=Limits)
    truncated: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.engine = engine_for(self.kb)
        self.sentences = Sentences(self.kb.decls, self.kb.entities)
        self.deadline = time.perf_counter() + self.limits.time_budget_s
        self._rows: dict[Atom, list[tuple[Value, ...]]] = {}
        self._abduced: dict[tuple[int, int, frozenset[tuple[str, Value]], int], list[Missing]] = {}
        self._solutions: dict[
            tuple[int, tuple[tuple[str, Value], ...]], list[dict[str, Value]]
        ] = {}
        self._proofs: dict[tuple[Atom, int], ProofNode | None] = {}
        self._why_path: set[tuple[str, tuple[object, ...]]] = set()
        self._by_pred: dict[str, list[CompiledRule]] = {}
        for compiled in self.engine.compiled:
            self._by_pred.setdefault(compiled.rule.head.pred, []).append(compiled)

    # -- helpers --

    def note_cut(self, what: str) -> None:
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

    def solve(self, body: Sequence[Literal], binding: dict[str, Value]) -> list[dict[str, Value]]:
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
        key = (id(compiled), tuple(sorted(binding.items())))
        found = self._solutions.get(key)
        if found is None:
            found = self.solve(compiled.body, binding)
            self._solutions[key] = found
        return found

    def active_rules(self, pred: str) -> list[CompiledRule]:
        return [c for c in self._by_pred.get(pred, []) if c.rule.active_on(self.view.day)]

    def source_ref(self, record: FactRecord | Claim, loc: str) -> SourceRef:
        source = self.kb.sources.get(record.source)
        valid_from = record.valid_from
        valid_until = record.valid_until
        period = (
            " ".join(
                p
                for p in (
                    f"from {valid_from.isoformat()}" if valid_from else "",
                    f"until {valid_until.isoformat()}" if valid_until else "",
                )
                if p
            )
            or "at all dates"
        )
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

    def record_refs(self, records: Iterable[FactRecord]) -> tuple[list[SourceRef], list[SourceRef]]:
        sources: list[SourceRef] = []
        disputed: list[SourceRef] = []
        for r in records:
            loc = f"{r.loc.file}:{r.loc.line}"
            sources.append(self.source_ref(r, loc))
            for claim in r.alternatives:
                ref = self.source_ref(claim, loc)
                ref.disputed = True
                disputed.append(ref)
        return sources, disputed

    # -- proofs --

    def prove(self, atom: Atom) -> ProofNode:
        """A proof of minimal height for a ground atom known to hold."""
        for height in range(1, self.limits.max_depth + 1):
            node = self._prove(atom, height)
            if node is not None:
                return node
            if self.out_of_time():
                break
        self.note_cut(f"proof depth bound of {self.limits.max_depth} reached")
        return ProofNode(
            atom=str(atom),
            sentence=self.sentences.atom(atom),
            kind="cut",
            note="holds, but the proof was cut short by a bound",
        )

    def _fact_node(self, atom: Atom) -> ProofNode | None:
        records = self.view.base_records(atom.pred, atom.values())
        if records:
            sources, disputed = self.record_refs(records)
            return ProofNode(
                atom=str(atom),
                sentence=self.sentences.atom(atom),
                kind="fact",
                sources=sources,
                disputed=disputed,
            )
        if self.view.assumed(atom.pred, atom.values()):
            return ProofNode(
                atom=str(atom),
                sentence=self.sentences.atom(atom),
                kind="assumed",
                note="assumed by the scenario",
            )
        return None

    def _prove(self, atom: Atom, height: int) -> ProofNode | None:
        key = (atom, height)
        if key in self._proofs:
            return self._proofs[key]
        self._proofs[key] = None  # guards against cycles on the current path
        node = self._fact_node(atom)
        if node is None and height > 1 and self.derived(atom.pred) and self.holds(atom):
            node = self._prove_by_rules(atom, height)
        self._proofs[key] = node
        return node

    def _prove_by_rules(self, atom: Atom, height: int) -> ProofNode | None:
        for compiled in self.active_rules(atom.pred):
            binding = unify_head(compiled.rule.head, atom)
            if binding is None:
                continue
            solutions = self.solutions(compiled, binding)
            cap = self.limits.max_bindings * 10
            if len(solutions) > cap:
                self.note_cut(f"proof search limited to {cap} bindings per rule")
                solutions = solutions[:cap]
            for full in solutions:
                premises = self._premises(compiled.rule.body, full, height - 1)
                if premises is not None:
                    return ProofNode(
                        atom=str(atom),
                        sentence=self.sentences.atom(atom),
                        kind="rule",
                        rule=rule_ref(compiled.rule),
                        premises=premises,
                    )
            if self.out_of_time():
                return None
        return None

    def _premises(
        self, body: tuple[Literal, ...], binding: dict[str, Value], height: int
    ) -> list[ProofNode] | None:
        out: list[ProofNode] = []
        for lit in body:
            node = self.prove_literal(ground_literal(lit, binding), height)
            if node is None:
                return None
            out.append(node)
        return out

    def prove_literal(self, lit: Literal, height: int) -> ProofNode | None:
        if isinstance(lit, Atom):
            return self._prove(lit, height)
        if isinstance(lit, Negation):
            if self.holds(lit.atom):
                return None
            return ProofNode(
                atom=str(lit),
                sentence=self.sentences.atom(lit.atom, holds=False),
                kind="negation",
                note=f"no proof of {lit.atom} exists (negation as failure)",
            )
        if isinstance(lit.left, Const) and isinstance(lit.right, Const):
            if compare_values(lit.op, lit.left.value, lit.right.value):
                return ProofNode(
                    atom=str(lit), sentence=self.sentences.comparison(lit), kind="comparison"
                )
        return None

    # -- why not --

    def why_not(self, atom: Atom, depth: int | None = None) -> WhyNot:
        """Why an atom (ground or not) has no proof: per rule, the first premise that failed."""
        depth = self.limits.why_not_depth if depth is None else depth
        sentence = self.sentences.atom(atom, holds=False)
        if not self.derived(atom.pred):
            return self._missing_fact(atom, sentence)
        key = _pattern_key(atom)
        if key in self._why_path:
            return WhyNot(
                atom=str(atom),
                sentence=sentence,
                kind="recursive",
                note="this depends on itself; see the same goal above",
            )
        if depth <= 0 or self.out_of_time():
            self.note_cut(f"why-not depth bound of {self.limits.why_not_depth} reached")
            return WhyNot(
                atom=str(atom),
                sentence=sentence,
                kind="cut",
                note="not explained further (depth bound)",
            )
        self._why_path.add(key)
        try:
            return self._why_not_rules(atom, sentence, depth)
        finally:
            self._why_path.discard(key)

    def _why_not_rules(self, atom: Atom, sentence: str, depth: int) -> WhyNot:
        attempts: list[RuleAttempt] = []
        for compiled in self._by_pred.get(atom.pred, []):
            binding = unify_head(compiled.rule.head, atom)
            if binding is None:
                continue
            if not compiled.rule.active_on(self.view.day):
                ref = rule_ref(compiled.rule)
                attempts.append(
                    RuleAttempt(
                        rule=ref,
                        note=f"rule not in force on {self.view.day.isoformat()} "
                        f"(in force {ref.valid})",
                    )
                )
                continue
            attempts += self._rule_attempts(compiled, binding, depth)
        if not attempts:
            return WhyNot(
                atom=str(atom), sentence=sentence, kind="no-rule", note="no rule can derive this"
            )
        return WhyNot(atom=str(atom), sentence=sentence, kind="rules-failed", attempts=attempts)

    def _missing_fact(self, atom: Atom, sentence: str) -> WhyNot:
        if atom.is_ground() and (atom.pred, atom.values()) in self.view.removed:
            return WhyNot(
                atom=str(atom),
                sentence=sentence,
                kind="retracted",
                note="retracted by the scenario",
            )
        other: list[SourceRef] = []
        if atom.is_ground():
            records = self.kb.store.records(atom.pred, atom.values())
            sources, disputed = self.record_refs(records)
            other = sources + disputed
        instead = self._instead(atom)
        note = "no such fact as of " + self.view.day.isoformat()
        if other:
            note += "; it holds at other dates (see held_at_other_dates)"
        return WhyNot(
            atom=str(atom),
            sentence=sentence,
            kind="missing-fact",
            held_at_other_dates=other,
            instead=instead,
            note=note,
        )

    def _instead(self, atom: Atom) -> list[str]:
        """Facts about the same first argument that do hold (e.g. whose territory it is)."""
        if not atom.args or not isinstance(atom.args[0], Const):
            return []
        pattern: tuple[Value | None, ...] = (atom.args[0].value,) + (None,) * (atom.arity - 1)
        out: list[str] = []
        for args in self.view.rows(atom.pred, pattern):
            other = Atom(atom.pred, tuple(Const(v) for v in args))
            text = self.sentences.atom(other)
            if other != atom and text not in out:
                out.append(text)
            if len(out) >= self.limits.max_bindings:
                break
        return out

    def _rule_attempts(
        self, compiled: CompiledRule, binding: dict[str, Value], depth: int
    ) -> list[RuleAttempt]:
        body = [ground_literal(lit, binding) for lit in compiled.body]
        prefix_solutions: list[dict[str, Value]] = [{}]
        for k, lit in enumerate(body):
            rows = [new for b in prefix_solutions for new in self.extend(b, lit)]
            if not rows:
                return [
                    self._attempt(compiled, binding, body, k, sample, depth)
                    for sample in prefix_solutions[: self.limits.max_bindings]
                ]
            prefix_solutions = rows
        return []  # the rule succeeds: nothing failed (callers only ask for failing goals)

    def _attempt(
        self,
        compiled: CompiledRule,
        binding: dict[str, Value],
        body: list[Literal],
        k: int,
        sample: dict[str, Value],
        depth: int,
    ) -> RuleAttempt:
        full = {**binding, **{n: v for n, v in sample.items() if not n.startswith("_")}}
        held = []
        for lit in body[:k]:
            node = self.prove_literal(ground_literal(lit, sample), self.limits.max_depth)
            if node is not None:
                held.append(node)
        failed_lit = ground_literal(body[k], sample)
        attempt = RuleAttempt(
            rule=rule_ref(compiled.rule), binding=full, held=held, failed_premise=str(failed_lit)
        )
        if isinstance(failed_lit, Atom):
            attempt.failed = self.why_not(failed_lit, depth - 1)
        elif isinstance(failed_lit, Negation):
            positive = failed_lit.atom
            if positive.is_ground():
                attempt.counter_proof = self.prove(positive)
            attempt.failed = WhyNot(
                atom=str(failed_lit),
                sentence=self.sentences.atom(positive, holds=True),
                kind="rules-failed",
                note=f"{positive} holds, so 'not {positive}' fails",
            )
        else:
            attempt.failed = WhyNot(
                atom=str(failed_lit),
                sentence=self.sentences.comparison(failed_lit, holds=False)
                if isinstance(failed_lit, Comparison)
                else str(failed_lit),
                kind="comparison",
            )
        return attempt

    # -- would hold if --

    def would_hold_if(self, atom: Atom) -> list[frozenset[Atom]]:
        """The smallest sets of missing base facts whose addition would make `atom` hold."""
        found = self._abduce(atom, self.limits.why_not_depth + 2)
        minimal = _minimal(found)
        if len(minimal) > self.limits.max_alternatives:
            self.note_cut(f"would-hold-if limited to {self.limits.max_alternatives} sets")
        return minimal[: self.limits.max_alternatives]

    def _abduce(self, atom: Atom, depth: int) -> list[Missing]:
        if atom.is_ground() and self.holds(atom):
            return [frozenset()]
        if not self.derived(atom.pred):
            return [frozenset({atom})] if atom.is_ground() else []
        if depth <= 0 or self.out_of_time():
            self.note_cut("would-hold-if search bound reached")
            return []
        results: list[Missing] = []
        for compiled in self.active_rules(atom.pred):
            binding = unify_head(compiled.rule.head, atom)
            if binding is not None:
                results += self._abduce_body(compiled, 0, binding, depth)
        return _minimal(results)

    def _abduce_body(
        self, compiled: CompiledRule, k: int, binding: dict[str, Value], depth: int
    ) -> list[Missing]:
        """Missing-fact sets that make premises k.. of a rule hold, given a binding."""
        if k == len(compiled.body):
            return [frozenset()]
        key = (id(compiled), k, frozenset(binding.items()), depth)
        cached = self._abduced.get(key)
        if cached is not None:
            return cached
        lit = compiled.body[k]
        rows = self.extend(binding, lit)
        results: list[Missing] = []
        if not isinstance(lit, Atom):  # negations and comparisons must hold as they are
            results = self._abduce_body(compiled, k + 1, rows[0], depth) if rows else []
        else:
            for row in rows[: self.limits.max_bindings * 4]:
                results += self._abduce_body(compiled, k + 1, row, depth)
            grounded = ground_literal(lit, binding)
            assert isinstance(grounded, Atom)
            if grounded.is_ground() and not rows:
                heads = self._abduce(grounded, depth - 1)
                results += self._combine(heads, compiled, k + 1, binding, depth)
            elif not grounded.is_ground() and not self.derived(grounded.pred):
                for candidate in self._candidates(grounded, compiled.body[k + 1 :], binding):
                    missing = ground_literal(grounded, candidate)
                    assert isinstance(missing, Atom)
                    results += self._combine(
                        [frozenset({missing})], compiled, k + 1, candidate, depth
                    )
            results = _minimal(results)
        self._abduced[key] = results
        return results

    def _combine(
        self,
        heads: list[Missing],
        compiled: CompiledRule,
        k: int,
        binding: dict[str, Value],
        depth: int,
    ) -> list[Missing]:
        if not heads:
            return []
        tails = self._abduce_body(compiled, k, binding, depth)
        return [h | t for h in heads for t in tails if len(h | t) <= self.limits.max_missing]

    def _candidates(
        self, atom: Atom, rest: tuple[Literal, ...], binding: dict[str, Value]
    ) -> list[dict[str, Value]]:
        """Values for a base atom's free variables suggested by a later premise, so that
        would-hold-if can propose e.g. hostilities in a place that the scope does cover."""
        free = {v.name for v in atom.variables() if not v.anonymous}
        for later in rest:
            if isinstance(later, Atom) and free <= {v.name for v in later.variables()}:
                found = self.extend(binding, later)
                return found[: self.limits.max_bindings]
        return []


def _pattern_key(atom: Atom) -> tuple[str, tuple[object, ...]]:
    """An atom up to renaming of its variables (to spot recursion in why-not)."""
    names: dict[str, int] = {}
    args: list[object] = []
    for a in atom.args:
        if isinstance(a, Const):
            args.append(a.value)
        else:
            args.append(("var", names.setdefault(a.name, len(names))))
    return atom.pred, tuple(args)


def _atom_key(atom: Atom) -> tuple[str, tuple[str, ...]]:
    return atom.pred, tuple(str(v) for v in atom.values())


def _minimal(sets: list[Missing]) -> list[Missing]:
    """Distinct sets with no proper subset among them, smallest first."""
    unique = sorted(set(sets), key=lambda s: (len(s), sorted(_atom_key(a) for a in s)))
    out: list[Missing] = []
    for s in unique:
        if not any(o < s or o == s for o in out):
            out.append(s)
    return out
