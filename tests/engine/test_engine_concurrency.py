"""Scenarios never modify the base and never leak between questions evaluated concurrently."""

from __future__ import annotations

import datetime as dt
import random
import threading
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from casus.engine.ask import ask
from casus.engine.knowledge.kb import KnowledgeBase

WAR = "karabakh_war_2020"
HELP = f"requested_assistance(armenia, csto, {WAR})"
Question = tuple[str, str, tuple[str, ...], tuple[str, ...]]

# Questions whose answers differ between scenarios, so a leaked assumption or retraction
# changes some answer: the same query is asked under several different scenarios.
QUESTIONS: list[Question] = [
    (f"must_assist(russia, armenia, csto, {WAR})", "2020-10-07", (), ()),
    (f"must_assist(russia, armenia, csto, {WAR})", "2020-10-07",
     (f"hostilities_in({WAR}, syunik)", HELP), ()),
    (f"must_assist(russia, armenia, csto, {WAR})", "2020-10-07",
     (f"hostilities_in({WAR}, syunik)", HELP), ("party(russia, csto)",)),
    (f"must_assist(A, armenia, csto, {WAR})", "2020-10-07",
     ("located_in(village, syunik)", f"hostilities_in({WAR}, village)", HELP), ()),
    (f"must_assist(A, armenia, csto, {WAR})", "2020-10-07",
     ("located_in(village, syunik)", f"hostilities_in({WAR}, village)", HELP),
     ("party(belarus, csto)", "party(kazakhstan, csto)")),
    (f"casus_foederis(csto, {WAR})", "2020-10-07", (f"hostilities_in({WAR}, gegharkunik)",), ()),
    (f"casus_foederis(csto, {WAR})", "2020-10-07", (), ("armed_attack(karabakh_war_2020)",)),
    (f"must_consult(csto, {WAR})", "2020-10-07",
     ("territory_of(nagorno_karabakh, armenia)",), ()),
    ("party(X, csto)", "2020-10-07", (), ("party(armenia, csto)",)),
    ("party(X, csto)", "1995-01-01", ("party(turkey, csto)",), ()),
    ("covered_territory(csto, V, syunik)", "2020-10-07", ("territory_of(syunik, russia)",), ()),
    (f"must_assist(russia, armenia, csto, {WAR})", "1993-01-01",
     (f"hostilities_in({WAR}, syunik)", HELP), ()),
]

THREADS = 8
ROUNDS = 4


def _answer(kb: KnowledgeBase, question: Question) -> dict[str, Any]:
    query, as_of, assume, retract = question
    answer = ask(kb, query, dt.date.fromisoformat(as_of), list(assume), list(retract))
    return answer.model_dump(exclude={"elapsed_ms"})


def test_concurrent_scenarios_equal_the_same_scenarios_alone(kb: KnowledgeBase) -> None:
    alone = [_answer(kb, q) for q in QUESTIONS]
    assert len({str(a["holds"]) + a["query"] for a in alone}) > 4  # the answers differ
    base_before = _answer(kb, QUESTIONS[0])
    barrier = threading.Barrier(THREADS)

    def worker(seed: int) -> list[tuple[int, dict[str, Any]]]:
        order = list(range(len(QUESTIONS))) * ROUNDS
        random.Random(seed).shuffle(order)
        barrier.wait()  # all threads start together
        return [(i, _answer(kb, QUESTIONS[i])) for i in order]

    with ThreadPoolExecutor(max_workers=THREADS) as pool:
        results = list(pool.map(worker, range(THREADS)))
    assert sum(len(r) for r in results) == THREADS * ROUNDS * len(QUESTIONS)
    for per_thread in results:
        for i, got in per_thread:
            assert got == alone[i], f"question {i} differs under concurrency"
    assert _answer(kb, QUESTIONS[0]) == base_before  # the base is unchanged


def test_a_scenario_leaves_the_base_unchanged(kb: KnowledgeBase) -> None:
    before = _answer(kb, ("party(X, csto)", "2020-10-07", (), ()))
    _answer(kb, ("party(X, csto)", "2020-10-07", ("party(turkey, csto)",),
                 ("party(armenia, csto)",)))
    after = _answer(kb, ("party(X, csto)", "2020-10-07", (), ()))
    assert after == before
    assert "armenia" in {a["bindings"]["X"] for a in after["answers"]}
    assert "turkey" not in {a["bindings"]["X"] for a in after["answers"]}
