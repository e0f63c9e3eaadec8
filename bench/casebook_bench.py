"""Casebook benchmark: wall time of `casus casebook` on the bundled knowledge base, as a user
runs it (a fresh process each time: interpreter start, KB load, every case under every
reading, rendering), and of the casebook call alone in one warm process. Medians of several
runs; the target is 5 s for the command. On a shared machine wall time depends on the load,
so the CPU time (user + system) of the command is printed too: it is the stable figure.
Also checks it lists at least 30 cases, each with sources.

    python -m bench.casebook_bench            # 5 runs of each
    python -m bench.casebook_bench --runs 9
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import time

from casus.engine.knowledge.kb import KnowledgeBase
from casus.engine.regression.casebook import casebook

TARGET_S = 5.0
COMMAND = [sys.executable, "-m", "casus", "casebook"]


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def command_seconds(fmt: str) -> tuple[float, float, str]:
    """Wall and CPU seconds of one `casus casebook` run, and its output."""
    cpu = _children_cpu()
    started = time.perf_counter()
    done = subprocess.run([*COMMAND, "--format", fmt], capture_output=True, text=True, check=True)
    return time.perf_counter() - started, _children_cpu() - cpu, done.stdout


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    book = json.loads(command_seconds("json")[2])
    cases = book["cases"]
    unsourced = [c["id"] for c in cases if not c["sources"]]
    print(f"{len(cases)} cases, {len(unsourced)} without sources {unsourced or ''}")
    runs = [command_seconds("table") for _ in range(args.runs)]
    table = [wall for wall, _, _ in runs]
    cpu = [used for _, used, _ in runs]
    kb = KnowledgeBase.load()
    warm = []
    for _ in range(args.runs):
        started = time.perf_counter()
        casebook(kb)
        warm.append(time.perf_counter() - started)
    median = statistics.median(table)
    print(f"`casus casebook` (fresh process): median {median:.2f} s of {args.runs} runs "
          f"(min {min(table):.2f}, max {max(table):.2f}); target {TARGET_S:.0f} s: "
          f"{'met' if median <= TARGET_S else 'MISSED'}")
    print(f"`casus casebook` CPU time (user + system): median {statistics.median(cpu):.2f} s")
    print(f"casebook(kb) in a warm process: median {statistics.median(warm):.3f} s")
    if len(cases) < 30 or unsourced or median > TARGET_S:
        sys.exit(1)


if __name__ == "__main__":
    main()
