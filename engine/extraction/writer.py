"""Add extracted facts to a facts file, and review them, without losing comments or data."""

from __future__ import annotations

import datetime as dt
import io
import os
import re
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq

from ..errors import CasusError, Location
from ..knowledge.facts import Entity, Source, read_yaml
from ..language.ast import is_identifier
from .article import Candidate, Metadata
from .dedupe import THRESHOLD, shingles, similarity


@dataclass
class WriteReport:
    """What writing did: facts added, sources added to known facts, candidates skipped."""

    added: list[str] = field(default_factory=list)
    corroborated: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)


def _yaml() -> YAML:
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 4096
    return yaml


def load_entries(path: Path) -> CommentedSeq:
    """The top-level list of a YAML file (empty if the file is new); refuse anything else."""
    if not path.exists():
        return CommentedSeq()
    data = read_yaml(path)
    if data is None:
        return CommentedSeq()
    if not isinstance(data, CommentedSeq):
        raise CasusError.single(
            "yaml-shape",
            "refusing to write: the file is not a list of entries",
            Location(str(path), 1, 1),
        )
    return data


def _dumps(data: Any) -> str:
    buffer = io.StringIO()
    _yaml().dump(data, buffer)
    return buffer.getvalue()


def _replace_atomic(path: Path, text: str) -> None:
    """Write text to a temporary file beside `path`, then rename it over `path`."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _entry_lines(data: CommentedSeq, lines: list[str]) -> list[tuple[int, int]]:
    """For each top-level entry, the [first, last) lines it occupies, comments below excluded."""
    starts = [data.lc.item(i)[0] for i in range(len(data))] + [len(lines)]
    spans = []
    for i in range(len(data)):
        end = starts[i + 1]
        while end > starts[i] + 1 and (
            not lines[end - 1].strip() or lines[end - 1].lstrip().startswith("#")
        ):
            end -= 1
        spans.append((starts[i], end))
    return spans


def _splice_atomic(
    path: Path, data: CommentedSeq, changed: set[int], removed: set[int], new: CommentedSeq
) -> None:
    """Rewrite only the changed entries, drop the removed ones, append the new; keep the rest."""
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    spans = _entry_lines(data, lines)
    for i in sorted(changed | removed, reverse=True):
        begin, end = spans[i]
        if i in removed:
            lines[begin:end] = []
            continue
        entry = data[i]
        entry.fa.set_block_style()
        lines[begin:end] = [_dumps(CommentedSeq([entry]))]
    text = "".join(lines)
    if new:
        if text and not text.endswith("\n"):
            text += "\n"
        text += _dumps(new)
    _replace_atomic(path, text)


def _append_atomic(path: Path, entries: CommentedSeq) -> None:
    """Append entries to the file's text, leaving every existing byte as it was."""
    old = path.read_text(encoding="utf-8") if path.exists() else ""
    if old and not old.endswith("\n"):
        old += "\n"
    _replace_atomic(path, old + _dumps(entries))


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


def add_source(sources_file: Path, meta: Metadata, article: Path | None) -> str:
    """Append a news source for the article to the sources file; return its id."""
    data = load_entries(sources_file)
    ids = {str(item.get("id")) for item in data if isinstance(item, CommentedMap)}
    base = slug(meta.publisher or meta.title or "article") or "article"
    if meta.published:
        base += f"-{meta.published.isoformat()}"
    sid, n = base, 2
    while sid in ids:
        sid, n = f"{base}-{n}", n + 1
    entry = CommentedMap(id=sid, kind="news", title=meta.title or sid)
    if meta.publisher:
        entry["publisher"] = meta.publisher
    if meta.published:
        entry["date"] = meta.published
    if meta.url:
        entry["url"] = meta.url
    if article is not None:
        entry["text"] = os.path.relpath(article.resolve(), sources_file.parent.resolve())
    _append_atomic(sources_file, CommentedSeq([entry]))
    return sid


def _unknown(candidate: Candidate, entities: dict[str, Entity]) -> list[str]:
    return [a for a in candidate.args if is_identifier(a) and a not in entities]


def _index(data: CommentedSeq) -> dict[str, list[CommentedMap]]:
    """The entries of a facts file by their fact, spelled without spaces."""
    found: dict[str, list[CommentedMap]] = {}
    for item in data:
        if isinstance(item, CommentedMap) and "fact" in item:
            found.setdefault(_canonical(str(item["fact"])), []).append(item)
    return found


