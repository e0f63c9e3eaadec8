"""Accepted candidate facts of one article written as unreviewed facts: into the knowledge
base's files (`casus extract --write`, `casus serve --allow-writes`) or as a downloadable
patch. Both go through the extraction writer, so the fact file format has one home."""

from __future__ import annotations

import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from casus.engine.errors import CasusError, Location
from casus.engine.extraction.article import Candidate, Extraction
from casus.engine.extraction.list_file import ListFile
from casus.engine.extraction.writer import (
    WriteReport,
    add_event,
    add_source,
    event_entry,
    find_source,
    load_entries,
    source_entry,
    write_facts,
)
from casus.engine.knowledge.facts import Entity
from casus.engine.knowledge.kb import ENTITIES_FILE, SOURCES_FILE, KnowledgeBase
from casus.engine.language.ast import render_value

SOURCE_MARK = "# Add this source to sources.yaml first:"
EVENT_MARK = "# and this event to entities.yaml:"
COMMENTED = "#   "


@dataclass
class Written:
    """What writing one article did: the source its facts cite, the events added as new
    entities, and the writer's report."""

    source: str
    events_added: list[str]
    report: WriteReport


def accepted(result: Extraction, facts: Iterable[str]) -> list[Candidate]:
    """The article's candidates stating the given facts (each must be one of them)."""
    wanted = list(dict.fromkeys(facts))
    by_fact = {c.fact for c in result.candidates}
    unknown = [f for f in wanted if f not in by_fact]
    if unknown:
        raise CasusError.single(
            "not-a-candidate",
            f"not a candidate fact of this article: {', '.join(unknown)}",
            Location("<request>"),
            hints=sorted(by_fact)[:10],
        )
    chosen = set(wanted)
    return [c for c in result.candidates if c.fact in chosen]


def _elsewhere(kb: KnowledgeBase, facts_dir: Path) -> list[tuple[str, Path]]:
    """(fact, file) for every fact the facts files in `facts_dir` hold, reviewed or not.

    Records name their file relative to the facts folder's parent (`facts/nato.yaml`), not
    to the working directory: the path is rebuilt from `facts_dir`, so that a knowledge base
    loaded from elsewhere never has a file of the working directory edited."""
    folder = facts_dir.resolve()
    records = [r for rows in kb.store.by_pred.values() for r in rows] + kb.unreviewed
    found = []
    for r in records:
        path = folder.parent / r.loc.file
        if path.parent == folder and path.suffix == ".yaml":
            found.append((f"{r.pred}({', '.join(render_value(a) for a in r.args)})", path))
    return found


def _new_events(candidates: list[Candidate], kb: KnowledgeBase) -> list[str]:
    """The events the candidates state (`event(E)`) that the knowledge base lacks: the
    article's own and any earlier one it also reports."""
    known = kb.entities or {}
    stated = (str(c.args[0]) for c in candidates if c.predicate == "event")
    return [e for e in dict.fromkeys(stated) if e not in known]


def write_extraction(
    target: Path,
    facts_dir: Path,
    text: str,
    result: Extraction,
    candidates: list[Candidate],
    kb: KnowledgeBase,
    article: Path | None = None,
) -> Written:
    """Write candidates of one article into `target`: its source (and new event) first, then
    the facts, unreviewed; facts the knowledge base holds gain the source instead."""
    entities = dict(kb.entities or {})
    meta = result.metadata
    load_entries(target)  # refuse before touching sources or entities if it does not parse
    source = find_source(meta, text, kb.sources, kb.texts) or add_source(
        facts_dir / SOURCES_FILE, meta, article
    )
    events = _new_events(candidates, kb)
    for event in events:
        add_event(facts_dir / ENTITIES_FILE, event, meta, source)
        entities[event] = Entity(id=event, kind="event", label=event)
    report = write_facts(target, candidates, source, entities, _elsewhere(kb, facts_dir))
    return Written(source, events, report)


def _commented(path: Path) -> list[str]:
    return [COMMENTED + line for line in path.read_text(encoding="utf-8").splitlines()]


def fact_patch(
    text: str, result: Extraction, candidates: list[Candidate], kb: KnowledgeBase
) -> str:
    """A facts file (YAML) of the candidates as unreviewed facts, headed by comments naming
    the source and event entries the knowledge base needs first; nothing is written to it."""
    entities = dict(kb.entities or {})
    meta = result.metadata
    header = [
        "# casus fact patch: facts proposed from one article, unreviewed until a person "
        "accepts them",
        "# (casus review FILE --accept FACT).",
    ]
    with tempfile.TemporaryDirectory(prefix="casus-patch-") as tmp:
        folder = Path(tmp)
        source = find_source(meta, text, kb.sources, kb.texts)
        if source is None:
            entry = source_entry(meta, kb.sources)
            source = str(entry["id"])
            listing = ListFile(folder / SOURCES_FILE)
            listing.append(entry)
            listing.save()
            header += [SOURCE_MARK, *_commented(folder / SOURCES_FILE)]
        else:
            header.append(f"# The facts cite source {source}, which the knowledge base has.")
        events = _new_events(candidates, kb)
        if events:
            listing = ListFile(folder / ENTITIES_FILE)
            for event in events:
                listing.append(event_entry(event, meta, source))
                entities[event] = Entity(id=event, kind="event", label=event)
            listing.save()
            header += [EVENT_MARK, *_commented(folder / ENTITIES_FILE)]
        patch = folder / "patch.yaml"
        report = write_facts(patch, candidates, source, entities)
        body = patch.read_text(encoding="utf-8") if patch.exists() else "[]\n"
    if report.skipped:
        header.append("# Not included:")
        header += [f"#   {line}" for line in report.skipped]
    return "\n".join(header) + "\n" + body
