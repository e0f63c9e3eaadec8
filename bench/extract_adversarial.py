"""Worst-case time of `extract` over adversarial articles at the size limit (MAX_CHARS).

Each input runs in its own process with a timeout, so a quadratic extractor is reported as
"> timeout" instead of taking minutes. Target: every input at most 2 s. The process first
warms the extractor as a serving process does when it starts (`prepare`: spaCy's pipeline,
the name matchers, dateparser's data), so the time is what a request pays; that one-off
start-up is printed on its own.

Run from the repository root: python bench/extract_adversarial.py [--chars N] [--timeout S]
"""

from __future__ import annotations

import argparse
import datetime as dt
import multiprocessing
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from casus.engine.extraction.article import (  # noqa: E402
    MAX_CHARS,
    MAX_SENTENCE_CHARS,
    extract,
    prepare,
)
from casus.engine.knowledge.facts import load_entities  # noqa: E402

TARGET_S = 2.0
PUBLISHED = dt.date(2020, 10, 7)  # a publication date lets the dates be resolved too


def _fill(unit: str, chars: int, end: str = "") -> str:
    """`unit` repeated up to `chars` characters (with `end` appended)."""
    return (unit * (chars // len(unit) + 1))[: chars - len(end)] + end


def _sentences(unit: str, chars: int) -> str:
    """Sentences of `unit` repeated, each just under the extractor's sentence limit."""
    sentence = _fill(unit, MAX_SENTENCE_CHARS - 2) + ". "
    return _fill(sentence, chars)


INPUTS: dict[str, Callable[[int], str]] = {
    # one sentence of coordinated clauses, each naming entities (the attack)
    "long sentence": lambda n: _fill("Armenia asked the CSTO for help and ", n),
    # a list of members with no verb until the very end
    "long list": lambda n: _fill("Armenia, Russia, Belarus, Kazakhstan and ", n, "CSTO"),
    # clauses a pattern begins but never finishes
    "repeated clauses": lambda n: _fill("Azerbaijan said that Armenia, a member of the ", n),
    "repeated attacks": lambda n: _fill("Azerbaijani forces attacked Armenian positions ", n),
    "fighting in": lambda n: _fill("fighting in the disputed region of ", n),
    "no mentions": lambda n: _fill("the quick brown fox jumps over ", n),
    "dateline words": lambda n: _fill("YEREVAN, ", n),
    "short lines": lambda n: _fill("aaaa\n", n),
    "spaced letters": lambda n: _fill("a ", n),
    "whitespace run": lambda n: "Armenia" + " " * (n - 20) + "is not either",
    "capped sentences": lambda n: _sentences("Armenia asked the CSTO for help and ", n),
    "capped lists": lambda n: _sentences("Armenia, Russia, Belarus and ", n),
    "capped clauses": lambda n: _sentences("Azerbaijan said that Armenia, a member of the ", n),
    "many sentences": lambda n: _fill("Armenia asked the CSTO for help. ", n),
    "dated sentences": lambda n: _fill("On Oct. 7, in March 2020, Armenia asked the CSTO. ", n),
    "adjectives": lambda n: _fill("Armenian Azerbaijani Russian ", n),
    "anaphora": lambda n: _fill("The CSTO met. The bloc and the alliance said no. ", n),
}


def _run(text: str, out: multiprocessing.Queue[tuple[float, float]]) -> None:
    entities = load_entities(ROOT / "facts" / "entities.yaml")
    start = time.perf_counter()
    prepare(entities)
    warmed = time.perf_counter()
    extract(text, entities, published=PUBLISHED)
    out.put((time.perf_counter() - warmed, warmed - start))


def measure(text: str, timeout: float) -> tuple[float, float] | None:
    """Seconds `extract` took on `text` in a fresh, warmed process and the seconds warming
    took, or None past `timeout`."""
    context = multiprocessing.get_context("spawn")
    out: multiprocessing.Queue[tuple[float, float]] = context.Queue()
    proc = context.Process(target=_run, args=(text, out))
    proc.start()
    proc.join(timeout + 30)  # loading entities and warming the fresh process are not timed
    if proc.is_alive():
        proc.kill()
        proc.join()
        return None
    try:
        seconds, warming = out.get(timeout=1)
    except Exception:
        return None
    return (seconds, warming) if seconds <= timeout else None


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chars", type=int, default=MAX_CHARS, help="size of each input")
    parser.add_argument("--timeout", type=float, default=30.0, help="seconds per input")
    parser.add_argument("--repeat", type=int, default=3, help="runs per input (median shown)")
    parser.add_argument("--only", help="run only the inputs whose name contains this")
    args = parser.parse_args()
    worst = 0.0
    warmings: list[float] = []
    for name, make in INPUTS.items():
        if args.only and args.only not in name:
            continue
        text = make(args.chars)
        times = []
        for _ in range(args.repeat):
            measured = measure(text, args.timeout)
            if measured is None:
                break
            times.append(measured[0])
            warmings.append(measured[1])
        if len(times) < args.repeat:
            print(f"{name:18} {len(text):7} chars  > {args.timeout:g} s (timed out)")
            worst = float("inf")
            continue
        median = statistics.median(times)
        worst = max(worst, median)
        print(f"{name:18} {len(text):7} chars  {median:6.2f} s (median of {args.repeat})")
    if warmings:
        print(f"warming a process (once, at start): {statistics.median(warmings):.2f} s median")
    print(f"worst: {worst:.2f} s (target <= {TARGET_S:g} s)")
    return 0 if worst <= TARGET_S else 1


if __name__ == "__main__":
    raise SystemExit(main())
