"""CPU cost of logging one decision (not a test): build the record from an answer, queue
it, and commit it in batches on a background thread, on SQLite and on PostgreSQL.

On a CPU-bound server this is what logging adds to each answer, next to the CPU an
explained answer costs (bench/api_load.py reports that as srv CPU ms/req); unlike
throughput on a shared machine, it does not depend on the machine's other load.

It also times how long an answer waits for its commit beside a busy engine thread (this
thread computes for 3.5 ms between decisions, as the engine does between answers), at
CPython's default GIL switch interval and at the service's (api/service/app.py).

    python -m bench.decision_log
    python -m bench.decision_log --database postgresql://casus:casus@127.0.0.1/casus_bench
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import sys
import tempfile
import time

from casus.api.service.app import SWITCH_INTERVAL_S
from casus.engine.ask import ask
from casus.engine.decisions.record import Decision
from casus.engine.decisions.schema import metadata
from casus.engine.decisions.store import DecisionStore
from casus.engine.decisions.writer import DecisionWriter
from casus.engine.knowledge.kb import KnowledgeBase

from bench.api_load import SEED, SYUNIK

SEED_DATE = dt.date(2020, 10, 7)
DEFAULT_SWITCH_S = 0.005  # CPython's default GIL switch interval
ANSWER_CPU_S = 0.0035  # about the CPU of one explained answer


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


def compute(seconds: float) -> None:
    """Hold the GIL computing for `seconds`, as the engine does while answering."""
    end = time.perf_counter() + seconds
    while time.perf_counter() < end:
        pass


def busy_round(url: str, n: int, switch_s: float) -> float:
    """Median ms from queueing a decision to its commit, one decision per answer's CPU."""
    fresh(url)
    answer = ask(KnowledgeBase.load(), SEED, SEED_DATE, SYUNIK)
    writer = DecisionWriter(lambda: DecisionStore(url))
    time.sleep(0.5)  # the writer has migrated and is idle
    waits: list[float] = []

    def committed(started: float) -> None:
        waits.append(time.perf_counter() - started)

    before = sys.getswitchinterval()
    sys.setswitchinterval(switch_s)
    try:
        for _ in range(n):
            started = time.perf_counter()
            future = writer.submit(Decision.of(answer))
            assert future is not None
            future.add_done_callback(lambda _f, s=started: committed(s))
            compute(ANSWER_CPU_S)
        writer.close()
    finally:
        sys.setswitchinterval(before)
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
        rounds = [one_round(url, args.decisions) for _ in range(args.rounds)]
        busy = {
            switch: [busy_round(url, args.answers, switch) for _ in range(args.rounds)]
            for switch in (DEFAULT_SWITCH_S, SWITCH_INTERVAL_S)
        }
    cpu = statistics.median(r[0] for r in rounds)
    wall = statistics.median(r[1] for r in rounds)
    print(f"{url.split(':')[0]}: {args.decisions} decisions logged, median of {args.rounds} "
          f"rounds: {cpu:.3f} CPU ms per decision, {args.decisions / wall:.0f} decisions/s")
    for switch, waits in busy.items():
        print(f"  beside a busy engine thread, GIL switch interval {1000 * switch:g} ms: "
              f"an answer waits {statistics.median(waits):.1f} ms for its commit "
              f"(median of {args.rounds} rounds of {args.answers} answers)")


if __name__ == "__main__":
    main()
