"""Recursive relations that no date can change (`within`) are read from a table computed
once per fact store: the answers must equal those of the rules, a scenario touching what
they depend on must be answered by the rules, and a changed store must get a new table."""

from __future__ import annotations

import datetime as dt

from casus.engine.errors import Location
from casus.engine.evaluation.adapter import Engine, engine_for
from casus.engine.evaluation.invariant import invariant_relations
from casus.engine.evaluation.scenario import build_scenario
from casus.engine.knowledge.kb import KnowledgeBase
from casus.engine.knowledge.store import FactRecord, View
from casus.engine.language.ast import Atom, Var
from hypothesis import HealthCheck, given, settings

from bench.asp import clingo_relations, engine_relations
from tests.engine.engine_programs import GeneratedProgram, programs

CLOSURE = """
.input e(x, y) true "e" false "not e"
.input d(x, y) true "d" false "not d"
.decl r(x, y) true "r" false "not r"
.decl s(x, y) true "s" false "not s"
.decl t(x, y) true "t" false "not t"
.decl hop(x, y) true "hop" false "no hop"
r(X, Y) :- e(X, Y).
r(X, Y) :- r(X, Z), e(Z, Y).
s(X, Y) :- d(X, Y).
s(X, Y) :- s(X, Z), d(Z, Y).
@rule t.dated "dated" from 2000-01-01
t(X, Y) :- e(X, Y).
t(X, Y) :- t(X, Z), e(Z, Y).
hop(X, Y) :- e(X, Y).
e(a, b). e(b, c). e(c, a). e(c, d).
"""


def plain(kb: KnowledgeBase) -> Engine:
    """The same program evaluated by its rules alone (no tables)."""
    derived = {d.name for d in kb.decls.values() if d.derived}
    bridged = {p for p in kb.store.predicates() if p in derived}
    return Engine(kb.rules, derived, bridged)


def pairs(engine: Engine, view: View, pred: str) -> set[tuple[object, ...]]:
    return set(engine.ask(view, Atom(pred, (Var("X"), Var("Y")))))


def closure_kb() -> KnowledgeBase:
    kb = KnowledgeBase.from_text(CLOSURE)
    dated = FactRecord("d", ("a", "b"), "rules", Location("test"), valid_from=dt.date(2001, 1, 1))
    kb.store.add(dated)
    return kb


def test_only_undated_recursion_is_invariant(kb: KnowledgeBase) -> None:
    """`r` reads undated facts only; `s` reads a dated fact; `t` has a dated rule; `hop` is
    not recursive. In the shipped rules, `within` (the closure of `located_in`) is one."""
    small = closure_kb()
    assert set(invariant_relations(small.rules, small.store)) == {"r"}
    assert invariant_relations(small.rules, small.store)["r"] == {"r", "e"}
    assert "within" in invariant_relations(kb.rules, kb.store)


def test_tables_answer_as_the_rules_do(kb: KnowledgeBase) -> None:
    """Shipped rules on dates on both sides of changes: every relation that reads `within`
    gets the same rows from the engine with tables as from the rules alone."""
    rules_only = plain(kb)
    for day in [dt.date(1960, 1, 1), dt.date(1962, 7, 3), dt.date(2024, 3, 7)]:
        view = View(kb.store, day)
        for pred, arity in [("within", 2), ("covered_territory", 3), ("forces_area", 2)]:
            goal = Atom(pred, tuple(Var(f"A{i}") for i in range(arity)))
            tabled = set(engine_for(kb, tables=True).ask(view, goal))
            assert tabled, (pred, day)
            assert tabled == set(rules_only.ask(view, goal)), (pred, day)


def test_a_scenario_on_what_a_table_reads_is_answered_by_the_rules(kb: KnowledgeBase) -> None:
    """Assuming a village inside Syunik places it within Armenia and Asia; retracting
    Syunik's location takes those away; the next plain question sees the table again."""
    day = dt.date(2020, 10, 7)
    engine = engine_for(kb, tables=True)
    base = pairs(engine, View(kb.store, day), "within")
    assert ("syunik", "armenia") in base
    assumed = build_scenario(kb, day, ["located_in(village, syunik)"]).view(kb)
    found = pairs(engine, assumed, "within")
    assert {("village", "syunik"), ("village", "armenia")} <= found
    assert found == pairs(plain(kb), assumed, "within")
    retracted = build_scenario(kb, day, [], ["located_in(syunik, armenia)"]).view(kb)
    assert ("syunik", "armenia") not in pairs(engine, retracted, "within")
    assert pairs(engine, View(kb.store, day), "within") == base


def test_a_changed_store_gets_a_new_table() -> None:
    """A fact added to the store after the first question shows in the next answer."""
    kb = closure_kb()
    view = View(kb.store, dt.date(2020, 1, 1))
    assert ("d", "e") not in pairs(engine_for(kb, tables=True), view, "r")
    kb.store.add(FactRecord("e", ("d", "e"), "rules", Location("test")))
    assert ("a", "e") in pairs(engine_for(kb, tables=True), view, "r")
    assert pairs(engine_for(kb, tables=True), view, "r") == pairs(plain(kb), view, "r")


def test_a_fact_with_dates_ends_the_table() -> None:
    """Once `e` has a dated fact, `r` depends on the date and is answered by its rules."""
    kb = closure_kb()
    engine = engine_for(kb, tables=True)
    assert ("a", "d") in pairs(engine, View(kb.store, dt.date(2020, 1, 1)), "r")
    until = FactRecord("e", ("d", "f"), "rules", Location("t"), valid_until=dt.date(2010, 1, 1))
    kb.store.add(until)
    assert ("a", "f") in pairs(engine, View(kb.store, dt.date(2009, 1, 1)), "r")
    assert ("a", "f") not in pairs(engine, View(kb.store, dt.date(2011, 1, 1)), "r")


def test_stores_of_other_knowledge_bases_are_not_mixed() -> None:
    """Two knowledge bases of one program each get their own table."""
    day = dt.date(2020, 1, 1)
    one, two = closure_kb(), KnowledgeBase.from_text(CLOSURE.replace("e(c, d).", ""))
    assert ("a", "d") in pairs(engine_for(one, tables=True), View(one.store, day), "r")
    assert ("a", "d") not in pairs(engine_for(two, tables=True), View(two.store, day), "r")
    assert ("a", "d") in pairs(engine_for(one, tables=True), View(one.store, day), "r")


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(programs())
def test_generated_programs_with_tables_match_clingo(program: GeneratedProgram) -> None:
    """Random stratified programs (undated, so every recursive relation is invariant)."""
    kb = KnowledgeBase.from_text(program.text)
    engine_for(kb, tables=True)
    view = View(kb.store, dt.date(2020, 1, 1))
    expected = clingo_relations(kb, view, program.derived)
    assert engine_relations(kb, view, program.derived) == expected, program.text
