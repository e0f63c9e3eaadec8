"""Isolation under concurrent load against a live server (`casus serve`: uvicorn on 127.0.0.1,
2 workers, each answering on 4 engine threads so scenarios interleave within a process too):
16 clients mix scenarios, and every answer must equal the one the same request got alone."""

from __future__ import annotations

import random
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import httpx
import pytest

from tests.api.support import SEED, SYUNIK, live_server

CLIENTS = 16
REQUESTS_PER_CLIENT = 16
DRILL = [  # a hypothetical event: constants first seen in `assume` are allowed
    "armed_attack(drill_2030)",
    "target(drill_2030, kazakhstan)",
    "hostilities_in(drill_2030, almaty_region)",
    "territory_of(almaty_region, kazakhstan)",
]
REQUESTS: list[dict[str, Any]] = [
    {"query": SEED},
    {"query": SEED, "assume": SYUNIK},
    {"query": "must_assist(A, armenia, csto, E)", "assume": SYUNIK},
    {"query": "must_assist(A, armenia, csto, E)", "assume": SYUNIK,
     "retract": ["party(russia, csto)"]},
    {"query": "party(armenia, csto)", "retract": ["party(armenia, csto)"]},
    {"query": "party(X, csto)", "as_of": "1995-01-01"},
    {"query": "must_consult(csto, E)", "assume": SYUNIK[:1]},
    {"query": "casus_foederis(csto, E)", "assume": DRILL},
    {"query": "must_assist(A, kazakhstan, csto, drill_2030)",
     "assume": [*DRILL, "requested_assistance(kazakhstan, csto, drill_2030)"]},
    {"query": "must_assist(A, kazakhstan, csto, drill_2030)", "assume": DRILL,
     "explain": "summary"},
]


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    """`casus serve` with 2 worker processes of 4 engine threads over the bundled KB."""
    with live_server(workers=2, env={"CASUS_ENGINE_THREADS": "4"}) as url:
        yield url


def answer(client: httpx.Client, index: int) -> tuple[int, dict[str, Any]]:
    body = {"as_of": "2020-10-07", **REQUESTS[index]}
    response = client.post("/v1/ask", json=body, timeout=30)
    data = response.json()
    data.pop("elapsed_ms", None)
    data.pop("decision_id", None)
    return response.status_code, data


def test_concurrent_scenarios_never_see_each_other(server: str) -> None:
    with httpx.Client(base_url=server) as client:
        alone = [answer(client, i) for i in range(len(REQUESTS))]
    assert all(status == 200 for status, _ in alone)
    assert len({str(body) for _, body in alone}) == len(REQUESTS), "requests must differ"

    def run(seed: int) -> list[tuple[int, tuple[int, dict[str, Any]]]]:
        order = random.Random(seed).choices(range(len(REQUESTS)), k=REQUESTS_PER_CLIENT)
        with httpx.Client(base_url=server) as client:
            return [(i, answer(client, i)) for i in order]

    with ThreadPoolExecutor(CLIENTS) as pool:
        results = [r for batch in pool.map(run, range(CLIENTS)) for r in batch]
    assert len(results) == CLIENTS * REQUESTS_PER_CLIENT
    wrong = [i for i, got in results if got != alone[i]]
    assert wrong == [], f"{len(wrong)} answers differ from the same request made alone"
    with httpx.Client(base_url=server) as client:
        assert answer(client, 0) == alone[0], "the base changed"
