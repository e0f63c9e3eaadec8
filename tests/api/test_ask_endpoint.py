"""POST /v1/ask: verdicts, explanations at each level, scenarios, formats and limits."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from casus.engine.explanation.answer import Answer, ProofNode
from casus.engine.knowledge.kb import KnowledgeBase
from fastapi.testclient import TestClient

from tests.api.support import SEED, SYUNIK, error_of


def ask(client: TestClient, **body: Any) -> Answer:
    response = client.post("/v1/ask", json={"as_of": "2020-10-07", **body})
    assert response.status_code == 200, response.text
    return Answer.model_validate(response.json())


def nodes(node: ProofNode) -> Iterator[ProofNode]:
    """Every node of a proof tree."""
    yield node
    for premise in node.premises:
        yield from nodes(premise)


def test_seed_case_does_not_hold_and_says_why(client: TestClient, kb: KnowledgeBase) -> None:
    answer = ask(client, query=SEED)
    assert not answer.holds and answer.answers == []
    assert answer.why_not is not None and answer.why_not.kind == "rules-failed"
    assert answer.why_not.attempts[0].rule.id == "csto.art4.assist"
    assert [
        "requested_assistance(armenia, csto, karabakh_war_2020)",
        "territory_of(nagorno_karabakh, armenia)",
    ] in answer.would_hold_if
    assert answer.summary.startswith("No.")
    assert answer.versions.rules == kb.rules_version
    assert answer.versions.facts == kb.facts_version
    assert answer.elapsed_ms > 0


def test_what_if_scenario_holds_with_proof_citing_rule_and_sources(
    client: TestClient, kb: KnowledgeBase
) -> None:
    answer = ask(client, query=SEED, assume=SYUNIK)
    assert answer.holds and answer.assume == SYUNIK
    proof = answer.answers[0].proof
    assert proof is not None and proof.rule is not None
    rule = kb.rule("csto.art4.assist")
    assert rule is not None
    assert proof.rule.id == rule.id and proof.rule.location == f"{rule.loc.file}:{rule.loc.line}"
    kinds = {p.atom: p.kind for p in proof.premises}
    assert kinds["requested_assistance(armenia, csto, karabakh_war_2020)"] == "assumed"
    facts = {n.atom: n for n in nodes(proof) if n.kind == "fact"}
    assert facts["party(armenia, csto)"].sources[0].id == "csto-history"
    assert answer.summary.startswith("Yes.")


def test_open_query_lists_bindings_each_with_proof(client: TestClient) -> None:
    answer = ask(client, query="must_assist(A, armenia, csto, E)", assume=SYUNIK)
    allies = {item.bindings["A"] for item in answer.answers}
    assert allies == {"belarus", "kazakhstan", "kyrgyzstan", "russia", "tajikistan"}
    assert all(item.proof is not None for item in answer.answers)
    assert {item.bindings["E"] for item in answer.answers} == {"karabakh_war_2020"}


def test_explain_levels(client: TestClient) -> None:
    none = ask(client, query=SEED, explain="none")
    assert none.summary == "" and none.why_not is None and none.would_hold_if == []
    summary = ask(client, query=SEED, explain="summary")
    assert summary.summary.startswith("No.") and summary.why_not is None
    proofless = ask(client, query=SEED, assume=SYUNIK, explain="summary")
    assert proofless.answers[0].proof is None


def test_retract_applies_to_one_question_only(client: TestClient) -> None:
    retracted = ask(client, query="party(armenia, csto)", retract=["party(armenia, csto)"])
    assert not retracted.holds and retracted.why_not is not None
    assert retracted.why_not.kind == "retracted"
    assert ask(client, query="party(armenia, csto)").holds


def test_scenario_does_not_change_the_base(client: TestClient) -> None:
    before = client.post("/v1/ask", json={"query": SEED, "as_of": "2020-10-07"}).json()
    assert ask(client, query=SEED, assume=SYUNIK).holds
    after = client.post("/v1/ask", json={"query": SEED, "as_of": "2020-10-07"}).json()
    for answer in (before, after):  # each answer has its time and its own decision id
        answer.pop("elapsed_ms"), answer.pop("decision_id")
    assert before == after


def test_as_of_selects_dated_facts(client: TestClient) -> None:
    assert ask(client, query="party(azerbaijan, csto)", as_of="1995-01-01").holds
    later = ask(client, query="party(azerbaijan, csto)", as_of="2020-10-07")
    assert not later.holds
    assert later.why_not is not None and later.why_not.held_at_other_dates


def test_mermaid_format_is_text(client: TestClient) -> None:
    response = client.post(
        "/v1/ask", json={"query": SEED, "as_of": "2020-10-07", "format": "mermaid"}
    )
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain")
    assert response.text.startswith("flowchart")
    assert "csto.art4.attack" in response.text


def test_request_may_lower_limits(client: TestClient) -> None:
    answer = ask(
        client,
        query="must_assist(A, armenia, csto, E)",
        assume=SYUNIK,
        limits={"max_answers": 2},
    )
    assert len(answer.answers) == 2
    assert answer.truncated == ["answers limited to 2 of 5"]


def test_request_may_not_raise_limits(client: TestClient) -> None:
    response = client.post(
        "/v1/ask", json={"query": SEED, "as_of": "2020-10-07", "limits": {"max_depth": 99}}
    )
    body = error_of(response, 422)
    assert body.code == "limit-exceeded"
    assert "at most 8" in body.message
    assert body.errors[0].location is not None
    assert body.errors[0].location.field == "body.limits.max_depth"
