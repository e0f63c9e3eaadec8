"""Proofs of minimal height: iterative deepening over the rules, each premise proved in turn
down to sourced facts, scenario assumptions, negations that held and comparisons."""

from __future__ import annotations

from ..evaluation.adapter import compare_values, ground_literal
from ..language.ast import Atom, Const, Literal, Negation, Value
from .answer import ProofNode
from .citations import record_refs, rule_ref
from .search import Search, unify_head


class Prover:
    """Builds proofs for atoms known to hold in a search's view."""

    def __init__(self, search: Search) -> None:
        self.search = search
        self._proofs: dict[tuple[Atom, int], ProofNode | None] = {}

    def prove(self, atom: Atom) -> ProofNode:
        """A proof of minimal height for a ground atom known to hold."""
        search = self.search
        for height in range(1, search.limits.max_depth + 1):
            node = self._prove(atom, height)
            if node is not None:
                return node
            if search.out_of_time():
                break
        search.note_cut(f"proof depth bound of {search.limits.max_depth} reached")
        return ProofNode(
            atom=str(atom),
            sentence=search.sentences.atom(atom),
            kind="cut",
            note="holds, but the proof was cut short by a bound",
        )

    def prove_literal(self, lit: Literal, height: int) -> ProofNode | None:
        """A proof of one ground body literal of at most `height`, or None."""
        sentences = self.search.sentences
        if isinstance(lit, Atom):
            return self._prove(lit, height)
        if isinstance(lit, Negation):
            if self.search.holds(lit.atom):
                return None
            return ProofNode(
                atom=str(lit),
                sentence=sentences.atom(lit.atom, holds=False),
                kind="negation",
                note=f"no proof of {lit.atom} exists (negation as failure)",
            )
        if isinstance(lit.left, Const) and isinstance(lit.right, Const):
            if compare_values(lit.op, lit.left.value, lit.right.value):
                return ProofNode(
                    atom=str(lit), sentence=sentences.comparison(lit), kind="comparison"
                )
        return None

    def _fact_node(self, atom: Atom) -> ProofNode | None:
        view, sentences = self.search.view, self.search.sentences
        records = view.base_records(atom.pred, atom.values())
        if records:
            sources, disputed = record_refs(self.search.kb, records)
            return ProofNode(
                atom=str(atom),
                sentence=sentences.atom(atom),
                kind="fact",
                sources=sources,
                disputed=disputed,
            )
        if view.assumed(atom.pred, atom.values()):
            return ProofNode(
                atom=str(atom),
                sentence=sentences.atom(atom),
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
        search = self.search
        if node is None and height > 1 and search.derived(atom.pred) and search.holds(atom):
            node = self._prove_by_rules(atom, height)
        self._proofs[key] = node
        return node

    def _prove_by_rules(self, atom: Atom, height: int) -> ProofNode | None:
        search = self.search
        for compiled in search.active_rules(atom.pred):
            binding = unify_head(compiled.rule.head, atom)
            if binding is None:
                continue
            solutions = search.solutions(compiled, binding)
            cap = search.limits.max_bindings * 10
            if len(solutions) > cap:
                search.note_cut(f"proof search limited to {cap} bindings per rule")
                solutions = solutions[:cap]
            for full in solutions:
                premises = self._premises(compiled.rule.body, full, height - 1)
                if premises is not None:
                    return ProofNode(
                        atom=str(atom),
                        sentence=search.sentences.atom(atom),
                        kind="rule",
                        rule=rule_ref(compiled.rule),
                        premises=premises,
                    )
            if search.out_of_time():
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
