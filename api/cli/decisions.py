"""`casus decisions` (list, show, prune the decision log) and `casus replay` (ask logged
questions again under other rules and facts, and show what would now be answered)."""

from __future__ import annotations

import datetime as dt
import json
import re
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from casus.api.cli.diff import side_by_side, side_json
from casus.api.cli.support import FactsOpt, RulesOpt, bad_input, err, load_kb
from casus.engine.ask import ask
from casus.engine.decisions.config import database_url
from casus.engine.decisions.record import Decision, utc_now
from casus.engine.decisions.replay import Replay, Replayed, replay
from casus.engine.decisions.store import DecisionStore, Filters
from casus.engine.errors import CasusError
from casus.engine.explanation.answer import Answer
from casus.engine.explanation.render import render_text
from casus.engine.knowledge.kb import KnowledgeBase
from casus.engine.knowledge.revisions import checkout, repo_root
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table
from sqlalchemy.exc import SQLAlchemyError

out = Console(soft_wrap=True, highlight=False)
decisions_app = typer.Typer(help="The decision log: every logged answer, newest first.")
UNITS = {"s": "seconds", "m": "minutes", "h": "hours", "d": "days", "w": "weeks"}


class Fmt(StrEnum):
    text = "text"
    json = "json"


class Verdict(StrEnum):
    holds = "holds"
    does_not_hold = "does-not-hold"


DatabaseOpt = Annotated[
    str | None,
    typer.Option(
        "--database",
        help="database URL (default: CASUS_DATABASE_URL, else SQLite in CASUS_DATA_DIR)",
    ),
]
SinceOpt = Annotated[
    str | None, typer.Option("--since", help="logged at or after: a UTC date/time or an age (7d)")
]
UntilOpt = Annotated[
    str | None, typer.Option("--until", help="logged before: a UTC date/time or an age (12h)")
]
FmtOpt = Annotated[Fmt, typer.Option("--format", "-f")]


def parse_age(text: str) -> dt.timedelta:
    """`90d`, `12h`, `30m`, `45s` or `2w` as a time span."""
    match = re.fullmatch(r"\s*(\d+)\s*([smhdw])\s*", text)
    if not match:
        raise typer.BadParameter(f"{text!r} is not an age like 90d, 12h, 30m or 2w")
    return dt.timedelta(**{UNITS[match[2]]: int(match[1])})


def parse_moment(text: str | None) -> dt.datetime | None:
    """A UTC date or date-time (`2026-01-31`, `2026-01-31T12:00`), or an age before now."""
    if text is None:
        return None
    try:
        moment = dt.datetime.fromisoformat(text)
    except ValueError:
        return utc_now() - parse_age(text)
    if moment.tzinfo is not None:
        moment = moment.astimezone(dt.UTC).replace(tzinfo=None)
    return moment


@contextmanager
def open_store(database: str | None) -> Iterator[DecisionStore]:
    """The decision log, migrated to the newest schema; database errors exit with 2."""
    store: DecisionStore | None = None
    try:
        store = DecisionStore(database_url(database))
        store.migrate()
        yield store
    except CasusError as exc:
        bad_input(exc)
    except (SQLAlchemyError, OSError) as exc:
        err.print(f"decision log: {str(exc).splitlines()[0]}", markup=False)
        raise typer.Exit(2) from None
    finally:
        if store is not None:
            store.close()


def log_answers(answers: list[Answer], database: str | None) -> None:
    """Write answers to the decision log now (`casus ask --log`); their ids go to stderr."""
    records = [Decision.of(answer) for answer in answers]
    with open_store(database) as store:
        store.add(records)
    for record in records:
        err.print(f"logged decision {record.id}", markup=False)


