"""The public Python surface of casus: load a knowledge base, ask it questions, browse it.

    import casus
    kb = casus.load()
    answer = kb.ask("must_assist(russia, armenia, csto, karabakh_war_2020)", "2020-10-07")

Everything here wraps the engine's own pieces (`knowledge.kb`, `ask`, `regression.compare`),
so an answer is the same `Answer` object the CLI prints and the HTTP API returns.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path

from .ask import ExplainLevel
from .ask import ask as ask_question
from .errors import CasusError, Location
from .evaluation.scenario import Limits
from .explanation.answer import Answer
from .knowledge.facts import Entity
from .knowledge.kb import KnowledgeBase as LoadedKB
from .knowledge.lookup import find_entities, find_facts
from .knowledge.store import FactRecord
from .language.ast import Rule
from .language.check import suggest
from .regression.compare import ask_each_interpretation, interpretation_names

AsOf = dt.date | str
"""A date, or the same as text: 'YYYY-MM-DD'."""


def as_date(as_of: AsOf) -> dt.date:
    """A date from a `date` (a datetime counts as its day) or 'YYYY-MM-DD' text."""
    if isinstance(as_of, dt.datetime):
        return as_of.date()
    if isinstance(as_of, dt.date):
        return as_of
    try:
        return dt.date.fromisoformat(as_of)
    except (TypeError, ValueError):
        raise CasusError.single(
            "bad-date", f"{as_of!r} is not a date (YYYY-MM-DD)", Location("<as_of>")
        ) from None


class KnowledgeBase:
    """A checked knowledge base (rules and dated, sourced facts) that answers questions.

    Make one with `casus.load()`. `base` is the engine's loaded knowledge base, for the
    lower-level modules under `casus.engine`.
    """

    def __init__(self, base: LoadedKB, limits: Limits | None = None) -> None:
        self.base = base
        self.limits = limits or Limits()

    @classmethod
    def from_text(cls, program: str) -> KnowledgeBase:
        """A knowledge base from one rule text with its facts written inline (for trying
        out rules in a notebook); raises CasusError on a bad program."""
        return cls(LoadedKB.from_text(program))

    def __repr__(self) -> str:
        base = self.base
        return (
            f"<casus.KnowledgeBase: {len(base.rules)} rules, {base.store.count} facts, "
            f"{len(base.entities or {})} entities (rules {base.rules_version}, "
            f"facts {base.facts_version})>"
        )

    def ask(
        self,
        query: str,
        as_of: AsOf,
        assume: Sequence[str] = (),
        retract: Sequence[str] = (),
        interpretations: Sequence[str] = (),
        explain: ExplainLevel = "full",
    ) -> Answer:
        """Answer `query` as of a date, with facts assumed or retracted for this question only
        and named interpretations applied; `explain` is 'none', 'summary' or 'full'.

        Raises CasusError (with located problems and hints) for a bad query or scenario.
        """
        return ask_question(
            self.base, query, as_date(as_of), assume, retract, interpretations, explain,
            self.limits,
        )

    def ask_each_interpretation(
        self,
        query: str,
        as_of: AsOf,
        assume: Sequence[str] = (),
        retract: Sequence[str] = (),
        explain: ExplainLevel = "summary",
    ) -> dict[str | None, Answer]:
        """The answer under the treaty text (key None) and under each named interpretation."""
        return dict(
            ask_each_interpretation(
                self.base, query, as_date(as_of), assume, retract, explain, self.limits
            )
        )

    def interpretations(self) -> list[str]:
        """Names of the interpretations of practice the knowledge base defines."""
        return interpretation_names(self.base)

    def entities(self, q: str | None = None) -> list[Entity]:
        """Entities (states, treaties, places, events...) whose id, label, alias or ISO code
        contains `q`, case-insensitive and exact matches first; all of them without `q`."""
        return find_entities((self.base.entities or {}).values(), q)

    def rules(self, predicate: str | None = None) -> list[Rule]:
        """The rules in file order, each with its id, treaty citation and text; optionally
        only those that derive `predicate`."""
        if predicate is not None:
            self._known_predicate(predicate)
        return [r for r in self.base.rules if predicate is None or r.head.pred == predicate]

    def facts(self, predicate: str | None = None, as_of: AsOf | None = None) -> list[FactRecord]:
        """Base facts with their dates and sources: all of them, or those of one predicate,
        or those in force on a date."""
        if predicate is not None:
            self._known_predicate(predicate)
        day = as_date(as_of) if as_of is not None else None
        return find_facts(self.base.store, predicate, as_of=day)

    def _known_predicate(self, name: str) -> None:
        if name not in self.base.decls:
            raise CasusError.single(
                "unknown-predicate", f"unknown predicate {name}", Location("<predicate>"),
                suggest(name, self.base.decls),
            )


def load(
    rules: str | Path | None = None,
    facts: str | Path | None = None,
    include_unreviewed: bool = False,
) -> KnowledgeBase:
    """Load and check a knowledge base: the bundled one, or rule and fact folders you give
    (CASUS_RULES / CASUS_FACTS override the bundled folders). Raises CasusError listing
    every problem as file:line:col."""
    return KnowledgeBase(
        LoadedKB.load(
            Path(rules) if rules is not None else None,
            Path(facts) if facts is not None else None,
            include_unreviewed,
        )
    )
