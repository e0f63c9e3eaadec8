"""Translate a casus program and a fact view into ASP text and solve it with clingo.

clingo is the independent reference evaluator: the oracle tests require the engine's
answers to equal clingo's, and the benchmark times both on the same program and facts.
Identifiers and quoted strings both become clingo strings (they are one symbol type in
casus), integers stay integers, so clingo's order (integers before strings) matches ours.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import clingo
from casus.engine.evaluation.adapter import engine_for
from casus.engine.knowledge.kb import KnowledgeBase
from casus.engine.knowledge.store import View
from casus.engine.language.ast import Atom, Comparison, Literal, Negation, Rule, Term, Value, Var

Relations = dict[str, set[tuple[Value, ...]]]


def asp_value(value: Value) -> str:
    """A casus value as an ASP term: integers as is, every symbol as a quoted string."""
    if isinstance(value, int):
        return str(value)
    escaped = value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'"{escaped}"'


def _term(term: Term) -> str:
    if isinstance(term, Var):
        # `_` stays anonymous (projected away, also under `not`); `X` becomes `VX`
        return "_" if term.anonymous else "V" + term.name
    return asp_value(term.value)


def _atom(atom: Atom) -> str:
    if not atom.args:
        return atom.pred
    return f"{atom.pred}({', '.join(_term(t) for t in atom.args)})"


def _literal(lit: Literal) -> str:
    if isinstance(lit, Atom):
        return _atom(lit)
    if isinstance(lit, Negation):
        return "not " + _atom(lit.atom)
    assert isinstance(lit, Comparison)
    return f"{_term(lit.left)} {lit.op} {_term(lit.right)}"


def rule_text(rule: Rule) -> str:
    """One casus rule as an ASP rule."""
    return f"{_atom(rule.head)} :- {', '.join(_literal(lit) for lit in rule.body)}."


def fact_text(pred: str, args: tuple[Value, ...]) -> str:
    """One ground fact as an ASP fact."""
    if not args:
        return f"{pred}."
    return f"{pred}({', '.join(asp_value(v) for v in args)})."


def view_facts(kb: KnowledgeBase, view: View) -> Iterable[tuple[str, tuple[Value, ...]]]:
    """Every base fact true in `view`, for every predicate that has facts or assumptions."""
    preds = kb.store.predicates() | set(view.added_by_pred)
    for pred in sorted(preds):
        decl = kb.decls.get(pred)
        if decl is None:
            continue
        yield from ((pred, args) for args in view.rows(pred, (None,) * decl.arity))


def program_text(kb: KnowledgeBase, view: View) -> str:
    """The rules in force on the view's day plus the view's facts, as one ASP program."""
    lines = [rule_text(r) for r in kb.rules if r.active_on(view.day)]
    lines += [fact_text(pred, args) for pred, args in view_facts(kb, view)]
    for decl in kb.decls.values():  # declare every predicate so clingo does not warn
        lines.append(f"#defined {decl.name}/{decl.arity}.")
    return "\n".join(lines) + "\n"


def _python_value(symbol: clingo.Symbol) -> Value:
    if symbol.type == clingo.SymbolType.Number:
        return int(symbol.number)
    if symbol.type == clingo.SymbolType.String:
        return str(symbol.string)
    raise ValueError(f"unexpected clingo symbol {symbol}")  # only strings and ints are emitted


def solve(text: str, preds: Sequence[str]) -> Relations:
    """The unique stable model of a stratified program, restricted to `preds`."""
    control = clingo.Control(["--warn=none"])
    control.add("base", [], text)
    control.ground([("base", [])])
    wanted = set(preds)
    out: Relations = {p: set() for p in preds}
    models = 0
    with control.solve(yield_=True) as handle:
        for model in handle:
            models += 1
            for symbol in model.symbols(atoms=True):
                if symbol.name in wanted:
                    out[symbol.name].add(tuple(_python_value(a) for a in symbol.arguments))
    if models != 1:  # stratified programs have exactly one stable model
        raise ValueError(f"clingo found {models} models; the program is not stratified")
    return out


def clingo_relations(kb: KnowledgeBase, view: View, preds: Sequence[str]) -> Relations:
    """clingo's answer for every predicate in `preds` under `view`."""
    return solve(program_text(kb, view), preds)


def engine_relations(kb: KnowledgeBase, view: View, preds: Sequence[str]) -> Relations:
    """The engine's answer for every predicate in `preds` under `view` (all variables open)."""
    out: Relations = {}
    for pred in preds:
        arity = kb.decls[pred].arity
        goal = Atom(pred, tuple(Var(f"A{i}") for i in range(arity)))
        out[pred] = set(engine_for(kb).ask(view, goal))
    return out


def derived_predicates(kb: KnowledgeBase) -> list[str]:
    """Names of the predicates defined by rules."""
    return sorted(d.name for d in kb.decls.values() if d.derived)
