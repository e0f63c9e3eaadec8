"""How fast `casus extract` reads articles: articles per second in one process (warm), and the
cold start of the command (a fresh `casus extract FILE --format json`, imports and gazetteer
included). Medians over repeats.

Run from the repository root: python bench/extract_speed.py [--repeats 5] [--cold 5]
"""

from __future__ import annotations

import argparse
import datetime as dt
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from casus.engine.extraction.article import extract  # noqa: E402
from casus.engine.knowledge.facts import load_entities, read_yaml  # noqa: E402

GOLD = ROOT / "tests" / "extract" / "gold"


def _articles() -> list[tuple[str, dt.date | None]]:
    out = []
    for path in sorted(GOLD.glob("*.txt")):
        published = read_yaml(path.with_suffix(".yaml")).get("published")
        out.append(
            (
                path.read_text(encoding="utf-8"),
                dt.date.fromisoformat(str(published)) if published else None,
            )
        )
    return out


def warm_rate(repeats: int) -> tuple[float, int]:
    """Median articles per second over `repeats` passes through the gold articles."""
    entities = load_entities(ROOT / "facts" / "entities.yaml")
    entities.update(load_entities(GOLD / "entities.yaml"))
    articles = _articles()
    extract(articles[0][0], entities, published=articles[0][1])  # load the gazetteer once
    rates = []
    for _ in range(repeats):
        start = time.perf_counter()
        for text, published in articles:
            extract(text, entities, published=published)
        rates.append(len(articles) / (time.perf_counter() - start))
    return statistics.median(rates), len(articles)


def cold_start(runs: int) -> float:
    """Median seconds for one fresh `casus extract FILE --format json`."""
    casus = shutil.which("casus")
    command = [casus] if casus else [sys.executable, "-m", "casus"]
    article = sorted(GOLD.glob("*.txt"))[0]
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(
            [*command, "extract", str(article), "--format", "json"],
            check=True,
            capture_output=True,
        )
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--cold", type=int, default=5)
    args = parser.parse_args()
    rate, count = warm_rate(args.repeats)
    print(f"warm: {rate:.1f} articles/s (median of {args.repeats} passes over {count} articles)")
    print(f"cold start of casus extract: {cold_start(args.cold):.2f} s (median of {args.cold})")


if __name__ == "__main__":
    main()
