"""Consistency of the bundled knowledge base beyond what `casus check` verifies: every source
is cited, citations in comments name real sources, every place is tied to a state or region,
every treaty and interpretation is used, and every treaty rule quotes its text."""

from __future__ import annotations

import re
from pathlib import Path

from casus.engine.knowledge.kb import KnowledgeBase
from casus.engine.language.ast import Atom, Const, Negation
from casus.engine.regression.cases import load_cases

ROOT = Path(__file__).resolve().parent.parent
CITATION = re.compile(r"\[([a-z0-9][a-z0-9-]*(?:, [a-z0-9][a-z0-9-]*)*)\]")
SHARED_RULE_FILES = {"vocabulary.dl", "conditions.dl"}


def _comment_citations() -> set[str]:
    """Source ids cited as [id] or [id, id] in rule files and fact-file comments or notes."""
    cited: set[str] = set()
    files = [*ROOT.glob("rules/*.dl"), *ROOT.glob("facts/*.yaml")]
    for path in files:
        if path.name == "sources.yaml":
            continue
        for group in CITATION.findall(path.read_text(encoding="utf-8")):
            cited.update(part.strip() for part in group.split(","))
    return cited


def test_every_source_is_cited(kb: KnowledgeBase) -> None:
    used = {r.source for records in kb.store.by_pred.values() for r in records}
    used |= {c.source for records in kb.store.by_pred.values() for r in records
             for c in r.alternatives}
    unused = set(kb.sources) - used - _comment_citations()
    assert not unused, f"sources nothing cites: {sorted(unused)}"


def test_citations_in_comments_name_known_sources(kb: KnowledgeBase) -> None:
    unknown = {c for c in _comment_citations() if "-" in c} - set(kb.sources)
    assert not unknown, f"[id] citations of unknown sources: {sorted(unknown)}"


def test_every_place_is_tied_to_a_state_or_region(kb: KnowledgeBase) -> None:
    assert kb.entities is not None
    tied = {r.args[0] for p in ("territory_of", "administered_by", "located_in", "claimed_by")
            for r in kb.store.by_pred[p]}
    # Antarctica: the Antarctic Treaty (1959) froze every claim; no sovereignty fact applies
    places = {e.id for e in kb.entities.values() if e.kind == "place"} - {"antarctica"}
    assert not places - tied, f"places with no territory or location: {sorted(places - tied)}"


def test_located_in_names_a_region_or_state(kb: KnowledgeBase) -> None:
    assert kb.entities is not None
    for record in kb.store.by_pred["located_in"]:
        region = kb.entities[str(record.args[1])]
        assert region.kind in ("region", "state", "place"), record


def test_every_treaty_has_dated_parties_and_an_assistance_rule(kb: KnowledgeBase) -> None:
    assert kb.entities is not None
    treaties = {e.id for e in kb.entities.values() if e.kind == "treaty"}
    with_parties = {r.args[1] for r in kb.store.by_pred["party"] if r.valid_from is not None}
    assisted = {
        rule.head.args[2].value for rule in kb.rules
        if rule.head.pred == "must_assist" and isinstance(rule.head.args[2], Const)
    }
    assert treaties <= with_parties
    assert treaties <= assisted


def test_every_interpretation_is_used_by_a_rule_and_a_case(kb: KnowledgeBase) -> None:
    assert kb.entities is not None
    names = {e.id for e in kb.entities.values() if e.kind == "interpretation"}
    in_rules: set[object] = set()
    for rule in kb.rules:
        for lit in rule.body:
            atom = lit.atom if isinstance(lit, Negation) else lit
            if isinstance(atom, Atom) and atom.pred == "interpretation":
                arg = atom.args[0]
                if isinstance(arg, Const):
                    in_rules.add(arg.value)
    in_cases = {name for path in ROOT.glob("tests/scenarios/*.yaml")
                for loaded in load_cases(path) for name in loaded.case.interpretations}
    assert names == in_rules
    assert names <= in_cases


def test_every_treaty_rule_sits_under_a_comment_quoting_its_article(kb: KnowledgeBase) -> None:
    """A rule's comment block is its treaty text; rules in a run share the comment above it."""
    by_file: dict[str, list[str]] = {}
    for rule in kb.rules:
        if Path(rule.loc.file).name in SHARED_RULE_FILES:
            continue
        comments = by_file.setdefault(rule.loc.file, [])
        comments.append(rule.comment or (comments[-1] if comments else ""))
        assert comments[-1], f"{rule.id} ({rule.loc.file}:{rule.loc.line}) has no comment above it"
    for file, comments in by_file.items():
        assert any('"' in c for c in comments), f"{file} quotes no treaty text"
