"""CPU cost of logging one decision (not a test): build the record from an answer, queue
it, and commit it in batches on a background thread, on SQLite and on PostgreSQL.

On a CPU-bound server this is what logging adds to each answer, next to the CPU an
explained answer costs (bench/api_load.py reports that as srv CPU ms/req); unlike
throughput on a shared machine, it does not depend on the machine's other load.

    python -m bench.decision_log
    python -m bench.decision_log --database postgresql://casus:casus@127.0.0.1/casus_bench
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import tempfile
import time

from casus.engine.ask import ask
from casus.engine.decisions.record import Decision
from casus.engine.decisions.schema import metadata
from casus.engine.decisions.store import DecisionStore
from casus.engine.decisions.writer import DecisionWriter
from casus.engine.knowledge.kb import KnowledgeBase

from bench.api_load import SEED, SYUNIK

SEED_DATE = dt.date(2020, 10, 7)


def fresh(url: str) -> None:
    """An empty, migrated decision log at `url`."""
    store = DecisionStore(url)
    with store.engine.begin() as connection:
        metadata.drop_all(connection)
        connection.exec_driver_sql("DROP TABLE IF EXISTS alembic_version")
    store.migrate()
    store.close()


def one_round(url: str, n: int) -> tuple[float, float]:
    """(CPU ms per decision, wall s) to log `n` answers and see them all committed."""
    fresh(url)
    answer = ask(KnowledgeBase.load(), SEED, SEED_DATE, SYUNIK)
    writer = DecisionWriter(lambda: DecisionStore(url))
    time.sleep(0.5)  # the writer has migrated and is idle
    cpu, wall = time.process_time(), time.perf_counter()
    futures = [writer.submit(Decision.of(answer)) for _ in range(n)]
    for future in futures:
        assert future is not None
        future.result()
    cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    writer.close()
    return 1000 * cpu / n, wall


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", help="database URL (default: SQLite in a scratch folder)")
    parser.add_argument("--decisions", type=int, default=20_000)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="casus-log-bench-") as tmp:
        url = args.database or f"sqlite:///{tmp}/decisions.sqlite"
        rounds = [one_round(url, args.decisions) for _ in range(args.rounds)]
    cpu = statistics.median(r[0] for r in rounds)
    wall = statistics.median(r[1] for r in rounds)
    print(f"{url.split(':')[0]}: {args.decisions} decisions logged, median of {args.rounds} "
          f"rounds: {cpu:.3f} CPU ms per decision, {args.decisions / wall:.0f} decisions/s")


if __name__ == "__main__":
    main()
