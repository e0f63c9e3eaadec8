"""How long `casus diff` takes: the bundled knowledge base, and a synthetic one scaled up.

The synthetic pact has N states that join on staggered dates and are all attacked, so
N*(N-1) `must_help` conclusions hold at up to N+1 dates. Version B dates one attack
differently, so nearly every conclusion holds in both versions at every date and has its
explanations compared: the expensive part of a diff.
Run from the repository root: python -m bench.diff_scale [N ...]
"""

from __future__ import annotations

import datetime as dt
import sys
import tempfile
import time
from pathlib import Path

from casus.engine.knowledge.kb import KnowledgeBase
from casus.engine.regression.diff import diff_versions

RULES = """\
.input party(state: state, treaty: treaty)
  true "{state} is a party to {treaty}" false "{state} is not a party to {treaty}"
.input attacked(state: state)
  true "{state} was attacked" false "{state} was not attacked"
.question must_help(ally: state, victim: state)
  true "{ally} must help {victim}" false "{ally} need not help {victim}"
@rule pact.help "Pact, Art. 1"
must_help(A, V) :- attacked(V), party(V, pact), party(A, pact), A != V.
"""


def synthetic(root: Path, n: int, first_attack: str = "") -> KnowledgeBase:
    """Write and load the synthetic pact with `n` states (`first_attack`: from: of s0's attack)."""
    (root / "rules").mkdir(parents=True)
    (root / "facts").mkdir()
    (root / "rules" / "pact.dl").write_text(RULES, encoding="utf-8")
    states = [f"s{i}" for i in range(n)]
    entities = [
        f"- {{id: {s}, kind: state, label: S{i}, iso: {chr(65 + i // 26)}{chr(65 + i % 26)}}}"
        for i, s in enumerate(states)
    ]
    entities.append("- {id: pact, kind: treaty, label: the Pact}")
    (root / "facts" / "entities.yaml").write_text("\n".join(entities) + "\n", encoding="utf-8")
    (root / "facts" / "sources.yaml").write_text("- {id: bench, title: synthetic}\n", "utf-8")
    facts = []
    for i, s in enumerate(states):
        day = dt.date(2000, 1, 1) + dt.timedelta(days=30 * i)
        facts.append(f'- {{fact: "party({s}, pact)", from: {day}, source: bench}}')
        since = f", from: {first_attack}" if first_attack and i == 0 else ""
        facts.append(f'- {{fact: "attacked({s})"{since}, source: bench}}')
    (root / "facts" / "pact.yaml").write_text("\n".join(facts) + "\n", encoding="utf-8")
    return KnowledgeBase.load(root / "rules", root / "facts")


def timed(label: str, kb_a: KnowledgeBase, kb_b: KnowledgeBase) -> None:
    started = time.perf_counter()
    result = diff_versions(kb_a, kb_b)
    elapsed = time.perf_counter() - started
    print(
        f"{label}: {len(result.questions)} questions x {len(result.dates)} dates, "
        f"{result.queries} open queries, {result.explained} conclusions compared, "
        f"{len(result.changes)} changes: {elapsed:.2f} s"
    )


def main(sizes: list[int]) -> None:
    started = time.perf_counter()
    bundled = KnowledgeBase.load()
    print(f"load bundled KB: {time.perf_counter() - started:.2f} s")
    timed("bundled KB vs itself", bundled, KnowledgeBase.load())
    bundled_a, bundled_b = KnowledgeBase.load(), KnowledgeBase.load()
    bundled_b.facts_version = "forced-different"  # evaluate everything although nothing differs
    timed("bundled KB vs itself, evaluated in full", bundled_a, bundled_b)
    for n in sizes:
        with tempfile.TemporaryDirectory() as tmp:
            kb_a = synthetic(Path(tmp) / "a", n)
            kb_b = synthetic(Path(tmp) / "b", n, first_attack="2000-06-01")
            timed(f"synthetic pact, {n} states, one fact changed", kb_a, kb_b)


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [5, 10, 20])