@decisions_app.callback(invoke_without_command=True)
def list_cmd(
    ctx: typer.Context,
    since: SinceOpt = None,
    until: UntilOpt = None,
    predicate: Annotated[str | None, typer.Option(help="the question's predicate")] = None,
    verdict: Annotated[Verdict | None, typer.Option(help="holds or does-not-hold")] = None,
    rules_version: Annotated[str | None, typer.Option("--rules-version")] = None,
    facts_version: Annotated[str | None, typer.Option("--facts-version")] = None,
    limit: Annotated[int, typer.Option(min=1, help="decisions per page")] = 50,
    offset: Annotated[int, typer.Option(min=0)] = 0,
    fmt: FmtOpt = Fmt.text,
    database: DatabaseOpt = None,
) -> None:
    """List logged decisions, newest first, filtered by time, predicate, verdict, versions."""
    if ctx.invoked_subcommand is not None:
        return
    filters = Filters(
        since=parse_moment(since),
        until=parse_moment(until),
        predicate=predicate,
        holds=None if verdict is None else verdict is Verdict.holds,
        rules_version=rules_version,
        facts_version=facts_version,
    )
    with open_store(database) as store:
        page = store.page(filters, offset, limit)
    if fmt is Fmt.json:
        body = {"total": page.total, "offset": page.offset, "limit": page.limit,
                "items": [d.to_json() for d in page.items]}
        sys.stdout.write(json.dumps(body, indent=2, ensure_ascii=False) + "\n")
        return
    table = Table(title=f"{page.total} decisions (from {offset + 1})" if page.total else None)
    for column in ("id", "logged (UTC)", "question", "as of", "verdict", "rules/facts"):
        table.add_column(column)
    for d in page.items:
        scenario = f" +{len(d.assume)} -{len(d.retract)}" if d.assume or d.retract else ""
        table.add_row(
            d.id, d.created_at.isoformat(timespec="seconds"), d.query + scenario,
            d.as_of.isoformat(), "holds" if d.holds else "does not hold",
            f"{d.rules_version}/{d.facts_version}",
        )
    out.print(table if page.total else "no decisions match")


@decisions_app.command("show")
def show_cmd(
    decision_id: Annotated[str, typer.Argument(help="a decision id")],
    fmt: FmtOpt = Fmt.text,
    database: DatabaseOpt = None,
    rules: RulesOpt = None,
    facts: FactsOpt = None,
) -> None:
    """One decision, explained again when the given (default: bundled) rules and facts are
    the versions it was made under."""
    with open_store(database) as store:
        decision = store.get(decision_id)
    if decision is None:
        err.print(f"no decision {decision_id}", markup=False)
        raise typer.Exit(2)
    kb = load_kb(rules, facts)
    explanation = None
    note = None
    if (kb.rules_version, kb.facts_version) == (decision.rules_version, decision.facts_version):
        try:
            explanation = ask(kb, decision.query, decision.as_of, decision.assume,
                              decision.retract, decision.interpretations)
        except CasusError as exc:
            bad_input(exc)
    else:
        note = (f"made under rules {decision.rules_version} and facts {decision.facts_version}; "
                f"these are rules {kb.rules_version} and facts {kb.facts_version}")
    if fmt is Fmt.json:
        body = decision.to_json()
        body["explanation"] = explanation.model_dump(mode="json") if explanation else None
        body["explanation_note"] = note
        sys.stdout.write(json.dumps(body, indent=2, ensure_ascii=False) + "\n")
        return
    for name, value in decision.to_json().items():
        out.print(f"{name}: {value}", markup=False)
    out.print(render_text(explanation) if explanation else f"no explanation: {note}",
              markup=False)


@decisions_app.command("prune")
def prune_cmd(
    older_than: Annotated[str, typer.Option("--older-than", help="an age: 90d, 12h, 2w")],
    database: DatabaseOpt = None,
) -> None:
    """Delete decisions logged longer ago than the given age."""
    before = utc_now() - parse_age(older_than)
    with open_store(database) as store:
        removed = store.prune(before)
    out.print(f"pruned {removed} decisions logged before {before.isoformat()} UTC", markup=False)


