"""`casus extract` (propose facts from articles) and `casus review` (accept or reject them)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated

import typer
from casus.api.cli.support import (
    DataFormat,
    FactsOpt,
    FormatOpt,
    RulesOpt,
    bad_input,
    print_json,
)
from casus.api.extract_impact import ArticleImpact, article_impact
from casus.api.extract_write import write_extraction
from casus.engine.errors import CasusError
from casus.engine.extraction.article import Extraction, extract
from casus.engine.extraction.dedupe import duplicate_of
from casus.engine.extraction.events import known_events
from casus.engine.extraction.html import from_html
from casus.engine.extraction.kb_status import status
from casus.engine.extraction.writer import review, same_text_source
from casus.engine.knowledge.kb import ENTITIES_FILE, KnowledgeBase, default_dirs
from casus.engine.knowledge.limits import read_text
from rich.console import Console
from rich.table import Table

out = Console(soft_wrap=False, width=160)


def _read(path: Path) -> str:
    """An article file: a regular UTF-8 file of bounded size (never a device or a pipe)."""
    try:
        return read_text(path)
    except CasusError as exc:
        bad_input(exc)


def _extract_file(
    path: Path, kb: KnowledgeBase, published: dt.datetime | None, event: str | None
) -> tuple[str, Extraction]:
    raw = _read(path)
    day = published.date() if published else None
    records = [r for rows in kb.store.by_pred.values() for r in rows] + kb.unreviewed
    try:
        if path.suffix.lower() in (".html", ".htm"):
            page = from_html(raw, str(path))
            result = extract(
                page.text,
                kb.entities or {},
                published=day or page.published,
                published_how="given" if day else "page metadata",
                event=event,
                events=known_events(records),
                title=page.title,
                publisher=page.publisher,
                url=page.url,
            )
            return page.text, result
        known = same_text_source(raw, kb.sources, kb.texts)
        return raw, extract(
            raw,
            kb.entities or {},
            published=day or (known.date if known else None),
            published_how="given" if day or not known else f"date of known source {known.id}",
            event=event,
            events=known_events(records),
            title=known.title if known else None,
            publisher=known.publisher if known else None,
            url=known.url if known else None,
        )
    except CasusError as exc:
        bad_input(exc)


def _table(path: Path, result: Extraction, kb: KnowledgeBase) -> None:
    meta = result.metadata
    out.print(f"[bold]{path}[/bold]: {meta.title or '(no title)'}")
    out.print(
        f"  publisher: {meta.publisher or '?'}; published: {meta.published or '?'}"
        f" ({meta.published_how or 'not found: pass --published YYYY-MM-DD'})"
    )
    out.print(f"  event: {meta.event} ({meta.event_how}); started: {meta.event_start or '?'}")
    for other in meta.other_events:
        out.print(f"  earlier event: {other.id} ({other.how}); started: {other.start or '?'}")
    for date in meta.dates:
        out.print(f"  date {date.text!r} -> {date.date} ({date.how})", markup=False)
    table = Table(show_lines=False)
    for col in ("fact", "holds", "conf", "pattern", "according to", "from", "KB", "quote"):
        table.add_column(col, overflow="fold")
    for c in result.candidates:
        table.add_row(
            c.fact,
            "yes" if c.holds else "[red]NOT[/red]",
            f"{c.confidence:.2f}",
            c.pattern,
            c.attributed_to or "",
            str(c.valid_from or ""),
            status(c, kb.store, meta.published),
            c.quote[:90],
        )
    out.print(table)


def extract_cmd(
    files: Annotated[list[Path], typer.Argument(help="article files (.txt, or saved .html)")],
    write: Annotated[
        Path | None, typer.Option("--write", help="add the facts, unreviewed, to this facts file")
    ] = None,
    published: Annotated[
        dt.datetime | None,
        typer.Option(
            "--published", formats=["%Y-%m-%d"], help="publication date if the text has none"
        ),
    ] = None,
    event: Annotated[str | None, typer.Option("--event", help="entity id of the event")] = None,
    fmt: FormatOpt = DataFormat.text,
    as_json: Annotated[
        bool, typer.Option("--json", help="deprecated: use --format json")
    ] = False,
    impact: Annotated[
        bool,
        typer.Option(
            "--impact", help="list the conclusions that accepting the candidates would change"
        ),
    ] = False,
    rules: RulesOpt = None,
    facts: FactsOpt = None,
) -> None:
    """Propose facts stated by news articles, each with its quote, for a person to review."""
    if as_json:
        typer.echo(
            "warning: --json is deprecated and will be removed in the next release; "
            "use --format json",
            err=True,
        )
        fmt = DataFormat.json
    try:
        kb = KnowledgeBase.load(rules, facts)
    except CasusError as exc:
        bad_input(exc)
    loaded = [(path, *_extract_file(path, kb, published, event)) for path in files]
    duplicates = duplicate_of([text for _, text, _ in loaded])
    kept = []
    for (path, text, result), dup in zip(loaded, duplicates, strict=True):
        if dup is not None:
            typer.echo(
                f"{path}: near-duplicate of {loaded[dup[0]][0]} "
                f"(similarity {dup[1]:.2f}); keeping {loaded[dup[0]][0]}",
                err=True,
            )
        else:
            kept.append((path, text, result))
    impacts = [_impact(kb, result) if impact else None for _, _, result in kept]
    if fmt is DataFormat.json:
        print_json([
            {
                "file": str(p),
                **r.model_dump(mode="json"),
                **({"impact": i.model_dump(mode="json")} if i else {}),
            }
            for (p, _, r), i in zip(kept, impacts, strict=True)
        ])
    else:
        for (path, _, result), found in zip(kept, impacts, strict=True):
            _table(path, result, kb)
            if found is not None:
                _print_impact(found)
    if write is not None:
        for path, text, result in kept:
            _write(write, path, text, result, kb, facts or default_dirs()[1])


def _impact(kb: KnowledgeBase, result: Extraction) -> ArticleImpact:
    try:
        return article_impact(kb, result)
    except CasusError as exc:
        bad_input(exc)


def _print_impact(found: ArticleImpact) -> None:
    """Each changed conclusion, with the explanation of the side where it holds."""
    out.print(
        f"  [bold]impact as of {found.as_of}[/bold]: {len(found.changes)} conclusion(s) change "
        f"if the {len(found.assumed)} candidate fact(s) are accepted"
    )
    for change in found.changes:
        out.print(f"  {change.kind} {change.conclusion}", markup=False)
        side = change.before if change.kind == "removed" else change.after
        for line in side.explanation.strip().splitlines():
            out.print(f"      {line}", markup=False)
    for line in found.skipped:
        out.print(f"  not assumed: {line}", markup=False)


def _write(
    target: Path, path: Path, text: str, result: Extraction, kb: KnowledgeBase, facts_dir: Path
) -> None:
    """Write one article's candidates: its source and new event first, then the facts."""
    try:
        done = write_extraction(
            target, facts_dir, text, result, list(result.candidates), kb, article=path
        )
    except CasusError as exc:
        bad_input(exc)
    for event in done.events_added:
        typer.echo(f"added event {event} to {ENTITIES_FILE}", err=True)
    report = done.report
    typer.echo(
        f"{target}: {len(report.added)} added (unreviewed), "
        f"{len(report.corroborated)} known facts gained source {done.source}",
        err=True,
    )
    for line in report.skipped:
        typer.echo(f"  skipped {line}", err=True)


