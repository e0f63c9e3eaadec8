"""Every proof cites only facts of its as-of slice and every step is a valid rule instance.

The checks are independent of the engine's own evaluation: premises are matched against
the rule text, negations and derived atoms are checked against clingo's model.
"""

from __future__ import annotations

import datetime as dt

import pytest
from casus.engine.ask import ask
from casus.engine.evaluation.adapter import ground_literal
from casus.engine.evaluation.scenario import Limits, build_scenario
from casus.engine.explanation.answer import ProofNode
from casus.engine.explanation.explain import Explainer
from casus.engine.knowledge.kb import KnowledgeBase
from casus.engine.knowledge.store import View
from casus.engine.language.ast import Atom, Comparison, Const, Negation, Value
from casus.engine.language.syntax import parse_ground_atom
from hypothesis import HealthCheck, given, settings

from bench.asp import Relations, clingo_relations, derived_predicates, engine_relations
from tests.engine.engine_programs import (
    SYUNIK_WAR,
    VILLAGE_WAR,
    WAR,
    GeneratedProgram,
    programs,
)


def _order(value: Value) -> tuple[int, Value]:
    """The specified order of values: integers before symbols (as in clingo)."""
    return (0, value) if isinstance(value, int) else (1, value)


def _compare(op: str, left: Value, right: Value) -> bool:
    a, b = _order(left), _order(right)
    return {"=": a == b, "!=": a != b, "<": a < b, "<=": a <= b, ">": a > b, ">=": a >= b}[op]


def _match(pattern: Atom, ground: Atom, binding: dict[str, Value]) -> dict[str, Value] | None:
    """Extend `binding` so that `pattern` equals `ground`, or None."""
    if pattern.pred != ground.pred or pattern.arity != ground.arity:
        return None
    out = dict(binding)
    for term, value in zip(pattern.args, ground.values(), strict=True):
        if isinstance(term, Const):
            if term.value != value:
                return None
        elif not term.anonymous:
            if out.setdefault(term.name, value) != value:
                return None
    return out


def _holds_somewhere(atom: Atom, model: Relations, view: View) -> bool:
    """Whether some instance of `atom` (its `_` free) is true in clingo's model or the view."""
    pattern = tuple(a.value if isinstance(a, Const) else None for a in atom.args)
    rows = model.get(atom.pred)
    if rows is None:
        return next(view.rows(atom.pred, pattern), None) is not None
    return any(all(p is None or p == v for p, v in zip(pattern, row, strict=True)) for row in rows)


def check_proof(kb: KnowledgeBase, view: View, node: ProofNode, model: Relations) -> None:
    """Assert that `node` is a valid proof in `view`; `model` is clingo's derived relations."""
    atom = parse_ground_atom(node.atom)
    key = (atom.pred, atom.values())
    if node.kind == "fact":
        valid = [r for r in kb.store.records(*key) if r.valid_on(view.ordinal)]
        assert valid and key not in view.removed, f"{node.atom} is not a fact as of {view.day}"
        cited = {(s.id, s.location) for s in node.sources}
        assert cited == {(r.source, f"{r.loc.file}:{r.loc.line}") for r in valid}
        return
    if node.kind == "assumed":
        assert key in view.added, f"{node.atom} is cited as assumed but the scenario lacks it"
        return
    assert node.kind == "rule" and node.rule is not None, f"unexpected {node.kind} node"
    rule = kb.rule(node.rule.id)
    assert rule is not None and rule.active_on(view.day), f"rule {node.rule.id} not in force"
    assert node.rule.location == f"{rule.loc.file}:{rule.loc.line}"
    assert atom.values() in model[atom.pred], f"{node.atom} is not in clingo's model"
    binding = _match(rule.head, atom, {})
    assert binding is not None, f"{node.atom} is not an instance of the head of {rule.id}"
    assert len(node.premises) == len(rule.body), f"{rule.id}: premises differ from the body"
    for lit, premise in zip(rule.body, node.premises, strict=True):
        if isinstance(lit, Atom):
            matched = _match(lit, parse_ground_atom(premise.atom), binding)
            assert matched is not None, f"{premise.atom} is not an instance of {lit}"
            binding = matched
    for lit, premise in zip(rule.body, node.premises, strict=True):
        if isinstance(lit, Atom):  # matched above (its `_` may take any value)
            check_proof(kb, view, premise, model)
            continue
        grounded = ground_literal(lit, binding)
        assert str(grounded) == premise.atom, f"{rule.id}: {premise.atom} is not {grounded}"
        if isinstance(grounded, Negation):
            assert premise.kind == "negation"
            assert not _holds_somewhere(grounded.atom, model, view), f"{grounded.atom} holds"
        else:
            assert isinstance(grounded, Comparison) and premise.kind == "comparison"
            left, right = grounded.left, grounded.right
            assert isinstance(left, Const) and isinstance(right, Const)
            assert _compare(grounded.op, left.value, right.value), f"{grounded} is false"


