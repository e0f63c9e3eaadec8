"""Why-not trees: for each rule that could derive the goal, the premises that held and the
first that failed, explained recursively down to a missing or retracted fact (to a bound)."""

from __future__ import annotations

from ..evaluation.adapter import CompiledRule, ground_literal
from ..language.ast import Atom, Comparison, Const, Literal, Negation, Value
from .answer import RuleAttempt, SourceRef, WhyNot
from .citations import record_refs, rule_ref
from .proofs import Prover
from .search import Search, unify_head


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


class WhyNotSearch:
    """Explains why atoms fail in a search's view; proves the premises that did hold."""

    def __init__(self, search: Search, prover: Prover) -> None:
        self.search = search
        self.prover = prover
        self._path: set[tuple[str, tuple[object, ...]]] = set()

    def why_not(self, atom: Atom, depth: int | None = None) -> WhyNot:
        """Why an atom (ground or not) has no proof: per rule, the first premise that failed."""
        search = self.search
        depth = search.limits.why_not_depth if depth is None else depth
        sentence = search.sentences.atom(atom, holds=False)
        if not search.derived(atom.pred):
            return self._missing_fact(atom, sentence)
        key = _pattern_key(atom)
        if key in self._path:
            return WhyNot(atom=str(atom), sentence=sentence, kind="recursive",
                          note="this depends on itself; see the same goal above")
        if depth <= 0 or search.out_of_time():
            search.note_cut(f"why-not depth bound of {search.limits.why_not_depth} reached")
            return WhyNot(atom=str(atom), sentence=sentence, kind="cut",
                          note="not explained further (depth bound)")
        self._path.add(key)
        try:
            return self._why_not_rules(atom, sentence, depth)
        finally:
            self._path.discard(key)

    def _why_not_rules(self, atom: Atom, sentence: str, depth: int) -> WhyNot:
        day = self.search.view.day
        attempts: list[RuleAttempt] = []
        for compiled in self.search.rules_for(atom.pred):
            binding = unify_head(compiled.rule.head, atom)
            if binding is None:
                continue
            if not compiled.rule.active_on(day):
                ref = rule_ref(compiled.rule)
                attempts.append(
                    RuleAttempt(
                        rule=ref,
                        note=f"rule not in force on {day.isoformat()} (in force {ref.valid})",
                    )
                )
                continue
            attempts += self._rule_attempts(compiled, binding, depth)
        if not attempts:
            return WhyNot(atom=str(atom), sentence=sentence, kind="no-rule",
                          note="no rule can derive this")
        return WhyNot(atom=str(atom), sentence=sentence, kind="rules-failed", attempts=attempts)

    def _missing_fact(self, atom: Atom, sentence: str) -> WhyNot:
        view = self.search.view
        if atom.is_ground() and (atom.pred, atom.values()) in view.removed:
            return WhyNot(atom=str(atom), sentence=sentence, kind="retracted",
                          note="retracted by the scenario")
        other: list[SourceRef] = []
        if atom.is_ground():
            kb = self.search.kb
            sources, disputed = record_refs(kb, kb.store.records(atom.pred, atom.values()))
            other = sources + disputed
        instead = self._instead(atom)
        note = "no such fact as of " + view.day.isoformat()
        if other:
            note += "; it holds at other dates (see held_at_other_dates)"
        return WhyNot(
            atom=str(atom), sentence=sentence, kind="missing-fact",
            held_at_other_dates=other, instead=instead, note=note,
        )

    def _instead(self, atom: Atom) -> list[str]:
        """Facts about the same first argument that do hold (e.g. whose territory it is)."""
        if not atom.args or not isinstance(atom.args[0], Const):
            return []
        pattern: tuple[Value | None, ...] = (atom.args[0].value,) + (None,) * (atom.arity - 1)
        out: list[str] = []
        for args in self.search.view.rows(atom.pred, pattern):
            other = Atom(atom.pred, tuple(Const(v) for v in args))
            text = self.search.sentences.atom(other)
            if other != atom and text not in out:
                out.append(text)
            if len(out) >= self.search.limits.max_bindings:
                break
        return out

    def _rule_attempts(
        self, compiled: CompiledRule, binding: dict[str, Value], depth: int
    ) -> list[RuleAttempt]:
        body = [ground_literal(lit, binding) for lit in compiled.body]
        prefix_solutions: list[dict[str, Value]] = [{}]
        for k, lit in enumerate(body):
            rows = [new for b in prefix_solutions for new in self.search.extend(b, lit)]
            if not rows:
                return [
                    self._attempt(compiled, binding, body, k, sample, depth)
                    for sample in self._relevant_first(prefix_solutions, binding)[
                        : self.search.limits.max_bindings
                    ]
                ]
            prefix_solutions = rows
        return []  # the rule succeeds: nothing failed (callers only ask for failing goals)

    def _relevant_first(
        self, samples: list[dict[str, Value]], binding: dict[str, Value]
    ) -> list[dict[str, Value]]:
        """The samples naming something a fact of this question's constants names (for an
        attack on the United States: the United States), or all samples when none does; so a
        why-not checks the states the question is about, not the first parties A to D. Only
        when there are more samples than are shown: otherwise every one is shown anyway."""
        search = self.search
        if len(samples) <= search.limits.max_bindings:
            return samples
        asked = set(binding.values())
        near: set[Value] = set()
        for rows in search.view.added_by_pred.values():
            near.update(v for args in rows if asked & set(args) for v in args)
        index = search.kb.store.index
        for pred, decl in search.kb.decls.items():
            for i in range(len(decl.params)):
                for value in asked:
                    for r in index.get((pred, i, value), ()):
                        if r.valid_on(search.view.ordinal):
                            near.update(r.args)
        near -= asked
        chosen = [s for s in samples if near & set(s.values())]
        return chosen or samples

    def _attempt(
        self,
        compiled: CompiledRule,
        binding: dict[str, Value],
        body: list[Literal],
        k: int,
        sample: dict[str, Value],
        depth: int,
    ) -> RuleAttempt:
        sentences = self.search.sentences
        full = {**binding, **{n: v for n, v in sample.items() if not n.startswith("_")}}
        held = []
        for lit in body[:k]:
            node = self.prover.prove_literal(
                ground_literal(lit, sample), self.search.limits.max_depth
            )
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
                attempt.counter_proof = self.prover.prove(positive)
            attempt.failed = WhyNot(
                atom=str(failed_lit),
                sentence=sentences.atom(positive, holds=True),
                kind="rules-failed",
                note=f"{positive} holds, so 'not {positive}' fails",
            )
        else:
            attempt.failed = WhyNot(
                atom=str(failed_lit),
                sentence=sentences.comparison(failed_lit, holds=False)
                if isinstance(failed_lit, Comparison)
                else str(failed_lit),
                kind="comparison",
            )
        return attempt
