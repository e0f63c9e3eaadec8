"""Every error has one JSON shape with located problems; no stack trace, no 500 for bad input."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from casus.api.service import routes_ask
from casus.api.service.app import create_app
from casus.api.service.settings import Settings
from casus.engine.knowledge.kb import KnowledgeBase
from fastapi.testclient import TestClient

from tests.api.support import SEED, SYUNIK, error_of


def post(client: TestClient, **body: Any) -> Any:
    return client.post("/v1/ask", json={"as_of": "2020-10-07", **body})


def test_query_syntax_error_gives_the_column(client: TestClient) -> None:
    body = error_of(post(client, query="must_assist(russia, armenia csto, E)"), 422)
    assert body.code == "syntax"
    loc = body.errors[0].location
    assert loc is not None and (loc.file, loc.line, loc.col) == ("<query>", 1, 29)


def test_unknown_entity_suggests_near_misses(client: TestClient) -> None:
    body = error_of(post(client, query="must_assist(russia, armnia, csto, E)"), 422)
    assert body.code == "unknown-entity"
    assert body.errors[0].hints[0] == "armenia"
    loc = body.errors[0].location
    assert loc is not None and loc.col == 21


def test_unknown_predicate_and_wrong_arity(client: TestClient) -> None:
    hints = error_of(post(client, query="must_asist(A, B, C, D)"), 422).errors[0].hints
    assert hints[0] == "must_assist"
    assert error_of(post(client, query="must_assist(A, B)"), 422).code == "wrong-arity"


def test_scenario_problems_are_all_reported_with_their_position(client: TestClient) -> None:
    body = error_of(
        post(client, query=SEED, assume=[SYUNIK[0], "bogus(a)", "must_assist(a, b, c, d)"]), 422
    )
    files = [(e.code, e.location.file if e.location else None) for e in body.errors]
    assert files == [("unknown-predicate", "<assume 2>"), ("derived-in-scenario", "<assume 3>")]
    assert body.message.endswith("(and 1 more)")


def test_retracting_a_fact_that_does_not_hold(client: TestClient) -> None:
    body = error_of(post(client, query=SEED, retract=["party(turkey, csto)"]), 422)
    assert body.code == "nothing-to-retract"
    assert body.errors[0].location is not None
    assert body.errors[0].location.file == "<retract 1>"


def test_unknown_interpretation(client: TestClient) -> None:
    assert error_of(post(client, query=SEED, interpretation=["broad"]), 422).code == (
        "unknown-interpretation"
    )


@pytest.mark.parametrize(
    ("body", "field", "code"),
    [
        ({"as_of": "2020-10-07"}, "body.query", "missing"),
        ({"query": SEED, "as_of": "2020-13-01"}, "body.as_of", "date-from-datetime-parsing"),
        ({"query": SEED, "explain": "all"}, "body.explain", "literal-error"),
        ({"query": SEED, "format": "svg"}, "body.format", "literal-error"),
        ({"query": SEED, "assume": "party(a, b)"}, "body.assume", "list-type"),
        ({"query": SEED, "colour": "red"}, "body.colour", "extra-forbidden"),
        ({"query": ""}, "body.query", "string-too-short"),
        ({"query": SEED, "limits": {"max_answers": 0}}, "body.limits.max_answers",
         "greater-than-equal"),
    ],
)
def test_invalid_request_fields(
    client: TestClient, body: dict[str, Any], field: str, code: str
) -> None:
    error = error_of(client.post("/v1/ask", json=body), 422)
    assert error.code == "invalid-request"
    assert error.errors[0].code == code
    assert error.errors[0].location is not None and error.errors[0].location.field == field


def test_invalid_json_gives_the_column(client: TestClient) -> None:
    response = client.post(
        "/v1/ask", content=b'{"query": oops}', headers={"content-type": "application/json"}
    )
    error = error_of(response, 422)
    assert error.errors[0].code == "json-invalid"
    loc = error.errors[0].location
    assert loc is not None and (loc.line, loc.col) == (1, 11)
    response = client.post(
        "/v1/ask", content=b'{\n  "query": "x",\n  "as_of": 2020-10-07\n}',
        headers={"content-type": "application/json"},
    )
    loc = error_of(response, 422).errors[0].location
    assert loc is not None and (loc.file, loc.line, loc.col) == ("<request>", 3, 16)


@pytest.fixture(scope="module")
def strict(kb: KnowledgeBase) -> Iterator[TestClient]:
    """A server with small limits."""
    settings = Settings(max_body_bytes=2048, max_scenario_facts=1, max_page=2)
    with TestClient(create_app(settings, kb)) as c:
        yield c


def test_body_too_large_by_content_length(strict: TestClient) -> None:
    body = error_of(strict.post("/v1/ask", json={"query": SEED, "assume": ["x" * 3000]}), 413)
    assert body.code == "body-too-large" and "2048 bytes" in body.message


def test_body_too_large_when_streamed(strict: TestClient) -> None:
    chunks = iter([b'{"query": "', b"x" * 1500, b"y" * 1500, b'"}'])
    response = strict.post(
        "/v1/ask", content=chunks, headers={"content-type": "application/json"}
    )
    assert error_of(response, 413).code == "body-too-large"


def test_too_many_scenario_facts(strict: TestClient) -> None:
    body = error_of(
        strict.post("/v1/ask", json={"query": SEED, "as_of": "2020-10-07", "assume": SYUNIK}),
        422,
    )
    assert body.code == "too-many-facts" and "at most 1" in body.message


def test_page_size_limit(strict: TestClient) -> None:
    assert error_of(strict.get("/v1/facts", params={"limit": 3}), 422).code == "limit-exceeded"
    assert len(strict.get("/v1/facts", params={"limit": 2}).json()["items"]) == 2


def test_unknown_route_and_method(client: TestClient) -> None:
    assert error_of(client.get("/v1/nothing"), 404).code == "not-found"
    assert error_of(client.delete("/v1/ask"), 405).code == "method-not-allowed"


def test_internal_error_hides_details(
    app: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("secret detail")

    monkeypatch.setattr(routes_ask, "ask", broken)
    with TestClient(app, raise_server_exceptions=False) as c:
        body = error_of(post(c, query=SEED), 500)
    assert body.code == "internal"
    assert "secret" not in body.model_dump_json()
