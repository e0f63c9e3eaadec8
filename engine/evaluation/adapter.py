"""The only module that touches pyDatalog: compiles the AST into clause objects per thread
and answers literals, reading base facts through resolvers over the current thread's View.

Design: each thread owns one pyDatalog Logic per compiled program holding only the rules;
base relations are served by process-wide resolvers (`edb$<pred>`) that read the View set
for the current thread. An as-of date or a scenario is therefore a different View, never a
change to pyDatalog's state, so scenarios cannot leak into the base or into other threads.
On request (`engine_for(kb, tables=True)`), recursive relations that no date can change
(`evaluation.invariant`) are computed once per fact store and then read from that table
(`fixed$<pred>`, a second compiled program without their rules), unless a scenario assumes
or retracts something they depend on.
No text is ever given to pyDatalog's `load` or `ask`: clauses are built from our AST.
"""

from __future__ import annotations

import datetime as dt
import itertools
import threading
import weakref
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from pyDatalog import pyEngine
from pyDatalog.Logic import Logic

from ..errors import Location
from ..knowledge.kb import KnowledgeBase
from ..knowledge.store import FactRecord, FactStore, View
from ..language.ast import (
    Atom,
    Comparison,
    Const,
    Literal,
    Negation,
    Rule,
    Value,
    Var,
    literal_vars,
)
from ..language.check import bound_variables, recursive_components
from .invariant import invariant_relations

pyEngine.Float_Precision = None  # process-wide: never round numbers

_EDB = "edb$"
_ACTIVE = "rule$active"
_FIXED = "fixed$"
_QUERY = "_pyD_query_casus"
_CMP = {"=": "==", "!=": "!=", "<": "<", "<=": "<=", ">": ">", ">=": ">="}

_local = threading.local()
_program_ids = itertools.count()


def _view() -> View:
    view: View | None = getattr(_local, "view", None)
    if view is None:  # pragma: no cover - resolvers only run inside Engine._run
        raise RuntimeError("no view is active on this thread")
    return view


def _edb_resolver(pred: str) -> Any:
    return _resolver(pred, lambda: _view())


def _fixed_resolver(pred: str) -> Any:
    """The table of an invariant relation (see Engine._tables)."""
    return _resolver(pred, lambda: _local.table)


def _resolver(pred: str, source: Any) -> Any:
    def resolve(*terms: Any) -> Iterator[tuple[Any, ...]]:
        view: View = source()
        pattern = tuple(t.id if t.is_const() else None for t in terms)
        rows = view.rows(pred, pattern)
        variables = [t.id for t in terms if not t.is_const()]
        if len(set(variables)) == len(variables):
            return rows
        return _same_constants(rows)

    return resolve


def _same_constants(rows: Iterator[tuple[Value, ...]]) -> Iterator[tuple[Any, ...]]:
    """Rows as pyDatalog constants, one object per distinct value: pyDatalog checks a variable
    repeated in a literal (`p(X, X)`) by object identity, so equal values must share one."""
    for row in rows:
        consts: dict[Value, Any] = {}
        yield tuple(consts.setdefault(v, pyEngine.Const(v)) for v in row)


def _rule_active(term: Any) -> Iterator[tuple[Value, ...]]:
    view = _view()
    rules: dict[str, Rule] = _local.rules
    if term.is_const():
        rule = rules.get(term.id)
        if rule is not None and rule.active_on(view.day):
            yield (term.id,)


def _register(name: str, arity: int, resolver: Any) -> None:
    pyEngine.Python_resolvers.setdefault(f"{name}/{arity}", resolver)


_register(_ACTIVE, 1, _rule_active)


def _sort_key(value: Any) -> tuple[int, Any]:
    """Total order across types: integers before symbols (as in clingo)."""
    return (0, value) if isinstance(value, int) else (1, value)


