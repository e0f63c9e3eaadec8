"""Add extracted facts to a facts file, and review them, without losing comments or data."""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

from ..knowledge.facts import Entity, Source
from ..language.ast import is_identifier
from .article import Candidate, Metadata
from .dedupe import THRESHOLD, shingles, similarity
from .list_file import ListFile, locked


@dataclass
class WriteReport:
    """What writing did: facts added, sources added to known facts, candidates skipped."""

    added: list[str] = field(default_factory=list)
    corroborated: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)


def load_entries(path: Path) -> list[Any]:
    """The top-level list of a YAML file (empty if the file is new); refuse anything else."""
    return ListFile(path).entries


def _canonical(fact: str) -> str:
    return re.sub(r"\s+", "", fact)


def slug(text: str) -> str:
    """A source id fragment: lower case words joined by hyphens."""
    return "-".join(re.findall(r"[a-z0-9]+", text.lower().removeprefix("the ")))


def same_text_source(
    text: str, sources: dict[str, Source], texts: dict[str, str | None]
) -> Source | None:
    """The knowledge-base source whose text this article nearly duplicates, if any."""
    mine = shingles(text)
    for sid, other in texts.items():
        if other and sid in sources and similarity(mine, shingles(other)) >= THRESHOLD:
            return sources[sid]
    return None


def find_source(
    meta: Metadata, text: str, sources: dict[str, Source], texts: dict[str, str | None]
) -> str | None:
    """An existing source for this article: same URL, same id, or a near-duplicate text."""
    for source in sources.values():
        if meta.url and source.url == meta.url:
            return source.id
    if meta.publisher and meta.published:
        candidate = f"{slug(meta.publisher)}-{meta.published.isoformat()}"
        if candidate in sources:
            return candidate
    same = same_text_source(text, sources, texts)
    return same.id if same else None


def source_entry(
    meta: Metadata, ids: Iterable[str], article: Path | None = None, base: Path | None = None
) -> dict[str, Any]:
    """A news source entry for the article, with an id none of `ids` has; its `text` names
    the article file relative to `base` (the sources file's folder)."""
    taken = set(ids)
    stem = slug(meta.publisher or meta.title or "article") or "article"
    if meta.published:
        stem += f"-{meta.published.isoformat()}"
    sid, n = stem, 2
    while sid in taken:
        sid, n = f"{stem}-{n}", n + 1
    entry: dict[str, Any] = {"id": sid, "kind": "news", "title": meta.title or sid}
    if meta.publisher:
        entry["publisher"] = meta.publisher
    if meta.published:
        entry["date"] = meta.published
    if meta.url:
        entry["url"] = meta.url
    if article is not None and base is not None:
        entry["text"] = os.path.relpath(article.resolve(), base.resolve())
    return entry


def add_source(sources_file: Path, meta: Metadata, article: Path | None) -> str:
    """Add a news source for the article to the sources file (unless one with its URL is
    already there, e.g. from a writer that ran meanwhile); return its id."""
    with locked([sources_file]):
        listing = ListFile(sources_file)
        items = [item for item in listing.entries if isinstance(item, dict)]
        for item in items:
            if meta.url and item.get("url") == meta.url:
                return str(item.get("id"))
        entry = source_entry(
            meta, (str(item.get("id")) for item in items), article, sources_file.parent
        )
        listing.append(entry)
        listing.save()
    return str(entry["id"])


def _unknown(candidate: Candidate, entities: dict[str, Entity]) -> list[str]:
    return [a for a in candidate.args if is_identifier(a) and a not in entities]


def _holds_on(start: object, end: object, day: dt.date | None) -> bool:
    """Whether a validity window holds on `day` (any window does if the day is unknown)."""
    return day is None or (
        (not isinstance(start, dt.date) or start <= day)
        and (not isinstance(end, dt.date) or day < end)
    )


def _covering(
    entries: list[tuple[int, dict[str, Any]]], day: dt.date | None
) -> tuple[int, dict[str, Any]] | None:
    """The entry whose validity window holds on `day` (any entry if the day is unknown)."""
    for found in entries:
        if _holds_on(found[1].get("from"), found[1].get("until"), day):
            return found
    return None


def _covering_new(candidates: list[Candidate], day: dt.date | None) -> bool:
    """Whether a fact added in this run already holds on `day`."""
    return any(_holds_on(c.valid_from, None, day) for c in candidates)


def _cites(entry: dict[str, Any], source: str) -> bool:
    """Whether a known fact already cites the source (as its own, `also` or `disputed`)."""
    claims = [entry, *entry.get("also", []), *entry.get("disputed", [])]
    return any(isinstance(c, dict) and str(c.get("source")) == source for c in claims)


def _new_entry(candidate: Candidate, source: str) -> dict[str, Any]:
    entry: dict[str, Any] = {"fact": candidate.fact}
    if candidate.valid_from:
        entry["from"] = candidate.valid_from
    entry["source"] = source
    entry["quote"] = candidate.quote
    note = f"extracted ({candidate.pattern}, confidence {candidate.confidence})"
    if candidate.attributed_to:
        note += f"; according to {candidate.attributed_to}"
    entry["note"] = note
    entry["reviewed"] = False
    return entry


