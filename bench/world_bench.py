"""How the world's entities (tools/world.py) weigh on loading and on open questions.

Run from the repository root:  python -m bench.world_bench [--rules DIR] [--facts DIR] [--runs 20]
Medians (ms) of a cold load of the knowledge base and of open questions whose why-not trees
range over many states. To compare with a knowledge base before the world was added, point
--facts and --rules at an export of an older commit (git archive REF facts rules | tar -x).
A script, not a test: numbers depend on the machine.
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
from pathlib import Path

from casus.engine.ask import ask
from casus.engine.knowledge.kb import KnowledgeBase

from bench.engine_bench import cold_load, measure

AS_OF = dt.date(2022, 9, 13)
QUESTIONS = [
    "must_assist(A, V, nato, E)",
    "must_assist(A, V, csto, E)",
    "casus_foederis(T, E)",
    "must_assist(russia, armenia, csto, karabakh_war_2020)",
]


def main() -> None:
    root = Path(__file__).resolve().parent.parent
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rules", type=Path, default=root / "rules")
    parser.add_argument("--facts", type=Path, default=root / "facts")
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--budget", type=float, default=60.0, help="seconds per item at most")
    args = parser.parse_args()
    kb = KnowledgeBase.load(args.rules, args.facts)
    print(f"{kb.store.count} facts, {len(kb.entities or {})} entities")
    print("| operation | p50 ms | runs |")
    print("|---|---|---|")
    times = measure(lambda: cold_load(args.rules, args.facts), args.runs, args.budget)
    print(f"| cold load | {statistics.median(times):.1f} | {len(times)} |", flush=True)
    for question in QUESTIONS:
        times = measure(lambda q=question: ask(kb, q, AS_OF), args.runs, args.budget)  # type: ignore[misc]
        print(f"| ask {question} as of {AS_OF} | {statistics.median(times):.1f} "
              f"| {len(times)} |", flush=True)


if __name__ == "__main__":
    main()
