"""GET /v1/coverage: where a treaty's guarantee reaches on one date, for the explorer's map."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient


def coverage(client: TestClient, treaty: str, as_of: str) -> dict[str, Any]:
    response = client.get("/v1/coverage", params={"treaty": treaty, "as_of": as_of})
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def parties(body: dict[str, Any]) -> set[str]:
    return {s["id"] for s in body["states"] if s["party"]}


def test_membership_follows_the_date(client: TestClient) -> None:
    """Turkey is a NATO party in 1960 and Sweden is not; from 7 March 2024 Sweden is."""
    in_1960 = coverage(client, "nato", "1960-01-01")
    assert {"turkey", "united_states", "france"} <= parties(in_1960)
    assert "sweden" not in parties(in_1960)
    assert "sweden" not in parties(coverage(client, "nato", "2024-03-06"))
    assert "sweden" in parties(coverage(client, "nato", "2024-03-07"))


def test_states_carry_the_map_codes(client: TestClient) -> None:
    """Each state names its ISO alpha-2 and numeric codes (world-atlas feature ids)."""
    states = {s["id"]: s for s in coverage(client, "nato", "2024-03-07")["states"]}
    assert (states["united_states"]["iso"], states["united_states"]["numeric"]) == ("US", "840")
    assert states["armenia"]["numeric"] == "051"


def test_covered_territory_follows_article_6(client: TestClient) -> None:
    """The Algerian departments were NATO-covered territory of France until 1962; the Canary
    Islands are covered as islands north of the Tropic of Cancer; Hawaii is not covered."""
    places = {p["id"]: p for p in coverage(client, "nato", "1960-01-01")["places"]}
    assert places["algerian_departments"]["covered_as"] == ["france"]
    later = {p["id"]: p for p in coverage(client, "nato", "2024-03-07")["places"]}
    assert later.get("algerian_departments", {}).get("covered_as", []) == []
    assert later["canary_islands"]["covered_as"] == ["spain"]
    assert later["hawaii"]["covered_as"] == []
    states = {s["id"]: s for s in coverage(client, "nato", "2024-03-07")["states"]}
    assert "estonia" in states["estonia"]["covered"]
    assert states["japan"]["covered"] == []


def test_frozen_members_and_disputed_places(client: TestClient) -> None:
    """Armenia froze its CSTO participation in 2024 but stays a party; the Senkaku Islands,
    administered by Japan with no recognised sovereign recorded, are disputed."""
    body = coverage(client, "csto", "2024-06-01")
    armenia = next(s for s in body["states"] if s["id"] == "armenia")
    assert armenia["party"] and armenia["frozen"]
    places = {p["id"]: p for p in body["places"]}
    assert places["senkaku_islands"]["disputed"]
    assert places["senkaku_islands"]["administered_by"] == ["japan"]
    assert not places["canary_islands"]["disputed"]


def test_unknown_treaty_is_a_clear_error(client: TestClient) -> None:
    response = client.get("/v1/coverage", params={"treaty": "natoo", "as_of": "2024-03-07"})
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "unknown-treaty"
    assert "natoo" in body["message"]
    assert body["errors"][0]["hints"] == ["nato"]


def test_one_etag_names_a_period(client: TestClient) -> None:
    """Every date of a period gets the same picture, one ETag and `since`/`until` around the
    date; a browser's If-None-Match gets a 304; the next period has another ETag."""
    body = coverage(client, "nato", "1960-01-01")
    since, until = body["since"], body["until"]
    assert since <= "1960-01-01" < until
    first = client.get("/v1/coverage", params={"treaty": "nato", "as_of": since})
    assert first.headers["cache-control"] == "no-cache"
    tag = first.headers["etag"]
    assert {k: v for k, v in first.json().items() if k != "as_of"} == {
        k: v for k, v in body.items() if k != "as_of"
    }
    same = client.get(
        "/v1/coverage", params={"treaty": "nato", "as_of": "1960-01-01"},
        headers={"If-None-Match": tag},
    )
    assert (same.status_code, same.content, same.headers["etag"]) == (304, b"", tag)
    after = client.get(
        "/v1/coverage", params={"treaty": "nato", "as_of": until}, headers={"If-None-Match": tag}
    )
    assert after.status_code == 200
    assert after.headers["etag"] != tag
    assert after.json()["since"] == until
    other = client.get("/v1/coverage", params={"treaty": "csto", "as_of": "1960-01-01"})
    assert other.headers["etag"] != tag


def test_a_tag_does_not_hide_an_unknown_treaty(client: TestClient) -> None:
    response = client.get(
        "/v1/coverage", params={"treaty": "natoo", "as_of": "1960-01-01"},
        headers={"If-None-Match": "*"},
    )
    assert response.status_code == 422
