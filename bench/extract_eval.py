"""Score `casus extract` on the hand-annotated gold articles: precision/recall per predicate, traps.

Run from the repository root: python bench/extract_eval.py [--verbose]
"""

from __future__ import annotations

import datetime as dt
import sys
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from casus.engine.extraction.article import extract  # noqa: E402
from casus.engine.knowledge.facts import Entity, load_entities, read_yaml  # noqa: E402

GOLD = ROOT / "tests" / "extract" / "gold"

Key = tuple[str, bool]


def _key(fact: str, holds: bool) -> Key:
    return (fact.replace(" ", ""), holds)


def _entities() -> dict[str, Entity]:
    entities = load_entities(ROOT / "facts" / "entities.yaml")
    entities.update(load_entities(GOLD / "entities.yaml"))
    return entities


def evaluate(gold_dir: Path = GOLD) -> dict[str, Any]:
    """Run the extractor on every gold article and compare with its annotation."""
    entities = _entities()
    tp: Counter[str] = Counter()
    fp: Counter[str] = Counter()
    fn: Counter[str] = Counter()
    traps: list[str] = []
    errors: list[str] = []
    for text_path in sorted(gold_dir.glob("*.txt")):
        note = read_yaml(text_path.with_suffix(".yaml"))
        published = note.get("published")
        result = extract(
            text_path.read_text(encoding="utf-8"),
            entities,
            published=dt.date.fromisoformat(str(published)) if published else None,
            event="EVENT",
        )
        # the gold annotates an event's role facts; event(E) itself is implied by them
        got = {_key(c.fact, c.holds) for c in result.candidates if c.predicate != "event"}
        want = {_key(f["fact"], f["holds"]) for f in note.get("facts", [])}
        for key in got | want:
            pred = key[0].split("(")[0]
            if key in got and key in want:
                tp[pred] += 1
            elif key in got:
                fp[pred] += 1
                errors.append(f"{text_path.name}: extra {key[0]} holds={key[1]}")
            else:
                fn[pred] += 1
                errors.append(f"{text_path.name}: missed {key[0]} holds={key[1]}")
        for trap in note.get("traps", []):
            if _key(trap["fact"], trap["holds"]) in got:
                traps.append(
                    f"{text_path.name}: {trap['fact']} holds={trap['holds']}: {trap['why']}"
                )
    per_pred = {}
    for pred in sorted(set(tp) | set(fp) | set(fn)):
        predicted, relevant = tp[pred] + fp[pred], tp[pred] + fn[pred]
        per_pred[pred] = {
            "precision": tp[pred] / predicted if predicted else 1.0,
            "recall": tp[pred] / relevant if relevant else 1.0,
            "tp": tp[pred],
            "fp": fp[pred],
            "fn": fn[pred],
        }
    total_tp, total_fp, total_fn = sum(tp.values()), sum(fp.values()), sum(fn.values())
    return {
        "precision": total_tp / (total_tp + total_fp) if total_tp + total_fp else 1.0,
        "recall": total_tp / (total_tp + total_fn) if total_tp + total_fn else 1.0,
        "per_predicate": per_pred,
        "traps": traps,
        "errors": errors,
        "articles": len(list(gold_dir.glob("*.txt"))),
    }


def main() -> None:
    report = evaluate()
    print(f"{report['articles']} gold articles")
    print(f"{'predicate':28} {'precision':>9} {'recall':>7} {'tp':>4} {'fp':>4} {'fn':>4}")
    for pred, row in report["per_predicate"].items():
        print(
            f"{pred:28} {row['precision']:9.2f} {row['recall']:7.2f} "
            f"{row['tp']:4} {row['fp']:4} {row['fn']:4}"
        )
    print(f"{'overall':28} {report['precision']:9.2f} {report['recall']:7.2f}")
    print(f"traps triggered: {len(report['traps'])}")
    for line in report["traps"]:
        print("  " + line)
    if "--verbose" in sys.argv:
        for line in report["errors"]:
            print("  " + line)


if __name__ == "__main__":
    main()
