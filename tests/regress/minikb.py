"""A small knowledge base written to a directory, for tests of cases, goldens and diffs."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

RULES = """\
.input party(state: state, treaty: treaty)
  true  "{state} is a party to {treaty}"
  false "{state} is not a party to {treaty}"

.input attacked(state: state)
  true  "{state} was attacked"
  false "{state} was not attacked"

.question must_help(ally: state, victim: state)
  true  "{ally} must help {victim}"
  false "{ally} need not help {victim}"

@rule pact.help "Pact, Art. 1"
must_help(A, V) :- attacked(V), party(V, pact), party(A, pact), A != V.
"""

ENTITIES = """\
- {id: north, kind: state, label: North, iso: NO}
- {id: south, kind: state, label: South, iso: SO}
- {id: west, kind: state, label: West, iso: WE}
- {id: pact, kind: treaty, label: the Pact}
"""

SOURCES = """\
- {id: pact-text, kind: treaty, title: The Pact}
"""

FACTS = """\
- {fact: "party(north, pact)", from: 2000-01-01, source: pact-text}
- {fact: "party(south, pact)", from: 2000-01-01, source: pact-text}
- {fact: "attacked(south)", from: 2010-01-01, source: pact-text}
"""


@dataclass(frozen=True)
class MiniKb:
    """The texts of the small knowledge base, and a way to write (variants of) it."""

    rules: str = RULES
    facts: str = FACTS
    entities: str = ENTITIES

    def write(
        self,
        root: Path,
        facts: str | None = None,
        rules: str | None = None,
        entities: str | None = None,
    ) -> Path:
        """Write rules/ and facts/ under `root` (optionally with other rules, facts, entities)."""
        files = {
            "rules/pact.dl": self.rules if rules is None else rules,
            "facts/entities.yaml": self.entities if entities is None else entities,
            "facts/sources.yaml": SOURCES,
            "facts/pact.yaml": self.facts if facts is None else facts,
        }
        for name, text in files.items():
            (root / name).parent.mkdir(parents=True, exist_ok=True)
            (root / name).write_text(text, encoding="utf-8")
        return root