def _compare_primitive(literal: Any, subgoal: Any) -> None:
    """Comparison that orders mixed integers and symbols instead of raising TypeError."""
    x, y = literal.terms
    if not (x.is_const() and y.is_const()):  # pragma: no cover - prevented by safety check
        raise RuntimeError(f"comparison on an unbound variable: {literal}")
    a, b = _sort_key(x.id), _sort_key(y.id)
    op = literal.pred.name
    ok = {"<": a < b, "<=": a <= b, ">": a > b, ">=": a >= b, "!=": a != b}[op]
    if ok:
        subgoal.fact(True)


def order_body(body: Sequence[Literal], recursive: frozenset[str] = frozenset()) -> list[int]:
    """Evaluation order for pyDatalog (strictly left to right): premises on the rule's own
    recursive cycle first (pyDatalog 0.22.4 never ends right-recursive rules over cyclic
    data; left recursion terminates), then the other positive atoms as written, each
    negation or comparison as soon as its variables are bound."""
    order: list[int] = []
    pending = list(range(len(body)))
    bound: set[Var] = set()

    def ready(i: int) -> bool:
        lit = body[i]
        if isinstance(lit, Atom):
            return False
        if isinstance(lit, Comparison) and lit.op == "=":
            sides = [t for t in (lit.left, lit.right) if isinstance(t, Var)]
            return any(v in bound for v in sides) or len(sides) < 2
        return all(v in bound or v.anonymous for v in literal_vars(lit))

    while pending:
        for i in list(pending):
            if ready(i):
                order.append(i)
                pending.remove(i)
                bound.update(literal_vars(body[i]))
        positives = [i for i in pending if isinstance(body[i], Atom)]
        if not positives:
            order.extend(pending)  # unsafe leftovers: the checker rejects these programs
            break
        first = next((i for i in positives if _pred(body[i]) in recursive), positives[0])
        order.append(first)
        pending.remove(first)
        bound.update(literal_vars(body[first]))
    return order


def _pred(lit: Literal) -> str:
    return lit.pred if isinstance(lit, Atom) else ""


@dataclass(frozen=True)
class CompiledRule:
    """A rule with its body in evaluation order."""

    rule: Rule
    order: tuple[int, ...]
    body: tuple[Literal, ...] = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "body", tuple(self.rule.body[i] for i in self.order))


