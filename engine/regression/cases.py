"""Regression cases: YAML files of {name, as_of, assume, retract, ask, expect, because}."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from pydantic import Field

from ..ask import ask
from ..errors import CasusError, Location
from ..explanation.answer import Answer
from ..knowledge.facts import _Model, _validate, file_entries
from ..knowledge.kb import KnowledgeBase
from ..language.syntax import parse_query
from .golden import (
    STABLE_LIMITS,
    compare_golden,
    golden_paths,
    stable_text,
    write_golden,
)


class Case(_Model):
    """One scenario question with its expected verdict and what the explanation must cite."""

    name: str
    as_of: dt.date
    ask: str
    expect: Literal["yes", "no"]
    assume: list[str] = Field(default_factory=list)
    retract: list[str] = Field(default_factory=list)
    interpretations: list[str] = Field(default_factory=list)
    answers: list[str] | None = Field(
        default=None, description="for questions with variables: the exact answer atoms"
    )
    because: list[str] = Field(
        default_factory=list, description="rule ids or atoms the explanation must mention"
    )


GoldenMode = Literal["check", "update", "ignore"]


@dataclass
class LoadedCase:
    """A case with where it was read from and where its golden explanation lives."""

    case: Case
    location: Location
    file: Path
    golden: Path


@dataclass
class CaseResult:
    """The outcome of one case: the answer and every way it differed from the expectation."""

    case: Case
    answer: Answer | None
    failures: list[str] = field(default_factory=list)
    golden_problem: str | None = None
    golden_written: bool = False

    @property
    def passed(self) -> bool:
        return not self.failures and self.golden_problem is None

    def report(self) -> str:
        """Why the case failed: the differences (with the explanation behind a wrong answer)
        and the diff from its golden explanation."""
        lines = list(self.failures)
        if self.failures and self.answer is not None:
            lines += ["Explanation:", stable_text(self.answer).rstrip("\n")]
        if self.golden_problem is not None:
            lines.append(self.golden_problem.rstrip("\n"))
        return "\n".join(lines)


def load_cases(path: Path) -> list[LoadedCase]:
    """Read a case file; each entry keeps its file:line; names must be unique in the file."""
    entries = [
        (_validate(Case, e.item, path, e.loc), e.loc) for e in file_entries(path)
    ]
    first: dict[str, Location] = {}
    for case, loc in entries:
        if case.name in first:
            raise CasusError.single(
                "duplicate-case",
                f"case {case.name!r} is already defined at {first[case.name]}",
                loc,
            )
        first[case.name] = loc
    goldens = golden_paths(path, [case.name for case, _ in entries])
    return [LoadedCase(case, loc, path, goldens[case.name]) for case, loc in entries]


def find_case_files(paths: Sequence[Path]) -> list[Path]:
    """The case files named by `paths`: YAML files as given, and every *.yaml under directories."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files += sorted(path.rglob("*.yaml"))
        elif path.is_file():
            files.append(path)
        else:
            raise CasusError.single(
                "no-such-path", f"no such file or directory: {path}", Location(str(path))
            )
    return list(dict.fromkeys(files))


def _normalize(mention: str) -> str:
    """Atoms are compared in their printed form, so `p(a,b)` matches `p(a, b)`."""
    try:
        return str(parse_query(mention))
    except CasusError:
        return mention


def run_case(kb: KnowledgeBase, case: Case) -> CaseResult:
    """Ask the case's question and compare verdict, answers and cited rules or atoms."""
    try:
        answer = ask(
            kb,
            case.ask,
            case.as_of,
            case.assume,
            case.retract,
            case.interpretations,
            "full",
            STABLE_LIMITS,
        )
    except CasusError as exc:
        return CaseResult(case, None, [f"the question was rejected: {exc}"])
    failures: list[str] = []
    verdict = "yes" if answer.holds else "no"
    if verdict != case.expect:
        failures.append(f"expected {case.expect}, got {verdict}: {answer.summary}")
    if case.answers is not None:
        expected = sorted(_normalize(a) for a in case.answers)
        actual = sorted(item.atom for item in answer.answers)
        if expected != actual:
            failures.append(f"expected answers {expected}, got {actual}")
    explanation = answer.model_dump_json()
    for mention in case.because:
        wanted = _normalize(mention)
        if wanted not in explanation:
            failures.append(f"the explanation does not mention {wanted}")
    return CaseResult(case, answer, failures)


def check_case(kb: KnowledgeBase, loaded: LoadedCase, goldens: GoldenMode = "check") -> CaseResult:
    """Run a case, then compare its explanation with its golden file or (re)write that file."""
    result = run_case(kb, loaded.case)
    if result.answer is None or goldens == "ignore":
        return result
    text = stable_text(result.answer)
    if goldens == "update":
        result.golden_written = write_golden(loaded.golden, text)
    else:
        result.golden_problem = compare_golden(loaded.golden, text)
    return result
