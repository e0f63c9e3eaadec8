"""`casus test`: run YAML scenario cases, check or update golden explanations, rule coverage."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Annotated, Any

import typer
from casus.api.cli.support import (
    DataFormat,
    FactsOpt,
    FormatOpt,
    RulesOpt,
    bad_input,
    err,
    print_json,
)
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


def _coverage(kb: KnowledgeBase, results: list[tuple[LoadedCase, CaseResult]]) -> Coverage:
    cov = Coverage(kb.rules)
    for _, result in results:
        if result.answer is not None:
            cov.add(result.answer)
    return cov


def _coverage_report(cov: Coverage, fail_under: float | None, below: bool) -> None:
    """Print rule coverage, and whether it is below `fail_under`."""
    out.print(_coverage_table(cov))
    never = cov.never_fired()
    out.print(f"rules never fired ({len(never)}): " + (", ".join(never) or "none"), markup=False)
    out.print(
        f"rule coverage {cov.percent:.1f}% = {cov.covered}/{cov.items} items covered "
        "(per rule: fired once + each premise failed once)"
    )
    if below:
        out.print(f"[red]rule coverage {cov.percent:.1f}% is below --fail-under {fail_under}%[/]")


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
    fmt: FormatOpt = DataFormat.text,
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
    removed = []
    if update:
        for file, all_cases in files.items():
            removed += stale_goldens(file, [c.golden for c in all_cases])
    for stale in removed:
        stale.unlink()
    failed = sum(not r.passed for _, r in results)
    cov = _coverage(kb, results) if coverage or fail_under is not None else None
    below = cov is not None and fail_under is not None and cov.percent < fail_under
    if fmt is DataFormat.json:
        print_json(_json_report(results, removed, cov, failed))
    else:
        for loaded, result in results:
            if not result.passed:
                _report_failure(loaded, result)
        for stale in removed:
            out.print(f"removed stale golden {stale}", markup=False)
        out.print(_summary(results, update))
        out.print(f"{len(results) - failed} passed, {failed} failed")
        if cov is not None:
            _coverage_report(cov, fail_under, below)
    if failed or below:
        raise typer.Exit(1)


def _json_report(
    results: list[tuple[LoadedCase, CaseResult]],
    removed: list[Path],
    cov: Coverage | None,
    failed: int,
) -> dict[str, Any]:
    """`casus test --format json`: per case its outcome and, for a failure, why."""
    return {
        "passed": len(results) - failed,
        "failed": failed,
        "cases": [
            {
                "file": str(loaded.file),
                "name": loaded.case.name,
                "location": str(loaded.location),
                "passed": result.passed,
                "golden_written": result.golden_written,
                **({} if result.passed else {"report": result.report()}),
            }
            for loaded, result in results
        ],
        "removed_goldens": [str(p) for p in removed],
        **(
            {}
            if cov is None
            else {
                "coverage": {
                    "percent": round(cov.percent, 1),
                    "covered": cov.covered,
                    "items": cov.items,
                    "never_fired": cov.never_fired(),
                }
            }
        ),
    }
