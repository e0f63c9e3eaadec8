"""The decision log through the HTTP API, on SQLite and PostgreSQL."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from casus.api.service.app import create_app
from casus.api.service.settings import Settings
from casus.engine.decisions.store import DecisionStore
from casus.engine.knowledge.kb import KnowledgeBase
from fastapi.testclient import TestClient

from tests.api.support import SEED, SYUNIK, error_of

WHAT_IF = {"query": SEED, "as_of": "2020-10-07", "assume": SYUNIK}
OPEN = {"query": "party(X, csto)", "as_of": "2021-01-01", "retract": ["party(russia, csto)"]}


@pytest.fixture
def client(kb: KnowledgeBase, store: DecisionStore) -> Iterator[TestClient]:
    """The API over the bundled knowledge base, logging to an empty database."""
    with TestClient(create_app(Settings(database_url=store.url), kb)) as c:
        yield c


def ask(client: TestClient, body: dict[str, Any]) -> dict[str, Any]:
    response = client.post("/v1/ask", json=body)
    assert response.status_code == 200, response.text
    answer: dict[str, Any] = response.json()
    assert answer["decision_id"] == response.headers["Casus-Decision-Id"]
    assert response.headers["Casus-Decision-Log"] == "spooled"
    wait_until_logged(client, answer["decision_id"])
    return answer


def wait_until_logged(client: TestClient, decision_id: str) -> None:
    """Answers do not wait for the database: wait until the writer has committed one."""
    deadline = time.monotonic() + 20
    while client.get(f"/v1/decisions/{decision_id}").status_code != 200:
        assert time.monotonic() < deadline, f"decision {decision_id} was never written"
        time.sleep(0.02)


def test_an_answer_is_logged_in_canonical_form(client: TestClient) -> None:
    answer = ask(client, {**WHAT_IF, "assume": [" hostilities_in( karabakh_war_2020,syunik)",
                                                 SYUNIK[1]]})
    logged = client.get(f"/v1/decisions/{answer['decision_id']}").json()
    assert logged["query"] == SEED and logged["predicate"] == "must_assist"
    assert logged["as_of"] == "2020-10-07"
    assert logged["assume"] == answer["assume"] == SYUNIK
    assert (logged["retract"], logged["interpretations"]) == ([], [])
    assert logged["holds"] is answer["holds"] is True
    assert logged["answers"] == [item["atom"] for item in answer["answers"]]
    assert logged["versions"] == answer["versions"]
    assert logged["elapsed_ms"] == answer["elapsed_ms"]


def test_a_decision_is_explained_again_under_its_versions(client: TestClient) -> None:
    answer = ask(client, OPEN)
    logged = client.get(f"/v1/decisions/{answer['decision_id']}").json()
    explanation = logged["explanation"]
    assert logged["explanation_note"] is None
    assert explanation["summary"] == answer["summary"]
    assert explanation["answers"] == answer["answers"]


def test_a_decision_under_other_versions_says_so(
    client: TestClient, store: DecisionStore
) -> None:
    answer = ask(client, WHAT_IF)
    with store.engine.begin() as connection:
        connection.exec_driver_sql("UPDATE decisions SET rules_version = 'older'")
    logged = client.get(f"/v1/decisions/{answer['decision_id']}").json()
    assert logged["explanation"] is None
    assert "made under rules older" in logged["explanation_note"]


def test_listing_filters_by_predicate_verdict_versions_and_time(client: TestClient) -> None:
    yes, no, party = ask(client, WHAT_IF), ask(client, {**WHAT_IF, "assume": []}), ask(client, OPEN)

    def ids(**params: Any) -> list[str]:
        page = client.get("/v1/decisions", params=params).json()
        return [item["id"] for item in page["items"]]

    assert ids() == [party["decision_id"], no["decision_id"], yes["decision_id"]]
    assert ids(predicate="party") == [party["decision_id"]]
    assert ids(predicate="must_assist", verdict="does-not-hold") == [no["decision_id"]]
    assert ids(rules=yes["versions"]["rules"], limit=1, offset=2) == [yes["decision_id"]]
    assert ids(facts="nope") == []
    assert ids(until="2000-01-01T00:00:00Z") == []
    page = client.get("/v1/decisions", params={"since": "2000-01-01T00:00:00+02:00"}).json()
    assert page["total"] == 3
    created = page["items"][0]["created_at"]
    assert created.endswith("Z") or created.endswith("+00:00")


def test_unknown_decisions_and_large_pages_are_clear_errors(client: TestClient) -> None:
    body = error_of(client.get("/v1/decisions/0123"), 404)
    assert body.code == "unknown-decision"
    body = error_of(client.get("/v1/decisions", params={"limit": 100_000}), 422)
    assert body.errors[0].location and body.errors[0].location.field == "query.limit"


def test_healthz_counts_what_was_logged(client: TestClient) -> None:
    ask(client, WHAT_IF)
    ask(client, OPEN)
    deadline = time.monotonic() + 20  # the count follows the commit
    while (log := client.get("/healthz").json()["decision_log"])["committed"] < 2:
        assert time.monotonic() < deadline
        time.sleep(0.02)
    assert log == {"enabled": True, "healthy": True, "committed": 2, "queued": 0, "dropped": 0,
                   "failures": 0, "spool_failures": 0, "recovered": 0, "last_error": None}


def test_logging_can_be_switched_off(kb: KnowledgeBase, store: DecisionStore) -> None:
    with TestClient(create_app(Settings(database_url=store.url, decision_log=False), kb)) as c:
        response = c.post("/v1/ask", json=WHAT_IF)
        assert response.json()["decision_id"] is None
        assert "Casus-Decision-Id" not in response.headers
        assert response.headers["Casus-Decision-Log"] == "off"
        assert c.get("/v1/decisions").json()["total"] == 0
        assert c.get("/healthz").json()["decision_log"]["enabled"] is False


def test_mermaid_answers_carry_the_id_in_the_header(client: TestClient) -> None:
    response = client.post("/v1/ask", json={**WHAT_IF, "format": "mermaid"})
    assert response.headers["content-type"].startswith("text/plain")
    decision_id = response.headers["Casus-Decision-Id"]
    wait_until_logged(client, decision_id)
    assert client.get(f"/v1/decisions/{decision_id}").json()["holds"] is True


def test_an_unavailable_database_neither_fails_nor_holds_up_answers(
    kb: KnowledgeBase, tmp_path: Path
) -> None:
    blocker = tmp_path / "data"
    blocker.write_text("a file where the data folder should be")
    settings = Settings(data_dir=blocker)  # neither the database nor the spool can be written
    with TestClient(create_app(settings, kb)) as c:
        deadline = time.monotonic() + 20
        while c.get("/healthz").json()["decision_log"]["failures"] == 0:
            assert time.monotonic() < deadline, "the writer never tried the database"
            time.sleep(0.05)
        response = c.post("/v1/ask", json=WHAT_IF)
        # answered all the same, the record kept in memory only
        assert response.status_code == 200
        assert response.headers["Casus-Decision-Log"] == "queued"
        decision_id = response.json()["decision_id"]
        log = c.get("/healthz").json()["decision_log"]
        assert (log["healthy"], log["queued"], log["committed"]) == (False, 1, 0)
        assert log["spool_failures"] == 1
        assert log["last_error"]
        assert error_of(c.get("/v1/decisions"), 503).code == "decision-log-unavailable"
        blocker.unlink()  # the database comes back: the queued decision is written
        while c.get("/healthz").json()["decision_log"]["committed"] == 0:
            assert time.monotonic() < deadline + 20, "the queued decision was never written"
            time.sleep(0.1)
        assert c.get(f"/v1/decisions/{decision_id}").json()["holds"] is True