class Engine:
    """A compiled program: derived predicates as pyDatalog rules, base ones as resolvers."""

    def __init__(
        self, rules: Sequence[Rule], derived: set[str], bridged: set[str], tables: bool = False
    ) -> None:
        self.key = next(_program_ids)
        self.rules = {r.id: r for r in rules}
        cycles = recursive_components(rules)
        # recursive predicates that may be read from a table (see _tables), once asked to
        self.recursive = {p for p, cycle in cycles.items() if cycle}
        self.tables = tables
        self._lock = threading.Lock()
        self._made: tuple[weakref.ref[FactStore], int, dict[str, frozenset[str]], View] | None
        self._made = None
        self.compiled = [
            CompiledRule(r, tuple(order_body(r.body, cycles.get(r.head.pred, frozenset()))))
            for r in rules
        ]
        self.derived = derived
        self.bridged = bridged  # derived predicates that also have base facts
        self.arities: dict[str, int] = {}
        for r in rules:
            self.arities[r.head.pred] = r.head.arity

    # -- building clause objects (always inside the thread's own Logic) --

    def _name(self, pred: str) -> str:
        if pred in _local.fixed:
            return _FIXED + pred
        return pred if pred in self.derived else _EDB + pred

    def _term(self, term: Any, vars_: dict[str, Any]) -> Any:
        if isinstance(term, Var):
            if term.name not in vars_:
                vars_[term.name] = pyEngine.Var(term.name)
            return vars_[term.name]
        return pyEngine.Const(term.value)

    def _literal(self, lit: Literal, vars_: dict[str, Any]) -> Any:
        if isinstance(lit, Atom):
            name = self._name(lit.pred)
            if name.startswith(_EDB):
                _register(name, lit.arity, _edb_resolver(lit.pred))
            elif name.startswith(_FIXED):
                _register(name, lit.arity, _fixed_resolver(lit.pred))
            return pyEngine.Literal(name, [self._term(t, vars_) for t in lit.args])
        if isinstance(lit, Negation):
            base = self._literal(lit.atom, vars_)
            return pyEngine.Literal("~" + base.pred.name, base.terms)
        op = _CMP[lit.op]
        return pyEngine.Literal(op, [self._term(lit.left, vars_), self._term(lit.right, vars_)])

    def _build_logic(self) -> Any:
        """The program for this thread, without the rules of the relations read from tables."""
        Logic()
        db = Logic.tl.logic.Db
        for op in ("<", "<=", ">", ">=", "!="):
            db[f"{op}/2"].prim = _compare_primitive
        for compiled in self.compiled:
            rule = compiled.rule
            if rule.head.pred in _local.fixed:
                continue
            vars_: dict[str, Any] = {}
            head = self._literal(rule.head, vars_)
            body = [self._literal(lit, vars_) for lit in compiled.body]
            if rule.dated:
                body.insert(0, pyEngine.Literal(_ACTIVE, [pyEngine.Const(rule.id)]))
            pyEngine.assert_(pyEngine.Clause(head, body))
        for pred in sorted(self.bridged - _local.fixed):
            arity = self.arities[pred]
            vars_ = {}
            args = tuple(Var(f"A{i}") for i in range(arity))
            head = self._literal(Atom(pred, args), vars_)
            edb = _EDB + pred
            _register(edb, arity, _edb_resolver(pred))
            body = [pyEngine.Literal(edb, [vars_[v.name] for v in args])]
            pyEngine.assert_(pyEngine.Clause(head, body))
        return Logic(True)

    def _activate(self) -> None:
        logics: dict[tuple[int, frozenset[str]], Any] | None = getattr(_local, "logics", None)
        if logics is None:
            logics = _local.logics = {}
        key = (self.key, _local.fixed)
        logic = logics.get(key)
        if logic is None:
            logic = logics[key] = self._build_logic()
        Logic.tl.logic = logic
        _local.rules = self.rules

    # -- asking --

    def ask(self, view: View, atom: Atom) -> list[tuple[Value, ...]]:
        """All argument tuples of `atom` that hold in `view` (distinct)."""
        rows: list[tuple[Value, ...]] = self._run(view, lambda: self._ask_literal(atom))
        return rows

    def solve(
        self, view: View, body: Sequence[Literal], limit: int | None = None
    ) -> list[dict[str, Value]]:
        """Bindings of the named variables that satisfy a conjunction, in evaluation order."""
        found: list[dict[str, Value]] = self._run(view, lambda: self._solve(body, limit))
        return found

    def _run(self, view: View, job: Any) -> Any:
        previous: tuple[View | None, frozenset[str], View | None] = (
            getattr(_local, "view", None),
            getattr(_local, "fixed", frozenset()),
            getattr(_local, "table", None),
        )
        try:
            _local.fixed, _local.table = self._tables(view)
            _local.view = view
            self._activate()
            return job()
        finally:
            _local.view, _local.fixed, _local.table = previous

    def _tables(self, view: View) -> tuple[frozenset[str], View | None]:
        """The invariant relations this view reads from their table: all of them, except
        those depending on a predicate the view's scenario assumes or retracts. The table is
        computed by the rules on first use and again whenever the fact store changes."""
        if not (self.tables and self.recursive):
            return frozenset(), None
        store = view.store
        with self._lock:
            made = self._made
            if made is None or made[0]() is not store or made[1] != store.count:
                made = self._made = self._materialise(store, view.day)
        _, _, reads, table = made
        touched = {pred for pred, _ in view.added | view.removed}
        return frozenset(p for p, cone in reads.items() if not cone & touched), table

    def _materialise(
        self, store: FactStore, day: dt.date
    ) -> tuple[weakref.ref[FactStore], int, dict[str, frozenset[str]], View]:
        """Compute every invariant relation of `store` with the rules (on this thread)."""
        reads = invariant_relations([c.rule for c in self.compiled], store)
        _local.fixed, _local.view = frozenset(), View(store, day)
        self._activate()
        here = Location("<invariant relation>")
        records = [
            FactRecord(pred, row, "rules", here)
            for pred in sorted(reads)
            for row in self._ask_literal(
                Atom(pred, tuple(Var(f"A{i}") for i in range(self.arities[pred])))
            )
        ]
        return weakref.ref(store), store.count, reads, View(FactStore(records), day)

    def _ask_literal(self, atom: Atom) -> list[tuple[Value, ...]]:
        vars_: dict[str, Any] = {}
        literal = self._literal(atom, vars_)
        return _rows(literal.ask(), atom.arity)

    def _solve(self, body: Sequence[Literal], limit: int | None) -> list[dict[str, Value]]:
        if not body:
            return [{}]
        names: list[str] = []
        for lit in body:
            for v in literal_vars(lit):
                if v.name not in names:
                    names.append(v.name)
        bound = bound_variables(body)
        names = [n for n in names if Var(n) in bound]
        vars_: dict[str, Any] = {}
        order = order_body(body)
        literals = [self._literal(body[i], vars_) for i in order]
        head = pyEngine.Literal(_QUERY, [vars_[n] for n in names])
        clause = pyEngine.Clause(head, literals)
        pyEngine.assert_(clause)
        try:
            query = pyEngine.Literal(_QUERY, [pyEngine.Var(n) for n in names])
            rows = _rows(query.ask(), len(names))
        finally:
            pyEngine.retract(clause)
        out = [dict(zip(names, row, strict=True)) for row in rows]
        return out if limit is None else out[:limit]


