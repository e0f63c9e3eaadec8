"""What the commands share: knowledge-base options, the output format, bad-input exits."""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, NoReturn

import typer
from casus.engine.errors import CasusError
from casus.engine.knowledge.kb import KnowledgeBase
from rich.console import Console

err = Console(stderr=True, soft_wrap=True)

RulesOpt = Annotated[
    Path | None, typer.Option("--rules", help="rules directory (default: the bundled rules/)")
]
FactsOpt = Annotated[
    Path | None, typer.Option("--facts", help="facts directory (default: the bundled facts/)")
]


class DataFormat(StrEnum):
    """How a command prints its data: for people (text) or for programs (json)."""

    text = "text"
    json = "json"


FormatOpt = Annotated[
    DataFormat, typer.Option("--format", "-f", help="text for people, json for programs")
]


def print_json(data: Any) -> None:
    """Write JSON data to stdout (messages and progress go to stderr)."""
    sys.stdout.write(json.dumps(data, indent=2, ensure_ascii=False) + "\n")


def bad_input(exc: CasusError) -> NoReturn:
    """Print located problems (never a traceback) and exit with status 2."""
    for problem in exc.problems:
        err.print(str(problem), markup=False, highlight=False)
    raise typer.Exit(2)


def load_kb(
    rules: Path | None, facts: Path | None, include_unreviewed: bool = False
) -> KnowledgeBase:
    """Load the knowledge base, or print its problems and exit with status 2."""
    try:
        return KnowledgeBase.load(rules, facts, include_unreviewed)
    except CasusError as exc:
        bad_input(exc)
