"""`casus diff`: which conclusions two versions of the rules and facts disagree on, and why."""

from __future__ import annotations

import json
import sys
import time
from collections import Counter
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from casus.api.cli.support import bad_input, err
from casus.engine.errors import CasusError
from casus.engine.knowledge.kb import KnowledgeBase
from casus.engine.knowledge.revisions import Version, checkout, repo_root
from casus.engine.regression.diff import (
    Change,
    Diff,
    Side,
    diff_versions,
    planned_queries,
    predicate_name,
)
from casus.engine.regression.golden import text_diff
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table
from rich.text import Text

out = Console(soft_wrap=True, highlight=False)
MARKS = {"added": ("+", "green"), "removed": ("-", "red"), "changed": ("~", "yellow")}


class DiffFormat(StrEnum):
    text = "text"
    json = "json"


def _run(
    kb_a: KnowledgeBase, kb_b: KnowledgeBase, interpretations: list[str], explanations: bool
) -> Diff:
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err,
        transient=True,
    ) as progress:
        tasks = {
            "query": progress.add_task("open queries", total=planned_queries(kb_a, kb_b)),
            "explain": progress.add_task("explanations compared", total=None),
        }
        return diff_versions(
            kb_a, kb_b, interpretations, lambda step: progress.advance(tasks[step])
        )


def side_json(side: Side) -> dict[str, Any]:
    return {"holds": side.holds, "explanation": side.text}


def _change_json(change: Change) -> dict[str, Any]:
    return {
        "kind": change.kind,
        "question": change.question,
        "atom": change.atom,
        "from": change.start.isoformat() if change.start else None,
        "until": change.until.isoformat() if change.until else None,
        "explained_as_of": change.probe.isoformat(),
        "a": side_json(change.a),
        "b": side_json(change.b),
    }


def side_by_side(title_a: str, a: Side, title_b: str, b: Side) -> Table:
    """Two explanations in two columns, each headed by its version and verdict."""
    table = Table(show_lines=False, expand=True)
    table.add_column(f"{title_a} ({'holds' if a.holds else 'does not hold'})", ratio=1)
    table.add_column(f"{title_b} ({'holds' if b.holds else 'does not hold'})", ratio=1)
    table.add_row(Text(a.text.rstrip()), Text(b.text.rstrip()))
    return table


def _print_change(change: Change, a: Version, b: Version) -> None:
    mark, colour = MARKS[change.kind]
    out.print(f"[bold {colour}]{mark} {change.kind}[/] ", end="")
    out.print(f"{change.atom}  {change.period}", markup=False)
    out.print(side_by_side(f"A: {a.label}", change.a, f"B: {b.label}", change.b))
    if change.kind == "changed":
        out.print(text_diff(change.a.text, change.b.text, "A", "B"), markup=False)
    out.print(f"explanations as of {change.probe.isoformat()}\n", markup=False)


def _summary(result: Diff) -> Table:
    table = Table(title="Changed conclusions")
    table.add_column("question")
    for kind in MARKS:
        table.add_column(kind, justify="right")
    counts: dict[str, Counter[str]] = {predicate_name(q): Counter() for q in result.questions}
    for change in result.changes:
        counts[change.question][change.kind] += 1
    for question, count in counts.items():
        table.add_row(question, *(str(count[kind]) for kind in MARKS))
    return table


def diff_cmd(
    a: Annotated[
        str | None, typer.Argument(help="version A: git revision or directory (default: HEAD)")
    ] = None,
    b: Annotated[
        str | None,
        typer.Argument(help="version B: git revision or directory (default: the working tree)"),
    ] = None,
    interpretation: Annotated[
        list[str] | None,
        typer.Option("--interpretation", "-i", help="a named interpretation to apply to both"),
    ] = None,
    verdicts_only: Annotated[
        bool,
        typer.Option(
            "--verdicts-only",
            help="only conclusions added or removed; skip comparing the explanations of "
            "conclusions that hold in both (faster on large knowledge bases)",
        ),
    ] = False,
    fmt: Annotated[DiffFormat, typer.Option("--format", "-f")] = DiffFormat.text,
) -> None:
    """Compare every question's conclusions under two versions at every date where a fact or
    rule changes; exit 0 if none changed, 1 if some did, 2 on bad input.

    A directory version holds rules/ and facts/; a git revision is read from the repository
    of the current directory.
    """
    started = time.perf_counter()
    repo = repo_root(Path.cwd())
    interpretations = interpretation or []
    try:
        with checkout(a or "HEAD", repo) as version_a, checkout(b, repo) as version_b:
            kb_a = KnowledgeBase.load(version_a.rules, version_a.facts)
            kb_b = KnowledgeBase.load(version_b.rules, version_b.facts)
            result = _run(kb_a, kb_b, interpretations, not verdicts_only)
    except CasusError as exc:
        bad_input(exc)
    elapsed = time.perf_counter() - started
    if fmt is DiffFormat.json:
        body = {
            "a": version_a.label,
            "b": version_b.label,
            "interpretations": interpretations,
            "questions": result.questions,
            "dates": [d.isoformat() for d in result.dates],
            "identical": result.identical,
            "queries": result.queries,
            "explained": result.explained,
            "elapsed_s": round(elapsed, 3),
            "changes": [_change_json(c) for c in result.changes],
        }
        sys.stdout.write(json.dumps(body, indent=2, ensure_ascii=False) + "\n")
    else:
        for change in result.changes:
            _print_change(change, version_a, version_b)
        out.print(_summary(result))
        if result.identical:
            out.print("the versions have identical rule and fact files", markup=False)
        out.print(
            f"A: {version_a.label}; B: {version_b.label}; {len(result.questions)} questions "
            f"at {len(result.dates)} dates: {result.queries} open queries and "
            f"{result.explained} conclusions' explanations compared in {elapsed:.2f} s; "
            f"{len(result.changes)} changes",
            markup=False,
        )
    if result.changes:
        raise typer.Exit(1)
