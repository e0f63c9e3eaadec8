"""Browsing endpoints: questions, predicates, rules, facts, entities, sources, version."""

from __future__ import annotations

from typing import Any

from casus.engine.knowledge.kb import KnowledgeBase
from fastapi.testclient import TestClient

from tests.api.support import error_of


def get(client: TestClient, url: str, **params: Any) -> Any:
    response = client.get(url, params=params)
    assert response.status_code == 200, response.text
    return response.json()


def test_questions_have_sentences_and_argument_kinds(
    client: TestClient, kb: KnowledgeBase
) -> None:
    questions = {q["name"]: q for q in get(client, "/v1/questions")}
    assert set(questions) == {"casus_foederis", "must_assist", "must_consult"}
    assist = questions["must_assist"]
    assert [(p["name"], p["kind"]) for p in assist["params"]] == [
        ("ally", "state"), ("victim", "state"), ("treaty", "treaty"), ("event", "event")
    ]
    assert assist["template"] == "must_assist(Ally, Victim, Treaty, Event)"
    assert assist["true_text"] == "{ally} is obliged to assist {victim} under {treaty} over {event}"
    assert assist["rules"] == [r.id for r in kb.rules if r.head.pred == "must_assist"]
    assert "csto.art4.assist" in assist["rules"]


def test_predicates_filtered_by_kind(client: TestClient, kb: KnowledgeBase) -> None:
    assert len(get(client, "/v1/predicates")) == len(kb.decls)
    inputs = get(client, "/v1/predicates", kind="input")
    assert {p["kind"] for p in inputs} == {"input"}
    assert "party" in {p["name"] for p in inputs}
    assert error_of(client.get("/v1/predicates", params={"kind": "other"}), 422)


def covered_rules(kb: KnowledgeBase) -> list[str]:
    return [r.id for r in kb.rules if r.head.pred == "covered_territory"]


def test_one_predicate(client: TestClient, kb: KnowledgeBase) -> None:
    covered = get(client, "/v1/predicates/covered_territory")
    assert covered["kind"] == "decl"
    assert covered["rules"] == covered_rules(kb) and "csto.scope.territory" in covered["rules"]
    body = error_of(client.get("/v1/predicates/covered_teritory"), 404)
    assert body.code == "unknown-predicate" and body.errors[0].hints[0] == "covered_territory"


def test_rules_list_and_filter(client: TestClient, kb: KnowledgeBase) -> None:
    assert [r["id"] for r in get(client, "/v1/rules")] == [r.id for r in kb.rules]
    listed = get(client, "/v1/rules", predicate="covered_territory")
    assert [r["id"] for r in listed] == covered_rules(kb)
    assert {r["predicate"] for r in listed} == {"covered_territory"}
    body = error_of(client.get("/v1/rules", params={"predicate": "must_asist"}), 422)
    assert body.errors[0].hints[0] == "must_assist"


def test_rule_detail_has_text_location_and_article(
    client: TestClient, kb: KnowledgeBase
) -> None:
    rule = get(client, "/v1/rules/csto.art2")
    source = kb.rule("csto.art2")
    assert source is not None and rule["location"] == f"{source.loc.file}:{source.loc.line}"
    assert rule["text"].startswith('@rule csto.art2 "Collective Security Treaty, Art. 2')
    assert "joint consultations" in rule["article"]
    assert rule["body"][0] == "target(E, V)" and rule["head"] == "must_consult(csto, E)"


def test_unknown_rule_is_404_with_suggestions(client: TestClient) -> None:
    body = error_of(client.get("/v1/rules/csto.art4.asist"), 404)
    assert body.code == "unknown-rule" and body.errors[0].hints[0] == "csto.art4.assist"


def test_facts_filtered_by_predicate_entity_and_date(client: TestClient) -> None:
    page = get(client, "/v1/facts", predicate="party", entity="azerbaijan")
    assert page["total"] == len(page["items"]) >= 1
    assert all(f["predicate"] == "party" and "azerbaijan" in f["args"] for f in page["items"])
    (fact,) = [f for f in page["items"] if f["atom"] == "party(azerbaijan, csto)"]
    assert (fact["valid_from"], fact["valid_until"]) == ("1994-04-20", "1999-04-20")
    assert fact["source"]["id"] == "gibler-cst" and fact["source"]["title"]
    assert fact["location"].startswith("facts/csto.yaml:")
    assert get(client, "/v1/facts", entity="azerbaijan", as_of="1995-01-01")["total"] >= 1
    now = get(client, "/v1/facts", predicate="party", entity="azerbaijan", as_of="2020-10-07")
    assert "party(azerbaijan, csto)" not in [f["atom"] for f in now["items"]]


