"""Shared constants and assertions for the API tests."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
from casus.api.service.errors import ErrorBody

ROOT = Path(__file__).resolve().parents[2]

SEED = "must_assist(russia, armenia, csto, karabakh_war_2020)"
SYUNIK = [
    "hostilities_in(karabakh_war_2020, syunik)",
    "requested_assistance(armenia, csto, karabakh_war_2020)",
]


def error_of(response: Any, status: int) -> ErrorBody:
    """Assert the status and the one error shape; return the parsed error body."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/json"
    body = ErrorBody.model_validate(response.json())
    assert body.errors, "every error lists at least one item"
    assert "Traceback" not in response.text
    return body


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@contextmanager
def live_server(
    workers: int = 1, env: dict[str, str] | None = None, args: tuple[str, ...] = ()
) -> Iterator[str]:
    """`casus serve` (uvicorn on 127.0.0.1, with any further `args`) over the bundled KB:
    its URL once it is healthy."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    proc = subprocess.Popen(
        [sys.executable, "-m", "casus", "serve", "--host", "127.0.0.1", "--port", str(port),
         "--workers", str(workers), "--log-level", "warning", *args],
        cwd=ROOT,
        env={**os.environ, **(env or {})},
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            assert proc.poll() is None, "server exited"
            try:
                if httpx.get(f"{url}/healthz", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            assert time.monotonic() < deadline, "server did not start"
            time.sleep(0.2)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


# A short invented news report for the article review (written for the tests; no real
# event): a new event with an attack, a place the knowledge base lacks and a request.
REVIEW_ARTICLE = """Drone strike hits a Lithuanian port

Belarusian forces launched an armed attack on Lithuania on 3 February 2031, hitting the port \
city of Klaipeda. Fighting continued in Lithuania the next day. Lithuania, a member of NATO, \
asked NATO for assistance after the attack. Latvia is a member of NATO.
"""
REVIEW_PUBLISHED = "2031-02-04"
