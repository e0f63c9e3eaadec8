"""How fast the explorer's map redraws for a new date (a benchmark, not a test).

For NATO on 1 January of every year from 1949 to this year, in random order, it measures
  1. GET /v1/coverage over HTTP on a live server (the bundled knowledge base, cold: each
     date is asked once), and
  2. the whole redraw in Debian's Chromium: from typing the date in the map view to the map
     and its table showing that date (request + recolouring + table), timed in the page.
Prints median, p95 and max in milliseconds for each; the target is a p95 redraw <= 300 ms.

    python -m bench.coverage_bench [--treaty nato] [--rounds 1]
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import statistics
import time
import urllib.request
from urllib.parse import urlencode

from casus.engine.knowledge.kb import KnowledgeBase
from playwright.sync_api import sync_playwright

from tests.explorer.support import CHROMIUM, CHROMIUM_ARGS, LAPTOP, explorer_app, serving

# Time a date change in the page: type the date, wait until the map says it is drawn.
REDRAW_JS = """async (date) => {
  const map = document.querySelector('#map');
  const input = document.querySelector('#map-date');
  const start = performance.now();
  const done = new Promise((resolve) => {
    const watch = new MutationObserver(() => {
      if (map.dataset.drawn && map.dataset.drawn.endsWith(date)) { watch.disconnect(); resolve(); }
    });
    watch.observe(map, { attributes: true, attributeFilter: ['data-drawn'] });
  });
  input.value = date;
  input.dispatchEvent(new Event('input'));
  await done;
  await new Promise((resolve) => requestAnimationFrame(() => resolve()));  // painted
  return performance.now() - start;
}"""


def summary(name: str, times: list[float]) -> str:
    ordered = sorted(times)
    p95 = ordered[max(0, round(0.95 * len(ordered)) - 1)]
    return (
        f"{name:<34} n={len(times):3d}  median {statistics.median(times):7.1f} ms  "
        f"p95 {p95:7.1f} ms  max {ordered[-1]:7.1f} ms"
    )


def dates(rounds: int) -> list[str]:
    years = [f"{y}-01-01" for y in range(1949, dt.date.today().year + 1)]
    out = []
    for _ in range(rounds):
        random.shuffle(years)
        out += years
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--treaty", default="nato")
    parser.add_argument("--rounds", type=int, default=1, help="passes over the years")
    args = parser.parse_args()
    app = explorer_app(KnowledgeBase.load())
    with serving(app) as base:
        endpoint = []
        for date in dates(args.rounds):
            query = urlencode({"treaty": args.treaty, "as_of": date})
            start = time.perf_counter()
            with urllib.request.urlopen(f"{base}/v1/coverage?{query}") as response:
                response.read()
            endpoint.append((time.perf_counter() - start) * 1000)
        with serving(explorer_app(KnowledgeBase.load())) as fresh, sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            page = browser.new_page(viewport=LAPTOP)
            page.goto(f"{fresh}/?view=map&treaty={args.treaty}&as_of=2024-03-07")
            page.wait_for_selector("#map[data-drawn]")
            redraw = [page.evaluate(REDRAW_JS, date) for date in dates(args.rounds)]
            browser.close()
    print(summary(f"GET /v1/coverage ({args.treaty})", endpoint))
    print(summary("date change -> map redrawn (page)", redraw))


if __name__ == "__main__":
    main()
