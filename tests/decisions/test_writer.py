"""The background writer: batches commits, keeps decisions while the database is down, and
never blocks the caller."""

from __future__ import annotations

import asyncio
import threading
import time
from typing import Any

import pytest
from casus.engine.decisions.store import DecisionStore, Filters
from casus.engine.decisions.writer import DecisionWriter

from tests.decisions.test_store import decision


class Flaky:
    """A database that is down until `up` is set."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.up = threading.Event()

    def __call__(self) -> DecisionStore:
        if not self.up.is_set():
            raise ConnectionRefusedError("database down")
        return DecisionStore(self.url)


def wait_for(condition: object, seconds: float = 20.0) -> None:
    deadline = time.monotonic() + seconds
    while not condition():  # type: ignore[operator]
        if time.monotonic() > deadline:
            pytest.fail("condition not reached")
        time.sleep(0.02)


def stored_ids(url: str) -> set[str]:
    store = DecisionStore(url)
    try:
        return {d.id for d in store.each(Filters())}
    finally:
        store.close()


def test_committed_futures_mean_the_records_are_in_the_database(db_url: str) -> None:
    writer = DecisionWriter(lambda: DecisionStore(db_url), max_batch=7)
    made = [decision(m) for m in range(30)]
    futures = [writer.submit(d) for d in made]
    for future in futures:
        assert future is not None
        future.result(timeout=20)
    assert stored_ids(db_url) == {d.id for d in made}
    assert writer.stats().committed == 30
    writer.close()


def test_decisions_wait_in_the_queue_until_the_database_is_back(db_url: str) -> None:
    flaky = Flaky(db_url)
    writer = DecisionWriter(flaky, retry_s=0.05)
    wait_for(lambda: writer.stats().failures >= 1)
    made = [decision(m) for m in range(5)]
    futures = [writer.submit(d) for d in made]
    wait_for(lambda: writer.stats().failures >= 3)
    stats = writer.stats()
    assert not stats.healthy and stats.queued == 5 and stats.committed == 0
    assert stats.last_error == "ConnectionRefusedError: database down"
    assert not any(f is not None and f.done() for f in futures)
    flaky.up.set()
    for future in futures:
        assert future is not None
        future.result(timeout=20)
    stats = writer.stats()
    assert stats.healthy and stats.queued == 0 and stats.committed == 5
    assert stored_ids(db_url) == {d.id for d in made}
    writer.close()


def test_a_full_queue_drops_and_counts_instead_of_blocking() -> None:
    flaky = Flaky("sqlite://")
    writer = DecisionWriter(flaky, max_queue=3, retry_s=60)
    accepted = [writer.submit(decision(m)) for m in range(5)]
    assert [f is not None for f in accepted] == [True, True, True, False, False]
    assert writer.stats().dropped == 2
    writer.close(timeout=0.1)


def test_waiters_on_an_event_loop_are_released_by_one_call_per_batch(db_url: str) -> None:
    flaky = Flaky(db_url)
    writer = DecisionWriter(flaky, retry_s=0.05)
    made = [decision(m) for m in range(10)]

    async def ask_all() -> int:
        loop = asyncio.get_running_loop()
        calls = 0
        threadsafe = loop.call_soon_threadsafe

        def counted(*args: Any, **kwargs: Any) -> Any:
            nonlocal calls
            calls += 1
            return threadsafe(*args, **kwargs)

        loop.call_soon_threadsafe = counted  # type: ignore[method-assign]
        waiters = [writer.submit_from(loop, d) for d in made]
        assert all(w is not None and not w.done() for w in waiters)  # the database is down
        flaky.up.set()  # all ten are queued: they go in one batch
        await asyncio.wait_for(asyncio.gather(*(w for w in waiters if w is not None)), 20)
        return calls

    assert asyncio.run(ask_all()) == 1
    assert stored_ids(db_url) == {d.id for d in made}
    writer.close()
