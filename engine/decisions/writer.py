"""Writes decisions off the request path: a bounded queue drained by one thread in batches.

`submit` never blocks on the database and never raises. It journals the record in this
process's spool (see spool.py), so the record survives a crash of the process once
`submit` returns, and queues it; the thread commits queued records in batches (waiting
`linger_s` after the first to gather more: nobody waits for a commit, and each commit has
a fixed cost in the process's GIL, beside the engine thread) and then lets the spool
delete what is committed. While the database is down or slow, records wait
in the queue (bounded: beyond it they are dropped and counted) and the thread retries.
Before its first batch the thread migrates the database and recovers the spools left by
processes that died.
"""

from __future__ import annotations

import logging
import threading
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum

from .record import Decision
from .spool import Segment, Spool, recover
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
    spool_failures: int  # records kept in memory only: the spool could not be written
    recovered: int  # records of stopped processes' spools written by this process
    last_error: str | None


class Logged(Enum):
    """What became of a submitted record (the `Casus-Decision-Log` header)."""

    SPOOLED = "spooled"  # journalled on local disk: survives a crash of the process
    QUEUED = "queued"  # in memory only (the spool could not be written)
    DROPPED = "dropped"  # not logged: the queue is full


Entry = tuple[Decision, Segment | None]


class DecisionWriter:
    """A background thread that migrates the database, recovers stopped processes' spools,
    then commits queued decisions; `spool` (None: no journal) is this process's journal."""

    def __init__(
        self,
        store: Callable[[], DecisionStore],
        spool: Spool | None = None,
        max_queue: int = 100_000,
        max_batch: int = 500,
        retry_s: float = 1.0,
        linger_s: float = 0.2,
    ) -> None:
        self._open = store
        self._store: DecisionStore | None = None
        self._spool = spool
        self.max_queue = max_queue
        self.max_batch = max_batch
        self.retry_s = retry_s
        self.linger_s = linger_s
        self._queue: deque[Entry] = deque()
        self._ready = threading.Condition()
        self._closing = False
        self._stop = threading.Event()  # set on close: ends a wait between attempts
        self.healthy = True
        self.committed = 0
        self.dropped = 0
        self.failures = 0
        self.spool_failures = 0
        self.recovered = 0
        self.last_error: str | None = None
        self._thread = threading.Thread(target=self._run, name="casus-decision-log", daemon=True)
        self._thread.start()

    def submit(self, decision: Decision) -> Logged:
        """Journal and queue a decision (callable from any thread); never waits for the
        database. The queue bound also bounds the spool's uncommitted records."""
        with self._ready:
            if len(self._queue) >= self.max_queue or self._closing:
                self.dropped += 1
                return Logged.DROPPED
            segment = self._spool.append(decision) if self._spool is not None else None
            if segment is None and self._spool is not None:
                self.spool_failures += 1
            self._queue.append((decision, segment))
            self._ready.notify()
        return Logged.SPOOLED if segment is not None else Logged.QUEUED

    def stats(self) -> LogStats:
        with self._ready:
            return LogStats(
                self.healthy, self.committed, len(self._queue), self.dropped, self.failures,
                self.spool_failures, self.recovered, self.last_error,
            )

    def close(self, timeout: float = 5.0) -> None:
        """Write what is queued (for at most `timeout` seconds) and stop the thread; what
        is left uncommitted stays in the spool for the next start."""
        with self._ready:
            self._closing = True
            self._ready.notify()
        self._stop.set()
        self._thread.join(timeout)
        if self._thread.is_alive():
            return
        if self._spool is not None:
            self._spool.close()
        if self._store is not None:
            self._store.close()

    def _run(self) -> None:
        while True:
            with self._ready:
                # until the database is open (migrated, spools recovered), retry even idle
                while not self._queue and not self._closing and self._store is not None:
                    self._ready.wait()
                if not self._queue and (self._closing or self._store is not None):
                    return
                linger = self._store is not None and len(self._queue) < self.max_batch
            if linger:  # gather a larger batch: fewer commits beside the engine thread
                self._stop.wait(self.linger_s)
            with self._ready:
                size = min(self.max_batch, len(self._queue))
                batch = [self._queue.popleft() for _ in range(size)]
            if self._write(batch):
                continue
            with self._ready:  # keep them, in order, for the next attempt
                self._queue.extendleft(reversed(batch))
                if self._closing:
                    return
            self._stop.wait(self.retry_s)  # new decisions do not hasten the next attempt

    def _write(self, batch: list[Entry]) -> bool:
        """Commit one batch (first opening and migrating the database, and recovering
        stopped processes' spools, if not done yet)."""
        try:
            recovered = 0
            if self._store is None:
                self._store, recovered = self._start()
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
            self.recovered += recovered
            if self._spool is not None:
                self._spool.committed([s for _, s in batch if s is not None])
        return True

    def _start(self) -> tuple[DecisionStore, int]:
        """Open and migrate the database, then write the spools stopped processes left."""
        store = self._open()
        try:
            store.migrate()
            recovered = recover(self._spool.folder, store.add) if self._spool else 0
        except Exception:
            store.close()
            raise
        return store, recovered
