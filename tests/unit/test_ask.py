"""Questions end to end on the bundled knowledge base: verdicts, as-of slices, scenarios and
the content of proofs, why-not trees, would-hold-if sets and summaries."""

from __future__ import annotations

import datetime as dt

import pytest
from casus.engine.ask import ask
from casus.engine.errors import CasusError
from casus.engine.explanation.answer import ProofNode, WhyNot
from casus.engine.knowledge.kb import KnowledgeBase

SEED = "must_assist(russia, armenia, csto, karabakh_war_2020)"
DAY = dt.date(2020, 10, 7)
SYUNIK = "hostilities_in(karabakh_war_2020, syunik)"
REQUEST = "requested_assistance(armenia, csto, karabakh_war_2020)"


def walk_why(node: WhyNot) -> list[WhyNot]:
    out = [node]
    for attempt in node.attempts:
        if attempt.failed is not None:
            out += walk_why(attempt.failed)
    return out


def walk_proof(node: ProofNode) -> list[ProofNode]:
    out = [node]
    for premise in node.premises:
        out += walk_proof(premise)
    return out


def test_seed_case_is_no_for_the_territorial_reason(kb: KnowledgeBase) -> None:
    answer = ask(kb, SEED, DAY)
    assert not answer.holds and answer.answers == []
    assert answer.summary.startswith("No. As of 2020-10-07, Russia is not obliged to assist")
    assert "Nagorno-Karabakh is not internationally recognised as territory of Armenia" in (
        answer.summary
    )
    assert "territory of Azerbaijan" in answer.summary
    assert answer.why_not is not None
    missing = [n for n in walk_why(answer.why_not) if n.kind == "missing-fact"]
    territory = next(n for n in missing if n.atom == "territory_of(nagorno_karabakh, armenia)")
    assert territory.instead == [
        "Nagorno-Karabakh is internationally recognised as territory of Azerbaijan"
    ]
    attack = answer.why_not.attempts[0].failed
    assert attack is not None and attack.attempts[0].rule.id == "csto.art4.attack"
    held = {node.atom: node for node in attack.attempts[0].held}
    hostilities = held["hostilities_in(karabakh_war_2020, nagorno_karabakh)"]
    assert hostilities.sources[0].quote == (
        "the disputed Nagorno-Karabakh region where fighting is raging between Armenia and "
        "Azerbaijan"
    )
    assert hostilities.sources[0].date == DAY
    rule = kb.rule("csto.art4.attack")
    assert rule is not None
    assert attack.attempts[0].rule.location == f"{rule.loc.file}:{rule.loc.line}"
    assert rule.loc.file == "rules/csto.dl"
    assert [REQUEST, "territory_of(nagorno_karabakh, armenia)"] in answer.would_hold_if
    assert [SYUNIK, REQUEST] in answer.would_hold_if
    assert all(len(missing) == 2 for missing in answer.would_hold_if)


def test_assuming_syunik_changes_the_reason_and_a_request_the_verdict(kb: KnowledgeBase) -> None:
    without_request = ask(kb, SEED, DAY, assume=[SYUNIK])
    assert not without_request.holds
    assert "has not requested assistance" in without_request.summary
    assert without_request.would_hold_if == [[REQUEST]]
    answer = ask(kb, SEED, DAY, assume=[SYUNIK, REQUEST])
    assert answer.holds and answer.summary.startswith("Yes.")
    proof = answer.answers[0].proof
    assert proof is not None and proof.rule is not None and proof.rule.id == "csto.art4.assist"
    nodes = {n.atom: n for n in walk_proof(proof)}
    assert nodes[SYUNIK].kind == "assumed"
    assert nodes["territory_of(syunik, armenia)"].kind == "fact"
    assert nodes["russia != armenia"].kind == "comparison"


def test_open_query_lists_every_binding_with_a_proof(kb: KnowledgeBase) -> None:
    answer = ask(kb, "must_assist(A, armenia, csto, E)", DAY, assume=[SYUNIK, REQUEST])
    allies = sorted(str(item.bindings["A"]) for item in answer.answers)
    assert allies == ["belarus", "kazakhstan", "kyrgyzstan", "russia", "tajikistan"]
    assert all(item.bindings["E"] == "karabakh_war_2020" for item in answer.answers)
    assert all(item.proof is not None and item.proof.kind == "rule" for item in answer.answers)


def test_scenario_never_changes_the_base(kb: KnowledgeBase) -> None:
    assert ask(kb, SEED, DAY, assume=[SYUNIK, REQUEST]).holds
    assert not ask(kb, SEED, DAY).holds
    assert not ask(kb, SYUNIK, DAY).holds


def test_retract_removes_a_base_fact_for_one_question(kb: KnowledgeBase) -> None:
    answer = ask(kb, "party(armenia, csto)", DAY, retract=["party(armenia, csto)"])
    assert not answer.holds
    assert answer.why_not is not None and answer.why_not.kind == "retracted"
    assert ask(kb, "party(armenia, csto)", DAY).holds


def test_as_of_date_selects_facts_and_reports_other_dates(kb: KnowledgeBase) -> None:
    assert ask(kb, "party(azerbaijan, csto)", dt.date(1999, 4, 19)).holds
    later = ask(kb, "party(azerbaijan, csto)", dt.date(1999, 4, 20))
    assert not later.holds and later.why_not is not None
    assert [s.period for s in later.why_not.held_at_other_dates] == [
        "from 1994-04-20 until 1999-04-20"
    ]
    assert "holds at other dates (from 1994-04-20 until 1999-04-20)" in later.summary


def test_bad_questions_and_scenarios_raise_located_errors(kb: KnowledgeBase) -> None:
    with pytest.raises(CasusError) as info:
        ask(kb, "must_assist(russia, armenija, csto, E)", DAY)
    problem = info.value.problems[0]
    assert problem.code == "unknown-entity" and problem.hints[0] == "armenia"
    assert problem.location.col == 21
    with pytest.raises(CasusError) as info:
        ask(kb, SEED, DAY, assume=["casus_foederis(csto, karabakh_war_2020)"])
    assert info.value.code == "derived-in-scenario"
    with pytest.raises(CasusError) as info:
        ask(kb, SEED, DAY, retract=["party(georgia, csto)"])
    assert info.value.code == "nothing-to-retract"


def test_new_constant_in_assume_is_a_known_entity_in_that_scenario(kb: KnowledgeBase) -> None:
    answer = ask(
        kb,
        "must_assist(russia, armenia, csto, shelling_2022)",
        dt.date(2022, 9, 13),
        assume=[
            "armed_attack(shelling_2022)",
            "target(shelling_2022, armenia)",
            "hostilities_in(shelling_2022, syunik)",
            "requested_assistance(armenia, csto, shelling_2022)",
        ],
    )
    assert answer.holds
    with pytest.raises(CasusError):
        ask(kb, "must_assist(russia, armenia, csto, shelling_2022)", dt.date(2022, 9, 13))


def test_explain_levels(kb: KnowledgeBase) -> None:
    bare = ask(kb, SEED, DAY, explain="none")
    assert bare.summary == "" and bare.why_not is None and bare.would_hold_if == []
    summary = ask(kb, SEED, DAY, explain="summary")
    assert summary.summary.startswith("No.") and summary.why_not is None