def review_cmd(
    file: Annotated[Path, typer.Argument(help="a facts file with extracted facts")],
    accept: Annotated[
        list[str] | None, typer.Option("--accept", help="a fact to accept (repeatable)")
    ] = None,
    reject: Annotated[
        list[str] | None, typer.Option("--reject", help="a fact to remove (repeatable)")
    ] = None,
    accept_all: Annotated[bool, typer.Option("--all", help="accept every fact")] = False,
    fmt: FormatOpt = DataFormat.text,
) -> None:
    """List unreviewed facts in a file; accept or reject them."""
    if not file.exists():
        raise typer.BadParameter(f"{file} does not exist")
    try:
        done = review(file, accept or [], reject or [], accept_all)
    except CasusError as exc:
        bad_input(exc)
    if fmt is DataFormat.json:
        print_json({
            "accepted": done.accepted, "rejected": done.rejected, "unreviewed": done.left,
            "unmatched": done.unmatched,
        })
        raise typer.Exit(1 if done.unmatched else 0)
    for fact in done.accepted:
        typer.echo(f"accepted {fact}")
    for fact in done.rejected:
        typer.echo(f"rejected {fact}")
    for fact in done.left:
        typer.echo(f"unreviewed {fact}")
    for fact in done.unmatched:
        typer.echo(f"{file}: no unreviewed fact {fact}; nothing done for it", err=True)
    if done.unmatched:
        raise typer.Exit(1)
