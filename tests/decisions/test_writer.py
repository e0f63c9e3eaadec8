"""The background writer: journals each decision in the spool, batches commits, keeps decisions
while the database is down, and never blocks the caller."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest
from casus.engine.decisions.spool import SUFFIX, Spool
from casus.engine.decisions.store import DecisionStore, Filters
from casus.engine.decisions.writer import DecisionWriter, Logged

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


def segments(folder: Path) -> list[Path]:
    return sorted(folder.glob("*" + SUFFIX))


def test_submitted_decisions_are_spooled_then_committed_and_the_spool_emptied(
    db_url: str, tmp_path: Path
) -> None:
    spool = Spool(tmp_path / "spool", segment_records=7)
    writer = DecisionWriter(lambda: DecisionStore(db_url), spool, max_batch=5)
    made = [decision(m) for m in range(30)]
    assert {writer.submit(d) for d in made} == {Logged.SPOOLED}
    wait_for(lambda: writer.stats().committed == 30)
    assert stored_ids(db_url) == {d.id for d in made}
    # full segments go once committed: only the one still being appended to is left
    wait_for(lambda: len(segments(spool.folder)) == 1)
    assert len(segments(spool.folder)[0].read_text().splitlines()) == 30 % 7
    writer.close()
    assert segments(spool.folder) == []


def test_decisions_wait_in_the_spool_and_queue_until_the_database_is_back(
    db_url: str, tmp_path: Path
) -> None:
    flaky = Flaky(db_url)
    spool = Spool(tmp_path / "spool")
    writer = DecisionWriter(flaky, spool, retry_s=0.05)
    wait_for(lambda: writer.stats().failures >= 1)
    made = [decision(m) for m in range(5)]
    assert [writer.submit(d) for d in made] == [Logged.SPOOLED] * 5
    wait_for(lambda: writer.stats().failures >= 3)
    stats = writer.stats()
    assert not stats.healthy and stats.queued == 5 and stats.committed == 0
    assert stats.last_error == "ConnectionRefusedError: database down"
    assert len(segments(spool.folder)[0].read_text().splitlines()) == 5
    flaky.up.set()
    wait_for(lambda: writer.stats().committed == 5)
    stats = writer.stats()
    assert stats.healthy and stats.queued == 0
    assert stored_ids(db_url) == {d.id for d in made}
    writer.close()


def test_a_full_queue_drops_and_counts_instead_of_blocking(tmp_path: Path) -> None:
    flaky = Flaky("sqlite://")
    writer = DecisionWriter(flaky, Spool(tmp_path / "spool"), max_queue=3, retry_s=60)
    logged = [writer.submit(decision(m)) for m in range(5)]
    assert logged == [Logged.SPOOLED] * 3 + [Logged.DROPPED] * 2
    assert writer.stats().dropped == 2
    # the bound holds for the spool too: nothing beyond it was journalled
    assert len(segments(tmp_path / "spool")[0].read_text().splitlines()) == 3
    writer.close(timeout=0.1)


def test_an_unwritable_spool_keeps_the_decision_in_memory_and_counts(
    db_url: str, tmp_path: Path
) -> None:
    blocker = tmp_path / "spool"
    blocker.write_text("a file where the spool folder should be")
    writer = DecisionWriter(lambda: DecisionStore(db_url), Spool(blocker / "x"))
    made = decision(0)
    assert writer.submit(made) is Logged.QUEUED
    wait_for(lambda: writer.stats().committed == 1)
    assert writer.stats().spool_failures == 1
    assert stored_ids(db_url) == {made.id}
    writer.close()