def _index(listing: ListFile) -> dict[str, list[tuple[int, dict[str, Any]]]]:
    """The entries of a facts file (with their positions) by their fact, spelled without
    spaces."""
    found: dict[str, list[tuple[int, dict[str, Any]]]] = {}
    for i, item in enumerate(listing.entries):
        if isinstance(item, dict) and "fact" in item:
            found.setdefault(_canonical(str(item["fact"])), []).append((i, item))
    return found


def write_facts(
    path: Path,
    candidates: Iterable[Candidate],
    source: str,
    entities: dict[str, Entity],
    elsewhere: Iterable[tuple[str, Path]] = (),
) -> WriteReport:
    """Add candidates to a facts file as unreviewed facts; known facts gain the source instead.

    `elsewhere` lists (fact, file) for the other files of the knowledge base: an entry
    there that holds on the candidate's date gains the source, and no copy is made.
    Every file involved is locked and read afresh, so concurrent writers lose nothing.
    """
    other_files: dict[str, list[Path]] = {}
    for fact, where in elsewhere or []:
        other_files.setdefault(_canonical(fact), []).append(where)
    with locked([path, *(p for paths in other_files.values() for p in paths)]):
        files: dict[Path, tuple[ListFile, dict[str, list[tuple[int, dict[str, Any]]]]]] = {}
        report = WriteReport()
        added: dict[str, list[Candidate]] = {}
        for candidate in candidates:
            key = _canonical(candidate.fact)
            if not candidate.holds:
                report.skipped.append(
                    f"{candidate.fact}: evidence that it does NOT hold, not a fact"
                )
                continue
            unknown = _unknown(candidate, entities)
            if unknown:
                report.skipped.append(
                    f"{candidate.fact}: unknown entit{'ies' if len(unknown) > 1 else 'y'} "
                    f"{', '.join(unknown)} (add to entities.yaml first)"
                )
                continue
            known = None
            for where in dict.fromkeys([path, *other_files.get(key, [])]):
                if where not in files:
                    listing = ListFile(where)
                    files[where] = (listing, _index(listing))
                known = _covering(files[where][1].get(key, []), candidate.valid_from)
                if known is not None:
                    home = files[where][0]
                    break
            if known is None:
                if _covering_new(added.get(key, []), candidate.valid_from):
                    report.skipped.append(f"{candidate.fact}: already recorded from {source}")
                    continue
                files[path][0].append(_new_entry(candidate, source))
                added.setdefault(key, []).append(candidate)
                report.added.append(candidate.fact)
            elif _cites(known[1], source):
                report.skipped.append(f"{candidate.fact}: already recorded from {source}")
            else:
                home.extend_list(known[0], "also", {"source": source, "quote": candidate.quote})
                report.corroborated.append(candidate.fact)
        for listing, _ in files.values():
            listing.save()
    return report


def event_entry(event: str, meta: Metadata, source: str) -> dict[str, Any]:
    """An entity entry for a newly reported event, labelled from its source, for review."""
    label = f"the event reported by {meta.publisher or source}"
    other = next((e for e in meta.other_events if e.id == event), None)
    if other is not None:  # an earlier event the article also reports
        label = f"an earlier event reported by {meta.publisher or source}"
    start = other.start if other is not None else meta.event_start or meta.published
    if start:
        label += f" ({start})"
    return {
        "id": event,
        "kind": "event",
        "label": label,
        "note": f"proposed by casus extract from source {source}; review the id and label",
    }


def add_event(entities_file: Path, event: str, meta: Metadata, source: str) -> None:
    """Register a newly reported event as an entity so that facts about it can be written."""
    with locked([entities_file]):
        listing = ListFile(entities_file)
        if any(isinstance(e, dict) and e.get("id") == event for e in listing.entries):
            return
        listing.append(event_entry(event, meta, source))
        listing.save()


class Review(NamedTuple):
    """What `review` did: facts accepted and rejected, facts left unreviewed, and the facts
    asked for that match no unreviewed fact (nothing was done for those)."""

    accepted: list[str]
    rejected: list[str]
    left: list[str]
    unmatched: list[str]


def review(
    path: Path, accept: Iterable[str] = (), reject: Iterable[str] = (), accept_all: bool = False
) -> Review:
    """Accept (mark reviewed) or reject (remove) unreviewed facts; say what was done and left."""
    accept, reject = list(accept), list(reject)
    wanted = {_canonical(f) for f in accept}
    unwanted = {_canonical(f) for f in reject}
    result = Review([], [], [], [])
    matched: set[str] = set()
    with locked([path]):
        listing = ListFile(path)
        for index, item in enumerate(listing.entries):
            if not isinstance(item, dict) or item.get("reviewed", True) is not False:
                continue
            fact = str(item.get("fact"))
            key = _canonical(fact)
            if key in unwanted:
                listing.remove(index)
                result.rejected.append(fact)
            elif accept_all or key in wanted:
                listing.drop_key(index, "reviewed")
                result.accepted.append(fact)
            else:
                result.left.append(fact)
                continue
            matched.add(key)
        listing.save()
    asked = dict.fromkeys(accept + reject)
    result.unmatched.extend(f for f in asked if _canonical(f) not in matched)
    return result
