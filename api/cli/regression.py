"""`casus test`: run YAML scenario cases, check or update golden explanations, rule coverage."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Annotated

import typer
from casus.api.cli.support import FactsOpt, RulesOpt, bad_input, err
from casus.engine.errors import CasusError
from casus.engine.knowledge.kb import KnowledgeBase
from casus.engine.language.keywords import keyword_matcher
from casus.engine.regression.cases import (
    CaseResult,
    GoldenMode,
    LoadedCase,
    check_case,
    find_case_files,
    load_cases,
)
from casus.engine.regression.coverage import Coverage
from casus.engine.regression.golden import stale_goldens
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn
from rich.table import Table

DEFAULT_CASES = Path("tests/scenarios")
out = Console(soft_wrap=True, highlight=False)


def _run(
    kb: KnowledgeBase, cases: list[LoadedCase], mode: GoldenMode
) -> list[tuple[LoadedCase, CaseResult]]:
    results = []
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        console=err,
        transient=True,
    ) as progress:
        task = progress.add_task("cases", total=len(cases))
        for loaded in cases:
            results.append((loaded, check_case(kb, loaded, mode)))
            progress.advance(task)
    return results


def _report_failure(loaded: LoadedCase, result: CaseResult) -> None:
    out.print(f"[bold red]FAIL[/] {loaded.location}: ", end="")
    out.print(loaded.case.name, markup=False)
    out.print(result.report() + "\n", markup=False)


def _summary(results: list[tuple[LoadedCase, CaseResult]], update: bool) -> Table:
    table = Table(title="Scenario cases")
    table.add_column("file")
    for name in ("cases", "passed", "failed", *(("goldens written",) if update else ())):
        table.add_column(name, justify="right")
    counts: dict[Path, Counter[str]] = {}
    for loaded, result in results:
        count = counts.setdefault(loaded.file, Counter())
        count["cases"] += 1
        count["passed" if result.passed else "failed"] += 1
        count["written"] += result.golden_written
    for file, count in counts.items():
        row = [str(file), *(str(count[k]) for k in ("cases", "passed", "failed"))]
        table.add_row(*row, *((str(count["written"]),) if update else ()))
    return table


def _coverage_table(coverage: Coverage) -> Table:
    table = Table(title="Rule coverage")
    table.add_column("rule", no_wrap=True)
    table.add_column("fired", justify="center")
    table.add_column("premises failed", justify="right")
    table.add_column("premises never failed")
    table.add_column("covered", justify="right")
    for rule_id, entry in coverage.rules.items():
        table.add_row(
            rule_id,
            "✓" if entry.fired else "✗",
            f"{sum(entry.failed)}/{len(entry.failed)}",
            ", ".join(str(i) for i in entry.unfailed()),
            f"{entry.covered}/{entry.items}",
        )
    return table


def _coverage_report(
    kb: KnowledgeBase, results: list[tuple[LoadedCase, CaseResult]], fail_under: float | None
) -> bool:
    """Print rule coverage; True when it is below `fail_under`."""
    cov = Coverage(kb.rules)
    for _, result in results:
        if result.answer is not None:
            cov.add(result.answer)
    out.print(_coverage_table(cov))
    never = cov.never_fired()
    out.print(f"rules never fired ({len(never)}): " + (", ".join(never) or "none"), markup=False)
    out.print(
        f"rule coverage {cov.percent:.1f}% = {cov.covered}/{cov.items} items covered "
        "(per rule: fired once + each premise failed once)"
    )
    if fail_under is not None and cov.percent < fail_under:
        out.print(f"[red]rule coverage {cov.percent:.1f}% is below --fail-under {fail_under}%[/]")
        return True
    return False


def run_cases_cmd(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(help="case files or directories (default: tests/scenarios)"),
    ] = None,
    keyword: Annotated[
        str | None,
        typer.Option(
            "-k", help="only cases whose file or name matches, e.g. 'armenia and not syunik'"
        ),
    ] = None,
    update: Annotated[
        bool, typer.Option("--update", help="(re)write each case's golden explanation")
    ] = False,
    coverage: Annotated[
        bool, typer.Option("--coverage", help="report which rules fired and which premises failed")
    ] = False,
    fail_under: Annotated[
        float | None,
        typer.Option(
            "--fail-under", help="exit 1 if rule coverage is below PERCENT (implies --coverage)"
        ),
    ] = None,
    rules: RulesOpt = None,
    facts: FactsOpt = None,
) -> None:
    """Run scenario cases; exit 0 if all pass, 1 on failures, 2 on bad input."""
    try:
        matcher = keyword_matcher(keyword or "")
        files = {path: load_cases(path) for path in find_case_files(paths or [DEFAULT_CASES])}
        kb = KnowledgeBase.load(rules, facts)
    except CasusError as exc:
        bad_input(exc)
    cases = [c for cs in files.values() for c in cs if matcher(f"{c.file} {c.case.name}")]
    if not cases:
        err.print("no cases selected")
        raise typer.Exit(2)
    results = _run(kb, cases, "update" if update else "check")
    for loaded, result in results:
        if not result.passed:
            _report_failure(loaded, result)
    if update:
        for file, all_cases in files.items():
            for stale in stale_goldens(file, [c.golden for c in all_cases]):
                stale.unlink()
                out.print(f"removed stale golden {stale}", markup=False)
    out.print(_summary(results, update))
    failed = sum(not r.passed for _, r in results)
    out.print(f"{len(results) - failed} passed, {failed} failed")
    below = (coverage or fail_under is not None) and _coverage_report(kb, results, fail_under)
    if failed or below:
        raise typer.Exit(1)
