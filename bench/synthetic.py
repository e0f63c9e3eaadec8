"""Write synthetic knowledge bases 1x/10x/100x the shipped one, for benchmarks.

Scale 1 copies the shipped rules and facts. Scale N copies them and adds N-1 generated
alliances' worth of states, treaty parties, places (with `located_in` chains) and events,
all dated and citing one benchmark source, so every generated fact passes the loader's checks.
"""

from __future__ import annotations

import argparse
import random
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCE = "synthetic-bench"


def _state_iso(n: int) -> str:
    return chr(65 + n // 26 % 26) + chr(65 + n % 26)


def write_kb(out: Path, scale: int, seed: int = 7) -> tuple[Path, Path]:
    """Write rules/ and facts/ for `scale` under `out`; returns (rules_dir, facts_dir)."""
    rules, facts = out / "rules", out / "facts"
    if out.exists():
        shutil.rmtree(out)
    shutil.copytree(ROOT / "rules", rules)
    shutil.copytree(ROOT / "facts", facts, ignore=shutil.ignore_patterns("articles"))
    sources = (facts / "sources.yaml").read_text(encoding="utf-8")
    # the copied sources file points at article texts relative to the original facts dir
    sources = sources.replace("text: ../../shared/", f"text: {ROOT.parent / 'shared'}/")
    sources += f"- {{id: {SOURCE}, kind: dataset, title: Synthetic benchmark data}}\n"
    (facts / "sources.yaml").write_text(sources, encoding="utf-8")
    if scale <= 1:
        return rules, facts
    rng = random.Random(seed)
    entities: list[str] = []
    lines: list[str] = []
    n_states = 10 * (scale - 1)
    states = [f"state{i}" for i in range(n_states)]
    for i, s in enumerate(states):
        entities.append(f"- {{id: {s}, kind: state, label: State {i}, iso: {_state_iso(i)}}}")
        lines.append(f'- {{fact: "state({s})", source: {SOURCE}}}')
        lines.append(f'- {{fact: "party({s}, csto)", from: 1994-04-20, source: {SOURCE}}}')
        for k in range(3):  # a province with two districts inside it
            prov, dist = f"{s}_prov{k}", f"{s}_dist{k}"
            entities.append(f"- {{id: {prov}, kind: place, label: {prov}}}")
            entities.append(f"- {{id: {dist}, kind: place, label: {dist}}}")
            lines.append(
                f'- {{fact: "territory_of({prov}, {s})", from: 1991-12-21, source: {SOURCE}}}'
            )
            lines.append(f'- {{fact: "located_in({dist}, {prov})", source: {SOURCE}}}')
    for j in range(5 * (scale - 1)):
        event, victim = f"event{j}", rng.choice(states)
        # the shipped rules cover a state's recognised territory (no inference from geography)
        place = f"{victim}_prov{rng.randrange(3)}" if rng.random() < 0.7 else "nagorno_karabakh"
        day = f"20{rng.randrange(0, 20):02d}-0{rng.randrange(1, 10)}-1{rng.randrange(0, 10)}"
        entities.append(f"- {{id: {event}, kind: event, label: Event {j}}}")
        for fact in (
            f"event({event})",
            f"target({event}, {victim})",
            f"hostilities_in({event}, {place})",
            f"armed_attack({event})",
        ):
            lines.append(f'- {{fact: "{fact}", from: {day}, source: {SOURCE}}}')
        if rng.random() < 0.5:
            lines.append(
                f'- {{fact: "requested_assistance({victim}, csto, {event})", '
                f"from: {day}, source: {SOURCE}}}"
            )
    with (facts / "entities.yaml").open("a", encoding="utf-8") as fh:
        fh.write("\n".join(entities) + "\n")
    (facts / "synthetic.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return rules, facts


def main() -> None:
    """Command line: write the knowledge base of one scale into a directory."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("out", type=Path)
    parser.add_argument("--scale", type=int, default=10)
    args = parser.parse_args()
    rules, facts = write_kb(args.out, args.scale)
    print(f"wrote {rules} and {facts}")


if __name__ == "__main__":
    main()