def _covering(entries: list[CommentedMap], day: dt.date | None) -> CommentedMap | None:
    """The entry whose validity window holds on `day` (any entry if the day is unknown)."""
    for entry in entries:
        start, end = entry.get("from"), entry.get("until")
        if day is None or (
            (not isinstance(start, dt.date) or start <= day)
            and (not isinstance(end, dt.date) or day < end)
        ):
            return entry
    return None


def _corroborate(entry: CommentedMap, source: str, quote: str) -> bool:
    """Add a source to a known fact's `also` list, unless the fact already cites it."""
    claims = [entry, *entry.get("also", []), *entry.get("disputed", [])]
    if any(str(c.get("source")) == source for c in claims):
        return False
    entry.setdefault("also", CommentedSeq()).append(CommentedMap(source=source, quote=quote))
    return True


def _new_entry(candidate: Candidate, source: str) -> CommentedMap:
    entry = CommentedMap(fact=candidate.fact)
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
    """
    other_files: dict[str, list[Path]] = {}
    for fact, where in elsewhere or []:
        other_files.setdefault(_canonical(fact), []).append(where)
    data = load_entries(path)
    files: dict[Path, tuple[CommentedSeq, dict[str, list[CommentedMap]]]] = {
        path: (data, _index(data))
    }
    touched: dict[Path, set[int]] = {}
    report = WriteReport()
    new = CommentedSeq()
    for candidate in candidates:
        key = _canonical(candidate.fact)
        if not candidate.holds:
            report.skipped.append(f"{candidate.fact}: evidence that it does NOT hold, not a fact")
            continue
        unknown = _unknown(candidate, entities)
        if unknown:
            report.skipped.append(
                f"{candidate.fact}: unknown entit{'ies' if len(unknown) > 1 else 'y'} "
                f"{', '.join(unknown)} (add to entities.yaml first)"
            )
            continue
        known, home = None, path
        for where in dict.fromkeys([path, *other_files.get(key, [])]):
            if where not in files:
                loaded = load_entries(where)
                files[where] = (loaded, _index(loaded))
            known = _covering(files[where][1].get(key, []), candidate.valid_from)
            if known is not None:
                home = where
                break
        if known is None:
            entry = _new_entry(candidate, source)
            new.append(entry)
            files[path][1].setdefault(key, []).append(entry)
            report.added.append(candidate.fact)
        elif _corroborate(known, source, candidate.quote):
            if known not in new:
                index = next(i for i, e in enumerate(files[home][0]) if e is known)
                touched.setdefault(home, set()).add(index)
            report.corroborated.append(candidate.fact)
        else:
            report.skipped.append(f"{candidate.fact}: already recorded from {source}")
    for home, changed in touched.items():
        if home != path:
            _splice_atomic(home, files[home][0], changed, set(), CommentedSeq())
    if path in touched:
        _splice_atomic(path, data, touched[path], set(), new)
    elif new:
        _append_atomic(path, new)
    return report


def add_event(entities_file: Path, event: str, meta: Metadata, source: str) -> None:
    """Register a newly reported event as an entity so that facts about it can be written."""
    label = f"the event reported by {meta.publisher or source}"
    if meta.event_start or meta.published:
        label += f" ({(meta.event_start or meta.published)})"
    entry = CommentedMap(id=event, kind="event", label=label)
    entry["note"] = f"proposed by casus extract from source {source}; review the id and label"
    load_entries(entities_file)
    _append_atomic(entities_file, CommentedSeq([entry]))


def review(
    path: Path, accept: Iterable[str] = (), reject: Iterable[str] = (), accept_all: bool = False
) -> tuple[list[str], list[str], list[str]]:
    """Accept (mark reviewed) or reject (remove) unreviewed facts; say what was done and left."""
    data = load_entries(path)
    wanted = {_canonical(f) for f in accept}
    unwanted = {_canonical(f) for f in reject}
    accepted: list[str] = []
    rejected: list[str] = []
    left: list[str] = []
    changed: set[int] = set()
    removed: set[int] = set()
    for index, item in enumerate(data):
        if not isinstance(item, CommentedMap) or item.get("reviewed", True) is not False:
            continue
        fact = str(item.get("fact"))
        key = _canonical(fact)
        if key in unwanted:
            removed.add(index)
            rejected.append(fact)
        elif accept_all or key in wanted:
            del item["reviewed"]
            changed.add(index)
            accepted.append(fact)
        else:
            left.append(fact)
    if changed or removed:
        _splice_atomic(path, data, changed, removed, CommentedSeq())
    return accepted, rejected, left
