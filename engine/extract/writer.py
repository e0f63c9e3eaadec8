"""Add extracted facts to a facts file, and review them, without losing comments or data."""

from __future__ import annotations

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

from engine.ast import is_identifier
from engine.errors import CasusError, Location
from engine.extract.article import Candidate, Metadata
from engine.extract.dedupe import THRESHOLD, shingles, similarity
from engine.facts import Entity, Source, read_yaml


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


def _load_list(path: Path) -> CommentedSeq:
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


def _dump_atomic(path: Path, data: Any) -> None:
    """Round-trip the whole file (comments kept) and replace it atomically."""
    _replace_atomic(path, _dumps(data))


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
    data = _load_list(sources_file)
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


def write_facts(
    path: Path, candidates: Iterable[Candidate], source: str, entities: dict[str, Entity]
) -> WriteReport:
    """Add candidates to a facts file as unreviewed facts; known facts gain the source instead."""
    data = _load_list(path)
    report = WriteReport()
    new = CommentedSeq()
    existing: dict[str, CommentedMap] = {}
    for item in data:
        if isinstance(item, CommentedMap) and "fact" in item:
            existing.setdefault(_canonical(str(item["fact"])), item)
    for candidate in candidates:
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
        known = existing.get(_canonical(candidate.fact))
        if known is not None:
            claims = [known, *known.get("also", []), *known.get("disputed", [])]
            if any(str(c.get("source")) == source for c in claims):
                report.skipped.append(f"{candidate.fact}: already recorded from {source}")
                continue
            also = known.setdefault("also", CommentedSeq())
            also.append(CommentedMap(source=source, quote=candidate.quote))
            report.corroborated.append(candidate.fact)
            continue
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
        new.append(entry)
        existing[_canonical(candidate.fact)] = entry
        report.added.append(candidate.fact)
    if report.corroborated:
        data.extend(new)
        _dump_atomic(path, data)
    elif report.added:
        _append_atomic(path, new)
    return report


def review(
    path: Path, accept: Iterable[str] = (), reject: Iterable[str] = (), accept_all: bool = False
) -> tuple[list[str], list[str], list[str]]:
    """Accept (mark reviewed) or reject (remove) unreviewed facts; say what was done and left."""
    data = _load_list(path)
    wanted = {_canonical(f) for f in accept}
    unwanted = {_canonical(f) for f in reject}
    accepted: list[str] = []
    rejected: list[str] = []
    left: list[str] = []
    flag_lines: list[int] = []
    for item in list(data):
        if not isinstance(item, CommentedMap) or item.get("reviewed", True) is not False:
            continue
        fact = str(item.get("fact"))
        key = _canonical(fact)
        if key in unwanted:
            data.remove(item)
            rejected.append(fact)
        elif accept_all or key in wanted:
            flag_lines.append(item.lc.key("reviewed")[0])
            del item["reviewed"]
            accepted.append(fact)
        else:
            left.append(fact)
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True) if accepted else []
    if rejected or any(not re.fullmatch(r"\s*reviewed:\s*false\s*", lines[n]) for n in flag_lines):
        _dump_atomic(path, data)
    elif accepted:
        _replace_atomic(path, "".join(ln for n, ln in enumerate(lines) if n not in flag_lines))
    return accepted, rejected, left
