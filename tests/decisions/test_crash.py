"""An acknowledged decision survives a crash: the server (2 workers) is killed with SIGKILL
while 8 clients ask; after a restart every decision id a client received is in the log
(the restarted server recovers the records the killed one had only spooled)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest

from tests.api.support import SEED, SYUNIK, free_port

CLIENTS = 8
ENOUGH = 60  # answers received before the kill
QUESTIONS = [
    {"query": SEED, "as_of": "2020-10-07", "assume": SYUNIK},
    {"query": "party(X, csto)", "as_of": "2021-01-01"},
    {"query": SEED, "as_of": "2020-10-07", "explain": "none"},
]


@contextmanager
def server(
    db_url: str, data: Path, port: int, workers: int
) -> Iterator[subprocess.Popen[bytes]]:
    """`casus serve` in its own process group, up and answering."""
    env = {**os.environ, "CASUS_DATABASE_URL": db_url, "CASUS_DATA_DIR": str(data)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "casus", "serve", "--port", str(port), "--workers", str(workers),
         "--log-level", "warning"],
        env=env, start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                if httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                pytest.fail("the server did not start")
            time.sleep(0.2)
        yield proc
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGTERM)
            proc.wait(30)


def ask_until_down(url: str, n: int, received: list[str], logged: list[str]) -> None:
    """Ask in a loop until the server is gone; keep every decision id received."""
    with httpx.Client(base_url=url, timeout=60) as client:
        while True:
            try:
                response = client.post("/v1/ask", json=QUESTIONS[n % len(QUESTIONS)])
            except httpx.HTTPError:
                return
            assert response.status_code == 200, response.text
            received.append(response.json()["decision_id"])
            logged.append(response.headers["Casus-Decision-Log"])
            n += 1


def all_ids(url: str) -> set[str]:
    found: set[str] = set()
    with httpx.Client(base_url=url, timeout=60) as client:
        while True:
            page = client.get("/v1/decisions", params={"offset": len(found), "limit": 500})
            items = page.json()["items"]
            found |= {item["id"] for item in items}
            if not items:
                return found


def test_every_acknowledged_decision_survives_sigkill(db_url: str, tmp_path: Path) -> None:
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    received: list[str] = []
    logged: list[str] = []
    data = tmp_path / "data"
    with server(db_url, data, port, workers=2) as proc:
        clients = [
            threading.Thread(target=ask_until_down, args=(url, n, received, logged))
            for n in range(CLIENTS)
        ]
        for thread in clients:
            thread.start()
        deadline = time.monotonic() + 60
        while len(received) < ENOUGH and time.monotonic() < deadline:
            time.sleep(0.05)
        os.killpg(proc.pid, signal.SIGKILL)  # mid-stream: clients are waiting on answers
        proc.wait(30)
        for thread in clients:
            thread.join(60)
    assert len(received) >= ENOUGH
    assert set(logged) == {"spooled"}
    with server(db_url, data, port, workers=1):  # restarted: one worker is enough to read
        deadline = time.monotonic() + 60  # recovery runs beside the first answers
        while (missing := set(received) - all_ids(url)) and time.monotonic() < deadline:
            time.sleep(0.2)
        recovered = httpx.get(f"{url}/healthz").json()["decision_log"]["recovered"]
    assert not missing, f"{len(missing)} of {len(received)} acknowledged decisions were lost"
    assert recovered >= len(received)  # read back from the killed server's spool
    assert not list((data / "spool").rglob("*.jsonl"))  # recovered segments are deleted
