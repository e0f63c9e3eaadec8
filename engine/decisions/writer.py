"""Writes decisions off the request path: a bounded queue drained by one thread in batches.

`submit` never blocks and never raises: it returns a future that completes once the batch
holding the decision is committed, or None when the queue is full (the decision is dropped
and counted). `submit_from` does the same for a coroutine on an event loop: after each
commit, all of that loop's waiters in the batch are released by one call into the loop, so
a batch costs the loop one wake-up, not one per answer. While the database is down or
slow, decisions wait in the queue and the thread retries; whoever waits on a future
decides how long (the HTTP route waits briefly, so an answer is only delayed while the
database is healthy, and only by one commit).
"""

from __future__ import annotations

import asyncio
import logging
import threading
from collections import deque
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass

from .record import Decision
from .store import DecisionStore

log = logging.getLogger("casus.decisions")


@dataclass(frozen=True)
class LogStats:
    """What /healthz reports about the decision log."""

    healthy: bool  # the last attempt to write (or to reach the database) succeeded
    committed: int
    queued: int
    dropped: int  # refused because the queue was full
    failures: int  # attempts to reach or write the database that failed
    last_error: str | None


Waiter = Future[None] | asyncio.Future[None]
Entry = tuple[Decision, Waiter]


def _release(waiters: list[asyncio.Future[None]]) -> None:
    """On the loop: complete the waiters still waiting (a cancelled one is left alone)."""
    for waiter in waiters:
        if not waiter.done():
            waiter.set_result(None)


def _committed(batch: list[Entry]) -> None:
    """Complete the waiters of a committed batch: thread futures at once, loop futures with
    one call into each loop."""
    by_loop: dict[asyncio.AbstractEventLoop, list[asyncio.Future[None]]] = {}
    for _, waiter in batch:
        if isinstance(waiter, Future):
            waiter.set_result(None)
        else:
            by_loop.setdefault(waiter.get_loop(), []).append(waiter)
    for loop, waiters in by_loop.items():
        try:
            loop.call_soon_threadsafe(_release, waiters)
        except RuntimeError:  # the loop has closed: nobody is waiting any more
            continue


class DecisionWriter:
    """A background thread that migrates the database, then commits queued decisions."""

    def __init__(
        self,
        store: Callable[[], DecisionStore],
        max_queue: int = 100_000,
        max_batch: int = 500,
        retry_s: float = 1.0,
    ) -> None:
        self._open = store
        self._store: DecisionStore | None = None
        self.max_queue = max_queue
        self.max_batch = max_batch
        self.retry_s = retry_s
        self._queue: deque[Entry] = deque()
        self._ready = threading.Condition()
        self._closing = False
        self._stop = threading.Event()  # set on close: ends a wait between attempts
        self.healthy = True
        self.committed = 0
        self.dropped = 0
        self.failures = 0
        self.last_error: str | None = None
        self._thread = threading.Thread(target=self._run, name="casus-decision-log", daemon=True)
        self._thread.start()

    def submit(self, decision: Decision) -> Future[None] | None:
        """Queue a decision; its future completes when it is committed (None: dropped)."""
        done: Future[None] = Future()
        return done if self._enqueue(decision, done) else None

    def submit_from(
        self, loop: asyncio.AbstractEventLoop, decision: Decision
    ) -> asyncio.Future[None] | None:
        """Queue a decision for a coroutine on `loop` to await (callable from any thread);
        the future completes on that loop once the decision is committed (None: dropped)."""
        done: asyncio.Future[None] = loop.create_future()
        return done if self._enqueue(decision, done) else None

    def _enqueue(self, decision: Decision, done: Waiter) -> bool:
        with self._ready:
            if len(self._queue) >= self.max_queue or self._closing:
                self.dropped += 1
                return False
            self._queue.append((decision, done))
            self._ready.notify()
        return True

    def stats(self) -> LogStats:
        with self._ready:
            return LogStats(
                self.healthy, self.committed, len(self._queue), self.dropped, self.failures,
                self.last_error,
            )

    def close(self, timeout: float = 5.0) -> None:
        """Write what is queued (for at most `timeout` seconds) and stop the thread."""
        with self._ready:
            self._closing = True
            self._ready.notify()
        self._stop.set()
        self._thread.join(timeout)
        if self._store is not None and not self._thread.is_alive():
            self._store.close()

    def _run(self) -> None:
        # create or migrate the schema before the first answer arrives
        if not self._write([]):
            self._stop.wait(self.retry_s)
        while True:
            with self._ready:
                while not self._queue and not self._closing:
                    self._ready.wait()
                if not self._queue:
                    return
                size = min(self.max_batch, len(self._queue))
                batch = [self._queue.popleft() for _ in range(size)]
            if self._write(batch):
                _committed(batch)
                continue
            with self._ready:  # keep them, in order, for the next attempt
                self._queue.extendleft(reversed(batch))
                if self._closing:
                    return
            self._stop.wait(self.retry_s)  # new decisions do not hasten the next attempt

    def _write(self, batch: list[Entry]) -> bool:
        """Commit one batch (opening and migrating the database first if needed)."""
        try:
            if self._store is None:
                store = self._open()
                store.migrate()
                self._store = store
            self._store.add([decision for decision, _ in batch])
        except Exception as exc:  # any database trouble: keep the records, count, retry
            with self._ready:
                self.healthy = False
                self.failures += 1
                self.last_error = f"{type(exc).__name__}: {str(exc).splitlines()[0][:300]}"
            log.warning("decision log: %s (%d queued)", self.last_error, len(self._queue))
            return False
        with self._ready:
            self.healthy = True
            self.committed += len(batch)
        return True
