"""Load and check a knowledge base: rule files plus entity, source and fact files."""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field
from pathlib import Path

from engine.adapter import Engine
from engine.ast import Decl, Program, Rule
from engine.check import check_program
from engine.errors import CasusError, Location, Problem
from engine.facts import (
    Entity,
    Source,
    check_constants,
    load_entities,
    load_facts,
    load_sources,
    source_text,
)
from engine.store import FactRecord, FactStore
from engine.syntax import parse_program

ENTITIES_FILE = "entities.yaml"
SOURCES_FILE = "sources.yaml"
RULE_SOURCE = "rules"  # source id of facts written inline in rule files


def default_dirs() -> tuple[Path, Path]:
    """The bundled knowledge base (CASUS_RULES / CASUS_FACTS override it)."""
    root = Path(__file__).resolve().parent.parent
    rules = Path(os.environ.get("CASUS_RULES", root / "rules"))
    facts = Path(os.environ.get("CASUS_FACTS", root / "facts"))
    return rules, facts


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


@dataclass
class KnowledgeBase:
    """Checked rules and facts, the fact store and the compiled pyDatalog program."""

    program: Program
    store: FactStore
    entities: dict[str, Entity] | None = None
    sources: dict[str, Source] = field(default_factory=dict)
    texts: dict[str, str | None] = field(default_factory=dict)
    rules_version: str = "inline"
    facts_version: str = "inline"
    unreviewed: list[FactRecord] = field(default_factory=list)
    engine: Engine = field(init=False)

    def __post_init__(self) -> None:
        derived = {d.name for d in self.program.decls.values() if d.derived}
        bridged = {p for p in self.store.predicates() if p in derived}
        self.engine = Engine(self.program.rules, derived, bridged)

    @property
    def decls(self) -> dict[str, Decl]:
        return self.program.decls

    @property
    def rules(self) -> list[Rule]:
        return self.program.rules

    def rule(self, rule_id: str) -> Rule | None:
        return self.engine.rules.get(rule_id)

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
        texts = {sid: source_text(sources_path, s) for sid, s in sources.items()}
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
            rules_version=_digest(rule_files),
            facts_version=_digest(
                [facts_dir / ENTITIES_FILE, sources_path, *fact_files]
            ),
            unreviewed=unreviewed,
        )


def _inline_records(program: Program) -> list[FactRecord]:
    return [
        FactRecord(f.atom.pred, f.atom.values(), RULE_SOURCE, f.atom.loc) for f in program.facts
    ]
