"""A local append-only journal of decisions not yet committed to the database.

Each answer's record is appended as one JSON line, with one `os.write` on an O_APPEND file
descriptor, before the answer is sent; the database insert happens later, in batches. The
write is not fsynced: once `os.write` returns, the line is in the kernel's page cache, which
survives the process being killed (even by SIGKILL); a power cut or an operating-system
crash can lose the last lines, as SQLite's synchronous=NORMAL can lose the last commits.

Each process writes its own segments (`<pid>-<start>-<n>.jsonl`), holding an exclusive
`flock` on each while it is open; the kernel drops the lock when the process dies, however
it dies. A new segment starts every `segment_records` lines; a segment is deleted once all
its records are committed. `recover` inserts the records of segments nobody holds (left
by a dead process) and deletes each segment only after its records are committed.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import logging
import os
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from .record import Decision

log = logging.getLogger("casus.decisions")

SUFFIX = ".jsonl"
OPENING = ".opening"  # a segment being created, not yet locked and named


def spool_dir(data: Path, url: str) -> Path:
    """The spool folder of one database: records are only ever recovered into the database
    they were meant for, even when several servers share a data folder."""
    return data / "spool" / hashlib.sha256(url.encode()).hexdigest()[:16]


@dataclass(eq=False)
class Segment:
    """One open segment file: how many records it holds and how many are committed."""

    path: Path
    fd: int
    appended: int = 0
    committed: int = 0
    closed: bool = False  # no more appends: delete once all are committed

    def done(self) -> bool:
        return self.closed and self.committed >= self.appended

    def remove(self) -> None:
        """Delete the file, then let go of it (and of its lock)."""
        try:
            self.path.unlink(missing_ok=True)
        finally:
            os.close(self.fd)


class Spool:
    """This process's segments in `folder`. Not thread-safe: the caller serialises calls."""

    def __init__(self, folder: Path, segment_records: int = 1000) -> None:
        self.folder = folder
        self.segment_records = segment_records
        self._stem = f"{os.getpid()}-{time.time_ns()}"
        self._count = 0
        self._current: Segment | None = None
        self._open: list[Segment] = []  # segments not deleted yet, the current one too

    def append(self, decision: Decision) -> Segment | None:
        """Journal one record; the segment it went to, or None when it could not be written
        (the error is logged; the caller counts it)."""
        line = (json.dumps(decision.to_json(), separators=(",", ":")) + "\n").encode()
        try:
            segment = self._writable()
            written = os.write(segment.fd, line)
        except OSError as exc:
            log.warning("decision spool: %s", exc)
            self._retire()  # a new segment next time, in case this one is damaged
            return None
        if written != len(line):  # disk full: a partial line, which recovery skips
            self._retire()
            return None
        segment.appended += 1
        if segment.appended >= self.segment_records:
            self._retire()
        return segment

    def committed(self, segments: Sequence[Segment]) -> None:
        """Count committed records (one entry per record) and delete finished segments."""
        for segment in segments:
            segment.committed += 1
        for segment in [s for s in self._open if s.done()]:
            self._open.remove(segment)
            self._remove(segment)

    def close(self) -> None:
        """Stop appending; delete the segments whose records are all committed, and leave
        the others for `recover`."""
        self._retire()
        for segment in self._open:
            if segment.done():
                self._remove(segment)
            else:
                os.close(segment.fd)
        self._open.clear()

    def _writable(self) -> Segment:
        if self._current is None:
            self.folder.mkdir(parents=True, exist_ok=True)
            self._count += 1
            name = f"{self._stem}-{self._count}"
            opening = self.folder / (name + OPENING)
            fd = os.open(opening, os.O_WRONLY | os.O_CREAT | os.O_APPEND | os.O_EXCL, 0o600)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                path = opening.rename(self.folder / (name + SUFFIX))
            except OSError:
                os.close(fd)
                raise
            self._current = Segment(path, fd)
            self._open.append(self._current)
        return self._current

    def _retire(self) -> None:
        if self._current is not None:
            self._current.closed = True
            self._current = None
        self.committed([])

    def _remove(self, segment: Segment) -> None:
        try:
            segment.remove()
        except OSError as exc:
            log.warning("decision spool: %s", exc)


def read_segment(fd: int, path: Path) -> list[Decision]:
    """The records of a segment; a line that does not parse (cut short by a full disk or
    a crash mid-write, so never acknowledged) is skipped and logged."""
    with os.fdopen(os.dup(fd), "rb") as stream:
        lines = stream.read().splitlines()
    records: list[Decision] = []
    for number, line in enumerate(lines, 1):
        try:
            records.append(Decision.from_json(json.loads(line)))
        except (ValueError, TypeError, KeyError) as exc:
            log.warning("decision spool: %s:%d skipped: %s", path, number, exc)
    return records


def recover(folder: Path, add: Callable[[list[Decision]], None], chunk: int = 500) -> int:
    """Insert the records of segments no live process holds, with `add` (which must ignore
    ids already stored), deleting each segment once its records are committed; how many
    records were read. A database error propagates: the segment stays for the next try."""
    if not folder.is_dir():
        return 0
    recovered = 0
    for path in sorted([*folder.glob("*" + SUFFIX), *folder.glob("*" + OPENING)]):
        try:
            fd = os.open(path, os.O_RDONLY)
        except FileNotFoundError:  # recovered by another process meanwhile
            continue
        try:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:  # its process is alive and still writing it
                continue
            if not path.exists():  # finished and deleted between our open and lock
                continue
            records = read_segment(fd, path)
            for start in range(0, len(records), chunk):
                add(records[start:start + chunk])
            path.unlink(missing_ok=True)
            recovered += len(records)
        finally:
            os.close(fd)
    if recovered:
        log.warning("decision spool: recovered %d decisions left by stopped processes",
                    recovered)
    return recovered