def _replayed_json(change: Replayed) -> dict[str, Any]:
    return {
        "decision": change.decision.to_json(),
        "verdict_changed": change.verdict_changed,
        "added": change.added,
        "removed": change.removed,
        "explained_as_of": change.probe.isoformat(),
        "a": side_json(change.a),
        "b": side_json(change.b),
    }


def _print_replayed(change: Replayed, label_a: str, label_b: str) -> None:
    d = change.decision
    kind = "verdict changed" if change.verdict_changed else "answers changed"
    out.print(f"[bold yellow]~ {kind}[/] ", end="")
    out.print(f"{d.id}: {d.query} as of {d.as_of.isoformat()}", markup=False)
    for label, atoms in (("assumed", d.assume), ("retracted", d.retract),
                         ("interpretations", d.interpretations)):
        if atoms:
            out.print(f"  {label}: {', '.join(atoms)}", markup=False)
    for mark, atoms in (("+", change.added), ("-", change.removed)):
        for atom in atoms:
            out.print(f"  {mark} {atom}", markup=False)
    out.print(side_by_side(f"A: {label_a}", change.a, f"B: {label_b}", change.b))
    out.print(f"explanations as of {change.probe.isoformat()}\n", markup=False)


def _run(decisions: Iterator[Decision], total: int, kb_b: KnowledgeBase,
         kb_a: KnowledgeBase) -> Replay:
    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                  TimeElapsedColumn(), console=err, transient=True) as progress:
        task = progress.add_task("decisions replayed", total=total)
        return replay(decisions, kb_b, kb_a, lambda: progress.advance(task))


def replay_cmd(
    since: SinceOpt = None,
    until: UntilOpt = None,
    against: Annotated[
        str | None,
        typer.Option("--against", help="git revision or directory (default: the working tree)"),
    ] = None,
    base: Annotated[
        str | None,
        typer.Option("--base", help="git revision or directory the decisions were made under, "
                     "to explain them again (default: the bundled rules and facts)"),
    ] = None,
    predicate: Annotated[str | None, typer.Option(help="only this question predicate")] = None,
    fmt: FmtOpt = Fmt.text,
    database: DatabaseOpt = None,
) -> None:
    """Ask logged questions again under other rules and facts and show each whose verdict or
    answers change, explained under both; exit 0 if none changed, 1 if some did, 2 on bad
    input."""
    started = time.perf_counter()
    filters = Filters(since=parse_moment(since), until=parse_moment(until), predicate=predicate)
    repo = repo_root(Path.cwd())
    try:
        with checkout(against, repo) as version_b, open_store(database) as store:
            kb_b = KnowledgeBase.load(version_b.rules, version_b.facts)
            if base is None:
                label_a, kb_a = "as logged", load_kb(None, None)
            else:
                with checkout(base, repo) as version_a:
                    label_a = version_a.label
                    kb_a = KnowledgeBase.load(version_a.rules, version_a.facts)
            total = store.page(filters, 0, 1).total
            result = _run(store.each(filters), total, kb_b, kb_a)
    except CasusError as exc:
        bad_input(exc)
    elapsed = time.perf_counter() - started
    if fmt is Fmt.json:
        body = {
            "against": version_b.label,
            "versions": {"rules": kb_b.rules_version, "facts": kb_b.facts_version},
            "decisions": result.decisions,
            "questions": result.questions,
            "elapsed_s": round(elapsed, 3),
            "changes": [_replayed_json(c) for c in result.changes],
        }
        sys.stdout.write(json.dumps(body, indent=2, ensure_ascii=False) + "\n")
    else:
        for change in result.changes:
            _print_replayed(change, label_a, version_b.label)
        out.print(
            f"replayed {result.decisions} decisions ({result.questions} questions asked again) "
            f"against {version_b.label} in {elapsed:.2f} s: {len(result.changes)} changed",
            markup=False,
        )
    if result.changes:
        raise typer.Exit(1)
