"""The engine's answers equal clingo's on the shipped rules and on generated programs."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys

import pytest
from casus.engine.evaluation.scenario import build_scenario
from casus.engine.knowledge.kb import KnowledgeBase
from casus.engine.knowledge.store import View
from hypothesis import HealthCheck, given, settings

from bench.asp import clingo_relations, derived_predicates, engine_relations
from tests.engine.engine_programs import (
    SYUNIK_WAR,
    VILLAGE_WAR,
    WAR,
    GeneratedProgram,
    programs,
)

SHIPPED_SCENARIOS: list[tuple[str, list[str], list[str]]] = [
    ("1993-01-01", [], []),
    ("1995-06-01", [], []),
    ("2000-01-01", [], []),
    ("2008-01-01", [], []),
    ("2020-10-07", [], []),
    ("2020-10-07", SYUNIK_WAR, []),
    ("2020-10-07", VILLAGE_WAR, []),
    ("2020-10-07", SYUNIK_WAR, ["party(russia, csto)"]),
    ("2020-12-01", SYUNIK_WAR, []),
    ("2020-10-31", [f"hostilities_in({WAR}, syunik)"], []),
    (
        "2024-06-01",
        [*SYUNIK_WAR, f"target({WAR}, kazakhstan)", "territory_of(syunik, kazakhstan)"],
        [],
    ),
]


@pytest.mark.parametrize(("as_of", "assume", "retract"), SHIPPED_SCENARIOS)
def test_shipped_rules_match_clingo(
    kb: KnowledgeBase, as_of: str, assume: list[str], retract: list[str]
) -> None:
    scenario = build_scenario(kb, dt.date.fromisoformat(as_of), assume, retract)
    view = scenario.view(kb)
    preds = derived_predicates(kb)
    assert engine_relations(kb, view, preds) == clingo_relations(kb, view, preds)


def test_shipped_scenarios_are_not_all_empty(kb: KnowledgeBase) -> None:
    """The comparison above means something: the scenarios derive answers to questions."""
    scenario = build_scenario(kb, dt.date(2020, 10, 31), [f"hostilities_in({WAR}, syunik)"])
    found = engine_relations(kb, scenario.view(kb), ["must_assist", "must_consult"])
    assert ("russia", "armenia", "ru_am_1997", WAR) in found["must_assist"]
    village = build_scenario(kb, dt.date(2020, 10, 7), VILLAGE_WAR)
    assert ("village", "syunik") in engine_relations(kb, village.view(kb), ["within"])["within"]


def test_repeated_variable_in_base_atom_joins_on_equality() -> None:
    """Regression: `p(Z, Z)` over a base relation matched nothing (pyDatalog compares the
    constants of a repeated variable by identity)."""
    kb = KnowledgeBase.from_text(
        '.input e(x, y) true "e" false "not e"\n'
        '.decl loop(x) true "loop" false "no loop"\n'
        "loop(Z) :- e(Z, Z).\n"
        "e(a, a). e(a, b). e(1, 1). e(2, 1).\n"
    )
    view = View(kb.store, dt.date(2020, 1, 1))
    assert engine_relations(kb, view, ["loop"]) == {"loop": {("a",), (1,)}}


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(programs())
def test_generated_programs_match_clingo(program: GeneratedProgram) -> None:
    kb = KnowledgeBase.from_text(program.text)
    view = View(kb.store, dt.date(2020, 1, 1))
    expected = clingo_relations(kb, view, program.derived)
    assert engine_relations(kb, view, program.derived) == expected, program.text


RIGHT_RECURSION = """
import datetime as dt
from casus.engine.language.ast import Atom, Var
from casus.engine.knowledge.kb import KnowledgeBase
from casus.engine.knowledge.store import View
from casus.engine.evaluation.adapter import engine_for
kb = KnowledgeBase.from_text(
    '.input e(x, y) true "e" false "not e"\\n.decl r(x, y) true "r" false "not r"\\n'
    'r(X, Y) :- e(X, Y).\\nr(X, Y) :- e(X, Z), r(Z, Y).\\ne(0, 1). e(1, 2). e(2, 0).\\n')
print(len(engine_for(kb).ask(View(kb.store, dt.date(2020, 1, 1)), Atom("r", (Var("A"), Var("B"))))))
"""


def test_right_recursion_over_a_cycle_terminates() -> None:
    """Transitive closure written right-recursively over a 3-cycle (clingo: 9 pairs).
    pyDatalog 0.22.4 alone loops forever on it; the adapter evaluates premises on the
    rule's own cycle first. A subprocess with a timeout keeps a regression from hanging."""
    done = subprocess.run([sys.executable, "-c", RIGHT_RECURSION], capture_output=True,
                          text=True, timeout=5, check=True)
    assert done.stdout.strip() == "9"
