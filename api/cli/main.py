"""The `casus` command line: ask questions, check the knowledge base."""

from __future__ import annotations

import datetime as dt
import json
import sys
from enum import StrEnum
from typing import Annotated

import typer
from casus.api.cli.diff import diff_cmd
from casus.api.cli.extract import extract_cmd, review_cmd
from casus.api.cli.regression import run_cases_cmd
from casus.api.cli.serve import serve
from casus.api.cli.support import FactsOpt, RulesOpt, bad_input, load_kb
from casus.engine.ask import ExplainLevel, ask
from casus.engine.errors import CasusError
from casus.engine.explanation.render import render_mermaid, render_text
from casus.engine.knowledge.kb import KnowledgeBase
from casus.engine.regression.compare import ask_each_interpretation
from rich.console import Console
from rich.table import Table

app = typer.Typer(
    help="casus: does an alliance treaty oblige a state to act? Answers with explanations.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)


class Format(StrEnum):
    text = "text"
    json = "json"
    mermaid = "mermaid"


def parse_date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise typer.BadParameter(f"{text!r} is not a date (YYYY-MM-DD)") from None


@app.command("ask")
def ask_cmd(
    query: Annotated[str, typer.Argument(help="e.g. must_assist(russia, armenia, csto, E)")],
    as_of: Annotated[
        str, typer.Option("--as-of", help="date the question is asked at (YYYY-MM-DD)")
    ] = dt.date.today().isoformat(),
    assume: Annotated[
        list[str] | None, typer.Option("--assume", help="a base fact to add (repeatable)")
    ] = None,
    retract: Annotated[
        list[str] | None, typer.Option("--retract", help="a base fact to remove (repeatable)")
    ] = None,
    interpretation: Annotated[
        list[str] | None,
        typer.Option("--interpretation", "-i", help="a named interpretation to apply"),
    ] = None,
    explain: Annotated[str, typer.Option(help="none, summary or full")] = "full",
    each_interpretation: Annotated[
        bool,
        typer.Option(
            "--each-interpretation",
            help="answer under the treaty text and under every named interpretation",
        ),
    ] = False,
    fmt: Annotated[Format, typer.Option("--format", "-f")] = Format.text,
    rules: RulesOpt = None,
    facts: FactsOpt = None,
    include_unreviewed: Annotated[
        bool, typer.Option(help="also use extracted facts nobody has reviewed yet")
    ] = False,
) -> None:
    """Answer a question as of a date, optionally under a what-if scenario."""
    if explain not in ("none", "summary", "full"):
        raise typer.BadParameter("--explain must be none, summary or full")
    level: ExplainLevel = explain  # type: ignore[assignment]
    day = parse_date(as_of)
    kb = load_kb(rules, facts, include_unreviewed)
    if each_interpretation:
        compare(kb, query, day, assume or [], retract or [], fmt)
        return
    try:
        answer = ask(kb, query, day, assume or [], retract or [], interpretation or [], level)
    except CasusError as exc:
        bad_input(exc)
    if fmt is Format.json:
        sys.stdout.write(answer.model_dump_json(indent=2) + "\n")
    elif fmt is Format.mermaid:
        sys.stdout.write(render_mermaid(answer))
    else:
        sys.stdout.write(render_text(answer))


def compare(
    kb: KnowledgeBase,
    query: str,
    day: dt.date,
    assume: list[str],
    retract: list[str],
    fmt: Format,
) -> None:
    """Print the verdict under the text and under each interpretation, side by side."""
    try:
        results = ask_each_interpretation(kb, query, day, assume, retract)
    except CasusError as exc:
        bad_input(exc)
    if fmt is Format.json:
        payload = [
            {"interpretation": name, "answer": answer.model_dump(mode="json")}
            for name, answer in results
        ]
        sys.stdout.write(json.dumps(payload, indent=2) + "\n")
        return
    table = Table(title=f"{query} as of {day.isoformat()}")
    table.add_column("interpretation")
    table.add_column("verdict")
    table.add_column("summary")
    for name, answer in results:
        table.add_row(name or "treaty text", "Yes" if answer.holds else "No", answer.summary)
    Console(soft_wrap=False).print(table)


@app.command("check")
def check_cmd(rules: RulesOpt = None, facts: FactsOpt = None) -> None:
    """Validate every rule and fact file; exit 2 with file:line:col messages on errors."""
    kb = load_kb(rules, facts)
    typer.echo(
        f"ok: {len(kb.decls)} predicates, {len(kb.rules)} rules, {kb.store.count} facts, "
        f"{len(kb.entities or {})} entities, {len(kb.sources)} sources "
        f"(rules {kb.rules_version}, facts {kb.facts_version})"
    )
    if kb.unverified_sources:
        typer.echo(
            f"quotes not verified: the texts of {len(kb.unverified_sources)} source(s) "
            f"({', '.join(kb.unverified_sources)}) are not in {kb.articles}; "
            "set CASUS_ARTICLES to the folder that holds them"
        )
    for record in kb.unreviewed:
        typer.echo(
            f"{record.loc}: unreviewed (extracted) fact {record.pred}"
            f"({', '.join(map(str, record.args))}); accept it with `casus review`"
        )


app.command("extract")(extract_cmd)
app.command("review")(review_cmd)


app.command("test")(run_cases_cmd)
app.command("diff")(diff_cmd)
app.command("serve")(serve)

if __name__ == "__main__":  # pragma: no cover
    app()
