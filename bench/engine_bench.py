"""Engine benchmark: medians and p99 of the main operations at 1x, 10x and 100x scale,
with clingo's time for the same program and facts as the reference.

Run from the repository root:  python -m bench.engine_bench [--runs 200] [--scales 1,10,100]
Each item runs `--runs` times, or fewer if `--budget` seconds run out first (the table says
how many runs each number is based on). A script, not a test: numbers depend on the machine.
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from casus.engine.ask import ask
from casus.engine.evaluation.adapter import engine_for
from casus.engine.evaluation.scenario import build_scenario
from casus.engine.knowledge.kb import KnowledgeBase
from casus.engine.language.ast import Atom, Var
from casus.engine.language.syntax import parse_query, parse_scenario_atom

from bench.asp import program_text, solve
from bench.synthetic import write_kb

AS_OF = dt.date(2020, 10, 7)
WAR = "karabakh_war_2020"
GROUND = f"must_assist(russia, armenia, csto, {WAR})"
SCENARIO = [
    "located_in(village, syunik)",
    f"hostilities_in({WAR}, village)",
    f"requested_assistance(armenia, csto, {WAR})",
]
OPEN = "must_assist(A, V, csto, E)"
QUESTIONS = {"must_assist": 4, "casus_foederis": 2, "must_consult": 2}


def measure(job: Callable[[], object], runs: int, budget: float) -> list[float]:
    """Milliseconds per run, after one warm-up run."""
    job()
    times: list[float] = []
    deadline = time.perf_counter() + budget
    while len(times) < runs and (len(times) < 3 or time.perf_counter() < deadline):
        start = time.perf_counter()
        job()
        times.append((time.perf_counter() - start) * 1000)
    return times


def p99(times: list[float]) -> float:
    ordered = sorted(times)
    return ordered[min(len(ordered) - 1, round(0.99 * (len(ordered) - 1)))]


def conclusions(kb: KnowledgeBase) -> int:
    """Every answer of every question predicate as of AS_OF (no explanations)."""
    view = build_scenario(kb, AS_OF).view(kb)
    total = 0
    for pred, arity in QUESTIONS.items():
        goal = Atom(pred, tuple(Var(f"A{i}") for i in range(arity)))
        total += len(engine_for(kb).ask(view, goal))
    return total


def clingo_conclusions(kb: KnowledgeBase) -> Callable[[], object]:
    """clingo grounding and solving the same rules and facts (text prepared beforehand)."""
    text = program_text(kb, build_scenario(kb, AS_OF).view(kb))
    return lambda: solve(text, list(QUESTIONS))


def bench_scale(scale: int, root: Path, runs: int, budget: float, load_runs: int) -> list[str]:
    rules, facts = write_kb(root / f"x{scale}", scale)
    rows: list[str] = []

    def row(name: str, times: list[float]) -> None:
        rows.append(
            f"| {scale}x | {name} | {statistics.median(times):.2f} | {p99(times):.2f} "
            f"| {len(times)} |"
        )

    row(
        "cold load (parse, check, index, compile)",
        measure(lambda: cold_load(rules, facts), load_runs, budget),
    )
    kb = KnowledgeBase.load(rules, facts)
    row(
        f"ground question, full explanation (why-not + would-hold-if + summary): {GROUND}",
        measure(lambda: ask(kb, GROUND, AS_OF), runs, budget),
    )
    row(
        "same under a 3-fact scenario (holds: proof + summary)",
        measure(lambda: ask(kb, GROUND, AS_OF, assume=SCENARIO), runs, budget),
    )
    row(
        f"query with variables, full explanation: {OPEN}",
        measure(lambda: ask(kb, OPEN, AS_OF, assume=SCENARIO), runs, budget),
    )
    found = conclusions(kb)
    row(
        f"all question conclusions as of {AS_OF} ({found} answers)",
        measure(lambda: conclusions(kb), runs, budget),
    )
    row(
        "clingo: ground + solve the same program (reference)",
        measure(clingo_conclusions(kb), runs, budget),
    )
    return rows


def cold_load(rules: Path, facts: Path) -> KnowledgeBase:
    """Load with the per-process parse caches emptied, as a fresh process would."""
    parse_query.cache_clear()
    parse_scenario_atom.cache_clear()
    return KnowledgeBase.load(rules, facts)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--load-runs", type=int, default=200)
    parser.add_argument("--budget", type=float, default=60.0, help="seconds per item at most")
    parser.add_argument("--scales", default="1,10,100")
    args = parser.parse_args()
    print("| scale | operation | p50 ms | p99 ms | runs |")
    print("|---|---|---|---|---|")
    with tempfile.TemporaryDirectory() as tmp:
        for scale in (int(s) for s in args.scales.split(",")):
            for line in bench_scale(scale, Path(tmp), args.runs, args.budget, args.load_runs):
                print(line, flush=True)


if __name__ == "__main__":
    main()
