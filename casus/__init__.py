"""casus: does an alliance treaty oblige a state to act? Datalog rules over dated, sourced facts.

The Python API: `casus.load()` gives a `KnowledgeBase`; `kb.ask(query, as_of)` gives an
`Answer` with its proof or why-not tree (shown as HTML in Jupyter). Bad input raises
`CasusError`, whose `problems` each carry a location and hints.
"""

from casus.engine.errors import CasusError, Location, Problem
from casus.engine.explanation.answer import (
    Answer,
    AnswerItem,
    ProofNode,
    RuleAttempt,
    RuleRef,
    SourceRef,
    WhyNot,
)
from casus.engine.knowledge.facts import Entity, Source
from casus.engine.knowledge.store import FactRecord
from casus.engine.language.ast import Rule
from casus.engine.library import AsOf, KnowledgeBase, load

__all__ = [
    "Answer",
    "AnswerItem",
    "AsOf",
    "CasusError",
    "Entity",
    "FactRecord",
    "KnowledgeBase",
    "Location",
    "Problem",
    "ProofNode",
    "Rule",
    "RuleAttempt",
    "RuleRef",
    "Source",
    "SourceRef",
    "WhyNot",
    "load",
]
