"""Replay benchmark (not a test): `casus replay` of 10,000 logged questions against a
changed rule set; the target is at most 60 s.

The questions are the load benchmark's mix (base and what-if, bench/api_load.py) plus one
what-if without a request for help, at dates drawn from 2010-2024, logged under the
bundled rules and facts. The changed rule set reads the CSTO's amended Art. 4 like the 1992
text (the request condition, which the text does not require, instead of a request made),
so the answers to the what-if without a request change from 2012-12-19 on, and those
decisions are explained under both versions.

    python -m bench.replay_bench                      # SQLite in a scratch folder
    python -m bench.replay_bench --database postgresql://casus:casus@127.0.0.1/casus_bench
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from casus.engine.ask import ask
from casus.engine.decisions.record import Decision
from casus.engine.decisions.schema import metadata
from casus.engine.decisions.store import DecisionStore
from casus.engine.knowledge.kb import KnowledgeBase, default_dirs

from bench.api_load import DRILL, MIX

REQUEST = "requested_assistance(V, csto, E),"
READING = "request_condition(csto, V, E),"
NO_REQUEST = {"query": "must_assist(russia, kazakhstan, csto, drill_2030)", "assume": DRILL[:4]}
WEIGHTED = [*MIX, (2, NO_REQUEST)]
START, DAYS = dt.date(2010, 1, 1), 15 * 365


def questions(n: int, seed: int = 14) -> list[dict[str, Any]]:
    """`n` questions from the load mix, each at a random date."""
    rng = random.Random(seed)
    bodies = rng.choices([body for _, body in WEIGHTED], [w for w, _ in WEIGHTED], k=n)
    return [{**body, "as_of": START + dt.timedelta(days=rng.randrange(DAYS))} for body in bodies]


def changed_rules(root: Path) -> Path:
    """The bundled rules and facts, with CSTO assistance under the request condition."""
    rules, facts = default_dirs()
    shutil.copytree(rules, root / "rules")
    shutil.copytree(facts, root / "facts")
    csto = root / "rules" / "csto.dl"
    text = csto.read_text()
    if REQUEST not in text:
        raise SystemExit(f"{csto} no longer has {REQUEST!r}: pick another change")
    csto.write_text(text.replace(REQUEST, READING, 1))
    return root


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--decisions", type=int, default=10_000)
    parser.add_argument("--database", help="database URL (default: SQLite in a scratch folder;"
                        " an existing decision log there is dropped)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="casus-replay-bench-") as tmp:
        url = args.database or f"sqlite:///{tmp}/decisions.sqlite"
        store = DecisionStore(url)
        with store.engine.begin() as connection:
            metadata.drop_all(connection)
            connection.exec_driver_sql("DROP TABLE IF EXISTS alembic_version")
        store.migrate()
        kb = KnowledgeBase.load()
        started = time.perf_counter()
        asked = [Decision.of(ask(kb, explain="none", **q)) for q in questions(args.decisions)]
        store.add(asked)
        store.close()
        print(f"logged {len(asked)} decisions in {time.perf_counter() - started:.1f} s")
        against = changed_rules(Path(tmp) / "changed")
        started = time.perf_counter()
        done = subprocess.run(
            [sys.executable, "-m", "casus", "replay", "--against", str(against), "--format",
             "json", "--database", url],
            capture_output=True, text=True, check=False,
        )
        elapsed = time.perf_counter() - started
        if done.returncode not in (0, 1):
            raise SystemExit(done.stderr)
        report = json.loads(done.stdout)
        verdicts = sum(c["verdict_changed"] for c in report["changes"])
        print(f"replayed {report['decisions']} decisions ({report['questions']} questions "
              f"asked again) in {elapsed:.1f} s wall ({report['elapsed_s']:.1f} s in replay): "
              f"{len(report['changes'])} changed, {verdicts} of them in verdict")


if __name__ == "__main__":
    main()
