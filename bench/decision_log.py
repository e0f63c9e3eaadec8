"""CPU cost of logging one decision (not a test): build the record from an answer, journal
it in the spool, queue it, and commit it in batches on a background thread, on SQLite and
on PostgreSQL.

On a CPU-bound server this is what logging adds to each answer, next to the CPU an
explained answer costs (bench/api_load.py reports that as srv CPU ms/req); unlike
throughput on a shared machine, it does not depend on the machine's other load.

It also times what an answer itself waits for: `submit` (record built, line appended to
the spool, queued) beside a busy engine thread (this thread computes for 3.5 ms between
decisions, as the engine does between answers); answers do not wait for commits.

    python -m bench.decision_log
    python -m bench.decision_log --database postgresql://casus:casus@127.0.0.1/casus_bench
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import tempfile
import time
from pathlib import Path

from casus.engine.ask import ask
from casus.engine.decisions.record import Decision
from casus.engine.decisions.schema import metadata
from casus.engine.decisions.spool import Spool
from casus.engine.decisions.store import DecisionStore
from casus.engine.decisions.writer import DecisionWriter
from casus.engine.knowledge.kb import KnowledgeBase

from bench.api_load import SEED, SYUNIK

SEED_DATE = dt.date(2020, 10, 7)
ANSWER_CPU_S = 0.0035  # about the CPU of one explained answer


def fresh(url: str) -> None:
    """An empty, migrated decision log at `url`."""
    store = DecisionStore(url)
    with store.engine.begin() as connection:
        metadata.drop_all(connection)
        connection.exec_driver_sql("DROP TABLE IF EXISTS alembic_version")
    store.migrate()
    store.close()


def writer_at(url: str, folder: str) -> DecisionWriter:
    """A writer with a spool in `folder`, once it has migrated and is idle."""
    writer = DecisionWriter(lambda: DecisionStore(url), Spool(Path(folder) / "spool"))
    time.sleep(0.5)
    return writer


def committed(writer: DecisionWriter, n: int) -> None:
    while writer.stats().committed < n:
        time.sleep(0.001)


def one_round(url: str, n: int, folder: str) -> tuple[float, float]:
    """(CPU ms per decision, wall s) to log `n` answers and see them all committed."""
    fresh(url)
    answer = ask(KnowledgeBase.load(), SEED, SEED_DATE, SYUNIK)
    writer = writer_at(url, folder)
    cpu, wall = time.process_time(), time.perf_counter()
    for _ in range(n):
        writer.submit(Decision.of(answer))
    committed(writer, n)
    cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    writer.close()
    return 1000 * cpu / n, wall


def compute(seconds: float) -> None:
    """Hold the GIL computing for `seconds`, as the engine does while answering."""
    end = time.perf_counter() + seconds
    while time.perf_counter() < end:
        pass


def busy_round(url: str, n: int, folder: str) -> float:
    """Median ms an answer spends logging its record (build, spool, queue) beside a busy
    engine thread."""
    fresh(url)
    answer = ask(KnowledgeBase.load(), SEED, SEED_DATE, SYUNIK)
    writer = writer_at(url, folder)
    waits: list[float] = []
    for _ in range(n):
        started = time.perf_counter()
        writer.submit(Decision.of(answer))
        waits.append(time.perf_counter() - started)
        compute(ANSWER_CPU_S)
    writer.close()
    return 1000 * statistics.median(waits)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", help="database URL (default: SQLite in a scratch folder)")
    parser.add_argument("--decisions", type=int, default=20_000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--answers", type=int, default=300, help="answers per busy round")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="casus-log-bench-") as tmp:
        url = args.database or f"sqlite:///{tmp}/decisions.sqlite"
        rounds = [one_round(url, args.decisions, tmp) for _ in range(args.rounds)]
        busy = [busy_round(url, args.answers, tmp) for _ in range(args.rounds)]
    cpu = statistics.median(r[0] for r in rounds)
    wall = statistics.median(r[1] for r in rounds)
    print(f"{url.split(':')[0]}: {args.decisions} decisions logged, median of {args.rounds} "
          f"rounds: {cpu:.3f} CPU ms per decision, {args.decisions / wall:.0f} decisions/s")
    print(f"  beside a busy engine thread, an answer spends {statistics.median(busy):.3f} ms "
          f"logging its record (median of {args.rounds} rounds of {args.answers} answers)")


if __name__ == "__main__":
    main()
