"""What the `test` and `diff` commands share: knowledge-base options and bad-input exits."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, NoReturn

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
