"""Explanations: minimal-height proofs, why-not trees and would-hold-if sets.

Proofs are rebuilt top down from the rules: for a goal, each rule whose head matches is
tried, its body solved by pyDatalog (through the adapter) and each premise proved in turn.
Iterative deepening on the proof height returns a proof of minimal height. Every search is
bounded by depth, bindings and time; a bound that cut an explanation short is reported.
The three kinds live in `proofs`, `why_not` and `would_hold_if`; they share one `Search`
(what holds in the view, cached) so that a question's explanation asks pyDatalog once per goal.
"""

from __future__ import annotations

from ..evaluation.scenario import Limits
from ..knowledge.kb import KnowledgeBase
from ..knowledge.store import View
from ..language.ast import Atom, Value
from .answer import ProofNode, WhyNot
from .proofs import Prover
from .search import Search
from .sentences import Sentences
from .why_not import WhyNotSearch
from .would_hold_if import Abducer, Missing


class Explainer:
    """Explains atoms in one view of one knowledge base, within the given limits."""

    def __init__(self, kb: KnowledgeBase, view: View, limits: Limits | None = None) -> None:
        self.search = Search(kb, view, limits or Limits())
        self._prover = Prover(self.search)
        self._why_not = WhyNotSearch(self.search, self._prover)
        self._abducer = Abducer(self.search)

    @property
    def sentences(self) -> Sentences:
        return self.search.sentences

    @property
    def truncated(self) -> list[str]:
        """Bounds that cut an explanation short, in the order they were hit."""
        return self.search.truncated

    def note_cut(self, what: str) -> None:
        self.search.note_cut(what)

    def remember(self, atom: Atom, rows: list[tuple[Value, ...]]) -> None:
        """Reuse the question's own answer rather than asking pyDatalog again."""
        self.search.remember(atom, rows)

    def prove(self, atom: Atom) -> ProofNode:
        """A proof of minimal height for a ground atom known to hold."""
        return self._prover.prove(atom)

    def why_not(self, atom: Atom) -> WhyNot:
        """Why an atom (ground or not) has no proof: per rule, the first premise that failed."""
        return self._why_not.why_not(atom)

    def would_hold_if(self, atom: Atom) -> list[Missing]:
        """The smallest sets of missing base facts whose addition would make `atom` hold."""
        return self._abducer.would_hold_if(atom)
