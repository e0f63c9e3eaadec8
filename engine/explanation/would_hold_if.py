"""Would-hold-if sets: the smallest sets of missing base facts whose addition would make a
failing goal hold (abduction over the rules, bounded in depth, size and count)."""

from __future__ import annotations

from ..evaluation.adapter import CompiledRule, ground_literal
from ..language.ast import Atom, Literal, Value
from .search import Search, unify_head

Missing = frozenset[Atom]


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


class Abducer:
    """Finds the missing base facts that would make atoms hold in a search's view."""

    def __init__(self, search: Search) -> None:
        self.search = search
        self._abduced: dict[tuple[int, int, frozenset[tuple[str, Value]], int], list[Missing]] = {}

    def would_hold_if(self, atom: Atom) -> list[Missing]:
        """The smallest sets of missing base facts whose addition would make `atom` hold."""
        limits = self.search.limits
        minimal = _minimal(self._abduce(atom, limits.why_not_depth + 2))
        minimal.sort(key=lambda m: (self._set_salience(m), len(m)))  # stable: names within
        if len(minimal) > limits.max_alternatives:
            self.search.note_cut(f"would-hold-if limited to {limits.max_alternatives} sets")
        return minimal[: limits.max_alternatives]

    def _abduce(self, atom: Atom, depth: int) -> list[Missing]:
        search = self.search
        if atom.is_ground() and search.holds(atom):
            return [frozenset()]
        if not search.derived(atom.pred):
            return [frozenset({atom})] if atom.is_ground() else []
        if depth <= 0 or search.out_of_time():
            search.note_cut("would-hold-if search bound reached")
            return []
        results: list[Missing] = []
        for compiled in search.active_rules(atom.pred):
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
        search = self.search
        lit = compiled.body[k]
        rows = search.extend(binding, lit)
        results: list[Missing] = []
        if not isinstance(lit, Atom):  # negations and comparisons must hold as they are
            results = self._abduce_body(compiled, k + 1, rows[0], depth) if rows else []
        else:
            for row in self._salient(rows, binding)[: search.limits.max_bindings * 4]:
                results += self._abduce_body(compiled, k + 1, row, depth)
            grounded = ground_literal(lit, binding)
            assert isinstance(grounded, Atom)
            if grounded.is_ground() and not rows:
                heads = self._abduce(grounded, depth - 1)
                results += self._combine(heads, compiled, k + 1, binding, depth)
            elif not grounded.is_ground() and not search.derived(grounded.pred):
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
        limit = self.search.limits.max_missing
        return [h | t for h in heads for t in tails if len(h | t) <= limit]

    def _candidates(
        self, atom: Atom, rest: tuple[Literal, ...], binding: dict[str, Value]
    ) -> list[dict[str, Value]]:
        """Values for a base atom's free variables suggested by a later premise, so that
        would-hold-if can propose e.g. hostilities in a place that the scope does cover."""
        free = {v.name for v in atom.variables() if not v.anonymous}
        for later in rest:
            if isinstance(later, Atom) and free <= {v.name for v in later.variables()}:
                found = self._salient(self.search.extend(binding, later), binding)
                return found[: self.search.limits.max_bindings]
        return []

    def _salience(self, value: Value) -> int:
        """1 for a place known only from a dataset (one of the thousands of ISO 3166-2
        subdivisions with no fact from a cited document), 0 for anything else: suggestions
        and would-hold-if sets put these last, so they do not crowd out the telling ones."""
        kb = self.search.kb
        entity = (kb.entities or {}).get(str(value))
        if entity is None or entity.iso is None or "-" not in entity.iso:
            return 0
        return int(all(
            (source := kb.sources.get(r.source)) is not None and source.kind == "dataset"
            for r in kb.store.mentioning(value)
        ))

    def _salient(
        self, rows: list[dict[str, Value]], binding: dict[str, Value]
    ) -> list[dict[str, Value]]:
        """Rows in a stable order by the salience of the values they newly bind."""
        return sorted(rows, key=lambda row: max(
            (self._salience(v) for k, v in row.items() if k not in binding), default=0))

    def _set_salience(self, missing: Missing) -> int:
        return max((self._salience(v) for a in missing for v in a.values()), default=0)