def _all_proofs(kb: KnowledgeBase, view: View, preds: list[str], limit: int) -> int:
    """Prove up to `limit` answers of every predicate and check each proof; returns the count."""
    model = clingo_relations(kb, view, preds)
    explainer = Explainer(kb, view, Limits(max_bindings=1000, time_budget_s=30.0))
    checked = 0
    for pred in preds:
        for row in sorted(model[pred], key=lambda r: [_order(v) for v in r])[:limit]:
            proof = explainer.prove(Atom(pred, tuple(Const(v) for v in row)))
            check_proof(kb, view, proof, model)
            checked += 1
    assert not explainer.truncated
    return checked


UZBEK_CLASH = [
    "event(clash)",
    "target(clash, uzbekistan)",
    "armed_attack(clash)",
    "located_in(fergana, uzbek_land)",
    "territory_of(uzbek_land, uzbekistan)",
    "hostilities_in(clash, fergana)",
    "requested_assistance(uzbekistan, csto, clash)",
]
SCENARIOS: list[tuple[str, list[str], list[str]]] = [
    ("2020-10-07", SYUNIK_WAR, []),
    ("2020-10-07", VILLAGE_WAR, ["party(russia, csto)"]),
    ("2008-01-01", UZBEK_CLASH, []),
]


@pytest.mark.parametrize(("as_of", "assume", "retract"), SCENARIOS)
def test_shipped_rule_proofs_are_valid(
    kb: KnowledgeBase, as_of: str, assume: list[str], retract: list[str]
) -> None:
    view = build_scenario(kb, dt.date.fromisoformat(as_of), assume, retract).view(kb)
    assert _all_proofs(kb, view, derived_predicates(kb), limit=20) >= 5


def test_answer_proofs_cite_only_the_as_of_slice(kb: KnowledgeBase) -> None:
    """Through `ask`: Uzbekistan's membership is cited only with the 2006-2012 record."""
    assume = ["event(clash)", "target(clash, uzbekistan)", "armed_attack(clash)",
              "hostilities_in(clash, uz_city)", "territory_of(uz_city, uzbekistan)",
              "requested_assistance(uzbekistan, csto, clash)"]
    as_of = dt.date(2008, 1, 1)
    answer = ask(kb, "must_assist(A, uzbekistan, csto, clash)", as_of, assume=assume)
    view = build_scenario(kb, as_of, assume).view(kb)
    model = clingo_relations(kb, view, derived_predicates(kb))
    assert answer.holds and {a.bindings["A"] for a in answer.answers} == {
        "armenia", "belarus", "kazakhstan", "kyrgyzstan", "russia", "tajikistan"}
    periods: set[str] = set()
    for item in answer.answers:
        assert item.proof is not None
        check_proof(kb, view, item.proof, model)
        stack = [item.proof]
        while stack:
            node = stack.pop()
            stack += node.premises
            if node.atom == "party(uzbekistan, csto)":
                periods |= {s.period for s in node.sources}
    assert periods == {"from 2006-06-23 until 2012-12-19"}


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(programs())
def test_generated_program_proofs_are_valid(program: GeneratedProgram) -> None:
    kb = KnowledgeBase.from_text(program.text)
    view = View(kb.store, dt.date(2020, 1, 1))
    assert engine_relations(kb, view, list(program.derived))  # builds the thread's program
    _all_proofs(kb, view, list(program.derived), limit=5)


def test_check_proof_rejects_a_fact_outside_the_slice(kb: KnowledgeBase) -> None:
    """The checker itself can fail: a proof valid in 2020 is invalid as of 1993."""
    as_of = dt.date(2020, 10, 7)
    view = build_scenario(kb, as_of, SYUNIK_WAR).view(kb)
    model = clingo_relations(kb, view, derived_predicates(kb))
    proof = Explainer(kb, view).prove(
        Atom("must_assist", tuple(Const(v) for v in ("russia", "armenia", "csto", WAR))))
    check_proof(kb, view, proof, model)
    earlier = View(kb.store, dt.date(1993, 1, 1), view.added, view.removed)
    with pytest.raises(AssertionError):
        check_proof(kb, earlier, proof, model)


def test_check_proof_rejects_a_wrong_rule_instance(kb: KnowledgeBase) -> None:
    view = build_scenario(kb, dt.date(2020, 10, 7)).view(kb)
    model = clingo_relations(kb, view, derived_predicates(kb))
    proof = Explainer(kb, view).prove(
        Atom("covered_territory", tuple(Const(v) for v in ("csto", "armenia", "syunik"))))
    check_proof(kb, view, proof, model)
    bad = proof.model_copy(deep=True)
    bad.premises[1].atom = "territory_of(gegharkunik, armenia)"
    with pytest.raises(AssertionError):
        check_proof(kb, view, bad, model)
