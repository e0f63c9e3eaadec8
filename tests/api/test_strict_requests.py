"""Strict request checks (issue 15): one text validator for every endpoint, dates only as
YYYY-MM-DD, nothing after a query, no duplicate JSON keys, the extraction deadline, and
limits the OpenAPI schema states."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from casus.api.service.app import create_app
from casus.api.service.settings import Settings
from casus.engine.extraction.article import MAX_CHARS
from casus.engine.knowledge.kb import KnowledgeBase
from fastapi.testclient import TestClient

from tests.api.support import SEED, error_of

JSON = {"content-type": "application/json"}


@pytest.mark.parametrize(
    ("path", "raw"),
    [
        ("/v1/ask", b'{"query": "party(\\ud800, csto)"}'),
        ("/v1/ask", b'{"query": "party(armenia, csto)", "assume": ["party(\\udc00, csto)"]}'),
        ("/v1/extract", b'{"text": "Armenia \\ud800 asked the CSTO for help."}'),
        ("/v1/extract", b'{"text": "Armenia asked.", "event": "e\\ud800"}'),
    ],
)
def test_a_lone_surrogate_is_the_same_422_everywhere(
    client: TestClient, path: str, raw: bytes
) -> None:
    body = error_of(client.post(path, content=raw, headers=JSON), 422)
    assert body.errors[0].code == "invalid-text"
    assert "lone surrogate" in body.message


@pytest.mark.parametrize("as_of", [0, 1602028800, "2020-10-07T00:00:00+03:00", "20201007", True])
def test_as_of_is_only_a_yyyy_mm_dd_string(client: TestClient, as_of: Any) -> None:
    body = error_of(client.post("/v1/ask", json={"query": SEED, "as_of": as_of}), 422)
    assert body.errors[0].code == "invalid-date"
    assert body.errors[0].location and body.errors[0].location.field == "body.as_of"


def test_facts_as_of_is_only_a_yyyy_mm_dd_string(client: TestClient) -> None:
    assert error_of(client.get("/v1/facts", params={"as_of": "0"}), 422).errors[0].code == (
        "invalid-date"
    )
    assert client.get("/v1/facts", params={"as_of": "2020-10-07", "limit": 1}).status_code == 200


@pytest.mark.parametrize(
    ("body", "file", "col"),
    [
        ({"query": "party(armenia, csto) % holds?"}, "<query>", 22),
        ({"query": "party(armenia, csto)", "assume": ["party(x, csto) // why"]}, "<assume 1>", 16),
    ],
)
def test_nothing_may_follow_the_query(
    client: TestClient, body: dict[str, Any], file: str, col: int
) -> None:
    error = error_of(client.post("/v1/ask", json=body), 422)
    assert error.code == "syntax"
    location = error.errors[0].location
    assert location is not None and (location.file, location.col) == (file, col)


def test_a_percent_sign_inside_a_string_is_no_comment(client: TestClient) -> None:
    response = client.post("/v1/ask", json={"query": 'party(armenia, "a % b")'})
    assert response.status_code == 200, response.text
    assert response.json()["holds"] is False


@pytest.mark.parametrize(
    ("path", "raw"),
    [
        ("/v1/ask", b'{"query": "party(armenia, csto)", "query": "party(russia, csto)"}'),
        ("/v1/ask", b'{"query": "party(a, b)", "limits": {"max_depth": 1, "max_depth": 9}}'),
        ("/v1/extract", b'{"text": "Armenia asked.", "text": "Russia asked."}'),
    ],
)
def test_duplicate_json_keys_are_refused(client: TestClient, path: str, raw: bytes) -> None:
    body = error_of(client.post(path, content=raw, headers=JSON), 422)
    assert body.errors[0].code == "json-invalid"
    assert "duplicate key" in body.message


def test_the_schema_states_the_limits_the_server_enforces(client: TestClient) -> None:
    schema = client.get("/openapi.json").json()
    params = {p["name"]: p["schema"] for p in schema["paths"]["/v1/facts"]["get"]["parameters"]}
    assert params["limit"]["maximum"] == 500
    extract = schema["components"]["schemas"]["ExtractRequest"]["properties"]["text"]
    assert (extract["minLength"], extract["maxLength"]) == (1, MAX_CHARS)
    assert error_of(client.get("/v1/facts", params={"limit": 501}), 422)
    assert error_of(client.post("/v1/extract", json={"text": ""}), 422)


@pytest.fixture(scope="module")
def impatient(kb: KnowledgeBase) -> Iterator[TestClient]:
    """An app whose extraction deadline no article of the size limit can meet."""
    with TestClient(create_app(Settings(extract_timeout_s=0.05), kb)) as client:
        yield client


def test_extraction_past_its_deadline_answers_503(impatient: TestClient) -> None:
    text = ("Armenia asked the CSTO for help and " * 6000)[:MAX_CHARS]
    body = error_of(impatient.post("/v1/extract", json={"text": text}), 503)
    assert body.code == "extract-timeout"
    assert "did not finish within 0.05 s" in body.message
    location = body.errors[0].location
    assert location is not None and location.field == "text"