def _rows(result: Any, arity: int) -> list[tuple[Value, ...]]:
    if result is True:
        return [()]
    if not result:
        return []
    seen: dict[tuple[Value, ...], None] = {}
    for row in result:
        seen.setdefault(tuple(row)[:arity] if arity else (), None)
    return list(seen)


def ground(atom: Atom, binding: dict[str, Value]) -> Atom:
    """Substitute a binding into an atom."""
    args = tuple(
        Const(binding[a.name]) if isinstance(a, Var) and a.name in binding else a for a in atom.args
    )
    return Atom(atom.pred, args, atom.loc)


def ground_literal(lit: Literal, binding: dict[str, Value]) -> Literal:
    """Substitute a binding into any body literal."""
    if isinstance(lit, Atom):
        return ground(lit, binding)
    if isinstance(lit, Negation):
        return Negation(ground(lit.atom, binding))

    def sub(t: Var | Const) -> Var | Const:
        return Const(binding[t.name]) if isinstance(t, Var) and t.name in binding else t

    return Comparison(lit.op, sub(lit.left), sub(lit.right), lit.loc)


def compare_values(op: str, left: Value, right: Value) -> bool:
    """Evaluate a ground comparison with the engine's ordering."""
    a, b = _sort_key(left), _sort_key(right)
    return {"=": a == b, "!=": a != b, "<": a < b, "<=": a <= b, ">": a > b, ">=": a >= b}[op]


_engines: weakref.WeakKeyDictionary[KnowledgeBase, Engine] = weakref.WeakKeyDictionary()
_engines_lock = threading.Lock()


def engine_for(kb: KnowledgeBase, tables: bool = False) -> Engine:
    """The compiled program of a knowledge base: built on first use, then shared by all threads.

    `tables` makes it read invariant recursive relations from tables from then on: worth it
    for queries over every place (the map's); one question pays more to make them than it
    saves (about 0.15 s for `within` on the bundled knowledge base)."""
    with _engines_lock:
        engine = _engines.get(kb)
        if engine is None:
            derived = {d.name for d in kb.program.decls.values() if d.derived}
            bridged = {p for p in kb.store.predicates() if p in derived}
            engine = _engines[kb] = Engine(kb.program.rules, derived, bridged)
        engine.tables = engine.tables or tables
        return engine