def test_facts_show_disagreeing_sources(client: TestClient) -> None:
    (georgia,) = get(client, "/v1/facts", predicate="party", entity="georgia")["items"]
    assert [d["source"] for d in georgia["disputed"]] == ["csto-ru-wiki"]


def test_facts_paging(client: TestClient, kb: KnowledgeBase) -> None:
    first = get(client, "/v1/facts", limit=3)
    atoms = [f["atom"] for f in first["items"]]
    while len(atoms) < first["total"]:
        page = get(client, "/v1/facts", offset=len(atoms), limit=500)
        assert page["total"] == first["total"] and page["items"]
        atoms += [f["atom"] for f in page["items"]]
    assert first["total"] == kb.store.count == len(atoms)


def test_facts_unknown_filters_suggest(client: TestClient) -> None:
    body = error_of(client.get("/v1/facts", params={"entity": "armnia"}), 422)
    assert body.code == "unknown-entity" and body.errors[0].hints[0] == "armenia"


def test_entities_by_label_alias_iso_and_near_miss(client: TestClient, kb: KnowledgeBase) -> None:
    def ids(q: str, **params: Any) -> list[str]:
        return [e["id"] for e in get(client, "/v1/entities", q=q, **params)["items"]]

    assert ids("AM")[0] == "armenia"  # the ISO code, before labels containing "am"
    assert ids("Nagorny Karabakh") == ["nagorno_karabakh"]
    assert ids("karabakh")[0] == "nagorno_karabakh"  # exact alias first
    events = get(client, "/v1/entities", q="karabakh", kind="event")["items"]
    assert "karabakh_war_2020" in [e["id"] for e in events]
    assert {e["kind"] for e in events} == {"event"}
    assert ids("Russian Federation") == ["russia"]
    missed = get(client, "/v1/entities", q="Armnia")
    assert missed["items"] == [] and missed["suggestions"][0] == "armenia"
    assert len(get(client, "/v1/entities")["items"]) == len(kb.entities or {})


def test_one_entity(client: TestClient) -> None:
    assert get(client, "/v1/entities/armenia")["iso"] == "AM"
    body = error_of(client.get("/v1/entities/nagorno_karabah"), 404)
    assert body.code == "unknown-entity" and body.errors[0].hints[0] == "nagorno_karabakh"


def test_sources(client: TestClient, kb: KnowledgeBase) -> None:
    listed = {s["id"]: s for s in get(client, "/v1/sources")}
    assert set(listed) == set(kb.sources)
    one = get(client, "/v1/sources/gibler-cst")
    assert one == listed["gibler-cst"] and one["facts"] >= 4 and "text" not in one
    body = error_of(client.get("/v1/sources/gibler"), 404)
    assert body.code == "unknown-source" and "gibler-cst" in body.errors[0].hints


def test_version_and_health(client: TestClient, kb: KnowledgeBase) -> None:
    version = get(client, "/v1/version")
    assert (version["rules"], version["facts"]) == (kb.rules_version, kb.facts_version)
    assert version["counts"]["rules"] == len(kb.rules)
    assert version["limits"]["max_answers"] == 100
    assert get(client, "/healthz")["status"] == "ok"


def test_openapi_has_a_worked_example_for_every_endpoint(client: TestClient) -> None:
    schema = get(client, "/openapi.json")
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            content = operation["responses"]["200"]["content"]
            ok = content.get("application/json") or content["application/yaml"]
            assert "example" in ok, f"{method} {path}"
    ask = schema["paths"]["/v1/ask"]["post"]
    seed = ask["requestBody"]["content"]["application/json"]["examples"]["seed"]["value"]
    assert seed["as_of"] == "2020-10-07" and "karabakh_war_2020" in seed["query"]
    answer = ask["responses"]["200"]["content"]["application/json"]["example"]
    assert answer["query"] == seed["query"] and answer["holds"] is False
    missing = schema["paths"]["/v1/rules/{rule_id}"]["get"]["responses"]["404"]
    assert missing["content"]["application/json"]["example"]["code"] == "unknown-rule"
    assert client.get("/docs").status_code == 200
