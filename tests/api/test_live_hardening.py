"""Against a live server (uvicorn on 127.0.0.1, one worker process): an adversarial article
being extracted does not stall questions, and a stalled upload is cut off."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator

import httpx
import pytest
from casus.engine.extraction.article import MAX_CHARS

from tests.api.support import SEED, live_server

BODY_TIMEOUT_S = 2
PROBES = 20
ASK = {"query": SEED, "as_of": "2020-10-07", "explain": "none"}


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    with live_server(workers=1, env={"CASUS_BODY_TIMEOUT_S": str(BODY_TIMEOUT_S)}) as url:
        yield url


def test_questions_are_answered_while_an_adversarial_extract_runs(server: str) -> None:
    # the attack: one sentence of clauses naming entities, at the size limit
    text = ("Armenia asked the CSTO for help and " * 6000)[:MAX_CHARS]
    stop = threading.Event()

    def attack() -> None:
        with httpx.Client(base_url=server, timeout=300) as client:
            while not stop.is_set():
                try:
                    client.post("/v1/extract", json={"text": text})
                except httpx.TransportError:
                    return  # the server stopped

    with httpx.Client(base_url=server) as client:
        assert client.post("/v1/ask", json=ASK, timeout=30).status_code == 200  # warm
        attackers = [threading.Thread(target=attack, daemon=True) for _ in range(2)]
        for thread in attackers:
            thread.start()
        time.sleep(1.0)  # the extractions are under way
        try:
            elapsed = []
            for _ in range(PROBES):
                start = time.monotonic()
                response = client.post("/v1/ask", json=ASK, timeout=10)
                elapsed.append(time.monotonic() - start)
                assert response.status_code == 200, response.text
        finally:
            stop.set()
    assert max(elapsed) <= 1.0, f"probe times (s): {[round(e, 2) for e in elapsed]}"


def test_a_stalled_upload_is_cut_off(server: str) -> None:
    host, port = server.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=BODY_TIMEOUT_S + 10) as sock:
        sock.sendall(
            b"POST /v1/ask HTTP/1.1\r\nHost: casus\r\nContent-Type: application/json\r\n"
            b"Content-Length: 1000\r\n\r\n" + b'{"query":'  # 9 of the 1000 bytes declared
        )
        start = time.monotonic()
        received = b""
        while chunk := sock.recv(4096):  # until the server closes the connection
            received += chunk
        waited = time.monotonic() - start
    assert received.startswith(b"HTTP/1.1 408"), received[:200]
    assert b'"code":"body-timeout"' in received
    assert waited < BODY_TIMEOUT_S + 5
