"""Load and check a knowledge base: rule files plus entity, source and fact files."""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field
from functools import cached_property
from importlib import resources
from pathlib import Path

from ..errors import CasusError, Location, Problem
from ..language.ast import Decl, Program, Rule
from ..language.check import check_program
from ..language.syntax import parse_program
from .facts import (
    Entity,
    Source,
    check_constants,
    load_entities,
    load_facts,
    load_sources,
    source_text,
)
from .store import FactRecord, FactStore

ENTITIES_FILE = "entities.yaml"
SOURCES_FILE = "sources.yaml"
RULE_SOURCE = "rules"  # source id of facts written inline in rule files


def _bundled(package: str) -> Path:
    """The folder of a package-data package (rules or facts) as installed with casus."""
    return Path(str(resources.files(package)))


def default_dirs() -> tuple[Path, Path]:
    """The bundled knowledge base (CASUS_RULES / CASUS_FACTS override it)."""
    rules = os.environ.get("CASUS_RULES")
    facts = os.environ.get("CASUS_FACTS")
    return (
        Path(rules) if rules else _bundled("casus.rules"),
        Path(facts) if facts else _bundled("casus.facts"),
    )


def articles_dir(facts_dir: Path) -> Path:
    """Where source texts are looked up: CASUS_ARTICLES, else the facts folder's `articles/`.

    Article texts are other people's writing and are not shipped; where they are absent,
    quotes from them are not verified (`casus check` says so).
    """
    configured = os.environ.get("CASUS_ARTICLES")
    return Path(configured) if configured else facts_dir / "articles"


def display_path(path: Path) -> str:
    """A path as users should see it in messages: relative to the working directory if inside."""
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def _digest(paths: list[Path]) -> str:
    h = hashlib.sha256()
    for path in paths:
        h.update(path.name.encode())
        h.update(path.read_bytes())
    return h.hexdigest()[:12]


def merge_programs(programs: list[Program]) -> Program:
    """Combine parsed rule files; a predicate may be declared only once in all of them."""
    merged = Program()
    problems: list[Problem] = []
    for program in programs:
        for name, decl in program.decls.items():
            if name in merged.decls:
                problems.append(
                    Problem(
                        "duplicate-decl",
                        f"predicate {name} is already declared at {merged.decls[name].loc}",
                        decl.loc,
                    )
                )
            else:
                merged.decls[name] = decl
        merged.rules += program.rules
        merged.facts += program.facts
    if problems:
        raise CasusError(problems)
    return merged


@dataclass(eq=False)
class KnowledgeBase:
    """Checked rules and facts and the fact store; `evaluation.adapter.engine_for` compiles it.

    Identity is equality (eq=False), so the compiled program can be cached per instance.
    """

    program: Program
    store: FactStore
    entities: dict[str, Entity] | None = None
    sources: dict[str, Source] = field(default_factory=dict)
    texts: dict[str, str | None] = field(default_factory=dict)
    articles: Path | None = None  # where source texts were looked up
    rules_version: str = "inline"
    facts_version: str = "inline"
    unreviewed: list[FactRecord] = field(default_factory=list)

    @property
    def unverified_sources(self) -> list[str]:
        """Sources that name a text not found on this machine: their quotes went unchecked."""
        return [sid for sid, s in self.sources.items() if s.text and self.texts.get(sid) is None]

    @property
    def decls(self) -> dict[str, Decl]:
        return self.program.decls

    @property
    def rules(self) -> list[Rule]:
        return self.program.rules

    def rule(self, rule_id: str) -> Rule | None:
        return self.rules_by_id.get(rule_id)

    @cached_property
    def rules_by_id(self) -> dict[str, Rule]:
        """Rules by their `@rule` id."""
        return {r.id: r for r in self.program.rules}

    @classmethod
    def from_text(
        cls, text: str, file: str = "<program>", require_ids: bool = False
    ) -> KnowledgeBase:
        """A knowledge base from one program text with inline facts (tests, notebooks)."""
        program = parse_program(text, file)
        check_program(program, require_ids=require_ids)
        return cls(program, FactStore(_inline_records(program)))

    @classmethod
    def load(
        cls,
        rules_dir: Path | None = None,
        facts_dir: Path | None = None,
        include_unreviewed: bool = False,
    ) -> KnowledgeBase:
        """Parse, check and index every rule and fact file; raise one error listing all problems.

        Facts proposed by `casus extract` and not yet reviewed are left out of the store
        unless `include_unreviewed` is set; they are listed in `unreviewed` either way.
        """
        default_rules, default_facts = default_dirs()
        rules_dir = Path(display_path(rules_dir or default_rules))
        facts_dir = Path(display_path(facts_dir or default_facts))
        rule_files = sorted(rules_dir.glob("*.dl"))
        if not rule_files:
            raise CasusError.single(
                "no-rules", "no rule files (*.dl) found", Location(str(rules_dir))
            )
        problems: list[Problem] = []
        programs = []
        for path in rule_files:
            try:
                programs.append(parse_program(path.read_text(encoding="utf-8"), str(path)))
            except CasusError as exc:
                problems += exc.problems
        if problems:
            raise CasusError(problems)
        program = merge_programs(programs)
        check_program(program)
        entities = load_entities(facts_dir / ENTITIES_FILE)
        sources_path = facts_dir / SOURCES_FILE
        sources = load_sources(sources_path)
        articles = articles_dir(facts_dir)
        texts = {sid: source_text(articles, s) for sid, s in sources.items()}
        fact_files = sorted(
            p for p in facts_dir.glob("*.yaml") if p.name not in (ENTITIES_FILE, SOURCES_FILE)
        )
        records = _inline_records(program)
        for fact in program.facts:
            problems += check_constants(fact.atom, entities)
        for path in fact_files:
            try:
                records += load_facts(path, program.decls, entities, sources, texts)
            except CasusError as exc:
                problems += exc.problems
        if problems:
            raise CasusError(problems)
        unreviewed = [r for r in records if not r.reviewed]
        if not include_unreviewed:
            records = [r for r in records if r.reviewed]
        return cls(
            program,
            FactStore(records),
            entities,
            sources,
            texts,
            articles,
            rules_version=_digest(rule_files),
            facts_version=_digest([facts_dir / ENTITIES_FILE, sources_path, *fact_files]),
            unreviewed=unreviewed,
        )


def _inline_records(program: Program) -> list[FactRecord]:
    return [
        FactRecord(f.atom.pred, f.atom.values(), RULE_SOURCE, f.atom.loc) for f in program.facts
    ]
