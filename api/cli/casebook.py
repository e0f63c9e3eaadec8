"""`casus casebook`: every real case under the treaty text and each interpretation, next to
what the allies did, with the overall figures."""

from __future__ import annotations

import sys
from enum import StrEnum
from typing import Annotated

import typer
from casus.api.cli.support import FactsOpt, RulesOpt, bad_input, load_kb
from casus.engine.errors import CasusError
from casus.engine.regression.casebook import TEXT, Casebook, CaseReport, casebook
from rich.console import Console
from rich.table import Table


class CasebookFormat(StrEnum):
    table = "table"
    json = "json"
    markdown = "markdown"


def _verdicts(report: CaseReport, name: str | None) -> str:
    reading = next((r for r in report.readings if r.interpretation == name), None)
    if reading is None:
        return "-"
    marks = "/".join("Yes" if v.holds else "No" for v in reading.verdicts)
    return f"{marks} {'✓' if reading.predicts else '✗'}"


def _happened(report: CaseReport) -> str:
    verdicts = report.readings[0].verdicts
    acted = "/".join("Yes" if v.happened else "No" for v in verdicts)
    kinds = ", ".join(sorted({o.kind for o in report.outcomes}))
    return f"{acted} ({kinds})"


def _figures_lines(book: Casebook) -> list[str]:
    f = book.figures
    lines = [
        f"cases: {f.cases}",
        f"treaty text predicts {f.text_predicts} of {f.cases}",
        *(f"  {q}: right in {n} cases" for q, n in f.text_by_question.items()),
        f"best single interpretation: {f.best_interpretation} predicts "
        f"{f.best_predicts} of {f.cases}",
    ]
    lines += [f"  {name}: {n} of {f.cases}" for name, n in f.by_interpretation.items()]
    lines.append(f"no reading predicts {len(f.unexplained)}: {', '.join(f.unexplained) or '-'}")
    return lines


def _markdown(book: Casebook, names: list[str]) -> str:
    head = ["case", "as of", "questions", "happened", TEXT, *names, "sources"]
    rows = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for r in book.cases:
        cells = [
            f"{r.treaty_label}: {r.event_label} (`{r.id}`)",
            r.as_of.isoformat(),
            "<br>".join(f"`{q}`" for q in r.questions),
            _happened(r),
            _verdicts(r, None),
            *(_verdicts(r, n) for n in names),
            "<br>".join(f"[{s.publisher or s.id}]({s.url})" if s.url else s.id for s in r.sources),
        ]
        rows.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
    return "\n".join([*rows, "", *(f"- {line}" for line in _figures_lines(book))]) + "\n"


def casebook_cmd(
    treaty: Annotated[
        str | None, typer.Option("--treaty", "-t", help="only the cases of this treaty")
    ] = None,
    fmt: Annotated[
        CasebookFormat, typer.Option("--format", "-f", help="table, json or markdown")
    ] = CasebookFormat.table,
    rules: RulesOpt = None,
    facts: FactsOpt = None,
) -> None:
    """Every real case: its questions, the verdict under the text and under each
    interpretation (Yes/No per question; ✓ where it predicts what happened), the outcome."""
    kb = load_kb(rules, facts)
    try:
        book = casebook(kb, treaty)
    except CasusError as exc:
        bad_input(exc)
    names = sorted({r.interpretation for c in book.cases for r in c.readings if r.interpretation})
    if fmt is CasebookFormat.json:
        sys.stdout.write(book.model_dump_json(indent=2) + "\n")
        return
    if fmt is CasebookFormat.markdown:
        sys.stdout.write(_markdown(book, names))
        return
    table = Table(title="casebook: verdicts (assist/consult) against what happened")
    for column in ("case", "as of", "happened", TEXT, *names, "sources"):
        table.add_column(column)
    for r in book.cases:
        table.add_row(
            r.id, r.as_of.isoformat(), _happened(r), _verdicts(r, None),
            *(_verdicts(r, n) for n in names), str(len(r.sources)),
        )
    console = Console(soft_wrap=False)
    console.print(table)
    console.print(book.definition)
    for line in _figures_lines(book):
        console.print(line, markup=False, highlight=False)
